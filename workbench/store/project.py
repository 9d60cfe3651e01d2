"""Open, create, migrate, check and copy a project file (``.fcproj``), and record every change.

The file is the document: every operation commits at once, in one transaction, with a rollback journal
and ``synchronous=FULL`` so the file on disk is always complete in itself. A file that is not ours, is
damaged, or comes from a newer version is refused *before* SQLite opens it, by reading its 100-byte
header, so a refused file stays byte-for-byte untouched.
"""

from __future__ import annotations

import contextlib
import errno
import getpass
import hashlib
import json
import os
import sqlite3
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench import __version__
from workbench.core.errors import ProjectFileError, StorageError
from workbench.core.ids import new_id, utc_now
from workbench.store import integrity, lock
from workbench.store.schema import (
    APPLICATION_ID,
    DEFAULT_VERDICTS,
    FTS_TABLES,
    MIGRATIONS,
    SCHEMA_VERSION,
)

if TYPE_CHECKING:
    import sqlite_utils

SUFFIX = ".fcproj"
_SQLITE_MAGIC = b"SQLite format 3\x00"
# Article text is kept out of history rows: it never changes after import, and would bloat the file.
_NOT_IN_HISTORY = frozenset({"text", "seq"})


def default_author() -> str:
    """The name written on new and changed rows when the caller gives none."""
    with contextlib.suppress(Exception):  # getpass fails without a login name (containers, services)
        return os.environ.get("WORKBENCH_AUTHOR") or getpass.getuser()
    return ""


@dataclass(frozen=True, slots=True)
class RowImage:
    """One row before and after a change; None for "did not exist". Undo swaps them."""

    table: str
    row_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass(slots=True)
class Changes:
    """What one operation changed: the UI refreshes from this, and undo replays its row images."""

    op: str
    images: list[RowImage] = field(default_factory=list)

    @property
    def tables(self) -> set[str]:
        return {i.table for i in self.images}

    def ids(self, table: str) -> list[str]:
        """Ids of rows of ``table`` touched, in the order they were touched."""
        return list(dict.fromkeys(i.row_id for i in self.images if i.table == table))

    def created(self, table: str) -> list[str]:
        return [i.row_id for i in self.images if i.table == table and i.before is None]


def read_header(path: Path) -> tuple[int, int]:
    """Check ``path`` looks like a complete project file; return ``(application_id, user_version)``.

    Reads bytes only: nothing here can change the file. Raises ProjectFileError with a message for
    the journalist otherwise.
    """
    name = path.name
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            header = fh.read(100)
    except FileNotFoundError:
        raise ProjectFileError(f"{name}: no such file.") from None
    except IsADirectoryError:
        raise ProjectFileError(f"{name}: is a folder, not a project file.") from None
    except OSError as exc:
        raise ProjectFileError(f"{name}: cannot be read ({exc.strerror or exc}).") from exc
    if len(header) < 100 or not header.startswith(_SQLITE_MAGIC):
        raise ProjectFileError(f"{name}: is not a Fact-Check Workbench project (it is not a database file).")
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    change_counter, page_count = struct.unpack(">II", header[24:32])
    valid_for = struct.unpack(">I", header[92:96])[0]
    user_version, app_id = struct.unpack(">iI", header[60:64] + header[68:72])
    if app_id != APPLICATION_ID:
        raise ProjectFileError(
            f"{name}: is a database made by another program, not a Fact-Check Workbench project."
        )
    if user_version > SCHEMA_VERSION:
        raise ProjectFileError(
            f"{name}: was saved by a newer version of Fact-Check Workbench (file format {user_version}; "
            f"this version reads up to {SCHEMA_VERSION}). Update the app to open it; the file was not changed."
        )
    # The in-header page count is trustworthy only when "version-valid-for" matches the change counter.
    # A non-empty rollback journal beside the file means a commit was cut short (crash, power cut): the
    # header may already count pages that were never written, and SQLite restores the file from the
    # journal when it opens it, so such a file must not be refused here.
    journal = path.with_name(path.name + "-journal")
    interrupted = journal.exists() and journal.stat().st_size > 0
    if valid_for == change_counter and page_count and size < page_count * page_size and not interrupted:
        raise integrity.DamagedProjectError(
            f"{name}: is incomplete ({size:,} of {page_count * page_size:,} bytes), perhaps an interrupted "
            "copy or download. Copy it again from the original; the file was not changed.", path=path
        )
    return app_id, user_version


