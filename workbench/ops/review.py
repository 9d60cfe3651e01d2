"""Second-person review and the corrections log: the rules editing a claim must follow, and the operations
that record a review or change the project's review setting.

- **Review** (project setting ``require_review``, off by default): a claim can be set to *Published* only
  after someone other than the author of its current verdict approved that verdict. The verdict's author
  and the change that set it come from the history (``verdict_origin``): a later change of the verdict,
  by anyone, needs a new approval; a merge keeps the author of the copy where the verdict was given.
- **Corrections**: once a claim is *Published*, changing its verdict, speaker or quote extent needs a
  correction note; each changed field is kept in ``corrections`` with the note, its author and time.

The reads (review state, corrections) are ``store.queries_review``'s. ``check_claim_edit`` and
``record_corrections`` are called by ``ops.claims`` inside its transaction, so the window and the command
line follow the same rules. Refusals name the rule.
"""

from __future__ import annotations

from typing import Any

from workbench.core.errors import ValidationError
from workbench.ops.base import UNSET, clean_text, operation, require
from workbench.store import Tx
from workbench.store.queries_review import (
    APPROVED,
    REQUIRE_REVIEW,
    SENT_BACK,
    review_required,
    review_state,
    same_person,
    verdict_origin,
)

PUBLISHED = "Published"
# Fields of a published claim whose change must be explained in a correction note.
CORRECTED_FIELDS = ("verdict", "speaker", "extent")
MAX_NOTE_CHARS = 10_000


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
