"""Compact project: remove what deleted and edited-away content leaves behind in the project file itself
(history values, search-index segments, unreferenced attached files, free pages), after a backup that
keeps all of it. No Qt.

What stays is what merging needs (``store.history.strip_deleted_content``): merging the compacted project
with a copy made before gives the same result as merging the full one. Undo cannot bring deleted rows back
afterwards (their attached files are gone): the window clears its undo stack.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass

from workbench.core.errors import ProjectFileError, ValidationError
from workbench.core.sizes import human_size
from workbench.store import Project, dberrors
from workbench.store.backups import Backup, backup_before
from workbench.store.connect import storage_error
from workbench.store.history import strip_deleted_content


@dataclass(frozen=True, slots=True)
class CompactReport:
    """Sizes of the file before and after, and the backup that keeps everything removed."""

    before: int
    after: int
    backup: Backup

    def text(self) -> str:
        return (f"Compacted: {human_size(self.before)} → {human_size(self.after)}. Deleted text and earlier "
                f"values are kept only in the backup {self.backup.path.name}.")


def compact_project(project: Project) -> CompactReport:
    """Compact the open ``project`` (for editing; no other connection may be writing): a backup first
    (reason ``compact``), the strip, ``VACUUM``, ``check()``. Refused, nothing changed, when the disk lacks
    room for the rewrite (about the file's size) or the backup cannot be written."""
    if project.read_only:
        raise ProjectFileError(f"{project.path.name}: is open read-only; it cannot be compacted.")
    before = project.path.stat().st_size
    free = shutil.disk_usage(project.path.parent).free
    # The backup, then VACUUM's rewrite and its journal: about twice the file's size at worst.
    if free < 2 * before:
        raise ValidationError(f"Compacting {project.path.name} needs about {human_size(2 * before)} of free disk "
                              f"space ({human_size(free)} free); nothing was changed.")
    backup = backup_before(project, "compact", "Compacting")
    try:
        strip_deleted_content(project.conn)
        project.conn.execute("VACUUM")
    except dberrors.Error as exc:
        error = storage_error(project.path.name, "Compact project", exc)
        if error is None:
            raise
        raise error from exc
    problems = project.check()
    if problems:
        raise ProjectFileError(f"{project.path.name}: failed its check after compacting ({problems[0]}); restore "
                               f"the backup {backup.path.name} (workbench restore).")
    return CompactReport(before, project.path.stat().st_size, backup)
