"""A project file can run no code of its own, not even through the tables SQLite keeps for itself: a
``sqlite_stat1`` given a generated column is evaluated whenever SQLite reads the schema, so it is found from
the file's bytes before SQLite reads anything (store.raw_schema), refused, and removed by ``check --repair``.
A genuine ``sqlite_stat1`` (what ANALYZE writes) stays welcome."""

from __future__ import annotations

import hashlib
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.core.errors import ForeignSchemaError
from workbench.ops.merge import merge_project
from workbench.ops.sample import create_sample_project
from workbench.store import Project
from workbench.store.queries import list_claims
from workbench.store.raw_schema import RawSchemaError, nonstandard_internal_tables, read_master

# What the adversarial run used: 300,000,000 characters built for every row, on every open.
HOSTILE = "CREATE TABLE sqlite_stat1(tbl,idx,stat AS (printf('%.*c', 300000000, 'x')))"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def analysed(tmp_path: Path) -> Path:
    path = tmp_path / "story.fcproj"
    create_sample_project(path, author="Test Author").close()
    conn = sqlite3.connect(path)
    conn.execute("ANALYZE")  # a genuine sqlite_stat1, as SQLite writes it
    conn.commit()
    conn.close()
    return path


@pytest.fixture
def hostile(analysed: Path) -> Path:
    conn = sqlite3.connect(analysed)
    conn.execute("PRAGMA writable_schema=ON")
    conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = 'sqlite_stat1'", (HOSTILE,))
    conn.commit()
    conn.close()
    return analysed


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    # A subprocess with a timeout: before the fix each of these ran for minutes.
    return subprocess.run([sys.executable, "-m", "workbench", *args], capture_output=True, text=True, timeout=60)


def test_a_genuine_statistics_table_is_welcome(analysed: Path) -> None:
    assert nonstandard_internal_tables(analysed) == []
    with Project.open(analysed, read_only=True) as project:
        assert len(list_claims(project)) == 3
        assert project.check() == []


def test_statistics_with_code_are_refused_before_sqlite_reads_them(hostile: Path) -> None:
    before = _sha(hostile)
    assert [e.name for e in nonstandard_internal_tables(hostile)] == ["sqlite_stat1"]
    for read_only in (True, False):
        with pytest.raises(ForeignSchemaError, match='sqlite_stat1') as caught:
            Project.open(hostile, read_only=read_only)
        assert caught.value.repairable
    done = _cli("articles", str(hostile))
    assert done.returncode == 1 and "sqlite_stat1" in done.stderr and "Traceback" not in done.stderr
    checked = _cli("check", str(hostile))
    assert checked.returncode == 1 and "sqlite_stat1" in checked.stderr  # never "healthy"
    assert _sha(hostile) == before  # refusing changed nothing


@pytest.mark.slow  # (seconds: see the slow marker in pyproject.toml)
def test_check_repair_removes_them_and_keeps_every_claim(hostile: Path) -> None:
    repaired = _cli("check", "--repair", str(hostile))
    assert repaired.returncode == 0, repaired.stderr
    assert 'removed table "sqlite_stat1"' in repaired.stdout and "healthy" in repaired.stdout
    assert nonstandard_internal_tables(hostile) == []
    with Project.open(hostile, read_only=True) as project:
        assert [c.speaker for c in list_claims(project)] == ["Mark Rutte", "Kim Yong-hyun", "the Kremlin"]


def test_a_merge_never_brings_them_in(hostile: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine.fcproj"
    create_sample_project(mine, author="Test Author").close()
    before = _sha(mine)
    with Project.open(mine) as project, pytest.raises(ForeignSchemaError, match="sqlite_stat1"):
        merge_project(project, other_path=hostile)
    assert _sha(mine) == before
    assert nonstandard_internal_tables(mine) == []


def test_the_schema_read_from_bytes_is_sqlites_own_listing(tmp_path: Path) -> None:
    # Small pages and long definitions: a schema spread over interior pages and overflow chains.
    path = tmp_path / "many.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA page_size=512")
    rng = random.Random(7)
    for i in range(60):
        columns = ", ".join(f"c{j} TEXT DEFAULT '{'x' * rng.randint(0, 300)}'" for j in range(rng.randint(1, 6)))
        conn.execute(f"CREATE TABLE t{i} ({columns})")
        conn.execute(f"CREATE INDEX i{i} ON t{i}(c0)")
    conn.commit()
    expected = [tuple(r) for r in conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY rowid")]
    conn.close()
    assert [(e.type, e.name, e.sql) for e in read_master(path)] == expected


def test_bytes_that_are_not_a_database_are_left_to_the_usual_checks(tmp_path: Path) -> None:
    path = tmp_path / "notes.fcproj"
    path.write_bytes(b"SQLite format 3\x00" + bytes(84) + b"\xff" * 400)
    with pytest.raises(RawSchemaError):
        read_master(path)