class Project:
    """An open project file. Use ``Project.create``/``Project.open`` and ``close()`` (or ``with``)."""

    def __init__(self, path: Path, conn: sqlite3.Connection, *, author: str, read_only: bool) -> None:
        self.path = path
        self.conn = conn
        self.author = author
        self.read_only = read_only
        self._tx: Tx | None = None
        self._lock: lock.ProjectLock | None = None

    @property
    def db(self) -> sqlite_utils.Database:
        """A sqlite-utils view of the connection, made on first use: importing sqlite-utils costs ~80 ms
        of start-up, and only a few callers need it."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    # -- opening and closing -------------------------------------------------------------------------

    @classmethod
    def create(cls, path: str | Path, *, title: str = "", author: str | None = None) -> Project:
        """Make a new project file at ``path`` (refusing to overwrite) and open it.

        The file is built under a temporary name and renamed into place, so a crash never leaves a
        half-made project behind under the real name.
        """
        path = Path(path)
        if path.exists():
            raise ProjectFileError(f"{path.name}: a file of that name already exists; choose another name.")
        if not path.parent.is_dir():
            raise ProjectFileError(f"{path.parent}: no such folder.")
        tmp = path.with_name(f".{path.name}.{os.getpid()}.creating")
        author = default_author() if author is None else author
        try:
            conn = _connect(tmp)
            try:
                conn.execute("BEGIN EXCLUSIVE")
                MIGRATIONS[0](conn)
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                now = utc_now()
                meta = {
                    "title": title or path.stem,
                    "created_at": now,
                    "created_by": author,
                    "app_version": __version__,
                    "project_id": new_id(),
                }
                conn.executemany("INSERT INTO meta(key, value) VALUES (?, ?)", meta.items())
                for position, (label, color) in enumerate(DEFAULT_VERDICTS):
                    conn.execute(
                        "INSERT INTO verdict_scale(id, label, position, color, created_at, updated_at, "
                        "created_by, updated_by, rev) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (new_id(), label, position, color, now, now, author, author, new_id()),
                    )
                conn.execute("COMMIT")
            finally:
                conn.close()
            os.replace(tmp, path)
        except (OSError, sqlite3.Error) as exc:
            # SQLite reports a full disk as its own error, not as an OSError.
            full = (getattr(exc, "sqlite_errorcode", 0) & 0xFF == _SQLITE_FULL
                    or getattr(exc, "errno", 0) == errno.ENOSPC)
            reason = "the disk is full; free some space and try again" if full else (
                getattr(exc, "strerror", None) or exc)
            raise ProjectFileError(f"{path.name}: cannot be created ({reason}).") from exc
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        return cls.open(path, author=author)

    @classmethod
    def open(cls, path: str | Path, *, author: str | None = None, read_only: bool = False) -> Project:
        """Open an existing project, migrating an older one (after a backup copy) if needed."""
        path = Path(path)
        _app_id, version = read_header(path)
        identity = _file_identity(path)  # the very file checked below (see close)
        if not read_only and not os.access(path, os.W_OK):
            raise lock.read_only_error(path)
        # Editing takes the project's lock (refused while another window edits it); reading never does.
        held = None if read_only else lock.acquire(path)
        try:
            # Before any connection that could run code stored in the file: its schema must be exactly ours,
            # and a file this machine cannot vouch for must pass quick_check (see store.integrity).
            integrity.verify(path, version, writable=not read_only)
            conn = _connect(path, read_only=read_only)
        except sqlite3.Error as exc:
            lock.release(held)
            raise ProjectFileError(f"{path.name}: cannot be opened ({exc}).") from exc
        except BaseException:
            lock.release(held)
            raise
        project = cls(path, conn, author=default_author() if author is None else author, read_only=read_only)
        project._lock = held
        try:
            if version < SCHEMA_VERSION:
                if read_only:
                    raise ProjectFileError(
                        f"{path.name}: uses an older file format and must be upgraded; open it for editing."
                    )
                project._migrate(version)
            # Reading the schema proves the file is a readable database beyond its header.
            conn.execute("SELECT count(*) FROM meta").fetchone()
        except sqlite3.DatabaseError as exc:
            project.close()
            raise integrity.DamagedProjectError(
                f"{path.name}: is damaged and cannot be read ({exc}).", path=path) from exc
        except BaseException:
            project.close()
            raise
        integrity.opened(path)
        project._verified = True
        project._identity = identity
        return project

    def close(self) -> None:
        """Close the file. Every change is already on disk; this only releases it."""
        if self.conn is not None:
            self.conn.close()
            self.conn = None  # type: ignore[assignment]
            if getattr(self, "_verified", False):
                # Remembered as cleanly closed (after editing), so the next open need not read it all; but
                # only the file this project opened: one put in its place meanwhile (a sync client, a
                # colleague's copy) was never checked here and must be read through next time.
                same = getattr(self, "_identity", None) == _file_identity(self.path)
                integrity.closed(self.path, edited=not self.read_only and same)
        held, self._lock = self._lock, None
        lock.release(held)

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- migrations and copies -----------------------------------------------------------------------

    def _migrate(self, version: int) -> None:
        # The backup goes to the per-user backups folder (imported here: backups builds on this module). If
        # it cannot be written, the upgrade is not attempted and the file stays as it was.
        from workbench.store.backups import backup_before

        backup = backup_before(self, "migration", f"Upgrading {self.path.name} from file format {version}")
        self.conn.execute("BEGIN EXCLUSIVE")
        try:
            for v in range(version, SCHEMA_VERSION):
                MIGRATIONS[v](self.conn)
            self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self.conn.execute("COMMIT")
        except Exception as exc:
            # Not "damaged" (the file is fine, the upgrade failed) and never a raw traceback: say so.
            self.conn.execute("ROLLBACK")
            raise ProjectFileError(
                f"{self.path.name}: could not be upgraded from file format {version} to {SCHEMA_VERSION} "
                f"({exc}); the file was not changed. A backup was kept as {backup.path}."
            ) from exc
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    def backup_to(self, dest: str | Path) -> Path:
        """Write a complete copy of the project to ``dest`` with SQLite's backup API (safe while open)."""
        dest = Path(dest)
        tmp = dest.with_name(f".{dest.name}.{os.getpid()}.copying")
        try:
            target = sqlite3.connect(tmp)
            try:
                self.conn.backup(target)
                target.execute("PRAGMA journal_mode=DELETE")
            finally:
                target.close()
            os.replace(tmp, dest)
        except (OSError, sqlite3.Error) as exc:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            raise ProjectFileError(f"{dest.name}: the copy could not be written ({exc}).") from exc
        return dest

    # -- meta ----------------------------------------------------------------------------------------

    def meta(self, key: str, default: str = "") -> str:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    @property
    def title(self) -> str:
        return self.meta("title") or self.path.stem

    # -- checking ------------------------------------------------------------------------------------

    def check(self) -> list[str]:
        """Problems found in the file (empty when healthy): SQLite integrity, foreign keys, the search
        indexes, and the schema's identity."""
        problems: list[str] = []
        rows = [r[0] for r in self.conn.execute("PRAGMA integrity_check")]
        if rows != ["ok"]:
            problems.extend(f"integrity: {r}" for r in rows[:20])
        for table, rowid, parent, _fk in self.conn.execute("PRAGMA foreign_key_check"):
            problems.append(f"{table} row {rowid} points to a missing {parent} row")
        problems.extend(integrity.wrongly_typed(self.conn))
        # Attachments are stored under their sha256 and shared by every file with that content: one
        # whose bytes do not match would stand in for the real file the next time it is attached.
        for sha, size, data in self.conn.execute("SELECT sha256, size, data FROM attachments"):
            if not isinstance(data, bytes) or size != len(data) or sha != hashlib.sha256(data).hexdigest():
                problems.append(f"attached file {str(sha)[:12]}... does not match its checksum")
        for table in FTS_TABLES:
            if self.read_only:
                break  # FTS5's integrity-check is written as an INSERT and needs a writable handle
            try:
                self.conn.execute(f"INSERT INTO {table}_fts({table}_fts, rank) VALUES ('integrity-check', 1)")
            except sqlite3.DatabaseError as exc:
                problems.append(f"search index of {table} is out of date ({exc})")
        app_id = self.conn.execute("PRAGMA application_id").fetchone()[0]
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if app_id != APPLICATION_ID or version != SCHEMA_VERSION:
            problems.append(f"unexpected file identity (application_id {app_id}, format {version})")
        return problems

    # -- writing -------------------------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self, op: str) -> Iterator[Tx]:
        """Run one operation as one transaction; yields a Tx that records every row it changes."""
        if self.read_only:
            raise ProjectFileError(f"{self.path.name}: is open read-only; changes cannot be saved.")
        if self._tx is not None:
            raise RuntimeError("operations do not nest; pass the open Tx down instead")
        tx = Tx(self, op)
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            self._tx = tx
            try:
                yield tx
                self.conn.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise
            finally:
                self._tx = None
        except sqlite3.Error as exc:
            error = storage_error(self.path.name, op, exc)
            if error is None:
                raise
            raise error from exc

    def _rollback(self) -> None:
        # SQLite has already rolled back by itself after some failures (disk full in mid-statement, I/O
        # errors): a second ROLLBACK would fail with "no transaction is active" and hide the real error.
        # A ROLLBACK that fails leaves a hot journal, which SQLite plays back on the next access.
        if self.conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")

    def row(self, table: str, row_id: str) -> dict[str, Any] | None:
        """One row as a dict (without the internal ``seq``), or None."""
        key = "sha256" if table == "attachments" else "id"
        cur = self.conn.execute(f'SELECT * FROM "{table}" WHERE {key} = ?', (row_id,))
        values = cur.fetchone()
        if values is None:
            return None
        names = [d[0] for d in cur.description]
        return {k: v for k, v in zip(names, values, strict=True) if k != "seq"}


