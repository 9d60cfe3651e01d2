"""Salvage: copy every row that can still be read from a damaged (or untrustworthy) project file into a
new project, table by table in dependency order, rebuild the search indexes, and report what was kept.
The damaged file is only ever opened read-only; the new one appears under its name only when complete.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import secrets
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.core.atomic import build_atomically
from workbench.core.errors import DamagedProjectError, ProjectFileError, WorkbenchError
from workbench.store import dberrors, schema
from workbench.store.checks import SQL_TYPES
from workbench.store.connect import (
    SQLITE_CANTOPEN,
    SQLITE_FULL,
    SQLITE_IOERR,
    SQLITE_READONLY,
    Connection,
    connect,
    is_hot_journal,
    storage_reason,
    transaction,
)
from workbench.store.header import SUFFIX, format_version
from workbench.store.project import Project
from workbench.store.schema import row_name
from workbench.store.schema_guard import expected_schema, fts_part

if TYPE_CHECKING:
    from workbench.store.cipher import CipherKey

# The lines of the short report, in this order; the rest are in the details.
_BATCH = 256  # rows read per query while salvaging (row by row near damage)
_SUMMARY = ("claims", "articles", "sources", "tags", "claim_sources", "attachments", "verdict_scale")


@dataclass(slots=True)
class TableSalvage:
    table: str
    found: int = 0  # rows known to exist (read, or listed by one of the table's indexes)
    recovered: int = 0
    unreadable: int = 0  # rows that could not be read at all
    orphaned: int = 0  # rows read but dropped: what they belong to was lost, or their values were invalid
    readable_table: bool = True

    def label(self, count: int) -> str:
        return row_name(self.table, count)

    @property
    def lost(self) -> int:
        return max(self.found - self.recovered, 0)


@dataclass(slots=True)
class SalvageReport:
    """What ``salvage`` kept, per table, and the new file."""

    damaged_path: str
    new_path: str
    tables: dict[str, TableSalvage] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    # Titles of articles kept with damaged text (bytes that were no text are shown as U+FFFD).
    damaged_texts: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.damaged_texts and all(t.lost == 0 and t.readable_table for t in self.tables.values())

    def summary(self) -> str:
        """One paragraph for the journalist: "Recovered 41 of 43 claims, 2 of 2 articles…; 2 claims…"."""
        parts = []
        for name in _SUMMARY:
            t = self.tables.get(name)
            if t is None or (t.found == 0 and t.readable_table):
                continue
            parts.append(f"{t.recovered} of {t.found} {t.label(t.found)}")
        text = "Recovered " + (", ".join(parts) if parts else "nothing")
        lost = []
        for name in _SUMMARY:
            t = self.tables.get(name)
            if t is None:
                continue
            if not t.readable_table:
                lost.append(f"the {t.label(2)} could not be read at all")
            elif t.unreadable:
                lost.append(f"{t.unreadable} {t.label(t.unreadable)} could not be read")
            if t.orphaned:
                lost.append(f"{t.orphaned} {t.label(t.orphaned)} belonged to something that was lost")
        if self.damaged_texts:
            n = len(self.damaged_texts)
            lost.append(f"the text of {n} article{'s' if n > 1 else ''} was damaged and is kept with � where "
                        "characters could not be read")
        text += "; " + "; ".join(lost) + "." if lost else ". Everything that was listed could be read."
        return text

    def to_dict(self) -> dict[str, Any]:
        return {
            "damaged": self.damaged_path,
            "new": self.new_path,
            "complete": self.complete,
            "summary": self.summary(),
            "tables": {
                n: {"found": t.found, "recovered": t.recovered, "unreadable": t.unreadable,
                    "orphaned": t.orphaned, "table_readable": t.readable_table}
                for n, t in self.tables.items()
            },
            "problems": self.problems,
            "damaged_texts": self.damaged_texts,
        }


def _table_order(version: int) -> list[str]:
    """Our tables, parents before the rows that point at them (so a copied row's parent is there)."""
    expected = expected_schema(version)
    tables = [o.name for o in expected.values()
              if o.type == "table" and not o.is_virtual and fts_part(o.name) is None]
    conn = sqlite3.connect(":memory:")
    try:
        for o in expected.values():
            if o.type == "table" and not o.is_virtual and o.name in tables and o.sql:
                conn.execute(o.sql)
        parents = {t: {r[2] for r in conn.execute(f'PRAGMA foreign_key_list("{t}")')} - {t} for t in tables}
    finally:
        conn.close()
    ordered: list[str] = []
    while len(ordered) < len(tables):
        ready = [t for t in tables if t not in ordered and parents[t] <= set(ordered)]
        if not ready:  # a cycle (none today): keep the rest in schema order rather than loop forever
            ready = [t for t in tables if t not in ordered]
        ordered.extend(ready)
    return ordered


def salvage(damaged: str | Path, new: str | Path, *, author: str | None = None,
            passphrase: str | None = None) -> SalvageReport:
    """Copy every readable row of ``damaged`` into a new project at ``new``; ``damaged`` is only read.

    An encrypted ``damaged`` file needs its ``passphrase`` (PassphraseRequired without one); the new
    project is encrypted under the same passphrase, with a salt of its own.

    The new file is built under a temporary name and appears under ``new`` only when complete. Raises
    ProjectFileError when ``new`` exists or nothing at all could be read.
    """
    damaged, new = Path(damaged), Path(new)
    if new.resolve() == damaged.resolve():
        raise ProjectFileError("Choose a new file name: the damaged file itself is never changed.")
    if new.exists():
        raise ProjectFileError(f"{new.name}: a file of that name already exists; choose another name.")
    if not new.parent.is_dir():
        raise ProjectFileError(f"{new.parent}: no such folder.")
    source_key, new_key = _salvage_keys(damaged, passphrase)
    version = format_version(damaged) if source_key is None else _encrypted_version(damaged, source_key)
    source = _open_damaged(damaged, source_key)
    report = SalvageReport(str(damaged), str(new))

    def build(tmp: Path) -> None:
        columns_there = _columns_there(source)
        if not columns_there:
            raise ProjectFileError(
                f"{damaged.name}: nothing could be read from it (its list of tables is damaged); no new "
                "project was made. Restore it from a backup instead."
            )
        try:
            with Project.create(tmp, author=author, cipher_key=new_key) as target:
                _copy_all(source, target, columns_there, report, version)
                _keep_damaged_texts(target, report)
        except WorkbenchError as exc:
            # (a full disk, a failing stick while the new project is made): said of the file the journalist
            # named, not of the temporary one it was being built as, which is removed.
            if not str(exc).startswith(tmp.name) or not isinstance(exc.__cause__, (OSError, *dberrors.Error)):
                raise
            raise _not_written(new, damaged, storage_reason(exc.__cause__)) from exc
        except dberrors.Error as exc:
            # ... or while the rows are copied into it (the copy fills the disk far more often than the
            # empty project does). Anything but a failing disk is a bug and keeps its traceback.
            if not _disk_failed(exc):
                raise
            raise _not_written(new, damaged, storage_reason(exc)) from exc

    try:
        build_atomically(new, build, partial_suffix=".salvaging")
    except OSError as exc:  # making, syncing or renaming the new file
        raise _not_written(new, damaged, storage_reason(exc)) from exc
    finally:
        source.close()
    return report


def _disk_failed(exc: BaseException) -> bool:
    """Whether a write to the new file failed for its disk (full, removed, read-only), not for its values."""
    code = dberrors.error_code(exc)
    return code is not None and code & 0xFF in (SQLITE_FULL, SQLITE_IOERR, SQLITE_READONLY, SQLITE_CANTOPEN)


def _not_written(new: Path, damaged: Path, reason: str) -> ProjectFileError:
    return ProjectFileError(f"{new.name}: the salvaged project could not be written ({reason}). No new project "
                            f"was made, and {damaged.name} was not changed.")


def _keep_damaged_texts(target: Project, report: SalvageReport) -> None:
    """Articles whose text no longer matches its checksum (a flipped bit; bytes that are no text were read
    as U+FFFD) are kept, with their claims, under a checksum of the text as it now reads, so the new
    project is healthy; the report names them."""
    conn = target.conn
    damaged = [(article_id, title, text) for article_id, title, text, sha in
               conn.execute("SELECT id, title, text, text_sha256 FROM articles")
               if sha and hashlib.sha256(text.encode("utf-8")).hexdigest() != sha]
    with target.transaction("Salvage: keep damaged article texts") as tx:
        # The stored length follows the text as it now reads (and a file from before format 4 had none).
        tx.conn.execute("UPDATE articles SET chars = length(text) WHERE chars IS NOT length(text)")
        for article_id, title, text in damaged:
            tx.conn.execute("UPDATE articles SET text_sha256 = ? WHERE id = ?",
                            (hashlib.sha256(text.encode("utf-8")).hexdigest(), article_id))
            report.damaged_texts.append(title)
            report.problems.append(f"the text of article “{title}” was damaged; unreadable characters are shown as �")


def _salvage_keys(damaged: Path, passphrase: str | None) -> tuple[CipherKey | None, CipherKey | None]:
    """The key that reads ``damaged`` and a new one (same passphrase, a new salt) for the salvaged
    project; (None, None) for a plain file."""
    from workbench.store import cipher

    if cipher.file_kind(damaged) != "encrypted":
        return None, None
    if passphrase is None:
        format_version(damaged)  # raises PassphraseRequired
    try:
        key = cipher.unlock(damaged, passphrase)
    except DamagedProjectError:
        # The passphrase opens the pages after the damaged first one (unlock checked): read what it can.
        with damaged.open("rb") as fh:
            key = cipher.derive_key(passphrase or "", fh.read(cipher.SALT_SIZE))
    return key, cipher.derive_key(passphrase or "", secrets.token_bytes(cipher.SALT_SIZE))


def _encrypted_version(path: Path, key: CipherKey) -> int:
    # The format of an encrypted file is inside it; unreadable, assume this version's (the copy reads
    # whatever columns are there).
    try:
        conn = connect(path, "immutable", key=key)
    except (ProjectFileError, *dberrors.Error):
        return schema.SCHEMA_VERSION
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0]) or schema.SCHEMA_VERSION
    except dberrors.Error:
        return schema.SCHEMA_VERSION
    finally:
        conn.close()


