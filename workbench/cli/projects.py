"""Commands on whole project files: create, check, share, merge, salvage, back up and restore."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from workbench import ops
from workbench.cli.common import (
    EXIT_OK,
    EXIT_USER_ERROR,
    Adder,
    add_json_arg,
    add_new_passphrase_option,
    given_passphrase,
    is_encrypted,
    new_passphrase,
    open_project,
    passphrase_for,
    print_json,
    print_result,
)
from workbench.core.errors import ProjectInUseError, ProjectReadOnlyError, WorkbenchError
from workbench.store import Project
from workbench.store.author import author_name
from workbench.store.header import in_wal_mode


def cmd_new(args: argparse.Namespace) -> int:
    passphrase = new_passphrase() if args.encrypt else None
    if args.sample:
        from workbench.ops.sample import create_sample_project

        project = create_sample_project(args.project, author=author_name(), passphrase=passphrase)
        if args.title:
            ops.set_project_title(project, title=args.title)
    else:
        project = Project.create(args.project, title=args.title or "", author=author_name(), passphrase=passphrase)
    with project:
        # (an encrypted project's title is content: not printed where a terminal log could keep it)
        print(f"Created {project.path}" + (" (encrypted)" if project.encrypted else f" ({project.title})"))
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    was_wal = in_wal_mode(Path(args.project))  # before --repair's first step switches it back
    if args.repair:
        from workbench.store.opening import remove_foreign_objects

        for line in remove_foreign_objects(args.project):
            print(f"{Path(args.project).name}: {line}")
    # Read-write when possible: the search-index check is an FTS5 command that needs a writable handle
    # (it changes nothing). A file in a read-only place, or one a window is editing, is still checked
    # read-only, minus that part: checking must never need the window closed.
    # A file another program switched to write-ahead logging would be switched back (rewritten) by a
    # read-write open: checking never changes a file, so it is checked read-only (--repair switches it back).
    wal = was_wal and not args.repair
    read_only = wal or not os.access(args.project, os.W_OK)
    passphrase = passphrase_for(args.project)
    try:
        project = Project.open(args.project, read_only=read_only, passphrase=passphrase)
    except (ProjectInUseError, ProjectReadOnlyError):  # a window holds it, or its folder is read-only
        if args.repair:
            raise
        read_only = True
        project = Project.open(args.project, read_only=True, passphrase=passphrase)
    with project:
        problems = project.check()
    if was_wal and args.repair and not in_wal_mode(Path(args.project)):
        print(f"{Path(args.project).name}: switched back from write-ahead logging (another program had switched "
              "it) to the rollback journal the app writes with.")
    if wal:
        print(f"note: {Path(args.project).name}: another program switched it to write-ahead logging; it was "
              "checked without changing it (the search indexes were not checked). Opening it for editing, or "
              "check --repair, switches it back.", file=sys.stderr)
    elif read_only:
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
        new_key = None
        if args.encrypt:
            from workbench.store import cipher

            new_key = cipher.new_key(new_passphrase())
        out = share_project(project, dest=args.output, private_notes=not args.no_private_notes,
                            history=not args.no_history, attachments=not args.no_attachments,
                            full_history=args.full_history, new_key=new_key)
    left_out = [what for what, flag in (("private notes", args.no_private_notes), ("history", args.no_history),
                                        ("attached files", args.no_attachments)) if flag]
    kept = " with the full change history (earlier values and deleted text)" if args.full_history and \
        not args.no_history else ""
    print(f"Shared copy written to {out}" + (f" (without {', '.join(left_out)})" if left_out else "") + kept)
    return EXIT_OK


def cmd_compact(args: argparse.Namespace) -> int:
    from workbench.ops.compact import compact_project

    with open_project(args.project) as project:
        report = compact_project(project)
    print(f"{args.project}: {report.text()}")
    return EXIT_OK


def cmd_merge(args: argparse.Namespace) -> int:
    from workbench.ops.merge import merge_project

    with open_project(args.project) as project:
        # A returning share opens with the project's own key; another encrypted copy with the passphrase given.
        report = merge_project(project, other_path=args.other,
                               other_passphrase=given_passphrase() if is_encrypted(args.other) else None)
    return print_result(args.json, report.to_dict(), report.text())


def cmd_salvage(args: argparse.Namespace) -> int:
    from workbench.store.salvage import salvage

    report = salvage(args.damaged, args.new, passphrase=passphrase_for(args.damaged))
    return print_result(args.json, report.to_dict(),
                        f"{report.summary()} Saved as {args.new}; {Path(args.damaged).name} was not changed.")


def cmd_backups(args: argparse.Namespace) -> int:
    from workbench.core.sizes import human_size
    from workbench.store.backups import REASON_LABELS, list_backups, local_time

    # Never opens the project: the list must work for a damaged or missing file (or an encrypted one
    # without its passphrase: then backups left at its former paths are not found).
    backups = list_backups(args.project, _key_if_given(args.project))
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
    backup_path = chosen if isinstance(chosen, Path) else chosen.path
    key = _key_if_given(args.project) or _key_if_given(backup_path, required=True)
    before = restore_backup(args.project, chosen, key)
    when = f" of {local_time(chosen.created_at)}" if not isinstance(chosen, Path) else ""
    print(f"Restored {args.project} from the backup{when} ({chosen if isinstance(chosen, Path) else chosen.path}).")
    if before is not None:
        print(f"The project as it was is kept as a backup: {before.path}")
    return EXIT_OK


def _key_if_given(path: str | Path, *, required: bool = False) -> Any:
    """The key of the encrypted file ``path`` from the passphrase given (asked for when ``required``);
    None for a plain or missing file, or when no passphrase was given."""
    from workbench.store import cipher

    if not Path(path).exists() or not is_encrypted(path):
        return None
    if required:
        return cipher.unlock(Path(path), passphrase_for(path))
    passphrase = given_passphrase()
    try:
        return cipher.unlock(Path(path), passphrase) if passphrase else None
    except WorkbenchError:
        return None  # (listing backups never needs it)


def cmd_encrypt(args: argparse.Namespace) -> int:
    from workbench.ops.encryption import encrypt_copy

    with open_project(args.project, read_only=True) as project:
        passphrase = new_passphrase()
        out = encrypt_copy(project, args.output, passphrase)
    print(f"Encrypted copy written to {out}; it opens only with the new passphrase. "
          f"{Path(args.project).name} was not changed.")
    return EXIT_OK


def cmd_decrypt(args: argparse.Namespace) -> int:
    from workbench.ops.encryption import decrypt_copy

    with open_project(args.project, read_only=True) as project:
        out = decrypt_copy(project, args.output)
    print(f"Plain copy written to {out}: anyone with that file can read it. {Path(args.project).name} was not "
          "changed.")
    return EXIT_OK


def cmd_passphrase(args: argparse.Namespace) -> int:
    from workbench.ops.encryption import change_passphrase

    with open_project(args.project) as project:
        if not project.encrypted:
            raise WorkbenchError(f"{project.path.name}: is not encrypted; make an encrypted copy with "
                                 f"'workbench encrypt {args.project} OUT'.")
        rekeyed = change_passphrase(project, new_passphrase())
    print(f"Passphrase of {args.project} changed (and of {rekeyed} backup(s)); the old one opens nothing any more.")
    return EXIT_OK


def register(add: Adder) -> None:
    """Add this module's commands to the ``workbench`` parser."""
    p = add("new", cmd_new, "Create a new, empty project file.",
            project="path of the new .fcproj file (must not exist)")
    p.add_argument("--title", help="project title (default: the file name)")
    p.add_argument("--sample", action="store_true", help="start with the bundled sample article and claims")
    p.add_argument("--encrypt", action="store_true",
                   help="encrypt the project with a new passphrase (see --new-passphrase-file)")
    add_new_passphrase_option(p)

    p = add("check", cmd_check, "Check a project file's integrity; exit 0 only if it is healthy.")
    p.add_argument("--repair", action="store_true",
                   help="first remove database objects (triggers, views, tables) another program added, "
                        "after a backup, and put back the app's own; a file another program switched to "
                        "write-ahead logging is switched back (plain check only reads it)")

    p = add("share", cmd_share, "Write a copy of a project to give to a colleague (merge it back later).")
    p.add_argument("output", metavar="OUT", help="the new .fcproj file to write (must not exist)")
    p.add_argument("--no-private-notes", action="store_true", help="blank claims' private notes in the copy")
    p.add_argument("--no-history", action="store_true", help="leave out the change history")
    p.add_argument("--no-attachments", action="store_true", help="leave out attached source files")
    p.add_argument("--full-history", action="store_true",
                   help="keep the full change history: earlier values and the text of deleted claims, notes, "
                        "articles and sources (by default the copy carries none of it; merging works either way)")
    p.add_argument("--encrypt", action="store_true",
                   help="encrypt the copy under a new passphrase (--new-passphrase-file or WORKBENCH_NEW_PASSPHRASE; "
                        "else an encrypted project's copy opens with its own passphrase)")
    add_new_passphrase_option(p)

    p = add("compact", cmd_compact, "Remove deleted and edited-away content from a project file, and shrink it.",
            epilog="A backup is made first (it keeps everything removed; see 'workbench backups'). Afterwards the "
                   "file holds no text of deleted claims, notes, articles or sources; the change history keeps "
                   "who changed which field when, so merging with other copies works as before.")

    p = add("merge", cmd_merge, "Merge another copy of a project into this one (a backup is made first).",
            project="the project to merge into (it is changed)")
    p.add_argument("other", metavar="OTHER", help="the other copy (only read)")
    add_json_arg(p, "print the merge report as JSON")

    p = add("salvage", cmd_salvage, "Copy everything still readable from a damaged project into a new one.",
            project=False,
            epilog="The damaged file is only read, never changed. The report says how many claims, articles, "
                   "sources... were recovered of how many; exit 0 when a new project was made.")
    p.add_argument("damaged", metavar="DAMAGED")
    p.add_argument("new", metavar="NEW")
    add_json_arg(p, "print the report as JSON")

    p = add("backups", cmd_backups, "List the automatic backups of a project, newest first.",
            epilog="Backups are made before merges, large deletions, file-format upgrades and restores, and "
                   "every 10 minutes while the window has unsaved-to-backup changes. They live in the per-user "
                   "data folder (WORKBENCH_DATA_DIR overrides it). Works even when the project file is "
                   "damaged or missing.")
    add_json_arg(p, "print a list of {index, path, reason, created_at, ...}")

    p = add("restore", cmd_restore, "Replace a project with one of its backups (the current file is backed up "
                                    "first).", project="the project file to replace (must not be open for editing)")
    p.add_argument("backup", metavar="BACKUP", help="a number shown by 'workbench backups', or a backup file's path")

    p = add("encrypt", cmd_encrypt, "Write an encrypted copy of a project under a new passphrase.",
            epilog="The project itself is only read. The new passphrase comes from --new-passphrase-file or "
                   "WORKBENCH_NEW_PASSPHRASE, else it is asked for twice; never give it on the command line.")
    p.add_argument("output", metavar="OUT", help="the new encrypted .fcproj file (must not exist)")
    add_new_passphrase_option(p)

    p = add("decrypt", cmd_decrypt, "Write a plain (unencrypted) copy of an encrypted project.",
            epilog="Anyone with the plain copy can read everything in it. The project itself is only read.")
    p.add_argument("output", metavar="OUT", help="the new plain .fcproj file (must not exist)")

    p = add("passphrase", cmd_passphrase, "Change the passphrase of an encrypted project (and of its backups).",
            epilog="A backup is made first. The current passphrase: --passphrase-file or WORKBENCH_PASSPHRASE; "
                   "the new one: --new-passphrase-file or WORKBENCH_NEW_PASSPHRASE (else both are asked for).")
    add_new_passphrase_option(p)
