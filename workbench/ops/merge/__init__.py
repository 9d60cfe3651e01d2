"""Merge another copy of a project into the open one, so a colleague's work comes back and nothing is lost.

How rows are paired. Rows are matched by UUID. A row the other file has under an id this project has
never seen is matched by what it is instead: an article by its text (both people imported the same
story), a claim or a dismissed suggestion by (article, start, end, quote), an attached file by (source,
content), a tag by name and a verdict by label (case-insensitively, like the schema), a tag on a claim by
(claim, tag), a source link by (claim, source, relation, excerpt, locator). The other side's rows that
point at a matched row are re-pointed to ours. Pairings made by an earlier merge are remembered through
the history, so a tag renamed after the merge still pairs up.

How changes are told apart. Every change writes a new ``rev`` on the row and a history record
``(row, rev, parent_rev)``; a merge writes an extra ``merge`` record whose parent is the other side's rev,
so revisions form a graph. For a row present on both sides, the records reachable from the other side's
rev but not from ours are the changes we have not seen, and vice versa. Field by field:

- a field only the other side changed takes their value;
- a field only we changed keeps ours;
- a field both changed (to different values) keeps the more recent change (by the time of the change
  that set it; ties broken by rev) and the other value goes into the history and the report;
- a field neither changed keeps ours (this is how a shared copy's blanked private notes never blank the
  originals: blanking them was not an edit).

Records written by a merge (and inserts that restore an earlier row image, e.g. undo) count as no change:
what they carry is already represented by the edits they merged.

Deletions. A row deleted on one side (a tombstone, whose history record names the rev it deleted) and
present on the other is deleted here only if the side that still has it made no change the deleter did not
see; otherwise the edit wins: the row is kept (or re-created here), reported, and the rows deleted along
with it (a claim's tags and source links, an article's claims) come back with it. A row deleted on one
side but still used by a row the other side kept or added is kept too, and reported.

The whole merge is one transaction, after a backup of the project into the per-user backups folder
(``store.backups``, reason "merge"; no merge without it); merging the same file again changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from workbench.core.errors import BackupFailed, ValidationError, WorkbenchError
from workbench.ops.base import operation
from workbench.ops.merge.plan import MergePlan
from workbench.ops.merge.report import (
    COMBINED,
    DELETED_HERE_EDITED_THERE,
    EDITED_BOTH,
    EDITED_HERE_DELETED_THERE,
    NOT_ON_SCALE,
    STILL_USED,
    Conflict,
    MergeReport,
)
from workbench.ops.merge.write import MergeWriter, Progress
from workbench.ops.share import same_file
from workbench.store import Project, Tx, dberrors
from workbench.store.backups import Backup, discard_backup, make_backup_without_rotation, rotate_backups
from workbench.store.connect import snapshot

if TYPE_CHECKING:
    from workbench.store.cipher import CipherKey

__all__ = [
    "COMBINED",
    "DELETED_HERE_EDITED_THERE",
    "EDITED_BOTH",
    "EDITED_HERE_DELETED_THERE",
    "NOT_ON_SCALE",
    "STILL_USED",
    "Conflict",
    "MergeReport",
    "Progress",
    "merge_project",
]


def merge_project(project: Project, *, other_path: str | Path, progress: Progress | None = None,
                  other_passphrase: str | None = None, other_key: CipherKey | None = None) -> MergeReport:
    """Bring everything from the project file ``other_path`` into ``project``; see the module docstring.

    A backup of ``project`` is made first (and dropped again when there was nothing to merge); when it
    cannot be written the merge is not done (BackupFailed). Raises ProjectFileError for a file that cannot
    be read as a project, ValidationError for the project itself; on any failure the project is left
    exactly as it was. ``progress(done, total)``, when given, is called after each row written.

    An encrypted other copy opens with the project's own key when it is one of its copies (a share, a
    backup: same passphrase and salt), else with ``other_key`` or ``other_passphrase`` (PassphraseRequired
    without either).
    """
    other_path = Path(other_path)
    if same_file(other_path, project.path):
        raise ValidationError("That is this project itself; choose the other copy to merge in.")
    other = Project.open(other_path, read_only=True, cipher_key=other_key or project.cipher_key,
                         passphrase=other_passphrase)
    try:
        backup = _backup(project)
        committed = False
        try:
            # One read transaction: every row of the other file comes from one consistent snapshot.
            with snapshot(other.conn):
                report = _merge(project, other=other, progress=progress)
                committed = True
        except dberrors.IntegrityError as exc:
            discard_backup(backup)
            raise WorkbenchError(f"The merge could not be completed ({exc}); nothing was changed.") from exc
        except BaseException:
            # Once the merge is in the file its backup is the only way back: never dropped after that.
            if not committed:
                discard_backup(backup)
            raise
    finally:
        other.close()
    report.other_path = str(other_path)
    if report.changed_anything:
        report.backup_path = str(backup.path)
        rotate_backups(project.path)  # only now: a dropped backup must not have pushed an older one out
    else:
        discard_backup(backup)
    return report


@operation(lambda *, other, progress: f"Merge {Path(other.path).name}")
def _merge(tx: Tx, *, other: Project, progress: Progress | None) -> MergeReport:
    plan = MergePlan(tx, other)
    plan.decide()
    report = MergeReport(tx.changes.op)
    MergeWriter(tx, plan, report, progress).write()
    report.images = tx.changes.images
    return report


def _backup(project: Project) -> Backup:
    try:
        return make_backup_without_rotation(project, "merge")
    except BackupFailed as exc:
        raise BackupFailed(f"The merge was not done, because {exc} Free some disk space and try again; "
                           "nothing was changed.") from exc
