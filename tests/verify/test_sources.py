"""Source texts: passages and locators (transcript time, page, paragraph), storage round trip, the word
index agreeing with the tokenizer, and tracing a quote through other articles."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.importers.transcripts import TranscriptPassage
from workbench.ops.sample import SAMPLE_CLAIMS
from workbench.verify import SourceText, format_time, same_speaker, trace_quote, verify_quote
from workbench.verify.text import token_keys, tokenize


def test_transcript_layout_shows_time_and_speaker_once_per_turn() -> None:
    source = SourceText.from_transcript([
        TranscriptPassage("Good afternoon.", 3723.4, 3725.0, "MS. JEAN-PIERRE"),
        TranscriptPassage("Happy Friday.", 3725.0, 3726.0, "MS. JEAN-PIERRE"),
        TranscriptPassage("Plenty of chairs over here.", 3727.0, 3729.0, "Q"),
    ])
    assert source.text == ("[01:02:03] MS. JEAN-PIERRE: Good afternoon. Happy Friday.\n\n"
                           "[01:02:07] Q: Plenty of chairs over here.")
    assert [(source.text[p.start:p.end], p.locator, p.speaker) for p in source.passages] == [
        ("Good afternoon.", "01:02:03", "MS. JEAN-PIERRE"), ("Happy Friday.", "01:02:05", "MS. JEAN-PIERRE"),
        ("Plenty of chairs over here.", "01:02:07", "Q")]
    # the labels are not words of the source: a quote cannot match a speaker's name or a time
    assert verify_quote("Jean-Pierre: Good afternoon", source).status == "altered"


def test_turns_without_times_are_located_by_paragraph() -> None:
    source = SourceText.from_transcript([TranscriptPassage("First answer.", None, None, "A"),
                                         TranscriptPassage("Second answer.", None, None, "B"),
                                         TranscriptPassage("More of it.", None, None, "B")])
    # each passage of an untimed transcript is a paragraph as written; the speaker heads the turn only
    assert source.text == "A: First answer.\n\nB: Second answer.\n\nMore of it."
    assert [p.locator for p in source.passages] == ["para. 1", "para. 2", "para. 3"]
    assert verify_quote("More of it", source).locator == "para. 3"


def test_pages_are_located_by_page_number_and_a_quote_over_a_page_break_by_both() -> None:
    source = SourceText.from_pages(["Budget hearing, 14 May.\n\nThe deficit will fall next year.", "",
                                    "Spending on defence will rise by 2 percent", "a year until 2030."])
    assert verify_quote("The deficit will fall next year", source).locator == "p. 1"
    result = verify_quote("Spending on defence will rise by 2 percent a year", source)
    assert result.status == "verbatim" and result.locator == "pp. 3–4"


def test_plain_text_is_located_by_paragraph(sample_text: str) -> None:
    source = SourceText.from_text(sample_text)
    assert verify_quote(SAMPLE_CLAIMS[2]["quote"], source).locator == "para. 5"  # "The Kremlin, however, …"


def test_storage_round_trip_keeps_text_passages_and_results(nato) -> None:
    again = SourceText.from_dict(nato.to_dict())
    assert again.text == nato.text and again.passages == nato.passages and again.kind == "transcript"
    quote = "Twenty-three allies now spend at least 3 percent of GDP on defence"
    assert verify_quote(quote, again).to_dict() == verify_quote(quote, nato).to_dict()
    with pytest.raises(ValueError, match="version"):
        SourceText.from_dict({**nato.to_dict(), "version": 99})


def test_format_time() -> None:
    assert [format_time(s) for s in (0, 59.9, 751.5, 36000)] == ["00:00:00", "00:00:59", "00:12:31", "10:00:00"]


@pytest.mark.parametrize(("a", "b", "same"), [
    ("Mark Rutte", "RUTTE", True), ("Mark Rutte", "Secretary General Mark Rutte", True),
    ("Karine Jean-Pierre", "MS. JEAN-PIERRE", True), ("Kim Yong-hyun", "MINISTER KIM YONG-HYUN", True),
    ("John Kirby", "John Smith", False), ("Joe Biden", "THE PRESIDENT", False), ("", "Q", False),
    ("Mark Rutte", None, False), ("Zelensky", "Zelenskyy", False),
], ids=["surname", "with-title", "hyphenated", "korean-order", "other-person", "title-only", "empty", "none",
        "spelling"])
def test_same_speaker(a: str, b: str | None, same: bool) -> None:
    assert same_speaker(a, b) is same


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab C-’'\n.,5$%\u00ad(laughter)uhm")), max_size=200))
def test_index_keys_agree_with_the_tokenizer(text: str) -> None:
    # The index builds keys the fast way and offsets the slow way; they must be the same words.
    assert token_keys(text) == [t.key for t in tokenize(text)]
    source = SourceText.from_text(text)
    assert [source.index.token(i).key for i in range(len(source.index))] == source.index.keys


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_any_run_of_words_of_a_source_is_verbatim_there(data: st.DataObject) -> None:
    from tests.support.texts import NATO_VTT
    from workbench.importers.transcripts import read_transcript

    source = SourceText.from_transcript(read_transcript(NATO_VTT.encode(), "n.vtt").passages)
    index = source.index
    start = data.draw(st.integers(0, len(index) - 1))
    end = data.draw(st.integers(start, min(len(index) - 1, start + 40)))
    quote = source.text[index.token(start).start:index.token(end).end]
    if "\n\n" in quote:  # across a speaker label: not a quote
        return
    result = verify_quote(quote, source)
    assert result.status == "verbatim"
    assert index.token(start).start >= result.start or result.occurrences > 1


def test_trace_finds_verbatim_and_altered_copies_earliest_first(sample_text: str) -> None:
    quote = SAMPLE_CLAIMS[0]["quote"]
    altered = sample_text.replace("I cannot confirm these reports", "I can confirm these reports")
    articles = [
        ("own", sample_text, {"title": "NATO chief", "outlet": "MENAFN", "published": "2024-10-20"}),
        ("later", "Reprint.\n\n" + sample_text, {"title": "Reprint", "outlet": "Wire B", "published": "2024-10-22"}),
        ("earlier", altered, {"title": "Early", "outlet": "Blog", "published": "2024-10-19"}),
        ("undated", "Rutte: “I cannot confirm these reports … they are concerning.”", {"title": "Undated"}),
        ("other", "North Korea said nothing about troops today.", {"published": "2024-10-18"}),
    ]
    hits = trace_quote(quote, articles, exclude="own", speaker="Mark Rutte")
    assert [h.article for h in hits] == ["earlier", "later", "undated"]
    # The undated one cut "but obviously" out: measured against it, the claim's quote has words it lacks.
    assert [h.verification.status for h in hits] == ["altered", "verbatim", "altered"]
    assert hits[2].verification.changes == [("", "but obviously")]
    first = hits[0].to_dict()
    assert {"article", "title", "outlet", "published", "status", "similarity", "start", "end"} <= set(first)
    assert first["changes"] == [["can", "cannot"]]  # (this article's words, the claim's)
    later = hits[1]
    text = articles[1][1]
    assert text[later.verification.start:later.verification.end] == quote.rstrip(".")


def test_passage_at_an_offset_gives_time_and_speaker_for_show_in_source(nato) -> None:
    result = verify_quote("Allies are consulting closely", nato)
    passage = nato.passage_at(result.start)
    assert (passage.locator, passage.speaker, passage.time) == ("00:12:41", "Mark Rutte", 761.3)
    header = nato.text.index("[00:12:48]")
    assert nato.passage_at(header).locator == "00:12:48"  # a label belongs to the passage it heads
    assert nato.passage_at(len(nato.text) + 5) is None
