"""Reads of second-person review and the corrections log, for the window, the command line and reports:
whether a project requires review, who gave a claim its current verdict (from the history), where that
verdict's review stands, and the corrections of published claims. The rules are ``ops.review``'s."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from workbench.store.project import Project

REQUIRE_REVIEW = "require_review"
APPROVED, SENT_BACK = "approved", "sent back"
# Operations that set a verdict without anyone judging the claim anew: a merge copies the value from the
# other copy (whose own record names the real author), renaming a verdict of the scale relabels it.
_NOT_A_JUDGEMENT = ("Merge ", "Edit verdict")


def review_required(project: Project) -> bool:
    """Whether this project requires a second person's approval before a claim is published."""
    return project.meta(REQUIRE_REVIEW) == "on"


def same_person(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


@dataclass(slots=True)
class VerdictOrigin:
    """Who gave a claim its current verdict, when, and the history revision of that change."""

    author: str
    at: str
    rev: str


@dataclass(slots=True)
class ReviewState:
    """Where a claim's current verdict stands: ``approved_by`` someone else, ``sent_back_by`` with a note, or
    neither (``pending``); ``verdict_by`` gave it."""

    verdict: str
    verdict_by: str
    verdict_at: str
    approved_by: str = ""
    approved_at: str = ""
    sent_back_by: str = ""
    sent_back_note: str = ""

    @property
    def approved(self) -> bool:
        return bool(self.approved_by)

    def to_dict(self) -> dict[str, Any]:
        return {"verdict": self.verdict, "verdict_by": self.verdict_by, "verdict_at": self.verdict_at,
                "approved": self.approved, "approved_by": self.approved_by, "approved_at": self.approved_at,
                "sent_back_by": self.sent_back_by, "sent_back_note": self.sent_back_note}


def verdict_origin(project: Project, claim_id: str) -> VerdictOrigin | None:
    """The change that gave the claim its current verdict (None when it has none, or no record says)."""
    rows = project.conn.execute(
        "SELECT at, author, op, action, rev, data FROM history WHERE row_id = ? AND table_name = 'claims' "
        "AND action IN ('insert', 'update') ORDER BY at DESC, rowid DESC", (claim_id,)).fetchall()
    for at, author, op, action, rev, data in rows:
        if op.startswith(_NOT_A_JUDGEMENT):
            continue
        try:
            values = json.loads(data)
        except ValueError:
            continue
        if not isinstance(values, dict) or "verdict" not in values:
            continue
        if action == "insert" and not values["verdict"]:
            continue
        return VerdictOrigin(author, at, rev)
    return None


def review_state(project: Project, claim_id: str) -> ReviewState | None:
    """The review of the claim's current verdict; None when the claim has no verdict."""
    row = project.row("claims", claim_id)
    if row is None or not row["verdict"]:
        return None
    origin = verdict_origin(project, claim_id)
    state = ReviewState(row["verdict"], origin.author if origin else "", origin.at if origin else "")
    if origin is None:
        return state
    # The newest decision on this very verdict counts: a send-back after an approval withdraws it.
    decision = project.conn.execute(
        "SELECT decision, created_by, created_at, note FROM reviews WHERE claim_id = ? AND verdict_rev = ? "
        "ORDER BY created_at DESC, rowid DESC LIMIT 1", (claim_id, origin.rev)).fetchone()
    if decision is not None:
        if decision[0] == APPROVED and not same_person(decision[1], origin.author):
            state.approved_by, state.approved_at = decision[1], decision[2]
        elif decision[0] == SENT_BACK:
            state.sent_back_by, state.sent_back_note = decision[1], decision[3]
    return state


# -- reads ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Correction:
    """One corrected field of a published claim."""

    id: str
    claim_id: str
    field: str
    old: str
    new: str
    note: str
    at: str
    author: str
    quote: str = ""
    speaker: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "claim_id": self.claim_id, "quote": self.quote, "speaker": self.speaker,
                "field": self.field, "old": self.old, "new": self.new, "note": self.note, "at": self.at,
                "author": self.author}


def list_corrections(project: Project, claim_id: str | None = None) -> list[Correction]:
    """Every correction (or one claim's), oldest first."""
    sql = ("SELECT k.id, k.claim_id, k.field, k.old, k.new, k.note, k.created_at, k.created_by, c.exact, c.speaker "
           "FROM corrections k JOIN claims c ON c.id = k.claim_id")
    params: tuple = ()
    if claim_id is not None:
        sql += " WHERE k.claim_id = ?"
        params = (claim_id,)
    return [Correction(*r) for r in project.conn.execute(sql + " ORDER BY k.created_at, k.rowid", params)]


def list_reviews(project: Project, claim_id: str) -> list[dict[str, Any]]:
    """A claim's reviews, oldest first: verdict, its author, decision, reviewer, note, when."""
    rows = project.conn.execute(
        "SELECT id, verdict, verdict_by, decision, created_by, note, created_at FROM reviews WHERE claim_id = ? "
        "ORDER BY created_at, rowid", (claim_id,)).fetchall()
    return [{"id": r[0], "verdict": r[1], "verdict_by": r[2], "decision": r[3], "reviewer": r[4], "note": r[5],
             "at": r[6]} for r in rows]
