"""Words of a quote or a source, compared the way a fact-checker compares them.

A quote is *verbatim* when its words are the source's words; typography does not count: curly or straight
quotes and apostrophes, dashes, punctuation, whitespace and line breaks, a word hyphenated at a line end
("govern-\\nment"), the case of a piece's first letter. So both sides are cut into word tokens, and each
token gets a *key*: lower case, apostrophes straightened, hyphens dropped ("long-term" and "long-\\nterm"
both become "longterm"). Keys locate and align; the case-preserving ``exact`` form then decides whether an
aligned word differs in case where case counts.

Transcripts also hold what nobody quotes: stage directions ("(Laughter.)", "[inaudible]") and fillers
("uh", "um"). Those are not words of the speaker's sentence, so they are left out on both sides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

# A token: a number ("2,000", "3.9", "10:30", "21st"), a word (letters and digits, joined by apostrophes,
# hyphens or a hyphen at a line end), or a symbol that changes meaning ("$", "%").
_TOKEN = re.compile(
    r"[^\W_]+(?:(?:['’ʼ]|[-‐‑\u00ad](?:[ \t]*\n[ \t]*)?|(?<=\d)[.,:](?=\d))[^\W_]+)*"
    r"|[$%€£¥&]"
)
# Said in a transcript's brackets, never by the speaker; blanked out (same length, so offsets hold).
_STAGE = re.compile(
    r"[(\[](?:[^()\[\]\n]{0,20}?)(?:laughter|laughs|laughing|applause|inaudible|unintelligible|indiscernible|"
    r"crosstalk|cross-talk|overlapping|cheers|cheering|boos|booing|music|pause|silence|sic|coughs|"
    r"clears throat|audio|video|technical difficult\w*|off[- ]mic|no audio|break in audio)[^()\[\]\n]{0,40}[)\]]",
    re.IGNORECASE,
)
FILLERS = frozenset({"uh", "um", "uhm", "umm", "er", "erm", "ah", "hmm", "mm", "mhm", "uh-huh"})
# Key folding: apostrophes straightened, hyphens (and soft hyphens) dropped.
_FOLD_PAIRS = (("’", "'"), ("ʼ", "'"), ("-", ""), ("‐", ""), ("‑", ""), ("\u00ad", ""))
_FOLD = str.maketrans({old: new or None for old, new in _FOLD_PAIRS})
_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*")
_SENTENCE_END = re.compile(r"[.!?]")
# What a full stop may end without ending the sentence: an initial ("U.S.", "J. Biden"), "Mr.", "Dr."...
_ABBREVIATION = re.compile(r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|No|vs|Gen|Sen|Rep|Gov|Lt|Col|Prof))$")

# Omission marks a journalist writes inside a quote: "…", "...", ". . .", "[…]", "[...]", "(…)".
ELLIPSIS = re.compile(r"\[\s*(?:…|\.\s?\.\s?\.)\s*\]|\(\s*(?:…|\.\s?\.\s?\.)\s*\)|…|\.\s?\.\s?\.\.?")


def blank_stage_directions(text: str) -> str:
    """``text`` with bracketed stage directions replaced by spaces (offsets unchanged)."""
    if "(" not in text and "[" not in text:
        return text
    return _STAGE.sub(lambda m: " " * len(m.group()), text)


def key_of(raw: str) -> str:
    """The locating key of one raw token: lower case, apostrophes straight, no hyphens or line breaks."""
    if "\n" in raw:
        raw = _LINE_BREAK.sub("", raw)
    return raw.translate(_FOLD).lower()


def exact_of(raw: str) -> str:
    """The comparing form of one raw token: like ``key_of`` but keeping case."""
    if "\n" in raw:
        raw = _LINE_BREAK.sub("", raw)
    return raw.translate(_FOLD)


def token_keys(text: str) -> list[str]:
    """The keys of ``text``'s tokens, fillers and stage directions left out: ``[t.key for t in
    tokenize(text)]``, computed fast for indexing whole sources (C-level string methods over one joined
    string instead of a Python call per token)."""
    raws = _TOKEN.findall(blank_stage_directions(text))
    joined = " ".join(raws)
    if "\n" in joined:
        raws = [_LINE_BREAK.sub("", r) if "\n" in r else r for r in raws]
        joined = " ".join(raws)
    if not joined:
        return []
    for old, new in _FOLD_PAIRS:
        if old in joined:
            joined = joined.replace(old, new)
    keys = joined.lower().split(" ")
    return keys if FILLERS.isdisjoint(keys) else [k for k in keys if k not in FILLERS]


@dataclass(frozen=True, slots=True)
class Token:
    """One word: where it is in its text, its key and its case-preserving form."""

    start: int
    end: int
    key: str
    exact: str


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """The tokens of ``text`` with offsets (plus ``offset``), in the same sequence as ``token_keys``."""
    out: list[Token] = []
    for m in _TOKEN.finditer(blank_stage_directions(text)):
        raw = m.group()
        key = key_of(raw)
        if key in FILLERS:
            continue
        out.append(Token(m.start() + offset, m.end() + offset, key, exact_of(raw)))
    return out


@dataclass(frozen=True, slots=True)
class QuoteText:
    """A quote cut into tokens and into the pieces its omission marks separate."""

    text: str
    tokens: list[Token]
    # (first token, end token) of each piece; one piece when the quote marks no omission.
    pieces: list[tuple[int, int]]


def parse_quote(quote: str) -> QuoteText:
    """Tokens and pieces of a quote. An omission mark counts only between words: a quote that starts or
    ends with "…" (the speaker trailed off, or the sentence was cut) is one piece."""
    tokens = tokenize(quote)
    cuts: list[int] = []
    for m in ELLIPSIS.finditer(quote):
        # the first token at or after the mark starts a new piece
        index = next((i for i, t in enumerate(tokens) if t.start >= m.end()), len(tokens))
        if 0 < index < len(tokens) and index not in cuts:
            cuts.append(index)
    bounds = [0, *sorted(cuts), len(tokens)]
    pieces = [(a, b) for a, b in pairwise(bounds) if b > a]
    return QuoteText(quote, tokens, pieces)


def sentence_break(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` (what lies between two words) ends a sentence: a paragraph break, or a
    full stop, question or exclamation mark followed by a space, unless the stop ends an initial or a
    common abbreviation ("U.S. troops", "Mr. Kirby")."""
    between = text[start:end]
    if "\n\n" in between:
        return True
    for m in _SENTENCE_END.finditer(between):
        after = between[m.end():m.end() + 1]
        if after and not after.isspace() and after not in "\"'”’)]":
            continue
        if m.group() == ".":
            before = text[max(0, start + m.start() - 4):start + m.start()]
            if _ABBREVIATION.search(before):
                continue
        return True
    return False
