"""Tag operations: create (with readable default colours), rename, recolour, merge, delete, and put on
or take off claims; duplicate names and bad colours are refused with nothing changed."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from workbench import ops
from workbench.core.errors import NotFoundError, ValidationError
from workbench.importers import ImportedArticle
from workbench.ops.tags import PALETTE
from workbench.store import Project
from workbench.store.queries import get_claim, list_tags

TEXT = "The senator said crime fell by half. The police chief said crime fell by a third."


def counts(project: Project) -> dict[str, int]:
    tables = ("tags", "claim_tags", "claims", "history", "tombstones")
    return {t: project.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def tag_id(project: Project, name: str) -> str:
    return next(t.id for t in list_tags(project) if t.name == name)


@pytest.fixture
def claims(project: Project) -> tuple[str, str]:
    article_id = ops.add_article(project, article=ImportedArticle(text=TEXT, title="Crime")).created("articles")[0]
    first = ops.add_claim(project, article_id=article_id, quote="crime fell by half").created("claims")[0]
    second = ops.add_claim(project, article_id=article_id, quote="crime fell by a third").created("claims")[0]
    return first, second


def tag_names(project: Project, claim_id: str) -> list[str]:
    return [t.name for t in get_claim(project, claim_id).tags]


def test_add_tag_takes_the_next_palette_colour(project: Project) -> None:
    for name in ("One", "Two", "Three"):
        ops.add_tag(project, name=name)
    colours = {t.name: t.color for t in list_tags(project)}
    assert colours == {"One": PALETTE[0], "Two": PALETTE[1], "Three": PALETTE[2]}
    assert len(set(PALETTE)) == len(PALETTE)


def test_add_tag_with_colour_normalises_it(project: Project) -> None:
    changes = ops.add_tag(project, name="  Crime   stats ", color=" #A1B2C3 ")
    (tag,) = list_tags(project)
    assert (tag.id, tag.name, tag.color) == (changes.created("tags")[0], "Crime stats", "#a1b2c3")


@pytest.mark.parametrize("color", ["red", "#fff", "#gggggg", "", "#1234567", "a1b2c3"])
def test_bad_colour_is_refused(project: Project, color: str) -> None:
    ops.add_tag(project, name="Kept", color="#111111")
    before = counts(project)
    with pytest.raises(ValidationError, match="is not a colour; use the form #rrggbb"):
        ops.add_tag(project, name="New", color=color)
    with pytest.raises(ValidationError, match="is not a colour"):
        ops.update_tag(project, tag_id=tag_id(project, "Kept"), color=color)
    assert counts(project) == before
    assert [(t.name, t.color) for t in list_tags(project)] == [("Kept", "#111111")]


@pytest.mark.parametrize(
    ("name", "message"),
    [("crime", "A tag named 'crime' already exists"), (" CRIME ", "already exists"), ("", "cannot be empty"),
     ("x" * 81, "too long")],
    ids=["same-name-other-case", "padded-upper-case", "empty", "too-long"],
)
def test_add_tag_refuses_bad_or_duplicate_names(project: Project, name: str, message: str) -> None:
    ops.add_tag(project, name="Crime")
    before = counts(project)
    with pytest.raises(ValidationError, match=message):
        ops.add_tag(project, name=name)
    assert counts(project) == before


def test_rename_and_recolour(project: Project, claims: tuple[str, str]) -> None:
    ops.tag_claim(project, claim_id=claims[0], name="Crime")
    ops.update_tag(project, tag_id=tag_id(project, "Crime"), name="Public safety", color="#000000")
    assert [(t.name, t.color, t.claim_count) for t in list_tags(project)] == [("Public safety", "#000000", 1)]
    assert tag_names(project, claims[0]) == ["Public safety"]


def test_rename_to_its_own_name_in_other_case_is_allowed(project: Project) -> None:
    ops.add_tag(project, name="nato")
    ops.update_tag(project, tag_id=tag_id(project, "nato"), name="NATO")
    assert [t.name for t in list_tags(project)] == ["NATO"]


def test_rename_onto_another_tag_suggests_merging(project: Project) -> None:
    ops.add_tag(project, name="Crime")
    ops.add_tag(project, name="Police")
    before = counts(project)
    with pytest.raises(ValidationError, match="already exists; merge the two tags instead"):
        ops.update_tag(project, tag_id=tag_id(project, "Police"), name="crime")
    assert counts(project) == before
    assert [t.name for t in list_tags(project)] == ["Crime", "Police"]


def test_tag_claim_creates_or_reuses_tags_by_name(project: Project, claims: tuple[str, str]) -> None:
    ops.tag_claim(project, claim_id=claims[0], name="Crime")
    changes = ops.tag_claim(project, claim_id=claims[1], name="CRIME")
    assert changes.tables == {"claim_tags"}  # no second tag
    again = ops.tag_claim(project, claim_id=claims[1], name="crime")
    assert again.images == []  # already tagged: nothing to do
    assert [(t.name, t.claim_count) for t in list_tags(project)] == [("Crime", 2)]


def test_tag_claim_with_a_new_name_and_colour(project: Project, claims: tuple[str, str]) -> None:
    ops.tag_claim(project, claim_id=claims[0], name="Statistics", color="#00FF00")
    assert [(t.name, t.color) for t in get_claim(project, claims[0]).tags] == [("Statistics", "#00ff00")]


def test_tag_an_unknown_claim_is_refused_and_creates_no_tag(project: Project, claims: tuple[str, str]) -> None:
    before = counts(project)
    with pytest.raises(NotFoundError, match="no claim with id ghost"):
        ops.tag_claim(project, claim_id="ghost", name="Brand new")
    assert counts(project) == before


def test_untag_claim(project: Project, claims: tuple[str, str]) -> None:
    ops.tag_claim(project, claim_id=claims[0], name="Crime")
    ops.tag_claim(project, claim_id=claims[0], name="Police")
    ops.untag_claim(project, claim_id=claims[0], tag_id=tag_id(project, "Crime"))
    assert tag_names(project, claims[0]) == ["Police"]
    assert [t.name for t in list_tags(project)] == ["Crime", "Police"]  # the tag itself stays
    before = counts(project)
    with pytest.raises(NotFoundError, match="does not carry that tag"):
        ops.untag_claim(project, claim_id=claims[0], tag_id=tag_id(project, "Crime"))
    assert counts(project) == before


def test_merge_moves_claims_to_the_target_and_deletes_the_source(project: Project, claims: tuple[str, str]) -> None:
    first, second = claims
    ops.tag_claim(project, claim_id=first, name="crime")
    ops.tag_claim(project, claim_id=second, name="crime")
    ops.tag_claim(project, claim_id=second, name="Crime rates")  # carries both: must end with one link
    source, target = tag_id(project, "crime"), tag_id(project, "Crime rates")
    changes = ops.merge_tags(project, source_tag_id=source, target_tag_id=target)
    assert [(t.name, t.claim_count) for t in list_tags(project)] == [("Crime rates", 2)]
    assert tag_names(project, first) == ["Crime rates"]
    assert tag_names(project, second) == ["Crime rates"]
    assert project.row("tags", source) is None
    assert changes.op == "Merge tags"
    assert project.check() == []


@pytest.mark.parametrize(
    ("pick", "error", "message"),
    [
        (lambda a, b: (a, a), ValidationError, "cannot be merged into itself"),
        (lambda a, b: (a, "missing"), NotFoundError, "no tag with id missing"),
        (lambda a, b: ("missing", b), NotFoundError, "no tag with id missing"),
    ],
    ids=["into-itself", "unknown-target", "unknown-source"],
)
def test_merge_refuses_impossible_merges(
    project: Project, claims: tuple[str, str], pick: Callable[[str, str], tuple[str, str]],
    error: type[Exception], message: str,
) -> None:
    ops.tag_claim(project, claim_id=claims[0], name="A")
    ops.add_tag(project, name="B")
    before = counts(project)
    source, target = pick(tag_id(project, "A"), tag_id(project, "B"))
    with pytest.raises(error, match=message):
        ops.merge_tags(project, source_tag_id=source, target_tag_id=target)
    assert counts(project) == before


def test_delete_tag_takes_it_off_every_claim_and_keeps_the_claims(project: Project, claims: tuple[str, str]) -> None:
    for claim_id in claims:
        ops.tag_claim(project, claim_id=claim_id, name="Crime")
        ops.tag_claim(project, claim_id=claim_id, name="Keep")
    ops.delete_tag(project, tag_id=tag_id(project, "Crime"))
    assert [t.name for t in list_tags(project)] == ["Keep"]
    assert [tag_names(project, c) for c in claims] == [["Keep"], ["Keep"]]
    with pytest.raises(NotFoundError):
        ops.delete_tag(project, tag_id="missing")
    assert project.check() == []


def _hue(color: str) -> float:
    import colorsys

    r, g, b = (int(color[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return colorsys.rgb_to_hsv(r, g, b)[0] * 360


def _apart(a: float, b: float) -> float:
    return min(abs(a - b), 360 - abs(a - b))


def test_tag_colours_do_not_look_like_verdicts_or_untagged_claims() -> None:
    from workbench.store.schema import DEFAULT_VERDICTS
    from workbench.ui.common import STATUS_COLORS

    verdict_hues = [_hue(c) for label, c in DEFAULT_VERDICTS if label != "Unverifiable"]  # grey has no hue
    for color in PALETTE:
        assert all(_apart(_hue(color), v) >= 40 for v in verdict_hues), f"{color} looks like a verdict"
    # The first tag's highlight must not be mistaken for an untagged claim's (coloured by its status).
    assert all(_apart(_hue(PALETTE[0]), _hue(s)) >= 60 for s in STATUS_COLORS.values())
    hues = sorted(_hue(c) for c in PALETTE)
    assert min(_apart(a, b) for a, b in zip(hues, hues[1:] + hues[:1], strict=True)) >= 20  # distinct hues
