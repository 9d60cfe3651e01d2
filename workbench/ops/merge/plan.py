"""Deciding a merge: pair the two files' rows, decide each row's merged state field by field, and settle
what the whole project needs (rows still used, names that must stay unique). Nothing is written here;
``write`` turns the plan into changes. The rules are in the package docstring."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.core.errors import ProjectFileError
from workbench.ops.merge import report, tables
from workbench.ops.merge.graph import RevisionGraph, Snapshot
from workbench.ops.merge.tables import KEYS, NOT_LOADED, PARENTS, STAMPS, TABLE_NAMES, TABLES, UNIQUE, fold
from workbench.store import Project, Tx
from workbench.store.history import Tombstone


@dataclass(slots=True)
class MergeRecord:
    """A merge record to write once the row has its new rev: the other parent, and what was not kept."""

    parent: str
    conflicts: dict[str, dict[str, Any]] = field(default_factory=dict)


class MergePlan:
    """The merged state of every row, decided from this project (read through ``tx``) and ``other``.

    After ``decide()``: ``final[table][id]`` is each row as it must be; ``maps[table]`` their ids paired with
    ours; ``rewrite`` the rows to stamp with a new revision even when no field differs (so the other side's
    revision is recorded as merged); ``merge_records`` the ``merge`` history records to write for a row;
    ``conflicts`` what the report lists."""

    def __init__(self, tx: Tx, other: Project) -> None:
        self.tx = tx
        self.other = other
        self.columns = {t: columns_of(tx.conn, t) for t in TABLES}
        self.merge_cols = {t: [c for c in self.columns[t] if c not in STAMPS] for t in TABLES}
        fields = {t: frozenset(self.merge_cols[t]) for t in TABLES}
        pool: dict[Any, Any] = {}  # (values many rows share, kept once: see Snapshot)
        self.ours = Snapshot(tx.conn, self.columns, pool=pool)
        self.theirs = Snapshot(other.conn, self.columns, same_as=self.ours, pool=pool)
        self.graph = RevisionGraph((tx.conn, other.conn), fields)
        self.maps: dict[str, dict[str, str]] = {t: {} for t in TABLES}
        self.theirs_mapped: dict[str, dict[str, dict[str, Any]]] = {}
        self.final: dict[str, dict[str, dict[str, Any]]] = {t: {} for t in TABLES}
        self.rescued: dict[str, set[str]] = {t: set() for t in TABLES}
        self.rewrite: set[tuple[str, str]] = set()
        self.merge_records: dict[tuple[str, str], list[MergeRecord]] = defaultdict(list)
        self.deletions: dict[tuple[str, str], tuple[str, str]] = {}  # (side still alive, deleting rev)
        self.conflicts: list[report.Conflict] = []
        self.other_title = other.title

    # -- pairing -------------------------------------------------------------------------------------

    def _remap(self, table: str, row: dict[str, Any], row_id: str | None = None) -> dict[str, Any]:
        """``row`` with its parents' ids (and its own, ``row_id``) as paired with ours: the same dict when
        nothing changes (a copy of every row of a 100,000-claim project is ~150 MB)."""
        changes = {col: self.maps[parent][row[col]] for col, parent in PARENTS[table]
                   if row[col] in self.maps[parent]}
        if row_id is not None and row_id != row["id"]:
            changes["id"] = row_id
        return {**row, **changes} if changes else row

    def _pair(self, table: str) -> None:
        ours, theirs = self.ours.rows[table], self.theirs.rows[table]
        known_here, known_there = self.ours.known(table), self.theirs.known(table)
        key = KEYS.get(table)
        candidates: dict[tuple[Any, ...], list[str]] = defaultdict(list)
        if key is not None:
            for oid, row in ours.items():
                if oid not in known_there:
                    candidates[key(row)].append(oid)
        used: set[str] = set()
        mapping = self.maps[table]
        for tid, row in theirs.items():
            if tid in ours:
                continue
            # A row an earlier merge paired or combined with this one: its id may be deleted here (the
            # combined tag lives on under the other id) or over there.
            target = next((a for a in self.graph.aliases(tid)
                           if a in ours and a not in theirs and a not in used), None)
            if target is None and tid in known_here:
                continue  # deleted here: the deletion rules decide
            if target is None and key is not None:
                queue = candidates.get(key(self._remap(table, row)), [])
                while queue and queue[0] in used:
                    queue.pop(0)
                target = queue.pop(0) if queue else None
            if target is not None:
                mapping[tid] = target
                used.add(target)
        self.theirs_mapped[table] = {}
        for tid, row in theirs.items():
            mapped = self._remap(table, row, mapping.get(tid, tid))
            self.theirs_mapped[table][mapped["id"]] = mapped

    # -- per-row decisions ---------------------------------------------------------------------------

    def decide(self) -> None:
        for table in TABLES:
            self._pair(table)
            ours, theirs = self.ours.rows[table], self.theirs_mapped[table]
            for row_id in list(dict.fromkeys([*ours, *theirs])):
                o, t = ours.get(row_id), theirs.get(row_id)
                if o is not None and t is not None:
                    self._both(table, row_id, o, t)
                elif o is not None:
                    self._one_side(table, row_id, o, self.theirs.tombstone(table, row_id), here=True)
                elif t is not None:
                    self._one_side(table, row_id, t, self.ours.tombstone(table, row_id), here=False)
        self._settle()

    def _both(self, table: str, row_id: str, o: dict[str, Any], t: dict[str, Any]) -> None:
        self.final[table][row_id] = o
        if o["rev"] == t["rev"]:
            return
        mine, yours = self.graph.ancestors(o["rev"]), self.graph.ancestors(t["rev"])
        theirs_changed = self.graph.touches(table, yours - mine)
        if not theirs_changed:
            return  # nothing over there that we have not seen
        ours_changed = self.graph.touches(table, mine - yours)
        merged = dict(o)
        link = MergeRecord(t["rev"])
        for col in self.merge_cols[table]:
            ov, tv = o.get(col), t.get(col)
            if ov == tv or col not in theirs_changed:
                continue
            mine_at = ours_changed.get(col)
            if mine_at is None or theirs_changed[col] > mine_at:
                merged[col] = tv
                kept, lost = tv, ov
            else:
                kept, lost = ov, tv
            if mine_at is not None:
                link.conflicts[col] = {"kept": kept, "other": lost}
                self._conflict(table, row_id, merged, col, kept, lost, report.EDITED_BOTH)
        self.final[table][row_id] = merged
        # Record their rev as merged, even when nothing changed here, so the next merge sees nothing new.
        self.rewrite.add((table, row_id))
        self.merge_records[(table, row_id)].append(link)

    def _one_side(self, table: str, row_id: str, row: dict[str, Any], tomb: Tombstone | None, *,
                  here: bool) -> None:
        """A row alive on one side only; ``tomb`` is the other side's tombstone for it, if any."""
        if tomb is None:
            self.final[table][row_id] = row  # new on that side (or not shared): keep / add
            return
        lineage = self.graph.ancestors(row["rev"])
        if tomb.rev in lineage:
            self.final[table][row_id] = row  # the side that has it already saw the deletion and kept it
            return
        edited = self.graph.touches(table, lineage - self.graph.ancestors(tomb.rev))
        rescued_parent = any(row[col] in self.rescued[parent] for col, parent in PARENTS[table])
        if not edited and not rescued_parent:
            self.deletions[(table, row_id)] = ("ours" if here else "theirs", tomb.rev)
            return
        self.final[table][row_id] = row
        self.rescued[table].add(row_id)
        self.merge_records[(table, row_id)].append(MergeRecord(tomb.rev))
        if here:
            self.rewrite.add((table, row_id))
        if edited:
            kind = report.EDITED_HERE_DELETED_THERE if here else report.DELETED_HERE_EDITED_THERE
            kept = "kept" if here else "re-created"
            self._conflict(table, row_id, row, "", kept, "deleted", kind)

    # -- whole-project consistency -------------------------------------------------------------------

    def _settle(self) -> None:
        """Keep rows still used by kept rows, and combine rows the schema says must be one."""
        changed = True
        while changed:
            changed = False
            for table in reversed(TABLES):
                for row in list(self.final[table].values()):
                    for col, parent in PARENTS[table]:
                        if row[col] not in self.final[parent]:
                            self._revive(parent, row[col], table)
                            changed = True
            changed |= self._verdicts_in_use()
            for table in UNIQUE:
                changed |= self._combine(table)

    def _revive(self, table: str, row_id: str, needed_by: str) -> None:
        side, deleting_rev = self.deletions.pop((table, row_id), ("", ""))
        if side == "ours" or (not side and row_id in self.ours.rows[table]):
            row = self.ours.rows[table][row_id]
            self.rewrite.add((table, row_id))
        elif row_id in self.theirs_mapped[table]:
            row = self.theirs_mapped[table][row_id]
        else:
            raise ProjectFileError(
                f"{Path(self.other.path).name}: a {TABLE_NAMES[needed_by]} row points to a missing "
                f"{TABLE_NAMES[table]} row; run 'workbench check' on it. Nothing was merged."
            )
        self.final[table][row_id] = row
        if deleting_rev:
            self.merge_records[(table, row_id)].append(MergeRecord(deleting_rev))
        kept = "kept" if row_id in self.ours.rows[table] else "re-created"
        self._conflict(table, row_id, row, "", kept, "deleted", report.STILL_USED)

    def _verdicts_in_use(self) -> bool:
        labels = {fold(v["label"]) for v in self.final["verdict_scale"].values()}
        missing = {fold(c["verdict"]): c["verdict"] for c in self.final["claims"].values()
                   if c["verdict"] and fold(c["verdict"]) not in labels}
        changed = False
        for folded, label in sorted(missing.items()):
            for source in (self.ours.rows["verdict_scale"], self.theirs_mapped["verdict_scale"]):
                found = next((vid for vid, v in source.items() if fold(v["label"]) == folded), None)
                if found is not None:
                    self._revive("verdict_scale", found, "claims")
                    changed = True
                    break
            else:
                if not any(c.kind == report.NOT_ON_SCALE and c.kept == label for c in self.conflicts):
                    self.conflicts.append(
                        report.Conflict("claims", "", "verdict", label, None, report.NOT_ON_SCALE, label))
        return changed

    def _combine(self, table: str) -> bool:
        groups: dict[tuple[Any, ...], list[str]] = defaultdict(list)
        for row_id, row in self.final[table].items():
            groups[KEYS[table](row)].append(row_id)
        changed = False
        ours = self.ours.rows[table]
        for key, ids in groups.items():
            if len(ids) < 2:
                continue
            # The row that already holds this name here survives: renaming it would collide meanwhile.
            holders = [i for i in ids if i in ours and KEYS[table](ours[i]) == key]
            local = [i for i in ids if i in ours]
            survivor = (holders or local or sorted(ids))[0]
            # Each field from the member that changed it last, so which copy was merged into which does not
            # decide the result.
            rows = [self.final[table][i] for i in ids]
            stamps = [self.graph.touches(table, self.graph.ancestors(r["rev"])) for r in rows]
            merged = dict(self.final[table][survivor])
            foreign_keys = {col for col, _parent in PARENTS[table]}
            for col in self.merge_cols[table]:
                if col not in foreign_keys:
                    best = max(range(len(rows)), key=lambda k, c=col: (stamps[k].get(c, ("", "")), rows[k]["id"]))
                    merged[col] = rows[best][col]
            self.final[table][survivor] = merged
            self.rewrite.add((table, survivor))
            for gone in ids:
                if gone == survivor:
                    continue
                row = self.final[table].pop(gone)
                self._repoint(table, gone, survivor)
                self.merge_records[(table, survivor)].append(MergeRecord(row["rev"]))
                label_col = "name" if table == "tags" else "label" if table == "verdict_scale" else ""
                if label_col:
                    self._conflict(table, survivor, self.final[table][survivor], label_col,
                                   self.final[table][survivor][label_col], row[label_col], report.COMBINED)
                changed = True
        return changed

    def _repoint(self, table: str, old: str, new: str) -> None:
        for child, parents in PARENTS.items():
            for col, parent in parents:
                if parent != table:
                    continue
                for row_id, row in list(self.final[child].items()):
                    if row[col] == old:
                        self.final[child][row_id] = {**row, col: new}

    def _conflict(self, table: str, row_id: str, row: dict[str, Any], col: str, kept: Any, other: Any,
                  kind: str) -> None:
        self.conflicts.append(report.Conflict(table, row_id, col, kept, other, kind, tables.label(table, row)))


def columns_of(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")') if r[1] not in NOT_LOADED]