class Tx:
    """Writes rows inside an open transaction, stamping them and recording history and row images."""

    def __init__(self, project: Project, op: str) -> None:
        self.project = project
        self.conn = project.conn
        self.changes = Changes(op)
        self.now = utc_now()

    def _history(self, table: str, row_id: str, action: str, rev: str, parent: str, data: dict) -> None:
        self.conn.execute(
            "INSERT INTO history(id, at, author, op, table_name, row_id, action, rev, parent_rev, data) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (new_id(), self.now, self.project.author, self.changes.op, table, row_id, action, rev, parent,
             json.dumps(data, ensure_ascii=False, default=str)),
        )

    def insert(self, table: str, values: dict[str, Any], *, keep_stamps: bool = False) -> dict[str, Any]:
        """Insert a row (a new UUID unless ``values`` has an ``id``); returns the row as stored."""
        row = dict(values)
        row.setdefault("id", new_id())
        if not keep_stamps:
            row.update(created_at=row.get("created_at") or self.now, updated_at=self.now,
                       created_by=row.get("created_by") or self.project.author, updated_by=self.project.author)
        parent = row.get("rev", "") if keep_stamps else ""
        row["rev"] = new_id()
        cols = ", ".join(f'"{c}"' for c in row)
        marks = ", ".join("?" for _ in row)
        self.conn.execute(f'INSERT INTO "{table}" ({cols}) VALUES ({marks})', list(row.values()))
        self.conn.execute("DELETE FROM tombstones WHERE row_id = ?", (row["id"],))
        self._history(table, row["id"], "insert", row["rev"], parent,
                      {k: v for k, v in row.items() if k not in _NOT_IN_HISTORY})
        self.changes.images.append(RowImage(table, row["id"], None, row))
        return row

    def update(self, table: str, row_id: str, values: dict[str, Any]) -> dict[str, Any]:
        """Change some columns of a row; a no-op (and no history) when nothing actually differs."""
        before = self.project.row(table, row_id)
        if before is None:
            raise KeyError(f"{table} {row_id}")
        diff = {k: v for k, v in values.items() if before.get(k) != v}
        if not diff:
            return before
        diff.update(updated_at=self.now, updated_by=self.project.author, rev=new_id())
        sets = ", ".join(f'"{c}" = ?' for c in diff)
        self.conn.execute(f'UPDATE "{table}" SET {sets} WHERE id = ?', [*diff.values(), row_id])
        after = {**before, **diff}
        self._history(table, row_id, "update", diff["rev"], before.get("rev", ""),
                      {k: [before.get(k), v] for k, v in diff.items() if k not in _NOT_IN_HISTORY})
        self.changes.images.append(RowImage(table, row_id, before, after))
        return after

    def delete(self, table: str, row_id: str) -> dict[str, Any] | None:
        """Delete a row, leaving a tombstone so a later merge knows it was deleted, not never made."""
        before = self.project.row(table, row_id)
        if before is None:
            return None
        rev = new_id()
        self.conn.execute(f'DELETE FROM "{table}" WHERE id = ?', (row_id,))
        self.conn.execute(
            "INSERT OR REPLACE INTO tombstones(row_id, table_name, deleted_at, deleted_by, rev) "
            "VALUES (?, ?, ?, ?, ?)",
            (row_id, table, self.now, self.project.author, rev),
        )
        self._history(table, row_id, "delete", rev, before.get("rev", ""),
                      {k: v for k, v in before.items() if k not in _NOT_IN_HISTORY})
        self.changes.images.append(RowImage(table, row_id, before, None))
        return before

    def set_meta(self, key: str, value: str) -> None:
        """Set a project-level value (title...), recorded like a row so it can be undone."""
        old = self.project.meta(key, "")
        if old == value:
            return
        self.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))
        self._history("meta", key, "update", new_id(), "", {"value": [old, value]})
        self.changes.images.append(RowImage("meta", key, {"value": old}, {"value": value}))

    def restore(self, image: RowImage, *, to_before: bool) -> None:
        """Put a row back the way ``image`` recorded it (undo: before; redo: after)."""
        target = image.before if to_before else image.after
        if image.table == "meta":
            self.set_meta(image.row_id, (target or {}).get("value", ""))
            return
        current = self.project.row(image.table, image.row_id)
        if target is None:
            if current is not None:
                self.delete(image.table, image.row_id)
        elif current is None:
            self.insert(image.table, target, keep_stamps=True)
        else:
            # Only the fields this change touched: a field changed since by someone else (a merge, another
            # step) keeps its value instead of being rolled back with it.
            other = image.after if to_before else image.before
            fields = {k: v for k, v in target.items()
                      if k not in ("id", "rev", "updated_at", "updated_by", "created_at", "created_by")
                      and (other is None or other.get(k) != v)}
            self.update(image.table, image.row_id, fields)

    def put_attachment(self, sha256: str, data: bytes) -> None:
        """Store file content once per sha256, however many sources attach it."""
        self.conn.execute(
            "INSERT OR IGNORE INTO attachments(sha256, size, data, created_at) VALUES (?, ?, ?, ?)",
            (sha256, len(data), data, self.now),
        )


