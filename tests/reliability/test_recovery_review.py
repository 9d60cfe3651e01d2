"""Ways to lose work in the recovery paths found in review, each proved fixed: a damaged file put in place of
an open project must still be read through on its next open; the backups of a deleted project survive a
new project made at the same path."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.support.damage import damage_claims_page, many_claims
from workbench.core.errors import DamagedProjectError
from workbench.ops.sample import create_sample_project
from workbench.store import Project
from workbench.store.backups import KEEP_PERIODIC, backup_file, list_backups, project_folder


def test_a_damaged_file_put_in_place_of_an_open_project_is_not_vouched_for_when_it_closes(tmp_path: Path) -> None:
    # A sync client (or a colleague) replaces the file while the window has it open; the window never writes
    # over it, but closing must not record the stranger as "closed cleanly here", or its damage goes unseen.
    path = many_claims(tmp_path / "story.fcproj")
    stranger = tmp_path / "synced copy.fcproj"
    shutil.copyfile(path, stranger)
    damage_claims_page(stranger)
    project = Project.open(path)
    os.replace(stranger, path)
    project.close()
    with pytest.raises(DamagedProjectError):
        Project.open(path).close()


def test_backups_of_a_deleted_project_survive_a_new_project_at_the_same_path(tmp_path: Path) -> None:
    path = tmp_path / "story.fcproj"
    create_sample_project(path, author="Ana").close()
    old = backup_file(path, "periodic")
    path.unlink()  # the old project is gone: its backup is now the only copy of that work
    Project.create(path, title="Another story").close()
    for _ in range(KEEP_PERIODIC + 2):
        backup_file(path, "periodic")
    assert old.path.exists(), "the rotation of the new project deleted the only copy of the old one"
    assert len([p for p in project_folder(path).glob("*.fcproj")]) == KEEP_PERIODIC + 1
    assert old.path in [b.path for b in list_backups(path)]


def test_trying_one_backup_after_another_never_pushes_out_the_work_from_before_the_first(tmp_path: Path) -> None:
    # Looking for the right backup means restoring several in a row; each restore keeps the state it replaces,
    # but five restores of unchanged backups used to push out the one state that exists nowhere else.
    from workbench import ops
    from workbench.store.backups import KEEP_PER_EVENT, restore_backup

    path = tmp_path / "story.fcproj"
    create_sample_project(path, author="Ana").close()
    earlier = backup_file(path, "periodic")
    with Project.open(path) as project:
        ops.set_project_title(project, title="Work of the last minutes")
    for _ in range(KEEP_PER_EVENT + 2):
        restore_backup(path, earlier)
    titles = []
    for b in list_backups(path):
        with Project.open(b.path, read_only=True) as copy:
            titles.append(copy.title)
    assert "Work of the last minutes" in titles


def test_a_restore_refused_for_a_full_data_folder_leaves_no_half_copy_behind(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The data folder fills up while the current file is being kept: the restore is refused and the file is
    # unchanged (as before), and no half-written "damaged" copy is left there to take up the space.
    import errno

    from workbench.store import backups

    path = tmp_path / "story.fcproj"
    create_sample_project(path, author="Ana").close()
    earlier = backup_file(path, "periodic")
    before = path.read_bytes()

    def full_disk(*_a: object, **_k: object) -> None:
        raise backups.BackupFailed("the disk is full.")

    def half_copy(src: Path, dest: Path) -> None:
        Path(dest).write_bytes(Path(src).read_bytes()[:4096])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backups, "backup_file", full_disk)
    monkeypatch.setattr(backups.shutil, "copyfile", half_copy)
    with pytest.raises(backups.BackupFailed, match="could not be kept first"):
        backups.restore_backup(path, earlier)
    assert path.read_bytes() == before
    assert sorted(p.name for p in project_folder(path).iterdir()) == sorted(
        [earlier.path.name, earlier.path.with_suffix(".json").name])


def test_the_backup_before_a_days_first_merge_outlives_more_merges(tmp_path: Path) -> None:
    # Merging each colleague's copy at the end of the day: every merge report says "the project as it was
    # before is kept as a backup"; five merges later the one from before the first used to be rotated out,
    # and with it the only way back to the project before any of them (a merge is not on the undo stack).
    from workbench import ops
    from workbench.ops.merge import merge_project
    from workbench.ops.share import share_project
    from workbench.store.backups import KEEP_PER_EVENT

    path = tmp_path / "story.fcproj"
    project = create_sample_project(path, author="Ana")
    reports = []
    try:
        for n in range(KEEP_PER_EVENT + 2):
            other = tmp_path / f"colleague {n}.fcproj"
            share_project(project, dest=other)
            with Project.open(other) as theirs:
                ops.add_tag(theirs, name=f"From colleague {n}")
            reports.append(merge_project(project, other_path=other))
    finally:
        project.close()
    first = Path(reports[0].backup_path)
    assert first.exists(), "the backup named by the first merge's report is gone"
    with Project.open(first, read_only=True) as before:
        from workbench.store.queries import list_tags

        assert not [t.name for t in list_tags(before) if t.name.startswith("From colleague")]
    merges = [b for b in list_backups(path) if b.reason == "merge"]
    assert len(merges) == KEEP_PER_EVENT + 1  # the newest five, and the day's first
