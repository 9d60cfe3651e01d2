"""``workbench settings --require-review``, ``review``, ``claim edit --correction`` and ``corrections``: the
issue's acceptance story run as two people (``WORKBENCH_AUTHOR``), each refusal exiting 1 with a message
naming the rule and leaving the file's bytes unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import Cli, assert_user_error, sha256
from tests.support.projects import write_sample
from workbench.store import Project
from workbench.store.queries_history import history


@pytest.fixture
def sample(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "sample.fcproj"
    return path, write_sample(path, author="Setup")["Kim Yong-hyun"]


def test_ana_rates_ben_approves_ana_publishes_and_corrects(
        cli: Cli, sample: tuple[Path, str], monkeypatch: pytest.MonkeyPatch) -> None:
    path, kim = sample
    assert cli("settings", path, "--json").json() == {"title": "Sample: NATO on North Korean troops",
                                                      "require_review": False}
    assert cli("settings", path, "--require-review", "on", "--json").json()["require_review"] is True

    monkeypatch.setenv("WORKBENCH_AUTHOR", "Ana")
    assert cli("claim", "edit", path, kim, "--verdict", "Mostly false", "--status", "Checked").code == 0
    before = sha256(path)
    assert_user_error(cli("claim", "edit", path, kim, "--status", "Published"),
                      "requires second-person review", "'Mostly false' by Ana has not been approved")
    assert_user_error(cli("review", path, "--claim", kim, "--approve"), "You (Ana) gave the verdict")
    assert_user_error(cli("review", path, "--claim", "nope", "--approve"), "no claim with id nope")
    assert_user_error(cli("review", path, "--claim", kim), "Say --approve or --reject")
    assert sha256(path) == before

    monkeypatch.setenv("WORKBENCH_AUTHOR", "Ben")
    approved = cli("review", path, "--claim", kim, "--approve", "--note", "Transcript checked", "--json")
    assert approved.code == 0, approved.err
    assert (approved.json()["verdict_by"], approved.json()["approved_by"]) == ("Ana", "Ben")

    monkeypatch.setenv("WORKBENCH_AUTHOR", "Ana")
    assert cli("claim", "edit", path, kim, "--status", "Published").code == 0
    before = sha256(path)
    assert_user_error(cli("claim", "edit", path, kim, "--verdict", "False"),
                      "published", "correction note", "--correction")
    assert sha256(path) == before
    edited = cli("claim", "edit", path, kim, "--verdict", "False", "--correction", "The ministry denied it.", "--json")
    assert edited.code == 0, edited.err
    shown = edited.json()
    assert shown["review"]["approved"] is False  # the changed verdict needs a new approval
    assert [(c["field"], c["old"], c["new"]) for c in shown["corrections"]] == [("verdict", "Mostly false", "False")]

    corrections = cli("corrections", path, "--json").json()
    assert [(c["author"], c["quote"], c["note"]) for c in corrections] == [
        ("Ana", "highly likely", "The ministry denied it.")]
    assert "Ana  “highly likely”: verdict “Mostly false” → “False” — The ministry denied it." in cli(
        "corrections", path).out
    entries = cli("history", path, "--claim", kim, "--json").json()
    assert {("Ana", "claims"), ("Ben", "reviews"), ("Ana", "corrections")} <= {
        (e["author"], e["table"]) for e in entries}
    with Project.open(path, read_only=True) as project:
        assert project.meta("require_review") == "on"
        assert any(e.field == "verdict" and e.new == "False" and e.author == "Ana"
                   for e in history(project, claim_id=kim))


def test_a_sent_back_verdict_needs_a_note(cli: Cli, sample: tuple[Path, str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    path, kim = sample
    monkeypatch.setenv("WORKBENCH_AUTHOR", "Ana")
    assert cli("claim", "edit", path, kim, "--verdict", "True").code == 0
    monkeypatch.setenv("WORKBENCH_AUTHOR", "Ben")
    assert_user_error(cli("review", path, "--claim", kim, "--reject"), "Say why")
    result = cli("review", path, "--claim", kim, "--reject", "--note", "Only one source.")
    assert result.code == 0 and "back to Ana" in result.out
    assert_user_error(cli("corrections", path, "--claim", "nope"), "no claim with id nope")
    assert_user_error(cli("claim", "edit", path, kim, "--note", "x", "--correction", "y"), "needs none")
