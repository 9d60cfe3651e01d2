"""The ``workbench`` command line: the same operations as the window, for scripts and tests. No Qt.

Exit status: 0 on success, 1 with a one-line message on stderr when the user asked for something that
cannot be done (a refused file, an unknown id, a bad value), 2 for a malformed command line.
``--json`` output is a single JSON document on stdout and nothing else.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from workbench import __version__, ops
from workbench.core.errors import WorkbenchError
from workbench.store import Project
from workbench.store.queries import get_claim, list_articles, list_claims
from workbench.store.schema import RELATIONS, SOURCE_KINDS

EXIT_OK, EXIT_USER_ERROR, EXIT_USAGE = 0, 1, 2


def _print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def _open(path: str, *, read_only: bool = False) -> Project:
    # Commands that only read open read-only: they take no lock, so they work while a window edits the file.
    return Project.open(path, read_only=read_only)


# -- commands ------------------------------------------------------------------------------------------


def cmd_new(args: argparse.Namespace) -> int:
    if args.sample:
        from workbench.ops.sample import create_sample_project

        project = create_sample_project(args.project)
        if args.title:
            ops.set_project_title(project, title=args.title)
    else:
        project = Project.create(args.project, title=args.title or "")
    with project:
        print(f"Created {project.path} ({project.title})")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from workbench.importers import import_file

    failures = 0
    created: list[dict[str, Any]] = []
    with _open(args.project) as project:
        for name in args.files:
            try:
                article = import_file(name)
                duplicate = ops.find_duplicate(project, article)
                if duplicate and not args.allow_duplicates:
                    print(f"{Path(name).name}: already in the project (article {duplicate}); skipped. "
                          "Use --allow-duplicates to import it again.", file=sys.stderr)
                    continue
                keep = ops.keeps_original_by_default(article) if args.keep_original is None else args.keep_original
                original = Path(name).read_bytes() if keep else None
                article_id = ops.add_article(project, article=article, original=original).created("articles")[0]
            except WorkbenchError as exc:
                failures += 1
                print(str(exc), file=sys.stderr)
                continue
            except OSError as exc:  # the file vanished or became unreadable after it was parsed
                failures += 1
                print(f"{Path(name).name}: cannot be read ({exc.strerror or exc}).", file=sys.stderr)
                continue
            for warning in article.warnings:
                print(f"warning: {warning}", file=sys.stderr)
            created.append({
                "id": article_id,
                "title": article.title,
                "outlet": article.outlet,
                "published": article.published,
                "source_file": article.source_file,
                "characters": len(article.text),
                "original_kept": original is not None,
                "warnings": article.warnings,
            })
            if not args.json:
                print(f"{article_id}  {article.title}  ({len(article.text):,} characters)")
    if args.json:
        _print_json(created)
    return EXIT_USER_ERROR if failures else EXIT_OK


def cmd_articles(args: argparse.Namespace) -> int:
    with _open(args.project, read_only=True) as project:
        articles = list_articles(project)
    if args.json:
        _print_json([asdict(a) for a in articles])
    else:
        for a in articles:
            print(f"{a.id}  {a.title}  [{a.outlet or '-'} {a.published or '-'}]  {a.claim_count} claim(s)")
    return EXIT_OK


def _claim_dict(claim: Any) -> dict[str, Any]:
    d = asdict(claim)
    d["tags"] = [t.name for t in claim.tags]
    return d


def cmd_claim_add(args: argparse.Namespace) -> int:
    with _open(args.project) as project:
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
        _print_json(_claim_dict(claim))
    else:
        print(claim.id)
    return EXIT_OK


def cmd_claims(args: argparse.Namespace) -> int:
    with _open(args.project, read_only=True) as project:
        if args.article:
            from workbench.store.queries import get_article

            get_article(project, args.article)  # an unknown id is an error, not an empty list
        claims = list_claims(project, args.article)
    if args.json:
        _print_json([_claim_dict(c) for c in claims])
    else:
        for c in claims:
            tags = ", ".join(t.name for t in c.tags)
            orphan = "" if c.anchored else "  (ORPHAN: quote not found in article)"
            print(f"{c.id}  “{c.exact}” — {c.speaker or 'unknown speaker'}  [{c.status}"
                  f"{'; ' + c.verdict if c.verdict else ''}{'; ' + tags if tags else ''}]{orphan}")
    return EXIT_OK


def cmd_source_add(args: argparse.Namespace) -> int:
    from workbench.store.queries_sources import get_source

    with _open(args.project) as project:
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
        _print_json(asdict(source))
    else:
        print(source.id)
    return EXIT_OK


def cmd_sources(args: argparse.Namespace) -> int:
    from workbench.store.queries_sources import list_sources

    with _open(args.project, read_only=True) as project:
        sources = list_sources(project)
    if args.json:
        _print_json([asdict(s) for s in sources])
    else:
        for s in sources:
            files = f", {len(s.files)} file(s)" if s.files else ""
            print(f"{s.id}  {s.title}  [{s.kind}{'; ' + s.publisher if s.publisher else ''}]  "
                  f"used by {s.claim_count} claim(s){files}")
    return EXIT_OK


def cmd_link(args: argparse.Namespace) -> int:
    from workbench.store.queries_sources import get_link

    with _open(args.project) as project:
        changes = ops.link_source(project, claim_id=args.claim, source_id=args.source, relation=args.relation,
                                  excerpt=args.excerpt or "", locator=args.locator or "", note=args.note or "")
        link = get_link(project, changes.created("claim_sources")[0])
    if args.json:
        _print_json(asdict(link))
    else:
        print(link.id)
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    from workbench.store.search import group_hits, marked_text, search

    with _open(args.project, read_only=True) as project:
        hits = search(project, args.query, kinds=args.kind, tag=args.tag, status=args.status,
                      verdict=args.verdict, speaker=args.speaker, date_from=args.date_from,
                      date_to=args.date_to, outlet=args.outlet, limit=args.limit)
    if args.json:
        _print_json([{"kind": h.kind, "article_id": h.article_id, "claim_id": h.claim_id,
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
    from workbench.export import ExportOptions, export

    options = ExportOptions(
        article_ids=tuple(args.article or ()),
        tags=tuple(args.tag or ()),
        statuses=tuple(args.status or ()),
        verdicts=tuple(args.verdict or ()),
        private_notes=not args.no_private_notes,
        full_text=not args.excerpts_only,
        template=args.template,
    )
    with _open(args.project, read_only=True) as project:
        text = export(project, args.format, options)
    _write_output(text, args.output)
    return EXIT_OK


def _write_output(text: str, output: str | None) -> None:
    if not output or output == "-":
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    from workbench.export import write_export

    write_export(text, output)


def _print_suggestions(suggestions: list[Any], as_json: bool) -> None:
    if as_json:
        _print_json([{"quote": s.quote, "speaker": s.speaker, "cue": s.cue, "start": s.start, "end": s.end,
                      "confidence": round(s.confidence, 3)} for s in suggestions])
        return
    for s in suggestions:
        print(f"{s.start:>7}-{s.end:<7} {s.confidence:.2f}  {s.speaker or '?'}: “{s.quote}”")


def cmd_quotes(args: argparse.Namespace) -> int:
    from workbench.detect import suggest_quotes
    from workbench.importers import import_file

    article = import_file(args.file)
    _print_suggestions(suggest_quotes(article.text), args.json)
    return EXIT_OK


def cmd_suggest(args: argparse.Namespace) -> int:
    from workbench.ops.suggestions import suggestions_for_article

    with _open(args.project, read_only=True) as project:
        _print_suggestions(suggestions_for_article(project, args.article), args.json)
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    if args.repair:
        from workbench.store.opening import remove_foreign_objects

        for line in remove_foreign_objects(args.project):
            print(f"{Path(args.project).name}: {line}")
    # Read-write when possible: the search-index check is an FTS5 command that needs a writable handle
    # (it changes nothing). A file in a read-only place is still checked, minus that part.
    writable = os.access(args.project, os.W_OK)
    with Project.open(args.project, read_only=not writable) as project:
        problems = project.check()
    for p in problems:
        print(p, file=sys.stderr)
    for claim_id, quote in problems.orphans:
        print(f"note: claim {claim_id} (“{quote[:40]}”) cannot be found in its article text", file=sys.stderr)
    if problems:
        print(f"{args.project}: {len(problems)} problem(s) found.", file=sys.stderr)
        return EXIT_USER_ERROR
    print(f"{args.project}: healthy.")
    return EXIT_OK


def cmd_share(args: argparse.Namespace) -> int:
    from workbench.ops.share import share_project

    # Read-only: sharing never writes the project, so it works while a window edits it.
    with _open(args.project, read_only=True) as project:
        out = share_project(project, dest=args.output, private_notes=not args.no_private_notes,
                            history=not args.no_history, attachments=not args.no_attachments)
    left_out = [what for what, flag in (("private notes", args.no_private_notes), ("history", args.no_history),
                                        ("attached files", args.no_attachments)) if flag]
    print(f"Shared copy written to {out}" + (f" (without {', '.join(left_out)})" if left_out else ""))
    return EXIT_OK


def cmd_merge(args: argparse.Namespace) -> int:
    from workbench.ops.merge import merge_project

    with _open(args.project) as project:
        report = merge_project(project, other_path=args.other)
    if args.json:
        _print_json(report.to_dict())
    else:
        print(report.text())
    return EXIT_OK


def cmd_salvage(args: argparse.Namespace) -> int:
    from workbench.store.salvage import salvage

    report = salvage(args.damaged, args.new)
    if args.json:
        _print_json(report.as_dict())
    else:
        print(f"{report.summary()} Saved as {args.new}; {Path(args.damaged).name} was not changed.")
    return EXIT_OK


def cmd_backups(args: argparse.Namespace) -> int:
    from workbench.core.sizes import human_size
    from workbench.store.backups import REASON_LABELS, list_backups, local_time

    # Never opens the project: the list must work for a damaged or missing file.
    backups = list_backups(args.project)
    if args.json:
        _print_json([{"index": n, "path": str(b.path), "project_path": str(b.project_path), "reason": b.reason,
                      "created_at": b.created_at, "size": b.size, "title": b.title}
                     for n, b in enumerate(backups, start=1)])
    elif not backups:
        print(f"No backups of {args.project} yet.", file=sys.stderr)
    else:
        for n, b in enumerate(backups, start=1):
            print(f"{n:>3}  {local_time(b.created_at)}  {REASON_LABELS.get(b.reason, b.reason):<27}  "
                  f"{human_size(b.size):>10}  {b.title}  {b.path}")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from workbench.store.backups import list_backups, local_time, restore_backup

    chosen: Any = Path(args.backup)
    if args.backup.isdigit() and not chosen.exists():
        backups = list_backups(args.project)
        index = int(args.backup)
        if not 1 <= index <= len(backups):
            raise WorkbenchError(f"There is no backup number {index} of {Path(args.project).name} "
                                 f"({len(backups)} backup(s); see 'workbench backups {args.project}').")
        chosen = backups[index - 1]
    before = restore_backup(args.project, chosen)
    when = f" of {local_time(chosen.created_at)}" if not isinstance(chosen, Path) else ""
    print(f"Restored {args.project} from the backup{when} ({chosen if isinstance(chosen, Path) else chosen.path}).")
    if before is not None:
        print(f"The project as it was is kept as a backup: {before.path}")
    return EXIT_OK


# -- parser --------------------------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """argparse with exit status 2 and a one-line message for usage errors."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="workbench",
        description=(
            "Fact-Check Workbench: mark, attribute, tag, source and judge quoted claims in news articles.\n\n"
            "Run 'workbench [PROJECT.fcproj]' to open the window (with no project: the last one, else the "
            "bundled sample). The commands below do the same work from scripts."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--self-test", action="store_true",
                        help="check this installation without a screen (a project in a temporary folder: import, "
                        "suggestions, reports, the window offscreen); exit 0 if it works")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def add(name: str, func: Callable[[argparse.Namespace], int], help_: str, **kw: Any) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_, **kw)
        p.set_defaults(func=func)
        return p

    p = add("new", cmd_new, "Create a new, empty project file.")
    p.add_argument("project", metavar="PROJECT", help="path of the new .fcproj file (must not exist)")
    p.add_argument("--title", help="project title (default: the file name)")
    p.add_argument("--sample", action="store_true", help="start with the bundled sample article and claims")

    p = add("import", cmd_import, "Import article files (.txt, .md, .html, .mhtml, .pdf, .docx) into a project.")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("files", metavar="FILE", nargs="+")
    p.add_argument("--allow-duplicates", action="store_true", help="import files already in the project again")
    p.add_argument("--keep-original", action=argparse.BooleanOptionalAction, default=None,
                   help="store the original file in the project too (default: yes for .pdf and .docx)")
    p.add_argument("--json", action="store_true", help="print the new articles as JSON")

    p = add("articles", cmd_articles, "List the articles of a project.")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--json", action="store_true")

    # Its own name in the lambda: ``p`` is rebound below, and help belongs on stderr with exit status 2.
    claim_parser = add("claim", lambda a: (claim_parser.print_help(sys.stderr), EXIT_USAGE)[1],
                       "Work with claims (see 'claim add').")
    claim_sub = claim_parser.add_subparsers(dest="claim_command", metavar="ACTION", parser_class=_Parser)
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

    # A name of its own: ``p`` is rebound below, and the lambda must print *this* parser's help.
    source_parser = add("source", lambda a: (source_parser.print_help(sys.stderr), EXIT_USAGE)[1],
                        "Work with sources (see 'source add').")
    source_sub = source_parser.add_subparsers(dest="source_command", metavar="ACTION", parser_class=_Parser)
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

    p = add("link", cmd_link, "Link a claim to a source that supports it, refutes it or gives context.")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--claim", required=True, metavar="ID", help="claim id (see 'workbench claims')")
    p.add_argument("--source", required=True, metavar="ID", help="source id (see 'workbench sources')")
    p.add_argument("--relation", required=True, choices=RELATIONS)
    p.add_argument("--excerpt", metavar="TEXT", help="the passage of the source that matters")
    p.add_argument("--locator", metavar="TEXT", help="where it is: page, timestamp, paragraph")
    p.add_argument("--note", metavar="TEXT")
    p.add_argument("--json", action="store_true", help="print the new link as JSON")

    p = add("search", cmd_search, "Find words across articles, claims, notes and sources.",
            epilog='Words are all required; "a phrase" keeps words together; mil* matches words '
                   "beginning with mil; AND, OR, NOT (in capitals) and parentheses combine them. Case and "
                   "accents are ignored. Matches are shown between « and ».")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("query", metavar="QUERY")
    p.add_argument("--kind", action="append", choices=["article", "claim", "source"],
                   help="only this kind of result (repeatable)")
    p.add_argument("--tag", metavar="TAG", help="only what relates to claims with this tag")
    p.add_argument("--status", metavar="STATUS", help="only what relates to claims with this status")
    p.add_argument("--verdict", metavar="VERDICT", help="only what relates to claims with this verdict")
    p.add_argument("--speaker", metavar="NAME", help="only what relates to claims by this speaker")
    p.add_argument("--from", dest="date_from", metavar="DATE",
                   help="only articles published on or after DATE (YYYY-MM-DD, YYYY-MM or YYYY)")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="only articles published on or before DATE")
    p.add_argument("--outlet", metavar="OUTLET", help="only articles from this outlet")
    p.add_argument("--limit", type=int, default=200, metavar="N", help="at most N results of each kind (default 200)")
    p.add_argument("--json", action="store_true", help="print the results as JSON")

    from workbench.export import FORMATS

    p = add("export", cmd_export, "Export a project: an annotated report for an editor, or data files.",
            epilog="Filters of one kind are alternatives (--tag A --tag B: either tag); different kinds must "
                   "all hold. Formats: " + "; ".join(f"{k}: {f.label}" for k, f in FORMATS.items()) + ".")
    p.add_argument("project", metavar="PROJECT")
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
    p.add_argument("--template", metavar="FILE",
                   help="a report template to use instead of the bundled one (markdown and html)")

    p = add("quotes", cmd_quotes, "Suggest the quoted claims (and speakers) in an article file.",
            epilog="Offsets refer to the article text as imported (wire headers and markup removed).")
    p.add_argument("file", metavar="FILE", help="an article file of any importable type")
    p.add_argument("--json", action="store_true", help="print a list of {quote, speaker, cue, start, end, confidence}")

    p = add("suggest", cmd_suggest, "Suggest quoted claims in an article of a project (not yet marked or dismissed).")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--article", required=True, metavar="ID")
    p.add_argument("--json", action="store_true")

    p = add("share", cmd_share, "Write a copy of a project to give to a colleague (merge it back later).")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("output", metavar="OUT", help="the new .fcproj file to write (must not exist)")
    p.add_argument("--no-private-notes", action="store_true", help="blank claims' private notes in the copy")
    p.add_argument("--no-history", action="store_true", help="leave out the change history")
    p.add_argument("--no-attachments", action="store_true", help="leave out attached source files")

    p = add("merge", cmd_merge, "Merge another copy of a project into this one (a backup is made first).")
    p.add_argument("project", metavar="PROJECT", help="the project to merge into (it is changed)")
    p.add_argument("other", metavar="OTHER", help="the other copy (only read)")
    p.add_argument("--json", action="store_true", help="print the merge report as JSON")

    p = add("check", cmd_check, "Check a project file's integrity; exit 0 only if it is healthy.")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--repair", action="store_true",
                   help="first remove database objects (triggers, views, tables) another program added, "
                        "after a backup, and put back the app's own")

    p = add("salvage", cmd_salvage, "Copy everything still readable from a damaged project into a new one.",
            epilog="The damaged file is only read, never changed. The report says how many claims, articles, "
                   "sources... were recovered of how many; exit 0 when a new project was made.")
    p.add_argument("damaged", metavar="DAMAGED")
    p.add_argument("new", metavar="NEW")
    p.add_argument("--json", action="store_true", help="print the report as JSON")

    p = add("backups", cmd_backups, "List the automatic backups of a project, newest first.",
            epilog="Backups are made before merges, large deletions, file-format upgrades and restores, and "
                   "every 10 minutes while the window has unsaved-to-backup changes. They live in the per-user "
                   "data folder (WORKBENCH_DATA_DIR overrides it). Works even when the project file is "
                   "damaged or missing.")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--json", action="store_true", help="print a list of {index, path, reason, created_at, ...}")

    p = add("restore", cmd_restore, "Replace a project with one of its backups (the current file is backed up "
                                    "first).")
    p.add_argument("project", metavar="PROJECT", help="the project file to replace (must not be open for editing)")
    p.add_argument("backup", metavar="BACKUP", help="a number shown by 'workbench backups', or a backup file's path")
    return parser


def _command_names() -> frozenset[str]:
    parser = build_parser()
    for action in parser._subparsers._group_actions:  # type: ignore[union-attr]
        if isinstance(action, argparse._SubParsersAction):
            return frozenset(action.choices)
    return frozenset()


# What ``workbench`` treats as a command rather than a project to open in the window.
COMMANDS = _command_names()


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.self_test:  # ``workbench --self-test`` alone is run by __main__; here it came with more
        parser.error("--self-test takes no other arguments")
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return args.func(args)
    except WorkbenchError as exc:
        print(f"workbench: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        return 130
