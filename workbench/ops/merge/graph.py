"""The two files a merge reads: every row and tombstone of each (a ``Snapshot``), and the revision graph
of both histories together (``RevisionGraph``), which tells the changes one side has not seen."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from workbench.ops.merge.tables import PARENTS, TABLES
from workbench.store import history
from workbench.store.history import Record, Tombstone

# Columns whose values repeat from row to row (ids of parents, statuses, verdicts, authors, speakers).
_SHARED_VALUES = frozenset({"article_id", "claim_id", "tag_id", "source_id", "status", "verdict", "speaker",
                            "created_by", "updated_by", "kind", "relation", "color"})


class Snapshot:
    """Every mergeable row and tombstone of one file (article text stays on disk until needed)."""

    def __init__(self, conn: sqlite3.Connection, columns: dict[str, list[str]], *,
                 same_as: Snapshot | None = None, pool: dict[Any, Any] | None = None) -> None:
        """``same_as``: the other side's snapshot. A row it has at the same revision holds the same values
        (every change takes a new revision), so that row object is shared instead of read again: merging a
        colleague's copy of a 100,000-claim project then holds the rows once, plus what differs. ``pool``:
        where values many rows share are kept once (one per merge, shared by both snapshots)."""
        pool = {} if pool is None else pool
        self.conn = conn
        self.rows: dict[str, dict[str, dict[str, Any]]] = {}
        for table in TABLES:
            cols = columns[table]
            names = ", ".join(f'"{c}"' for c in cols)
            known = same_as.rows[table] if same_as is not None else {}
            at_id, at_rev = cols.index("id"), cols.index("rev")
            # Values many rows share (an article's id in each of its claims, a status, an author): one string
            # each, not one per row (~50 MB for 100,000 claims).
            shared = [c for c in cols if c in _SHARED_VALUES]
            rows = []
            for values in conn.execute(f'SELECT {names} FROM "{table}"'):
                twin = known.get(values[at_id])
                if twin is not None and twin["rev"] == values[at_rev]:
                    rows.append(twin)
                    continue
                row = dict(zip(cols, values, strict=True))
                for c in shared:
                    row[c] = pool.setdefault(row[c], row[c])
                rows.append(row)
            rows.sort(key=lambda r: (r["created_at"], r["id"]))  # deterministic pairing order
            self.rows[table] = {r["id"]: r for r in rows}
        self.tombstones = {row_id: t for row_id, t in history.tombstones(conn).items() if t.table in PARENTS}

    def tombstone(self, table: str, row_id: str) -> Tombstone | None:
        tomb = self.tombstones.get(row_id)
        return tomb if tomb is not None and tomb.table == table else None

    def known(self, table: str) -> set[str]:
        """Ids this side has or had (alive or deleted)."""
        return set(self.rows[table]) | {i for i, t in self.tombstones.items() if t.table == table}


class RevisionGraph:
    """The revision graph of both files together, read from their histories as it is walked.

    A merge only walks the revisions of rows that differ between the two files (a copy merged back: the
    few rows someone edited), so records are read by revision when asked for (``history_rev`` index) and
    kept once read, instead of every record of both files up front (hundreds of MB for 100,000 claims)."""

    _SQL = "SELECT id, table_name, row_id, action, rev, parent_rev, at FROM history"

    def __init__(self, conns: tuple[sqlite3.Connection, sqlite3.Connection],
                 fields: dict[str, frozenset[str]]) -> None:
        self.conns = conns
        self.fields = fields
        self._by_rev: dict[str, list[Record]] = {}
        self._side: dict[str, int] = {}  # which file a record's data is read from
        self.merge_revs: set[str] = set()
        merges: list[Record] = []
        for conn in conns:
            for record in self._read(conn, " WHERE action = 'merge'"):
                self.merge_revs.add(record.rev)
                merges.append(record)
        self._anc: dict[str, frozenset[str]] = {}
        self._data: dict[str, dict[str, Any]] = {}
        self._alias = self._aliases(merges)

    def _read(self, conn: sqlite3.Connection, where: str, params: tuple = ()) -> Iterator[Record]:
        for row in conn.execute(self._SQL + where, params):
            if row[1] in PARENTS:
                yield Record(row[0], row[1], row[2], row[3], row[4], row[5] or "", row[6])

    def records(self, rev: str) -> list[Record]:
        """The history records that wrote ``rev`` (in either file; one copy of a record both files have)."""
        found = self._by_rev.get(rev)
        if found is None:
            found = []
            for side, conn in enumerate(self.conns):
                for record in self._read(conn, " WHERE rev = ?", (rev,)):
                    if record.id not in self._side:
                        self._side[record.id] = side
                        found.append(record)
            self._by_rev[rev] = found
        return found

    def other_only_records(self) -> list[str]:
        """Ids of the other file's history records this project does not have, in the other file's order."""
        ours = {record_id for (record_id,) in self.conns[0].execute("SELECT id FROM history")}
        return [record_id for (record_id,) in self.conns[1].execute("SELECT id FROM history")
                if record_id not in ours]

    def ancestors(self, rev: str) -> frozenset[str]:
        """``rev`` and every revision it was derived from."""
        if not rev:
            return frozenset()
        hit = self._anc.get(rev)
        if hit is not None:
            return hit
        seen: set[str] = set()
        stack = [rev]
        while stack:
            r = stack.pop()
            if r in seen:
                continue
            seen.add(r)
            stack.extend(rec.parent for rec in self.records(r) if rec.parent and rec.parent not in seen)
        result = self._anc[rev] = frozenset(seen)
        return result

    def touches(self, table: str, revs: Iterable[str]) -> dict[str, tuple[str, str]]:
        """Fields changed by the edits among ``revs``, each with (time, rev) of its latest change."""
        out: dict[str, tuple[str, str]] = {}
        for rev in revs:
            if rev in self.merge_revs:
                continue
            for rec in self.records(rev):
                if rec.action == "insert" and not rec.parent:
                    names: Iterable[str] = self.fields[table]
                elif rec.action == "update":
                    names = self.fields[table].intersection(self._record_data(rec))
                else:  # deletions, and inserts restoring an earlier image (undo, merge): no new values
                    continue
                stamp = (rec.at, rec.rev)
                for name in names:
                    if name not in out or stamp > out[name]:
                        out[name] = stamp
        return out

    def aliases(self, row_id: str) -> list[str]:
        """Ids an earlier merge paired with ``row_id`` (directly or through other merges)."""
        return sorted(self._alias.get(row_id, ()))


    def _record_data(self, rec: Record) -> dict[str, Any]:
        data = self._data.get(rec.id)
        if data is None:
            data = self._data[rec.id] = history.record_data(self.conns[self._side[rec.id]], rec.id)
        return data

    def _aliases(self, merges: list[Record]) -> dict[str, set[str]]:
        parent: dict[str, str] = {}

        def find(x: str) -> str:
            while parent.get(x, x) != x:
                parent[x] = parent.get(parent[x], parent[x])
                x = parent[x]
            return x

        seen: set[str] = set()
        for rec in merges:
            if not rec.parent or rec.id in seen:
                continue
            seen.add(rec.id)  # a merge record both files have counts once
            for other in {r.row_id for r in self.records(rec.parent)}:
                if other != rec.row_id:
                    parent[find(other)] = find(rec.row_id)
        groups: dict[str, set[str]] = defaultdict(set)
        for x in list(parent):
            groups[find(x)].add(x)
        out: dict[str, set[str]] = {}
        for root, members in groups.items():
            members = members | {root}
            for m in members:
                out[m] = members - {m}
        return out

