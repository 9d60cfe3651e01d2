"""Every SQLite connection to a project file is made here, in one of five modes, and SQLite's errors are
read here (is the file damaged? did the disk fail under a write?).

Modes:

- ``edit``: read-write, for a file whose schema was proved to be exactly ours (``store.trust``). A
  rollback journal (no -wal/-shm files beside the project) and a full fsync on every commit: the file
  alone is always a complete, consistent project, safe to copy to a USB stick. Foreign keys on.
  ``trusted_schema`` stays on: FTS5 refuses writes from our own triggers without it.
- ``read``: read-only, and runs no code stored in the file (``trusted_schema`` off).
- ``damaged``: ``read``, and lists even schema entries SQLite cannot parse (``writable_schema``; nothing
  can be written through a read-only connection): for comparing a schema, backing up a file before its
  repair, and salvage.
- ``immutable``: ``damaged``, reading the file exactly as it is on disk, ignoring a journal beside it
  (salvage of a file whose interrupted commit cannot be rolled back without writing to it).
- ``repair``: read-write but trusting nothing: no schema code, no foreign-key actions, unparseable
  entries listed. For rolling back an interrupted commit before the checks, and removing foreign objects.
"""

from __future__ import annotations

import contextlib
import errno
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from workbench.core.atomic import build_atomically
from workbench.core.errors import ProjectFileError, StorageError
from workbench.store import dberrors
from workbench.store.header import in_wal_mode

if TYPE_CHECKING:
    from workbench.store.cipher import CipherKey

# A connection of either library: the standard ``sqlite3`` (plain projects) or ``sqlcipher3`` (encrypted
# ones, store.cipher), which has the same API.
Connection = Any

Mode = Literal["edit", "read", "damaged", "immutable", "repair"]
MAX_VALUE_BYTES = 128 * 1024 * 1024
_SCHEMA_VALUE_BYTES = 64 * 1024  # far above any real statistics row
_TIMEOUT = 5.0  # seconds to wait for another connection's write (a backup step, another window's commit)


_CIPHER_MODES = {"edit": "rw", "repair": "rw", "read": "ro", "damaged": "ro", "immutable": "immutable"}


def connect(path: Path, mode: Mode = "edit", *, any_thread: bool = False, key: CipherKey | None = None,
            create: bool = False) -> Connection:
    """A connection to the project file at ``path`` in ``mode`` (module docstring), in autocommit mode:
    transactions are begun explicitly. ``any_thread`` lets a worker thread use it (one at a time).

    With ``key`` the file is an encrypted project (``store.cipher``; its passphrase was proven with
    ``cipher.unlock`` first); ``create`` makes a new encrypted file (``edit`` only). The cipher library is
    imported only here, in that branch: plain projects never load it."""
    if key is not None:
        from workbench.store import cipher

        conn = cipher.connect(path, key, mode="create" if create else _CIPHER_MODES[mode],  # type: ignore[arg-type]
                              timeout=_TIMEOUT, any_thread=any_thread)
    elif mode in ("edit", "repair"):
        conn = sqlite3.connect(path, isolation_level=None, timeout=_TIMEOUT, check_same_thread=not any_thread)
    else:
        immutable = mode == "immutable" or (in_wal_mode(path) and _nothing_logged(path))
        uri = f"{path.resolve().as_uri()}?mode=ro" + ("&immutable=1" if immutable else "")
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=_TIMEOUT,
                               check_same_thread=not any_thread)
    _configure(conn, mode)
    return conn


def _nothing_logged(path: Path) -> bool:
    """Whether a file another program switched to write-ahead logging can be read as it is on disk: no log
    beside it, or an empty one that nobody has open (no -shm file: another program truncated its log and
    closed, or the file was copied with it). Read any other way, SQLite would leave a -wal and a -shm file
    beside it, which a read-only connection cannot clean up. A log that holds something (committed changes
    not yet in the file), or one another program has open, must be read through SQLite's shared memory."""
    try:
        logged = path.with_name(path.name + "-wal").stat().st_size
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return logged == 0 and not path.with_name(path.name + "-shm").exists()


