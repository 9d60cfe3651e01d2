"""Anchoring of highlights to article text (W3C TextQuoteSelector + TextPositionSelector).

A claim stores ``start``/``end`` character offsets (Python code points) into the article's stored text
*and* the exact quote with up to ``CONTEXT`` characters of prefix and suffix. The offsets are fast; the
quote and its context let a highlight be found again if offsets ever drift (an edited article, a
merge of two copies that normalised text differently). A highlight that cannot be found again is an
orphan: shown as such, never silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

CONTEXT = 32


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a quote sits in a text, with enough context to find it again."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


def make_anchor(text: str, start: int, end: int) -> Anchor:
    """Build the anchor for ``text[start:end]``; raises ValueError for an empty or out-of-range span."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span {start}..{end} is empty or outside a text of {len(text)} characters")
    return Anchor(
        start=start,
        end=end,
        exact=text[start:end],
        prefix=text[max(0, start - CONTEXT) : start],
        suffix=text[end : end + CONTEXT],
    )


# Quotation marks of the languages the workbench meets, and punctuation that joins the quote to the
# reporter's sentence (“… by a third,” she said) rather than ending the speaker's words. A full stop, ``?``,
# ``!`` and an ellipsis inside the marks are the speaker's and stay.
QUOTE_MARKS = "\"'“”„‟‘’‚‛«»‹›「」『』"
TRAILING_PUNCTUATION = ",;:–—-"


def trim_quote_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Narrow a selection to the quote's own words: whitespace, quotation marks around it and the
    punctuation joining it to the reporter's sentence (``… by a third,”`` → ``… by a third``) are left out."""
    while True:
        before = (start, end)
        while start < end and (text[start].isspace() or text[start] in QUOTE_MARKS):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in QUOTE_MARKS
                               or text[end - 1] in TRAILING_PUNCTUATION):
            end -= 1
        if (start, end) == before:
            return start, end


def find_occurrence(text: str, quote: str, occurrence: int = 1) -> int | None:
    """Start offset of the ``occurrence``-th (1-based) appearance of ``quote`` in ``text``, or None."""
    if not quote or occurrence < 1:
        return None
    pos = -1
    for _ in range(occurrence):
        pos = text.find(quote, pos + 1)
        if pos < 0:
            return None
    return pos


def _common_suffix_len(a: str, b: str) -> int:
    n = 0
    for x, y in zip(reversed(a), reversed(b), strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_prefix_len(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def resolve_anchor(text: str, anchor: Anchor) -> tuple[int, int] | None:
    """Where the anchored quote is in ``text`` now, or None if it is gone (an orphan).

    The stored offsets win when they still hold the exact quote. Otherwise every occurrence of the
    quote is scored by how much of the stored prefix and suffix surround it, ties broken by distance
    from the old offset, so a quote that occurs several times re-anchors to the right one.
    """
    s, e = anchor.start, anchor.end
    if 0 <= s < e <= len(text) and text[s:e] == anchor.exact:
        return s, e
    if not anchor.exact:
        return None
    best: tuple[int, int, int] | None = None  # (-score, distance, start)
    pos = text.find(anchor.exact)
    while pos >= 0:
        score = _common_suffix_len(text[max(0, pos - len(anchor.prefix)) : pos], anchor.prefix)
        after = pos + len(anchor.exact)
        score += _common_prefix_len(text[after : after + len(anchor.suffix)], anchor.suffix)
        key = (-score, abs(pos - s), pos)
        if best is None or key < best:
            best = key
        pos = text.find(anchor.exact, pos + 1)
    if best is None:
        return None
    return best[2], best[2] + len(anchor.exact)
