"""``workbench history``: who changed what, when, old → new, for a whole project or one claim (with its
tags, source links, reviews and corrections), including changes a merge brought from another copy."""

from __future__ import annotations

import argparse
from typing import Any

from workbench.cli.common import EXIT_OK, Adder, add_json_arg, open_project, print_json
from workbench.core.errors import NotFoundError


def _value(value: Any) -> str:
    if value is None or value == "":
        return "—"
    text = " ".join(str(value).split())
    return f"“{text if len(text) <= 60 else text[:59] + '…'}”"


def describe(entry: Any) -> str:
    """One line of the plain-text history."""
    from workbench.store.queries_history import KINDS

    kind = KINDS.get(entry.table, entry.table)
    row = f"{kind} {entry.what}".strip()
    if entry.action == "update":
        change = f"{row}: {entry.field} {_value(entry.old)} → {_value(entry.new)}"
    elif entry.action == "insert":
        change = f"added {row}"
    elif entry.action == "delete":
        change = f"deleted {row}"
    else:
        lost = "; ".join(f"{col}: kept {_value(v.get('kept'))}, not {_value(v.get('other'))}"
                         for col, v in entry.conflicts.items() if isinstance(v, dict))
        change = f"merged {row}" + (f" (conflict: {lost})" if lost else "")
    source = f"  [from {entry.merged_from}]" if entry.merged_from and entry.action != "merge" else ""
    return f"{entry.at[:16].replace('T', ' ')}  {entry.author or '?'}  {change}{source}"


def cmd_history(args: argparse.Namespace) -> int:
    from workbench.store.queries_history import folded, history

    with open_project(args.project, read_only=True) as project:
        entries = history(project, claim_id=args.claim)
        if args.claim and not entries and project.row("claims", args.claim) is None:
            raise NotFoundError(f"There is no claim with id {args.claim} in this project, nor in its history.")
    if args.json:
        print_json([e.to_dict() for e in entries])
    else:
        for e in entries:
            if not folded(e):
                print(describe(e))
    return EXIT_OK


def register(add: Adder) -> None:
    """Add this module's commands to the ``workbench`` parser."""
    p = add("history", cmd_history, "Who changed what, when (old → new), oldest first: the whole project or one "
            "claim, with changes merged from other copies.")
    p.add_argument("--claim", metavar="ID", help="only this claim (also one since deleted), its tags, source links, "
                   "reviews and corrections")
    add_json_arg(p, "print a list of {at, author, field, old, new, action, table, row_id, op, what, claim_id, "
                    "merged_from}")