def _configure(conn: Connection, mode: Mode) -> None:
    # Text that is not UTF-8 (a flipped bit in an article) is read with U+FFFD in place of the bad bytes
    # instead of failing every query that touches the row: the damage is reported by ``check`` (the
    # article's checksum) and salvage keeps the readable rest.
    conn.text_factory = _tolerant_text
    try:
        # Before anything reads the file. No value may grow past what a project holds (the largest are 50 MB
        # attachments and originals): an expression stored in the file (store.raw_schema) that builds a huge
        # string fails at once instead of taking minutes and gigabytes.
        # Reading the schema loads the planner's statistics from sqlite_stat1, evaluating whatever its
        # definition says: read it first under a tiny limit, so a hostile definition (store.raw_schema) fails
        # at once. The schema is loaded all the same and the statistics are not; damage found here is met
        # again, and reported, by whatever reads the file next.
        _load_schema_safely(conn, keep_writable_schema=mode not in ("edit", "read"))
        # What may run, and what may be listed, from its schema.
        if mode != "edit":
            conn.execute("PRAGMA trusted_schema=OFF")
        if mode in ("damaged", "immutable", "repair"):
            conn.execute("PRAGMA writable_schema=ON")
        conn.execute(f"PRAGMA foreign_keys={'OFF' if mode == 'repair' else 'ON'}")
        if mode in ("edit", "repair"):
            conn.execute("PRAGMA journal_mode=DELETE")
            conn.execute("PRAGMA synchronous=FULL")
    except BaseException:
        conn.close()
        raise


def _tolerant_text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def _load_schema_safely(conn: Connection, *, keep_writable_schema: bool = False) -> None:
    # writable_schema is what lets an error while loading the statistics leave the schema loaded.
    # sqlcipher3's connections have no setlimit (and read the schema as they open, to prove the key): an
    # encrypted file's schema can only have been written by someone holding its passphrase.
    limits = hasattr(conn, "setlimit")
    if limits:
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, _SCHEMA_VALUE_BYTES)
    conn.execute("PRAGMA writable_schema=ON")
    with contextlib.suppress(*dberrors.DatabaseError):
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    if not keep_writable_schema:
        conn.execute("PRAGMA writable_schema=OFF")
    if limits:
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)


def copy_database(source: Connection, dest: Path,
                  copy: Callable[[Connection, Connection], None] | None = None, *,
                  key: CipherKey | None = None) -> None:
    """Write a complete copy of the database open on ``source`` to the new file ``dest`` with SQLite's
    backup API (safe while it is open, never a file copy), in rollback-journal mode like every project.
    ``copy(source, target)`` replaces the one-step copy (``store.backups`` copies in small steps).
    ``key``: the source is encrypted with it, and so is the copy (same key and salt, so the same
    passphrase opens it; the backup API never copies between a plain and an encrypted file)."""
    if key is not None:
        from workbench.store import cipher

        target = cipher.connect(dest, key, mode="create")
    else:
        target = sqlite3.connect(dest, isolation_level=None)
    try:
        if copy is None:
            source.backup(target)
        else:
            copy(source, target)
        _load_schema_safely(target)  # the copy carries whatever the original's schema holds
        target.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()


@contextlib.contextmanager
def transaction(conn: Connection, begin: Literal["IMMEDIATE", "EXCLUSIVE"] = "IMMEDIATE") -> Iterator[Connection]:
    """One write transaction on ``conn`` (autocommit mode, as ``connect`` makes it): ``BEGIN IMMEDIATE`` (or
    ``EXCLUSIVE``), COMMIT when the block ends, ROLLBACK when anything escapes it."""
    conn.execute(f"BEGIN {begin}")
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        rollback(conn)
        raise


@contextlib.contextmanager
def snapshot(conn: Connection) -> Iterator[Connection]:
    """One read transaction on ``conn``: everything read inside the block comes from one consistent state
    of the file (a colleague's copy being merged, a project being backed up); it is always rolled back."""
    conn.execute("BEGIN")
    try:
        yield conn
    finally:
        conn.execute("ROLLBACK")


