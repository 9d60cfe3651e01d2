"""Quote suggestions for an article: propose, accept (as claims) and dismiss (remembered per article)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from workbench.ops.base import operation
from workbench.ops.claims import add_claim
from workbench.store import Project, Tx
from workbench.store.queries import article_text

if TYPE_CHECKING:  # the detector (a lexicon and many regexes) loads on first use, not at the window's start
    from workbench.detect import Suggestion


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def suggestions_for_article(project: Project, article_id: str) -> list[Suggestion]:
    """Suggestions for an article, minus those dismissed before and those already marked as claims."""
    from workbench.detect import suggest_quotes

    text = article_text(project, article_id)
    dismissed = {
        (s, e, exact)
        for s, e, exact in project.conn.execute(
            'SELECT start, "end", exact FROM dismissals WHERE article_id = ?', (article_id,)
        )
    }
    claimed = [(s, e) for s, e in project.conn.execute(
        'SELECT start, "end" FROM claims WHERE article_id = ?', (article_id,))]
    out = []
    for s in suggest_quotes(text):
        if (s.start, s.end, s.quote) in dismissed:
            continue
        if any(_overlaps((s.start, s.end), c) for c in claimed):
            continue
        out.append(s)
    return out


def _accept_name(*, article_id: str, suggestions: Sequence[Suggestion]) -> str:
    return "Accept suggestion" if len(suggestions) == 1 else f"Accept {len(suggestions)} suggestions"


@operation(_accept_name)
def accept_suggestions(tx: Tx, *, article_id: str, suggestions: Sequence[Suggestion]) -> None:
    """Make suggestions claims (with their speakers), all in one transaction and one undo step."""
    for s in suggestions:
        add_claim.in_tx(tx, article_id=article_id, start=s.start, end=s.end, speaker=s.speaker)


@operation("Dismiss suggestion")
def dismiss_suggestion(tx: Tx, *, article_id: str, suggestion: Suggestion) -> str:
    """Remember that a suggestion is not a claim, so it is not proposed again for this article."""
    return tx.insert("dismissals", {"article_id": article_id, "start": suggestion.start, "end": suggestion.end,
                                    "exact": suggestion.quote})["id"]
