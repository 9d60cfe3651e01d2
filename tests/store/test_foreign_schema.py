"""Project files carrying database objects someone else added (triggers, views, tables, a redefined search
trigger): opening refuses them and never runs them, the file stays byte-for-byte as it was, merge refuses
them too, and removing them (after a backup) leaves a healthy project whose search still works."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.cli import sha256
from workbench import cli, ops
from workbench.core.errors import ForeignSchemaError, ProjectFileError
from workbench.ops.merge import merge_project
from workbench.store import Project
from workbench.store.backups import list_backups
from workbench.store.opening import remove_foreign_objects
from workbench.store.queries import list_claims
from workbench.store.salvage import salvage
from workbench.store.search import search

MARKER = "INSERT OR REPLACE INTO meta(key, value) VALUES ('pwned', 'yes')"


def raw(path: Path, *statements: str) -> None:
    """Change the file the way another program (or an attacker with the sqlite3 shell) would."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for s in statements:
            conn.execute(s)
    finally:
        conn.close()


def marker_rows(path: Path) -> list[tuple[str, str]]:
    """Every trace a hostile object could have left: the marker row and the marker table."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    conn.execute("PRAGMA writable_schema=ON")  # still readable when an entry cannot be parsed
    try:
        rows = conn.execute("SELECT key, value FROM meta WHERE key = 'pwned'").fetchall()
        tables = conn.execute("SELECT name, '' FROM sqlite_master WHERE name = 'pwned_marker'").fetchall()
        if tables:
            rows += conn.execute("SELECT 'pwned_marker', count(*) FROM pwned_marker").fetchall()
        return rows
    finally:
        conn.close()


def claim_count(path: Path) -> int:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    conn.execute("PRAGMA writable_schema=ON")
    try:
        return conn.execute("SELECT count(*) FROM claims").fetchone()[0]
    finally:
        conn.close()


# Each hostile file: what is added, and words the refusal must name.
def _wipe_on_insert(path: Path) -> None:
    raw(path, f"CREATE TRIGGER wipe AFTER INSERT ON claims BEGIN DELETE FROM claims; {MARKER}; END")


def _redefined_fts_trigger(path: Path) -> None:
    # Same name as ours: only its SQL shows it is not ours.
    raw(path, "DROP TRIGGER claims_fts_ai",
        "CREATE TRIGGER claims_fts_ai AFTER INSERT ON claims BEGIN "
        "INSERT INTO claims_fts(rowid, exact, speaker, note, private_note) "
        f"VALUES (new.seq, new.exact, new.speaker, new.note, new.private_note); {MARKER}; END")


def _view(path: Path) -> None:
    raw(path, "CREATE VIEW everything AS SELECT exact, private_note FROM claims")


def _extra_table(path: Path) -> None:
    raw(path, "CREATE TABLE pwned_marker (note TEXT)", "INSERT INTO pwned_marker VALUES ('planted')")


def _trigger_on_meta(path: Path) -> None:
    raw(path, "CREATE TRIGGER meta_watch BEFORE UPDATE ON meta BEGIN "
              "INSERT OR REPLACE INTO meta(key, value) VALUES ('pwned', 'yes'); END")


def _trigger_on_select_path(path: Path) -> None:
    # A view over a table name that opening reads would run on a read; views cannot shadow tables, so an
    # attacker adds an INSTEAD OF trigger on a view plus a trigger on the history every edit writes.
    raw(path, "CREATE VIEW claims_v AS SELECT * FROM claims",
        f"CREATE TRIGGER hist AFTER INSERT ON history BEGIN {MARKER}; END")


def _unparseable_trigger(path: Path) -> None:
    # Written behind SQLite's back: an entry it cannot even parse (a plain open fails on it).
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA writable_schema=ON")
    conn.execute("INSERT INTO sqlite_master VALUES ('trigger', 'garbled', 'claims', 0, "
                 "'CREATE TRIGGER garbled AFTER INSERT ON claims BEGIN this is not sql; END')")
    conn.close()


def _missing_fts_trigger(path: Path) -> None:
    raw(path, "DROP TRIGGER claims_fts_au")


def assert_salvage_rescues_the_sample(path: Path, dest: Path) -> None:
    """Salvage still copies the sample's three claims and its title into a healthy project at ``dest``, and
    leaves ``path`` exactly as it was."""
    before = sha256(path)
    report = salvage(path, dest)
    assert report.tables["claims"].recovered == 3
    with Project.open(dest) as rescued:
        assert rescued.check() == []
        assert rescued.title == "Sample: NATO on North Korean troops"
    assert sha256(path) == before


HOSTILE: list[tuple[str, Callable[[Path], None], str]] = [
    ("trigger-deletes-rows-on-insert", _wipe_on_insert, 'trigger "wipe"'),
    ("redefined-search-trigger", _redefined_fts_trigger, 'trigger "claims_fts_ai" (changed)'),
    ("view", _view, 'view "everything"'),
    ("extra-table", _extra_table, 'table "pwned_marker"'),
    ("trigger-on-meta", _trigger_on_meta, 'trigger "meta_watch"'),
    ("view-and-history-trigger", _trigger_on_select_path, 'view "claims_v", trigger "hist"'),
    ("unparseable-trigger", _unparseable_trigger, 'trigger "garbled"'),
    ("missing-search-trigger", _missing_fts_trigger, 'lacks 1 of its own (trigger "claims_fts_au")'),
]
IDS = [h[0] for h in HOSTILE]


@pytest.mark.parametrize(("make", "named"), [(m, n) for _, m, n in HOSTILE], ids=IDS)
@pytest.mark.parametrize("read_only", [False, True], ids=["editing", "read-only"])

def test_open_refuses_foreign_objects_and_runs_none_of_them(
    sample_path: Path, make: Callable[[Path], None], named: str, read_only: bool
) -> None:
    make(sample_path)
    before = sha256(sample_path)
    listing = sorted(p.name for p in sample_path.parent.iterdir())
    with pytest.raises(ForeignSchemaError) as info:
        Project.open(sample_path, read_only=read_only)
    message = str(info.value)
    assert message.startswith("sample.fcproj: ")
    assert named in message
    assert "\n" not in message
    assert info.value.repairable
    assert sha256(sample_path) == before
    assert sorted(p.name for p in sample_path.parent.iterdir()) == listing  # no journal, no lock left
    assert not [r for r in marker_rows(sample_path) if r[0] == "pwned"]
    assert claim_count(sample_path) == 3


def test_message_says_what_they_could_do_and_how_to_remove_them(sample_path: Path) -> None:
    _wipe_on_insert(sample_path)
    _view(sample_path)
    with pytest.raises(ForeignSchemaError) as info:
        Project.open(sample_path)
    text = str(info.value)
    assert 'contains 2 database objects that Fact-Check Workbench did not make (trigger "wipe", view ' \
           '"everything")' in text
    assert "could change your data" in text
    assert "Remove them and open" in text
    assert "workbench check --repair" in text


# An entry SQLite cannot parse cannot be copied into a backup by SQLite either; without a backup nothing
# is removed (salvage is offered instead; see the next-but-one test).
REMOVABLE = [h for h in HOSTILE if h[0] != "unparseable-trigger"]


@pytest.mark.parametrize(("make", "named"), [(m, n) for _, m, n in REMOVABLE], ids=[h[0] for h in REMOVABLE])
def test_removing_them_leaves_a_healthy_project_that_never_ran_them(
    sample_path: Path, make: Callable[[Path], None], named: str
) -> None:
    make(sample_path)
    done = remove_foreign_objects(sample_path)
    assert done, "something was removed or put back"
    assert list_backups(sample_path), "a backup was made first"
    with Project.open(sample_path) as project:
        assert project.check() == []
        article_id = project.conn.execute("SELECT id FROM articles").fetchone()[0]
        # The edits a hostile trigger was waiting for: an insert, a meta update, history rows.
        new_claim = ops.add_claim(project, article_id=article_id, quote="North Korean").created("claims")[0]
        ops.set_project_title(project, title="Still mine")
        assert len(list_claims(project)) == 4
        assert new_claim in [h.claim_id for h in search(project, "North Korean") if h.kind == "claim"]
    assert not [r for r in marker_rows(sample_path) if r[0] == "pwned"]
    assert ("pwned_marker", "") not in marker_rows(sample_path)
    with Project.open(sample_path, read_only=True) as project:
        assert project.title == "Still mine"


def test_an_entry_sqlite_cannot_parse_is_backed_up_and_removed(sample_path: Path, tmp_path: Path) -> None:
    _unparseable_trigger(sample_path)
    assert remove_foreign_objects(sample_path)
    with Project.open(sample_path) as project:
        assert project.check() == [] and len(list_claims(project)) == 3
    (backup,) = list_backups(sample_path)
    conn = sqlite3.connect(f"{backup.path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        conn.execute("PRAGMA writable_schema=ON")
        garbled = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'garbled'").fetchall()
    finally:
        conn.close()
    assert garbled and "this is not sql" in garbled[0][0]  # the backup holds the file as it was


def test_without_a_backup_nothing_is_removed_and_salvage_still_works(sample_path: Path, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.store import backups  # (opening loads it when a backup is due, not at start-up)

    _unparseable_trigger(sample_path)
    before = sha256(sample_path)

    def no_room(*_args: object, **_kwargs: object) -> None:
        raise ProjectFileError("the disk is full")

    monkeypatch.setattr(backups, "make_backup", no_room)
    with pytest.raises(ProjectFileError, match=r"could not be backed up before removing them.*workbench salvage"):
        remove_foreign_objects(sample_path)
    assert sha256(sample_path) == before
    assert_salvage_rescues_the_sample(sample_path, tmp_path / "rescued.fcproj")


def test_the_backup_still_holds_the_file_as_it_was(sample_path: Path) -> None:
    _extra_table(sample_path)
    remove_foreign_objects(sample_path)
    backup = list_backups(sample_path)[0]
    conn = sqlite3.connect(f"{backup.path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        assert conn.execute("SELECT note FROM pwned_marker").fetchall() == [("planted",)]
    finally:
        conn.close()


def test_a_healthy_file_has_nothing_to_remove(sample_path: Path) -> None:
    before = sha256(sample_path)
    assert remove_foreign_objects(sample_path) == []
    assert sha256(sample_path) == before
    assert list_backups(sample_path) == []


def test_statistics_sqlite_keeps_itself_are_allowed(sample_path: Path) -> None:
    raw(sample_path, "ANALYZE")
    with Project.open(sample_path) as project:
        assert project.check() == []


def test_a_changed_table_of_ours_cannot_be_removed_but_can_be_salvaged(sample_path: Path, tmp_path: Path) -> None:
    # meta rebuilt with a default that would plant a value: our table, their definition.
    raw(sample_path, "ALTER TABLE meta RENAME TO meta_old",
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL, planted TEXT DEFAULT 'x')",
        "INSERT INTO meta(key, value) SELECT key, value FROM meta_old", "DROP TABLE meta_old")
    before = sha256(sample_path)
    with pytest.raises(ForeignSchemaError) as info:
        Project.open(sample_path)
    assert not info.value.repairable
    assert 'table "meta" (changed)' in str(info.value)
    assert "workbench salvage" in str(info.value)
    with pytest.raises(ForeignSchemaError):
        remove_foreign_objects(sample_path)
    assert sha256(sample_path) == before
    assert_salvage_rescues_the_sample(sample_path, tmp_path / "rescued.fcproj")


def test_our_tables_in_a_file_claiming_an_older_format_are_never_dropped(sample_path: Path) -> None:
    raw(sample_path, "PRAGMA user_version = 0")
    before = sha256(sample_path)
    with pytest.raises(ForeignSchemaError) as info:
        Project.open(sample_path)
    assert not info.value.repairable
    with pytest.raises(ForeignSchemaError):
        remove_foreign_objects(sample_path)
    assert sha256(sample_path) == before
    assert claim_count(sample_path) == 3


def test_merge_refuses_a_colleagues_file_with_foreign_objects(sample_path: Path, tmp_path: Path) -> None:
    colleague = tmp_path / "colleague.fcproj"
    with Project.open(sample_path) as mine:
        mine.backup_to(colleague)
    with Project.open(colleague) as theirs:
        article_id = theirs.conn.execute("SELECT id FROM articles").fetchone()[0]
        ops.add_claim(theirs, article_id=article_id, quote="North Korean")
    _wipe_on_insert(colleague)
    raw(colleague, f"CREATE TRIGGER on_read AFTER INSERT ON tombstones BEGIN {MARKER}; END")
    theirs_before = sha256(colleague)
    mine_before = sha256(sample_path)
    with Project.open(sample_path) as mine, pytest.raises(ForeignSchemaError, match='trigger "wipe"'):
        merge_project(mine, other_path=colleague)
    assert sha256(colleague) == theirs_before
    assert sha256(sample_path) == mine_before
    assert marker_rows(sample_path) == []


def test_cli_refuses_then_repairs_then_checks_healthy(
    sample_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _wipe_on_insert(sample_path)
    assert cli.main(["check", str(sample_path)]) == 1
    err = capsys.readouterr().err
    assert 'trigger "wipe"' in err and "--repair" in err
    assert len(err.strip().splitlines()) == 1

    assert cli.main(["check", "--repair", str(sample_path)]) == 0
    out = capsys.readouterr().out
    assert 'removed trigger "wipe"' in out
    assert "healthy" in out
    assert cli.main(["check", str(sample_path)]) == 0
    assert claim_count(sample_path) == 3
