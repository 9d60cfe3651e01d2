"""The per-project verdict scale: add, rename (claims follow), recolour, delete (refused while in use);
and the project title."""

from __future__ import annotations

import pytest

from workbench import ops
from workbench.core.errors import NotFoundError, ValidationError
from workbench.importers import ImportedArticle
from workbench.store import Project
from workbench.store.queries import get_claim, verdict_scale

TEXT = "The mayor said the park is the biggest in Europe. A rival said it is the smallest."


def counts(project: Project) -> dict[str, int]:
    tables = ("verdict_scale", "claims", "history", "tombstones")
    return {t: project.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def verdict_id(project: Project, label: str) -> str:
    return next(v.id for v in verdict_scale(project) if v.label == label)


@pytest.fixture
def claims(project: Project) -> tuple[str, str]:
    article_id = ops.add_article(project, article=ImportedArticle(text=TEXT, title="Park")).created("articles")[0]
    a = ops.add_claim(project, article_id=article_id, quote="the biggest in Europe", verdict="False")
    b = ops.add_claim(project, article_id=article_id, quote="the smallest", verdict="True")
    return a.created("claims")[0], b.created("claims")[0]


def test_add_verdict_goes_to_the_end_of_the_scale_and_can_be_used(project: Project, claims: tuple[str, str]) -> None:
    ops.add_verdict(project, label="  Satire ", color="#ABCDEF", description="Not meant literally")
    last = verdict_scale(project)[-1]
    assert (last.label, last.color, last.description) == ("Satire", "#abcdef", "Not meant literally")
    assert last.position == max(v.position for v in verdict_scale(project))
    ops.update_claim(project, claim_id=claims[0], verdict="satire")
    assert get_claim(project, claims[0]).verdict == "Satire"


@pytest.mark.parametrize(
    ("label", "color", "message"),
    [("mostly TRUE", "#000000", "already has a verdict 'mostly TRUE'"), ("", "#000000", "cannot be empty"),
     ("Odd", "orange", "is not a colour")],
    ids=["duplicate", "empty", "bad-colour"],
)
def test_add_verdict_refuses_bad_input(project: Project, label: str, color: str, message: str) -> None:
    before = counts(project)
    with pytest.raises(ValidationError, match=message):
        ops.add_verdict(project, label=label, color=color)
    assert counts(project) == before


def test_rename_verdict_takes_its_claims_along(project: Project, claims: tuple[str, str]) -> None:
    changes = ops.update_verdict(project, verdict_id=verdict_id(project, "False"), label="Wrong")
    assert get_claim(project, claims[0]).verdict == "Wrong"
    assert get_claim(project, claims[1]).verdict == "True"  # claims with other verdicts untouched
    assert changes.tables == {"verdict_scale", "claims"}
    assert "False" not in [v.label for v in verdict_scale(project)]
    with pytest.raises(ValidationError, match="not on this project's verdict scale"):
        ops.update_claim(project, claim_id=claims[1], verdict="False")


def test_recolour_verdict_leaves_claims_alone(project: Project, claims: tuple[str, str]) -> None:
    changes = ops.update_verdict(project, verdict_id=verdict_id(project, "False"), color="#FF0000",
                                 description="Plainly wrong")
    assert changes.tables == {"verdict_scale"}
    v = next(v for v in verdict_scale(project) if v.label == "False")
    assert (v.color, v.description) == ("#ff0000", "Plainly wrong")
    assert get_claim(project, claims[0]).verdict == "False"


def test_rename_verdict_onto_another_is_refused(project: Project, claims: tuple[str, str]) -> None:
    before = counts(project)
    with pytest.raises(ValidationError, match="already has a verdict 'true'"):
        ops.update_verdict(project, verdict_id=verdict_id(project, "False"), label="true")
    assert counts(project) == before
    assert get_claim(project, claims[0]).verdict == "False"


def test_delete_verdict_is_refused_while_claims_carry_it(project: Project, claims: tuple[str, str]) -> None:
    before = counts(project)
    with pytest.raises(ValidationError, match=r"1 claim\(s\) have the verdict 'False'; give them another"):
        ops.delete_verdict(project, verdict_id=verdict_id(project, "False"))
    assert counts(project) == before
    ops.update_claim(project, claim_id=claims[0], verdict="Half true")
    ops.delete_verdict(project, verdict_id=verdict_id(project, "False"))
    assert "False" not in [v.label for v in verdict_scale(project)]


def test_delete_unused_verdict(project: Project) -> None:
    labels = [v.label for v in verdict_scale(project)]
    ops.delete_verdict(project, verdict_id=verdict_id(project, "Unverifiable"))
    assert [v.label for v in verdict_scale(project)] == [x for x in labels if x != "Unverifiable"]


@pytest.mark.parametrize("op", ["update", "delete"])
def test_unknown_verdict_id_is_refused(project: Project, op: str) -> None:
    before = counts(project)
    with pytest.raises(NotFoundError, match="no verdict with id nope"):
        if op == "update":
            ops.update_verdict(project, verdict_id="nope", label="X")
        else:
            ops.delete_verdict(project, verdict_id="nope")
    assert counts(project) == before


def test_set_project_title(project_path, project: Project) -> None:  # type: ignore[no-untyped-def]
    ops.set_project_title(project, title="Budget 2025 ✓")
    with pytest.raises(ValidationError, match="project title cannot be empty"):
        ops.set_project_title(project, title="   ")
    project.close()
    with Project.open(project_path) as again:
        assert again.title == "Budget 2025 ✓"
