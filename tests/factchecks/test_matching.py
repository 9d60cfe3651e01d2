"""Matching claims against the library and judging "same claim": the issue's own examples, numbers, places and
negations that make another claim, the hints (speaker, date), the result shape, near-duplicates in a project."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.factchecks import FactCheck, FactCheckLibrary
from workbench.factchecks.matching import near_duplicates, same_claim
from workbench.factchecks.text import analyse, quantity_conflict

MAYOR = "the mayor has cut the council's debt in half since 2020"


@pytest.mark.parametrize(("a", "b", "same"), [
    (MAYOR, "council debt has halved under the current mayor", True),
    (MAYOR, "The mayor cut the debt of the council by half since 2020.", True),
    ("Mitt Romney would not provide government assistance to the auto companies",
     "Romney said he would not provide government help to U.S. auto companies", True),
    ("the mayor of Leeds has cut the council's debt in half since 2020",
     "the mayor of Bradford has cut the council's debt in half since 2020", False),
    ("Unemployment in France fell to 7% last year", "Unemployment in Germany fell to 7% last year", False),
    ("Crime in Chicago doubled in 2019", "Crime in Texas doubled in 2019", False),
    (MAYOR, "the mayor has cut the council's debt in half since 2019", False),
    (MAYOR, "the mayor has cut the council's debt by a third since 2020", False),
    ("Unemployment fell to 5% last year", "Unemployment fell to 6% last year", False),
    ("The vaccine does not alter your DNA", "The vaccine alters your DNA", False),
    ("Trump never paid taxes in New York", "Trump paid taxes in New York", False),
], ids=["halved", "reworded", "romney", "other-city", "other-country", "other-state", "other-year", "other-share",
        "other-percent", "dropped-negation", "dropped-never"])
def test_same_claim_judgements(a: str, b: str, same: bool) -> None:
    assert same_claim(a, b) is same
    assert same_claim(b, a) is same


@pytest.mark.parametrize(("a", "b", "conflict"), [
    ("families lost over $4,000 a year", "incomes down $4,300 a year", False),  # a round figure agrees
    ("died 3 times in 3 countries", "died 6 times in 3 countries", True),
    ("since 2020", "under the current mayor", False),  # less detail is not another claim
    ("Covid-19 killed 5.5 million people", "the virus killed 5.5 million", False),  # "19" is part of a name
    ("a 102-pound shrimp", "a 320-pound shrimp", True),
], ids=["rounded", "counted", "missing", "name-number", "unit"])
def test_numbers_agree_or_conflict(a: str, b: str, conflict: bool) -> None:
    assert (quantity_conflict(analyse(a).quantities, analyse(b).quantities) is not None) is conflict


@pytest.fixture
def library(tmp_path: Path) -> FactCheckLibrary:
    records = [
        FactCheck(url="https://fullfact.org/debt", claim="The mayor has cut the council's debt in half since 2020",
                  claimant="Jane Doe", claim_date="2023-03-01", rating="Mostly true", publisher="Full Fact",
                  date="2023-03-05"),
        FactCheck(url="https://fullfact.org/debt-bradford", claim="The mayor of Bradford halved the council's debt",
                  claimant="Tom Smith", claim_date="2021-06-01", rating="False", publisher="Full Fact",
                  date="2021-06-03"),
        FactCheck(url="https://checks.example/schools", claim="The council closed six schools since 2020",
                  claimant="Jane Doe", rating="True", publisher="Example Checks", date="2022-01-01"),
        FactCheck(url="https://checks.example/debt-2", claim="Council debt has doubled under the mayor",
                  claimant="Opposition leader", rating="False", publisher="Example Checks", date="2022-02-02"),
    ]
    with FactCheckLibrary.open(tmp_path / "lib.fclib") as lib:
        lib.import_records(records)
    lib = FactCheckLibrary.open(tmp_path / "lib.fclib", read_only=True)
    yield lib
    lib.close()


def test_a_paraphrase_finds_its_fact_check_first_judged_the_same(library: FactCheckLibrary) -> None:
    matches = library.match("council debt in Leeds has halved under the current mayor", speaker="Jane Doe",
                            date="2023-02-27")
    best = matches[0]
    assert best.factcheck.url == "https://fullfact.org/debt" and best.same_claim
    assert 0.0 <= best.score <= 1.0 and all(m.score <= best.score for m in matches)
    # The same figure said of another city, and the opposite figure, are found but not "the same claim".
    others = {m.factcheck.url: m for m in matches[1:]}
    assert not others["https://fullfact.org/debt-bradford"].same_claim
    assert not others["https://checks.example/debt-2"].same_claim
    assert any("Bradford" in r for r in others["https://fullfact.org/debt-bradford"].reasons)


def test_match_result_has_the_command_lines_fields(library: FactCheckLibrary) -> None:
    (best, *_rest) = library.match(MAYOR)
    d = best.to_dict()
    assert {"claim", "claimant", "rating", "publisher", "url", "date", "score", "same_claim"} <= set(d)
    assert d["claim"] == "The mayor has cut the council's debt in half since 2020"
    assert (d["claimant"], d["rating"], d["publisher"], d["url"], d["date"]) == (
        "Jane Doe", "Mostly true", "Full Fact", "https://fullfact.org/debt", "2023-03-05")
    assert isinstance(d["score"], float) and 0 <= d["score"] <= 1 and d["same_claim"] is True


def test_the_speaker_hint_ranks_that_persons_fact_checks_higher(library: FactCheckLibrary) -> None:
    quote = "the council's debt was halved"
    by_speaker = {s: [m.factcheck.url for m in library.match(quote, speaker=s)] for s in ("Jane Doe", "Tom Smith")}
    assert by_speaker["Jane Doe"][0] == "https://fullfact.org/debt"
    assert by_speaker["Tom Smith"][0] == "https://fullfact.org/debt-bradford"


def test_nothing_in_common_finds_nothing(library: FactCheckLibrary) -> None:
    assert library.match("Penguins live at the South Pole") == []
    assert library.match("") == [] and library.match("the and of") == []


def test_search_text_with_fts_syntax_is_taken_as_words(library: FactCheckLibrary) -> None:
    # Quotes, operators and brackets a journalist may type are words here, never an FTS5 syntax error.
    found = {m.factcheck.url for m in library.search('debt" OR NOT (mayor* NEAR')}
    assert {"https://fullfact.org/debt", "https://checks.example/debt-2"} <= found
    assert "https://checks.example/schools" not in found


def test_near_duplicates_within_a_project() -> None:
    claims = [
        ("a", "The mayor of Leeds has cut the council's debt in half since 2020."),
        ("b", "Council debt has halved under the current mayor"),
        ("c", "The mayor halved the council's debt"),
        ("d", "The mayor of Bradford has cut the council's debt in half since 2020."),
        ("e", "Six schools have closed since 2020."),
        ("f", "The mayor has not cut the council's debt in half since 2020."),
    ]
    dupes = near_duplicates(claims)
    assert {other for other, _ in dupes["a"]} == {"b", "c"}  # "2 other claims say the same"
    # b and c name no city: they may be either; Leeds and Bradford are not the same claim, nor is "has not".
    assert {other for other, _ in dupes["b"]} == {"a", "c", "d"}
    assert "a" not in {other for other, _ in dupes["d"]}
    assert "e" not in dupes and "f" not in dupes
    assert all(0 <= score <= 1 for pairs in dupes.values() for _, score in pairs)
