"""A source's text as passages a quote can be found in: transcript cues, PDF pages, paragraphs.

``SourceText`` is what a quote is verified against. Its ``text`` is what the journalist sees in *Show in
source* (a transcript laid out as ``[00:12:31] Speaker: words`` paragraphs); each ``Passage`` is a span of
that text holding only the words said or written (never a time or a speaker label, so a quote cannot
match one), with the locator a report cites: the transcript time ``00:12:31``, the page ``p. 12``, or the
paragraph ``para. 3``.

Built once per source and kept by the caller (``to_dict`` / ``from_dict`` for storage). The word index used
to locate quotes is built on first use and kept on the object.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate, repeat
from operator import add
from typing import Any, Protocol

from workbench.core.errors import NoSourceText
from workbench.verify.text import Token, token_keys, tokenize

KINDS = ("transcript", "pages", "text")

# Paragraphs: runs of lines without a blank line between them.
_PARAGRAPH = re.compile(r"\S(?:[^\n]|\n(?![ \t]*\n))*")
# The index tokenizes passages in chunks of about this size, so that finding the offsets of the words of
# one passage never means re-reading a whole book-length paragraph.
_CHUNK = 4000
# A new paragraph in a transcript without speakers after this long a pause (seconds) ...
_PAUSE = 2.0
# ... or once a paragraph is this long and a sentence ends.
_LONG_PARAGRAPH = 900


class TranscriptPassageLike(Protocol):
    """What ``SourceText.from_transcript`` needs of a passage (``importers.transcripts.TranscriptPassage``)."""

    text: str
    start: float | None
    speaker: str | None


def format_time(seconds: float) -> str:
    """Seconds from the start of a recording as ``HH:MM:SS`` (the locator form, e.g. ``00:12:31``)."""
    whole = max(0, int(seconds))
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


@dataclass(frozen=True, slots=True)
class Passage:
    """A span ``[start, end)`` of ``SourceText.text`` holding words, and where it is in the source."""

    start: int
    end: int
    locator: str
    speaker: str | None = None
    time: float | None = None  # seconds from the start of a recording
    page: int | None = None  # 1-based page of a paged document


class SourceText:
    """A source's text and its passages (see the module docstring)."""

    def __init__(self, text: str, passages: Sequence[Passage], kind: str = "text") -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown source text kind {kind!r}")
        self.text = text
        self.passages: tuple[Passage, ...] = tuple(passages)
        self.kind = kind
        self._index: _Index | None = None
        self._passage_starts: list[int] | None = None

    def __repr__(self) -> str:
        return f"SourceText({self.kind}, {len(self.text):,} characters, {len(self.passages):,} passages)"

    # -- building ---------------------------------------------------------------------------------------

    @classmethod
    def from_text(cls, text: str) -> SourceText:
        """Plain text (an article, a statement, a Word document's text): one passage per paragraph."""
        passages = [Passage(m.start(), _rstrip_end(text, m.start(), m.end()), f"para. {n}")
                    for n, m in enumerate(_PARAGRAPH.finditer(text), start=1)]
        return cls(text, passages, "text")

    @classmethod
    def from_pages(cls, pages: Sequence[str]) -> SourceText:
        """A paged document (a PDF's text page by page): passages are the paragraphs of each page, located
        by page number. Empty pages keep their number."""
        parts: list[str] = []
        passages: list[Passage] = []
        offset = 0
        for number, page in enumerate(pages, start=1):
            page = page.strip()
            if not page:
                continue
            if parts:
                parts.append("\n\n")
                offset += 2
            parts.append(page)
            for m in _PARAGRAPH.finditer(page):
                passages.append(Passage(offset + m.start(), offset + _rstrip_end(page, m.start(), m.end()),
                                        f"p. {number}", page=number))
            offset += len(page)
        return cls("".join(parts), passages, "pages")

    @classmethod
    def from_transcript(cls, passages: Iterable[TranscriptPassageLike]) -> SourceText:
        """A transcript's passages (cues or speaker turns), each keeping its start time and speaker.

        The text shows one paragraph per speaker turn, headed ``[00:12:31] Speaker:``; a transcript with no
        speakers starts a new paragraph at a pause or after a long paragraph's sentence end; the paragraphs of
        a transcript without times (a plain-text one) stay as written.
        """
        parts: list[str] = []
        out: list[Passage] = []
        offset = 0
        previous: TranscriptPassageLike | None = None
        paragraph_chars = 0
        for p in passages:
            words = " ".join(p.text.split())
            if not words:
                continue
            new_turn = previous is None or p.speaker != previous.speaker
            new_paragraph = new_turn
            if not new_turn and previous is not None:
                if p.start is None and previous.start is None:
                    new_paragraph = True  # paragraphs of an untimed transcript stay as they were written
                elif p.speaker is None:
                    paused = (p.start is not None and previous.start is not None
                              and p.start - _end_of(previous) >= _PAUSE)
                    long_done = paragraph_chars > _LONG_PARAGRAPH and parts[-1][-1:] in ".!?"
                    new_paragraph = new_turn = paused or long_done
            if new_paragraph:
                header = "\n\n" if parts else ""
                if new_turn and p.start is not None:
                    header += f"[{format_time(p.start)}] "
                if new_turn and p.speaker:
                    header += f"{p.speaker}: "
                paragraph_chars = 0
            else:
                header = " "
            parts.append(header)
            offset += len(header)
            locator = format_time(p.start) if p.start is not None else ""
            out.append(Passage(offset, offset + len(words), locator, p.speaker or None, p.start))
            parts.append(words)
            offset += len(words)
            paragraph_chars += len(words)
            previous = p
        text = "".join(parts)
        if not any(p.locator for p in out):
            out = _number_paragraphs(text, out)  # speaker turns without times: paragraph numbers instead
        return cls(text, out, "transcript")

    # -- storage ----------------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able form (``from_dict`` reads it back)."""
        return {"version": 1, "kind": self.kind, "text": self.text,
                "passages": [[p.start, p.end, p.locator, p.speaker, p.time, p.page] for p in self.passages]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SourceText:
        """Read what ``to_dict`` wrote."""
        if data.get("version") != 1:
            raise ValueError(f"unknown source text version {data.get('version')!r}")
        return cls(data["text"], [Passage(*row) for row in data["passages"]], data["kind"])

    # -- reading ----------------------------------------------------------------------------------------

    @property
    def has_words(self) -> bool:
        """Whether any passage holds a word a quote could be compared with (a scan's OCR-less page may still
        give a stray "$" or "%" token, which is no text to check a quote against)."""
        return any(key[:1].isalnum() for key in self.index.keys)

    def require_words(self, name: str = "") -> None:
        """Raise ``NoSourceText`` when there is nothing to compare a quote with."""
        if not self.has_words:
            label = f"{name}: " if name else ""
            raise NoSourceText(f"{label}this source has no text to compare with (it is empty, or a scan with "
                               "only images of text). Add a text version of the source (a transcript, or a "
                               "PDF with selectable text).")

    def passage_at(self, offset: int) -> Passage | None:
        """The passage holding character ``offset`` of ``text`` (or the one after it, between passages):
        where *Show in source* scrolls to, and what time or page it shows."""
        if self._passage_starts is None:
            self._passage_starts = [p.start for p in self.passages]
        i = bisect_right(self._passage_starts, offset) - 1
        if i >= 0 and offset < self.passages[i].end:
            return self.passages[i]
        return self.passages[i + 1] if i + 1 < len(self.passages) else None

    @property
    def index(self) -> _Index:
        if self._index is None:
            self._index = _Index(self)
        return self._index


def _end_of(p: TranscriptPassageLike) -> float:
    end = getattr(p, "end", None)
    return end if end is not None else (p.start or 0.0)


def _rstrip_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _number_paragraphs(text: str, passages: list[Passage]) -> list[Passage]:
    """Give passages without a time the number of their paragraph (``para. N``) as locator."""
    numbered: list[Passage] = []
    paragraph = 0
    last_end = -1
    for p in passages:
        if last_end < 0 or "\n\n" in text[last_end:p.start]:
            paragraph += 1
        last_end = p.end
        numbered.append(Passage(p.start, p.end, f"para. {paragraph}", p.speaker, p.time, p.page))
    return numbered


class _Index:
    """The words of a source, for locating quotes fast.

    ``keys`` are every token's key in reading order (across passages, so a quote may run over a cue
    boundary); ``joined`` is them space-separated with a space at each end, so a phrase of keys is found
    with one ``str.find`` of ``" " + phrase + " "``; ``starts[i]`` is where key ``i`` begins in ``joined``.
    Offsets of the words in the text are worked out only for the chunks a quote is found in.
    """

    def __init__(self, source: SourceText) -> None:
        text = source.text
        self.source = source
        chunk_start: list[int] = []
        chunk_end: list[int] = []
        chunk_passage: list[int] = []
        chunk_first: list[int] = []
        keys: list[str] = []
        for number, p in enumerate(source.passages):
            for a, b in _chunks(text, p.start, p.end):
                chunk_start.append(a)
                chunk_end.append(b)
                chunk_passage.append(number)
                chunk_first.append(len(keys))
                keys.extend(token_keys(text[a:b]))
        self.keys = keys
        self.joined = " " + " ".join(keys) + " "
        # where each key starts in ``joined``: 1, then each previous start + its length + one space
        self.starts = array("q", accumulate(map(add, map(len, keys), repeat(1)), initial=1))[:-1]
        self.chunk_start, self.chunk_end = chunk_start, chunk_end
        self.chunk_passage, self.chunk_first = chunk_passage, chunk_first
        self._chunk_tokens: dict[int, list[Token]] = {}

    def __len__(self) -> int:
        return len(self.keys)

    def find_all(self, keys: Sequence[str], limit: int = 1000) -> list[int]:
        """Token indices where the phrase ``keys`` occurs (at most ``limit`` of them)."""
        needle = " " + " ".join(keys) + " "
        found: list[int] = []
        pos = self.joined.find(needle)
        while pos >= 0 and len(found) < limit:
            found.append(bisect_left(self.starts, pos + 1))
            pos = self.joined.find(needle, pos + 1)
        return found

    def token_at_char(self, pos: int) -> int:
        """The token whose key covers position ``pos`` of ``joined`` (or the next one)."""
        i = bisect_right(self.starts, pos) - 1
        return max(0, min(i, len(self.keys) - 1))

    def _chunk_of(self, i: int) -> int:
        return bisect_right(self.chunk_first, i) - 1

    def token(self, i: int) -> Token:
        """Token ``i`` with its offsets in the source text."""
        c = self._chunk_of(i)
        tokens = self._chunk_tokens.get(c)
        if tokens is None:
            a = self.chunk_start[c]
            tokens = tokenize(self.source.text[a:self.chunk_end[c]], a)
            self._chunk_tokens[c] = tokens
        return tokens[i - self.chunk_first[c]]

    def passage_of(self, i: int) -> Passage:
        """The passage token ``i`` is in."""
        return self.source.passages[self.chunk_passage[self._chunk_of(i)]]


def _chunks(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    """``[start, end)`` cut into pieces of about ``_CHUNK`` characters at spaces (never inside a word, nor at
    a hyphen that joins a word across a line break)."""
    while end - start > 2 * _CHUNK:
        cut = text.find(" ", start + _CHUNK, end)
        while cut > 0 and text[cut - 1] in "-\u00ad\n\t ":
            cut = text.find(" ", cut + 1, end)
        if cut < 0:
            break
        yield start, cut
        start = cut
    yield start, end
