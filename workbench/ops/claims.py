"""Operations on claims: mark a quote in an article, edit what is known about it, delete it."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Any

from workbench.core.anchor import find_occurrence, make_anchor, trim_quote_span
from workbench.core.errors import ValidationError
from workbench.ops.base import UNSET, clean_fields, clean_text, delete_row, given, operation, require
from workbench.ops.review import check_claim_edit, check_new_claim, record_corrections
from workbench.ops.tags import attach_tag, detach_tag
from workbench.store import Tx
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


def _clean_claim_fields(tx: Tx, values: dict[str, Any]) -> dict[str, Any]:
    return clean_fields(values, {
        "speaker": lambda v: " ".join(v.split()),
        "status": _clean_status,
        "verdict": lambda v: _clean_verdict(tx, v),
        "note": lambda v: clean_text(v, "note", MAX_NOTE_CHARS),
        "private_note": lambda v: clean_text(v, "private note", MAX_NOTE_CHARS),
    })


@operation("Mark claim")
def add_claim(tx: Tx, *, article_id: str, start: int | None = None, end: int | None = None, quote: str | None = None,
              occurrence: int = 1, speaker: str = "", tags: Iterable[str] = (), status: str = "To check",
              verdict: str = "", note: str = "", private_note: str = "") -> str:
    """Mark a claim (returns its id): either the span ``start``..``end`` of the article text, or the
    ``occurrence``-th appearance of ``quote``. A selected span is narrowed to the quote's own words
    (whitespace, quotation marks and the reporter's trailing comma or full stop left out); a quote given
    as text is kept as given. Tags are names; missing tags are created."""
    text: str = require(tx, "articles", article_id)["text"]
    if quote is not None:
        start, end = find_quote(text, quote, occurrence)
    if start is None or end is None:
        raise ValidationError("Give either a quote or a start and end position.")
    return insert_claim(tx, article_id, text, start, end, trim=quote is None, speaker=speaker, tags=tags,
                        status=status, verdict=verdict, note=note, private_note=private_note)


def insert_claim(tx: Tx, article_id: str, text: str, start: int, end: int, *, trim: bool = True,
                 speaker: str = "", tags: Iterable[str] = (), status: str = "To check", verdict: str = "",
                 note: str = "", private_note: str = "") -> str:
    """The claim row for ``start``..``end`` of an article whose ``text`` the caller has read (once for
    thousands of claims when suggestions are accepted in bulk); returns its id."""
    start, end = _quote_words(text, start, end, trim=trim)
    anchor = make_anchor(text, start, end)
    values = _clean_claim_fields(tx, {"speaker": speaker, "status": status, "verdict": verdict, "note": note,
                                      "private_note": private_note})
    check_new_claim(tx, values)
    claim = tx.insert("claims", {
        "article_id": article_id, "start": anchor.start, "end": anchor.end, "exact": anchor.exact,
        "prefix": anchor.prefix, "suffix": anchor.suffix, **values,
    })
    for name in tags:
        attach_tag(tx, claim["id"], name)
    return claim["id"]


def _quote_words(text: str, start: int, end: int, *, trim: bool) -> tuple[int, int]:
    if not 0 <= start <= end <= len(text):
        raise ValidationError(f"The span {start}..{end} lies outside the article ({len(text)} characters).")
    if trim:
        start, end = trim_quote_span(text, start, end)
    else:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
    if start == end:
        raise ValidationError("The quote is empty; select the words that were said.")
    return start, end


@operation("Adjust claim extent")
def adjust_claim_extent(tx: Tx, *, claim_id: str, start: int, end: int, correction: str = UNSET) -> str:
    """Move a claim's start and end to another span of its article (a word more, a word less); the span is
    taken as selected, only surrounding whitespace is left out. A published claim's quote changes only
    with a ``correction`` note (kept in the corrections log)."""
    claim = require(tx, "claims", claim_id)
    text: str = require(tx, "articles", claim["article_id"])["text"]
    start, end = _quote_words(text, start, end, trim=False)
    anchor = make_anchor(text, start, end)
    before = {**claim, "extent": claim["exact"]}
    note = check_claim_edit(tx, before, {"extent": anchor.exact}, correction)
    tx.update("claims", claim_id, {"start": anchor.start, "end": anchor.end, "exact": anchor.exact,
                                   "prefix": anchor.prefix, "suffix": anchor.suffix})
    record_corrections(tx, before, {"extent": anchor.exact}, note)
    return claim_id


def find_quote(text: str, quote: str, occurrence: int) -> tuple[int, int]:
    """The span of the ``occurrence``-th appearance of ``quote`` in ``text``; ValidationError saying why not."""
    if not quote.strip():
        raise ValidationError("The quote is empty; select or type the words that were said.")
    if occurrence < 1:
        raise ValidationError("The occurrence number counts from 1.")
    pos = find_occurrence(text, quote, occurrence)
    if pos is None:
        # The same words in the other Unicode form (é as one character or as e + a combining accent, as
        # some keyboards and PDF copies give): search finds them, so marking them must work too.
        for form in ("NFC", "NFD"):
            other = unicodedata.normalize(form, quote)
            if other != quote and (pos := find_occurrence(text, other, occurrence)) is not None:
                return pos, pos + len(other)
        count = text.count(quote)
        if count:
            raise ValidationError(f"The quote occurs only {count} time(s) in the article, not {occurrence}.")
        raise ValidationError("The quote does not occur in the article text; copy it exactly "
                              "as written (same quotation marks, dashes and spaces).")
    return pos, pos + len(quote)


@operation("Edit claim")
def update_claim(tx: Tx, *, claim_id: str, speaker: str = UNSET, status: str = UNSET, verdict: str = UNSET,
                 note: str = UNSET, private_note: str = UNSET, add_tags: Iterable[str] = (),
                 remove_tags: Iterable[str] = (), correction: str = UNSET) -> str:
    """Change what is known about a claim; its quote and position stay as marked. ``add_tags`` are tag
    names (created if new), ``remove_tags`` names or ids of tags the claim carries; all in one step, so a
    refused value leaves the claim as it was. The review rules apply (``ops.review``): publishing may need
    an approval, and a published claim's verdict or speaker changes only with a ``correction`` note."""
    claim = require(tx, "claims", claim_id)
    values = _clean_claim_fields(tx, given(
        speaker=speaker, status=status, verdict=verdict, note=note, private_note=private_note))
    correction_note = check_claim_edit(tx, claim, values, correction)
    tx.update("claims", claim_id, values)
    record_corrections(tx, claim, values, correction_note)
    for name in add_tags:
        attach_tag(tx, claim_id, name)
    for tag in remove_tags:
        detach_tag(tx, claim_id, tag)
    return claim_id


@operation("Delete claim")
def delete_claim(tx: Tx, *, claim_id: str) -> str:
    """Delete a claim with its tag assignments and source links (all undoable together)."""
    delete_row(tx, "claims", claim_id)
    return claim_id
