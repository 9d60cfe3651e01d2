"""Transcripts as sources: WebVTT voices and rolling captions, SubRip, plain-text speaker turns in the forms
transcription services and government sites write them, and clear refusals of files that are not transcripts."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.core.errors import ImportFailed, NoSourceText
from workbench.importers.transcripts import MAX_CUES, read_transcript
from workbench.verify import SourceText, verify_quote
from workbench.verify.text import parse_quote


def _rows(data: str | bytes, name: str) -> list[tuple[float | None, str | None, str]]:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return [(p.start, p.speaker, p.text) for p in read_transcript(raw, name).passages]


# -- WebVTT ---------------------------------------------------------------------------------------------

TEAMS_VTT = """WEBVTT

1
00:12:31.400 --> 00:12:35.800
<v Mark Rutte>I cannot confirm these reports,</v>

2
00:12:35.800 --> 00:12:38.100
<v Mark Rutte>but obviously they are &quot;concerning&quot;.</v>

3
00:12:38.100 --> 00:12:40.000 align:start position:10%
<v.reporter Anna Kovalenko>Thank you. <i>And</i> the troops?</v>
<v Mark Rutte>No evidence so far.</v>
"""


def test_vtt_voices_give_each_cue_its_speaker_and_time() -> None:
    assert _rows(TEAMS_VTT, "briefing.vtt") == [
        (751.4, "Mark Rutte", "I cannot confirm these reports,"),
        (755.8, "Mark Rutte", 'but obviously they are "concerning".'),
        (758.1, "Anna Kovalenko", "Thank you. And the troops?"),
        (758.1, "Mark Rutte", "No evidence so far."),
    ]


def test_vtt_locator_is_the_cue_time() -> None:
    source = SourceText.from_transcript(read_transcript(TEAMS_VTT.encode(), "briefing.vtt").passages)
    result = verify_quote("No evidence so far", source, speaker="Anna Kovalenko")
    assert result.locator == "00:12:38" and result.speaker_in_source == "Mark Rutte"


YOUTUBE_VTT = """WEBVTT
Kind: captions
Language: en

00:00:01.000 --> 00:00:03.500 align:start position:0%
we<00:00:01.300><c> cannot</c><00:00:01.600><c> confirm</c><00:00:02.000><c> these</c>

00:00:03.500 --> 00:00:03.510 align:start position:0%
we cannot confirm these

00:00:03.510 --> 00:00:06.000 align:start position:0%
we cannot confirm these
reports<00:00:04.000><c> but</c><00:00:04.400><c> obviously</c>

00:00:06.000 --> 00:00:06.010 align:start position:0%
reports but obviously

00:00:06.010 --> 00:00:08.000 align:start position:0%
reports but obviously
they<00:00:06.500><c> are</c><00:00:07.000><c> concerning</c>
"""


def test_rolling_captions_are_read_once() -> None:
    # YouTube repeats each line at the top of the next cue; read as written, every phrase would be doubled
    # and no quote spanning two cues would be verbatim.
    texts = [text for _, _, text in _rows(YOUTUBE_VTT, "video.vtt")]
    assert " ".join(texts) == "we cannot confirm these reports but obviously they are concerning"
    source = SourceText.from_transcript(read_transcript(YOUTUBE_VTT.encode(), "video.vtt").passages)
    assert verify_quote("We cannot confirm these reports, but obviously they are concerning.",
                        source).status == "verbatim"


def test_vtt_names_in_capitals_and_speaker_changes_without_names() -> None:
    vtt = ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n>> SENATOR WARNER: The committee will come to order.\n\n"
           "00:00:02.000 --> 00:00:04.000\nWe have two witnesses today.\n\n"
           "00:00:04.000 --> 00:00:05.000\n>> Thank you, Mr. Chairman.\n\n"
           "00:00:05.000 --> 00:00:06.000\nNote: this is not a label, it is said once.\n")
    assert [(s, t[:20]) for _, s, t in _rows(vtt, "hearing.vtt")] == [
        ("SENATOR WARNER", "The committee will c"), ("SENATOR WARNER", "We have two witnesse"),
        (None, "Thank you, Mr. Chair"), (None, "Note: this is not a ")]


# -- SubRip ---------------------------------------------------------------------------------------------

SRT = """1
00:41:12,000 --> 00:41:15,500
MINISTER KIM: North Korea could indeed deploy
troops to assist Russia.

