"""Whether a project file can be trusted before an editing connection runs anything from it.

Two checks run inside ``Project.open`` (``store.opening``) before anything can change the file or run code
stored in it:

1. **Its schema is exactly ours** (``store.schema_guard``); otherwise ``ForeignSchemaError`` names what
   differs.
2. **Its pages are sound.** This machine keeps a record (``user_data_dir()/seen-projects.json``) of each
   project it closed cleanly after editing: size, modification time and SQLite's change counter. A file
   that does not match (new, from a colleague, changed elsewhere, or not closed after a crash), and is not
   open in this process already (``store.open_files``), gets ``PRAGMA quick_check`` and a scan for values
   of the wrong kind before it is trusted; a damaged one raises ``DamagedProjectError`` and nothing is
   written to it.

Triggers of our own need ``trusted_schema`` on (FTS5 refuses to be written from a trigger otherwise), so
editing connections keep it on: they are opened only after the schema was proved to be exactly ours.
The connections these checks use run nothing from the file (``store.connect``).
"""

from __future__ import annotations

import contextlib
import json
import os
import struct
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.core.atomic import write_json_atomically
from workbench.core.errors import DamagedProjectError, OpenCancelled, ProjectFileError
from workbench.core.ids import utc_now
from workbench.core.paths import user_data_dir
from workbench.store import dberrors, open_files
from workbench.store.checks import wrongly_typed
from workbench.store.connect import Connection, connect, is_corrupt, is_hot_journal
from workbench.store.open_files import FileKey
from workbench.store.schema_guard import foreign_error, schema_differences

if TYPE_CHECKING:
    from workbench.store.cipher import CipherKey

SEEN_FILE = "seen-projects.json"
_SEEN_LIMIT = 500  # projects remembered per machine; the oldest are forgotten (and simply checked again)
_counters: dict[str, int] = {"quick_check": 0}  # how often the full read ran (tests count it)


def damaged_error(path: Path, detail: str) -> DamagedProjectError:
    """The refusal of a damaged file, with both ways out."""
    return DamagedProjectError(
        f"{path.name}: is damaged ({detail}); it was not opened and nothing was written to it. Restore it "
        f'from a backup, or salvage what can be read into a new project: run workbench salvage "{path}" '
        "NEW.fcproj, or open it in the window for both choices.",
        path=path,
    )


def verify(path: Path, version: int, *, writable: bool, key: CipherKey | None = None) -> None:
    """Refuse ``path`` unless its schema is exactly ours and (when this machine cannot vouch for it) its
    pages pass ``quick_check``. Writes nothing to the file, except that an editing open lets SQLite finish
    rolling back an interrupted commit first (which it would do anyway).

    ``key``: the file is encrypted with it (proven by ``cipher.unlock`` or ``key_opens`` already): every
    connection here is keyed, and the checks are the same. Raises ForeignSchemaError or DamagedProjectError.
    """
    try:
        conn = connect(path, "damaged", key=key)
    except dberrors.Error as exc:
        raise ProjectFileError(f"{path.name}: cannot be opened ({exc}).") from exc
    try:
        try:
            _verify_on(conn, path, version)
        except dberrors.OperationalError as exc:
            if not is_hot_journal(exc):
                raise
            conn.close()
            if not writable:
                raise ProjectFileError(
                    f"{path.name}: was being saved when the program stopped; open it for editing once so "
                    "the unfinished change can be rolled back."
                ) from exc
            conn = _rollback_journal(path, key)
            _verify_on(conn, path, version)
    except dberrors.DatabaseError as exc:
        if is_corrupt(exc):
            raise damaged_error(path, str(exc)) from exc
        raise ProjectFileError(f"{path.name}: cannot be read ({exc}).") from exc
    finally:
        conn.close()


def _rollback_journal(path: Path, key: CipherKey | None = None) -> Connection:
    # Reading through a writable connection makes SQLite restore the pages the journal saved; nothing in
    # the schema runs for that. The connection is then used read-only for the checks.
    conn = connect(path, "repair", key=key)
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.execute("PRAGMA query_only=ON")
    return conn


def _verify_on(conn: Connection, path: Path, version: int) -> None:
    # The connection lists even a broken or hostile entry (writable_schema) for the comparison; the page
    # checks read the schema as SQLite itself does.
    differences = schema_differences(conn, version)
    conn.execute("PRAGMA writable_schema=OFF")
    if differences:
        raise foreign_error(path, differences)
    if is_vouched_for(path):
        return
    _counters["quick_check"] += 1
    with _watched(conn, path):
        rows = [r[0] for r in conn.execute("PRAGMA quick_check(20)")]
        wrong = [] if rows != ["ok"] else wrongly_typed(conn)
    if rows != ["ok"]:
        raise damaged_error(path, rows[0] if len(rows) == 1 else f"{rows[0]}; and {len(rows) - 1} more problems")
    if wrong:
        raise damaged_error(path, wrong[0] if len(wrong) == 1 else f"{wrong[0]}; and {len(wrong) - 1} more problems")


