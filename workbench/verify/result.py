"""What verifying a quote against one source found, in the shapes the command line and reports print.

``Verification.to_dict()`` is the ``R`` of ``workbench verify --json``: ``source``, ``status``,
``similarity``, ``found``, ``locator``, ``speaker_in_source``, ``diff``, ``ellipsis`` (those never change
name), then fields added for the window and reports: the found span's character offsets in the source text
(``start``, ``end``), the passage's ``speaker``, the ``pieces`` a spliced quote was taken from, the
``omissions``, the changed words (``changes``) and how many times a verbatim quote occurs (``occurrences``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

VERBATIM, SPLICED, ALTERED, NOT_FOUND = "verbatim", "spliced", "altered", "not_found"
STATUSES = (VERBATIM, SPLICED, ALTERED, NOT_FOUND)
# The diff's operations: words both have, words only the source has, words only the quote has.
EQUAL, DELETE, INSERT = "equal", "delete", "insert"


@dataclass(frozen=True, slots=True)
class Piece:
    """One stretch of the source a quote was found in (a spliced quote has several)."""

    start: int  # character offsets in SourceText.text
    end: int
    text: str
    locator: str
    speaker: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "locator": self.locator,
                "speaker": self.speaker}


@dataclass(frozen=True, slots=True)
class Omission:
    """Where a quote leaves out words of its source: marked with "…" or joined silently. ``words`` is how
    many words were left out, None when the pieces are far apart or in another order."""

    marked: bool
    words: int | None

    def to_dict(self) -> dict[str, Any]:
        return {"marked": self.marked, "words": self.words}


@dataclass(slots=True)
class Verification:
    """A quote checked against one source (see the module docstring)."""

    status: str
    similarity: float
    found: str = ""
    locator: str = ""
    speaker_in_source: str | None = None
    diff: list[tuple[str, str]] = field(default_factory=list)
    ellipsis: bool = False
    source: str | None = None  # the source's id, set by whoever knows it
    start: int | None = None
    end: int | None = None
    speaker: str | None = None
    pieces: list[Piece] = field(default_factory=list)
    omissions: list[Omission] = field(default_factory=list)
    occurrences: int = 0
    # The changed words as (source words, quote words): ("rise", "fall"), ("not", "") for a dropped "not",
    # ("", "never") for an added word. Omissions of a spliced quote are not changes.
    changes: list[tuple[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (``workbench verify --json``)."""
        return {
            "source": self.source,
            "status": self.status,
            "similarity": round(self.similarity, 3),
            "found": self.found,
            "locator": self.locator,
            "speaker_in_source": self.speaker_in_source,
            "diff": [[op, text] for op, text in self.diff],
            "ellipsis": self.ellipsis,
            "start": self.start,
            "end": self.end,
            "speaker": self.speaker,
            "pieces": [p.to_dict() for p in self.pieces],
            "omissions": [o.to_dict() for o in self.omissions],
            "occurrences": self.occurrences,
            "changes": [[a, b] for a, b in self.changes],
        }


_RANK = {VERBATIM: 0, SPLICED: 1, ALTERED: 2, NOT_FOUND: 3}


def best_result(results: Iterable[Verification]) -> Verification | None:
    """The result that backs the quote best: verbatim before spliced before altered before not found, then
    the most similar; None when there are none."""
    return min(results, key=lambda r: (_RANK[r.status], -r.similarity), default=None)