2
00:41:15,500 --> 00:41:18,000
<i>Such an action is highly likely.</i>

3
00:41:18,200 --> 00:41:20,000
- REP. PARK: Already under way?
"""


def test_srt_labels_times_and_tags() -> None:
    assert _rows(SRT, "session.srt") == [
        (2472.0, "MINISTER KIM", "North Korea could indeed deploy troops to assist Russia."),
        (2475.5, "MINISTER KIM", "Such an action is highly likely."),
        (2478.2, "REP. PARK", "Already under way?"),
    ]
    source = SourceText.from_transcript(read_transcript(SRT.encode(), "session.srt").passages)
    result = verify_quote("highly likely", source, speaker="Kim Yong-hyun")
    assert (result.status, result.locator, result.speaker_in_source) == ("verbatim", "00:41:15", None)


def test_srt_with_a_damaged_block_keeps_the_rest_and_warns() -> None:
    damaged = SRT.replace("00:41:15,500 --> 00:41:18,000", "00:41:1x,500 --> garbage")
    transcript = read_transcript(damaged.encode(), "session.srt")
    assert transcript.warnings and "malformed" in transcript.warnings[0]
    assert any("Already under way?" in p.text for p in transcript.passages)


def test_a_txt_file_holding_webvtt_or_subrip_is_read_as_such() -> None:
    assert read_transcript(TEAMS_VTT.encode(), "export.txt").format == "vtt"
    assert read_transcript(SRT.encode(), "export.txt").format == "srt"


# -- plain text -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("[00:12:31] MARK RUTTE: I cannot confirm these reports.\n[00:12:40] REPORTER: And troops?\n",
     [(751.0, "MARK RUTTE", "I cannot confirm these reports."), (760.0, "REPORTER", "And troops?")]),
    ("00:12:31 - Mark Rutte: I cannot confirm these reports.\n00:12:40 - Anna: And troops?\n",
     [(751.0, "Mark Rutte", "I cannot confirm these reports."), (760.0, "Anna", "And troops?")]),
    ("Mark Rutte (00:12:31):\nI cannot confirm these reports.\n\nAnna Kovalenko (00:12:40):\nAnd troops?\n",
     [(751.0, "Mark Rutte", "I cannot confirm these reports."), (760.0, "Anna Kovalenko", "And troops?")]),
    ("Mark Rutte  12:31\nI cannot confirm these reports.\n\nAnna Kovalenko  12:40\nAnd troops?\n",
     [(751.0, "Mark Rutte", "I cannot confirm these reports."), (760.0, "Anna Kovalenko", "And troops?")]),
], ids=["bracketed-time", "time-dash-name", "rev", "otter"])
def test_plain_text_turns_with_times(text: str, expected: list) -> None:
    assert _rows(text, "transcript.txt") == expected


def test_white_house_style_transcript_without_times() -> None:
    text = """James S. Brady Press Briefing Room

1:29 P.M. EDT

MS. JEAN-PIERRE:  Good afternoon, everybody.  Happy Friday.

Settling in?  (Laughs.)  Come on in, team.

Q    Plenty of chairs over here.

