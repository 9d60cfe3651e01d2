"""The schema guard: is a file's schema exactly the one this version makes, and if not, what differs and
can it be put right without losing anything.

A project file is SQL, and SQL can carry code: a trigger added by someone else would run on our next
insert, a view on our next read. So a file's ``sqlite_master`` is read on a read-only connection that runs
nothing (``store.connect``'s ``damaged`` mode, which lists even entries SQLite cannot parse) and compared,
entry by entry, with the schema this version makes (built once by running ``schema.MIGRATIONS`` in an
in-memory database). Anything unknown, any of our names whose SQL differs (a hostile ``claims_fts_ai``),
and any of ours that is missing is a ``Difference``; ``foreign_error`` turns them into the refusal
(``ForeignSchemaError``) that names them and says what to do. We refuse rather than silently drop: the
journalist decides, and ``repair`` (run by ``store.opening.remove_foreign_objects`` after a backup) drops
them and puts our own definitions back. Only ``sqlite_stat1``/``sqlite_stat4``/``sqlite_sequence``
(statistics and counters SQLite keeps itself, no code) are allowed extras, and only with SQLite's own
definitions.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from workbench.core.errors import ForeignSchemaError, ProjectFileError
from workbench.store import dberrors, schema
from workbench.store.connect import connect, transaction

# Tables SQLite makes on its own (ANALYZE statistics, AUTOINCREMENT counters), as SQLite defines them: data
# only, never code — but under these names anything else (a generated column) runs whenever SQLite reads
# the schema, before any check made through SQLite (see store.raw_schema, which checks them first).
STANDARD_INTERNAL = {
    "sqlite_stat1": "CREATE TABLE sqlite_stat1(tbl,idx,stat)",
    "sqlite_stat2": "CREATE TABLE sqlite_stat2(tbl,idx,sampleno,sample)",
    "sqlite_stat3": "CREATE TABLE sqlite_stat3(tbl,idx,neq,nlt,ndlt,sample)",
    "sqlite_stat4": "CREATE TABLE sqlite_stat4(tbl,idx,neq,nlt,ndlt,sample)",
    "sqlite_sequence": "CREATE TABLE sqlite_sequence(name,seq)",
}
_FTS_SHADOW = ("data", "idx", "docsize", "config", "content")


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
_preparing: tuple[int, threading.Thread] | None = None  # the version and thread of prepare_expected_schema


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
                schema.migrate(conn, 0, version)
                cached = {o.name: o for o in _read_master(conn)}
            finally:
                conn.close()
            _expected_cache[key] = cached
    return cached


def prepare_expected_schema(version: int | None = None) -> threading.Thread:
    """Build ``expected_schema(version)`` (default: this build's) on a thread of its own, now.

    The ``workbench`` command calls this before it imports the window's modules (``ui.app.run`` calls it
    too; a second call returns the first thread): running the migrations costs ~7 ms alone, nearly all of
    it inside SQLite, which lets go of the GIL — but it takes the GIL back after each of its ~66
    statements, and beside the window thread's imports and widgets that took 50–80 ms of wall time, so
    started in ``run`` it was not ready by the first open (which waits on the cache's lock: 5–10 ms). A
    failure here is left for that open to meet and report.
    """

    global _preparing
    version = schema.SCHEMA_VERSION if version is None else version

    def build() -> None:
        with contextlib.suppress(Exception):
            expected_schema(version)

    with _expected_mutex:  # made, or being made, already (``workbench`` starts it before ``ui.app.run``)
        if _preparing is not None and _preparing[0] == version:
            return _preparing[1]
        thread = threading.Thread(target=build, name="expected-schema", daemon=True)
        _preparing = (version, thread)
    thread.start()
    return thread


def _read_master(conn: sqlite3.Connection) -> list[SchemaObject]:
    """Every entry of the schema seen through ``conn``, in the order they were made."""
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
            if obj.name.lower() in STANDARD_INTERNAL:
                if obj.type == "table" and is_standard_internal(obj.name, obj.sql):
                    continue
                differences.append(Difference("changed", obj))  # SQLite's name, someone else's definition
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


def is_standard_internal(name: str, sql: str | None) -> bool:
    """True when ``name`` is one of SQLite's own tables with exactly SQLite's definition."""
    standard = STANDARD_INTERNAL.get(name.lower())
    return standard is not None and normalise_sql(sql) == normalise_sql(standard)


def fts_part(name: str) -> str | None:
    """The FTS table (``claims_fts``) that ``name`` is, or is a shadow table of; else None."""
    for table in schema.FTS_TABLES:
        fts = f"{table}_fts"
        if name == fts or any(name == f"{fts}_{s}" for s in _FTS_SHADOW):
            return fts
    return None


def repairable(differences: list[Difference]) -> bool:
    """Whether removing the differences loses nothing (else only salvage can help)."""
    # Triggers, views and indexes hold no data: dropping and re-making them loses nothing. A search index
    # is rebuilt from the text. A table of ours that was changed or removed is not ours to rebuild here:
    # salvage copies what can be read into a fresh file instead.
    ours_now = expected_schema(schema.SCHEMA_VERSION)
    for d in differences:
        if d.obj.type != "table" or fts_part(d.obj.name) is not None or d.obj.name.lower() in STANDARD_INTERNAL:
            continue  # statistics and counters SQLite keeps: dropping them loses no data
        if d.kind in ("changed", "missing"):
            return False
        if d.obj.name in ours_now:
            return False  # one of our tables in a file claiming an older format: never dropped as foreign
    return True


def foreign_error(path: Path, differences: list[Difference]) -> ForeignSchemaError:
    """The refusal naming what differs, with what the journalist can do about it."""
    extra = [d for d in differences if d.kind != "missing"]
    missing = [d for d in differences if d.kind == "missing"]
    parts = []
    if extra:
        n = len(extra)
        objects = "object that Fact-Check Workbench did not make" if n == 1 else \
            "objects that Fact-Check Workbench did not make"
        parts.append(f"contains {n} database {objects} ({_listing(extra)})")
    if missing:
        parts.append(f"lacks {len(missing)} of its own ({_listing(missing)})")
    what = " and ".join(parts)
    can_repair = repairable(differences)
    if can_repair:
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
    return ForeignSchemaError(message, path=path, differences=differences, repairable=can_repair)


def _listing(differences: list[Difference], limit: int = 6) -> str:
    """The differences named for a message, at most ``limit`` of them."""
    shown = ", ".join(str(d) for d in differences[:limit])
    more = len(differences) - limit
    return shown + (f" and {more} more" if more > 0 else "")


def repair(path: Path, version: int, differences: list[Difference]) -> list[str]:
    """Drop every object of ``differences`` that is not ours, put back our own definitions of any changed
    or lost, and rebuild the search indexes, in one transaction; returns what was done, one line each.
    The caller holds the project's lock and has made a backup. Raises ProjectFileError (nothing changed)."""
    expected = expected_schema(version)
    # Foreign keys off while repairing: dropping a table must not cascade into our rows, and nothing here
    # may run code from the file (DROP TABLE's implicit delete fires no triggers).
    conn = connect(path, "repair")
    done: list[str] = []
    try:
        with transaction(conn, "EXCLUSIVE"):
            drop = [d.obj for d in differences if d.kind != "missing"]
            # A search index that was changed, or lost any of its parts, is dropped whole and made anew.
            remake = {f for d in differences if (f := fts_part(d.obj.name))}
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
                if obj.type == "table" and fts_part(obj.name) is None:
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
                    f"{path.name}: could not be repaired ({_listing(left)} remain); the file was not changed. "
                    f'Salvage it instead: workbench salvage "{path}" NEW.fcproj.'
                )
    except dberrors.Error as exc:
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
    except dberrors.DatabaseError:
        if obj.type not in ("trigger", "view"):
            raise
        # An entry SQLite cannot even parse is not in its loaded schema, so DROP cannot see it; triggers
        # and views own no pages, so removing their entry is all there is to it.
        conn.execute("DELETE FROM sqlite_master WHERE type = ? AND name = ?", (obj.type, obj.name))
    if _exists(conn, obj.name) and obj.type in ("trigger", "view"):
        conn.execute("DELETE FROM sqlite_master WHERE type = ? AND name = ?", (obj.type, obj.name))
    return f"removed {obj.label}"
