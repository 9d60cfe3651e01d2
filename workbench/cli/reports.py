"""Commands that read across a project: search it, export it."""

from __future__ import annotations

import argparse
import sys

from workbench.cli.common import EXIT_OK, Adder, add_json_arg, open_project, print_json, write_output


def cmd_search(args: argparse.Namespace) -> int:
    from workbench.store.search import group_hits, marked_text, search

    with open_project(args.project, read_only=True) as project:
        hits = search(project, args.query, kinds=args.kind, tag=args.tag, status=args.status,
                      verdict=args.verdict, speaker=args.speaker, date_from=args.date_from,
                      date_to=args.date_to, outlet=args.outlet, limit=args.limit)
    if args.json:
        print_json([{"kind": h.kind, "article_id": h.article_id, "claim_id": h.claim_id,
                      "source_id": h.source_id, "title": h.title, "article_title": h.article_title,
                      "snippet": marked_text(h.snippet), "start": h.start, "end": h.end} for h in hits])
        return EXIT_OK
    for group in group_hits(hits):
        print(group.title if group.article_id is None else f"{group.title}  ({group.article_id})")
        for h in group.hits:
            where = f"  [{h.start}-{h.end}]" if h.kind == "article" and h.start is not None else ""
            name = {"article": "article", "claim": f"claim {h.claim_id}", "source": f"source {h.source_id}"}
            print(f"  {name[h.kind]}{where}  {marked_text(h.snippet)}")
    if not hits:
        print("No matches.", file=sys.stderr)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from workbench.export import ExportOptions, export_pieces

    options = ExportOptions(
        article_ids=tuple(args.article or ()),
        tags=tuple(args.tag or ()),
        statuses=tuple(args.status or ()),
        verdicts=tuple(args.verdict or ()),
        private_notes=not args.no_private_notes,
        full_text=not args.excerpts_only,
        template=args.template,
        all_articles=args.all_articles,
        people=args.people,
    )
    with open_project(args.project, read_only=True) as project:
        # Written piece by piece as it is made: a big project's export is never held whole (export.stream).
        write_output(export_pieces(project, args.format, options), args.output)
    return EXIT_OK


def register(add: Adder) -> None:
    """Add this module's commands to the ``workbench`` parser."""
    p = add("search", cmd_search, "Find words across articles, claims, notes and sources (and their files).",
            epilog='Words are all required; "a phrase" keeps words together; mil* matches words '
                   "beginning with mil; AND, OR, NOT (in capitals) and parentheses combine them. Case and "
                   "accents are ignored. Matches are shown between « and ».")
    p.add_argument("query", metavar="QUERY")
    p.add_argument("--kind", action="append", choices=["article", "claim", "source"],
                   help="only this kind of result (repeatable)")
    for flag, metavar, which in (("--tag", "TAG", "with this tag"), ("--status", "STATUS", "with this status"),
                                 ("--verdict", "VERDICT", "with this verdict"),
                                 ("--speaker", "NAME", "by this speaker")):
        p.add_argument(flag, metavar=metavar, help=f"only what relates to claims {which}")
    p.add_argument("--from", dest="date_from", metavar="DATE",
                   help="only articles published on or after DATE (YYYY-MM-DD, YYYY-MM or YYYY)")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="only articles published on or before DATE")
    p.add_argument("--outlet", metavar="OUTLET", help="only articles from this outlet")
    p.add_argument("--limit", type=int, default=200, metavar="N", help="at most N results of each kind (default 200)")
    add_json_arg(p, "print the results as JSON")

    from workbench.export import FORMATS

    p = add("export", cmd_export, "Export a project: an annotated report for an editor, or data files.",
            epilog="Filters of one kind are alternatives (--tag A --tag B: either tag); different kinds must "
                   "all hold. Formats: " + "; ".join(f"{k}: {f.label}" for k, f in FORMATS.items()) + ".")
    p.add_argument("--format", required=True, choices=list(FORMATS), help="output format")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    p.add_argument("--article", action="append", metavar="ID", help="only this article (repeatable)")
    p.add_argument("--tag", action="append", metavar="TAG", help="only claims with this tag (repeatable)")
    p.add_argument("--status", action="append", metavar="STATUS", help="only claims with this status (repeatable)")
    p.add_argument("--verdict", action="append", metavar="VERDICT",
                   help="only claims with this verdict (repeatable; '' for claims without one)")
    p.add_argument("--no-private-notes", action="store_true", help="leave out claims' private notes")
    p.add_argument("--excerpts-only", action="store_true",
                   help="show each claim in a short excerpt instead of the articles' full text")
    p.add_argument("--all-articles", action="store_true",
                   help="also show articles none of whose claims is selected (left out by default)")
    p.add_argument("--people", action=argparse.BooleanOptionalAction, default=None,
                   help="name who rated each claim and who reviewed its verdict (default: when the project "
                   "requires review)")
    p.add_argument("--template", metavar="FILE",
                   help="a report template to use instead of the bundled one (markdown and html)")

