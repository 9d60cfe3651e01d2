"""Commands on the project's library of sources: add, edit, delete, list."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path
from typing import Any

from workbench import ops
from workbench.cli.common import (
    Adder,
    Group,
    add_json_arg,
    open_project,
    print_result,
    print_rows,
)
from workbench.store.schema import SOURCE_KINDS

SOURCE_ID = "source id (see 'workbench sources')"


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
    return print_result(args.json, asdict(source), source.id)


SOURCE_FIELDS = ("title", "kind", "url", "publisher", "published", "accessed", "reliability", "notes")


def cmd_source_edit(args: argparse.Namespace) -> int:
    from workbench.core.errors import ValidationError
    from workbench.store.queries_sources import get_source

    values = {name: getattr(args, name) for name in SOURCE_FIELDS if getattr(args, name) is not None}
    for path in args.attach or ():  # refused before anything is changed
        if not Path(path).is_file():
            raise ValidationError(f"{path}: no such file; nothing was changed.")
    with open_project(args.project) as project:
        source = get_source(project, args.id)
        known = {f.id for f in source.files}
        for file_id in args.detach or ():
            if file_id not in known:
                raise ValidationError(f"Source {args.id} has no attached file with id {file_id}; nothing was changed.")
        if values:
            ops.update_source(project, source_id=args.id, **values)
        for path in args.attach or ():
            ops.attach_file(project, source_id=args.id, path=path)
        for file_id in args.detach or ():
            ops.detach_file(project, file_id=file_id)
        source = get_source(project, args.id)
    return print_result(args.json, asdict(source), source.id)


def _source_line(s: Any) -> str:
    files = f", {len(s.files)} file(s)" if s.files else ""
    return (f"{s.id}  {s.title}  [{s.kind}{'; ' + s.publisher if s.publisher else ''}]  "
            f"used by {s.claim_count} claim(s){files}")


def cmd_sources(args: argparse.Namespace) -> int:
    from workbench.store.queries_sources import list_sources

    with open_project(args.project, read_only=True) as project:
        sources = list_sources(project)
    return print_rows(args.json, sources, asdict, _source_line)


def register(add: Adder) -> None:
    """Add this module's commands to the ``workbench`` parser."""
    source = Group(add, "source", "Work with sources: add, edit, delete.")
    ps = source.action("add", cmd_source_add, "Add a source to the project's library.",
                       "Add a source (a document, web page, dataset...) to the library.")
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
    add_json_arg(ps, "print the new source as JSON")

    pe = source.action("edit", cmd_source_edit, "Edit a source; attach files to it or remove them.",
                       "Edit what is known about a source; fields not given stay as they are. Attaching and "
                       "removing files are steps of their own, after the fields are saved.", id_help=SOURCE_ID)
    pe.add_argument("--title", metavar="TEXT")
    pe.add_argument("--kind", metavar="KIND", help=f"one of: {', '.join(SOURCE_KINDS)}")
    pe.add_argument("--url", metavar="URL")
    pe.add_argument("--publisher", metavar="NAME")
    pe.add_argument("--published", metavar="DATE", help="YYYY-MM-DD, YYYY-MM or YYYY")
    pe.add_argument("--accessed", metavar="DATE")
    pe.add_argument("--reliability", metavar="TEXT")
    pe.add_argument("--notes", metavar="TEXT", help="notes (Markdown; replace the old ones)")
    pe.add_argument("--attach", action="append", metavar="PATH", help="attach a file (repeatable; at most 50 MB each)")
    pe.add_argument("--detach", action="append", metavar="FILE_ID",
                    help="remove an attached file (its id is in 'workbench sources --json'; repeatable)")
    add_json_arg(pe, "print the source as JSON")
    source.delete_action(ops.delete_source, "source_id", "sources",
                         "Delete a source with its links to claims and its attached files.",
                         "Delete a source with its links to claims and its attached files (the claims stay).",
                         SOURCE_ID)

    add_json_arg(add("sources", cmd_sources, "List the sources of a project, with how many claims use each."))

