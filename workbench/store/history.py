"""The project's change history and tombstones: the one place that reads and writes them.

Every change an operation makes is a ``history`` record ``(row, action, rev, parent_rev, data)`` written by
``Tx`` as it writes the row; a deleted row also leaves a ``tombstones`` entry, so a later merge knows it was
deleted rather than never made. A merge (``ops.merge``) reads both files' records as a revision graph,
writes ``merge`` records whose parent is the other side's revision, and copies the other file's records and
tombstones it lacks. All of that goes through these functions, so what a record holds is decided here.

``data`` is JSON: the row as inserted or deleted, ``{column: [old, new]}`` for an update, and for a merge
record what was merged from where and which values lost a conflict.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple

from workbench.core.ids import new_id
from workbench.store.connect import transaction

_COLUMNS = "id, at, author, op, table_name, row_id, action, rev, parent_rev, data"
_MARKS = ", ".join("?" for _ in _COLUMNS.split(", "))
_CHUNK = 500  # ids per query: below SQLite's limit of bound values


class Stamp(NamedTuple):
    """Who made a change, when, and in which operation: the same for every record of one transaction."""

    at: str
    author: str
    op: str


class Tombstone(NamedTuple):
    """A deleted row: its table, the revision the deletion wrote, and when and by whom."""

    table: str
    rev: str
    deleted_at: str
    deleted_by: str


class Record(NamedTuple):
    """A history record without its data (read on demand with ``record_data``)."""

    id: str
    table: str
    row_id: str
    action: str
    rev: str
    parent: str
    at: str


def record(conn: sqlite3.Connection, stamp: Stamp, *, table: str, row_id: str, action: str, rev: str,
           parent: str, data: dict[str, Any]) -> None:
    """Write one history record (``action``: insert, update, delete or merge)."""
    conn.execute(
        f"INSERT INTO history({_COLUMNS}) VALUES ({_MARKS})",
        (new_id(), stamp.at, stamp.author, stamp.op, table, row_id, action, rev, parent,
         json.dumps(data, ensure_ascii=False, default=str)),
    )


def bury(conn: sqlite3.Connection, stamp: Stamp, *, table: str, row_id: str, rev: str) -> None:
    """Leave the tombstone of a row just deleted (replacing an older one of the same id)."""
    conn.execute(
        "INSERT OR REPLACE INTO tombstones(row_id, table_name, deleted_at, deleted_by, rev) VALUES (?, ?, ?, ?, ?)",
        (row_id, table, stamp.at, stamp.author, rev),
    )


def unbury(conn: sqlite3.Connection, row_id: str) -> None:
    """Forget a row's tombstone: it exists again (undo of a deletion, a merge bringing it back)."""
    conn.execute("DELETE FROM tombstones WHERE row_id = ?", (row_id,))


def tombstones(conn: sqlite3.Connection) -> dict[str, Tombstone]:
    """Every tombstone of a file, by row id."""
    return {
        row_id: Tombstone(table, rev, at, by)
        for row_id, table, rev, at, by in conn.execute(
            "SELECT row_id, table_name, rev, deleted_at, deleted_by FROM tombstones")
    }


def copy_tombstones(conn: sqlite3.Connection, stones: Iterable[tuple[str, Tombstone]]) -> None:
    """Add ``(row id, tombstone)`` pairs from another file, keeping any this file already has."""
    conn.executemany(
        "INSERT OR IGNORE INTO tombstones(row_id, table_name, deleted_at, deleted_by, rev) VALUES (?, ?, ?, ?, ?)",
        [(row_id, t.table, t.deleted_at, t.deleted_by, t.rev) for row_id, t in stones],
    )


def records(conn: sqlite3.Connection) -> Iterator[Record]:
    """Every history record of a file, without data."""
    for row in conn.execute("SELECT id, table_name, row_id, action, rev, parent_rev, at FROM history"):
        yield Record(row[0], row[1], row[2], row[3], row[4], row[5] or "", row[6])


def record_data(conn: sqlite3.Connection, record_id: str) -> dict[str, Any]:
    """A record's data; {} when it is missing or not a JSON object (a damaged or foreign record)."""
    row = conn.execute("SELECT data FROM history WHERE id = ?", (record_id,)).fetchone()
    try:
        data = json.loads(row[0]) if row else {}
    except (TypeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def copy_records(source: sqlite3.Connection, target: sqlite3.Connection, ids: Sequence[str]) -> int:
    """Copy the history records ``ids`` of ``source`` into ``target`` as they are (ids included, so the
    revision graph stays whole and copying twice adds nothing); returns how many were read."""
    count = 0
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ", ".join("?" for _ in chunk)
        rows = source.execute(f"SELECT {_COLUMNS} FROM history WHERE id IN ({marks})", chunk).fetchall()
        target.executemany(f"INSERT OR IGNORE INTO history({_COLUMNS}) VALUES ({_MARKS})", rows)
        count += len(rows)
    return count


def strip_deleted_content(conn: sqlite3.Connection) -> None:
    """Remove every value of deleted and edited-away content from the file open on ``conn`` (outside a
    transaction; an editing connection): what clean shares and *Compact project* do. Then ``VACUUM`` it
    (or ``VACUUM INTO`` a copy) so no free page keeps the old bytes.

    In one transaction: every history record keeps its id, time, author, operation, row, action and
    revisions — all that merging reads — but no values: an update record keeps the *names* of the fields it
    changed (merge asks which fields an edit touched), every other record's data becomes ``{}``.
    Tombstones stay (a later merge with an old copy must see "deleted", not "never made"); live rows are
    untouched and no history or revision is written, so a stripped copy merges like the full one. File
    contents nothing refers to any more (kept for undo) are deleted, and the search indexes are rewritten
    without the words of deleted rows (an FTS5 delete only adds a marker until its segments are merged).
    """
    from workbench.store import schema  # (schema imports nothing from here; kept local to keep it so)

    with transaction(conn):
        conn.execute(
            "UPDATE history SET data = CASE WHEN action = 'update' AND json_valid(data) "
            "AND json_type(data) = 'object' "
            "THEN (SELECT json_group_object(key, NULL) FROM json_each(history.data)) ELSE '{}' END "
            "WHERE data != '{}'")
        conn.execute(f"DELETE FROM attachments WHERE {schema.UNREFERENCED_ATTACHMENT}")
        present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        for table in schema.FTS_TABLES:
            if f"{table}_fts" in present:
                conn.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('optimize')")
