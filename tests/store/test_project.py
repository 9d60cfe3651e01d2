"""The project file: creating, opening, closing, refusing files that are not ours (leaving them
byte-for-byte untouched), migrating older files after a backup, checking, stamping and history."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import tempfile
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.support.cli import sha256
from tests.support.projects import add_article
from workbench import ops
from workbench.core.errors import ProjectFileError
from workbench.core.paths import user_data_dir
from workbench.ops.sample import create_sample_project
from workbench.store import Project, schema, trust
from workbench.store.backups import list_backups
from workbench.store.queries import list_claims

APPLICATION_ID = 0x46435742  # 'FCWB': what a project file must carry, written out here on purpose


def pragma(path: Path, name: str) -> int:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        conn.close()


POTHOLES = "The mayor said “we will fix every pothole by May”. Nobody believed her."


def is_utc_iso(stamp: str) -> bool:
    return stamp.endswith("Z") and datetime.fromisoformat(stamp).utcoffset() == timedelta(0)


# -- create / open / close -----------------------------------------------------------------------------


def test_create_makes_a_marked_current_format_file(project_path: Path) -> None:
    with Project.create(project_path, title="Election 2024", author="Ana") as project:
        assert project.title == "Election 2024"
        assert project.meta("created_by") == "Ana"
        assert uuid.UUID(project.meta("project_id"))
    assert pragma(project_path, "application_id") == APPLICATION_ID
    assert pragma(project_path, "user_version") == schema.SCHEMA_VERSION >= 1
    with Project.open(project_path) as again:
        assert again.title == "Election 2024"
        labels = [r[0] for r in again.conn.execute("SELECT label FROM verdict_scale ORDER BY position")]
        assert labels == [label for label, _ in schema.DEFAULT_VERDICTS]


def test_create_without_title_uses_the_file_name(tmp_path: Path) -> None:
    with Project.create(tmp_path / "Budget check.fcproj") as project:
        assert project.title == "Budget check"


def test_open_connection_uses_a_rollback_journal_and_full_sync(project: Project) -> None:
    assert project.conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert project.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert project.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_closed_project_is_one_file_with_no_journal_beside_it(tmp_path: Path) -> None:
    path = tmp_path / "work.fcproj"
    with Project.create(path, author="Ana") as project:
        article_id = add_article(project, POTHOLES, "Potholes")
        ops.add_claim(project, article_id=article_id, quote="we will fix every pothole by May",
                      speaker="The mayor", tags=["Roads"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["work.fcproj"]
    # Still a rollback-journal file when opened by any SQLite tool, not WAL (which needs -wal/-shm).
    assert pragma(path, "journal_mode") == "delete"


def test_edits_are_on_disk_before_close(tmp_path: Path) -> None:
    path = tmp_path / "autosave.fcproj"
    project = Project.create(path, author="Ana")
    try:
        article_id = add_article(project, POTHOLES, "Potholes")
        # Another reader (a backup tool, a colleague's copy) sees the edit while the project is open.
        conn = sqlite3.connect(path)
        assert conn.execute("SELECT id FROM articles").fetchall() == [(article_id,)]
        conn.close()
    finally:
        project.close()


def test_close_twice_is_harmless(project: Project) -> None:
    project.close()
    project.close()


def test_opening_and_closing_changes_no_byte(sample_project: Project) -> None:
    path = sample_project.path
    sample_project.close()
    before = sha256(path)
    Project.open(path).close()
    Project.open(path, read_only=True).close()
    assert sha256(path) == before


def test_create_refuses_to_overwrite(project_path: Path) -> None:
    project_path.write_text("my notes, not a project", encoding="utf-8")
    before = sha256(project_path)
    with pytest.raises(ProjectFileError, match="already exists"):
        Project.create(project_path)
    assert sha256(project_path) == before


def test_create_refuses_to_overwrite_an_existing_project(sample_project: Project) -> None:
    path = sample_project.path
    sample_project.close()
    before = sha256(path)
    with pytest.raises(ProjectFileError, match="already exists"):
        Project.create(path, title="Fresh")
    assert sha256(path) == before
    with Project.open(path) as project:
        assert len(list_claims(project)) == 3


def test_create_in_a_missing_folder_is_refused_clearly(tmp_path: Path) -> None:
    with pytest.raises(ProjectFileError, match="no such folder"):
        Project.create(tmp_path / "nowhere" / "p.fcproj")
    assert not (tmp_path / "nowhere").exists()


def test_create_leaves_no_temporary_file(tmp_path: Path) -> None:
    Project.create(tmp_path / "p.fcproj").close()
    assert [p.name for p in tmp_path.iterdir()] == ["p.fcproj"]


def test_open_missing_file_is_refused_clearly(tmp_path: Path) -> None:
    with pytest.raises(ProjectFileError, match="no such file"):
        Project.open(tmp_path / "missing.fcproj")
    assert not (tmp_path / "missing.fcproj").exists()


def test_open_a_folder_is_refused_clearly(tmp_path: Path) -> None:
    folder = tmp_path / "folder.fcproj"
    folder.mkdir()
    with pytest.raises(ProjectFileError, match="folder"):
        Project.open(folder)


# -- refusing files that are not (readable) projects -----------------------------------------------------


def _other_program_db(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('Ana', '555-0100')")
    conn.commit()
    conn.close()


def _text_file(path: Path) -> None:
    path.write_text("Interview notes, 3 March.\nThe mayor said the roads are fine.\n" * 20, encoding="utf-8")


def _empty_file(path: Path) -> None:
    path.write_bytes(b"")


def _truncated_project(path: Path) -> None:
    full = path.with_name("full.fcproj")
    create_sample_project(full, author="Ana").close()
    data = full.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _newer_project(path: Path) -> None:
    Project.create(path, author="Ana").close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.close()


def _header_only(path: Path) -> None:
    # A real header followed by garbage: a file damaged past its first 100 bytes.
    full = path.with_name("full.fcproj")
    create_sample_project(full, author="Ana").close()
    data = bytearray(full.read_bytes())
    data[100:] = bytes((i * 7 + 3) % 256 for i in range(len(data) - 100))
    path.write_bytes(bytes(data))


REFUSED: list[tuple[str, Callable[[Path], None], str]] = [
    ("other-program-database", _other_program_db, "another program"),
    ("text-file-renamed", _text_file, "not a Fact-Check Workbench project"),
    ("empty-file", _empty_file, "not a Fact-Check Workbench project"),
    ("truncated-project", _truncated_project, "incomplete"),
    ("newer-format", _newer_project, "newer version of Fact-Check Workbench"),
    ("damaged-after-header", _header_only, "damaged|malformed"),
]


@pytest.mark.parametrize(
    ("make", "message"), [(m, msg) for _, m, msg in REFUSED], ids=[i for i, _, _ in REFUSED]
)
@pytest.mark.parametrize("read_only", [False, True], ids=["read-write", "read-only"])
def test_refused_file_is_left_byte_for_byte_untouched(
    tmp_path: Path, make: Callable[[Path], None], message: str, read_only: bool
) -> None:
    path = tmp_path / "suspect.fcproj"
    make(path)
    before = sha256(path)
    listing = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(ProjectFileError, match=message) as info:
        Project.open(path, read_only=read_only)
    text = str(info.value)
    assert text.startswith("suspect.fcproj: ")
    assert "\n" not in text
    assert sha256(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == listing  # no journal, no backup, nothing


def test_newer_format_message_says_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "from-the-future.fcproj"
    _newer_project(path)
    with pytest.raises(ProjectFileError) as info:
        Project.open(path)
    assert "Update the app" in str(info.value)
    assert "not changed" in str(info.value)
    assert pragma(path, "user_version") == schema.SCHEMA_VERSION + 1


# -- migrations -----------------------------------------------------------------------------------------


def _add_confidence(conn: sqlite3.Connection) -> None:
    """A fake version-1 -> 2 migration: a new column and a new meta row."""
    conn.execute("ALTER TABLE claims ADD COLUMN confidence TEXT NOT NULL DEFAULT 'unknown'")
    conn.execute("INSERT INTO meta(key, value) VALUES ('migrated', 'yes')")


def _broken_migration(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE claims ADD COLUMN confidence TEXT NOT NULL DEFAULT 'unknown'")
    conn.execute("UPDATE claims SET speaker = 'overwritten'")
    conn.execute("SELECT * FROM no_such_table")  # fails half-way through


# This build's file format, and the pretend next one.
OLD = schema.SCHEMA_VERSION
NEW = OLD + 1


def _pretend_version_2(
    monkeypatch: pytest.MonkeyPatch, migration: Callable[[sqlite3.Connection], None]
) -> None:
    # The next format after this build's, whatever this build's is.
    migrations = {**schema.MIGRATIONS, OLD: migration}
    monkeypatch.setattr(schema, "SCHEMA_VERSION", NEW)
    monkeypatch.setattr(schema, "MIGRATIONS", migrations)


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]


@pytest.fixture
def v1_project(tmp_path: Path) -> Path:
    path = tmp_path / "old.fcproj"
    create_sample_project(path, author="Ana").close()
    assert pragma(path, "user_version") == OLD
    return path


def test_older_file_is_migrated_after_a_backup_copy(
    v1_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = sha256(v1_project)
    with Project.open(v1_project, read_only=True) as p:
        claims_before = [(c.id, c.exact, c.speaker) for c in list_claims(p)]
    _pretend_version_2(monkeypatch, _add_confidence)

    with Project.open(v1_project) as project:
        assert project.conn.execute("PRAGMA user_version").fetchone()[0] == NEW
        assert "confidence" in _columns(project.conn, "claims")
        assert project.meta("migrated") == "yes"
        assert [(c.id, c.exact, c.speaker) for c in list_claims(project)] == claims_before
        assert project.check() == []
    assert pragma(v1_project, "user_version") == NEW

    # The backup is in the per-user backups folder, not beside the project.
    assert sorted(p.name for p in v1_project.parent.iterdir()) == ["old.fcproj"]
    (made,) = list_backups(v1_project)
    assert made.reason == "migration"
    backup = made.path
    assert pragma(backup, "user_version") == OLD
    assert pragma(backup, "application_id") == APPLICATION_ID
    assert pragma(backup, "journal_mode") == "delete"
    conn = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
    assert "confidence" not in _columns(conn, "claims")
    conn.close()
    assert sha256(v1_project) != before

    # The backup is a complete version-1 project for this (version-1) build.
    monkeypatch.undo()
    with Project.open(backup, read_only=True) as old:
        assert [(c.id, c.exact, c.speaker) for c in list_claims(old)] == claims_before
        assert old.check() == []


def test_failing_migration_leaves_the_file_as_it_was(
    v1_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = sha256(v1_project)
    _pretend_version_2(monkeypatch, _broken_migration)
    with pytest.raises(ProjectFileError, match=f"could not be upgraded from file format {OLD} to {NEW}") as info:
        Project.open(v1_project)
    assert "\n" not in str(info.value)
    assert "not changed" in str(info.value)
    assert sha256(v1_project) == before
    assert pragma(v1_project, "user_version") == OLD
    conn = sqlite3.connect(f"{v1_project.resolve().as_uri()}?mode=ro", uri=True)
    assert "confidence" not in _columns(conn, "claims")
    assert "overwritten" not in {r[0] for r in conn.execute("SELECT speaker FROM claims")}
    conn.close()
    # Nothing beside it: no journal left behind; the backup is in the backups folder and named in the message.
    assert sorted(p.name for p in v1_project.parent.iterdir()) == ["old.fcproj"]
    (backup,) = list_backups(v1_project)
    assert str(backup.path) in str(info.value)


def test_failing_python_migration_is_a_project_file_error(
    v1_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def migration(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE claims ADD COLUMN confidence TEXT NOT NULL DEFAULT 'unknown'")
        raise KeyError("speaker")  # a bug in a data-moving migration

    before = sha256(v1_project)
    _pretend_version_2(monkeypatch, migration)
    with pytest.raises(ProjectFileError, match="could not be upgraded"):
        Project.open(v1_project)
    assert sha256(v1_project) == before
    assert pragma(v1_project, "user_version") == OLD


def test_older_file_opened_read_only_is_read_through_an_upgraded_copy_never_migrated(
    v1_project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    before = sha256(v1_project)
    _pretend_version_2(monkeypatch, _add_confidence)
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    tempfile.tempdir = None  # (tempfile caches the folder it found)
    try:
        with Project.open(v1_project, read_only=True) as project:
            assert "confidence" in _columns(project.conn, "claims")
            assert len(list_claims(project)) == 3
            (scratch,) = (tmp_path / "tmp").iterdir()
            assert scratch.stat().st_mode & 0o077 == 0  # private: nobody else reads the copy
        assert not list((tmp_path / "tmp").iterdir())  # removed when closed
    finally:
        tempfile.tempdir = None
    # The machine's record of cleanly closed projects names no temporary copy (it keeps a bounded number).
    record = user_data_dir() / trust.SEEN_FILE
    seen = json.loads(record.read_text(encoding="utf-8")) if record.exists() else {}
    assert not [k for k in seen if "workbench-upgrade-" in k]
    assert sha256(v1_project) == before
    assert pragma(v1_project, "user_version") == OLD
    assert list_backups(v1_project) == []  # nothing was upgraded, so nothing needed a backup


# -- copies ---------------------------------------------------------------------------------------------


def test_backup_to_writes_a_complete_copy_while_open(sample_project: Project, tmp_path: Path) -> None:
    dest = sample_project.backup_to(tmp_path / "copy.fcproj")
    assert pragma(dest, "application_id") == APPLICATION_ID
    assert pragma(dest, "journal_mode") == "delete"
    with Project.open(dest, read_only=True) as copy:
        assert [c.id for c in list_claims(copy)] == [c.id for c in list_claims(sample_project)]
        assert copy.check() == []
    assert not [p for p in tmp_path.iterdir() if "copying" in p.name]


# -- check ----------------------------------------------------------------------------------------------


def test_check_is_empty_on_a_healthy_file(sample_project: Project) -> None:
    assert sample_project.check() == []


def test_check_reports_a_damaged_search_index(sample_project: Project) -> None:
    sample_project.conn.execute("DELETE FROM claims_fts_data WHERE id > 10")
    problems = sample_project.check()
    assert any("search index of claims" in p for p in problems), problems


def test_check_reports_a_search_index_out_of_step_with_the_text(sample_project: Project) -> None:
    # A claim changed behind the index's back (its trigger dropped): search would give wrong answers.
    sample_project.conn.execute("DROP TRIGGER claims_fts_au")
    sample_project.conn.execute("UPDATE claims SET note = 'completely different words'")
    problems = sample_project.check()
    assert any("search index of claims" in p for p in problems), problems


def test_check_reports_a_claim_whose_article_is_missing(sample_project: Project) -> None:
    conn = sample_project.conn
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute(
        "INSERT INTO claims(id, article_id, start, \"end\", exact, created_at, updated_at) "
        "VALUES ('c-orphan', 'no-such-article', 0, 4, 'NATO', '2024-01-01T00:00:00.000Z', "
        "'2024-01-01T00:00:00.000Z')"
    )
    conn.execute("PRAGMA foreign_keys = ON")
    problems = sample_project.check()
    assert any("claims" in p and "missing articles" in p for p in problems), problems


def test_check_reports_a_wrong_file_identity(project: Project) -> None:
    project.conn.execute("PRAGMA user_version = 0")
    assert any("unexpected file identity" in p for p in project.check())


def test_check_lists_claims_whose_quote_left_their_article_but_finds_the_file_healthy(
    sample_project: Project,
) -> None:
    # Another program rewrote the text (with a matching checksum: a changed checksum is damage, see
    # tests/store/test_damaged_text.py).
    (article_id, text), = sample_project.conn.execute("SELECT id, text FROM articles").fetchall()
    text = text.replace("hoax", "fabrication")
    sample_project.conn.execute("UPDATE articles SET text = ?, text_sha256 = ? WHERE id = ?",
                                (text, hashlib.sha256(text.encode()).hexdigest(), article_id))
    report = sample_project.check()
    assert report == []  # the file is sound; the claim is shown as an orphan, never dropped
    shown_as_orphans = [(c.id, c.exact) for c in list_claims(sample_project) if not c.anchored]
    assert len(shown_as_orphans) == 1 and "hoax" in shown_as_orphans[0][1]
    assert report.orphans == shown_as_orphans


def test_check_on_a_read_only_project_still_checks_integrity(sample_project: Project) -> None:
    path = sample_project.path
    sample_project.close()
    before = sha256(path)
    with Project.open(path, read_only=True) as project:
        assert project.check() == []
    assert sha256(path) == before


# -- rows: ids, stamps, history, tombstones --------------------------------------------------------------


def test_rows_carry_uuid_utc_stamps_and_author(project_path: Path) -> None:
    with Project.create(project_path, author="Ana Ruiz") as project:
        article_id = add_article(project, POTHOLES, "Potholes")
        changes = ops.add_claim(project, article_id=article_id, quote="Nobody believed her",
                                speaker="Reporter", tags=["Roads"])
        for table in ("articles", "claims", "tags", "claim_tags"):
            for row_id in changes.ids(table) or [article_id]:
                row = project.row(table, row_id)
                assert row is not None
                assert uuid.UUID(row["id"]).version == 4
                assert is_utc_iso(row["created_at"]) and is_utc_iso(row["updated_at"])
                assert row["created_by"] == row["updated_by"] == "Ana Ruiz"
                assert row["rev"]
        claim_id = changes.created("claims")[0]
        created = project.row("claims", claim_id)
    with Project.open(project_path, author="Ben Okafor") as project:
        ops.update_claim(project, claim_id=claim_id, verdict="False")
        row = project.row("claims", claim_id)
    assert row is not None and created is not None
    assert row["created_by"] == "Ana Ruiz"
    assert row["updated_by"] == "Ben Okafor"
    assert row["created_at"] == created["created_at"]
    assert row["updated_at"] >= created["updated_at"]
    assert row["rev"] != created["rev"]


def _history(project: Project, row_id: str) -> list[dict]:
    cur = project.conn.execute(
        "SELECT action, rev, parent_rev, author, op, table_name, data FROM history WHERE row_id = ? "
        "ORDER BY at, rowid", (row_id,)
    )
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur]


def test_history_chains_insert_update_delete_of_a_row(project: Project) -> None:
    article_id = add_article(project, POTHOLES, "Potholes")
    claim_id = ops.add_claim(project, article_id=article_id, quote="Nobody believed her").created("claims")[0]
    rev1 = project.row("claims", claim_id)["rev"]  # type: ignore[index]
    ops.update_claim(project, claim_id=claim_id, speaker="Reporter")
    rev2 = project.row("claims", claim_id)["rev"]  # type: ignore[index]
    ops.update_claim(project, claim_id=claim_id, speaker="Reporter")  # no change: no history
    ops.delete_claim(project, claim_id=claim_id)

    history = _history(project, claim_id)
    assert [h["action"] for h in history] == ["insert", "update", "delete"]
    assert [(h["parent_rev"], h["rev"]) for h in history[:2]] == [("", rev1), (rev1, rev2)]
    assert history[2]["parent_rev"] == rev2
    assert {h["author"] for h in history} == {"Test Author"}
    assert [h["op"] for h in history] == ["Mark claim", "Edit claim", "Delete claim"]
    assert {h["table_name"] for h in history} == {"claims"}
    assert json.loads(history[1]["data"])["speaker"] == ["", "Reporter"]
    assert json.loads(history[2]["data"])["exact"] == "Nobody believed her"

    tomb = project.conn.execute(
        "SELECT table_name, deleted_by, rev FROM tombstones WHERE row_id = ?", (claim_id,)
    ).fetchone()
    assert tomb == ("claims", "Test Author", history[2]["rev"])
    assert project.row("claims", claim_id) is None


def test_history_of_an_article_leaves_out_its_text(project: Project) -> None:
    article_id = add_article(project, "A long article text that must not be copied into history rows.",
                             "Potholes")
    (data,) = project.conn.execute("SELECT data FROM history WHERE row_id = ?", (article_id,)).fetchone()
    data = json.loads(data)
    assert data["title"] == "Potholes"
    assert "text" not in data and "seq" not in data


def test_failed_transaction_leaves_no_rows_and_no_history(project: Project) -> None:
    counts = {t: project.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("articles", "history", "tombstones")}
    with pytest.raises(RuntimeError, match="stop"), project.transaction("Half an op") as tx:
        tx.insert("articles", {"title": "T", "text": "x", "text_sha256": "0"})
        raise RuntimeError("stop")
    assert {t: project.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in counts} == counts
    # The project stays usable after the rollback.
    add_article(project, POTHOLES, "Potholes")


def test_operations_do_not_nest(project: Project) -> None:
    with (
        project.transaction("outer"),
        pytest.raises(RuntimeError, match="do not nest"),
        project.transaction("inner"),
    ):
        pass


def test_read_only_project_refuses_changes(sample_project: Project) -> None:
    path = sample_project.path
    sample_project.close()
    before = sha256(path)
    with Project.open(path, read_only=True) as project, pytest.raises(ProjectFileError, match="read-only"):
        ops.set_project_title(project, title="Changed")
    assert sha256(path) == before


def test_set_meta_is_recorded_for_undo(project: Project) -> None:
    changes = ops.set_project_title(project, title="  New   title ")
    assert project.title == "New title"
    assert [(i.table, i.row_id, i.before, i.after) for i in changes.images] == [
        ("meta", "title", {"value": "Test project"}, {"value": "New title"})
    ]


def test_a_cut_short_commit_with_its_journal_is_left_for_sqlite_to_roll_back(tmp_path) -> None:
    """A crash in the middle of a commit can leave the header counting pages not yet written; the hot
    journal beside it lets SQLite restore the file, so the header check must not refuse it."""
    from workbench.store.header import read_header

    path = tmp_path / "cut.fcproj"
    Project.create(path).close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ProjectFileError, match="incomplete"):
        read_header(path)
    (tmp_path / "cut.fcproj-journal").write_bytes(b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7" + b"\x00" * 504)
    read_header(path)  # no longer refused as incomplete: SQLite gets to look at the journal
