"""Commands on the fact-check library ("checked before?"): import published fact-checks, search them, match
a project's claim against them, and show what the library holds.

The library is its own SQLite file (``--library PATH``; by default the journalist's own in the data folder),
never a project. Reading commands open it read-only, so they work while the window imports into it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from workbench.cli.common import (
    EXIT_OK,
    EXIT_USER_ERROR,
    Adder,
    Group,
    add_json_arg,
    add_project_arg,
    open_project,
    print_json,
)
from workbench.core.errors import NotFoundError

LIBRARY_HELP = "the fact-check library file (default: your own, in the data folder)"
MATCHES_JSON = "print a list of {claim, claimant, rating, publisher, url, date, score, same_claim}"


def _library_path(args: argparse.Namespace) -> Path:
    from workbench.factchecks import default_library_path

    return Path(args.library) if args.library else default_library_path()


def _open_to_read(args: argparse.Namespace) -> Any:
    from workbench.factchecks import FactCheckLibrary, LibraryError

    path = _library_path(args)
    if not path.exists():
        raise LibraryError(f"{path}: no fact-check library there yet. Import published fact-checks first: "
                           "workbench factchecks import FILE…" + (f" --library {path}" if args.library else ""))
    return FactCheckLibrary.open(path, read_only=True)


def cmd_import(args: argparse.Namespace) -> int:
    from workbench.factchecks import FactCheckLibrary

    missing = [f for f in args.files if not Path(f).is_file()]
    if missing:  # before the library is even created: a typo must not leave an empty library behind
        for f in missing:
            print(f"{f}: no such file." if not Path(f).exists() else f"{f}: is a folder, not a file.", file=sys.stderr)
        print("Nothing was imported.", file=sys.stderr)
        return EXIT_USER_ERROR
    with FactCheckLibrary.open(_library_path(args)) as library:
        report = library.import_files(args.files, all_or_nothing=True)
        total = library.count()
    if args.json:
        print_json({**report.to_dict(), "library": str(library.path), "fact_checks": total})
    if report.refused:
        for f in report.failed_files:
            print(f.error, file=sys.stderr)
        print(f"{report.summary()} Remove the files above from the command (or fix them) and import again.",
              file=sys.stderr)
        return EXIT_USER_ERROR
    if not args.json:
        for f in report.files:
            print(f"{f.file}: {f.kind} — {f.imported:,} imported, {f.updated:,} updated"
                  + (f", {f.unchanged:,} already in the library" if f.unchanged else "")
                  + f", {f.skipped:,} skipped")
        for s in report.skipped[:50]:
            print(f"  skipped: {s}")
        if len(report.skipped) > 50:
            print(f"  … and {len(report.skipped) - 50:,} more skipped records (see --json)")
        print(f"{report.summary()}. Library: {library.path} ({total:,} fact-checks).")
    return EXIT_OK


def _print_matches(matches: list[Any], as_json: bool) -> None:
    if as_json:
        print_json([m.to_dict() for m in matches])
        return
    if not matches:
        print("No fact-check in the library comes close.")
        return
    for m in matches:
        f = m.factcheck
        same = "SAME CLAIM" if m.same_claim else "related"
        by = ", ".join(x for x in (f.publisher, f.date) if x)
        print(f"{m.score:.2f}  {same:<10}  {f.rating or 'no rating'}" + (f" — {by}" if by else ""))
        print(f"      “{f.claim}”" + (f" — {f.claimant}" if f.claimant else ""))
        if f.link:
            print(f"      {f.link}")


def cmd_search(args: argparse.Namespace) -> int:
    with _open_to_read(args) as library:
        _print_matches(library.search(args.text, limit=args.limit), args.json)
    return EXIT_OK


def cmd_match(args: argparse.Namespace) -> int:
    from workbench.store.queries import get_article, get_claim

    with open_project(args.project, read_only=True) as project:
        try:
            claim = get_claim(project, args.claim)
        except NotFoundError:
            raise NotFoundError(f"{Path(args.project).name}: no claim {args.claim} (see 'workbench claims').") from None
        published = get_article(project, claim.article_id).published
    with _open_to_read(args) as library:
        _print_matches(library.match(claim.exact, speaker=claim.speaker, date=published, limit=args.limit), args.json)
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    with _open_to_read(args) as library:
        stats = library.stats()
    if args.json:
        print_json(stats)
        return EXIT_OK
    print(f"{stats['path']}: {stats['fact_checks']:,} fact-checks"
          + (f", published {stats['oldest']} to {stats['newest']}" if stats["oldest"] else ""))
    for p in stats["publishers"][:20]:
        print(f"{p['count']:>9,}  {p['name'] or '(no publisher)'}")
    if len(stats["publishers"]) > 20:
        print(f"  … and {len(stats['publishers']) - 20:,} more publishers")
    return EXIT_OK


def register(add: Adder) -> None:
    """Add this module's commands to the ``workbench`` parser."""
    group = Group(add, "factchecks", "The library of published fact-checks: import, search, match a claim.")

    def action(name: str, func: Any, help_: str, description: str = "") -> argparse.ArgumentParser:
        p = group.action(name, func, help_, description, project=False)  # the library is not a project
        p.add_argument("--library", metavar="PATH", help=LIBRARY_HELP)
        return p

    p = action("import", cmd_import, "Import files of published fact-checks into the library.",
               "Import published fact-checks: ClaimReview JSON-LD (a file, a list, @graph, or saved web pages), "
               "Google Fact Check Tools results, CSV (claim, claimant, date, rating, publisher, url), or the "
               "project's own ClaimReview export. Importing a review again updates it. Bad records are skipped "
               "with their reasons; a file that cannot be read at all stops the import (nothing is changed).")
    p.add_argument("files", metavar="FILE", nargs="+")
    add_json_arg(p, "print {imported, updated, unchanged, skipped, skipped_records, files, ...} as JSON")

    p = action("search", cmd_search, "Search the library for fact-checks of a claim, best first.")
    p.add_argument("text", metavar="TEXT", help="the claim, in any words")
    p.add_argument("--limit", type=int, default=10, metavar="N", help="at most N results (default 10)")
    add_json_arg(p, MATCHES_JSON)

    p = action("match", cmd_match, "Find fact-checks of a project's claim (its quote, speaker and article date).")
    add_project_arg(p)
    p.add_argument("--claim", required=True, metavar="ID", help="claim id (see 'workbench claims')")
    p.add_argument("--limit", type=int, default=5, metavar="N", help="at most N results (default 5)")
    add_json_arg(p, MATCHES_JSON)

    add_json_arg(action("stats", cmd_stats, "What the library holds: fact-checks, publishers, dates."))
