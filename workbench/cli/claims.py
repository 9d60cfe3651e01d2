"""Commands on claims: mark one, list them, link one to a source."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import Any

from workbench import ops
from workbench.cli.common import EXIT_OK, Adder, add_group, open_project, print_json
from workbench.store.queries import get_claim, list_claims
from workbench.store.schema import RELATIONS


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
    if args.json:
        print_json(claim_dict(claim))
    else:
        print(claim.id)
    return EXIT_OK


def cmd_claims(args: argparse.Namespace) -> int:
    with open_project(args.project, read_only=True) as project:
        if args.article:
            from workbench.store.queries import get_article

            get_article(project, args.article)  # an unknown id is an error, not an empty list
        claims = list_claims(project, args.article)
    if args.json:
        print_json([claim_dict(c) for c in claims])
    else:
        for c in claims:
            tags = ", ".join(t.name for t in c.tags)
            orphan = "" if c.anchored else "  (ORPHAN: quote not found in article)"
            print(f"{c.id}  “{c.exact}” — {c.speaker or 'unknown speaker'}  [{c.status}"
                  f"{'; ' + c.verdict if c.verdict else ''}{'; ' + tags if tags else ''}]{orphan}")
    return EXIT_OK


def cmd_link(args: argparse.Namespace) -> int:
    from workbench.store.queries_sources import get_link

    with open_project(args.project) as project:
        changes = ops.link_source(project, claim_id=args.claim, source_id=args.source, relation=args.relation,
                                  excerpt=args.excerpt or "", locator=args.locator or "", note=args.note or "")
        link = get_link(project, changes.created("claim_sources")[0])
    if args.json:
        print_json(asdict(link))
    else:
        print(link.id)
    return EXIT_OK


def register(add: Adder) -> None:
    """Add this module's commands to the ``workbench`` parser."""
    claim_sub = add_group(add, "claim", "Work with claims (see 'claim add').")
    pa = claim_sub.add_parser("add", help="Mark a quoted claim in an article.",
                              description="Mark a quoted claim in an article by its exact words.")
    pa.set_defaults(func=cmd_claim_add)
    pa.add_argument("project", metavar="PROJECT")
    pa.add_argument("--article", required=True, metavar="ID", help="article id (see 'workbench articles')")
    pa.add_argument("--quote", required=True, metavar="TEXT", help="the exact words as they appear in the text")
    pa.add_argument("--occurrence", type=int, default=1, metavar="N",
                    help="which appearance of the quote to mark when it occurs several times (default 1)")
    pa.add_argument("--speaker", metavar="NAME")
    pa.add_argument("--tag", action="append", metavar="TAG", help="a tag name (repeatable; created if new)")
    pa.add_argument("--status", metavar="STATUS", help="To check, In progress, Checked or Published")
    pa.add_argument("--verdict", metavar="VERDICT", help="a verdict from the project's scale, e.g. 'Mostly true'")
    pa.add_argument("--note", metavar="TEXT")
    pa.add_argument("--json", action="store_true", help="print the new claim as JSON")

    p = add("claims", cmd_claims, "List claims of a project or of one article.")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--article", metavar="ID")
    p.add_argument("--json", action="store_true")

    p = add("link", cmd_link, "Link a claim to a source that supports it, refutes it or gives context.")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--claim", required=True, metavar="ID", help="claim id (see 'workbench claims')")
    p.add_argument("--source", required=True, metavar="ID", help="source id (see 'workbench sources')")
    p.add_argument("--relation", required=True, choices=RELATIONS)
    p.add_argument("--excerpt", metavar="TEXT", help="the passage of the source that matters")
    p.add_argument("--locator", metavar="TEXT", help="where it is: page, timestamp, paragraph")
    p.add_argument("--note", metavar="TEXT")
    p.add_argument("--json", action="store_true", help="print the new link as JSON")

