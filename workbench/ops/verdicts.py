"""Operations on the project's verdict scale (editable per project) and on the project's own metadata."""

from __future__ import annotations

from workbench.core.errors import NotFoundError, ValidationError
from workbench.ops._common import UNSET, clean_color, clean_name, given
from workbench.store import Changes, Project, Tx


def add_verdict(project: Project, *, label: str, color: str = "#757575", description: str = "") -> Changes:
    """Add a verdict at the end of the scale."""
    with project.transaction("Add verdict") as tx:
        label = clean_name(label, "verdict", 60)
        if _by_label(tx, label):
            raise ValidationError(f"The scale already has a verdict '{label}'.")
        position = tx.conn.execute("SELECT coalesce(max(position), -1) + 1 FROM verdict_scale").fetchone()[0]
        tx.insert("verdict_scale", {"label": label, "position": position, "color": clean_color(color),
                                    "description": description})
    return tx.changes


def update_verdict(
    project: Project, *, verdict_id: str, label: str = UNSET, color: str = UNSET, description: str = UNSET
) -> Changes:
    """Rename, recolour or describe a verdict; claims with the old label follow a rename."""
    values = given(label=label, color=color, description=description)
    with project.transaction("Edit verdict") as tx:
        old = tx.project.row("verdict_scale", verdict_id)
        if old is None:
            raise NotFoundError(f"There is no verdict with id {verdict_id}.")
        if "label" in values:
            values["label"] = clean_name(values["label"], "verdict", 60)
            other = _by_label(tx, values["label"])
            if other and other != verdict_id:
                raise ValidationError(f"The scale already has a verdict '{values['label']}'.")
        if "color" in values:
            values["color"] = clean_color(values["color"])
        tx.update("verdict_scale", verdict_id, values)
        if "label" in values and values["label"] != old["label"]:
            for (claim_id,) in tx.conn.execute(
                "SELECT id FROM claims WHERE verdict = ?", (old["label"],)
            ).fetchall():
                tx.update("claims", claim_id, {"verdict": values["label"]})
    return tx.changes


def delete_verdict(project: Project, *, verdict_id: str) -> Changes:
    """Remove a verdict from the scale; refused while claims still carry it."""
    with project.transaction("Delete verdict") as tx:
        old = tx.project.row("verdict_scale", verdict_id)
        if old is None:
            raise NotFoundError(f"There is no verdict with id {verdict_id}.")
        used = tx.conn.execute("SELECT count(*) FROM claims WHERE verdict = ?", (old["label"],)).fetchone()[0]
        if used:
            raise ValidationError(
                f"{used} claim(s) have the verdict '{old['label']}'; give them another verdict first."
            )
        tx.delete("verdict_scale", verdict_id)
    return tx.changes


def set_project_title(project: Project, *, title: str) -> Changes:
    """Rename the project (the file name stays)."""
    title = clean_name(title, "project title", 200)
    with project.transaction("Rename project") as tx:
        tx.set_meta("title", title)
    return tx.changes


def _by_label(tx: Tx, label: str) -> str | None:
    row = tx.conn.execute("SELECT id FROM verdict_scale WHERE label = ? COLLATE NOCASE", (label,)).fetchone()
    return row[0] if row else None
