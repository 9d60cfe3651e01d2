"""Find quotations in raw text: pair quotation marks and tell quotation marks from apostrophes.

This module knows nothing about speakers. It turns a text into ``QuoteSpan`` records, each the words
between one opening and one closing mark, in one paragraph. It handles:

* curly “ ” and straight " double quotes, German „ “, guillemets « » and reversed » «, ‹ ›;
* single quotes used as quotation marks (‘ ’, ' ', German ‚ ‘), while apostrophes (don't, Korea's,
  rock 'n' roll, '90s, the players' union) are not taken for quotation marks;
* nesting (British ‘… “…” …’ and American “… ‘…’ …”): only the outer quotation is kept;
* multi-paragraph quotations: an opening mark left open at the end of a paragraph whose next
  paragraph starts with a new opening mark (the typographic convention) continues there; each
  paragraph's piece becomes its own span, linked by a shared ``group``.

Span convention (the journalist marks the words, not the punctuation around them):
``start``/``end`` cover the text inside the marks, without surrounding white space and without a
trailing comma, semicolon or colon (those belong to the reporter's sentence). A trailing full stop
is kept when the quotation is a sentence of its own (starts with a capital letter) and dropped when
it is a fragment (“hoax.”), where American typesetting put the reporter's full stop inside the
marks. Question and exclamation marks and ellipses are always kept: they are the speaker's.

Everything is one linear pass per paragraph, with regexes compiled once.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

DOUBLE = "double"
SINGLE = "single"
ANGLE = "angle"
ANGLE1 = "angle1"

_FAMILY = {
    '"': DOUBLE,
    "“": DOUBLE,
    "”": DOUBLE,
    "„": DOUBLE,
    "‟": DOUBLE,
    "«": ANGLE,
    "»": ANGLE,
    "‹": ANGLE1,
    "›": ANGLE1,
    "'": SINGLE,
    "‘": SINGLE,
    "’": SINGLE,
    "‚": SINGLE,
    "‛": SINGLE,
}
_MARK_RE = re.compile("[\"“”„‟«»‹›'‘’‚‛]")
_PARA_BLANK_RE = re.compile(r"\n[^\S\n]*\n")
_PARA_SPLIT_BLANK_RE = re.compile(r"\n[^\S\n]*(?:\n[^\S\n]*)+")
_PARA_SPLIT_LINE_RE = re.compile(r"\n")

# Elisions that begin with an apostrophe ('em, 'til, '90s) and the two marks of "rock 'n' roll".
_ELISION_RE = re.compile(
    r"(?<!\w)['’‘‛](?=(?:em|til|cause|cos|tis|twas|bout|round|ere|n)\b|\d\d(?:s\b|\b))",
    re.IGNORECASE,
)
_N_ELISION_RE = re.compile(r"(?<!\w)['’‘]n(['’])(?!\w)", re.IGNORECASE)

# Characters that may stand right before an opening mark / right after a closing mark.
_OPEN_BEFORE = set("([{—–-/\u2014\u2013:“„«»‹›\"")
_CLOSE_AFTER = set(",.;:!?)]}…—–-/\"“”«»‹›")
_PUNCT_BEFORE_CLOSE = set(",.!?;:…—–-")
_TRIM_TRAILING = ",;:"


@dataclass(slots=True)
class QuoteSpan:
    """One quotation (or one paragraph's piece of a multi-paragraph quotation)."""

    open_at: int  # index of the opening mark
    close_at: int  # index of the closing mark; -1 when the piece runs to the end of its paragraph
    start: int  # the quoted words: text[start:end]
    end: int
    family: str
    para: int  # paragraph index
    group: int  # pieces of one multi-paragraph quotation share a group id
    closed: bool  # False for a piece whose closing mark is missing (or in a later paragraph)


@dataclass(slots=True)
class _Pair:
    open_at: int
    close_at: int  # -1: unclosed
    family: str


_DOUBLED_RE = re.compile(r"(?<!['’`])(?:''|’’|``)(?!['’`])")


def normalise_marks(text: str) -> str:
    """The text with doubled apostrophes and backticks (''…'', ``…'', old newspaper archives and
    TeX) turned into a straight double quotation mark plus a space, on the side away from the
    quoted words. Same length as ``text``, so every offset into it is an offset into ``text``."""
    if "''" not in text and "’’" not in text and "``" not in text:
        return text

    def repl(m: re.Match[str]) -> str:
        i = m.start()
        before = text[i - 1] if i > 0 else " "
        return ' "' if before.isspace() or before in "([{—–-" else '" '

    return _DOUBLED_RE.sub(repl, text)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph (start, end) ranges. Blank lines separate paragraphs when the text has any;
    otherwise every line is a paragraph (pasted text often has one paragraph per line)."""
    splitter = _PARA_SPLIT_BLANK_RE if _PARA_BLANK_RE.search(text) else _PARA_SPLIT_LINE_RE
    out: list[tuple[int, int]] = []
    pos = 0
    for m in splitter.finditer(text):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return out


def _is_space(ch: str) -> bool:
    return ch == "" or ch.isspace()


def _pair_double(text: str, marks: list[tuple[int, str]], pstart: int, pend: int) -> list[_Pair]:
    """Pair “ ” " „ marks inside one paragraph. Quotations of one family do not nest, so a single
    'currently open' slot is enough; context (space before / after) settles the straight mark."""
    pairs: list[_Pair] = []
    open_at = -1
    open_ch = ""
    for pos, ch in marks:
        before = text[pos - 1] if pos > pstart else ""
        after = text[pos + 1] if pos + 1 < pend else ""
        left_open = _is_space(before) or before in _OPEN_BEFORE
        right_close = _is_space(after) or after in _CLOSE_AFTER
        if ch in "„‟":
            open_at, open_ch = pos, ch
        elif ch == "“":
            if open_at < 0:
                open_at, open_ch = pos, ch
            elif open_ch in "„‟" or (right_close and not left_open):
                # German „…“ closes with “; a “ glued to the word before it closes a sloppy “…“.
                pairs.append(_Pair(open_at, pos, DOUBLE))
                open_at = -1
            else:
                open_at, open_ch = pos, ch
        elif ch == "”":
            if open_at >= 0:
                pairs.append(_Pair(open_at, pos, DOUBLE))
                open_at = -1
            elif left_open and not right_close:
                open_at, open_ch = pos, ch  # Swedish/Finnish ”…” or a mis-typed opener
        else:  # straight "
            if open_at < 0:
                if right_close and not left_open:
                    continue  # a stray closer: inch mark (12"), or a quotation opened elsewhere
                open_at, open_ch = pos, ch
            elif left_open and not right_close:
                open_at, open_ch = pos, ch  # looks like an opener: the previous one was stray
            else:
                pairs.append(_Pair(open_at, pos, DOUBLE))
                open_at = -1
    if open_at >= 0:
        pairs.append(_Pair(open_at, -1, DOUBLE))
    return pairs


def _pair_angle(text: str, marks: list[tuple[int, str]], pstart: int, pend: int, family: str) -> list[_Pair]:
    """Pair guillemets. French «…» and German »…« are both accepted: whichever comes first opens."""
    pairs: list[_Pair] = []
    open_at = -1
    open_ch = ""
    for pos, ch in marks:
        if open_at < 0:
            open_at, open_ch = pos, ch
        elif ch != open_ch:
            pairs.append(_Pair(open_at, pos, family))
            open_at = -1
        else:
            after = text[pos + 1] if pos + 1 < pend else ""
            before = text[pos - 1] if pos > pstart else ""
            if (_is_space(after) or after in _CLOSE_AFTER) and not _is_space(before):
                pairs.append(_Pair(open_at, pos, family))  # Finnish »…»
                open_at = -1
            else:
                open_at = pos
    if open_at >= 0:
        pairs.append(_Pair(open_at, -1, family))
    return pairs


def _pair_single(text: str, marks: list[tuple[int, str]], pstart: int, pend: int) -> list[_Pair]:
    """Pair single quotation marks, skipping apostrophes.

    A mark between two letters is an apostrophe (don't, O'Brien); so are known elisions ('em,
    'n', '90s). Of the rest, a mark after a space and before a word may open; a mark after a word
    and before a space or punctuation may close. A closer right after "s" and followed by a
    lower-case word (the players' union) is probably a plural possessive, so a better closer
    later in the paragraph wins over it.
    """
    elided: set[int] = set()
    for m in _ELISION_RE.finditer(text, pstart, pend):
        elided.add(m.start())
    for m in _N_ELISION_RE.finditer(text, pstart, pend):
        elided.add(m.start())
        elided.add(m.start(1))
    opens: list[int] = []
    closes: list[tuple[int, int]] = []  # (position, strength 0 weak .. 2 strong)
    for pos, ch in marks:
        if pos in elided:
            continue
        before = text[pos - 1] if pos > pstart else ""
        after = text[pos + 1] if pos + 1 < pend else ""
        if before.isalnum() and after.isalnum():
            continue  # apostrophe inside a word
        if ch == "‚" or ((_is_space(before) or before in _OPEN_BEFORE) and not _is_space(after)):
            if ch != "’" or after.isalpha():
                opens.append(pos)
            continue
        if not _is_space(before) and (_is_space(after) or after in _CLOSE_AFTER):
            if before in _PUNCT_BEFORE_CLOSE:
                strength = 2
            elif after and after.isspace() and before in "sSzZ":
                nxt = text[pos + 2] if pos + 2 < pend else ""
                strength = 0 if nxt.islower() else 1
            else:
                strength = 1
            closes.append((pos, strength))
    pairs: list[_Pair] = []
    if not opens:
        return pairs
    close_pos = [c for c, _ in closes]
    last_end = -1
    for oi, o in enumerate(opens):
        if o <= last_end:
            continue
        next_open = opens[oi + 1] if oi + 1 < len(opens) else pend
        best = -1
        for ci in range(bisect_right(close_pos, o), len(closes)):
            c, strength = closes[ci]
            if c > next_open and best >= 0:
                break
            if strength >= 1:
                best = c
                break
            if best < 0:
                best = c
        if best >= 0:
            pairs.append(_Pair(o, best, SINGLE))
            last_end = best
        else:
            pairs.append(_Pair(o, -1, SINGLE))
            last_end = pend
    return pairs


def _drop_nested(pairs: list[_Pair], primary: str) -> list[_Pair]:
    """Keep outermost quotations. When a pair of the document's secondary family would swallow a
    pair of its primary family, the secondary one is more likely two stray apostrophes, so it goes."""
    pairs.sort(key=lambda p: p.open_at)
    kept: list[_Pair] = []
    for p in pairs:
        if kept:
            outer = kept[-1]
            outer_end = outer.close_at
            if outer_end < 0 or p.open_at < outer_end:
                # p starts inside outer
                if (
                    outer.family != primary
                    and p.family == primary
                    and outer_end >= 0
                    and p.close_at >= 0
                    and p.close_at < outer_end
                    and outer.family == SINGLE
                ):
                    kept[-1] = p
                continue
        kept.append(p)
    return kept


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _TRIM_TRAILING):
        end -= 1
    if end > start and text[end - 1] == "." and not text[start:end].endswith(".."):
        first = next((c for c in text[start:end] if c.isalpha()), "")
        if first.islower():
            end -= 1
            while end > start and (text[end - 1].isspace() or text[end - 1] in _TRIM_TRAILING):
                end -= 1
    return start, end


def _starts_with_open(text: str, pstart: int, pend: int, family: str) -> bool:
    i = pstart
    while i < pend and text[i].isspace():
        i += 1
    if i >= pend:
        return False
    ch = text[i]
    return _FAMILY.get(ch) == family and ch not in "”"


def find_quotes(text: str) -> list[QuoteSpan]:
    """All quotations in ``text``, outermost only, in text order."""
    paras = paragraphs(text)
    by_para: list[list[_Pair]] = []
    counts = {DOUBLE: 0, SINGLE: 0, ANGLE: 0, ANGLE1: 0}
    for pstart, pend in paras:
        fam_marks: dict[str, list[tuple[int, str]]] = {}
        for m in _MARK_RE.finditer(text, pstart, pend):
            ch = m.group()
            fam_marks.setdefault(_FAMILY[ch], []).append((m.start(), ch))
        pairs: list[_Pair] = []
        for fam, marks in fam_marks.items():
            if fam == DOUBLE:
                pairs.extend(_pair_double(text, marks, pstart, pend))
            elif fam == SINGLE:
                pairs.extend(_pair_single(text, marks, pstart, pend))
            else:
                pairs.extend(_pair_angle(text, marks, pstart, pend, fam))
        for p in pairs:
            if p.close_at >= 0:
                counts[p.family] += 1
        by_para.append(pairs)
    primary = max(counts, key=lambda f: counts[f])
    spans: list[QuoteSpan] = []
    group = 0
    for pi, (pstart, pend) in enumerate(paras):
        kept = _drop_nested(by_para[pi], primary)
        for p in kept:
            if p.close_at >= 0:
                s, e = _trim(text, p.open_at + 1, p.close_at)
                closed = True
            else:
                nxt = paras[pi + 1] if pi + 1 < len(paras) else None
                continued = nxt is not None and _starts_with_open(text, nxt[0], nxt[1], p.family)
                ch = text[p.open_at]
                # An unclosed straight or single mark that is not continued is most likely a stray
                # apostrophe or inch mark; curly and angle marks are kept (a typo'd closer).
                if not continued and (ch in "'‘’‚‛" or (ch == '"' and p.open_at != _first_nonspace(text, pstart))):
                    continue
                s, e = _trim(text, p.open_at + 1, pend)
                closed = False
            if e <= s:
                continue
            spans.append(QuoteSpan(p.open_at, p.close_at, s, e, p.family, pi, group, closed))
            # A piece left open whose next paragraph opens again shares its group with the next
            # span; anything else ends the group.
            if closed or not _continues(text, paras, pi, p.family):
                group += 1
    return spans


def _first_nonspace(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _continues(text: str, paras: list[tuple[int, int]], pi: int, family: str) -> bool:
    if pi + 1 >= len(paras):
        return False
    return _starts_with_open(text, paras[pi + 1][0], paras[pi + 1][1], family)
