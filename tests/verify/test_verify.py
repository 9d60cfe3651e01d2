"""Verifying a quote against its source: the sample article's quotes, every status, the word diff, locators,
speakers, and the JSON shape of ``workbench verify``."""

from __future__ import annotations

import pytest

from workbench.core.errors import NoSourceText, ValidationError
from workbench.ops.sample import SAMPLE_CLAIMS
from workbench.verify import SourceText, Verification, best_result, verify_quote

RUTTE = SAMPLE_CLAIMS[0]["quote"]


def _quote_back(result: Verification) -> str:
    """The quote as the diff gives it: its equal and inserted runs put together."""
    return "".join(text for op, text in result.diff if op != "delete")


def _source_back(result: Verification) -> str:
    return " ".join("".join(text for op, text in result.diff if op != "insert").split())


# -- the sample article's quotes ------------------------------------------------------------------------


def test_sample_quotes_are_verbatim_in_their_sources_with_time_and_speaker(nato, korea, kremlin,
                                                                            sample_text) -> None:
    for claim, source, locator, speaker in ((SAMPLE_CLAIMS[0], nato, "00:12:31", "Mark Rutte"),
                                            (SAMPLE_CLAIMS[1], korea, "00:41:12", "MINISTER KIM YONG-HYUN"),
                                            (SAMPLE_CLAIMS[2], kremlin, "para. 2", None)):
        assert claim["quote"] in sample_text  # the quotes really are the article's
        result = verify_quote(claim["quote"], source, speaker=claim["speaker"])
        assert result.status == "verbatim", claim
        assert result.similarity == 1.0
        assert result.locator == locator
        assert result.speaker == speaker
        assert result.speaker_in_source is None  # the transcript gives the words to the claim's speaker
        assert source.text[result.start:result.end].lower().startswith(claim["quote"][:6].lower())
        assert _quote_back(result) == claim["quote"]


def test_quote_given_to_the_wrong_person_names_the_transcripts_speaker(nato) -> None:
    # The article gives the reporter's question to the Secretary General.
    result = verify_quote("Can NATO confirm that?", nato, speaker="Mark Rutte")
    assert result.status == "verbatim"
    assert result.speaker_in_source == "Reporter"
    assert result.locator == "00:12:25"


def test_speaker_labels_in_capitals_and_titles_match_the_claims_name(korea) -> None:
    result = verify_quote("highly likely", korea, speaker="Kim Yong-hyun")
    assert result.speaker == "MINISTER KIM YONG-HYUN" and result.speaker_in_source is None
    assert verify_quote("highly likely", korea, speaker="Park Chan-dae").speaker_in_source == \
        "MINISTER KIM YONG-HYUN"


def test_quote_over_two_caption_cues_is_found_whole(nato) -> None:
    # Captions cut sentences every few seconds; a quote does not care.
    result = verify_quote("we condemn it. We will not speculate", nato, speaker="Mark Rutte")
    assert result.status == "verbatim"
    assert result.locator == "00:12:35"


# -- typography is not a change -------------------------------------------------------------------------


@pytest.mark.parametrize("quote", [
    "“I cannot confirm these reports, but obviously they are concerning.”",
    '"I cannot confirm these reports, but obviously they are concerning"',
    "I cannot confirm these reports,\nbut obviously they\n  are concerning.",
    "i cannot confirm these reports, but obviously they are concerning",
    "I cannot confirm these re-\nports, but obviously they are concerning.",
    "I cannot confirm these reports -- but obviously they are concerning...",
    "…I cannot confirm these reports, but obviously they are concerning",
], ids=["curly-quotes", "straight-quotes", "line-breaks", "first-letter-case", "line-end-hyphen",
        "dash-and-trailing-dots", "leading-ellipsis"])
def test_typography_only_is_verbatim(nato, quote: str) -> None:
    result = verify_quote(quote, nato, speaker="Mark Rutte")
    assert result.status == "verbatim", result.diff
    assert result.diff == [("equal", quote)]


def test_words_in_the_source_hyphenated_at_a_line_end_are_one_word() -> None:
    source = SourceText.from_text("The minister called it pure specu-\nlation and a distraction from the budget.")
    assert verify_quote("pure speculation and a distraction", source).status == "verbatim"


def test_a_change_of_case_inside_the_quote_is_a_change(nato) -> None:
    result = verify_quote("I cannot confirm these Reports, but obviously they are concerning.", nato)
    assert result.status == "altered"
    assert result.changes == [("reports", "Reports")]


def test_stage_directions_and_fillers_in_a_transcript_are_not_words() -> None:
    source = SourceText.from_text("MS. JEAN-PIERRE: We are, uh, not going to — (laughter) — get ahead of "
                                  "the President on that.")
    assert verify_quote("We are not going to get ahead of the President", source).status == "verbatim"


# -- altered: the diff shows what changed ---------------------------------------------------------------


def test_changed_number_shows_in_the_diff(nato) -> None:
    result = verify_quote("Twenty-three allies now spend at least 3 percent of GDP on defence", nato,
                          speaker="Mark Rutte")
    assert result.status == "altered"
    assert ("delete", "2 ") in result.diff and ("insert", "3 ") in result.diff
    assert result.changes == [("2", "3")]
    assert 0.9 < result.similarity < 1
    assert result.locator == "00:12:52"
    assert _quote_back(result) == "Twenty-three allies now spend at least 3 percent of GDP on defence"


def test_dropped_not_shows_in_the_diff(nato) -> None:
    result = verify_quote("We will speculate, and we have no evidence at this moment", nato)
    assert result.status == "altered"
    assert result.diff[:3] == [("equal", "We will "), ("delete", "not "), ("equal", "speculate, and we have no "
                                                                                   "evidence at this moment")]
    assert result.changes == [("not", "")]
    assert _source_back(result) == "We will not speculate, and we have no evidence at this moment"