# Called now and then while a whole file is read (quick_check of a file this machine cannot vouch for: a
# 200 MB project takes seconds); returns True to stop. The window shows a "Checking…" note with Cancel.
_watcher: ContextVar[Callable[[], bool] | None] = ContextVar("trust_watcher", default=None)
_WATCH_EVERY = 20_000  # SQLite virtual-machine steps between two calls (~a few ms)


@contextmanager
def watching(callback: Callable[[], bool]) -> Iterator[None]:
    """While in this block, ``callback()`` is called during every full read of a file, and stops it (the
    open raises OpenCancelled, the file unchanged) by returning True."""
    token = _watcher.set(callback)
    try:
        yield
    finally:
        _watcher.reset(token)


@contextmanager
def _watched(conn: Connection, path: Path) -> Iterator[None]:
    """The reads in this block call the watcher (``watching``) now and then; OpenCancelled if it says stop."""
    watcher = _watcher.get()
    if watcher is None:
        yield
        return
    conn.set_progress_handler(lambda: 1 if watcher() else 0, _WATCH_EVERY)
    try:
        yield
    except dberrors.OperationalError as exc:
        if "interrupt" in str(exc).lower():
            raise OpenCancelled(f"{path.name}: opening was cancelled; the file was not changed.") from exc
        raise
    finally:
        conn.set_progress_handler(None, 0)


def quick_checks_run() -> int:
    """How many times this process has read a whole file with quick_check (for tests and benchmarks)."""
    return _counters["quick_check"]


def is_vouched_for(path: Path) -> bool:
    """True when this process has the file open already, or this machine closed it cleanly and it has
    not changed since: then a full read is not needed to trust it."""
    if open_files.is_verified_here(path):
        return True
    record = _load_seen().get(_seen_key(path))
    return record is not None and record == fingerprint(path)


def opened(key: FileKey) -> None:
    """A project passed the checks and was opened on the file ``key``: later opens in this process need no
    full read."""
    open_files.opened(key)


def closed(path: Path, key: FileKey, *, edited: bool) -> None:
    """A project opened with ``opened`` was closed; a clean close after editing (the last one in this
    process) is recorded for next time."""
    left = open_files.closed(key)
    journal = path.with_name(path.name + "-journal")
    if edited and left <= 0 and not (journal.exists() and journal.stat().st_size > 0):
        remember(path)  # (a journal left behind means the last commit did not finish: not clean)


# -- what this machine saw -------------------------------------------------------------------------------


def fingerprint(path: Path) -> dict[str, int] | None:
    """Size, modification time and SQLite's change counter (header bytes 24..28), or None if unreadable."""
    try:
        st = path.stat()
        with path.open("rb") as fh:
            header = fh.read(28)
    except OSError:
        return None
    if len(header) < 28:
        return None
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "change_counter": struct.unpack(">I", header[24:28])[0]}


def _seen_key(path: Path) -> str:
    return os.path.normcase(str(path.resolve()))


def _seen_path() -> Path:
    return user_data_dir() / SEEN_FILE


def _load_seen() -> dict[str, dict[str, int]]:
    try:
        data = json.loads(_seen_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # none yet, or unreadable: every file is simply checked
    return {k: v.get("file") for k, v in data.items() if isinstance(v, dict)} if isinstance(data, dict) else {}


_seen_mutex = threading.Lock()


def remember(path: Path) -> None:
    """Record that this machine closed ``path`` cleanly as it is now (written atomically; best effort)."""
    print_ = fingerprint(path)
    if print_ is None:
        return
    target = _seen_path()
    with _seen_mutex, contextlib.suppress(OSError):
        try:
            data = json.loads(target.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                data = {}
        except (OSError, ValueError):
            data = {}
        data[_seen_key(path)] = {"file": print_, "closed_at": utc_now()}
        if len(data) > _SEEN_LIMIT:
            keep = sorted(data.items(), key=lambda kv: str(kv[1].get("closed_at", "")))[-_SEEN_LIMIT:]
            data = dict(keep)
        target.parent.mkdir(parents=True, exist_ok=True)
        write_json_atomically(target, data)
