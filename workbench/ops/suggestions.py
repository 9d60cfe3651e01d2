"""Quote suggestions for an article: propose, accept (as claims) and dismiss (remembered per article)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from itertools import accumulate
from typing import TYPE_CHECKING

from workbench.ops.base import operation, require
from workbench.ops.claims import insert_claim
from workbench.store import Project, Tx
from workbench.store.queries import article_text

if TYPE_CHECKING:  # the detector (a lexicon and many regexes) loads on first use, not at the window's start
    from workbench.detect import Suggestion


def suggestions_for_article(project: Project, article_id: str) -> list[Suggestion]:
    """Suggestions for an article, minus those dismissed before and those already marked as claims."""
    return remaining_suggestions(project, article_id, detect_in_article(project, article_id))


def detect_in_article(project: Project, article_id: str) -> list[Suggestion]:
    """Everything the detector proposes in an article's text (before dismissals and claims are taken out):
    it depends on the text alone, so a window may keep it while only claims and dismissals change."""
    from workbench.detect import suggest_quotes

    return suggest_quotes(article_text(project, article_id))


def remaining_suggestions(project: Project, article_id: str, proposed: Sequence[Suggestion]) -> list[Suggestion]:
    """``proposed`` minus the suggestions dismissed before and those overlapping a claim of the article."""
    dismissed = {
        (s, e, exact)
        for s, e, exact in project.conn.execute(
            'SELECT start, "end", exact FROM dismissals WHERE article_id = ?', (article_id,)
        )
    }
    # Claims by start with the furthest end so far: a suggestion overlaps a claim when some claim starting
    # before its end reaches past its start (a bisection, not a scan of every claim: 3,000 × 3,000).
    claimed = sorted(project.conn.execute('SELECT start, "end" FROM claims WHERE article_id = ?', (article_id,)))
    starts = [s for s, _e in claimed]
    reach = list(accumulate((e for _s, e in claimed), max))
    out = []
    for s in proposed:
        if (s.start, s.end, s.quote) in dismissed:
            continue
        i = bisect_left(starts, s.end) - 1
        if i >= 0 and reach[i] > s.start:
            continue
        out.append(s)
    return out


def _accept_name(*, article_id: str, suggestions: Sequence[Suggestion]) -> str:
    return "Accept suggestion" if len(suggestions) == 1 else f"Accept {len(suggestions)} suggestions"


@operation(_accept_name)
def accept_suggestions(tx: Tx, *, article_id: str, suggestions: Sequence[Suggestion]) -> None:
    """Make suggestions claims (with their speakers), all in one transaction and one undo step."""
    text: str = require(tx, "articles", article_id)["text"]  # read once, not once per suggestion
    for s in suggestions:
        insert_claim(tx, article_id, text, s.start, s.end, speaker=s.speaker)


@operation("Dismiss suggestion")
def dismiss_suggestion(tx: Tx, *, article_id: str, suggestion: Suggestion) -> str:
    """Remember that a suggestion is not a claim, so it is not proposed again for this article."""
    return tx.insert("dismissals", {"article_id": article_id, "start": suggestion.start, "end": suggestion.end,
                                    "exact": suggestion.quote})["id"]
