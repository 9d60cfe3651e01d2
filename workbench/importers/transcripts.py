"""Transcripts as sources: WebVTT (``.vtt``), SubRip (``.srt``) and plain text with speaker turns.

A transcript becomes a list of passages, each with its words, its start (and end) time in seconds when the
file has times, and its speaker when the file names one:

- WebVTT, read with webvtt-py: speakers from voice spans (``<v Mark Rutte>I cannot…``) or from a
  ``NAME:`` at the start of a cue; YouTube-style rolling captions (each cue repeating the line before) are
  read once.
- SubRip, read with srt: speakers from ``NAME:`` at the start of a cue.
- Plain text: speaker turns ``NAME: words``, ``[00:12:31] NAME: words``, ``00:12:31 NAME: words``,
  ``NAME (00:12:31): words`` (Rev), ``NAME  12:31`` on a line of its own (Otter), and the White House's
  ``Q    words`` for a reporter's question. Lines without a label continue the turn; a blank line starts a
  new passage of the same turn.

A caption with a ``>>`` or a dialogue dash and no name marks a new, unnamed speaker. A cue without any mark
continues the turn before it (captions split one person's sentence over many cues).

Like the other importers: pure (no Qt, no SQL), bytes in, and every refusal is a ``NoSourceText`` (an
``ImportFailed``) whose message names the file and says what to do, with the size caps of the article
importers (and at most ``MAX_CUES`` cues).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

import srt
import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from workbench.core.errors import NoSourceText
from workbench.importers.base import MAX_FILE_BYTES, MAX_TEXT_CHARS, detail, normalise_text
from workbench.importers.text import decode_text

# A ten-hour hearing captioned every two seconds has 18,000 cues; more than this is not a transcript.
MAX_CUES = 200_000
TRANSCRIPT_SUFFIXES = (".vtt", ".srt", ".txt", ".text", ".md")


@dataclass(slots=True)
class TranscriptPassage:
    """Words said, when (seconds from the start, if the file says) and by whom (if the file says)."""

    text: str
    start: float | None = None
    end: float | None = None
    speaker: str | None = None


@dataclass(slots=True)
class Transcript:
    """A transcript's passages in order, its format (``vtt``, ``srt``, ``txt``) and what was odd about it."""

    passages: list[TranscriptPassage]
    format: str
    title: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def speakers(self) -> list[str]:
        """The speakers named, in order of first appearance."""
        seen: dict[str, None] = {}
        for p in self.passages:
            if p.speaker:
                seen.setdefault(p.speaker)
        return list(seen)

    @property
    def timed(self) -> bool:
        """Whether the passages have times (VTT and SRT always do; plain text may)."""
        return any(p.start is not None for p in self.passages)


def is_transcript_file(name: str | Path) -> bool:
    """Whether a file of this name can be read as a transcript (by its suffix)."""
    return Path(name).suffix.lower() in TRANSCRIPT_SUFFIXES


def read_transcript(data: bytes, name: str) -> Transcript:
    """A transcript file's bytes as passages; the format comes from the suffix, or from the content for a
    ``.txt`` that is really WebVTT or SubRip."""
    shown = Path(name).name or "transcript"
    suffix = Path(name).suffix.lower()
    if suffix not in TRANSCRIPT_SUFFIXES:
        raise NoSourceText(f"{shown}: files of type '{suffix or 'none'}' cannot be read as a transcript "
                           f"(supported: {', '.join(TRANSCRIPT_SUFFIXES)}).")
    if len(data) > MAX_FILE_BYTES:
        raise NoSourceText(f"{shown}: the file is {len(data) / 1e6:.0f} MB; transcripts larger than "
                           f"{MAX_FILE_BYTES / 1e6:.0f} MB are not read.")
    warnings: list[str] = []
    text = decode_text(data, shown, warnings) if data.strip() else ""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if not text.strip():
        raise NoSourceText(f"{shown}: the file is empty; this source has no text to compare with.")
    if len(text) > MAX_TEXT_CHARS:
        raise NoSourceText(f"{shown}: the transcript is {len(text):,} characters long; transcripts longer than "
                           f"{MAX_TEXT_CHARS:,} characters are not read.")
    # NFC, no control characters, \n line ends: what every importer stores (blank lines still part cues).
    text = normalise_text(text)
    if suffix == ".vtt" or (suffix != ".srt" and text.lstrip().startswith("WEBVTT")):
        transcript = parse_vtt(text, shown)
    elif suffix == ".srt" or _looks_like_srt(text):
        transcript = parse_srt(text, shown)
    else:
        transcript = parse_text_transcript(text, shown)
    transcript.warnings[:0] = warnings
    transcript.title = transcript.title or Path(shown).stem
    return transcript


