"""Everything between a path and an open, trusted connection: opening (header, lock, checks, migration),
creating, closing, and removing foreign objects so a refused file can be opened.

A file that is not ours, is damaged, or comes from a newer version is refused *before* SQLite opens it
for editing, by reading its header (``store.header``) and checking it (``store.trust``), so a refused file
stays byte-for-byte untouched. An older file is migrated in one exclusive transaction after a backup copy
(``store.backups``; this is the one module of the store that makes backups). ``Project`` (``store.project``)
wraps what this module opens.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workbench import __version__
from workbench.core.errors import DamagedProjectError, ProjectFileError
from workbench.core.ids import new_id, utc_now
from workbench.store import dberrors, lock, open_keys, schema, trust
from workbench.store.connect import (
    Connection,
    Mode,
    build_database_file,
    connect,
    is_corrupt,
    is_hot_journal,
    transaction,
)
from workbench.store.header import check_identity, read_header
from workbench.store.lock import ProjectLock
from workbench.store.open_files import FileKey, file_key
from workbench.store.raw_schema import RawSchemaError, nonstandard_internal_tables
from workbench.store.schema_guard import (
    Difference,
    SchemaObject,
    foreign_error,
    repair,
    repairable,
    schema_differences,
)

if TYPE_CHECKING:
    from workbench.store.cipher import CipherKey


@dataclass(eq=False, slots=True)
class OpenedFile:
    """A project file opened by ``open_file``: its connection, the editing lock held on it (None when
    read-only), and the identity of the very file that was checked."""

    path: Path
    conn: Connection
    read_only: bool = True
    key: FileKey | None = None
    lock: ProjectLock | None = None
    cipher_key: CipherKey | None = None  # the file is encrypted with this key (kept for every connection)
    scratch: Path | None = None  # a private folder holding an upgraded copy read instead (removed on close)


def open_file(path: Path, *, read_only: bool, cipher_key: CipherKey | None = None,
              backup: bool = True) -> OpenedFile:
    """Check and open the project at ``path``, migrating an older one (after a backup copy, unless not
    ``backup``). Raises ProjectFileError (or one of its kinds) with the journalist's message.

    An older file opened ``read_only`` (a colleague's copy to merge in, a file in a read-only folder) is
    left as it is: an upgraded copy of it in a private temporary folder is read instead
    (``_open_upgraded_copy``).

    ``cipher_key``: the file is encrypted, and this key (from ``cipher.unlock``) opens it; without one an
    encrypted file raises PassphraseRequired, untouched."""
    if cipher_key is None:
        _app_id, version = read_header(path)
    else:
        version = encrypted_identity(path, cipher_key, writable=not read_only)
    if read_only and version < schema.SCHEMA_VERSION:
        return _open_upgraded_copy(path, version, cipher_key)
    key = file_key(path)  # the very file checked below (see close_file)
    if not read_only and not os.access(path, os.W_OK):
        raise lock.read_only_error(path)
    # Editing takes the project's lock (refused while another window edits it); reading never does.
    held = None if read_only else lock.acquire(path)
    try:
        # Before any connection that could run code stored in the file: SQLite's own tables must be SQLite's
        # (they are evaluated as the schema is read: store.raw_schema), its schema must be exactly ours, and
        # a file this machine cannot vouch for must pass quick_check (see store.trust).
        if cipher_key is None:  # (encrypted pages cannot be parsed without SQLite; their HMACs vouch for them)
            refuse_code_in_internal_tables(path)
        trust.verify(path, version, writable=not read_only, key=cipher_key)
        conn = connect(path, "read" if read_only else "edit", key=cipher_key)
    except dberrors.Error as exc:
        lock.release(held)
        raise ProjectFileError(f"{path.name}: cannot be opened ({exc}).") from exc
    except BaseException:
        lock.release(held)
        raise
    opened = OpenedFile(path, conn, read_only, key, held, cipher_key)
    try:
        if version < schema.SCHEMA_VERSION:
            _migrate(opened, version, backup=backup)
        # Reading the schema proves the file is a readable database beyond its header.
        conn.execute("SELECT count(*) FROM meta").fetchone()
    except dberrors.DatabaseError as exc:
        _release(opened)
        raise DamagedProjectError(f"{path.name}: is damaged and cannot be read ({exc}).", path=path) from exc
    except BaseException:
        _release(opened)
        raise
    trust.opened(key)
    open_keys.hold(cipher_key, +1)
    return opened


def encrypted_identity(path: Path, cipher_key: CipherKey, *, writable: bool) -> int:
    """The file format of the encrypted project ``path``, after refusing (like ``read_header`` for a plain
    file, same messages) a key that does not open it, another program's database or a newer format. An
    interrupted commit is rolled back first when ``writable`` (the key was proven, so SQLite may)."""
    from workbench.store import cipher

    name = path.name
    if cipher.file_kind(path) != "encrypted" or not cipher.key_opens(path, cipher_key):
        # (unlock raises the precise error: damaged start, incomplete file, wrong passphrase)
        raise cipher.PassphraseError(
            f"{name}: the passphrase is wrong, or the file is not a project encrypted by Fact-Check Workbench "
            "(another program's, or a newer version's). The file was not changed.")
    def identity(mode: Mode) -> tuple[int, int]:
        conn = connect(path, mode, key=cipher_key)
        try:
            return (int(conn.execute("PRAGMA application_id").fetchone()[0]),
                    int(conn.execute("PRAGMA user_version").fetchone()[0]))
        finally:
            conn.close()

    try:
        try:
            ids = identity("damaged")
        except dberrors.OperationalError as exc:
            if not (writable and is_hot_journal(exc)):
                raise
            ids = identity("repair")  # reading through a writable connection rolls the journal back
    except dberrors.DatabaseError as exc:
        if is_corrupt(exc):
            raise trust.damaged_error(path, str(exc)) from exc
        if is_hot_journal(exc):
            raise ProjectFileError(
                f"{name}: was being saved when the program stopped; open it for editing once so the "
                "unfinished change can be rolled back.") from exc
        raise ProjectFileError(f"{name}: cannot be read ({exc}).") from exc
    check_identity(name, *ids)
    return ids[1]


def refuse_code_in_internal_tables(path: Path) -> None:
    """Raise ForeignSchemaError (repairable) when a table SQLite loads by itself as it reads the schema has a
    definition other than SQLite's — checked from the file's bytes, before SQLite reads anything."""
    try:
        bad = nonstandard_internal_tables(path)
    except (RawSchemaError, OSError):
        return  # unreadable schema pages: the checks that follow report the damage
    if bad:
        raise foreign_error(path, [Difference("changed", SchemaObject("table", e.name, e.name, e.sql))
                                   for e in bad])


def close_file(opened: OpenedFile) -> None:
    """Close what ``open_file`` opened. Every change is already on disk; a clean close after editing is
    remembered (``store.trust``), so the next open need not read the whole file."""
    opened.conn.close()
    if opened.key is not None:
        # Only the file this project opened: one put in its place meanwhile (a sync client, a colleague's
        # copy) was never checked here and must be read through next time.
        same = opened.key == file_key(opened.path)
        trust.closed(opened.path, opened.key, edited=not opened.read_only and same)
    _release(opened, close=False)
    open_keys.hold(opened.cipher_key, -1)
    if opened.scratch is not None:
        import shutil

        shutil.rmtree(opened.scratch, ignore_errors=True)


def _release(opened: OpenedFile, *, close: bool = True) -> None:
    if close:
        opened.conn.close()
    held, opened.lock = opened.lock, None
    lock.release(held)


def _open_upgraded_copy(path: Path, version: int, cipher_key: CipherKey | None) -> OpenedFile:
    """Open an older-format file read-only without changing it: copy it (with an interrupted save's
    journal, so the copy rolls it back) into a private temporary folder (0700), upgrade the copy there, and
    read that. An encrypted file's copy stays encrypted: nothing of it is written in plain text. The file
    itself is checked first, so a refusal names it (and the command that repairs it), not the copy."""
    import shutil
    import tempfile

    if cipher_key is None:
        refuse_code_in_internal_tables(path)
    trust.verify(path, version, writable=False, key=cipher_key)
    scratch = Path(tempfile.mkdtemp(prefix="workbench-upgrade-"))
    try:
        copy = scratch / path.name
        try:
            shutil.copyfile(path, copy)
            journal = path.with_name(path.name + "-journal")
            if journal.exists():
                shutil.copyfile(journal, copy.with_name(copy.name + "-journal"))
        except OSError as exc:
            raise ProjectFileError(f"{path.name}: uses an older file format, and an upgraded copy to read could "
                                   f"not be made ({exc.strerror or exc}); the file was not changed.") from exc
        upgrading = open_file(copy, read_only=False, cipher_key=cipher_key, backup=False)
        try:
            # Opened for reading while the upgrade's connection is still open, so the copy is not read through
            # again, and closed after it, so the copy is not recorded as a cleanly closed project (store.trust).
            opened = open_file(copy, read_only=True, cipher_key=cipher_key)
        finally:
            close_file(upgrading)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    opened.scratch = scratch
    return opened


def _migrate(opened: OpenedFile, version: int, *, backup: bool = True) -> None:
    from workbench.store.backups import backup_before  # (not loaded for a file that needs no upgrade)

    # If the backup cannot be written, the upgrade is not attempted and the file stays as it was.
    made = backup_before(opened, "migration", f"Upgrading {opened.path.name} from file format {version}") \
        if backup else None
    conn = opened.conn
    # Rebuilding a table (schema.transform_table) drops the old one: with foreign-key actions on, that
    # would act on the rows pointing at it. Off (only possible outside a transaction), and checked before
    # the commit instead: the upgrade may leave no more dangling rows than the file had.
    conn.execute("PRAGMA foreign_keys=OFF")
    try:
        with transaction(conn, "EXCLUSIVE"):
            dangling = len(conn.execute("PRAGMA foreign_key_check").fetchall())
            schema.migrate(conn, version)
            if len(conn.execute("PRAGMA foreign_key_check").fetchall()) > dangling:
                raise sqlite3.IntegrityError("rows would point at rows that no longer exist")
            conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION}")
    except Exception as exc:
        # Not "damaged" (the file is fine, the upgrade failed) and never a raw traceback: say so.
        raise ProjectFileError(
            f"{opened.path.name}: could not be upgraded from file format {version} to "
            f"{schema.SCHEMA_VERSION} ({exc}); the file was not changed."
            + (f" A backup was kept as {made.path}." if made is not None else "")
        ) from exc
    finally:
        conn.execute("PRAGMA foreign_keys=ON")


def create_file(path: Path, *, title: str, author: str, cipher_key: CipherKey | None = None) -> None:
    """Make a new project file at ``path`` (refusing to overwrite), closed; encrypted with ``cipher_key``
    (``cipher.new_key``: its salt becomes the file's) when given.

    The file is built under a temporary name and renamed into place, so a crash never leaves a half-made
    project behind under the real name.
    """
    if path.exists():
        raise ProjectFileError(f"{path.name}: a file of that name already exists; choose another name.")
    if not path.parent.is_dir():
        raise ProjectFileError(f"{path.parent}: no such folder.")

    def build(tmp: Path) -> None:
        conn = connect(tmp, "edit", key=cipher_key, create=cipher_key is not None)
        try:
            with transaction(conn, "EXCLUSIVE"):
                schema.migrate(conn, 0)
                conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION}")
                now = utc_now()
                meta = {
                    "title": title or path.stem,
                    "created_at": now,
                    "created_by": author,
                    "app_version": __version__,
                    "project_id": new_id(),
                }
                conn.executemany("INSERT INTO meta(key, value) VALUES (?, ?)", meta.items())
                for position, (label, color) in enumerate(schema.DEFAULT_VERDICTS):
                    conn.execute(
                        "INSERT INTO verdict_scale(id, label, position, color, created_at, updated_at, "
                        "created_by, updated_by, rev) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (new_id(), label, position, color, now, now, author, author, new_id()),
                    )
        finally:
            conn.close()

    build_database_file(path, build, partial_suffix=".creating", failed="cannot be created")


def remove_foreign_objects(path: str | Path) -> list[str]:
    """Drop every database object of ``path`` that this app did not make and put back our own definitions
    of any it changed or lost; returns what was done, one line per object.

    A backup copy is made first (the per-user backups). Everything happens in one transaction: on any
    failure the file is as it was. Raises ForeignSchemaError when the file's own tables were changed (those
    cannot be put right without losing data: salvage instead).
    """
    path = Path(path)
    _app_id, version = read_header(path)
    probe = connect(path, "damaged")
    try:
        differences = schema_differences(probe, version)
    except dberrors.DatabaseError as exc:
        if is_corrupt(exc):
            raise trust.damaged_error(path, str(exc)) from exc
        raise ProjectFileError(f"{path.name}: cannot be read ({exc}).") from exc
    finally:
        probe.close()
    if not differences:
        return []
    if not repairable(differences):
        raise foreign_error(path, differences)
    held = lock.acquire(path)  # no window may edit it meanwhile (refused while one does)
    try:
        try:
            _backup_before_repair(path)
        except ProjectFileError as exc:
            raise ProjectFileError(
                f"{path.name}: could not be backed up before removing them ({exc}), so nothing was changed. "
                f'Salvage what can be read into a new project instead: workbench salvage "{path}" NEW.fcproj.'
            ) from exc
        done = repair(path, version, differences)
    finally:
        lock.release(held)
    # The repaired file is checked like any file this machine has not vouched for.
    trust.verify(path, version, writable=True)
    return done


def _backup_before_repair(path: Path) -> None:
    # SQLite's backup API copies pages; no schema code runs, and an entry SQLite cannot parse must not stop
    # the copy (the "damaged" mode lists it).
    from workbench.store.backups import make_backup

    conn = connect(path, "damaged")
    try:
        # There is no reason of its own for a repair; the closest: the journalist asked for it.
        make_backup(OpenedFile(path, conn), "manual")
    finally:
        conn.close()
