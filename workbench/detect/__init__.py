"""Quote and speaker suggestions: pure functions from article text to suggested claims.

No Qt, no SQL, no I/O: ``suggest_quotes(text)`` returns ``Suggestion`` records, sorted by start,
that the UI offers the journalist to accept or dismiss. Rules find quotations, cues and speakers; a
small trained model (``confidence``, a few kilobytes in ``resources/models/``) decides what to offer
and how sure to be. Fast (well under 200 ms for a 100,000-character article); see
``benchmarks/detect`` for the real labelled news it is measured and trained on.
"""

from __future__ import annotations

from workbench.detect.model import Suggestion
from workbench.detect.suggest import suggest_quotes

__all__ = ["Suggestion", "suggest_quotes"]