def _open_damaged(path: Path, key: CipherKey | None = None) -> Connection:
    conn = None
    try:
        conn = connect(path, "damaged", key=key)  # tolerates entries SQLite cannot parse
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except dberrors.Error as exc:
        # (an encrypted connection reads the schema as it opens: the error comes from connect itself)
        if conn is not None:
            conn.close()
        if not is_hot_journal(exc):
            return connect(path, "read", key=key)  # whatever can be read is read row by row below
    # An interrupted commit's journal cannot be rolled back without writing to the damaged file, which is
    # never changed: read it as it is on disk.
    return connect(path, "immutable", key=key)


def _columns_there(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """Columns of each real table of the damaged file (views and virtual tables are never read)."""
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'")]
    except dberrors.DatabaseError:
        return {}
    out: dict[str, list[str]] = {}
    for t in tables:
        with contextlib.suppress(*dberrors.DatabaseError):
            out[t] = [r[1] for r in conn.execute(f'PRAGMA table_info("{t}")')]
    return out


def _copy_all(source: sqlite3.Connection, target: Project, columns_there: dict[str, list[str]],
              report: SalvageReport, version: int) -> None:
    conn = target.conn
    with transaction(conn):
        for table in _table_order(version):
            ours = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
            stats = report.tables.setdefault(table, TableSalvage(table))
            there = columns_there.get(table)
            if there is None:
                stats.readable_table = False
                report.problems.append(f"table {table} is missing from the damaged file")
                continue
            cols = [c for c in ours if c in there]
            if table == "meta":
                _copy_meta(source, conn, stats)
                continue
            if table == "verdict_scale":
                # The new project's default scale gives way to the one the journalist had, if any survives.
                saved = conn.execute("SELECT * FROM verdict_scale").fetchall()
                conn.execute("DELETE FROM verdict_scale")
            _copy_table(source, conn, table, cols, stats, report)
            if table == "verdict_scale" and stats.recovered == 0:
                marks = ", ".join("?" for _ in saved[0]) if saved else ""
                conn.executemany(f"INSERT INTO verdict_scale VALUES ({marks})", saved)
        for table in schema.FTS_TABLES:
            conn.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')")


def _copy_meta(source: sqlite3.Connection, conn: sqlite3.Connection, stats: TableSalvage) -> None:
    # Keep the project's identity (title, project_id: merges with colleagues' copies still match up);
    # the new file's own creation stamps stay where the old ones are lost.
    for rowid, values in _readable_rows(source, "meta", ["key", "value"], stats):
        key, value = values
        if not isinstance(key, str) or not isinstance(value, str):
            stats.orphaned += 1
            continue
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))
        stats.recovered += 1
        del rowid