MS. JEAN-PIERRE:  I know.  All right.  It’s been a busy week with a long-
term agenda.
"""
    rows = _rows(text, "briefing.txt")
    # "1:29 P.M. EDT" is the time of day, not a position in a recording: no passage gets a time.
    assert all(start is None for start, _, _ in rows)
    assert [(s, t) for _, s, t in rows] == [
        (None, "James S. Brady Press Briefing Room"), (None, "1:29 P.M. EDT"),
        ("MS. JEAN-PIERRE", "Good afternoon, everybody. Happy Friday."),
        ("MS. JEAN-PIERRE", "Settling in? (Laughs.) Come on in, team."),
        ("Q", "Plenty of chairs over here."),
        ("MS. JEAN-PIERRE", "I know. All right. It’s been a busy week with a long-term agenda."),
    ]
    source = SourceText.from_transcript(read_transcript(text.encode(), "briefing.txt").passages)
    result = verify_quote("Plenty of chairs over here", source, speaker="Karine Jean-Pierre")
    assert result.speaker_in_source == "Q" and result.locator == "para. 5"
    assert verify_quote("a long-term agenda", source).status == "verbatim"


# -- bad input ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("data", "name", "message"), [
    (b"", "empty.vtt", "the file is empty; this source has no text to compare with"),
    (b"  \n\n ", "blank.srt", "the file is empty"),
    (b"1\n00:00:01,000 --> 00:00:02,000\nHello\n", "wrong.vtt", "not a WebVTT file"),
    (b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n\n", "captions.vtt", "no captions with words"),
    (b"WEBVTT\n\nNOTE only a note\n", "captions.vtt", "no captions with words"),
    (b"This is just an article.\nIt has no turns or times.\n", "notes.txt", "not a transcript"),
    (b"Note: one label does not make a transcript.\nThe rest is prose.\n", "notes.txt", "not a transcript"),
    (b"hello\nthere\n\nno subtitles here\n", "subs.srt", "no subtitle with times"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "image.srt", "binary file"),
    (b"WEBVTT", "talk.mp4", "cannot be read as a transcript"),
], ids=["empty", "blank", "srt-named-vtt", "cue-without-words", "notes-only", "prose", "one-label", "srt-prose",
        "binary", "video"])
def test_bad_input_gets_a_clear_message(data: bytes, name: str, message: str) -> None:
    with pytest.raises(NoSourceText if message != "binary file" else ImportFailed, match=message) as caught:
        read_transcript(data, name)
    assert str(caught.value).startswith(name)  # names the file
    assert isinstance(caught.value, ImportFailed)  # every caller of an importer catches it


def test_malformed_vtt_timestamps_are_refused_or_skipped_with_a_warning() -> None:
    with pytest.raises(NoSourceText, match="malformed: none of its 1 captions could be read"):
        read_transcript(b"WEBVTT\n\n00:00:xx.000 --> 00:00:02.000\nHello\n", "bad.vtt")
    transcript = read_transcript(TEAMS_VTT.replace("00:12:35.800 --> 00:12:38.100", "00:12:3x --> ?").encode(),
                                 "partly.vtt")
    assert len(transcript.warnings) == 1 and "1 malformed captions were skipped" in transcript.warnings[0]
    texts = [p.text for p in transcript.passages]
    assert texts[:2] == ["I cannot confirm these reports,", "Thank you. And the troops?"]


def test_size_caps(monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.importers import transcripts

    monkeypatch.setattr(transcripts, "MAX_FILE_BYTES", 1000)
    with pytest.raises(NoSourceText, match="larger than"):
        read_transcript(b"A: " + b"word " * 400, "long.txt")
    monkeypatch.undo()
    many = "WEBVTT\n\n" + "".join(f"00:00:{i % 60:02d}.000 --> 00:00:{i % 60:02d}.500\nw\n\n" for i in range(50))
    monkeypatch.setattr(transcripts, "MAX_CUES", 10)
    with pytest.raises(NoSourceText, match="more than 10 captions"):
        read_transcript(many.encode(), "many.vtt")
    assert MAX_CUES >= 100_000  # a ten-hour hearing fits


# -- hostile input --------------------------------------------------------------------------------------

_SAMPLES = (TEAMS_VTT.encode(), YOUTUBE_VTT.encode(), SRT.encode(),
            b"[00:12:31] MARK RUTTE: I cannot confirm these reports.\n[00:12:40] REPORTER: And troops?\n")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.one_of(st.binary(max_size=2048),
                      st.tuples(st.sampled_from(_SAMPLES), st.integers(0, 400), st.binary(max_size=40))
                      .map(lambda t: t[0][:t[1]] + t[2] + t[0][t[1]:])),
       suffix=st.sampled_from([".vtt", ".srt", ".txt"]))
def test_random_and_damaged_files_are_read_or_refused_never_a_crash(data: bytes, suffix: str) -> None:
    name = f"fuzz{suffix}"
    try:
        transcript = read_transcript(data, name)
    except ImportFailed as exc:
        assert str(exc).startswith(name) and "\n" not in str(exc)
        return
    assert transcript.passages
    for p in transcript.passages:
        assert p.text.strip() and "\x00" not in p.text
        assert p.speaker is None or (p.speaker.strip() and len(p.speaker) <= 60)
    source = SourceText.from_transcript(transcript.passages)
    words = transcript.passages[0].text
    if source.has_words and parse_quote(words).tokens:  # (a quote without words is refused, as documented)
        assert verify_quote(words, source).status in ("verbatim", "spliced", "altered", "not_found")