# SQLite result codes (the low byte is the primary code) meaning the storage under the file failed, not
# that a query was wrong: https://sqlite.org/rescode.html
_SQLITE_BUSY, _SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_CORRUPT = 5, 8, 10, 11
_SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 13, 14, 26
_SQLITE_READONLY_DBMOVED = 1032


def storage_error(name: str, op: str, exc: sqlite3.Error) -> StorageError | None:
    """The journalist's version of a failed write to project ``name`` during ``op``; None when ``exc`` is
    not about the storage (a constraint or a query error is a bug, and keeps its own traceback)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        return None
    primary = code & 0xFF
    safe = "everything saved before is safe"
    if primary == _SQLITE_FULL:
        why, then = "the disk is full", f"Free some space on it and try again; {safe}."
    elif code == _SQLITE_READONLY_DBMOVED:
        why = "the file was moved, renamed or deleted while it was open"
        then = "Use File → Save a copy to keep the work shown in this window, then open that copy."
    elif primary in (_SQLITE_READONLY, _SQLITE_CANTOPEN):
        why = "its folder or disk cannot be written any more (read-only, or the disk was removed)"
        then = f"Make it writable or reconnect the disk and try again, or save a copy elsewhere; {safe}."
    elif primary == _SQLITE_IOERR:
        why = ("the disk reported an error while writing (a removed USB stick, a lost network drive, or a "
               "file grown too large for the disk)")
        then = f"Reconnect it and try again; {safe}."
    elif primary == _SQLITE_BUSY:
        why = "another program is using the file"
        then = f"Close that program and try again; {safe}."
    elif primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        why = "the file is damaged"
        then = "Run Tools → Check project file, and keep working on a backup copy; nothing of this change was saved."
    else:
        return None
    return StorageError(f"{name}: “{op}” was not saved: {why}. {then}")


def _file_identity(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def _connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    if read_only:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None,
                               timeout=5.0)
        # Nothing read-only needs schema code; editing connections cannot turn this off, because FTS5
        # refuses writes from our own triggers without it (store.integrity proves the schema is ours).
        conn.execute("PRAGMA trusted_schema=OFF")
    else:
        conn = sqlite3.connect(path, isolation_level=None, timeout=5.0)
        # A rollback journal (no -wal/-shm files beside the project) and a full fsync on every commit:
        # the file alone is always a complete, consistent project, safe to copy to a USB stick.
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    return conn
