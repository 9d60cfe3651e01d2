"""Commands on articles: import files, list them, edit or delete one, and suggest the quoted claims in them."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from workbench import ops
from workbench.cli.common import (
    EXIT_OK,
    EXIT_USER_ERROR,
    Adder,
    Group,
    add_json_arg,
    open_project,
    print_json,
    print_result,
    print_rows,
)
from workbench.core.errors import WorkbenchError
from workbench.store.queries import get_article, list_articles

ARTICLE_FIELDS = ("title", "outlet", "author", "published", "url", "language")
ARTICLE_ID = "article id (see 'workbench articles')"


def cmd_import(args: argparse.Namespace) -> int:
    from workbench.importers import import_file

    failures = 0
    created: list[dict[str, Any]] = []
    with open_project(args.project) as project:
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
        print_json(created)
    return EXIT_USER_ERROR if failures else EXIT_OK


def cmd_articles(args: argparse.Namespace) -> int:
    with open_project(args.project, read_only=True) as project:
        articles = list_articles(project)
    return print_rows(args.json, articles, asdict, lambda a: f"{a.id}  {a.title}  [{a.outlet or '-'} "
                      f"{a.published or '-'}]  {a.claim_count} claim(s)")


def cmd_article_edit(args: argparse.Namespace) -> int:
    values = {name: getattr(args, name) for name in ARTICLE_FIELDS if getattr(args, name) is not None}
    with open_project(args.project) as project:
        ops.update_article(project, article_id=args.id, **values)
        article = get_article(project, args.id)
    return print_result(args.json, asdict(article), article.id)


def _print_suggestions(suggestions: list[Any], as_json: bool) -> None:
    if as_json:
        print_json([{"quote": s.quote, "speaker": s.speaker, "cue": s.cue, "start": s.start, "end": s.end,
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

    with open_project(args.project, read_only=True) as project:
        _print_suggestions(suggestions_for_article(project, args.article), args.json)
    return EXIT_OK


def register(add: Adder) -> None:
    """Add this module's commands to the ``workbench`` parser."""
    p = add("import", cmd_import, "Import article files (.txt, .md, .html, .mhtml, .pdf, .docx) into a project.")
    p.add_argument("files", metavar="FILE", nargs="+")
    p.add_argument("--allow-duplicates", action="store_true", help="import files already in the project again")
    p.add_argument("--keep-original", action=argparse.BooleanOptionalAction, default=None,
                   help="store the original file in the project too (default: yes for .pdf and .docx)")
    add_json_arg(p, "print the new articles as JSON")

    article = Group(add, "article", "Work with an imported article: edit its details, delete it.")
    pe = article.action("edit", cmd_article_edit, "Edit an article's details (its text never changes).",
                        "Edit an article's details; fields not given stay as they are. The text never changes: claims "
                    "point into it.", id_help=ARTICLE_ID)
    pe.add_argument("--title", metavar="TEXT")
    pe.add_argument("--outlet", metavar="NAME", help="the newspaper, site or broadcaster")
    pe.add_argument("--author", metavar="NAME", help="who wrote the article")
    pe.add_argument("--published", metavar="DATE")
    pe.add_argument("--url", metavar="URL")
    pe.add_argument("--language", metavar="CODE", help="e.g. en, fr, pt-BR")
    add_json_arg(pe, "print the article as JSON")
    article.delete_action(ops.delete_article, "article_id", "articles",
                          "Delete an article with its claims (a backup is made first).",
                          "Delete an article with its claims, their tags and source links; when it has claims a "
                          "backup is made first.", ARTICLE_ID)

    add_json_arg(add("articles", cmd_articles, "List the articles of a project."))

    p = add("quotes", cmd_quotes, "Suggest the quoted claims (and speakers) in an article file.", project=False,
            epilog="Offsets refer to the article text as imported (wire headers and markup removed).")
    p.add_argument("file", metavar="FILE", help="an article file of any importable type")
    add_json_arg(p, "print a list of {quote, speaker, cue, start, end, confidence}")

    p = add("suggest", cmd_suggest, "Suggest quoted claims in an article of a project (not yet marked or dismissed).")
    p.add_argument("--article", required=True, metavar="ID")
    add_json_arg(p)

