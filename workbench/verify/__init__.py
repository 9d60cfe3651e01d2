"""Quote against primary source: is the quote verbatim, spliced, altered or not found in the source, where,
said by whom, with the word diff; and where else in a project the same quote appears (trace).

Pure: no Qt, no SQL, no file reading. The caller turns a source file into a ``SourceText`` (the importers
give the text: ``importers.transcripts`` for transcripts, page by page for PDFs) and keeps it.
"""

from __future__ import annotations

from workbench.verify.match import Alignment, classify, locate, verify_quote
from workbench.verify.result import (
    ALTERED,
    NOT_FOUND,
    SPLICED,
    STATUSES,
    VERBATIM,
    Omission,
    Piece,
    Verification,
    best_result,
)
from workbench.verify.source import Passage, SourceText, format_time
from workbench.verify.speakers import same_speaker
from workbench.verify.trace import TraceHit, trace_quote

__all__ = [
    "ALTERED",
    "NOT_FOUND",
    "SPLICED",
    "STATUSES",
    "VERBATIM",
    "Alignment",
    "Omission",
    "Passage",
    "Piece",
    "SourceText",
    "TraceHit",
    "Verification",
    "best_result",
    "classify",
    "format_time",
    "locate",
    "same_speaker",
    "trace_quote",
    "verify_quote",
]
