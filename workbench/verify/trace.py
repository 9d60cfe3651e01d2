"""Trace a quote through other articles: where else it was printed, word for word or changed.

``trace_quote`` takes the other articles as ``(id, text, metadata)`` and gives one ``TraceHit`` per article
that carries the quote verbatim, spliced or altered, with the character offsets of the passage in that
article's text, earliest published first (articles without a date last, in the order given). The claim's
own article is the caller's to leave out (or pass its id as ``exclude``).

Most articles of a project do not carry the quote at all; a cheap test (are the quote's distinctive words in
the article's text?) skips them before any word is aligned, so tracing through a thousand articles costs
tens of milliseconds, not seconds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from workbench.verify.match import verify_quote
from workbench.verify.result import NOT_FOUND, Verification
from workbench.verify.source import SourceText
from workbench.verify.text import parse_quote

# Words too common to tell whether an article may carry a quote.
_COMMON = frozenset(
    """that this with from have they their there what which when were been will would about into your just
    also than then them these those more some very much such said says could should other after before
    because while where being does only over even most many like well back still think going know""".split()  # noqa: SIM905
)


@dataclass(slots=True)
class TraceHit:
    """An article carrying the quote. ``verification`` holds the found passage's offsets and the diff with the
    article as the source: its ``changes`` are (this article's words, the claim quote's words)."""

    article: str
    verification: Verification
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def published(self) -> str:
        return str(self.metadata.get("published") or "")

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (``workbench trace --json``): article, title, outlet, published, status,
        similarity, start, end, then the found words, the diff and the changes."""
        v = self.verification
        return {"article": self.article, "title": self.metadata.get("title", ""),
                "outlet": self.metadata.get("outlet", ""), "published": self.published,
                "status": v.status, "similarity": round(v.similarity, 3), "start": v.start, "end": v.end,
                "found": v.found, "diff": [[op, text] for op, text in v.diff],
                "changes": [[a, b] for a, b in v.changes]}


def _distinctive(quote: str) -> list[str]:
    words = {t.exact.lower() for t in parse_quote(quote).tokens
             if t.key.isalpha() and len(t.key) >= 4 and t.key not in _COMMON}
    return sorted(words, key=len, reverse=True)[:8]


def may_carry(quote_words: list[str], text: str) -> bool:
    """Whether ``text`` may carry a quote with these distinctive words: at least half of them appear."""
    if not quote_words:
        return True
    folded = text.lower().replace("’", "'")
    present = sum(1 for w in quote_words if w in folded)
    return present * 2 >= len(quote_words)


def trace_quote(quote: str, articles: Iterable[tuple[str, str, Mapping[str, Any]]], *,
                exclude: str | None = None, speaker: str | None = None) -> list[TraceHit]:
    """Every article that carries ``quote`` verbatim, spliced or altered (see the module docstring)."""
    words = _distinctive(quote)
    hits: list[TraceHit] = []
    for article, text, metadata in articles:
        if article == exclude or not text or not may_carry(words, text):
            continue
        source = SourceText.from_text(text)
        if not source.has_words:
            continue
        result = verify_quote(quote, source, speaker=speaker)
        if result.status != NOT_FOUND:
            hits.append(TraceHit(article, result, dict(metadata)))
    # Earliest first; undated articles last, in the order given (sorted() is stable).
    return sorted(hits, key=lambda h: (not h.published, h.published))
