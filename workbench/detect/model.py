"""The public result type of quote detection."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One suggested quotation and its speaker.

    ``quote`` is exactly ``text[start:end]``: the quoted words without the quotation marks, without
    surrounding space or a trailing comma, and without a trailing full stop on a fragment (see
    ``workbench.detect.marks`` for the span convention). ``speaker`` is the fullest form of the
    name the article gives ("Mark Rutte", "the Kremlin"), or "" when unknown. ``cue`` is the
    attribution as written ("said", "told reporters", "according to", "calling"), "" when the
    speaker was inferred from context. ``confidence`` is in 0..1; only suggestions of at least
    0.5 are returned.
    """

    quote: str
    start: int
    end: int
    speaker: str
    cue: str
    confidence: float