def _copy_table(source: sqlite3.Connection, conn: sqlite3.Connection, table: str, cols: list[str],
                stats: TableSalvage, report: SalvageReport) -> None:
    names = ", ".join(f'"{c}"' for c in cols)
    marks = ", ".join("?" for _ in cols)
    sql = f'INSERT INTO "{table}" ({names}) VALUES ({marks})'
    # A value of the wrong kind (text where an offset belongs) would make the new project unopenable too.
    kinds = [(r[1], SQL_TYPES.get(r[2].upper())) for r in conn.execute(f'PRAGMA table_info("{table}")')]
    wrong = " OR ".join(f"typeof(\"{c}\") NOT IN ('{k}', 'null')" for c, k in kinds if k) or "0"
    wrong_sql = f'SELECT {wrong} FROM "{table}" WHERE rowid = last_insert_rowid()'
    for _rowid, values in _readable_rows(source, table, cols, stats):
        conn.execute("SAVEPOINT salvage_row")
        try:
            conn.execute(sql, values)
            if conn.execute(wrong_sql).fetchone()[0]:
                raise sqlite3.IntegrityError("a value of the wrong kind")
            conn.execute("RELEASE salvage_row")
            stats.recovered += 1
        except dberrors.DatabaseError as exc:
            # A row whose parent was lost (foreign key), or whose bytes were damaged into invalid values. A
            # failing disk under the new file is no fault of the row: it ends the salvage (never a row
            # counted as lost for want of disk space).
            if _disk_failed(exc):
                raise
            conn.execute("ROLLBACK TO salvage_row")
            conn.execute("RELEASE salvage_row")
            stats.orphaned += 1
    if stats.unreadable:
        report.problems.append(f"{stats.unreadable} rows of {table} could not be read")