def test_added_never_and_a_changed_word(nato) -> None:
    result = verify_quote("I can never confirm these reports, but obviously they are alarming.", nato)
    assert result.status == "altered"
    assert result.changes == [("cannot", "can never"), ("concerning", "alarming")]
    assert result.found == "I cannot confirm these reports, but obviously they are concerning"


def test_changed_last_word_pairs_with_the_sources_word(korea) -> None:
    result = verify_quote("Such an action is highly unlikely.", korea)
    assert result.status == "altered"
    assert result.changes == [("likely", "unlikely")]


# -- spliced --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("mark", [" … ", " ... ", " […] ", " [...] ", "… ", " . . . "],
                         ids=["ellipsis", "three-dots", "bracketed", "bracketed-dots", "attached", "spaced-dots"])
def test_marked_splice(nato, mark: str) -> None:
    quote = f"I cannot confirm these reports{mark}we condemn it."
    result = verify_quote(quote, nato, speaker="Mark Rutte")
    assert result.status == "spliced"
    assert result.ellipsis is True
    assert [o.marked for o in result.omissions] == [True]
    assert result.similarity == 1.0
    # what was left out is shown, as words of the source only
    left_out = "".join(text for op, text in result.diff if op == "delete")
    assert left_out.startswith("but obviously they are concerning") and "North Korea, and " in left_out
    assert _quote_back(result) == quote


def test_silent_splice_of_two_sentences(nato) -> None:
    result = verify_quote("I cannot confirm these reports. Allies are consulting closely.", nato,
                          speaker="Mark Rutte")
    assert result.status == "spliced"
    assert result.ellipsis is False
    assert result.omissions[0].words and result.omissions[0].words > 10
    assert result.locator == "00:12:31"


def test_splice_of_distant_places_lists_each_piece(korea) -> None:
    quote = "Such an action is highly likely. We are watching the situation very closely."
    result = verify_quote(quote, korea, speaker="Kim Yong-hyun")
    assert result.status == "spliced" and result.ellipsis is False
    assert [p.locator for p in result.pieces] in (["00:41:12"], ["00:41:12", "00:41:40"])
    assert result.found.startswith("Such an action is highly likely")


def test_dropping_one_word_silently_is_an_alteration_not_a_splice(nato) -> None:
    result = verify_quote("Well, on North Korea — I cannot confirm reports", nato)
    assert result.status == "altered"
    assert result.changes == [("these", "")]


# -- not found and bad input ----------------------------------------------------------------------------


def test_unrelated_quote_is_not_found(nato, korea) -> None:
    result = verify_quote("The alliance will send troops to defend Ukraine next spring.", korea)
    assert result.status == "not_found"
    assert result.found == "" and result.locator == "" and result.diff == []
    assert 0 <= result.similarity < 0.6
    other = verify_quote(SAMPLE_CLAIMS[1]["quote"], nato)
    assert other.status == "not_found"


def test_a_source_without_text_is_refused_with_a_clear_message() -> None:
    # (a scanned PDF's pages may give only stray symbols: "$", "%" are tokens of a quote, not words of a text)
    for empty in (SourceText.from_text(""), SourceText.from_text(" \n\n … — \n"), SourceText.from_pages(["", ""]),
                  SourceText.from_pages(["$", "% &"])):
        with pytest.raises(NoSourceText, match="this source has no text to compare with"):
            verify_quote(RUTTE, empty)


def test_a_quote_without_words_is_refused() -> None:
    with pytest.raises(ValidationError, match="no words"):
        verify_quote(" … “ ” ", SourceText.from_text("Some source text."))


# -- result shape ---------------------------------------------------------------------------------------


def test_to_dict_has_the_command_lines_fields(nato) -> None:
    result = verify_quote("Twenty-three allies now spend at least 3 percent of GDP on defence", nato,
                          speaker="Jens Stoltenberg", source_id="src-1")
    data = result.to_dict()
    assert list(data)[:8] == ["source", "status", "similarity", "found", "locator", "speaker_in_source", "diff",
                              "ellipsis"]
    assert data["source"] == "src-1" and data["status"] == "altered"
    assert 0 <= data["similarity"] <= 1
    assert data["speaker_in_source"] == "Mark Rutte"
    assert all(isinstance(item, list) and item[0] in ("equal", "delete", "insert") for item in data["diff"])
    assert data["ellipsis"] is False
    assert nato.text[data["start"]:data["end"]].startswith("Twenty-three allies")
    import json

    assert json.loads(json.dumps(data)) == data


def test_best_result_prefers_verbatim_then_similarity(nato, korea, kremlin) -> None:
    results = [verify_quote(RUTTE, s) for s in (korea, kremlin, nato)]
    assert [r.status for r in results] == ["not_found", "not_found", "verbatim"]
    assert best_result(results) is results[2]
    assert best_result([]) is None


def test_of_several_places_the_claims_speaker_is_chosen() -> None:
    source = SourceText.from_text("REPORTER: You said the talks had failed.\n\nMINISTER: The talks had failed.")
    from workbench.importers.transcripts import read_transcript

    transcript = SourceText.from_transcript(read_transcript(
        b"[00:01:00] REPORTER: The talks had failed, you said.\n[00:02:00] MINISTER: The talks had failed.\n",
        "t.txt").passages)
    result = verify_quote("The talks had failed", transcript, speaker="Minister")
    assert result.locator == "00:02:00" and result.occurrences == 2
    assert verify_quote("The talks had failed", source).status == "verbatim"


def test_a_quote_too_long_to_be_a_claim_is_refused(nato) -> None:
    with pytest.raises(ValidationError, match="words long"):
        verify_quote("word " * 2001, nato)
