"""Second-person review and the corrections log (issue 24): with review required, a claim is published
only after someone other than its verdict's author approved that verdict; a changed verdict needs a new
approval; a published claim's verdict, speaker or quote changes only with a correction note, kept with its
author, time, old and new values; merging carries reviews and corrections from both copies."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench import ops
from workbench.core.errors import ValidationError
from workbench.ops.merge import merge_project
from workbench.ops.sample import create_sample_project
from workbench.store import Project
from workbench.store.queries import get_claim, list_claims
from workbench.store.queries_history import history
from workbench.store.queries_review import list_corrections, list_reviews, review_required, review_state


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """The sample project with review required; Kim's claim (no verdict yet) is the one rated."""
    p = tmp_path / "story.fcproj"
    with create_sample_project(p, author="Setup") as project:
        ops.update_settings(project, require_review=True)
    return p


def kim(project: Project) -> str:
    return next(c.id for c in list_claims(project) if c.speaker == "Kim Yong-hyun")


def as_(path: Path, name: str) -> Project:
    return Project.open(path, author=name)


def test_ana_rates_ben_approves_ana_publishes_then_a_correction(path: Path) -> None:
    with as_(path, "Ana") as project:
        assert review_required(project)
        claim = kim(project)
        ops.update_claim(project, claim_id=claim, verdict="Mostly false", status="Checked")
        with pytest.raises(ValidationError, match=r"requires second-person review.*'Mostly false' by Ana has not been"):
            ops.update_claim(project, claim_id=claim, status="Published")
        with pytest.raises(ValidationError, match=r"You \(Ana\) gave the verdict 'Mostly false'"):
            ops.review_claim(project, claim_id=claim, approve=True)
        assert list_reviews(project, claim) == []
    with as_(path, "Ben") as project:
        ops.review_claim(project, claim_id=claim, approve=True, note="Transcript matches.")
    with as_(path, "Ana") as project:
        state = review_state(project, claim)
        assert (state.verdict_by, state.approved_by) == ("Ana", "Ben")
        ops.update_claim(project, claim_id=claim, status="Published")
        with pytest.raises(ValidationError, match="published: changing its verdict needs a correction note"):
            ops.update_claim(project, claim_id=claim, verdict="False")
        with pytest.raises(ValidationError, match="needs none"):
            ops.update_claim(project, claim_id=claim, note="Context", correction="Not a correction")
        ops.update_claim(project, claim_id=claim, verdict="False", correction="The ministry denied it on record.")
    with Project.open(path, read_only=True) as project:
        (correction,) = list_corrections(project)
        assert (correction.field, correction.old, correction.new, correction.author) == (
            "verdict", "Mostly false", "False", "Ana")
        assert correction.note == "The ministry denied it on record."
        assert get_claim(project, claim).status == "Published"
        state = review_state(project, claim)
        assert (state.verdict, state.verdict_by, state.approved) == ("False", "Ana", False)  # a new approval needed
        authors = {(e.author, e.table) for e in history(project, claim_id=claim)}
        assert {("Ana", "claims"), ("Ben", "reviews"), ("Ana", "corrections")} <= authors


def test_a_changed_verdict_needs_a_new_approval_and_a_send_back_withdraws_one(path: Path) -> None:
    with as_(path, "Ana") as project:
        claim = kim(project)
        ops.update_claim(project, claim_id=claim, verdict="Half true", status="Checked")
    with as_(path, "Ben") as project:
        ops.review_claim(project, claim_id=claim, approve=True)
    with as_(path, "Ana") as project:
        ops.update_claim(project, claim_id=claim, verdict="False")
        with pytest.raises(ValidationError, match="'False' by Ana has not been approved"):
            ops.update_claim(project, claim_id=claim, status="Published")
        with pytest.raises(ValidationError, match="the new verdict 'True' must be approved"):
            ops.update_claim(project, claim_id=claim, verdict="True", status="Published")
    with as_(path, "Ben") as project:
        ops.review_claim(project, claim_id=claim, approve=True)
    with as_(path, "Carla") as project:
        with pytest.raises(ValidationError, match="Say why"):
            ops.review_claim(project, claim_id=claim, approve=False)
        ops.review_claim(project, claim_id=claim, approve=False, note="The denial is second-hand.")
        state = review_state(project, claim)
        assert (state.approved, state.sent_back_by, state.sent_back_note) == (False, "Carla",
                                                                               "The denial is second-hand.")
        assert get_claim(project, claim).status == "In progress"  # back to its checker
        with pytest.raises(ValidationError, match="has not been approved"):
            ops.update_claim(project, claim_id=claim, status="Published")


