"""Reads of the change history for people: who changed what, when, old → new, one entry per changed field,
oldest first; for the whole project or one claim (with its tags, source links, reviews and corrections).

The store writes a ``history`` record for every row an operation writes (``store.history``); a merge copies
the other file's records and adds ``merge`` records naming the copy merged (``ops.merge``). Here those
records become ``HistoryEntry`` rows, and each change that came in with a merge says from which copy: the
revisions reachable from a merge record's other parent, and not from this file's own, were made there.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from workbench.store.project import Project

# Columns every row carries that say nothing a journalist changed.
_STAMPS = frozenset({"id", "seq", "rev", "created_at", "created_by", "updated_at", "updated_by"})
# Tables whose rows belong to one claim (their ``claim_id``), shown in that claim's history.
CLAIM_CHILDREN = ("claim_tags", "claim_sources", "reviews", "corrections")
# What a journalist calls a row of each table.
KINDS = {
    "claims": "claim", "articles": "article", "sources": "source", "tags": "tag", "claim_tags": "tag on claim",
    "claim_sources": "source link", "source_files": "attached file", "verdict_scale": "verdict",
    "dismissals": "dismissed suggestion", "meta": "project setting", "reviews": "review",
    "corrections": "correction",
}


@dataclass(slots=True)
class HistoryEntry:
    """One change to one field (an update), or a row made, deleted or merged (``field`` empty)."""

    at: str
    author: str
    field: str
    old: Any
    new: Any
    action: str  # insert, update, delete, merge
    table: str
    row_id: str
    op: str  # the operation as the undo menu names it ("Edit claim")
    what: str = ""  # the row as a journalist recognises it: “quote”, a tag's name
    claim_id: str = ""  # the claim the row belongs to (claims and their tags, links, reviews, corrections)
    merged_from: str = ""  # the copy this change was made in, when a merge brought it here
    conflicts: dict[str, Any] = field(default_factory=dict)  # a merge: values that lost, by column

    def to_dict(self) -> dict[str, Any]:
        return {"at": self.at, "author": self.author, "field": self.field, "old": self.old, "new": self.new,
                "action": self.action, "table": self.table, "row_id": self.row_id, "op": self.op,
                "what": self.what, "claim_id": self.claim_id, "merged_from": self.merged_from,
                **({"conflicts": self.conflicts} if self.conflicts else {})}


@dataclass(slots=True)
class _Record:
    id: str
    at: str
    author: str
    op: str
    table: str
    row_id: str
    action: str
    rev: str
    parent: str
    data: dict[str, Any]


def history(project: Project, *, claim_id: str | None = None) -> list[HistoryEntry]:
    """The project's changes (or one claim's, with its tags, links, reviews and corrections), oldest first."""
    records = _records(project, claim_id)
    origins = _origins(records)
    names = _Names(project, records)
    entries: list[HistoryEntry] = []
    for r in records:
        origin = origins.get(r.id, "")
        owner = r.row_id if r.table == "claims" else str(names.row_data(r.table, r.row_id).get("claim_id") or "")
        base = {"at": r.at, "author": r.author, "action": r.action, "table": r.table, "row_id": r.row_id,
                "op": r.op, "what": names.label(r.table, r.row_id), "claim_id": owner, "merged_from": origin}
        if r.action == "update":
            for column, change in r.data.items():
                if column in _STAMPS or not isinstance(change, list) or len(change) != 2:
                    continue
                entries.append(HistoryEntry(field=column, old=change[0], new=change[1], **base))
        elif r.action == "insert":
            entries.append(HistoryEntry(field="", old=None, new=base["what"], **base))
        elif r.action == "delete":
            entries.append(HistoryEntry(field="", old=base["what"], new=None, **base))
        else:  # merge
            base["merged_from"] = _copy_name(r)
            conflicts = r.data.get("conflicts") if isinstance(r.data.get("conflicts"), dict) else {}
            entries.append(HistoryEntry(field="", old=None, new=None, conflicts=conflicts, **base))
    return entries


def last_change(project: Project, claim_id: str) -> HistoryEntry | None:
    """The newest change of a claim or of what belongs to it (a tag, a link, a review), or None."""
    entries = history(project, claim_id=claim_id)
    return entries[-1] if entries else None


def _records(project: Project, claim_id: str | None) -> list[_Record]:
    cols = "id, at, author, op, table_name, row_id, action, rev, parent_rev, data, rowid"
    if claim_id is None:
        rows = project.conn.execute(f"SELECT {cols} FROM history ORDER BY at, rowid").fetchall()
    else:
        # A claim's own rows, and rows of its children: those whose insert or delete names it.
        children = [table for table in CLAIM_CHILDREN if _has_table(project, table)]
        marks = ", ".join("?" for _ in children)
        owned = [r[0] for r in project.conn.execute(
            f"SELECT DISTINCT row_id FROM history WHERE table_name IN ({marks}) AND action IN ('insert', 'delete') "
            "AND json_valid(data) AND json_extract(data, '$.claim_id') = ?", (*children, claim_id))]
        ids = [claim_id, *owned]
        rows = []
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows += project.conn.execute(
                f"SELECT {cols} FROM history WHERE row_id IN ({', '.join('?' for _ in chunk)})", chunk).fetchall()
        rows.sort(key=lambda r: (r[1], r[10]))  # one operation's records share a time: then as written
    out = []
    for r in rows:
        try:
            data = json.loads(r[9]) if r[9] else {}
        except ValueError:
            data = {}
        out.append(_Record(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8] or "",
                           data if isinstance(data, dict) else {}))
    return out


def _copy_name(merge: _Record) -> str:
    """The copy a merge record merged: its file name (copies of one project share a title), else its title."""
    if merge.op.startswith("Merge ") and len(merge.op) > 6:
        return merge.op[6:]
    return str(merge.data.get("merged_from") or "")


def _has_table(project: Project, table: str) -> bool:
    return project.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                                (table,)).fetchone() is not None


def _origins(records: list[_Record]) -> dict[str, str]:
    """Record id → the copy it was made in, for records a merge brought in (and the merge's own writes)."""
    by_row: dict[str, list[_Record]] = defaultdict(list)
    for r in records:
        by_row[r.row_id].append(r)
    origins: dict[str, str] = {}
    for recs in by_row.values():
        merges = [r for r in recs if r.action == "merge"]
        if not merges:
            continue
        parents: dict[str, set[str]] = defaultdict(set)
        for r in recs:
            if r.parent:
                parents[r.rev].add(r.parent)

        def ancestors(rev: str, parents: dict[str, set[str]] = parents) -> set[str]:
            seen, todo = set(), [rev]
            while todo:
                current = todo.pop()
                if current and current not in seen:
                    seen.add(current)
                    todo.extend(parents.get(current, ()))
            return seen

        for merge in merges:  # oldest first: a copy merged into the copy merged here keeps its own name
            source = _copy_name(merge)
            # This file's side: what the row was here before the merge updated it (a row the merge inserted
            # had no past here, and its insert record's parent is the other copy's revision).
            own = {r.parent for r in recs if r.rev == merge.rev and r.action == "update" and r.parent}
            ours: set[str] = set()
            for rev in own:
                ours |= ancestors(rev)
            theirs = ancestors(merge.parent) - ours
            for r in recs:
                if r.action != "merge" and r.id not in origins and (r.rev in theirs or r.rev == merge.rev):
                    origins[r.id] = source
    return origins


class _Names:
    """What each row is called: from the row as it is now, else from its history (a deleted row)."""

    def __init__(self, project: Project, records: list[_Record]) -> None:
        self.project = project
        self.recorded: dict[str, dict[str, Any]] = {}
        for r in records:
            if r.action in ("insert", "delete") and r.data:
                self.recorded[r.row_id] = r.data
        self._rows: dict[tuple[str, str], dict[str, Any]] = {}

    def row_data(self, table: str, row_id: str) -> dict[str, Any]:
        key = (table, row_id)
        if key not in self._rows:
            row = None
            if table != "meta" and _has_table(self.project, table):
                row = self.project.row(table, row_id)
            if row is None:
                row = self.recorded.get(row_id)
                if row is None:
                    found = self.project.conn.execute(
                        "SELECT data FROM history WHERE row_id = ? AND action IN ('insert', 'delete') LIMIT 1",
                        (row_id,)).fetchone()
                    try:
                        row = json.loads(found[0]) if found else {}
                    except ValueError:
                        row = {}
            row = row if isinstance(row, dict) else {}
            row.pop("text", None)
            self._rows[key] = row
        return self._rows[key]

    def label(self, table: str, row_id: str) -> str:
        row = self.row_data(table, row_id)
        if table == "meta":
            text = row_id
        elif table in ("claims", "dismissals"):
            text = f"“{row.get('exact', '')}”"
        elif table == "claim_tags":
            text = str(self.row_data("tags", str(row.get("tag_id", ""))).get("name", ""))
        elif table == "claim_sources":
            source = self.row_data("sources", str(row.get("source_id", ""))).get("title", "")
            text = f"{row.get('relation', '')}: {source}"
        elif table == "reviews":
            text = f"{row.get('decision', '')}: {row.get('verdict', '')}"
        elif table == "corrections":
            text = str(row.get("note", ""))
        else:
            text = str(row.get("title") or row.get("name") or row.get("label") or "")
        return text if len(text) <= 80 else text[:79] + "…"


def folded(entry: Any) -> bool:
    """A merge's own copy of a change made in the other copy: the original (with its author) and the
    "merged" line already say it, so people are not shown it twice (``--json`` keeps it)."""
    return entry.action == "update" and entry.op.startswith("Merge ") and bool(entry.merged_from)
