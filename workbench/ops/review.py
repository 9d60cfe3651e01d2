"""Second-person review and the corrections log: the rules editing a claim must follow, and the operations
that record a review or change the project's review setting.

- **Review** (project setting ``require_review``, off by default): a claim can be set to *Published* only
  after someone other than the author of its current verdict approved that verdict. The verdict's author
  and the change that set it come from the history (``verdict_origin``): a later change of the verdict,
  by anyone, needs a new approval; a merge keeps the author of the copy where the verdict was given.
- **Corrections**: once a claim is *Published*, changing its verdict, speaker or quote extent needs a
  correction note; each changed field is kept in ``corrections`` with the note, its author and time.

``check_claim_edit`` and ``record_corrections`` are called by ``ops.claims`` inside its transaction, so the
window and the command line follow the same rules. Refusals name the rule.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from workbench.core.errors import ValidationError
from workbench.ops.base import UNSET, clean_text, operation, require
from workbench.store import Project, Tx

REQUIRE_REVIEW = "require_review"
PUBLISHED = "Published"
# Fields of a published claim whose change must be explained in a correction note.
CORRECTED_FIELDS = ("verdict", "speaker", "extent")
MAX_NOTE_CHARS = 10_000
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


# -- the rules, applied inside ops.claims' transactions ------------------------------------------------


def check_claim_edit(tx: Tx, claim: dict[str, Any], values: dict[str, Any], correction: str) -> str:
    """Refuse an edit of ``claim`` (its stored row) to ``values`` (cleaned fields; ``extent`` for a moved
    quote) that breaks the review or corrections rules; returns the cleaned correction note ("" when none
    was given). Nothing is written here."""
    note = "" if correction is UNSET else clean_text(correction.strip(), "correction note", MAX_NOTE_CHARS)
    changed = [f for f in CORRECTED_FIELDS if f in values and values[f] != claim.get(f, values[f])]
    if claim["status"] == PUBLISHED and changed and not note:
        raise ValidationError(
            f"The claim is published: changing its {' and '.join(changed)} needs a correction note saying what "
            "was corrected and why (--correction TEXT), which readers will see in the corrections log.")
    if correction is not UNSET and not (claim["status"] == PUBLISHED and changed):
        raise ValidationError("A correction note goes with a change of the verdict, speaker or quote of a "
                              "published claim; this change needs none.")
    if values.get("status") == PUBLISHED and claim["status"] != PUBLISHED and review_required(tx.project):
        _check_publishable(tx, claim, values)
    return note


def check_new_claim(tx: Tx, values: dict[str, Any]) -> None:
    """Refuse marking a claim as already Published in a project that requires review."""
    if values.get("status") == PUBLISHED and review_required(tx.project):
        raise ValidationError("This project requires second-person review: a new claim cannot be published "
                              "before a colleague approved its verdict; mark it with another status.")


def _check_publishable(tx: Tx, claim: dict[str, Any], values: dict[str, Any]) -> None:
    rule = "This project requires second-person review: "
    verdict = values.get("verdict", claim["verdict"])
    if not verdict:
        raise ValidationError(rule + "a claim needs a verdict, approved by a colleague, before it is published.")
    if verdict != claim["verdict"]:
        raise ValidationError(rule + f"the new verdict '{verdict}' must be approved by someone other than its "
                              "author before the claim is published; change the verdict first, then ask for review.")
    state = review_state(tx.project, claim["id"])
    if state is None or not state.approved:
        by = f" by {state.verdict_by}" if state and state.verdict_by else ""
        raise ValidationError(rule + f"the verdict '{verdict}'{by} has not been approved by someone other than "
                              "its author, so the claim cannot be published yet (workbench review --approve, or "
                              "Approve in the inspector).")


def record_corrections(tx: Tx, claim: dict[str, Any], values: dict[str, Any], note: str) -> None:
    """Keep one correction per corrected field of a published claim (after its change was written)."""
    if not note:
        return
    for field in CORRECTED_FIELDS:
        if field in values and values[field] != claim.get(field, values[field]):
            tx.insert("corrections", {"claim_id": claim["id"], "field": field, "old": str(claim.get(field, "")),
                                      "new": str(values[field]), "note": note})


# -- operations ----------------------------------------------------------------------------------------


@operation(lambda *, claim_id, approve, note="": "Approve verdict" if approve else "Send back verdict")
def review_claim(tx: Tx, *, claim_id: str, approve: bool, note: str = "") -> str:
    """Approve the claim's current verdict, or send it back to its author (with a note saying why); returns
    the review's id. Approving a verdict you gave yourself is refused. Sending back a claim marked Checked
    returns it to In progress."""
    claim = require(tx, "claims", claim_id)
    note = clean_text((note or "").strip(), "review note", MAX_NOTE_CHARS)
    if not claim["verdict"]:
        raise ValidationError("The claim has no verdict to review yet; a verdict must be given first.")
    origin = verdict_origin(tx.project, claim_id)
    verdict_by = origin.author if origin else ""
    if approve and verdict_by and same_person(verdict_by, tx.project.author):
        raise ValidationError(f"You ({tx.project.author}) gave the verdict '{claim['verdict']}'; second-person "
                              "review needs someone else to approve it.")
    if not approve and not note:
        raise ValidationError("Say why the verdict is sent back (a note for its author).")
    review = tx.insert("reviews", {
        "claim_id": claim_id, "verdict": claim["verdict"], "verdict_by": verdict_by,
        "verdict_rev": origin.rev if origin else "", "decision": APPROVED if approve else SENT_BACK, "note": note,
    })
    if not approve and claim["status"] == "Checked":
        tx.update("claims", claim_id, {"status": "In progress"})
    return review["id"]


@operation("Change project settings")
def update_settings(tx: Tx, *, require_review: bool = UNSET) -> None:
    """Change project settings: ``require_review`` (second-person review before publishing)."""
    if require_review is not UNSET:
        tx.set_meta(REQUIRE_REVIEW, "on" if require_review else "off")


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