def test_without_the_setting_anyone_publishes_and_new_claims_cannot_start_published(tmp_path: Path) -> None:
    with create_sample_project(tmp_path / "free.fcproj", author="Ana") as project:
        assert not review_required(project)
        claim = kim(project)
        ops.update_claim(project, claim_id=claim, verdict="False", status="Published")
        ops.update_settings(project, require_review=True)
        article = get_claim(project, claim).article_id
        with pytest.raises(ValidationError, match="new claim cannot be published"):
            ops.add_claim(project, article_id=article, quote="NATO", status="Published", verdict="True")


def test_a_published_quote_extent_or_speaker_changes_only_with_a_note(path: Path) -> None:
    with create_sample_project(path.parent / "free.fcproj", author="Ana") as project:
        claim = get_claim(project, kim(project))
        ops.update_claim(project, claim_id=claim.id, status="Published")
        with pytest.raises(ValidationError, match="changing its extent needs a correction note"):
            ops.adjust_claim_extent(project, claim_id=claim.id, start=claim.start - 1, end=claim.end + 1)
        with pytest.raises(ValidationError, match="changing its speaker needs"):
            ops.update_claim(project, claim_id=claim.id, speaker="Someone else")
        ops.adjust_claim_extent(project, claim_id=claim.id, start=claim.start - 1, end=claim.end + 1,
                                correction="The quotation marks belong to the quote.")
        ops.update_claim(project, claim_id=claim.id, speaker="Kim Yong-hyun (NIS)", correction="Full title.")
        fields = [(c.field, c.old, c.new) for c in list_corrections(project)]
    assert fields == [("extent", "highly likely", "“highly likely”"),
                      ("speaker", "Kim Yong-hyun", "Kim Yong-hyun (NIS)")]


def test_merging_keeps_both_copies_reviews_and_every_correction(path: Path, tmp_path: Path) -> None:
    with as_(path, "Ana") as project:
        claim = kim(project)
        ops.update_claim(project, claim_id=claim, verdict="False", status="Checked")
    ben_copy, carla_copy = tmp_path / "ben.fcproj", tmp_path / "carla.fcproj"
    with Project.open(path) as project:
        project.backup_to(ben_copy)
        project.backup_to(carla_copy)
    with as_(ben_copy, "Ben") as project:
        ops.review_claim(project, claim_id=claim, approve=True, note="Ben: fine")
        ops.update_claim(project, claim_id=claim, status="Published")
        ops.update_claim(project, claim_id=claim, speaker="Kim (NIS)", correction="Ben: title")
    with as_(carla_copy, "Carla") as project:
        ops.review_claim(project, claim_id=claim, approve=True, note="Carla: fine")
    with as_(path, "Ana") as project:
        merge_project(project, other_path=ben_copy)
        merge_project(project, other_path=carla_copy)
        reviewers = sorted(r["reviewer"] for r in list_reviews(project, claim))
        corrections = [(c.author, c.note) for c in list_corrections(project)]
        state = review_state(project, claim)
        assert project.check() == []
    assert reviewers == ["Ben", "Carla"]
    assert corrections == [("Ben", "Ben: title")]
    assert state.verdict_by == "Ana" and state.approved  # the merge did not make Ana the verdict's author


def test_deleting_a_claim_takes_its_reviews_and_undo_brings_them_back(path: Path) -> None:
    with as_(path, "Ana") as project:
        claim = kim(project)
        ops.update_claim(project, claim_id=claim, verdict="False")
    with as_(path, "Ben") as project:
        ops.review_claim(project, claim_id=claim, approve=True)
        changes = ops.delete_claim(project, claim_id=claim)
        assert project.conn.execute("SELECT count(*) FROM reviews").fetchone()[0] == 0
        ops.undo_changes(project, changes=changes)
        assert [r["reviewer"] for r in list_reviews(project, claim)] == ["Ben"]
