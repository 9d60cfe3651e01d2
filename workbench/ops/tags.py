"""Operations on tags and on tagging claims: create, rename, recolour, merge, delete, attach, detach."""

from __future__ import annotations

from datetime import datetime, timedelta

from workbench.core.errors import NotFoundError, ValidationError
from workbench.ops.base import (
    UNSET,
    backup_if_bulk,
    clean_color,
    clean_fields,
    clean_name,
    clean_unique_name,
    delete_row,
    given,
    operation,
    require,
    row_named,
)
from workbench.store import Project, Tx
from workbench.store.backups import BULK_DELETE_CLAIMS

# New tags take the next of these, so highlights of different tags stay distinguishable by default. Pastels
# (black text stays readable on them in light and dark themes) whose hues keep clear of the verdict scale's
# red → amber → green (a salmon tag read as "False"), and a first one unlike the status colours untagged
# claims get: purple, teal, indigo, orchid, light blue, violet.
PALETTE = ("#ce93d8", "#80cbc4", "#9fa8da", "#eeb0dd", "#81d4fa", "#b39ddb")


def _create_tag(tx: Tx, name: str, color: str | None) -> str:
    name = clean_unique_name(tx, "tags", "name", name, what="tag name", limit=80,
                             taken="A tag named '{name}' already exists.")
    if color is None:
        count = tx.conn.execute("SELECT count(*) FROM tags").fetchone()[0]
        color = PALETTE[count % len(PALETTE)]
    return tx.insert("tags", {"name": name, "color": clean_color(color)})["id"]


@operation("Add tag")
def add_tag(tx: Tx, *, name: str, color: str | None = None) -> str:
    """Create a tag; the colour defaults to the next one of a readable palette."""
    return _create_tag(tx, name, color)


@operation("Edit tag")
def update_tag(tx: Tx, *, tag_id: str, name: str = UNSET, color: str = UNSET) -> str:
    """Rename and/or recolour a tag."""
    require(tx, "tags", tag_id)
    tx.update("tags", tag_id, clean_fields(given(name=name, color=color), {
        "name": lambda v: clean_unique_name(tx, "tags", "name", v, what="tag name", limit=80, row_id=tag_id,
                                            taken="A tag named '{name}' already exists; merge the two tags instead."),
        "color": clean_color,
    }))
    return tag_id


def _backup_before_delete(project: Project, *, tag_id: str) -> None:
    used = project.conn.execute("SELECT count(*) FROM claim_tags WHERE tag_id = ?", (tag_id,)).fetchone()[0]
    backup_if_bulk(project, used, BULK_DELETE_CLAIMS, f"Deleting the tag used by {used} claims")


@operation("Delete tag", before=_backup_before_delete)
def delete_tag(tx: Tx, *, tag_id: str) -> str:
    """Delete a tag and remove it from every claim (the claims themselves stay).

    A tag on several claims is a bulk delete: a backup is made first, and without it nothing is deleted."""
    delete_row(tx, "tags", tag_id)
    return tag_id


@operation("Merge tags")
def merge_tags(tx: Tx, *, source_tag_id: str, target_tag_id: str) -> str:
    """Move every claim of ``source`` to ``target`` and delete ``source``; returns the target's id."""
    if source_tag_id == target_tag_id:
        raise ValidationError("A tag cannot be merged into itself.")
    require(tx, "tags", source_tag_id)
    require(tx, "tags", target_tag_id)
    rows = tx.conn.execute("SELECT id, claim_id FROM claim_tags WHERE tag_id = ?", (source_tag_id,)).fetchall()
    for row_id, claim_id in rows:
        tx.delete("claim_tags", row_id)
        _link(tx, claim_id, target_tag_id)
    tx.delete("tags", source_tag_id)
    return target_tag_id


@operation("Tag claim")
def tag_claim(tx: Tx, *, claim_id: str, name: str, color: str | None = None) -> str:
    """Put a tag (by name; created if new) on a claim; returns the tag's id."""
    return attach_tag(tx, claim_id, name, color)


@operation("Untag claim")
def untag_claim(tx: Tx, *, claim_id: str, tag_id: str) -> str:
    """Take a tag off a claim."""
    return detach_tag(tx, claim_id, tag_id)


def find_tag(tx: Tx, tag: str) -> str:
    """The id of a tag given by its id or its name (case ignored); NotFoundError naming it otherwise."""
    if tx.project.row("tags", tag) is not None:
        return tag
    tag_id = row_named(tx, "tags", "name", " ".join((tag or "").split()))
    if tag_id is None:
        raise NotFoundError(f"There is no tag '{tag}' in this project.")
    return tag_id


def detach_tag(tx: Tx, claim_id: str, tag: str) -> str:
    """Inside an open transaction: take a tag (by id or name) off a claim; NotFoundError when the claim
    does not carry it."""
    tag_id = find_tag(tx, tag)
    row = tx.conn.execute("SELECT id FROM claim_tags WHERE claim_id = ? AND tag_id = ?", (claim_id, tag_id)).fetchone()
    if row is None:
        raise NotFoundError(f"The claim does not carry that tag ('{tag}').")
    tx.delete("claim_tags", row[0])
    return tag_id


def attach_tag(tx: Tx, claim_id: str, name: str, color: str | None = None) -> str:
    """Inside an open transaction: tag a claim by tag name, creating the tag if needed; returns the tag's id."""
    require(tx, "claims", claim_id)
    name = clean_name(name, "tag name", 80)
    tag_id = row_named(tx, "tags", "name", name) or _create_tag(tx, name, color)
    _link(tx, claim_id, tag_id)
    return tag_id


def _link(tx: Tx, claim_id: str, tag_id: str) -> None:
    exists = tx.conn.execute(
        "SELECT 1 FROM claim_tags WHERE claim_id = ? AND tag_id = ?", (claim_id, tag_id)
    ).fetchone()
    if not exists:
        # A claim's tags are shown, and the first colours its highlight, in created_at order: a value undo,
        # redo and merge keep (a restored row gets a new rowid). Tags added in one operation would share
        # the transaction's time, so each gets a later millisecond than the claim's existing tags.
        (last,) = tx.conn.execute(
            "SELECT max(created_at) FROM claim_tags WHERE claim_id = ?", (claim_id,)
        ).fetchone()
        created = tx.now if not last or last < tx.now else _next_millisecond(last)
        tx.insert("claim_tags", {"claim_id": claim_id, "tag_id": tag_id, "created_at": created})


def _next_millisecond(stamp: str) -> str:
    moment = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%fZ") + timedelta(milliseconds=1)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
