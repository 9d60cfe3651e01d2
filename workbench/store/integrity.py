"""Safe opening: what is checked before a project file is trusted, and what to do when it cannot be.

Three guards run inside ``Project.open`` before anything can change the file or run code stored in it:

1. **Foreign schema objects.** A project file is SQL, and SQL can carry code: a trigger added by someone
   else would run on our next insert, a view on our next read. The file's ``sqlite_master`` is read on a
   read-only connection (with ``writable_schema`` so even unparseable entries are listed, and
   ``trusted_schema=OFF``) and compared, entry by entry, with the schema this version makes (built once
   from ``MIGRATIONS`` in an in-memory database). Anything unknown, any of our names whose SQL differs
   (a hostile ``claims_fts_ai``), and any of ours that is missing makes ``Project.open`` raise
   ``ForeignSchemaError`` naming them. We refuse rather than silently drop: the journalist decides, and
   ``remove_foreign_objects`` (the window's "Remove them and open", ``workbench check --repair``) drops
   them after a backup copy and puts our own definitions back. Only ``sqlite_stat1``/``sqlite_stat4``/
   ``sqlite_sequence`` (statistics and counters SQLite keeps itself, no code) are allowed extras.
2. **Integrity.** This machine keeps a record (``user_data_dir()/seen-projects.json``) of each project
   it closed cleanly after editing: size, modification time and SQLite's change counter. A file that does
   not match (new, from a colleague, changed elsewhere, or not closed after a crash) gets
   ``PRAGMA quick_check`` before it is trusted; a damaged one raises ``DamagedProjectError`` and nothing
   is written to it.
3. **Salvage.** ``salvage`` copies every row that can still be read from a damaged (or untrustworthy)
   file into a new project, table by table in dependency order, rebuilds the search indexes and reports
   what it kept. The damaged file is only ever opened read-only.

Triggers of our own need ``trusted_schema`` on (FTS5 refuses to be written from a trigger otherwise), so
editing connections keep it on: they are opened only after the schema was proved to be exactly ours.
Read-only connections, which never fire a trigger, turn it off as well.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
import struct
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.core.atomic import write_json_atomically
from workbench.core.errors import ProjectFileError
from workbench.core.paths import user_data_dir
from workbench.store import lock, schema

if TYPE_CHECKING:
    from workbench.store.project import Project

SEEN_FILE = "seen-projects.json"
_SEEN_LIMIT = 500  # projects remembered per machine; the oldest are forgotten (and simply checked again)
# Tables SQLite makes on its own (ANALYZE statistics, AUTOINCREMENT counters): data only, never code.
_SQLITE_OWN = frozenset({"sqlite_stat1", "sqlite_stat2", "sqlite_stat3", "sqlite_stat4", "sqlite_sequence"})
_FTS_SHADOW = ("data", "idx", "docsize", "config", "content")
_CORRUPT_CODES = frozenset({11, 26})  # SQLITE_CORRUPT, SQLITE_NOTADB (and their extended codes)


class ForeignSchemaError(ProjectFileError):
    """The file holds database objects (triggers, views, tables...) that this app did not make."""

    def __init__(self, message: str, *, path: Path, differences: list[Difference], repairable: bool) -> None:
        super().__init__(message)
        self.path = path
        self.differences = differences
        self.repairable = repairable


class DamagedProjectError(ProjectFileError):
    """The file is a project but SQLite finds it damaged; nothing was written to it."""

    def __init__(self, message: str, *, path: Path) -> None:
        super().__init__(message)
        self.path = path


# -- the schema this version makes -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SchemaObject:
    """One row of ``sqlite_master``: what it is, its name, the table it belongs to, its SQL."""

    type: str
    name: str
    tbl_name: str
    sql: str | None

    @property
    def label(self) -> str:
        kind = "search index" if self.is_virtual else self.type
        return f'{kind} "{self.name}"'

    @property
    def is_virtual(self) -> bool:
        return self.type == "table" and (self.sql or "").upper().startswith("CREATE VIRTUAL TABLE")


@dataclass(frozen=True, slots=True)
class Difference:
    """One way a file's schema is not ours: ``unknown`` (not ours), ``changed`` (our name, other SQL), or
    ``missing`` (ours, absent)."""

    kind: str
    obj: SchemaObject

    def __str__(self) -> str:
        return self.obj.label + (" (changed)" if self.kind == "changed" else "")


def normalise_sql(sql: str | None) -> str | None:
    """SQL with runs of whitespace outside quotes collapsed, so layout alone never counts as a change."""
    if sql is None:
        return None
    out: list[str] = []
    quote = ""
    pending_space = False
    for ch in sql.strip():
        if quote:
            out.append(ch)
            if ch == quote:
                quote = ""
            continue
        if ch.isspace():
            pending_space = True
            continue
        if pending_space and out:
            out.append(" ")
        pending_space = False
        out.append(ch)
        if ch in "'\"`[":
            quote = "]" if ch == "[" else ch
    return "".join(out)


_expected_cache: dict[tuple[object, ...], dict[str, SchemaObject]] = {}
_expected_mutex = threading.Lock()


def expected_schema(version: int) -> dict[str, SchemaObject]:
    """Every ``sqlite_master`` entry of a file at ``version``, by name, with its SQL as we write it.

    Built by running the migrations on an empty in-memory database, so it follows MIGRATIONS exactly.
    """
    migrations = [schema.MIGRATIONS[v] for v in range(version)]
    key = (version, *migrations)
    with _expected_mutex:
        cached = _expected_cache.get(key)
        if cached is None:
            conn = sqlite3.connect(":memory:", isolation_level=None)
            try:
                for migrate in migrations:
                    migrate(conn)
                cached = {o.name: o for o in _read_master(conn)}
            finally:
                conn.close()
            _expected_cache[key] = cached
    return cached


def _read_master(conn: sqlite3.Connection) -> list[SchemaObject]:
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid").fetchall()
    return [SchemaObject(str(t), str(n), str(tb), s if s is None else str(s)) for t, n, tb, s in rows]


def schema_differences(conn: sqlite3.Connection, version: int) -> list[Difference]:
    """How the schema seen through ``conn`` differs from ours (empty when it is exactly ours)."""
    expected = expected_schema(version)
    found = _read_master(conn)
    differences: list[Difference] = []
    names = set()
    for obj in found:
        names.add(obj.name)
        ours = expected.get(obj.name)
        if ours is None:
            if obj.type == "table" and obj.name in _SQLITE_OWN:
                continue
            differences.append(Difference("unknown", obj))
        elif (obj.type, obj.tbl_name.lower()) != (ours.type, ours.tbl_name.lower()) or (
            # The SQL is almost always exactly as we wrote it: normalise (a Python loop per character,
            # ~3 ms over a whole schema at every open) only when it is not.
            obj.sql != ours.sql and normalise_sql(obj.sql) != normalise_sql(ours.sql)
        ):
            differences.append(Difference("changed", obj))
    differences.extend(Difference("missing", o) for n, o in expected.items() if n not in names)
    return differences


def _is_fts_part(name: str) -> str | None:
    """The FTS table (``claims_fts``) that ``name`` is, or is a shadow table of; else None."""
    for table in schema.FTS_TABLES:
        fts = f"{table}_fts"
        if name == fts or any(name == f"{fts}_{s}" for s in _FTS_SHADOW):
            return fts
    return None


def _repairable(differences: list[Difference]) -> bool:
    # Triggers, views and indexes hold no data: dropping and re-making them loses nothing. A search index
    # is rebuilt from the text. A table of ours that was changed or removed is not ours to rebuild here:
    # salvage copies what can be read into a fresh file instead.
    ours_now = expected_schema(schema.SCHEMA_VERSION)
    for d in differences:
        if d.obj.type != "table" or _is_fts_part(d.obj.name) is not None:
            continue
        if d.kind in ("changed", "missing"):
            return False
        if d.obj.name in ours_now:
            return False  # one of our tables in a file claiming an older format: never dropped as foreign
    return True


def _foreign_error(path: Path, differences: list[Difference]) -> ForeignSchemaError:
    extra = [d for d in differences if d.kind != "missing"]
    missing = [d for d in differences if d.kind == "missing"]
    parts = []
    if extra:
        n = len(extra)
        objects = "object that Fact-Check Workbench did not make" if n == 1 else \
            "objects that Fact-Check Workbench did not make"
        parts.append(f"contains {n} database {objects} ({_list(extra)})")
    if missing:
        parts.append(f"lacks {len(missing)} of its own ({_list(missing)})")
    what = " and ".join(parts)
    repairable = _repairable(differences)
    if repairable:
        advice = ("they could change your data, so it was not opened. Remove them to open it (a backup is "
                  f'made first): in the window choose "Remove them and open", or run: workbench check '
                  f'--repair "{path}".')
        if not extra:
            advice = ("its search could give wrong results, so it was not opened. Repair it to open it (a "
                      'backup is made first): in the window choose "Remove them and open", or run: '
                      f'workbench check --repair "{path}".')
    else:
        advice = ("its tables were changed by another program, so it was not opened. Salvage what can be "
                  'read into a new project: in the window choose "Salvage into a new project…", or run: '
                  f'workbench salvage "{path}" NEW.fcproj.')
    message = f"{path.name}: {what}; {advice}"
    return ForeignSchemaError(message, path=path, differences=differences, repairable=repairable)


def _list(differences: list[Difference], limit: int = 6) -> str:
    shown = ", ".join(str(d) for d in differences[:limit])
    more = len(differences) - limit
    return shown + (f" and {more} more" if more > 0 else "")


# -- connections -----------------------------------------------------------------------------------------


def readonly_connect(path: Path, *, immutable: bool = False) -> sqlite3.Connection:
    """A connection that cannot write to ``path`` and runs no schema code it does not have to."""
    uri = f"{path.resolve().as_uri()}?mode=ro" + ("&immutable=1" if immutable else "")
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=5.0)
    conn.execute("PRAGMA trusted_schema=OFF")
    return conn


def _is_corrupt(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in _CORRUPT_CODES:
        return True
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text or "corrupt" in text


def _damaged(path: Path, detail: str) -> DamagedProjectError:
    return DamagedProjectError(
        f"{path.name}: is damaged ({detail}); it was not opened and nothing was written to it. Restore it "
        f'from a backup, or salvage what can be read into a new project: run workbench salvage "{path}" '
        "NEW.fcproj, or open it in the window for both choices.",
        path=path,
    )


def _hot_journal(exc: sqlite3.Error) -> bool:
    # SQLITE_READONLY_ROLLBACK: a read-only connection met a journal left by an interrupted commit.
    return getattr(exc, "sqlite_errorcode", None) == 776 or "readonly" in str(exc).replace(" ", "").lower()


# -- the checks Project.open runs ------------------------------------------------------------------------


_open_here: dict[str, int] = {}  # files this process holds open after verifying them, with open counts
_open_mutex = threading.Lock()
_counters: dict[str, int] = {"quick_check": 0}  # how often the full read ran (tests count it)


def _key(path: Path) -> str:
    return os.path.normcase(str(path.resolve()))


def verify(path: Path, version: int, *, writable: bool) -> None:
    """Refuse ``path`` unless its schema is exactly ours and (when this machine cannot vouch for it) its
    pages pass ``quick_check``. Writes nothing to the file, except that an editing open lets SQLite finish
    rolling back an interrupted commit first (which it would do anyway).

    Raises ForeignSchemaError or DamagedProjectError.
    """
    try:
        conn = readonly_connect(path)
    except sqlite3.Error as exc:
        raise ProjectFileError(f"{path.name}: cannot be opened ({exc}).") from exc
    try:
        try:
            _verify_on(conn, path, version)
        except sqlite3.OperationalError as exc:
            if not _hot_journal(exc):
                raise
            conn.close()
            if not writable:
                raise ProjectFileError(
                    f"{path.name}: was being saved when the program stopped; open it for editing once so "
                    "the unfinished change can be rolled back."
                ) from exc
            conn = _rollback_journal(path)
            _verify_on(conn, path, version)
    except sqlite3.DatabaseError as exc:
        if _is_corrupt(exc):
            raise _damaged(path, str(exc)) from exc
        raise ProjectFileError(f"{path.name}: cannot be read ({exc}).") from exc
    finally:
        conn.close()


def _rollback_journal(path: Path) -> sqlite3.Connection:
    # Reading through a writable connection makes SQLite restore the pages the journal saved; nothing in
    # the schema runs for that. The connection is then used read-only for the checks.
    conn = sqlite3.connect(path, isolation_level=None, timeout=5.0)
    conn.execute("PRAGMA trusted_schema=OFF")
    conn.execute("PRAGMA writable_schema=ON")  # still lists an entry SQLite cannot parse
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.execute("PRAGMA query_only=ON")
    return conn


def _verify_on(conn: sqlite3.Connection, path: Path, version: int) -> None:
    # writable_schema lets a broken or hostile entry be listed instead of stopping the read (the
    # connection is read-only, so nothing can be written through it).
    conn.execute("PRAGMA writable_schema=ON")
    differences = schema_differences(conn, version)
    conn.execute("PRAGMA writable_schema=OFF")
    if differences:
        raise _foreign_error(path, differences)
    if is_vouched_for(path):
        return
    _counters["quick_check"] += 1
    rows = [r[0] for r in conn.execute("PRAGMA quick_check(20)")]
    if rows != ["ok"]:
        raise _damaged(path, rows[0] if len(rows) == 1 else f"{rows[0]}; and {len(rows) - 1} more problems")
    wrong = wrongly_typed(conn)
    if wrong:
        raise _damaged(path, wrong[0] if len(wrong) == 1 else f"{wrong[0]}; and {len(wrong) - 1} more problems")


_SQL_TYPES = {"TEXT": "text", "INTEGER": "integer", "BLOB": "blob"}


def wrongly_typed(conn: sqlite3.Connection) -> list[str]:
    """Columns of our tables holding values of another kind, e.g. a claim's offset stored as text.

    Our tables are not STRICT, so a file edited by another program can hold them; SQLite's own checks
    accept them, but the app would crash on them (and a merge would carry them into a healthy project).
    One scan per table.
    """
    problems: list[str] = []
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' "
        "AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE '%\\_fts\\_%' ESCAPE '\\'"
    )]
    for table in tables:
        columns = [(r[1], _SQL_TYPES.get(r[2].upper())) for r in conn.execute(f'PRAGMA table_info("{table}")')]
        checked = [(name, kind) for name, kind in columns if kind]
        if not checked:
            continue
        counts = ", ".join(
            f"sum(typeof(\"{name}\") NOT IN ('{kind}', 'null'))" for name, kind in checked
        )
        found = conn.execute(f'SELECT {counts} FROM "{table}"').fetchone()
        problems.extend(
            f"{n} value(s) of the wrong kind in {table}.{name}"
            for (name, _kind), n in zip(checked, found, strict=True) if n
        )
    return problems


def quick_checks_run() -> int:
    """How many times this process has read a whole file with quick_check (for tests and benchmarks)."""
    return _counters["quick_check"]


def is_vouched_for(path: Path) -> bool:
    """True when this process has the file open already, or this machine closed it cleanly and it has
    not changed since: then a full read is not needed to trust it."""
    with _open_mutex:
        if _open_here.get(_key(path)):
            return True
    record = _load_seen().get(_key(path))
    return record is not None and record == fingerprint(path)


def opened(path: Path) -> None:
    """``Project.open`` verified and opened ``path``: later opens in this process need no full read."""
    with _open_mutex:
        key = _key(path)
        _open_here[key] = _open_here.get(key, 0) + 1


def closed(path: Path, *, edited: bool) -> None:
    """``Project.close`` released ``path``; a clean close after editing is recorded for next time."""
    key = _key(path)
    with _open_mutex:
        left = _open_here.get(key, 0) - 1
        if left > 0:
            _open_here[key] = left
        else:
            _open_here.pop(key, None)
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
        from workbench.core.ids import utc_now

        data[_key(path)] = {"file": print_, "closed_at": utc_now()}
        if len(data) > _SEEN_LIMIT:
            keep = sorted(data.items(), key=lambda kv: str(kv[1].get("closed_at", "")))[-_SEEN_LIMIT:]
            data = dict(keep)
        target.parent.mkdir(parents=True, exist_ok=True)
        write_json_atomically(target, data)


# -- removing foreign objects ----------------------------------------------------------------------------


def remove_foreign_objects(path: str | Path, *, backup: Callable[[Project], object] | None = None) -> list[str]:
    """Drop every database object of ``path`` that this app did not make and put back our own definitions
    of any it changed or lost; returns what was done, one line per object.

    A backup copy is made first (``backup(project)``; by default the per-user backups). Everything happens
    in one transaction: on any failure the file is as it was. Raises ForeignSchemaError when the file's
    own tables were changed (those cannot be put right without losing data: salvage instead).
    """
    from workbench.store.project import read_header

    path = Path(path)
    _app_id, version = read_header(path)
    probe = readonly_connect(path)
    try:
        probe.execute("PRAGMA writable_schema=ON")
        differences = schema_differences(probe, version)
    except sqlite3.DatabaseError as exc:
        if _is_corrupt(exc):
            raise _damaged(path, str(exc)) from exc
        raise ProjectFileError(f"{path.name}: cannot be read ({exc}).") from exc
    finally:
        probe.close()
    if not differences:
        return []
    if not _repairable(differences):
        raise _foreign_error(path, differences)
    held = lock.acquire(path)  # no window may edit it meanwhile (refused while one does)
    try:
        try:
            _make_backup(path, backup)
        except ProjectFileError as exc:
            raise ProjectFileError(
                f"{path.name}: could not be backed up before removing them ({exc}), so nothing was changed. "
                f'Salvage what can be read into a new project instead: workbench salvage "{path}" NEW.fcproj.'
            ) from exc
        done = _repair(path, version, differences)
    finally:
        lock.release(held)
    # The repaired file is checked like any file this machine has not vouched for.
    verify(path, version, writable=True)
    return done


def _make_backup(path: Path, backup: Callable[[Project], object] | None) -> None:
    from workbench.store.project import Project

    conn = readonly_connect(path)
    conn.execute("PRAGMA writable_schema=ON")  # an entry SQLite cannot parse must not stop the copy
    # A Project around a bare read-only connection: only its backup_to is used (SQLite's backup API copies
    # pages; no schema code runs).
    project = Project(path, conn, author="", read_only=True)
    try:
        if backup is not None:
            backup(project)
        else:
            from workbench.store.backups import REASONS, make_backup

            # "repair" once store.backups lists it as a reason of its own; until then the closest there is:
            # the journalist asked for it.
            make_backup(project, "repair" if "repair" in REASONS else "manual")
    finally:
        conn.close()


def _repair(path: Path, version: int, differences: list[Difference]) -> list[str]:
    expected = expected_schema(version)
    conn = sqlite3.connect(path, isolation_level=None, timeout=5.0)
    done: list[str] = []
    try:
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute("PRAGMA synchronous=FULL")
        # Off while repairing: dropping a table must not cascade into our rows, and nothing here may run
        # code from the file (DROP TABLE's implicit delete fires no triggers).
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute("PRAGMA trusted_schema=OFF")
        conn.execute("PRAGMA writable_schema=ON")
        conn.execute("BEGIN EXCLUSIVE")
        try:
            drop = [d.obj for d in differences if d.kind != "missing"]
            # A search index that was changed, or lost any of its parts, is dropped whole and made anew.
            remake = {f for d in differences if (f := _is_fts_part(d.obj.name))}
            order = {"trigger": 0, "view": 1, "index": 2}
            for obj in sorted(drop, key=lambda o: order.get(o.type, 3)):
                if obj.type != "table":
                    done.append(_drop(conn, obj))
            for fts in sorted(remake):
                parts = [fts, *(f"{fts}_{s}" for s in _FTS_SHADOW)]
                for name in parts:  # the index first: dropping it drops its own tables with it
                    if _exists(conn, name):
                        conn.execute(f'DROP TABLE IF EXISTS "{name}"')
                done.append(f'removed search index "{fts}" (made anew below)')
            for obj in drop:
                if obj.type == "table" and _is_fts_part(obj.name) is None:
                    done.append(_drop(conn, obj))
            conn.execute("PRAGMA writable_schema=OFF")
            for obj in expected.values():
                if obj.sql is None or _exists(conn, obj.name):
                    continue  # automatic indexes come with their table, FTS parts with their index
                conn.execute(obj.sql)
                done.append(f"put back {obj.label}")
            for table in schema.FTS_TABLES:  # whatever a foreign trigger did to them, from the text again
                conn.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')")
            left = schema_differences(conn, version)
            if left:
                raise ProjectFileError(
                    f"{path.name}: could not be repaired ({_list(left)} remain); the file was not changed. "
                    f'Salvage it instead: workbench salvage "{path}" NEW.fcproj.'
                )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    except sqlite3.Error as exc:
        raise ProjectFileError(
            f"{path.name}: could not be repaired ({exc}); the file was not changed. Salvage it instead: "
            f'workbench salvage "{path}" NEW.fcproj.'
        ) from exc
    finally:
        conn.close()
    return done


def _exists(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone() is not None


def _drop(conn: sqlite3.Connection, obj: SchemaObject) -> str:
    quoted = '"' + obj.name.replace('"', '""') + '"'
    kind = {"trigger": "TRIGGER", "view": "VIEW", "index": "INDEX"}.get(obj.type, "TABLE")
    try:
        conn.execute(f"DROP {kind} IF EXISTS {quoted}")
    except sqlite3.DatabaseError:
        if obj.type not in ("trigger", "view"):
            raise
        # An entry SQLite cannot even parse is not in its loaded schema, so DROP cannot see it; triggers
        # and views own no pages, so removing their entry is all there is to it.
        conn.execute("DELETE FROM sqlite_master WHERE type = ? AND name = ?", (obj.type, obj.name))
    if _exists(conn, obj.name) and obj.type in ("trigger", "view"):
        conn.execute("DELETE FROM sqlite_master WHERE type = ? AND name = ?", (obj.type, obj.name))
    return f"removed {obj.label}"


# -- salvage ---------------------------------------------------------------------------------------------

# What the report calls each table's rows (one, many).
_LABELS = {
    "articles": ("article", "articles"),
    "claims": ("claim", "claims"),
    "sources": ("source", "sources"),
    "tags": ("tag", "tags"),
    "claim_tags": ("tag on a claim", "tags on claims"),
    "claim_sources": ("claim–source link", "claim–source links"),
    "attachments": ("attached file", "attached files"),
    "source_files": ("file of a source", "files of sources"),
    "verdict_scale": ("verdict", "verdicts"),
    "dismissals": ("dismissed suggestion", "dismissed suggestions"),
    "history": ("history entry", "history entries"),
    "tombstones": ("deletion record", "deletion records"),
    "meta": ("project setting", "project settings"),
}
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
        one, many = _LABELS.get(self.table, (self.table, self.table))
        return one if count == 1 else many

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

    @property
    def complete(self) -> bool:
        return all(t.lost == 0 and t.readable_table for t in self.tables.values())

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
        text += "; " + "; ".join(lost) + "." if lost else ". Everything that was listed could be read."
        return text

    def as_dict(self) -> dict[str, Any]:
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
        }


def _table_order(version: int) -> list[str]:
    """Our tables, parents before the rows that point at them (so a copied row's parent is there)."""
    expected = expected_schema(version)
    tables = [o.name for o in expected.values()
              if o.type == "table" and not o.is_virtual and _is_fts_part(o.name) is None]
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


def salvage(damaged: str | Path, new: str | Path, *, author: str | None = None) -> SalvageReport:
    """Copy every readable row of ``damaged`` into a new project at ``new``; ``damaged`` is only read.

    The new file is built under a temporary name and appears under ``new`` only when complete. Raises
    ProjectFileError when ``new`` exists or nothing at all could be read.
    """
    from workbench.store.project import SUFFIX, Project

    damaged, new = Path(damaged), Path(new)
    if new.resolve() == damaged.resolve():
        raise ProjectFileError("Choose a new file name: the damaged file itself is never changed.")
    if new.exists():
        raise ProjectFileError(f"{new.name}: a file of that name already exists; choose another name.")
    if not new.parent.is_dir():
        raise ProjectFileError(f"{new.parent}: no such folder.")
    version = _salvage_header(damaged)
    source = _open_damaged(damaged)
    report = SalvageReport(str(damaged), str(new))
    tmp = new.with_name(f".{new.stem}.{os.getpid()}.salvaging{SUFFIX}")
    try:
        columns_there = _columns_there(source)
        if not columns_there:
            raise ProjectFileError(
                f"{damaged.name}: nothing could be read from it (its list of tables is damaged); no new "
                "project was made. Restore it from a backup instead."
            )
        target = Project.create(tmp, author=author)
        try:
            _copy_all(source, target, columns_there, report, version)
        finally:
            target.close()
        os.replace(tmp, new)
    finally:
        source.close()
        for leftover in (tmp, tmp.with_name(tmp.name + ".lock")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
    return report


def _salvage_header(path: Path) -> int:
    """The file format of a project to salvage. Like ``read_header`` (another program's file or a newer
    format is refused), except that a cut-short file is accepted: its first pages may still hold work."""
    from workbench.store.project import read_header

    try:
        return read_header(path)[1]
    except DamagedProjectError:
        with path.open("rb") as fh:
            header = fh.read(100)
        return struct.unpack(">i", header[60:64])[0]  # read_header checked the magic and application id


def _open_damaged(path: Path) -> sqlite3.Connection:
    conn = readonly_connect(path)
    try:
        conn.execute("PRAGMA writable_schema=ON")  # tolerate entries SQLite cannot parse
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.Error as exc:
        conn.close()
        if not _hot_journal(exc):
            return readonly_connect(path)  # whatever can be read is read row by row below
    # An interrupted commit's journal cannot be rolled back without writing to the damaged file, which is
    # never changed: read it as it is on disk.
    conn = readonly_connect(path, immutable=True)
    conn.execute("PRAGMA writable_schema=ON")
    return conn


def _columns_there(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """Columns of each real table of the damaged file (views and virtual tables are never read)."""
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'")]
    except sqlite3.DatabaseError:
        return {}
    out: dict[str, list[str]] = {}
    for t in tables:
        with contextlib.suppress(sqlite3.DatabaseError):
            out[t] = [r[1] for r in conn.execute(f'PRAGMA table_info("{t}")')]
    return out


def _copy_all(source: sqlite3.Connection, target: Project, columns_there: dict[str, list[str]],
              report: SalvageReport, version: int) -> None:
    conn = target.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
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
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


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
    kinds = [(r[1], _SQL_TYPES.get(r[2].upper())) for r in conn.execute(f'PRAGMA table_info("{table}")')]
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
        except sqlite3.DatabaseError:
            # A row whose parent was lost (foreign key), or whose bytes were damaged into invalid values.
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
        except sqlite3.DatabaseError:
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
        except sqlite3.DatabaseError:
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
    except sqlite3.DatabaseError:
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
    except sqlite3.DatabaseError:
        return rowids
    for index in indexes:
        try:
            quoted = '"' + index.replace('"', '""') + '"'
            # rowid alone is in every index entry, so this reads the index, never the table.
            rowids.update(r[0] for r in source.execute(f'SELECT rowid FROM "{table}" INDEXED BY {quoted}'))
            break
        except sqlite3.DatabaseError:
            continue
    return rowids


def salvage_default_name(damaged: Path) -> Path:
    """A free name beside the damaged file for its salvaged copy."""
    from workbench.store.project import SUFFIX

    stem = re.sub(r"\s*\(salvaged( \d+)?\)$", "", damaged.stem)
    candidate = damaged.with_name(f"{stem} (salvaged){SUFFIX}")
    n = 2
    while candidate.exists():
        candidate = damaged.with_name(f"{stem} (salvaged {n}){SUFFIX}")
        n += 1
    return candidate