def rollback(conn: Connection) -> None:
    """Roll back ``conn``'s open transaction, if it still has one."""
    # SQLite has already rolled back by itself after some failures (disk full in mid-statement, I/O
    # errors): a second ROLLBACK would fail with "no transaction is active" and hide the real error.
    # A ROLLBACK that fails leaves a hot journal, which SQLite plays back on the next access.
    if conn.in_transaction:
        with contextlib.suppress(*dberrors.Error):
            conn.execute("ROLLBACK")


# SQLite result codes (the low byte is the primary code) meaning the storage under the file failed, not
# that a query was wrong: https://sqlite.org/rescode.html
SQLITE_BUSY, SQLITE_READONLY, SQLITE_IOERR, SQLITE_CORRUPT = 5, 8, 10, 11
SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 13, 14, 26
SQLITE_READONLY_DBMOVED = 1032
SQLITE_READONLY_ROLLBACK = 776


def is_corrupt(exc: BaseException) -> bool:
    """Whether ``exc`` says the file is damaged (or not a database at all)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return True
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text or "corrupt" in text


def is_hot_journal(exc: BaseException) -> bool:
    """Whether a read-only connection met a journal left by an interrupted commit (only a writable
    connection can roll it back)."""
    return (getattr(exc, "sqlite_errorcode", None) == SQLITE_READONLY_ROLLBACK
            or "readonly" in str(exc).replace(" ", "").lower())


def is_disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` (from SQLite or the OS) says the disk is full; SQLite reports it as its own error."""
    return (getattr(exc, "sqlite_errorcode", 0) & 0xFF == SQLITE_FULL
            or getattr(exc, "errno", 0) == errno.ENOSPC)


def storage_reason(exc: BaseException) -> str:
    """Why a write failed (``exc`` from SQLite or the OS), in the journalist's words: a full disk said as such."""
    if is_disk_full(exc):
        return "the disk is full; free some space and try again"
    return getattr(exc, "strerror", None) or str(exc)


def build_database_file(path: Path, build: Callable[[Path], object], *, partial_suffix: str, failed: str) -> Path:
    """``build_atomically`` for a whole database file; an OSError or SQLite error while building it becomes
    ProjectFileError "<name>: <failed> (<why>)." naming a full disk as such."""
    try:
        return build_atomically(path, build, partial_suffix=partial_suffix)
    except (OSError, *dberrors.Error) as exc:
        raise ProjectFileError(f"{path.name}: {failed} ({storage_reason(exc)}).") from exc


def storage_error(name: str, op: str, exc: BaseException) -> StorageError | None:
    """The journalist's version of a failed write to project ``name`` during ``op``; None when ``exc`` is
    not about the storage (a constraint or a query error is a bug, and keeps its own traceback)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        return None
    primary = code & 0xFF
    safe = "everything saved before is safe"
    if primary == SQLITE_FULL:
        why, then = "the disk is full", f"Free some space on it and try again; {safe}."
    elif code == SQLITE_READONLY_DBMOVED:
        why = "the file was moved, renamed or deleted while it was open"
        then = "Use File → Save a copy to keep the work shown in this window, then open that copy."
    elif primary in (SQLITE_READONLY, SQLITE_CANTOPEN):
        why = "its folder or disk cannot be written any more (read-only, or the disk was removed)"
        then = f"Make it writable or reconnect the disk and try again, or save a copy elsewhere; {safe}."
    elif primary == SQLITE_IOERR:
        why = ("the disk reported an error while writing (a removed USB stick, a lost network drive, or a "
               "file grown too large for the disk)")
        then = f"Reconnect it and try again; {safe}."
    elif primary == SQLITE_BUSY:
        why = "another program is using the file"
        then = f"Close that program and try again; {safe}."
    elif primary in (SQLITE_CORRUPT, SQLITE_NOTADB):
        why = "the file is damaged"
        then = "Run Tools → Check project file, and keep working on a backup copy; nothing of this change was saved."
    else:
        return None
    return StorageError(f"{name}: “{op}” was not saved: {why}. {then}")
