"""Commands on whole project files: create, check, share, merge, salvage, back up and restore."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from workbench import ops
from workbench.cli.common import EXIT_OK, EXIT_USER_ERROR, Adder, open_project, print_json
from workbench.core.errors import ProjectInUseError, WorkbenchError
from workbench.store import Project
from workbench.store.author import author_name


def cmd_new(args: argparse.Namespace) -> int:
    if args.sample:
        from workbench.ops.sample import create_sample_project

        project = create_sample_project(args.project, author=author_name())
        if args.title:
            ops.set_project_title(project, title=args.title)
    else:
        project = Project.create(args.project, title=args.title or "", author=author_name())
    with project:
        print(f"Created {project.path} ({project.title})")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    if args.repair:
        from workbench.store.opening import remove_foreign_objects

        for line in remove_foreign_objects(args.project):
            print(f"{Path(args.project).name}: {line}")
    # Read-write when possible: the search-index check is an FTS5 command that needs a writable handle
    # (it changes nothing). A file in a read-only place, or one a window is editing, is still checked
    # read-only, minus that part: checking must never need the window closed.
    read_only = not os.access(args.project, os.W_OK)
    try:
        project = Project.open(args.project, read_only=read_only)
    except ProjectInUseError:
        if args.repair:
            raise
        read_only = True
        project = Project.open(args.project, read_only=True)
    with project:
        problems = project.check()
    if read_only:
        print(f"note: {Path(args.project).name}: the search indexes were not checked (the file is open in a "
              "window or cannot be written here).", file=sys.stderr)
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
    with open_project(args.project, read_only=True) as project:
        out = share_project(project, dest=args.output, private_notes=not args.no_private_notes,
                            history=not args.no_history, attachments=not args.no_attachments)
    left_out = [what for what, flag in (("private notes", args.no_private_notes), ("history", args.no_history),
                                        ("attached files", args.no_attachments)) if flag]
    print(f"Shared copy written to {out}" + (f" (without {', '.join(left_out)})" if left_out else ""))
    return EXIT_OK


def cmd_merge(args: argparse.Namespace) -> int:
    from workbench.ops.merge import merge_project

    with open_project(args.project) as project:
        report = merge_project(project, other_path=args.other)
    if args.json:
        print_json(report.to_dict())
    else:
        print(report.text())
    return EXIT_OK


def cmd_salvage(args: argparse.Namespace) -> int:
    from workbench.store.salvage import salvage

    report = salvage(args.damaged, args.new)
    if args.json:
        print_json(report.as_dict())
    else:
        print(f"{report.summary()} Saved as {args.new}; {Path(args.damaged).name} was not changed.")
    return EXIT_OK


def cmd_backups(args: argparse.Namespace) -> int:
    from workbench.core.sizes import human_size
    from workbench.store.backups import REASON_LABELS, list_backups, local_time

    # Never opens the project: the list must work for a damaged or missing file.
    backups = list_backups(args.project)
    if args.json:
        print_json([{"index": n, "path": str(b.path), "project_path": str(b.project_path), "reason": b.reason,
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


def register(add: Adder) -> None:
    """Add this module's commands to the ``workbench`` parser."""
    p = add("new", cmd_new, "Create a new, empty project file.")
    p.add_argument("project", metavar="PROJECT", help="path of the new .fcproj file (must not exist)")
    p.add_argument("--title", help="project title (default: the file name)")
    p.add_argument("--sample", action="store_true", help="start with the bundled sample article and claims")

    p = add("check", cmd_check, "Check a project file's integrity; exit 0 only if it is healthy.")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--repair", action="store_true",
                   help="first remove database objects (triggers, views, tables) another program added, "
                        "after a backup, and put back the app's own")

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
