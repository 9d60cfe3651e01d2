"""A project another program switched to write-ahead logging (issue 26 item 12): reading it (listing,
exporting, checking) changes nothing and leaves no -wal/-shm files beside it; opening it for editing switches
it back to the rollback journal the app's crash guarantees are built on."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.cli import Result
from workbench import ops
from workbench.ops.sample import create_sample_project
from workbench.store import Project
from workbench.store.header import in_wal_mode


@pytest.fixture
def wal_project(tmp_path: Path) -> Path:
    path = tmp_path / "story.fcproj"
    create_sample_project(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal"
    conn.close()
    assert in_wal_mode(path) and not (tmp_path / "story.fcproj-wal").exists()
    return path


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _beside(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name) and p != path)


def test_reading_and_checking_change_nothing_and_leave_nothing_behind(
        wal_project: Path, cli: Callable[..., Result], tmp_path: Path) -> None:
    before = _sha(wal_project)
    assert len(cli("claims", wal_project, "--json").json()) == 3
    assert cli("export", wal_project, "--format", "csv", "-o", tmp_path / "claims.csv").code == 0
    checked = cli("check", wal_project)
    assert checked.code == 0 and "healthy" in checked.out
    assert "write-ahead logging" in checked.err and "without changing it" in checked.err
    assert _sha(wal_project) == before
    assert _beside(wal_project) == []


def test_opening_for_editing_switches_it_back_to_the_rollback_journal(wal_project: Path) -> None:
    with Project.open(wal_project) as project:
        ops.set_project_title(project, title="Renamed")
        assert project.conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert not in_wal_mode(wal_project)
    assert _beside(wal_project) == []
    with Project.open(wal_project, read_only=True) as project:
        assert project.title == "Renamed" and project.check() == []


def test_an_empty_log_left_beside_it_is_read_without_adding_a_shared_memory_file(
        wal_project: Path, cli: Callable[..., Result]) -> None:
    # What another program leaves after truncating its log, or a copy taken with the empty log beside it:
    # nobody has the file open (there is no -shm file), and the log holds nothing.
    (wal_project.parent / "story.fcproj-wal").write_bytes(b"")
    before = _sha(wal_project)
    with Project.open(wal_project, read_only=True) as project:
        assert project.check() == []
    assert len(cli("claims", wal_project, "--json").json()) == 3
    assert cli("check", wal_project).code == 0
    assert _sha(wal_project) == before
    assert _beside(wal_project) == ["story.fcproj-wal"]  # as it was: no -shm added, the log left alone


def test_check_repair_switches_it_back_and_says_so(wal_project: Path, cli: Callable[..., Result]) -> None:
    repaired = cli("check", "--repair", wal_project)
    assert repaired.code == 0 and "healthy" in repaired.out
    assert "switched back from write-ahead logging" in repaired.out + repaired.err
    assert not in_wal_mode(wal_project) and _beside(wal_project) == []
    again = cli("check", "--repair", wal_project)  # said only when it was so
    assert "write-ahead" not in again.out + again.err