# -- cue text (VTT and SRT) ----------------------------------------------------------------------------

# Tags are short; bounded repeats keep a line of a thousand unclosed "<v " linear, not quadratic.
_VOICE = re.compile(r"<v(?:\.[\w-]{1,40}){0,8}(?:\s+([^>\n]{0,200}))?>", re.IGNORECASE)
_TAG = re.compile(r"</?[a-z][^>\n]{0,200}>|<\d[\d:.]{0,20}>|\{\\[^}\n]{0,200}\}", re.IGNORECASE)
# "NAME:" at the start of a caption line: capitalised words (or "Q"), a few lower-case particles.
_NAME = (r"(?:Q|[A-Z0-9][\w.'’\-]*(?:\s+(?:[A-Z0-9][\w.'’\-]*|de|da|del|der|den|di|du|la|le|van|von|al|bin|of|"
         r"the|and))*)")
_CUE_LABEL = re.compile(rf"^\s*(?:>>\s*|-\s+)?(?:\[(?P<b>[^\]\n]{{1,60}})\]|(?P<n>{_NAME})\s*:)\s+")
_CHANGE = re.compile(r"^\s*(?:>>|-\s)\s*")
_MAX_NAME = 60


def _clean_speaker(name: str) -> str | None:
    name = " ".join(html.unescape(name).split()).strip(" :-")
    if not name or len(name) > _MAX_NAME:
        return None
    return name


def _label(line: str, names: set[str] | None = None) -> tuple[str | None, str, bool]:
    """A caption line's speaker label: (speaker or None, the rest, whether the line marks a new speaker).

    A label in capitals (``ROGER:``, ``[ROGER]``) is always a speaker; one in ordinary case (``Jane Doe:``,
    as Zoom writes them) only if it is in ``names`` (labels used more than once in the file), so that a
    caption such as "Follow-up: and what about…" keeps its words.
    """
    m = _CUE_LABEL.match(line)
    if m:
        raw = m.group("n") or m.group("b") or ""
        speaker = _clean_speaker(raw)
        if (speaker and not re.fullmatch(r"\d[\d:.,]*", speaker)
                and (speaker.isupper() or (not m.group("b") and (names is None or speaker in names)))):
            return speaker, line[m.end():], True
    change = _CHANGE.match(line)
    if change:
        return None, line[change.end():], True
    return None, line, False


def _repeated_labels(texts: list[str]) -> set[str]:
    """Ordinary-case labels that start more than one caption (names, not a one-off "Note:")."""
    counts: dict[str, int] = {}
    for text in texts:
        for line in text.split("\n"):
            m = _CUE_LABEL.match(_TAG.sub("", line))
            if m and m.group("n"):
                counts[m.group("n")] = counts.get(m.group("n"), 0) + 1
    return {name for name, n in counts.items() if n > 1}


def _cue_lines(raw: str) -> list[tuple[str | None, str]]:
    """A cue's text as (voice or None, line) pairs: voice spans split a cue, tags and entities removed."""
    out: list[tuple[str | None, str]] = []
    voice: str | None = None
    for line in raw.split("\n"):
        pos = 0
        for m in _VOICE.finditer(line):
            before = line[pos:m.start()]
            if before.strip():
                out.append((voice, before))
            voice = _clean_speaker(m.group(1) or "") or voice
            pos = m.end()
        rest = line[pos:]
        if rest.strip():
            out.append((voice, rest))
    return [(v, " ".join(html.unescape(_TAG.sub("", text)).split())) for v, text in out
            if _TAG.sub("", text).strip()]


class _Builder:
    """Collects cues into passages: speaker labels carried across cues, rolling captions read once."""

    def __init__(self, name: str, names: set[str]) -> None:
        self.name = name
        self.names = names
        self.passages: list[TranscriptPassage] = []
        self.speaker: str | None = None
        self.previous_lines: list[str] = []

    def cue(self, start: float, end: float, raw: str) -> None:
        lines = _cue_lines(raw)
        texts = [text for _, text in lines]
        # Rolling captions repeat the previous cue's last line(s) at the top of the next cue.
        overlap = min(len(texts), len(self.previous_lines))
        while overlap and texts[:overlap] != self.previous_lines[-overlap:]:
            overlap -= 1
        if texts:
            self.previous_lines = texts
        lines = lines[overlap:]
        for voice, text in lines:
            if voice is not None:
                self.speaker, words = voice, text  # a voice span names the speaker; no label to look for
            else:
                speaker, words, new = _label(text, self.names)
                if new:
                    self.speaker = speaker
            words = words.strip()
            if not words:
                continue
            last = self.passages[-1] if self.passages else None
            if last is not None and last.start == start and last.speaker == self.speaker:
                last.text += " " + words  # a second line of the same cue
                last.end = end
            else:
                self.passages.append(TranscriptPassage(words, start, end, self.speaker))

    def result(self, fmt: str, empty: str) -> Transcript:
        if not self.passages:
            raise NoSourceText(empty)
        return Transcript(self.passages, fmt)


