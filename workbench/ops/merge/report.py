"""What a merge reports: every conflict with both values and what was kept, and counts by table. The
report is also the merge's Changes record."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.ops.merge.tables import TABLE_NAMES
from workbench.store import Changes
from workbench.store.schema import row_name

EDITED_BOTH = "edited on both sides"
EDITED_HERE_DELETED_THERE = "edited here, deleted in the other project"
DELETED_HERE_EDITED_THERE = "deleted here, edited in the other project"
STILL_USED = "deleted on one side, still used on the other"
COMBINED = "same name: combined into one"
NOT_ON_SCALE = "verdict not on the scale"


@dataclass(frozen=True, slots=True)
class Conflict:
    """One place where the two projects disagreed, and what the merge kept."""

    table: str
    row_id: str
    field: str
    kept: Any
    other: Any
    kind: str
    label: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"table": self.table, "row_id": self.row_id, "label": self.label, "field": self.field,
                "kept": self.kept, "other": self.other, "kind": self.kind}


@dataclass(slots=True)
class MergeReport(Changes):
    """What a merge did. It is also the operation's Changes record, so the window can undo it."""

    other_path: str = ""
    backup_path: str = ""
    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    matched: dict[str, int] = field(default_factory=dict)
    history_added: int = 0
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def changed_anything(self) -> bool:
        """True when some row changed. (History records copied over alone change nothing anyone sees.)"""
        return bool(self.images)

    def totals(self) -> dict[str, int]:
        return {"added": sum(self.added.values()), "updated": sum(self.updated.values()),
                "deleted": sum(self.deleted.values()), "conflicts": len(self.conflicts)}

    def to_dict(self) -> dict[str, Any]:
        return {
            "other": self.other_path,
            "backup": self.backup_path or None,
            **self.totals(),
            "by_table": {"added": self.added, "updated": self.updated, "deleted": self.deleted,
                         "matched_by_content": self.matched},
            "history_added": self.history_added,
            "conflict_details": [c.to_dict() for c in self.conflicts],
        }

    def text(self) -> str:
        """The report for a person: counts, then every conflict with both values."""
        name = Path(self.other_path).name
        if not self.changed_anything:
            return f"Nothing to merge: everything in {name} is already in this project."
        t = self.totals()
        lines = [f"Merged {name}: {t['added']} added, {t['updated']} updated, {t['deleted']} deleted, "
                 f"{t['conflicts']} conflict(s)."]
        for title, counts in (("Added", self.added), ("Updated", self.updated), ("Deleted", self.deleted)):
            if counts:
                lines.append(f"{title}: " + ", ".join(f"{n} {TABLE_NAMES.get(k, k)}" for k, n in counts.items()))
        if self.backup_path:
            lines.append(f"The project as it was before is kept as a backup ({Path(self.backup_path).name}): "
                         "File → Restore from backup… (or `workbench restore`) goes back to it.")
        for c in self.conflicts:
            what = f"{row_name(c.table)} {c.label or c.row_id}"
            detail = f" {c.field}: kept {_short(c.kept)}, other {_short(c.other)}" if c.field else ""
            lines.append(f"  - {what} ({c.kind}){detail}")
        return "\n".join(lines)


def _short(value: Any, limit: int = 60) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…\""
