"""Commands on the project's library of sources."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from workbench import ops
from workbench.cli.common import EXIT_OK, Adder, add_group, open_project, print_json
from workbench.store.schema import SOURCE_KINDS


def cmd_source_add(args: argparse.Namespace) -> int:
    from workbench.store.queries_sources import get_source

    with open_project(args.project) as project:
        changes = ops.add_source(
            project,
            title=args.title,
            kind=args.kind or "document",
            url=args.url or "",
            publisher=args.publisher or "",
            published=args.published or "",
            accessed=args.accessed,
            reliability=args.reliability or "",
            notes=args.notes or "",
            files=args.file or (),
        )
        source = get_source(project, changes.created("sources")[0])
    if args.json:
        print_json(asdict(source))
    else:
        print(source.id)
    return EXIT_OK


def cmd_sources(args: argparse.Namespace) -> int:
    from workbench.store.queries_sources import list_sources

    with open_project(args.project, read_only=True) as project:
        sources = list_sources(project)
    if args.json:
        print_json([asdict(s) for s in sources])
    else:
        for s in sources:
            files = f", {len(s.files)} file(s)" if s.files else ""
            print(f"{s.id}  {s.title}  [{s.kind}{'; ' + s.publisher if s.publisher else ''}]  "
                  f"used by {s.claim_count} claim(s){files}")
    return EXIT_OK


def register(add: Adder) -> None:
    """Add this module's commands to the ``workbench`` parser."""
    source_sub = add_group(add, "source", "Work with sources (see 'source add').")
    ps = source_sub.add_parser("add", help="Add a source to the project's library.",
                               description="Add a source (a document, web page, dataset...) to the library.")
    ps.set_defaults(func=cmd_source_add)
    ps.add_argument("project", metavar="PROJECT")
    ps.add_argument("--title", required=True, metavar="TEXT")
    ps.add_argument("--kind", metavar="KIND", help=f"one of: {', '.join(SOURCE_KINDS)} (default: document)")
    ps.add_argument("--url", metavar="URL")
    ps.add_argument("--publisher", metavar="NAME")
    ps.add_argument("--published", metavar="DATE", help="YYYY-MM-DD, YYYY-MM or YYYY")
    ps.add_argument("--accessed", metavar="DATE", help="when you consulted it (default: today)")
    ps.add_argument("--reliability", metavar="TEXT", help="e.g. High, Medium, Low")
    ps.add_argument("--notes", metavar="TEXT", help="notes (Markdown)")
    ps.add_argument("--file", action="append", metavar="PATH",
                    help="attach a file, stored inside the project (repeatable; at most 50 MB each)")
    ps.add_argument("--json", action="store_true", help="print the new source as JSON")

    p = add("sources", cmd_sources, "List the sources of a project, with how many claims use each.")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--json", action="store_true")

