"""The public result type of quote detection."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One suggested quotation and its speaker.

    ``quote`` is exactly ``text[start:end]``: the quoted words without the quotation marks, without
    surrounding space or a trailing comma, and without a trailing full stop on a fragment (see
    ``workbench.detect.marks`` for the span convention). ``speaker`` is the fullest form of the
    name the article gives ("Mark Rutte", "the Kremlin"), or "" when unknown or too uncertain to
    offer. ``cue`` is the attribution as written ("said", "told reporters", "according to",
    "calling", "—" for a signature), "" when the speaker was inferred from context.
    ``confidence`` (0..1) is calibrated on held-out real news (``workbench.detect.confidence``):
    it estimates how often the quotation *and* its speaker are both right, and suggestions at 0.8
    or more were right at least 96 times in 100 there.
    """

    quote: str
    start: int
    end: int
    speaker: str
    cue: str
    confidence: float
