"""Tokens, sentences and paragraphs of one article, computed once and shared by the other modules.

The detector looks at small windows around each quotation many times; doing the tokenising and
sentence splitting once for the whole text (and answering "which sentence is offset X in" with a
binary search) is what keeps a 100,000-character article well under the time budget.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from workbench.detect.lexicon import ABBREVIATIONS, FINITE_CUES
from workbench.detect.marks import QuoteSpan, paragraphs

# Words (with inner hyphens and apostrophes: Yong-hyun, O'Brien, a-t-il), dotted acronyms (U.S.),
# and single punctuation characters.
TOKEN_RE = re.compile(r"(?:[^\W\d_]\.){2,}|\w(?:\w|[-'’](?=\w))*|[^\w\s]")
QUOTE_CHARS = frozenset("\"“”„‟«»‹›'‘’‚‛")
_SENT_END = frozenset(".!?…")
MAX_SENTENCE = 600  # characters; longer "sentences" are cut for look-ups


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str
    lower: str
    is_word: bool
    cap: bool  # starts with an upper-case letter
    in_quote: bool = False


@dataclass(slots=True)
class TextIndex:
    """Tokens, sentence starts and paragraph ranges of ``text``."""

    text: str
    tokens: list[Token]
    token_starts: list[int]
    sentence_starts: list[int]  # char offsets, sorted, first is 0
    paras: list[tuple[int, int]]
    para_starts: list[int]
    quotes: list[QuoteSpan] = field(default_factory=list)
    narrative_starts: list[int] = field(default_factory=list)

    def token_at_or_after(self, pos: int) -> int:
        """Index of the first token starting at or after ``pos``."""
        i = bisect_right(self.token_starts, pos - 1)
        return i

    def sentence_start(self, pos: int) -> int:
        """Start of the sentence containing ``pos``, but never more than ``MAX_SENTENCE`` back:
        text without full stops (lists, pasted tables) must not make every look-back scan the
        whole article."""
        i = bisect_right(self.sentence_starts, pos) - 1
        start = self.sentence_starts[i] if i >= 0 else 0
        return max(start, pos - MAX_SENTENCE)

    def sentence_end(self, pos: int) -> int:
        i = bisect_right(self.sentence_starts, pos)
        end = self.sentence_starts[i] if i < len(self.sentence_starts) else len(self.text)
        return min(end, pos + MAX_SENTENCE)

    def sentence_no(self, pos: int) -> int:
        return bisect_right(self.sentence_starts, pos) - 1

    def narrative_no(self, pos: int) -> int:
        """Like ``sentence_no``, but counting only the reporter's sentences: the sentences inside a
        long quotation do not put its speaker further away."""
        return bisect_right(self.narrative_starts, pos) - 1

    def tokens_between(self, start: int, end: int) -> list[Token]:
        i = self.token_at_or_after(start)
        out: list[Token] = []
        toks = self.tokens
        while i < len(toks) and toks[i].end <= end:
            out.append(toks[i])
            i += 1
        return out


def build_index(text: str, quotes: list[QuoteSpan]) -> TextIndex:
    tokens: list[Token] = []
    for m in TOKEN_RE.finditer(text):
        s = m.group()
        c = s[0]
        is_word = c.isalnum()
        tokens.append(Token(m.start(), m.end(), s, s.lower(), is_word, c.isupper()))
    _mark_quoted(tokens, quotes, text)
    paras = paragraphs(text)
    para_starts = [p[0] for p in paras] or [0]
    sentence_starts = _sentence_starts(text, tokens, para_starts)
    inside = [(q.open_at, (q.close_at if q.close_at >= 0 else q.end) + 1) for q in quotes]
    narrative = [st for st in sentence_starts if not _inside(inside, st)]
    return TextIndex(
        narrative_starts=narrative or [0],
        text=text,
        tokens=tokens,
        token_starts=[t.start for t in tokens],
        sentence_starts=sentence_starts,
        paras=paras,
        para_starts=para_starts,
        quotes=quotes,
    )


def _inside(ranges: list[tuple[int, int]], pos: int) -> bool:
    """Is ``pos`` strictly inside one of the sorted, non-overlapping ``ranges``?"""
    i = bisect_right(ranges, (pos, 10**12)) - 1
    return i >= 0 and ranges[i][0] < pos < ranges[i][1]


def _mark_quoted(tokens: list[Token], quotes: list[QuoteSpan], text: str) -> None:
    """Flag tokens inside quotations, marks included: names inside a quotation are the speaker's
    words, not the reporter's, and must not become antecedents for "he said"."""
    if not quotes:
        return
    qi = 0
    ranges = [(q.open_at, (q.close_at if q.close_at >= 0 else q.end) + 1) for q in quotes]
    for t in tokens:
        while qi < len(ranges) and ranges[qi][1] <= t.start:
            qi += 1
        if qi >= len(ranges):
            break
        if ranges[qi][0] <= t.start < ranges[qi][1]:
            t.in_quote = True


def _sentence_starts(text: str, tokens: list[Token], para_starts: list[int]) -> list[int]:
    """Sentence starts: paragraph starts, plus the token after [.!?…] (and any closing quotation
    marks) when white space follows and the next word is capitalised, a digit or a quotation mark,
    and the full stop does not end an abbreviation (Mr., U.S., Nov.) or an initial (George W.)."""
    starts = set(para_starts)
    starts.add(0)
    n = len(tokens)
    for i, t in enumerate(tokens):
        if t.text not in _SENT_END:
            continue
        if t.text == "." and i > 0:
            prev = tokens[i - 1]
            if prev.end == t.start and prev.is_word and (
                prev.lower in ABBREVIATIONS
                or (len(prev.text) == 1 and prev.cap)
                or prev.lower.rsplit("-", 1)[-1] in ABBREVIATIONS  # "R-Ky.", "D-Md."
            ):
                continue
        j = i + 1
        while j < n and (tokens[j].text in _SENT_END or tokens[j].text in QUOTE_CHARS) and (
            tokens[j].start == tokens[j - 1].end
        ):
            j += 1
        if j >= n:
            break
        nxt = tokens[j]
        gap = text[tokens[j - 1].end : nxt.start]
        if not gap or not gap.isspace():
            continue
        if t.text in "?!" and tokens[j - 1].text in QUOTE_CHARS and _name_then_cue(tokens, j):
            continue  # “Does he not understand that?” Biden said.: the attribution goes on the sentence
        if nxt.cap or nxt.text[0].isdigit() or nxt.text in QUOTE_CHARS:
            starts.add(nxt.start)
    return sorted(starts)


def _name_then_cue(tokens: list[Token], j: int) -> bool:
    """Do tokens from ``j`` read as a short name and a speech verb ("Biden said", "Mr. Smith told")?"""
    k = j
    while k < len(tokens) and k - j < 5 and (tokens[k].cap or tokens[k].text == "."):
        k += 1
    return j < k < len(tokens) and tokens[k].is_word and not tokens[k].cap and tokens[k].lower in FINITE_CUES
