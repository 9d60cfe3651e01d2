"""What opening checks: a file this machine closed cleanly opens without a full read; a file that is new
here, was changed elsewhere, or was not closed (a crash) is read through with quick_check first; a
damaged one is refused as damaged with nothing written to it; an interrupted commit is rolled back."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.support.cli import sha256
from tests.support.damage import damage_claims_page, many_claims
from workbench.core.errors import DamagedProjectError, ProjectFileError
from workbench.core.paths import user_data_dir
from workbench.ops.sample import create_sample_project
from workbench.store import Project, trust
from workbench.store.queries import list_claims
from workbench.store.trust import quick_checks_run


def opens_with_check(path: Path, *, read_only: bool = False) -> bool:
    """Open and close ``path``; True if the open read the whole file with quick_check."""
    before = quick_checks_run()
    Project.open(path, read_only=read_only).close()
    return quick_checks_run() > before


# -- when the full read runs ---------------------------------------------------------------------------


def test_a_file_closed_cleanly_here_is_not_read_through_again(tmp_path: Path) -> None:
    path = tmp_path / "mine.fcproj"
    create_sample_project(path, author="Ana").close()
    assert not opens_with_check(path)
    assert not opens_with_check(path, read_only=True)
    assert not opens_with_check(path)


def test_a_file_changed_by_another_program_is_read_through(tmp_path: Path) -> None:
    path = tmp_path / "mine.fcproj"
    create_sample_project(path, author="Ana").close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value = 'edited elsewhere' WHERE key = 'title'")
    conn.commit()
    conn.close()
    assert opens_with_check(path)
    assert not opens_with_check(path)  # closed cleanly here since


def test_a_file_from_a_colleague_is_read_through(tmp_path: Path) -> None:
    mine = tmp_path / "mine.fcproj"
    create_sample_project(mine, author="Ana").close()
    copy = tmp_path / "from-colleague.fcproj"
    shutil.copyfile(mine, copy)
    assert opens_with_check(copy, read_only=True)  # a read (a merge) does not vouch for it...
    assert opens_with_check(copy)  # ...so editing it reads it through once more
    assert not opens_with_check(copy)


def test_a_file_not_closed_after_a_crash_is_read_through(tmp_path: Path) -> None:
    path = tmp_path / "crashed.fcproj"
    create_sample_project(path, author="Ana").close()
    script = textwrap.dedent(f"""
        import os
        from workbench import ops
        from workbench.store import Project
        p = Project.open({str(path)!r})
        ops.set_project_title(p, title="Edited before the crash")
        os._exit(0)  # no close: as if the laptop's battery died
    """)
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)
    assert opens_with_check(path)
    with Project.open(path, read_only=True) as p:
        assert p.title == "Edited before the crash"


def test_reading_a_project_this_process_has_open_needs_no_full_read(tmp_path: Path) -> None:
    # The search panel and exports open read-only connections to the project the window is editing.
    path = tmp_path / "open.fcproj"
    create_sample_project(path, author="Ana").close()
    shutil.copyfile(path, tmp_path / "moved-in.fcproj")
    path = tmp_path / "moved-in.fcproj"
    with Project.open(path):
        before = quick_checks_run()
        for _ in range(3):
            Project.open(path, read_only=True).close()
        assert quick_checks_run() == before


def test_a_link_to_a_project_open_here_is_the_same_file(tmp_path: Path) -> None:
    # Files open in this process are known by device and inode: a hard or symbolic link to the project the
    # window edits is that project (one editing lock here, no second read-through), not a stranger.
    path = tmp_path / "moved-in.fcproj"
    create_sample_project(tmp_path / "made.fcproj", author="Ana").close()
    shutil.copyfile(tmp_path / "made.fcproj", path)  # not vouched for by the record of clean closes
    hard, soft = tmp_path / "hard.fcproj", tmp_path / "soft.fcproj"
    os.link(path, hard)
    soft.symlink_to(path)
    with Project.open(path):
        before = quick_checks_run()
        for link in (hard, soft):
            with Project.open(link) as again:  # for editing: shares the lock instead of refusing itself
                assert len(list_claims(again)) == 3
        assert quick_checks_run() == before


def test_the_record_is_json_in_the_data_folder_and_a_garbled_one_only_means_more_checks(tmp_path: Path) -> None:
    path = tmp_path / "mine.fcproj"
    create_sample_project(path, author="Ana").close()
    record = user_data_dir() / trust.SEEN_FILE
    entry = json.loads(record.read_text(encoding="utf-8"))[str(path.resolve())]
    assert entry["file"]["size"] == path.stat().st_size
    assert entry["file"]["change_counter"] == int.from_bytes(path.read_bytes()[24:28], "big")
    assert not [p.name for p in record.parent.iterdir() if p.name.startswith(".")]  # no temporary file left
    record.write_text("{not json", encoding="utf-8")
    assert opens_with_check(path)
    assert not opens_with_check(path)  # rewritten whole on that clean close


# -- damaged files --------------------------------------------------------------------------------------


@pytest.mark.parametrize("read_only", [False, True], ids=["editing", "read-only"])
def test_a_damaged_page_is_refused_as_damaged_and_nothing_is_written(tmp_path: Path, read_only: bool) -> None:
    path = many_claims(tmp_path / "damaged.fcproj")
    damage_claims_page(path)
    before = sha256(path)
    listing = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(DamagedProjectError) as info:
        Project.open(path, read_only=read_only)
    text = str(info.value)
    assert text.startswith("damaged.fcproj: is damaged")
    assert "nothing was written to it" in text
    assert "salvage" in text and "backup" in text
    assert sha256(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == listing


def test_damage_after_a_clean_close_is_caught_once_the_file_changed(tmp_path: Path) -> None:
    # Overwriting a page changes the file's modification time: the record no longer vouches for it.
    path = many_claims(tmp_path / "damaged.fcproj")
    Project.open(path).close()
    damage_claims_page(path)
    with pytest.raises(DamagedProjectError):
        Project.open(path)


def test_a_file_damaged_right_after_its_header_is_refused_as_damaged(tmp_path: Path) -> None:
    path = tmp_path / "garbled.fcproj"
    create_sample_project(path, author="Ana").close()
    data = bytearray(path.read_bytes())
    data[100:] = bytes((i * 7 + 3) % 256 for i in range(len(data) - 100))
    path.write_bytes(bytes(data))
    with pytest.raises(DamagedProjectError, match="damaged"):
        Project.open(path)


# -- an interrupted commit -------------------------------------------------------------------------------


def _interrupted_commit(tmp_path: Path) -> Path:
    """A project file and the rollback journal of a commit cut short, as a crash would leave them."""
    path = many_claims(tmp_path / "live.fcproj", n=50)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA cache_size=1")  # spill changed pages into the file before the commit
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE claims SET note = 'half-written ' || note")
    crashed = tmp_path / "crashed.fcproj"
    shutil.copyfile(path, crashed)
    shutil.copyfile(path.with_name(path.name + "-journal"), crashed.with_name(crashed.name + "-journal"))
    conn.execute("ROLLBACK")
    conn.close()
    return crashed


def test_an_interrupted_commit_is_rolled_back_and_the_project_opens(tmp_path: Path) -> None:
    crashed = _interrupted_commit(tmp_path)
    with pytest.raises(ProjectFileError, match="open it for editing once"):
        Project.open(crashed, read_only=True)
    with Project.open(crashed) as project:
        assert project.check() == []
        assert not [c for c in list_claims(project) if c.note.startswith("half-written")]
        assert len(list_claims(project)) == 53