def _readable_rows(source: sqlite3.Connection, table: str, cols: list[str],
                   stats: TableSalvage) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """Every row of ``table`` that can be read, in rowid order, stepping over damaged pages.

    A scan stops at the first damaged page; the scan then resumes just past it, found by probing: a query
    for "the first row at or after rowid x" fails while x falls inside the damaged part and succeeds past
    it, so doubling steps and then halving them find its end. Rowids listed by the table's indexes but
    not reached are counted as unreadable (their rows are gone, though the index remembers them).
    """
    select = ", ".join(["rowid", *(f'"{c}"' for c in cols)])
    listed = _listed_rowids(source, table)
    seen: set[int] = set()
    batch = f'SELECT {select} FROM "{table}" WHERE rowid >= ? ORDER BY rowid LIMIT ?'
    start = -(2**63)
    size = _BATCH
    single = 0  # rows read one by one since a batch failed
    while True:
        try:
            # fetchall, not iteration: Python's cursor reads one row ahead, so a damaged row would hide
            # the good row before it.
            got = source.execute(batch, (start, size)).fetchall()
        except dberrors.DatabaseError:
            if size > 1:
                size, single = 1, 0  # go row by row up to the damage
                continue
            resume = _past_damage(source, table, select, start)
            if resume is None:
                break
            start, size = resume, _BATCH
            continue
        for row in got:
            seen.add(row[0])
            yield row[0], tuple(row[1:])
        if len(got) < size and size == _BATCH:
            break  # the end of the table
        if not got:
            break
        start = got[-1][0] + 1
        single += 1
        if size == 1 and single >= _BATCH:
            size = _BATCH  # the damage that stopped the batch is behind us
    # Rows the index knows but the scan could not reach: one more try each, by rowid alone.
    for rowid in sorted(listed - seen):
        try:
            row = source.execute(f'SELECT {select} FROM "{table}" WHERE rowid = ?', (rowid,)).fetchone()
        except dberrors.DatabaseError:
            row = None
        if row is not None:
            seen.add(row[0])
            yield row[0], tuple(row[1:])
    stats.found = len(seen | listed)
    stats.unreadable = len(listed - seen)


def _probe_ok(source: sqlite3.Connection, table: str, select: str, x: int) -> bool:
    try:
        source.execute(f'SELECT {select} FROM "{table}" WHERE rowid >= ? ORDER BY rowid LIMIT 1',
                       (x,)).fetchone()
        return True
    except dberrors.DatabaseError:
        return False


def _past_damage(source: sqlite3.Connection, table: str, select: str, bad: int) -> int | None:
    """The smallest rowid after ``bad`` (where reading failed) from which reading works again, or None."""
    top = 2**63 - 1
    step, lo = 1, bad
    while True:
        x = min(bad + step, top)
        if _probe_ok(source, table, select, x):
            hi = x
            break
        if x == top:
            return None
        lo, step = x, step * 2
    while hi - lo > 1:  # lo fails, hi works: halve the gap
        mid = (lo + hi) // 2
        if _probe_ok(source, table, select, mid):
            hi = mid
        else:
            lo = mid
    return hi


def _listed_rowids(source: sqlite3.Connection, table: str) -> set[int]:
    """Rowids the table's indexes remember, read from the indexes alone (they survive damage to the
    table's own pages, so the report can count what was lost)."""
    rowids: set[int] = set()
    try:
        indexes = [r[0] for r in source.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?", (table,))]
    except dberrors.DatabaseError:
        return rowids
    for index in indexes:
        try:
            quoted = '"' + index.replace('"', '""') + '"'
            # rowid alone is in every index entry, so this reads the index, never the table.
            rowids.update(r[0] for r in source.execute(f'SELECT rowid FROM "{table}" INDEXED BY {quoted}'))
            break
        except dberrors.DatabaseError:
            continue
    return rowids


def salvage_default_name(damaged: Path) -> Path:
    """A free name beside the damaged file for its salvaged copy."""
    stem = re.sub(r"\s*\(salvaged( \d+)?\)$", "", damaged.stem)
    candidate = damaged.with_name(f"{stem} (salvaged){SUFFIX}")
    n = 2
    while candidate.exists():
        candidate = damaged.with_name(f"{stem} (salvaged {n}){SUFFIX}")
        n += 1
    return candidate
