"""Operations on tags and on tagging claims: create, rename, recolour, merge, delete, attach, detach."""

from __future__ import annotations

from datetime import datetime, timedelta

from workbench.core.errors import NotFoundError, ValidationError
from workbench.ops._common import UNSET, clean_color, clean_name, given
from workbench.store import Changes, Project, Tx
from workbench.store.backups import BULK_DELETE_CLAIMS, backup_before

# New tags take the next of these, so highlights of different tags stay distinguishable by default.
PALETTE = ("#ffd54f", "#81d4fa", "#a5d6a7", "#f48fb1", "#ce93d8", "#ffab91", "#80cbc4", "#e6ee9c")


def _tag_by_name(tx: Tx, name: str) -> str | None:
    row = tx.conn.execute("SELECT id FROM tags WHERE name = ? COLLATE NOCASE", (name,)).fetchone()
    return row[0] if row else None


def _create_tag(tx: Tx, name: str, color: str | None) -> str:
    name = clean_name(name, "tag name", 80)
    if _tag_by_name(tx, name):
        raise ValidationError(f"A tag named '{name}' already exists.")
    if color is None:
        count = tx.conn.execute("SELECT count(*) FROM tags").fetchone()[0]
        color = PALETTE[count % len(PALETTE)]
    return tx.insert("tags", {"name": name, "color": clean_color(color)})["id"]


def add_tag(project: Project, *, name: str, color: str | None = None) -> Changes:
    """Create a tag; the colour defaults to the next one of a readable palette."""
    with project.transaction("Add tag") as tx:
        _create_tag(tx, name, color)
    return tx.changes


def update_tag(project: Project, *, tag_id: str, name: str = UNSET, color: str = UNSET) -> Changes:
    """Rename and/or recolour a tag."""
    values = given(name=name, color=color)
    with project.transaction("Edit tag") as tx:
        _require_tag(tx, tag_id)
        if "name" in values:
            values["name"] = clean_name(values["name"], "tag name", 80)
            other = _tag_by_name(tx, values["name"])
            if other and other != tag_id:
                raise ValidationError(
                    f"A tag named '{values['name']}' already exists; merge the two tags instead."
                )
        if "color" in values:
            values["color"] = clean_color(values["color"])
        tx.update("tags", tag_id, values)
    return tx.changes


def delete_tag(project: Project, *, tag_id: str) -> Changes:
    """Delete a tag and remove it from every claim (the claims themselves stay).

    A tag on several claims is a bulk delete: a backup is made first, and without it nothing is deleted."""
    used = project.conn.execute("SELECT count(*) FROM claim_tags WHERE tag_id = ?", (tag_id,)).fetchone()[0]
    if used >= BULK_DELETE_CLAIMS and not project.read_only:
        backup_before(project, "bulk-delete", f"Deleting the tag used by {used} claims")
    with project.transaction("Delete tag") as tx:
        _require_tag(tx, tag_id)
        for (row_id,) in tx.conn.execute("SELECT id FROM claim_tags WHERE tag_id = ?", (tag_id,)).fetchall():
            tx.delete("claim_tags", row_id)
        tx.delete("tags", tag_id)
    return tx.changes


def merge_tags(project: Project, *, source_tag_id: str, target_tag_id: str) -> Changes:
    """Move every claim of ``source`` to ``target`` and delete ``source``."""
    if source_tag_id == target_tag_id:
        raise ValidationError("A tag cannot be merged into itself.")
    with project.transaction("Merge tags") as tx:
        _require_tag(tx, source_tag_id)
        _require_tag(tx, target_tag_id)
        rows = tx.conn.execute(
            "SELECT id, claim_id FROM claim_tags WHERE tag_id = ?", (source_tag_id,)
        ).fetchall()
        for row_id, claim_id in rows:
            tx.delete("claim_tags", row_id)
            _link(tx, claim_id, target_tag_id)
        tx.delete("tags", source_tag_id)
    return tx.changes


def tag_claim(project: Project, *, claim_id: str, name: str, color: str | None = None) -> Changes:
    """Put a tag (by name; created if new) on a claim."""
    with project.transaction("Tag claim") as tx:
        attach_tag(tx, claim_id, name, color)
    return tx.changes


def untag_claim(project: Project, *, claim_id: str, tag_id: str) -> Changes:
    """Take a tag off a claim."""
    with project.transaction("Untag claim") as tx:
        row = tx.conn.execute(
            "SELECT id FROM claim_tags WHERE claim_id = ? AND tag_id = ?", (claim_id, tag_id)
        ).fetchone()
        if row is None:
            raise NotFoundError("That claim does not carry that tag.")
        tx.delete("claim_tags", row[0])
    return tx.changes


def attach_tag(tx: Tx, claim_id: str, name: str, color: str | None = None) -> None:
    """Inside an open transaction: tag a claim by tag name, creating the tag if needed."""
    if tx.conn.execute("SELECT 1 FROM claims WHERE id = ?", (claim_id,)).fetchone() is None:
        raise NotFoundError(f"There is no claim with id {claim_id} in this project.")
    name = clean_name(name, "tag name", 80)
    tag_id = _tag_by_name(tx, name) or _create_tag(tx, name, color)
    _link(tx, claim_id, tag_id)


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


def _require_tag(tx: Tx, tag_id: str) -> None:
    if tx.conn.execute("SELECT 1 FROM tags WHERE id = ?", (tag_id,)).fetchone() is None:
        raise NotFoundError(f"There is no tag with id {tag_id} in this project.")
