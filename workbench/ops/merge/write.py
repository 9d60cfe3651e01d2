"""Writing a decided merge through its transaction: every row as a ``Tx`` write (so history, tombstones and
undo images are recorded as for any edit), a ``merge`` history record naming the other side's revision for
each merged row, then the other file's history and tombstones this project lacks."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from workbench.core.errors import ProjectFileError
from workbench.ops.merge.plan import MergePlan
from workbench.ops.merge.report import MergeReport
from workbench.ops.merge.tables import PARENTS, TABLES, UNIQUE_NAME
from workbench.store import Tx, history

Progress = Callable[[int, int], None]


class MergeWriter:
    """Writes ``plan`` through ``tx`` and fills ``report``. ``progress(done, total)``, when given, is called
    after each row written (``total``: the rows this merge writes)."""

    def __init__(self, tx: Tx, plan: MergePlan, report: MergeReport, progress: Progress | None = None) -> None:
        self.tx = tx
        self.plan = plan
        self.report = report
        self.progress = progress
        self.done = 0
        self.total = 0

    def write(self) -> None:
        """Write the merged state: deletions first (children before parents) so a name a deleted row held
        is free again; then, parents first, updates before inserts (a rename frees a name for a new row);
        last, deletions of rows whose children had to be re-pointed first."""
        plan, ours = self.plan, self.plan.ours.rows
        doomed = {t: [i for i in ours[t] if i not in plan.final[t]] for t in TABLES}
        later = self._still_referenced(doomed)
        updates = {t: self._updates(t) for t in TABLES}
        inserts = {t: [row for row_id, row in plan.final[t].items() if row_id not in ours[t]] for t in TABLES}
        self.total = (sum(map(len, doomed.values())) + sum(map(len, updates.values()))
                      + sum(map(len, inserts.values())))
        for table in reversed(TABLES):
            self._delete(table, [i for i in doomed[table] if (table, i) not in later])
        for table in TABLES:
            was = self._free_names(table, updates[table])
            for row_id, diff in updates[table]:
                self._update(table, row_id, diff, was.get(row_id))
            for row in inserts[table]:
                self._insert(table, row)
        for table in reversed(TABLES):
            self._delete(table, [i for i in doomed[table] if (table, i) in later])
        self.report.history_added = history.copy_records(plan.other.conn, self.tx.conn,
                                                         plan.graph.other_only_records())
        self._copy_tombstones()
        self.report.matched = {t: len(m) for t, m in plan.maps.items() if m}
        self.report.conflicts = plan.conflicts

    def _still_referenced(self, doomed: dict[str, list[str]]) -> set[tuple[str, str]]:
        """Rows to delete that a surviving row here points at until it is re-pointed (combined tags)."""
        dead = {(t, i) for t, ids in doomed.items() for i in ids}
        later: set[tuple[str, str]] = set()
        for child, parents in PARENTS.items():
            for row_id, row in self.plan.ours.rows[child].items():
                if row_id not in self.plan.final[child]:
                    continue
                for col, parent in parents:
                    if (parent, row[col]) in dead:
                        later.add((parent, row[col]))
        # A parent deleted late keeps its own parents until then.
        grew = True
        while grew:
            grew = False
            for child, parents in PARENTS.items():
                for row_id in doomed[child]:
                    if (child, row_id) not in later:
                        continue
                    row = self.plan.ours.rows[child][row_id]
                    for col, parent in parents:
                        if (parent, row[col]) in dead and (parent, row[col]) not in later:
                            later.add((parent, row[col]))
                            grew = True
        return later

    def _updates(self, table: str) -> list[tuple[str, dict[str, Any]]]:
        """(row id, changed fields) of our rows the merge changes, or must stamp with a new revision (an
        empty diff: the other side's revision is recorded as merged)."""
        out = []
        before_rows = self.plan.ours.rows[table]
        for row_id, row in self.plan.final[table].items():
            before = before_rows.get(row_id)
            if before is None:
                continue
            diff = {c: row[c] for c in self.plan.merge_cols[table] if row.get(c) != before.get(c)}
            if diff or (table, row_id) in self.plan.rewrite:
                out.append((row_id, diff))
        return out

    def _delete(self, table: str, row_ids: list[str]) -> None:
        for row_id in row_ids:
            self.tx.delete(table, row_id)
            self._count(self.report.deleted, table)

    def _free_names(self, table: str, updates: list[tuple[str, dict[str, Any]]]) -> dict[str, dict[str, Any]]:
        """Give every row whose unique name the merge changes a temporary one first, so renames that pass
        through each other's names (Economy → tmp, Politics → Economy, tmp → Politics) can all be written;
        returns the names they had, for their history."""
        column = UNIQUE_NAME.get(table)
        if column is None:
            return {}
        was: dict[str, dict[str, Any]] = {}
        for row_id, diff in updates:
            if column in diff:
                (name,) = self.tx.conn.execute(f'SELECT "{column}" FROM "{table}" WHERE id = ?', (row_id,)).fetchone()
                was[row_id] = {column: name}
                # Not an edit of its own (no history, no revision): the real rename follows at once.
                self.tx.conn.execute(f'UPDATE "{table}" SET "{column}" = ? WHERE id = ?', (f"\u2060{row_id}", row_id))
        return was

    def _update(self, table: str, row_id: str, diff: dict[str, Any], was: dict[str, Any] | None = None) -> None:
        if table == "source_files" and "sha256" in diff:
            self._ensure_attachment(diff["sha256"])
        # An empty diff still takes a new rev.
        after = self.tx.update(table, row_id, diff or {"rev": ""}, was=was)
        self._record_merge(table, row_id, after["rev"])
        self._count(self.report.updated if diff else None, table)

    def _insert(self, table: str, row: dict[str, Any]) -> None:
        values = dict(row)
        if table == "articles":
            values["text"] = self._their_text(row["id"])
            if values.get("source_sha256"):
                self._ensure_attachment(values["source_sha256"])  # the original file, if they kept it
        if table == "source_files":
            self._ensure_attachment(values["sha256"])
        new = self.tx.insert(table, values, keep_stamps=True)
        self._record_merge(table, row["id"], new["rev"])
        self._count(self.report.added, table)

    def _count(self, counts: dict[str, int] | None, table: str) -> None:
        if counts is not None:
            counts[table] = counts.get(table, 0) + 1
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total)

    def _record_merge(self, table: str, row_id: str, rev: str) -> None:
        for record in self.plan.merge_records.get((table, row_id), ()):
            data: dict[str, Any] = {"merged_from": self.plan.other_title, "other_rev": record.parent}
            if record.conflicts:
                data["conflicts"] = record.conflicts
            history.record(self.tx.conn, self.tx.stamp, table=table, row_id=row_id, action="merge", rev=rev,
                           parent=record.parent, data=data)

    def _their_text(self, row_id: str) -> str:
        # Rows added from the other file keep their own id (paired rows are updated, never inserted).
        return self.plan.other.conn.execute("SELECT text FROM articles WHERE id = ?", (row_id,)).fetchone()[0]

    def _ensure_attachment(self, sha256: str) -> None:
        if self.tx.conn.execute("SELECT 1 FROM attachments WHERE sha256 = ?", (sha256,)).fetchone():
            return
        row = self.plan.other.conn.execute("SELECT data FROM attachments WHERE sha256 = ?", (sha256,)).fetchone()
        if row is not None:
            # Stored content is shared by checksum: a mismatching one would later stand in for the real file.
            if not isinstance(row[0], bytes) or hashlib.sha256(row[0]).hexdigest() != sha256:
                raise ProjectFileError(
                    f"{Path(self.plan.other.path).name}: an attached file does not match its checksum (it was "
                    "changed outside the app); run 'workbench check' on it. Nothing was merged."
                )
            self.tx.put_attachment(sha256, row[0])

    def _copy_tombstones(self) -> None:
        """Their deletions of rows we never had: a later merge with a third copy must know of them."""
        plan = self.plan
        alive = {row_id for rows in plan.final.values() for row_id in rows}
        history.copy_tombstones(self.tx.conn, [
            (row_id, tomb) for row_id, tomb in plan.theirs.tombstones.items()
            if row_id not in alive and row_id not in plan.ours.tombstones
            and not any(row_id in r for r in plan.ours.rows.values())
        ])
