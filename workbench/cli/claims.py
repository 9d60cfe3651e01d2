"""Commands on claims: mark one, edit or delete it, list them, link one to a source or unlink it."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import Any

from workbench import ops
from workbench.cli.common import (
    Adder,
    Group,
    add_json_arg,
    deleted_summary,
    open_project,
    print_result,
    print_rows,
)
from workbench.store.queries import get_claim, list_claims
from workbench.store.queries_sources import claim_links
from workbench.store.schema import RELATIONS

CLAIM_ID = "claim id (see 'workbench claims')"


def claim_dict(claim: Any) -> dict[str, Any]:
    d = asdict(claim)
    d["tags"] = [t.name for t in claim.tags]
    return d


def cmd_claim_add(args: argparse.Namespace) -> int:
    with open_project(args.project) as project:
        changes = ops.add_claim(
            project,
            article_id=args.article,
            quote=args.quote,
            occurrence=args.occurrence,
            speaker=args.speaker or "",
            tags=args.tag or (),
            status=args.status or "To check",
            verdict=args.verdict or "",
            note=args.note or "",
        )
        claim = get_claim(project, changes.created("claims")[0])
    return print_result(args.json, claim_dict(claim), claim.id)


def claim_extras(project: Any, claim_id: str) -> dict[str, Any]:
    """What ``claim edit --json`` adds to a claim: its source links, the review of its verdict, its
    corrections."""
    from workbench.store.queries_review import list_corrections, review_state

    state = review_state(project, claim_id)
    return {"links": [asdict(link) for link in claim_links(project, claim_id)],
            "review": state.to_dict() if state else None,
            "corrections": [c.to_dict() for c in list_corrections(project, claim_id)]}


def _move_quote(project: Any, args: argparse.Namespace, fields: dict[str, Any]) -> None:
    """``claim edit --quote``: the claim marks other words of its article (a word more, a word less)."""
    from workbench.core.errors import ValidationError
    from workbench.ops.claims import find_quote
    from workbench.store.queries import article_text

    if any(v is not None for v in fields.values()) or args.tag or args.untag:
        raise ValidationError("--quote moves the claim to other words and goes alone (with --correction for a "
                              "published claim); change the other fields in a second command.")
    claim = get_claim(project, args.id)
    start, end = find_quote(article_text(project, claim.article_id), args.quote, args.occurrence)
    extra = {} if args.correction is None else {"correction": args.correction}
    ops.adjust_claim_extent(project, claim_id=args.id, start=start, end=end, **extra)


def cmd_claim_edit(args: argparse.Namespace) -> int:
    from workbench.ops.base import UNSET

    fields = {name: getattr(args, name) for name in ("speaker", "status", "verdict", "note", "private_note")}
    values = {name: UNSET if value is None else value for name, value in fields.items()}
    with open_project(args.project) as project:
        if args.quote is not None:
            _move_quote(project, args, fields)
        else:
            if args.correction is not None:
                values["correction"] = args.correction
            ops.update_claim(project, claim_id=args.id, **values, add_tags=args.tag or (),
                             remove_tags=args.untag or ())
        claim = get_claim(project, args.id)
        extra = claim_extras(project, args.id)
    return print_result(args.json, {**claim_dict(claim), **extra}, claim.id)


def _claim_line(c: Any) -> str:
    tags = ", ".join(t.name for t in c.tags)
    orphan = "" if c.anchored else "  (ORPHAN: quote not found in article)"
    return (f"{c.id}  “{c.exact}” — {c.speaker or 'unknown speaker'}  [{c.status}"
            f"{'; ' + c.verdict if c.verdict else ''}{'; ' + tags if tags else ''}]{orphan}")


def cmd_claims(args: argparse.Namespace) -> int:
    with open_project(args.project, read_only=True) as project:
        if args.article:
            from workbench.store.queries import get_article

            get_article(project, args.article)  # an unknown id is an error, not an empty list
        claims = list_claims(project, args.article)
    return print_rows(args.json, claims, claim_dict, _claim_line)


def cmd_link(args: argparse.Namespace) -> int:
    from workbench.store.queries_sources import get_link

    with open_project(args.project) as project:
        changes = ops.link_source(project, claim_id=args.claim, source_id=args.source, relation=args.relation,
                                  excerpt=args.excerpt or "", locator=args.locator or "", note=args.note or "")
        link = get_link(project, changes.created("claim_sources")[0])
    return print_result(args.json, asdict(link), link.id)


def cmd_link_edit(args: argparse.Namespace) -> int:
    from workbench.store.queries_sources import get_link

    values = {k: getattr(args, k) for k in ("relation", "excerpt", "locator", "note") if getattr(args, k) is not None}
    with open_project(args.project) as project:
        ops.update_link(project, link_id=args.link, **values)
        link = get_link(project, args.link)
    return print_result(args.json, asdict(link), link.id)


def cmd_unlink(args: argparse.Namespace) -> int:
    from workbench.core.errors import NotFoundError, ValidationError

    with open_project(args.project) as project:
        if args.link:
            if args.claim or args.source:
                raise ValidationError("Give either a link id or --claim and --source, not both.")
            ids = [args.link]
        elif args.claim and args.source:
            get_claim(project, args.claim)  # an unknown claim is named as such
            ids = [link.id for link in claim_links(project, args.claim) if link.source_id == args.source]
            if not ids:
                raise NotFoundError(f"Claim {args.claim} is not linked to a source with id {args.source}.")
        else:
            raise ValidationError("Say which link to remove: its id (see 'workbench claim edit --json' or "
                                  "'workbench link --json'), or --claim and --source.")
        changes = [ops.delete_link(project, link_id=link_id) for link_id in ids]
    return deleted_summary(changes, "claim_sources", ", ".join(ids), args.json)


def register(add: Adder) -> None:
    """Add this module's commands to the ``workbench`` parser."""
    claim = Group(add, "claim", "Work with claims: add, edit, delete.")
    pa = claim.action("add", cmd_claim_add, "Mark a quoted claim in an article.",
                      "Mark a quoted claim in an article by its exact words.")
    pa.add_argument("--article", required=True, metavar="ID", help="article id (see 'workbench articles')")
    pa.add_argument("--quote", required=True, metavar="TEXT", help="the exact words as they appear in the text")
    pa.add_argument("--occurrence", type=int, default=1, metavar="N",
                    help="which appearance of the quote to mark when it occurs several times (default 1)")
    pa.add_argument("--speaker", metavar="NAME")
    pa.add_argument("--tag", action="append", metavar="TAG", help="a tag name (repeatable; created if new)")
    pa.add_argument("--status", metavar="STATUS", help="To check, In progress, Checked or Published")
    pa.add_argument("--verdict", metavar="VERDICT", help="a verdict from the project's scale, e.g. 'Mostly true'")
    pa.add_argument("--note", metavar="TEXT")
    add_json_arg(pa, "print the new claim as JSON")

    pe = claim.action("edit", cmd_claim_edit,
                      "Change what is known about a claim (speaker, status, verdict, notes, tags).",
                      "Change what is known about a claim; fields not given stay as they are. Everything is one "
                      "step: when one value is refused, nothing is changed.", id_help=CLAIM_ID)
    pe.add_argument("--speaker", metavar="NAME", help="who said it ('' for unknown)")
    pe.add_argument("--status", metavar="STATUS", help="To check, In progress, Checked or Published")
    pe.add_argument("--verdict", metavar="VERDICT", help="a verdict from the project's scale ('' for none)")
    pe.add_argument("--note", metavar="TEXT", help="the note for the report (Markdown; replaces the old one)")
    pe.add_argument("--private-note", metavar="TEXT", help="the private note (replaces the old one)")
    pe.add_argument("--tag", action="append", metavar="TAG", help="put a tag on the claim (repeatable; created if new)")
    pe.add_argument("--untag", action="append", metavar="TAG", help="take a tag off the claim (name or id; repeatable)")
    pe.add_argument("--quote", metavar="TEXT",
                    help="mark these exact words of the article instead (adjust the claim's extent; given alone)")
    pe.add_argument("--occurrence", type=int, default=1, metavar="N",
                    help="with --quote: which appearance of the words (default 1)")
    pe.add_argument("--correction", metavar="TEXT",
                    help="the correction note a published claim needs when its verdict or speaker changes "
                    "(kept in the corrections log; see 'workbench corrections')")
    add_json_arg(pe, "print the claim as JSON, with its links, the review of its verdict and its corrections")

    claim.delete_action(ops.delete_claim, "claim_id", "claims", "Delete a claim with its tags and source links.",
                        "Delete a claim with its tags and source links (the sources stay).", CLAIM_ID)

    p = add("claims", cmd_claims, "List claims of a project or of one article.")
    p.add_argument("--article", metavar="ID")
    add_json_arg(p)

    p = add("link", cmd_link, "Link a claim to a source that supports it, refutes it or gives context.")
    p.add_argument("--claim", required=True, metavar="ID", help=CLAIM_ID)
    p.add_argument("--source", required=True, metavar="ID", help="source id (see 'workbench sources')")
    p.add_argument("--relation", required=True, choices=RELATIONS)
    p.add_argument("--excerpt", metavar="TEXT", help="the passage of the source that matters")
    p.add_argument("--locator", metavar="TEXT", help="where it is: page, timestamp, paragraph")
    p.add_argument("--note", metavar="TEXT")
    add_json_arg(p, "print the new link as JSON")


    p = add("unlink", cmd_unlink, "Remove a link between a claim and a source (the source stays in the library).")
    p.add_argument("link", metavar="LINK", nargs="?", help="link id (see 'workbench claim edit ID --json')")
    p.add_argument("--claim", metavar="ID", help="with --source: remove every link between this claim and the source")
    p.add_argument("--source", metavar="ID")
    add_json_arg(p, "print what was removed as JSON")

    p = add("link-edit", cmd_link_edit, "Change how a linked source bears on its claim: relation, excerpt, locator, "
            "note.")
    p.add_argument("link", metavar="LINK", help="link id (see 'workbench claim edit ID --json')")
    p.add_argument("--relation", choices=RELATIONS)
    p.add_argument("--excerpt", metavar="TEXT")
    p.add_argument("--locator", metavar="TEXT")
    p.add_argument("--note", metavar="TEXT")
    add_json_arg(p, "print the link as JSON")
