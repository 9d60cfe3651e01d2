"""The plain records of the fact-check library: one published fact-check, what an import did, and a match.

No I/O here, so the file readers, the library and the matcher can share them, and the window and the
command line can show them without importing SQLite or the matching code.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from workbench.core.errors import WorkbenchError

# A review without a web address (the project's own ClaimReview export has none yet: the review is not
# published when it is exported) is keyed by this prefix plus its identifier, so re-importing still updates.
LOCAL_KEY_PREFIX = "urn:fact-check-workbench:claim:"


class LibraryError(WorkbenchError):
    """A fact-check library file cannot be opened or written (foreign, newer, damaged, read-only)."""


@dataclass(slots=True)
class FactCheck:
    """One published fact-check of one claim: what was claimed, by whom, and the verdict.

    ``url`` is the review's address and the library's key: importing a review with the same url again
    updates it. Dates are ISO ``YYYY-MM-DD`` when the source gave a readable date, else its text.
    """

    url: str
    claim: str
    claimant: str = ""
    claim_date: str = ""
    rating: str = ""
    rating_value: float | None = None
    publisher: str = ""
    publisher_site: str = ""
    date: str = ""  # when the fact-check was published
    title: str = ""
    language: str = ""
    appearance: str = ""  # where the claim was seen (first address given)
    extra: dict[str, str] = field(default_factory=dict)  # other CSV columns, kept as they were
    source: str = ""  # the file it was last imported from

    @property
    def link(self) -> str:
        """The review's web address, or "" for a review that was never published (a local key)."""
        return self.url if self.url.startswith(("http://", "https://")) else ""


@dataclass(frozen=True, slots=True)
class Skipped:
    """A record that was not imported, and why (``where``: "record 12", "line 40", "claims[3].claimReview[1]")."""

    file: str
    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}, {self.where}: {self.reason}"


@dataclass(slots=True)
class FileResult:
    """What one file gave: its kind and counts, or the reason it could not be read at all."""

    file: str
    kind: str = ""  # "ClaimReview JSON-LD", "Google Fact Check Tools", "CSV", "web page (ClaimReview)"
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    error: str = ""


@dataclass(slots=True)
class ImportReport:
    """Counts of one import: new fact-checks, changed ones, ones already there as they were, skipped
    records with their reasons, and files that could not be read. A cancelled import changed nothing."""

    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    files: list[FileResult] = field(default_factory=list)
    cancelled: bool = False
    refused: bool = False  # an all-or-nothing import with an unreadable file: nothing was written

    @property
    def failed_files(self) -> list[FileResult]:
        return [f for f in self.files if f.error]

    def summary(self) -> str:
        """One line for a status bar or a dialog: "1,204 imported, 3 updated, 2 skipped"."""
        if self.cancelled:
            return "Import cancelled: the library was not changed."
        if self.refused:
            n = len(self.failed_files)
            return (f"Nothing was imported: {n} file{'s' if n != 1 else ''} could not be read. "
                    "The library was not changed.")
        parts = [f"{self.imported:,} imported", f"{self.updated:,} updated"]
        if self.unchanged:
            parts.append(f"{self.unchanged:,} already in the library")
        parts.append(f"{len(self.skipped):,} skipped")
        if self.failed_files:
            n = len(self.failed_files)
            parts.append(f"{n} file{'s' if n != 1 else ''} not read")
        return ", ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "imported": self.imported,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": len(self.skipped),
            "skipped_records": [asdict(s) for s in self.skipped],
            "files": [asdict(f) for f in self.files],
            "cancelled": self.cancelled,
            "refused": self.refused,
        }


@dataclass(slots=True)
class Match:
    """A fact-check found for a claim: how close it is (``score``, 0..1) and whether it checks the same
    claim (``same_claim``). ``reasons`` says in words why it is or is not the same claim."""

    factcheck: FactCheck
    score: float
    same_claim: bool
    reasons: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        f = self.factcheck
        return {
            "claim": f.claim,
            "claimant": f.claimant,
            "rating": f.rating,
            "publisher": f.publisher,
            "url": f.link,
            "date": f.date,
            "score": round(self.score, 4),
            "same_claim": self.same_claim,
            # Beyond the fixed shape:
            "key": f.url,
            "claim_date": f.claim_date,
            "title": f.title,
            "language": f.language,
            "publisher_site": f.publisher_site,
            "reasons": list(self.reasons),
        }
