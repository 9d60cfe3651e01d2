"""Operations on the project's verdict scale (editable per project) and on the project's own metadata."""

from __future__ import annotations

from workbench.core.errors import ValidationError
from workbench.ops.base import (
    UNSET,
    clean_color,
    clean_fields,
    clean_name,
    clean_unique_name,
    given,
    operation,
    require,
)
from workbench.store import Tx


@operation("Add verdict")
def add_verdict(tx: Tx, *, label: str, color: str = "#757575", description: str = "") -> str:
    """Add a verdict at the end of the scale."""
    label = _clean_label(tx, label, None)
    position = tx.conn.execute("SELECT coalesce(max(position), -1) + 1 FROM verdict_scale").fetchone()[0]
    return tx.insert("verdict_scale", {"label": label, "position": position, "color": clean_color(color),
                                       "description": description})["id"]


@operation("Edit verdict")
def update_verdict(tx: Tx, *, verdict_id: str, label: str = UNSET, color: str = UNSET,
                   description: str = UNSET) -> str:
    """Rename, recolour or describe a verdict; claims with the old label follow a rename."""
    old = require(tx, "verdict_scale", verdict_id)
    values = clean_fields(given(label=label, color=color, description=description), {
        "label": lambda v: _clean_label(tx, v, verdict_id), "color": clean_color, "description": lambda v: v})
    tx.update("verdict_scale", verdict_id, values)
    if "label" in values and values["label"] != old["label"]:
        for (claim_id,) in tx.conn.execute("SELECT id FROM claims WHERE verdict = ?", (old["label"],)).fetchall():
            tx.update("claims", claim_id, {"verdict": values["label"]})
    return verdict_id


@operation("Delete verdict")
def delete_verdict(tx: Tx, *, verdict_id: str) -> str:
    """Remove a verdict from the scale; refused while claims still carry it."""
    old = require(tx, "verdict_scale", verdict_id)
    used = tx.conn.execute("SELECT count(*) FROM claims WHERE verdict = ?", (old["label"],)).fetchone()[0]
    if used:
        raise ValidationError(f"{used} claim(s) have the verdict '{old['label']}'; give them another verdict first.")
    tx.delete("verdict_scale", verdict_id)
    return verdict_id


@operation("Rename project")
def set_project_title(tx: Tx, *, title: str) -> None:
    """Rename the project (the file name stays)."""
    tx.set_meta("title", clean_name(title, "project title", 200))


def _clean_label(tx: Tx, label: str, verdict_id: str | None) -> str:
    return clean_unique_name(tx, "verdict_scale", "label", label, what="verdict", limit=60, row_id=verdict_id,
                             taken="The scale already has a verdict '{name}'.")
