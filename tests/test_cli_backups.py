"""``workbench backups`` and ``workbench restore``: the list (newest first, numbered, JSON that is only
JSON), restoring by number or path, and refusals (exit 1, one line, the project unchanged)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.cli import Result, assert_user_error, sha256
from workbench import ops
from workbench.ops.sample import create_sample_project
from workbench.store import Project
from workbench.store.backups import list_backups, make_backup
from workbench.store.queries import list_claims


@pytest.fixture
def story(tmp_path: Path) -> Path:
    """A project with two backups: the sample as made ("merge"), then after deleting a claim ("manual")."""
    path = tmp_path / "story.fcproj"
    with create_sample_project(path) as p:
        make_backup(p, "merge")
        ops.delete_claim(p, claim_id=list_claims(p)[0].id)
        make_backup(p, "manual")
        ops.set_project_title(p, title="Changed since")
    return path


def claim_count(path: Path) -> int:
    with Project.open(path, read_only=True) as p:
        return len(list_claims(p))


def test_backups_lists_newest_first_with_numbers(cli: Callable[..., Result], story: Path) -> None:
    result = cli("backups", story)
    assert result.code == 0 and result.err == ""
    lines = result.out.splitlines()
    assert [line.split()[0] for line in lines] == ["1", "2"]
    assert "made by you" in lines[0] and "before a merge" in lines[1]
    backups = list_backups(story)
    assert str(backups[0].path) in lines[0] and str(backups[1].path) in lines[1]


def test_backups_json_is_only_json(cli: Callable[..., Result], story: Path) -> None:
    result = cli("backups", story, "--json")
    assert result.code == 0
    listed = json.loads(result.out)
    assert [(b["index"], b["reason"]) for b in listed] == [(1, "manual"), (2, "merge")]
    assert listed[0]["project_path"] == str(story.resolve())
    assert listed[0]["title"] == "Sample: NATO on North Korean troops"
    assert all(Path(b["path"]).stat().st_size == b["size"] for b in listed)


def test_restore_by_number_keeps_the_state_it_replaces(cli: Callable[..., Result], story: Path) -> None:
    assert claim_count(story) == 2
    result = cli("restore", story, "2")
    assert result.code == 0, result.err
    assert "Restored" in result.out and "kept as a backup" in result.out
    assert claim_count(story) == 3
    # The replaced state is now number 1 in the list, and restoring it goes back.
    listed = json.loads(cli("backups", story, "--json").out)
    assert listed[0]["reason"] == "before-restore" and listed[0]["path"] in result.out
    assert cli("restore", story, "1").code == 0
    assert claim_count(story) == 2
    with Project.open(story, read_only=True) as p:
        assert p.title == "Changed since"


def test_restore_by_path(cli: Callable[..., Result], story: Path) -> None:
    merge_backup = list_backups(story)[1].path
    assert cli("restore", story, merge_backup).code == 0
    assert claim_count(story) == 3


def test_backups_of_a_missing_project_are_listed(cli: Callable[..., Result], story: Path) -> None:
    story.unlink()
    listed = json.loads(cli("backups", story, "--json").out)
    assert len(listed) == 2
    assert cli("restore", story, "1").code == 0
    assert claim_count(story) == 2


def test_refusals_are_one_line_and_change_nothing(cli: Callable[..., Result], story: Path, tmp_path: Path) -> None:
    before = sha256(story)
    assert_user_error(cli("restore", story, "9"), "no backup number 9", "2 backup(s)")
    junk = tmp_path / "junk.fcproj"
    junk.write_text("not a project")
    assert_user_error(cli("restore", story, junk), "Not restored", "junk.fcproj", "story.fcproj was not changed")
    with Project.open(story):  # open for editing "in a window"
        assert_user_error(cli("restore", story, "1"), "close it before restoring")
    assert sha256(story) == before
    assert len(list_backups(story)) == 2


def test_no_backups_yet(cli: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "new.fcproj"
    Project.create(path).close()
    result = cli("backups", path)
    assert (result.code, result.out) == (0, "")
    assert "No backups of" in result.err
    assert json.loads(cli("backups", path, "--json").out) == []
