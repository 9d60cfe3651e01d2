"""The error kinds issue 20 found on real news: the right speaker, or none, never a place or a document."""

from __future__ import annotations

import pytest

from workbench.detect import suggest_quotes
from workbench.detect.confidence import load_model


def _pairs(text: str) -> list[tuple[str, str]]:
    return [(s.quote, s.speaker) for s in suggest_quotes(text)]


CASES = [
    pytest.param(
        "The port in Gdańsk handled record volumes. “We are running out of space,” port spokesperson "
        "Krzysztof Lewandowski said in Gdańsk.",
        [("We are running out of space", "Krzysztof Lewandowski")],
        id="place-after-the-speaker-is-no-speaker",
    ),
    pytest.param(
        "“The model is not ready for release,” Sarah Chen told WIRED.",
        [("The model is not ready for release", "Sarah Chen")],
        id="outlet-is-the-listener",
    ),
    pytest.param(
        "Acme Corp issued a statement on Monday. “We regret the error,” the statement said.",
        [("We regret the error", "Acme Corp")],
        id="statement-resolves-to-its-issuer",
    ),
    pytest.param(
        "The ministry rejected the claims. “These allegations are baseless,” the statement said.",
        [("These allegations are baseless", "the ministry")],
        id="statement-resolves-to-the-organisation-before",
    ),
    pytest.param(
        "“The water supply is safe,” said regional water commissioner Elena Martínez-Soler.",
        [("The water supply is safe", "Elena Martínez-Soler")],
        id="long-appositive-after-said",
    ),
    pytest.param(
        "According to city finance director Mei Lin, the budget is “balanced for the first time in a decade”.",
        [("balanced for the first time in a decade", "Mei Lin")],
        id="long-appositive-after-according-to",
    ),
    pytest.param(
        "Senator Jane Doe called the move “historic” and said it was “stronger than anything before it”.",
        [("historic", "Jane Doe"), ("stronger than anything before it", "Jane Doe")],
        id="scare-quotes-in-reported-speech",
    ),
    pytest.param(
        "Karolina Mazur, a nurse at the hospital, described the night. “We had no beds left,” she said. "
        "Tomasz Nowak, the director, disagreed. “We coped,” he said. “It was hard,” she added.",
        [("We had no beds left", "Karolina Mazur"), ("We coped", "Tomasz Nowak"), ("It was hard", "Karolina Mazur")],
        id="she-added-is-the-woman-who-spoke-before",
    ),
    pytest.param(
        "“Mr. Trump embodies the lasting legacy of racism,” ― Sonya Herridge",
        [("Mr. Trump embodies the lasting legacy of racism", "Sonya Herridge")],
        id="dash-signature",
    ),
    pytest.param(
        "Mike Pence spoke to Chris Wallace on Sunday.\n\n“WALLACE: Do you see those two as equivalent?\n\n"
        "“PENCE: Well, look, the question really should be why.”",
        [
            ("Do you see those two as equivalent?", "Chris Wallace"),
            ("Well, look, the question really should be why.", "Mike Pence"),
        ],
        id="transcript-labels-name-the-speaker",
    ),
    pytest.param(
        "Ted Cruz spoke at the convention; his wife, Heidi Cruz, left early. “I will tell the truth,” Cruz said.",
        [("I will tell the truth", "Ted Cruz")],
        id="surname-is-the-person-introduced-first",
    ),
    pytest.param(
        "Terry Strada lost her husband on 9/11. She has campaigned for years. “We want our day in court,” she said.",
        [("We want our day in court", "Terry Strada")],
        id="gender-from-the-article-not-the-first-name",
    ),
    pytest.param(
        "Johnnie Wilson, of Springfield, Va., said he had fought “for the nation's rights”.",
        [("for the nation's rights", "Johnnie Wilson")],
        id="state-abbreviation-is-no-speaker",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_issue20_case(text: str, expected: list[tuple[str, str]]) -> None:
    assert _pairs(text) == expected


def test_titles_and_nicknames_are_not_offered() -> None:
    text = "Critics dismissed the so-called “peace plan”. Her book, “The Long Road Home,” is out on Friday."
    assert suggest_quotes(text) == []


def test_the_shipped_model_is_read() -> None:
    model = load_model()
    assert model is not None
    assert 0.0 < model.keep_at < 1.0
    # the calibration is monotone: a higher raw score never shows a lower confidence
    assert list(model.calibration_y) == sorted(model.calibration_y)
