"""``workbench history``: every change as {at, author, field, old, new} oldest first, for the project or one
claim (with its tags and links), with the author each edit was made by and the copy a merged change came
from; an unknown claim is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import Cli, assert_user_error
from tests.support.projects import write_sample
from workbench import ops
from workbench.ops.merge import merge_project
from workbench.store import Project


@pytest.fixture
def sample(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "sample.fcproj"
    return path, write_sample(path, author="Ana")["Kim Yong-hyun"]


def test_claim_history_lists_each_changed_field_oldest_first_with_its_author(
        cli: Cli, sample: tuple[Path, str], monkeypatch: pytest.MonkeyPatch) -> None:
    path, kim = sample
    monkeypatch.setenv("WORKBENCH_AUTHOR", "Ana Lima")
    assert cli("claim", "edit", path, kim, "--verdict", "False", "--tag", "Intelligence").code == 0
    monkeypatch.setenv("WORKBENCH_AUTHOR", "Ben Costa")
    assert cli("claim", "edit", path, kim, "--verdict", "Half true", "--status", "Checked").code == 0
    result = cli("history", path, "--claim", kim, "--json")
    assert result.code == 0, result.err
    entries = result.json()
    assert [e["at"] for e in entries] == sorted(e["at"] for e in entries)
    changes = [(e["author"], e["field"], e["old"], e["new"]) for e in entries if e["action"] == "update"]
    assert changes[0] == ("Ana Lima", "verdict", "", "False")
    assert set(changes[1:]) == {("Ben Costa", "status", "In progress", "Checked"),
                                ("Ben Costa", "verdict", "False", "Half true")}
    first = entries[0]
    assert (first["action"], first["table"], first["author"], first["new"]) == ("insert", "claims", "Ana",
                                                                                "“highly likely”")
    tag = next(e for e in entries if e["table"] == "claim_tags" and e["author"] == "Ana Lima")
    assert (tag["action"], tag["new"], tag["claim_id"]) == ("insert", "Intelligence", kim)
    assert {e["claim_id"] for e in entries} == {kim}  # nothing of the other claims
    text = cli("history", path, "--claim", kim)
    assert "Ben Costa  claim “highly likely”: verdict “False” → “Half true”" in text.out


def test_project_history_holds_every_table_and_a_deleted_claims_history_stays(
        cli: Cli, sample: tuple[Path, str]) -> None:
    path, kim = sample
    assert cli("tag", "rename", path, "Russia", "Kremlin").code == 0
    assert cli("claim", "delete", path, kim).code == 0
    entries = cli("history", path, "--json").json()
    assert any(e["table"] == "tags" and e["field"] == "name" and (e["old"], e["new"]) == ("Russia", "Kremlin")
               for e in entries)
    assert {"articles", "sources", "claims", "claim_sources", "tags"} <= {e["table"] for e in entries}
    gone = cli("history", path, "--claim", kim, "--json").json()
    assert gone[-1]["action"] == "delete" and gone[-1]["old"] == "“highly likely”"


def test_history_says_which_copy_a_merged_change_came_from(cli: Cli, sample: tuple[Path, str],
                                                           tmp_path: Path) -> None:
    path, kim = sample
    copy = tmp_path / "ben.fcproj"
    with Project.open(path) as project:
        project.backup_to(copy)
    with Project.open(copy, author="Ben") as project:
        ops.update_claim(project, claim_id=kim, speaker="Kim Yong-hyun, NIS")
    with Project.open(path, author="Ana") as project:
        ops.update_claim(project, claim_id=kim, status="Checked")
        merge_project(project, other_path=copy)
    entries = cli("history", path, "--claim", kim, "--json").json()
    ben = next(e for e in entries if e["author"] == "Ben")
    assert (ben["field"], ben["new"], ben["merged_from"]) == ("speaker", "Kim Yong-hyun, NIS", "ben.fcproj")
    ana = next(e for e in entries if e["field"] == "status")
    assert (ana["author"], ana["merged_from"]) == ("Ana", "")
    assert any(e["action"] == "merge" and e["merged_from"] == "ben.fcproj" for e in entries)
    text = cli("history", path, "--claim", kim).out
    assert "Ben  claim “highly likely”: speaker “Kim Yong-hyun” → “Kim Yong-hyun, NIS”  [from ben.fcproj]" in text
    assert text.count("→ “Kim Yong-hyun, NIS”") == 1  # the merge's copy of Ben's change is not shown twice


def test_history_of_an_unknown_claim_is_refused(cli: Cli, sample: tuple[Path, str]) -> None:
    assert_user_error(cli("history", sample[0], "--claim", "nope"), "no claim with id nope")
