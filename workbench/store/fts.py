"""The journalist's words as SQLite FTS5 queries, and the same word matching for rows already in memory.

Every search box of the app goes through here. The project's indexes use FTS5's ``unicode61`` tokenizer
with ``remove_diacritics 2`` (``store.schema``): a word is a run of letters and digits, and case and accents
do not count, so "sao paulo" finds "São Paulo".

- ``parse_query``: the "Find in project" query (``store.search``): words, "phrases", ``prefix*`` terms and
  ``AND``/``OR``/``NOT`` with parentheses, rebuilt with every term quoted, so FTS5's other syntax (column
  filters like ``text:``, ``^``, ``NEAR``, ``-``) is plain text. What does not parse (an unclosed quote, a
  stray parenthesis, a dangling ``NOT``) falls back to ``plain_query``, a plain AND of the words: typing
  can never make a search fail.
- ``FilterWords``: a filter box over a list (sources, claims): every word must match. ``fts()`` for a list
  filtered in SQL (each word a prefix), ``matches()`` for rows a model already holds (each word anywhere in
  the text), both ignoring case and accents the way the index does.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

_OPERATORS = frozenset({"AND", "OR", "NOT"})
# A token is what unicode61 keeps: letters and digits; everything else separates tokens.
_TOKEN = re.compile(r"[^\W_]+")
# Combining marks left by NFKD decomposition ("é" -> "e" + U+0301): what remove_diacritics drops.
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """``text`` without case and accents, as the search indexes compare it ("São" -> "sao")."""
    if text.isascii():  # the common case, and 50,000 claims are filtered on every keystroke
        return text.casefold()
    return _MARKS.sub("", unicodedata.normalize("NFKD", text)).casefold()


@dataclass(frozen=True, slots=True)
class Term:
    """A word or phrase (its tokens) and whether its last token is a prefix."""

    text: str
    tokens: tuple[str, ...]
    prefix: bool = False

    def fts(self) -> str:
        return '"' + self.text.replace('"', '""') + '"' + ("*" if self.prefix else "")


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """A query rebuilt as FTS5 syntax; ``plain`` when it fell back to plain words."""

    fts: str
    plain: bool = False


class _Unparsable(Exception):
    pass


def sql_text(value: str) -> str:
    """``value`` as text SQLite can take: lone surrogates cannot be encoded as UTF-8, and NUL ends a C string
    early."""
    return value.encode("utf-8", "ignore").decode("utf-8").replace("\x00", " ")


def _term(text: str, prefix: bool) -> Term | None:
    tokens = tuple(_TOKEN.findall(text))
    # A term with no letters or digits ("-", "—", "*") is an empty phrase, which FTS5 matches nowhere.
    return Term(text, tokens, prefix) if tokens else None


def _lex(query: str) -> list[object]:
    """Split into Term, operator strings and parentheses. Raises _Unparsable on an unclosed quote."""
    out: list[object] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch.isspace():
            i += 1
        elif ch == '"':
            close = query.find('"', i + 1)
            if close < 0:
                raise _Unparsable
            prefix = close + 1 < n and query[close + 1] == "*"
            term = _term(query[i + 1 : close], prefix)
            if term:
                out.append(term)
            i = close + 2 if prefix else close + 1
        elif ch in "()":
            out.append(ch)
            i += 1
        else:
            j = i
            while j < n and not query[j].isspace() and query[j] not in '"()':
                j += 1
            word = query[i:j]
            i = j
            if word in _OPERATORS:
                out.append(word)
                continue
            prefix = word.endswith("*")
            term = _term(word.rstrip("*"), prefix)
            if term:
                out.append(term)
    return out


class _Parser:
    """FTS5's precedence: NOT binds tightest, then AND (also implicit, by juxtaposition), then OR."""

    def __init__(self, items: list[object]) -> None:
        self.items = items
        self.i = 0

    def peek(self) -> object:
        return self.items[self.i] if self.i < len(self.items) else None

    def parse(self) -> str:
        expr = self.or_expr()
        if self.i != len(self.items):
            raise _Unparsable
        return expr

    def or_expr(self) -> str:
        parts = [self.and_expr()]
        while self.peek() == "OR":
            self.i += 1
            parts.append(self.and_expr())
        return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"

    def and_expr(self) -> str:
        parts = [self.not_expr()]
        while True:
            nxt = self.peek()
            if nxt == "AND":
                self.i += 1
            elif not (isinstance(nxt, Term) or nxt == "("):
                break
            parts.append(self.not_expr())
        return parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"

    def not_expr(self) -> str:
        expr = self.primary()
        while self.peek() == "NOT":
            self.i += 1
            expr = f"({expr} NOT {self.primary()})"
        return expr

    def primary(self) -> str:
        item = self.peek()
        self.i += 1
        if isinstance(item, Term):
            return item.fts()
        if item == "(":
            expr = self.or_expr()
            if self.peek() != ")":
                raise _Unparsable
            self.i += 1
            return expr
        raise _Unparsable


def parse_query(query: str) -> ParsedQuery | None:
    """The query as FTS5 syntax with every term quoted; falls back to ``plain_query`` when it does not
    parse. None when it holds no word at all."""
    query = sql_text(query)
    try:
        items = _lex(query)
        # Forgive what search-as-you-type leaves at the ends: "nato AND", "OR nato", "nato (".
        while items and items[-1] in ("AND", "OR", "NOT", "("):
            items.pop()
        while items and items[0] in ("AND", "OR"):
            items.pop(0)
        if not items:
            return plain_query(query)
        return ParsedQuery(_Parser(items).parse())
    except _Unparsable:
        return plain_query(query)


def plain_query(query: str) -> ParsedQuery | None:
    """Every whitespace-separated word quoted and AND-ed: no operators, phrases or prefixes."""
    terms = [t for t in (_term(w.replace('"', " "), False) for w in sql_text(query).split()) if t]
    if not terms:
        return None
    return ParsedQuery(" AND ".join(t.fts() for t in terms), plain=True)


@dataclass(frozen=True, slots=True)
class FilterWords:
    """The words typed into a filter box; a row passes when it has every one of them."""

    words: tuple[str, ...]
    folded: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "folded", tuple(fold(w) for w in self.words))

    @classmethod
    @functools.lru_cache(maxsize=32)  # a list model asks once per row, with the same few strings
    def of(cls, text: str) -> FilterWords:
        return cls(tuple(sql_text(text).replace('"', " ").split()))

    def __bool__(self) -> bool:
        return bool(self.words)

    def fts(self) -> str:
        """An FTS5 query: every word a quoted prefix, so ``-``, ``:``, ``*`` or ``AND`` are searched for
        literally instead of being taken as syntax; "" for no words. (The index folds case and accents.)"""
        return " ".join(f'"{w}"*' for w in self.words)

    def matches(self, *texts: str) -> bool:
        """Whether every word occurs somewhere in ``texts`` (case and accents ignored)."""
        hay = fold(" ".join(texts))
        return all(w in hay for w in self.folded)
