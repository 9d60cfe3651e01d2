"""Automatic backups: where they go, what they hold, which are kept, what triggers them (migration, merge,
bulk delete), and restoring one (atomically, after keeping the current file, never over an open project,
never from a file that is not a project)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.cli import sha256
from workbench import ops
from workbench.core.errors import BackupFailed, ProjectFileError, ProjectInUseError, WorkbenchError
from workbench.ops.merge import merge_project
from workbench.ops.sample import create_sample_project
from workbench.ops.share import share_project
from workbench.store import Project, schema
from workbench.store import backups as backups_module
from workbench.store.backups import (
    KEEP_DAILY,
    KEEP_PER_EVENT,
    KEEP_PERIODIC,
    Backup,
    backup_file,
    backups_dir,
    list_backups,
    make_backup,
    project_folder,
    restore_backup,
    rotate_backups,
)
from workbench.store.queries import list_claims, list_tags
from workbench.store.queries_sources import list_sources


def claim_ids(path: Path) -> list[str]:
    with Project.open(path, read_only=True) as p:
        return sorted(c.id for c in list_claims(p))


def break_the_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No backup can be written: the data folder is a file (as unwritable as a full disk for our purpose)."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(blocker))


# -- making backups ----------------------------------------------------------------------------------------


def test_a_backup_is_a_complete_project_in_the_data_folder(sample_project: Project, tmp_path: Path) -> None:
    backup = make_backup(sample_project, "manual")
    assert backup.path.parent == project_folder(sample_project.path)
    assert backup.path.is_relative_to(backups_dir())
    assert backup.project_path == sample_project.path.resolve()
    assert (backup.reason, backup.title) == ("manual", sample_project.title)
    assert backup.size == backup.path.stat().st_size > 0
    assert backup.created_at.endswith("Z") and "T" in backup.created_at
    # Nothing is written beside the project.
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["sample.fcproj", "sample.fcproj.lock"]
    with Project.open(backup.path, read_only=True) as copy:
        assert [c.id for c in list_claims(copy)] == [c.id for c in list_claims(sample_project)]
        assert copy.check() == []
        assert copy.conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    manifest = json.loads(backup.path.with_suffix(".json").read_text(encoding="utf-8"))
    assert manifest["project_path"] == str(sample_project.path.resolve())
    assert manifest["project_id"] == sample_project.meta("project_id")
    assert list_backups(sample_project.path) == [backup]


def test_an_interrupted_backup_never_looks_like_one(sample_project: Project,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as mp:
        mp.setattr(backups_module.os, "replace", crash)
        with pytest.raises(BackupFailed, match="No space left on device"):
            make_backup(sample_project, "manual")
    folder = project_folder(sample_project.path)
    assert list_backups(sample_project.path) == []
    assert not list(folder.glob("*.fcproj"))
    # A temporary file left by a real crash (a killed process) is hidden and never listed either.
    (folder / ".20260101T000000000Z-periodic.fcproj.999.partial").write_bytes(b"SQLite format 3\x00half")
    assert list_backups(sample_project.path) == []


def test_two_backups_in_one_moment_get_two_files(sample_project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backups_module, "utc_now", lambda: "2026-01-01T10:00:00.000Z")
    first = make_backup(sample_project, "manual")
    second = make_backup(sample_project, "manual")
    assert first.path != second.path
    assert {b.path for b in list_backups(sample_project.path)} == {first.path, second.path}


def test_a_background_backup_is_consistent_while_the_project_is_edited(sample_project: Project) -> None:
    result: dict[str, Backup] = {}
    thread = threading.Thread(target=lambda: result.setdefault("b", backup_file(sample_project.path)))
    article_id = list_claims(sample_project)[0].article_id
    thread.start()
    for n in range(30):  # commits from the "window" while the worker copies
        ops.add_claim(sample_project, article_id=article_id, start=n, end=n + 3)
    thread.join()
    with Project.open(result["b"].path, read_only=True) as copy:
        assert copy.check() == []
        assert 3 <= len(list_claims(copy)) <= 33


# -- rotation ----------------------------------------------------------------------------------------------


def _backups_at(project: Project, monkeypatch: pytest.MonkeyPatch,
                stamps: list[tuple[str, str]]) -> dict[tuple[str, str], Path]:
    made = {}
    for stamp, reason in stamps:
        monkeypatch.setattr(backups_module, "utc_now", lambda s=stamp: s)
        made[(stamp, reason)] = make_backup(project, reason).path
    monkeypatch.setattr(backups_module, "_local_day", lambda created_at: created_at[:10])
    return made


def test_rotation_keeps_the_documented_numbers(sample_project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    stamps = []
    # Ten earlier days with three periodic backups each, then fifteen today.
    for day in range(1, 11):
        stamps += [(f"2026-03-{day:02d}T{h:02d}:00:00.000Z", "periodic") for h in (9, 12, 17)]
    stamps += [(f"2026-03-11T{8 + n // 6:02d}:{n % 6 * 10:02d}:00.000Z", "periodic") for n in range(15)]
    stamps += [(f"2026-03-11T07:0{n}:00.000Z", "merge") for n in range(8)]
    stamps += [(f"2026-03-10T07:0{n}:00.000Z", "bulk-delete") for n in range(3)]
    made = _backups_at(sample_project, monkeypatch, stamps)
    rotate_backups(sample_project.path)
    kept = {(b.created_at, b.reason) for b in list_backups(sample_project.path)}
    periodic = sorted((s for s, r in stamps if r == "periodic"), reverse=True)
    earlier_days = sorted({s[:10] for s in periodic if not s.startswith("2026-03-11")}, reverse=True)[:KEEP_DAILY]
    expected = {(s, "periodic") for s in periodic[:KEEP_PERIODIC]}
    expected |= {(max(s for s in periodic if s.startswith(day)), "periodic") for day in earlier_days}
    expected |= {(s, "merge") for s in sorted((s for s, r in stamps if r == "merge"), reverse=True)[:KEEP_PER_EVENT]}
    expected |= {("2026-03-11T07:00:00.000Z", "merge")}  # the day's first merge: the project before them all
    expected |= {(s, "bulk-delete") for s, r in stamps if r == "bulk-delete"}
    assert kept == expected
    assert len(kept) == KEEP_PERIODIC + KEEP_DAILY + KEEP_PER_EVENT + 1 + 3
    # Deleted ones are gone from disk with their manifests; nothing else is left in the folder.
    on_disk = {p for p in project_folder(sample_project.path).iterdir()}
    assert on_disk == {made[k] for k in made if (k[0], k[1]) in expected} | {
        made[k].with_suffix(".json") for k in made if (k[0], k[1]) in expected}


def test_rotation_always_keeps_the_newest_and_only_touches_its_own_project(
        sample_project: Project, project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    theirs = [make_backup(project, "merge") for _ in range(KEEP_PER_EVENT + 2)]
    stray = backups_dir() / "notes.txt"
    stray.write_text("the journalist's own file")
    _backups_at(sample_project, monkeypatch, [(f"2026-03-01T10:0{n}:00.000Z", "merge") for n in range(9)])
    rotate_backups(sample_project.path)
    mine = list_backups(sample_project.path)
    assert [b.created_at for b in mine] == [f"2026-03-01T10:0{n}:00.000Z" for n in (8, 7, 6, 5, 4, 0)]
    assert stray.read_text() == "the journalist's own file"
    # The other project's own rotation (at each of its backups) kept its newest five and the day's first; ours
    # took none.
    newest = [b.path for b in reversed(theirs)][:KEEP_PER_EVENT]
    assert [b.path for b in list_backups(project.path)] == [*newest, theirs[0].path]


# -- triggers ----------------------------------------------------------------------------------------------


def _pretend_version_2(monkeypatch: pytest.MonkeyPatch) -> None:
    def migration(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE claims ADD COLUMN confidence TEXT NOT NULL DEFAULT 'unknown'")

    # The next format after this build's, whatever this build's is.
    migrations = {**schema.MIGRATIONS, schema.SCHEMA_VERSION: migration}
    monkeypatch.setattr(schema, "SCHEMA_VERSION", schema.SCHEMA_VERSION + 1)
    monkeypatch.setattr(schema, "MIGRATIONS", migrations)


def test_a_migration_is_preceded_by_a_backup_of_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.fcproj"
    create_sample_project(path).close()
    before = claim_ids(path)
    current = schema.SCHEMA_VERSION
    with monkeypatch.context() as mp:
        _pretend_version_2(mp)
        Project.open(path).close()
    (backup,) = list_backups(path)
    assert backup.reason == "migration"
    versions = []
    for file in (backup.path, path):
        conn = sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True)
        versions.append(conn.execute("PRAGMA user_version").fetchone()[0])
        conn.close()
    assert versions == [current, current + 1]
    # This build reads version 1 again: the backup is the old project, intact, and restores.
    restore_backup(path, backup)
    assert claim_ids(path) == before
    with Project.open(path) as p:
        assert p.conn.execute("PRAGMA user_version").fetchone()[0] == current and p.check() == []


def test_no_migration_without_its_backup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.fcproj"
    create_sample_project(path).close()
    before = sha256(path)
    _pretend_version_2(monkeypatch)
    break_the_data_folder(tmp_path, monkeypatch)
    old = schema.SCHEMA_VERSION - 1
    with pytest.raises(BackupFailed, match=rf"Upgrading old\.fcproj from file format {old} was not done") as info:
        Project.open(path)
    assert "nothing was changed" in str(info.value) and "\n" not in str(info.value)
    assert sha256(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-folder", "old.fcproj"]


def test_a_merge_is_preceded_by_a_backup_and_refused_without_one(
        sample_project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    other = tmp_path / "colleague.fcproj"
    share_project(sample_project, dest=other)
    with Project.open(other) as theirs:
        ops.add_tag(theirs, name="From Anna")
    before = claim_ids(sample_project.path), [t.name for t in list_tags(sample_project)]

    with monkeypatch.context() as mp:
        break_the_data_folder(tmp_path, mp)
        with pytest.raises(BackupFailed, match="The merge was not done") as info:
            merge_project(sample_project, other_path=other)
    assert "Free some disk space" in str(info.value)
    assert (claim_ids(sample_project.path), [t.name for t in list_tags(sample_project)]) == before

    report = merge_project(sample_project, other_path=other)
    (backup,) = list_backups(sample_project.path)
    assert backup.reason == "merge" and report.backup_path == str(backup.path)
    assert backup.path.name in report.text()
    with Project.open(backup.path, read_only=True) as old:
        assert "From Anna" not in [t.name for t in list_tags(old)]


def _article_with_claims(p: Project) -> str:
    return list_claims(p)[0].article_id


def _tag_on(n: int) -> Callable[[Project], tuple[Callable[..., object], dict[str, str]]]:
    def setup(p: Project) -> tuple[Callable[..., object], dict[str, str]]:
        for c in list_claims(p)[:n]:
            ops.tag_claim(p, claim_id=c.id, name="Disputed")
        (tag,) = [t for t in list_tags(p) if t.name == "Disputed"]
        return ops.delete_tag, {"tag_id": tag.id}
    return setup


def _source_on(n: int) -> Callable[[Project], tuple[Callable[..., object], dict[str, str]]]:
    def setup(p: Project) -> tuple[Callable[..., object], dict[str, str]]:
        source_id = ops.add_source(p, title="Ministry statement").created("sources")[0]
        for c in list_claims(p)[:n]:
            ops.link_source(p, claim_id=c.id, source_id=source_id, relation="context")
        return ops.delete_source, {"source_id": source_id}
    return setup


def _article(p: Project) -> tuple[Callable[..., object], dict[str, str]]:
    return ops.delete_article, {"article_id": _article_with_claims(p)}


def _empty_article(p: Project) -> tuple[Callable[..., object], dict[str, str]]:
    from workbench.importers import ImportedArticle

    changes = ops.add_article(p, article=ImportedArticle(title="Empty", text="No quotes here at all."))
    return ops.delete_article, {"article_id": changes.created("articles")[0]}


BULK = [_article, _tag_on(2), _source_on(3)]
NOT_BULK = [_empty_article, _tag_on(1), _source_on(1)]


@pytest.mark.parametrize("setup", BULK, ids=["article with claims", "tag on 2 claims", "source on 3 claims"])
def test_a_bulk_delete_is_preceded_by_a_backup_holding_what_it_deleted(
        sample_project: Project, setup: Callable[[Project], tuple[Callable[..., object], dict[str, str]]]) -> None:
    op, kwargs = setup(sample_project)
    claims_before = claim_ids(sample_project.path)
    sources_before = {s.title for s in list_sources(sample_project)}
    tags_before = {t.name for t in list_tags(sample_project)}
    op(sample_project, **kwargs)
    (backup,) = list_backups(sample_project.path)
    assert backup.reason == "bulk-delete"
    with Project.open(backup.path, read_only=True) as old:
        assert sorted(c.id for c in list_claims(old)) == claims_before
        assert {s.title for s in list_sources(old)} == sources_before
        assert {t.name for t in list_tags(old)} == tags_before


@pytest.mark.parametrize("setup", NOT_BULK, ids=["article without claims", "tag on 1 claim", "source on 1 claim"])
def test_a_small_delete_makes_no_backup(
        sample_project: Project, setup: Callable[[Project], tuple[Callable[..., object], dict[str, str]]]) -> None:
    op, kwargs = setup(sample_project)
    op(sample_project, **kwargs)
    assert list_backups(sample_project.path) == []


@pytest.mark.parametrize("setup", BULK, ids=["article with claims", "tag on 2 claims", "source on 3 claims"])
def test_a_bulk_delete_without_its_backup_deletes_nothing(
        sample_project: Project, setup: Callable[[Project], tuple[Callable[..., object], dict[str, str]]],
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    op, kwargs = setup(sample_project)
    before = sha256(sample_project.path)
    break_the_data_folder(tmp_path, monkeypatch)
    with pytest.raises(BackupFailed, match=r"was not done, because a backup of sample\.fcproj could not be written"):
        op(sample_project, **kwargs)
    assert sha256(sample_project.path) == before


# -- listing -----------------------------------------------------------------------------------------------


def test_backups_of_a_deleted_project_are_still_listed(sample_project: Project) -> None:
    made = make_backup(sample_project, "manual")
    path = sample_project.path
    sample_project.close()
    path.unlink()
    assert list_backups(path) == [made]
    restore_backup(path, made)  # and it can be brought back
    assert claim_ids(path) == claim_ids(made.path)


def test_backups_follow_a_moved_project_but_not_a_copy(sample_project: Project, tmp_path: Path) -> None:
    made = make_backup(sample_project, "manual")
    old_path = sample_project.path
    copy = tmp_path / "copy.fcproj"
    sample_project.backup_to(copy)  # same project id, but the original is still where it was
    assert list_backups(copy) == []
    sample_project.close()
    moved = tmp_path / "moved" / "story.fcproj"
    moved.parent.mkdir()
    old_path.rename(moved)
    assert list_backups(moved) == [made]


# -- restoring ---------------------------------------------------------------------------------------------


def test_restore_round_trip_keeps_the_state_it_replaces(sample_project: Project) -> None:
    path = sample_project.path
    backup = make_backup(sample_project, "manual")
    at_backup = claim_ids(path)
    article_id = list_claims(sample_project)[0].article_id
    ops.add_claim(sample_project, article_id=article_id, start=0, end=4)
    later = claim_ids(path)
    sample_project.close()

    before = restore_backup(path, backup)
    assert claim_ids(path) == at_backup
    assert before is not None and before.reason == "before-restore"
    assert claim_ids(before.path) == later
    assert list_backups(path)[0] == before
    with Project.open(path) as reopened:
        assert reopened.check() == []
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".")]  # no temporary file left


def test_restore_is_refused_while_the_project_is_open(sample_project: Project) -> None:
    backup = make_backup(sample_project, "manual")
    ops.set_project_title(sample_project, title="Edited")
    before = sha256(sample_project.path)
    with pytest.raises(ProjectInUseError, match="close it before restoring"):
        restore_backup(sample_project.path, backup)
    assert sha256(sample_project.path) == before
    assert list_backups(sample_project.path) == [backup]


def test_restore_is_refused_while_another_program_edits_the_project(sample_project: Project) -> None:
    backup = make_backup(sample_project, "manual")
    path = sample_project.path
    sample_project.close()
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys
            from workbench.store import Project
            p = Project.open({str(path)!r})
            print("open", flush=True)
            sys.stdin.read()
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env={**os.environ})
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        before = sha256(path)
        with pytest.raises(ProjectInUseError, match="already open in another window"):
            restore_backup(path, backup)
        assert sha256(path) == before
    finally:
        holder.communicate("")
    restore_backup(path, backup)  # once it is closed, the restore goes ahead


@pytest.mark.parametrize("content", [b"shopping list", b"SQLite format 3\x00" + b"\x00" * 200],
                         ids=["text file", "truncated database"])
def test_a_file_that_is_not_a_project_is_never_restored(sample_project: Project, tmp_path: Path,
                                                        content: bytes) -> None:
    path = sample_project.path
    sample_project.close()
    garbage = tmp_path / "backup.fcproj"
    garbage.write_bytes(content)
    before = sha256(path)
    with pytest.raises(ProjectFileError, match=r"Not restored: backup\.fcproj.*sample\.fcproj was not changed"):
        restore_backup(path, garbage)
    assert sha256(path) == before
    assert list_backups(path) == []  # not even a before-restore backup: nothing happened


def test_a_damaged_project_is_replaced_but_its_bytes_are_kept(sample_project: Project) -> None:
    backup = make_backup(sample_project, "manual")
    path = sample_project.path
    sample_project.close()
    path.write_bytes(b"SQLite format 3\x00" + b"\x17" * 5000)  # what a bad USB stick leaves
    with pytest.raises(WorkbenchError):
        Project.open(path)
    assert restore_backup(path, backup) is None
    assert claim_ids(path) == claim_ids(backup.path)
    (kept,) = project_folder(path).glob("*-before-restore.damaged")
    assert kept.read_bytes() == b"SQLite format 3\x00" + b"\x17" * 5000
    assert list_backups(path) == [backup]  # the raw copy is not offered as a backup


def test_a_stale_journal_is_not_played_into_the_restored_file(sample_project: Project) -> None:
    backup = make_backup(sample_project, "manual")
    path = sample_project.path
    sample_project.close()
    journal = path.with_name(path.name + "-journal")
    journal.write_bytes(b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7" + b"\x00" * 600)  # a crash's leftover
    restore_backup(path, backup)
    assert not journal.exists()
    with Project.open(path) as p:
        assert p.check() == []
