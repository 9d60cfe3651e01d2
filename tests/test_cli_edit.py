"""The editing commands: ``claim edit|delete``, ``article edit|delete``, ``source edit|delete``, ``unlink``,
``tags`` and ``tag add|rename|color|merge|delete``, ``verdicts``; what they store (checked after reopening
the file), refusals (exit 1, one line naming what was wrong, the file's bytes unchanged), and the name
written on every change (``WORKBENCH_AUTHOR`` over the name given in the window, over the login name)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import Cli, assert_user_error, sha256
from tests.support.projects import saved_claims
from workbench import ops
from workbench.ops.sample import create_sample_project
from workbench.store import Project
from workbench.store.author import save_author_name
from workbench.store.queries import get_claim, list_articles, list_claims, list_tags, verdict_scale
from workbench.store.queries_sources import claim_links, get_source, list_sources


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "sample.fcproj"
    create_sample_project(path, author="Ana").close()
    return path


def claims_of(path: Path) -> dict[str, object]:
    return {c.speaker: c for c in saved_claims(path)}


def claim_id(path: Path, speaker: str) -> str:
    return claims_of(path)[speaker].id  # type: ignore[attr-defined]


# -- claims ------------------------------------------------------------------------------------------------


def test_claim_edit_changes_every_field_in_one_step_and_prints_json(cli: Cli, sample: Path) -> None:
    kim = claim_id(sample, "Kim Yong-hyun")
    result = cli("claim", "edit", sample, kim, "--speaker", "Kim  Yong-hyun (NIS)", "--status", "checked",
                 "--verdict", "half TRUE", "--note", "Transcript found.", "--private-note", "Source: a clerk",
                 "--tag", "Intelligence", "--untag", "north korea", "--json")
    assert result.code == 0, result.err
    printed = result.json()
    assert printed["id"] == kim and printed["verdict"] == "Half true" and printed["links"] == []
    with Project.open(sample, read_only=True) as project:
        claim = get_claim(project, kim)
        history = project.conn.execute("SELECT DISTINCT op FROM history WHERE at = ?", (claim.updated_at,)).fetchall()
    assert (claim.speaker, claim.status, claim.verdict) == ("Kim Yong-hyun (NIS)", "Checked", "Half true")
    assert (claim.note, claim.private_note) == ("Transcript found.", "Source: a clerk")
    assert [t.name for t in claim.tags] == ["Intelligence"]
    assert claim.updated_by == "Test Author"
    assert history == [("Edit claim",)]  # one operation: one step in the history


def test_claim_edit_can_clear_a_verdict_and_leaves_fields_not_given(cli: Cli, sample: Path) -> None:
    rutte = claim_id(sample, "Mark Rutte")
    assert cli("claim", "edit", sample, rutte, "--verdict", "").code == 0
    with Project.open(sample, read_only=True) as project:
        claim = get_claim(project, rutte)
    assert claim.verdict == "" and claim.status == "Checked" and [t.name for t in claim.tags] == ["NATO"]


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["--verdict", "Pants on fire", "--tag", "New"], ["'Pants on fire' is not on this project's verdict"]),
        (["--status", "Done", "--speaker", "X"], ["'Done' is not a claim status"]),
        (["--speaker", "X", "--untag", "Nope"], ["no tag 'Nope'"]),
        (["--untag", "Russia"], ["does not carry that tag", "Russia"]),
        (["--tag", " "], ["tag name cannot be empty"]),
    ],
    ids=["bad-verdict", "bad-status", "unknown-tag", "tag-not-on-claim", "empty-tag"],
)
def test_claim_edit_refusals_change_nothing(cli: Cli, sample: Path, args: list[str], fragments: list[str]) -> None:
    kim = claim_id(sample, "Kim Yong-hyun")
    before = sha256(sample)
    assert_user_error(cli("claim", "edit", sample, kim, *args), *fragments)
    assert sha256(sample) == before


def test_claim_edit_and_delete_of_an_unknown_claim(cli: Cli, sample: Path) -> None:
    before = sha256(sample)
    assert_user_error(cli("claim", "edit", sample, "nope", "--speaker", "X"), "no claim with id nope")
    assert_user_error(cli("claim", "delete", sample, "nope"), "no claim with id nope")
    assert sha256(sample) == before


def test_claim_delete_takes_its_tags_and_links_and_says_so(cli: Cli, sample: Path) -> None:
    rutte = claim_id(sample, "Mark Rutte")
    result = cli("claim", "delete", sample, rutte, "--json")
    assert result.code == 0, result.err
    assert result.json() == {"deleted": [rutte], "rows": {"claim_tags": 1, "claim_sources": 1, "claims": 1}}
    claims = claims_of(sample)
    assert "Mark Rutte" not in claims and len(claims) == 2
    with Project.open(sample, read_only=True) as project:
        assert len(list_sources(project)) == 1  # the source stays in the library


def test_unlink_by_id_and_by_claim_and_source(cli: Cli, sample: Path) -> None:
    rutte = claim_id(sample, "Mark Rutte")
    with Project.open(sample, read_only=True) as project:
        (link,) = claim_links(project, rutte)
    before = sha256(sample)
    assert_user_error(cli("unlink", sample, "--claim", rutte, "--source", "nope"), "not linked to a source")
    assert_user_error(cli("unlink", sample), "Say which link")
    assert sha256(sample) == before
    assert cli("unlink", sample, link.id).code == 0
    assert_user_error(cli("unlink", sample, link.id), "no source link with id")
    with Project.open(sample) as project:
        assert claim_links(project, rutte) == []
        for relation in ("supports", "context"):
            ops.link_source(project, claim_id=rutte, source_id=link.source_id, relation=relation)
    result = cli("unlink", sample, "--claim", rutte, "--source", link.source_id, "--json")
    assert result.code == 0, result.err
    assert len(result.json()["deleted"]) == 2
    with Project.open(sample, read_only=True) as project:
        assert claim_links(project, rutte) == []


# -- articles and sources ------------------------------------------------------------------------------


def test_article_edit_and_delete(cli: Cli, sample: Path) -> None:
    with Project.open(sample, read_only=True) as project:
        (article,) = list_articles(project)
    result = cli("article", "edit", sample, article.id, "--title", "NATO cannot verify", "--outlet", "AP",
                 "--language", "en", "--json")
    assert result.code == 0, result.err
    assert result.json()["title"] == "NATO cannot verify"
    assert_user_error(cli("article", "edit", sample, article.id, "--title", "  "), "title cannot be empty")
    with Project.open(sample, read_only=True) as project:
        (article,) = list_articles(project)
    assert (article.title, article.outlet, article.language) == ("NATO cannot verify", "AP", "en")
    result = cli("article", "delete", sample, article.id)
    assert result.code == 0, result.err
    assert "claim × 3" in result.out and "source link × 1" in result.out
    with Project.open(sample, read_only=True) as project:
        assert list_articles(project) == [] and list_claims(project) == []


def test_source_edit_attach_detach_and_delete(cli: Cli, sample: Path, tmp_path: Path) -> None:
    with Project.open(sample, read_only=True) as project:
        (source,) = list_sources(project)
    attachment = tmp_path / "transcript.txt"
    attachment.write_text("Rutte: I cannot confirm these reports.", encoding="utf-8")
    before = sha256(sample)
    assert_user_error(cli("source", "edit", sample, source.id, "--kind", "rumour"), "rumour")
    assert_user_error(cli("source", "edit", sample, source.id, "--title", "X", "--attach", tmp_path / "gone.txt"),
                      "gone.txt")
    assert_user_error(cli("source", "edit", sample, source.id, "--detach", "nope"), "no attached file with id nope")
    assert sha256(sample) == before
    result = cli("source", "edit", sample, source.id, "--publisher", "NATO", "--reliability", "High",
                 "--attach", attachment, "--json")
    assert result.code == 0, result.err
    (file,) = result.json()["files"]
    assert file["name"] == "transcript.txt"
    with Project.open(sample, read_only=True) as project:
        stored = get_source(project, source.id)
    assert (stored.publisher, stored.reliability) == ("NATO", "High")
    assert [f.name for f in stored.files] == ["transcript.txt"]
    assert cli("source", "edit", sample, source.id, "--detach", file["id"]).code == 0
    with Project.open(sample, read_only=True) as project:
        assert get_source(project, source.id).files == []
    assert cli("source", "delete", sample, source.id).code == 0
    with Project.open(sample, read_only=True) as project:
        assert list_sources(project) == []
        assert claim_links(project, claim_id(sample, "Mark Rutte")) == []


# -- tags and verdicts ---------------------------------------------------------------------------------


def test_tag_commands(cli: Cli, sample: Path) -> None:
    assert [t["name"] for t in cli("tags", sample, "--json").json()] == ["NATO", "North Korea", "Russia"]
    assert cli("tag", "add", sample, "Europe", "--color", "#112233", "--json").json()["color"] == "#112233"
    assert cli("tag", "rename", sample, "nato", "Alliance").code == 0
    assert cli("tag", "color", sample, "Alliance", "#ABCDEF").code == 0
    assert cli("tag", "merge", sample, "Russia", "Europe").code == 0
    before = sha256(sample)
    assert_user_error(cli("tag", "rename", sample, "Alliance", "europe"), "already exists")
    assert_user_error(cli("tag", "color", sample, "Alliance", "blue"), "'blue' is not a colour")
    assert_user_error(cli("tag", "merge", sample, "Europe", "Europe"), "cannot be merged into itself")
    assert_user_error(cli("tag", "delete", sample, "Asia"), "no tag 'Asia'")
    assert sha256(sample) == before
    assert cli("tag", "delete", sample, "North Korea").code == 0
    with Project.open(sample, read_only=True) as project:
        tags = {t.name: (t.color, t.claim_count) for t in list_tags(project)}
        kremlin = next(c for c in list_claims(project) if c.speaker == "the Kremlin")
    assert tags == {"Alliance": ("#abcdef", 1), "Europe": ("#112233", 1)}
    assert [t.name for t in kremlin.tags] == ["Europe"]


def test_verdicts_list_add_edit_delete(cli: Cli, sample: Path) -> None:
    labels = [v["label"] for v in cli("verdicts", sample, "--json").json()]
    assert labels == ["True", "Mostly true", "Half true", "Mostly false", "False", "Unverifiable"]
    added = cli("verdicts", sample, "--add", "Misleading", "--color", "#8e24aa", "--description", "Lacks context")
    assert added.code == 0, added.err
    assert cli("verdicts", sample, "--edit", "true", "--label", "Correct").code == 0
    before = sha256(sample)
    assert_user_error(cli("verdicts", sample, "--delete", "Correct"), "1 claim(s) have the verdict 'Correct'")
    assert_user_error(cli("verdicts", sample, "--edit", "Nope", "--color", "#000000"), "'Nope' is not on")
    assert_user_error(cli("verdicts", sample, "--add", "half TRUE"), "already has a verdict")
    assert_user_error(cli("verdicts", sample, "--edit", "False"), "Say what to change")
    assert_user_error(cli("verdicts", sample, "--add", "X", "--delete", "False"), "one of --add, --edit and --delete")
    assert sha256(sample) == before
    assert cli("verdicts", sample, "--delete", "Unverifiable").code == 0
    with Project.open(sample, read_only=True) as project:
        scale = [(v.label, v.color, v.description) for v in verdict_scale(project)]
        assert get_claim(project, claim_id(sample, "Mark Rutte")).verdict == "Correct"  # followed the rename
    assert scale[0][0] == "Correct" and scale[-1] == ("Misleading", "#8e24aa", "Lacks context")
    assert "Unverifiable" not in [s[0] for s in scale]


# -- who ---------------------------------------------------------------------------------------------------


def test_the_name_given_in_the_window_is_written_unless_workbench_author_overrides_it(
        cli: Cli, sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kim = claim_id(sample, "Kim Yong-hyun")
    save_author_name("Ben Costa")
    monkeypatch.delenv("WORKBENCH_AUTHOR", raising=False)
    assert cli("claim", "edit", sample, kim, "--status", "Checked").code == 0
    monkeypatch.setenv("WORKBENCH_AUTHOR", "Carla Dias")
    assert cli("claim", "edit", sample, kim, "--verdict", "False").code == 0
    with Project.open(sample, read_only=True) as project:
        authors = project.conn.execute(
            "SELECT author FROM history WHERE row_id = ? AND action = 'update' ORDER BY at", (kim,)).fetchall()
    assert authors == [("Ben Costa",), ("Carla Dias",)]


def test_claim_edit_quote_moves_the_extent_and_a_published_claim_needs_a_note(cli: Cli, sample: Path) -> None:
    kim = claim_id(sample, "Kim Yong-hyun")
    before = sha256(sample)
    assert_user_error(cli("claim", "edit", sample, kim, "--quote", "not in the text"), "does not occur")
    assert_user_error(cli("claim", "edit", sample, kim, "--quote", "likely", "--speaker", "X"), "goes alone")
    assert sha256(sample) == before
    assert cli("claim", "edit", sample, kim, "--quote", "“highly likely”").code == 0
    assert cli("claim", "edit", sample, kim, "--status", "Published").code == 0
    assert_user_error(cli("claim", "edit", sample, kim, "--quote", "highly likely"), "correction note")
    moved = cli("claim", "edit", sample, kim, "--quote", "highly likely", "--correction", "Quotation marks.",
                "--json")
    assert moved.code == 0, moved.err
    assert moved.json()["exact"] == "highly likely"
    assert [(c["field"], c["old"], c["new"]) for c in moved.json()["corrections"]] == [
        ("extent", "“highly likely”", "highly likely")]


def test_link_edit(cli: Cli, sample: Path) -> None:
    rutte = claim_id(sample, "Mark Rutte")
    with Project.open(sample, read_only=True) as project:
        (link,) = claim_links(project, rutte)
    assert_user_error(cli("link-edit", sample, "nope", "--note", "x"), "no source link with id nope")
    result = cli("link-edit", sample, link.id, "--relation", "context", "--locator", "p. 2", "--json")
    assert result.code == 0, result.err
    with Project.open(sample, read_only=True) as project:
        (stored,) = claim_links(project, rutte)
    assert (stored.relation, stored.locator) == ("context", "p. 2")
