"""Quote and speaker suggestions: pure functions from article text to suggested claims.

No Qt, no SQL, no I/O: ``suggest_quotes(text)`` returns ``Suggestion`` records, sorted by start,
that the UI offers the journalist to accept or dismiss. Rule-based and fast (well under 200 ms for a
100,000-character article); see ``benchmarks/detect`` for the labelled corpus and the speed check.
"""

from __future__ import annotations

from workbench.detect.model import Suggestion
from workbench.detect.suggest import suggest_quotes

__all__ = ["Suggestion", "suggest_quotes"]