def parse_vtt(text: str, name: str) -> Transcript:
    """WebVTT captions (webvtt-py reads the blocks and times; voices and labels are ours)."""
    if not text.lstrip().startswith("WEBVTT"):
        raise NoSourceText(f"{name}: this is not a WebVTT file (it does not start with \"WEBVTT\"). If it is a "
                           "SubRip file, give it the .srt suffix; if it is a plain transcript, .txt.")
    if text.count("-->") > MAX_CUES:
        raise NoSourceText(f"{name}: the file has more than {MAX_CUES:,} captions; it is not read.")
    try:
        captions = webvtt.from_string(text.lstrip()).captions
    except (MalformedFileError, MalformedCaptionError, ValueError) as exc:
        raise NoSourceText(f"{name}: the WebVTT file is malformed and cannot be read ({detail(exc)}).") from exc
    warnings: list[str] = []
    arrows = text.count("-->")
    if len(captions) < arrows:
        # webvtt-py skips a cue block it cannot read; its strict mode says why.
        try:
            webvtt.from_string(text.lstrip(), strict=True)
            why = ""
        except (MalformedFileError, MalformedCaptionError, ValueError) as exc:
            why = f" ({detail(exc)})"
        if not captions:
            raise NoSourceText(f"{name}: the WebVTT file is malformed: none of its {arrows:,} captions could be "
                               f"read{why}; this source has no text to compare with.")
        warnings.append(f"{name}: {arrows - len(captions):,} malformed captions were skipped{why}.")
    builder = _Builder(name, _repeated_labels([c.raw_text for c in captions]))
    for caption in captions:
        builder.cue(_seconds(caption.start), _seconds(caption.end), caption.raw_text)
    transcript = builder.result("vtt", f"{name}: the WebVTT file has no captions with words; this source has no "
                                       "text to compare with.")
    transcript.warnings.extend(warnings)
    return transcript


def _seconds(stamp: str) -> float:
    """``HH:MM:SS.mmm`` or ``MM:SS.mmm`` (or with a comma) as seconds."""
    parts = stamp.replace(",", ".").split(":")
    total = 0.0
    for part in parts:
        total = total * 60 + float(part)
    return total


_SRT_TIMING = re.compile(r"^\s*\d{1,3}:\d{1,2}:\d{1,2}[,.]\d{1,3}\s*-->\s*\d{1,3}:\d{1,2}:\d{1,2}[,.]\d{1,3}",
                         re.MULTILINE)


def _looks_like_srt(text: str) -> bool:
    head = text[:2000]
    return bool(re.match(r"\s*\d+\s*\n", head)) and bool(_SRT_TIMING.search(head))


def parse_srt(text: str, name: str) -> Transcript:
    """SubRip subtitles (the srt library reads blocks and times). Damaged blocks are skipped with a warning
    when the rest can be read."""
    if text.count("-->") > MAX_CUES:
        raise NoSourceText(f"{name}: the file has more than {MAX_CUES:,} subtitles; it is not read.")
    warnings: list[str] = []
    try:
        subtitles = list(srt.parse(text))
    except (srt.SRTParseError, srt.TimestampParseError, ValueError) as exc:
        try:
            subtitles = list(srt.parse(text, ignore_errors=True))
        except (srt.SRTParseError, srt.TimestampParseError, ValueError):
            subtitles = []
        if not subtitles:
            raise NoSourceText(f"{name}: the SubRip file is malformed: no subtitle with times could be read "
                               f"({detail(exc)}).") from exc
        warnings.append(f"{name}: some subtitles are malformed and were skipped ({detail(exc)}).")
    if not subtitles:
        raise NoSourceText(f"{name}: no subtitle with times was found; this is not a SubRip file, or it is "
                           "empty. This source has no text to compare with.")
    builder = _Builder(name, _repeated_labels([sub.content for sub in subtitles]))
    for sub in subtitles:
        builder.cue(sub.start.total_seconds(), sub.end.total_seconds(), sub.content)
    transcript = builder.result("srt", f"{name}: the subtitles have no words; this source has no text to "
                                       "compare with.")
    transcript.warnings.extend(warnings)
    return transcript


# -- plain-text transcripts ----------------------------------------------------------------------------

_TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_NOT_CLOCK = r"(?!\s*(?:[AaPp]\.?\s?[Mm]\b\.?))"  # "1:29 P.M. EDT" is the time of day, not a position
_TEXT_TURN = [
    # [00:12:31] NAME: words   /  00:12:31 - NAME: words  /  (12:31) words
    re.compile(rf"^[\[(]?(?P<time>{_TIME}){_NOT_CLOCK}[\])]?\s*(?:[-–—|]\s*)?(?:(?P<name>{_NAME})\s*:\s+)?"
               r"(?P<text>.*)$"),
    # NAME (00:12:31): words   /   NAME [12:31] words   (Rev)
    re.compile(rf"^(?P<name>{_NAME})\s*[\[(](?P<time>{_TIME})[\])]\s*:?\s*(?P<text>.*)$"),
    # NAME   12:31     (Otter: a line of its own; the words follow)
    re.compile(rf"^(?P<name>{_NAME})\s+(?P<time>{_TIME}){_NOT_CLOCK}\s*$"),
    # NAME: words
    re.compile(rf"^(?P<name>{_NAME})\s*:\s+(?P<text>\S.*)$|^(?P<name2>{_NAME}):\s*$"),
    # Q    words   (the White House transcripts' reporter's question)
    re.compile(r"^(?P<q>Q)(?:\s{2,}|\t|\.\s+)(?P<text>\S.*)$"),
]
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


def parse_text_transcript(text: str, name: str) -> Transcript:
    """A plain-text transcript: speaker turns and/or times (see the module docstring). A text with neither
    is not a transcript and is refused."""
    text = normalise_text(_FRONT_MATTER.sub("", text, count=1))
    passages: list[TranscriptPassage] = []
    speaker: str | None = None
    time: float | None = None
    current: list[str] = []
    current_start: float | None = None
    turns = timed = 0
    labels: dict[str, int] = {}

    def flush() -> None:
        nonlocal current
        words = " ".join(_join_lines(current).split())
        if words:
            passages.append(TranscriptPassage(words, current_start, None, speaker))
        current = []

    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped:
            flush()
            current_start = time
            continue
        turn = _match_turn(stripped)
        if turn is None:
            if not current:
                current_start = time
            current.append(stripped)
            continue
        label, stamp, words = turn
        flush()
        if stamp is not None:
            time = _seconds(stamp)
            timed += 1
        if label is not None:
            speaker = label
            labels[label] = labels.get(label, 0) + 1
            turns += 1
        current_start = time
        if words:
            current.append(words)
    flush()
    if len(passages) > MAX_CUES:
        raise NoSourceText(f"{name}: the transcript has more than {MAX_CUES:,} passages; it is not read.")
    # One "Note: ..." line does not make a transcript: speaker turns must recur, or times be given.
    if timed < 2 and (turns < 2 or len(labels) < 1):
        raise NoSourceText(
            f"{name}: no speaker turns (\"NAME: words\") or times (\"[00:12:31] words\") were found, so this "
            "is not a transcript. Add it as a document source instead, or put each speaker's name and a colon "
            "before their words.")
    if not passages:
        raise NoSourceText(f"{name}: the transcript has no words; this source has no text to compare with.")
    if not timed:
        for p in passages:
            p.start = None
    return Transcript(passages, "txt")


def _join_lines(lines: list[str]) -> str:
    """A paragraph's lines as one line; a word hyphenated at a line end keeps its hyphen and loses the
    break ("long-" + "term" is "long-term"), which the verifier reads as one word either way."""
    out = ""
    for line in lines:
        if out.endswith(("-", "\u00ad")) and line[:1].islower():
            out += line
        else:
            out += (" " if out else "") + line
    return out


def _match_turn(line: str) -> tuple[str | None, str | None, str] | None:
    """(speaker, time, words) of a line that starts a turn or carries a time, else None."""
    for pattern in _TEXT_TURN:
        m = pattern.match(line)
        if not m:
            continue
        groups = m.groupdict()
        raw_name = groups.get("name") or groups.get("name2") or groups.get("q")
        speaker = _clean_speaker(raw_name) if raw_name else None
        if raw_name and not speaker:
            continue
        if speaker and not _plausible_name(speaker):
            continue
        stamp = groups.get("time")
        if speaker is None and stamp is None:
            continue
        return speaker, stamp, (groups.get("text") or "").strip()
    return None


def _plausible_name(name: str) -> bool:
    """A speaker label is a name or a title, not the start of a sentence: at most six words, not a time."""
    words = name.split()
    return 0 < len(words) <= 6 and not re.fullmatch(r"[\d:.,]+", name)


__all__ = [
    "MAX_CUES",
    "TRANSCRIPT_SUFFIXES",
    "Transcript",
    "TranscriptPassage",
    "is_transcript_file",
    "parse_srt",
    "parse_text_transcript",
    "parse_vtt",
    "read_transcript",
]
