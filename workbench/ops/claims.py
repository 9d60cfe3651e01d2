"""Operations on claims: mark a quote in an article, edit what is known about it, delete it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from workbench.core.anchor import find_occurrence, make_anchor
from workbench.core.errors import NotFoundError, ValidationError
from workbench.ops._common import UNSET, given
from workbench.ops.articles import delete_claim_rows
from workbench.ops.tags import attach_tag
from workbench.store import Changes, Project, Tx
from workbench.store.schema import STATUSES

MAX_NOTE_CHARS = 100_000


def _clean_status(status: str) -> str:
    for s in STATUSES:
        if s.lower() == (status or "").strip().lower():
            return s
    raise ValidationError(f"'{status}' is not a claim status; choose one of: {', '.join(STATUSES)}.")


def _clean_verdict(tx: Tx, verdict: str) -> str:
    verdict = (verdict or "").strip()
    if not verdict:
        return ""
    row = tx.conn.execute("SELECT label FROM verdict_scale WHERE label = ? COLLATE NOCASE", (verdict,)).fetchone()
    if row is None:
        labels = [r[0] for r in tx.conn.execute("SELECT label FROM verdict_scale ORDER BY position")]
        raise ValidationError(f"'{verdict}' is not on this project's verdict scale ({', '.join(labels)}).")
    return row[0]


def _clean_note(note: str, what: str) -> str:
    if len(note) > MAX_NOTE_CHARS:
        raise ValidationError(f"The {what} is too long ({len(note):,} characters; at most {MAX_NOTE_CHARS:,}).")
    return note


def add_claim(
    project: Project,
    *,
    article_id: str,
    start: int | None = None,
    end: int | None = None,
    quote: str | None = None,
    occurrence: int = 1,
    speaker: str = "",
    tags: Iterable[str] = (),
    status: str = "To check",
    verdict: str = "",
    note: str = "",
    private_note: str = "",
) -> Changes:
    """Mark a claim: either the span ``start``..``end`` of the article text, or the ``occurrence``-th
    appearance of ``quote``. Surrounding whitespace is trimmed from the span. Tags are names; missing
    tags are created."""
    with project.transaction("Mark claim") as tx:
        add_claim_in_tx(tx, article_id=article_id, start=start, end=end, quote=quote, occurrence=occurrence,
                        speaker=speaker, tags=tags, status=status, verdict=verdict, note=note,
                        private_note=private_note)
    return tx.changes


def add_claim_in_tx(
    tx: Tx,
    *,
    article_id: str,
    start: int | None = None,
    end: int | None = None,
    quote: str | None = None,
    occurrence: int = 1,
    speaker: str = "",
    tags: Iterable[str] = (),
    status: str = "To check",
    verdict: str = "",
    note: str = "",
    private_note: str = "",
) -> str:
    """``add_claim`` inside an open transaction (for operations that mark several claims at once);
    returns the new claim's id."""
    row = tx.conn.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"There is no article with id {article_id} in this project.")
    text: str = row[0]
    if quote is not None:
        if not quote.strip():
            raise ValidationError("The quote is empty; select or type the words that were said.")
        if occurrence < 1:
            raise ValidationError("The occurrence number counts from 1.")
        pos = find_occurrence(text, quote, occurrence)
        if pos is None:
            count = text.count(quote)
            if count:
                raise ValidationError(f"The quote occurs only {count} time(s) in the article, "
                                      f"not {occurrence}.")
            raise ValidationError("The quote does not occur in the article text; copy it exactly "
                                  "as written (same quotation marks, dashes and spaces).")
        start, end = pos, pos + len(quote)
    if start is None or end is None:
        raise ValidationError("Give either a quote or a start and end position.")
    if not 0 <= start <= end <= len(text):
        raise ValidationError(f"The span {start}..{end} lies outside the article ({len(text)} characters).")
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise ValidationError("The quote is empty; select the words that were said.")
    anchor = make_anchor(text, start, end)
    claim = tx.insert(
        "claims",
        {
            "article_id": article_id,
            "start": anchor.start,
            "end": anchor.end,
            "exact": anchor.exact,
            "prefix": anchor.prefix,
            "suffix": anchor.suffix,
            "speaker": " ".join(speaker.split()),
            "status": _clean_status(status),
            "verdict": _clean_verdict(tx, verdict),
            "note": _clean_note(note, "note"),
            "private_note": _clean_note(private_note, "private note"),
        },
    )
    for name in tags:
        attach_tag(tx, claim["id"], name)
    return claim["id"]


def update_claim(
    project: Project,
    *,
    claim_id: str,
    speaker: str = UNSET,
    status: str = UNSET,
    verdict: str = UNSET,
    note: str = UNSET,
    private_note: str = UNSET,
) -> Changes:
    """Change what is known about a claim; its quote and position stay as marked."""
    values: dict[str, Any] = given(speaker=speaker, status=status, verdict=verdict, note=note,
                                   private_note=private_note)
    with project.transaction("Edit claim") as tx:
        require_claim(tx, claim_id)
        if "speaker" in values:
            values["speaker"] = " ".join(values["speaker"].split())
        if "status" in values:
            values["status"] = _clean_status(values["status"])
        if "verdict" in values:
            values["verdict"] = _clean_verdict(tx, values["verdict"])
        for key in ("note", "private_note"):
            if key in values:
                values[key] = _clean_note(values[key], key.replace("_", " "))
        tx.update("claims", claim_id, values)
    return tx.changes


def delete_claim(project: Project, *, claim_id: str) -> Changes:
    """Delete a claim with its tag assignments and source links (all undoable together)."""
    with project.transaction("Delete claim") as tx:
        require_claim(tx, claim_id)
        delete_claim_rows(tx, claim_id)
    return tx.changes


def require_claim(tx: Tx, claim_id: str) -> None:
    if tx.conn.execute("SELECT 1 FROM claims WHERE id = ?", (claim_id,)).fetchone() is None:
        raise NotFoundError(f"There is no claim with id {claim_id} in this project.")
