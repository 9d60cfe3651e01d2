"""Read queries: what the lists and the reader show — counts, order, tags in the order given, and
highlights re-found (or reported as orphans) when an article's text has drifted."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.support.projects import add_article, add_claim
from workbench import ops
from workbench.core.errors import NotFoundError
from workbench.store import Project
from workbench.store.queries import (
    article_text,
    get_article,
    get_claim,
    list_articles,
    list_claims,
    list_tags,
    speakers,
    tag_names,
    verdict_scale,
)

FIRST = "Alpha said the tax will fall. Beta said the tax will rise. Alpha said it again: the tax will fall."
SECOND = "Gamma said unemployment halved. Delta disagreed."


@pytest.fixture
def filled(project: Project) -> dict[str, str]:
    a1 = add_article(project, FIRST, "Taxes", outlet="Daily")
    a2 = add_article(project, SECOND, "Jobs", outlet="Daily")
    ids = {
        "a1": a1,
        "a2": a2,
        # Marked out of text order on purpose: lists must come back by position.
        "rise": add_claim(project, a1, "the tax will rise", speaker="Beta", tags=["Economy", "Tax"]),
        "fall2": add_claim(project, a1, "the tax will fall", occurrence=2, speaker="Alpha", tags=["Tax"]),
        "fall1": add_claim(project, a1, "the tax will fall", speaker="Alpha"),
        "jobs": add_claim(project, a2, "unemployment halved", speaker="Gamma", tags=["economy"],
                          verdict="Mostly false"),
    }
    return ids


def test_list_articles_in_import_order_with_claim_counts_and_length(project: Project, filled: dict) -> None:
    articles = list_articles(project)
    assert [(a.id, a.title, a.outlet, a.claim_count, a.chars) for a in articles] == [
        (filled["a1"], "Taxes", "Daily", 3, len(FIRST)),
        (filled["a2"], "Jobs", "Daily", 1, len(SECOND)),
    ]
    assert get_article(project, filled["a2"]).claim_count == 1
    assert article_text(project, filled["a1"]) == FIRST


def test_list_claims_of_an_article_by_position(project: Project, filled: dict) -> None:
    claims = list_claims(project, filled["a1"])
    assert [c.id for c in claims] == [filled["fall1"], filled["rise"], filled["fall2"]]
    assert all(FIRST[c.start : c.end] == c.exact for c in claims)
    assert all(c.anchored and c.article_title == "Taxes" for c in claims)


def test_list_claims_of_the_project_by_article_then_position(project: Project, filled: dict) -> None:
    assert [c.id for c in list_claims(project)] == [
        filled["fall1"], filled["rise"], filled["fall2"], filled["jobs"],
    ]


@pytest.mark.parametrize("lean", [False, True], ids=["full", "lean-listing"])
def test_a_claim_text_that_is_not_utf8_is_read_with_replacement_characters(project: Project, filled: dict,
                                                                          lean: bool) -> None:
    # A flipped bit: list_claims reads texts the fast way first, then again the tolerant way.
    project.conn.execute("UPDATE claims SET speaker = CAST(x'4265ff7461' AS TEXT) WHERE id = ?", (filled["rise"],))
    claims = {c.id: c for c in list_claims(project, lean=lean)}
    assert len(claims) == 4
    assert claims[filled["rise"]].speaker == "Be\ufffdta"
    assert claims[filled["jobs"]].speaker == "Gamma"
    assert project.conn.execute("SELECT speaker FROM claims WHERE id = ?", (filled["rise"],)).fetchone()[0] \
        == "Be\ufffdta"  # the connection reads tolerantly again afterwards


def test_claim_tags_come_in_the_order_they_were_given(project: Project, filled: dict) -> None:
    # The first tag colours the highlight: its order must survive storage.
    claim = get_claim(project, filled["rise"])
    assert [t.name for t in claim.tags] == ["Economy", "Tax"]
    # "economy" reused the existing tag "Economy" instead of creating a second one.
    assert [t.name for t in get_claim(project, filled["jobs"]).tags] == ["Economy"]
    assert get_claim(project, filled["fall1"]).tags == []


def test_list_tags_by_name_with_usage_counts(project: Project, filled: dict) -> None:
    ops.add_tag(project, name="unused")
    tags = [(t.name, t.claim_count) for t in list_tags(project)]
    assert tags == [("Economy", 2), ("Tax", 2), ("unused", 0)]
    # Filters and completers get the names alone, in the same order whatever the case.
    ops.add_tag(project, name="budget")
    assert tag_names(project) == ["budget", "Economy", "Tax", "unused"] == [t.name for t in list_tags(project)]


def test_speakers_most_used_first(project: Project, filled: dict) -> None:
    assert speakers(project) == ["Alpha", "Beta", "Gamma"]


def test_verdict_scale_in_scale_order(project: Project) -> None:
    ops.add_verdict(project, label="Satire", color="#123456")
    scale = verdict_scale(project)
    assert [v.label for v in scale][:2] == ["True", "Mostly true"]
    assert (scale[-1].label, scale[-1].color) == ("Satire", "#123456")
    assert [v.position for v in scale] == sorted(v.position for v in scale)


@pytest.mark.parametrize("lean", [False, True], ids=["full", "lean-listing"])
def test_claims_are_refound_when_the_text_drifted(project: Project, filled: dict, lean: bool) -> None:
    # A text changed outside the ops (an older version's normalisation, a merge): offsets no longer hold.
    project.conn.execute("UPDATE articles SET text = ? WHERE id = ?",
                         ("Correction appended. " + FIRST, filled["a1"]))
    text = article_text(project, filled["a1"])
    claims = {c.id: c for c in list_claims(project, filled["a1"], lean=lean)}
    for key in ("fall1", "rise", "fall2"):
        c = claims[filled[key]]
        assert c.anchored
        assert text[c.start : c.end] == c.exact
    # The second "the tax will fall" is still the second one, not the first.
    assert claims[filled["fall2"]].start > claims[filled["rise"]].start > claims[filled["fall1"]].start


def test_a_quote_gone_from_the_text_is_an_orphan_not_dropped(project: Project, filled: dict) -> None:
    project.conn.execute("UPDATE articles SET text = ? WHERE id = ?",
                         (FIRST.replace("the tax will rise", "taxes stay"), filled["a1"]))
    claims = {c.id: c for c in list_claims(project, filled["a1"])}
    assert len(claims) == 3
    assert claims[filled["rise"]].anchored is False
    assert claims[filled["rise"]].exact == "the tax will rise"
    assert claims[filled["fall1"]].anchored and claims[filled["fall2"]].anchored
    assert get_claim(project, filled["rise"]).anchored is False


@pytest.mark.parametrize(
    "call",
    [
        lambda p: get_article(p, "nope"),
        lambda p: article_text(p, "nope"),
        lambda p: get_claim(p, "nope"),
    ],
    ids=["get_article", "article_text", "get_claim"],
)
def test_unknown_ids_raise_not_found_with_the_id(project: Project, call: Callable[[Project], object]) -> None:
    with pytest.raises(NotFoundError, match="nope"):
        call(project)
