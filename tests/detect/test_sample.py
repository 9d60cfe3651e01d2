"""The sample wire story: exactly three attributed quotations, with the right speakers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from workbench.detect import suggest_quotes

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample" / "menafn-2024-10-20-nato-rutte.txt"

EXPECTED = [
    ("I cannot confirm these reports, but obviously they are concerning.", "Mark Rutte"),
    ("highly likely", "Kim Yong-hyun"),
    ("hoax", "the Kremlin"),
]


def _raw() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def _without_header() -> str:
    # The importer strips the wire header; detection must work either way.
    return re.sub(r"^\s*date \d{4}-\d{2}-\d{2} \(MENAFN\)\s*", "", _raw())


def _first_paragraph_dropped() -> str:
    # Without the paragraph that introduces "Secretary General Mark Rutte", "He" can only be
    # resolved to the bare surname the text gives.
    return _raw().split("\n", 1)[1]


@pytest.mark.parametrize("load", [_raw, _without_header], ids=["raw-with-wire-header", "header-stripped"])
def test_sample_three_quotes(load) -> None:
    text = load()
    found = suggest_quotes(text)
    assert text.startswith(("Secretary", " date"))
    assert [(s.quote, s.speaker.casefold()) for s in found] == [(q, sp.casefold()) for q, sp in EXPECTED]
    for s in found:
        assert text[s.start : s.end] == s.quote
        assert 0.0 < s.confidence <= 1.0
        assert s.cue


def test_sample_cues() -> None:
    cues = [s.cue for s in suggest_quotes(_raw())]
    assert cues == ["saying", "suggested", "calling"]


def test_sample_without_introduction_uses_the_surname() -> None:
    found = suggest_quotes(_first_paragraph_dropped())
    assert found[0].speaker == "Rutte"
    assert len(found) == 3
