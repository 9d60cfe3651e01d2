"""The library of published fact-checks ("checked before?") and claim matching.

- ``FactCheckLibrary`` (``library``): one SQLite file of fact-checks, separate from projects; imports files
  (``import_files``), finds candidates with FTS5 and matches claims (``match``/``search``).
- ``formats``: reading ClaimReview JSON-LD (files or saved web pages), Google Fact Check Tools results and CSV.
- ``matching``: ranking candidates and judging whether two statements are the same claim; near-duplicate
  claims within a project.

Importing this package imports neither SQLite helpers nor the matching libraries: they load when a library
is opened or a claim is matched, so the window starts as fast without it.
"""

from __future__ import annotations

from workbench.factchecks.library import FactCheckLibrary, default_library_path
from workbench.factchecks.model import FactCheck, FileResult, ImportReport, LibraryError, Match, Skipped

__all__ = ["FactCheck", "FactCheckLibrary", "FileResult", "ImportReport", "LibraryError", "Match", "Skipped",
           "default_library_path"]
