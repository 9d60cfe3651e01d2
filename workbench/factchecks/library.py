"""The fact-check library: one SQLite file of published fact-checks, separate from every project.

One file per user in the data folder by default (``default_library_path()``); any other path (a newsroom's
shared copy) works the same. It is built with sqlite-utils: the ``factchecks`` table is keyed by the
review's address (``insert_all(..., pk="url", upsert=True)``: importing a file again updates what changed
and never duplicates), with an FTS5 index (porter stemming) over claim, claimant and title that
``Table.search`` queries for candidates.

The library is a cache of imported files, but it is never left half-written: an import runs in one
transaction (a cancelled or failed one changes nothing), with a rollback journal and ``synchronous=FULL``
like projects, so the file can be copied to a shared drive between imports. A new library is built under a
temporary name and renamed into place. A file is checked by its header before SQLite opens it: another
program's database, or a library from a newer version, is refused and left byte-for-byte untouched; its
schema must be exactly ours (no triggers or views someone added) before any statement runs on it.

sqlite-utils is imported only when a library is opened (window start-up is measured), and a
``FactCheckLibrary`` belongs to the thread that opened it: a worker thread opens its own.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import sqlite3
import struct
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.core.errors import ImportFailed
from workbench.core.ids import utc_now
from workbench.factchecks.model import FactCheck, FileResult, ImportReport, LibraryError, Match, Skipped
from workbench.store.header import first_page

if TYPE_CHECKING:
    import sqlite_utils

# 'FCWL' as a big-endian 32-bit integer: marks a SQLite file as a fact-check library.
APPLICATION_ID = 0x4643574C
LIBRARY_VERSION = 1
SUFFIX = ".fclib"
DEFAULT_NAME = "fact-checks" + SUFFIX
TABLE = "factchecks"
FTS_COLUMNS = ("claim", "claimant", "title")
# BM25 with column weights: words of the claim count most; a review's title (often the claim in other words)
# next, the claimant's name least (it is a hint, compared separately when matching).
RANK = "bm25(1.0, 0.2, 0.5)"
_FIELDS = ("url", "claim", "claimant", "claim_date", "rating", "rating_value", "publisher", "publisher_site",
           "date", "title", "language", "appearance", "extra", "source")
_SQLITE_MAGIC = b"SQLite format 3\x00"
_BATCH = 2_000  # records classified and written per step (and per progress report)
_LOOKUP = 500  # urls per "which of these exist" query (under SQLite's parameter limit)

Progress = Callable[[int, int], None]  # (done, total): work units, ~bytes of the files being imported
Cancelled = Callable[[], bool]


def default_library_path() -> Path:
    """The journalist's own library: ``fact-checks.fclib`` in the per-user data folder."""
    from workbench.core.paths import user_data_dir

    return user_data_dir() / DEFAULT_NAME


def _connect(path: Path, *, read_only: bool, any_thread: bool = False) -> sqlite3.Connection:
    # The store's one connection maker: a rollback journal and synchronous=FULL when writing (the file alone
    # is always complete: safe on a shared drive, safe to copy), no schema code run when reading.
    from workbench.store.connect import connect

    return connect(path, "read" if read_only else "edit", any_thread=any_thread)


def _wrap(conn: sqlite3.Connection) -> sqlite_utils.Database:
    import sqlite_utils

    # No plugins: nothing outside this app runs on the journalist's library.
    return sqlite_utils.Database(conn, execute_plugins=False)


def _create_schema(db: sqlite_utils.Database) -> None:
    """The library's tables, made with sqlite-utils. ``id`` is an explicit INTEGER PRIMARY KEY because the
    FTS index refers to rows by rowid, which VACUUM may renumber when it is implicit; ``url`` is the key
    imports upsert on (unique)."""
    text = dict.fromkeys(("url", "claim", "claimant", "claim_date", "rating", "publisher", "publisher_site",
                          "date", "title", "language", "appearance", "extra", "source", "imported_at",
                          "updated_at"), str)
    table = db[TABLE].create({"id": int, **text, "rating_value": float}, pk="id",
                             not_null=set(text), defaults={k: "" for k in text if k not in ("url", "claim")},
                             column_order=["id", "url", "claim", "claimant", "claim_date", "rating",
                                           "rating_value", "publisher", "publisher_site", "date", "title"])
    table.create_index(["url"], unique=True, index_name="factchecks_url")
    table.enable_fts(list(FTS_COLUMNS), tokenize="porter", create_triggers=True)
    # FTS5 keeps the ranking function in the index's own configuration, so sqlite-utils' search() orders by it.
    db.execute(f"INSERT INTO {TABLE}_fts({TABLE}_fts, rank) VALUES ('rank', ?)", [RANK])
    db["library_meta"].create({"key": str, "value": str}, pk="key")
    # How many fact-checks each indexed word (stem) is in, for the matcher's word weights. FTS5 can count it
    # (fts5vocab) but only by reading the word's whole posting list: ~75 µs a word, too slow at match time.
    db.execute("CREATE TABLE vocabulary (term TEXT PRIMARY KEY, docs INTEGER NOT NULL) WITHOUT ROWID")


_expected: dict[tuple[str, str], str] | None = None


def _schema_of(conn: sqlite3.Connection) -> dict[tuple[str, str], str]:
    return {(t, n): (sql or "") for t, n, sql in conn.execute("SELECT type, name, sql FROM sqlite_master")}


def _expected_schema() -> dict[tuple[str, str], str]:
    """The exact schema this version writes, read off a library made in memory (computed once)."""
    global _expected
    if _expected is None:
        conn = sqlite3.connect(":memory:", isolation_level=None)
        try:
            _create_schema(_wrap(conn))
            _expected = _schema_of(conn)
        finally:
            conn.close()
    return _expected


def read_header(path: Path) -> int:
    """Check by its first 100 bytes that ``path`` is a complete library this version can read; return its
    format version. Reads bytes only, so a refused file is left untouched."""
    name = path.name
    size, header = first_page(path, LibraryError, "is a folder, not a fact-check library.")
    if len(header) < 100 or not header.startswith(_SQLITE_MAGIC):
        raise LibraryError(f"{name}: is not a fact-check library (it is not a database file).")
    user_version, app_id = struct.unpack(">iI", header[60:64] + header[68:72])
    if app_id != APPLICATION_ID:
        raise LibraryError(f"{name}: is a database made by another program (or a project file), not a "
                           "fact-check library.")
    if user_version > LIBRARY_VERSION:
        raise LibraryError(
            f"{name}: was made by a newer version of Fact-Check Workbench (library format {user_version}; this "
            f"version reads up to {LIBRARY_VERSION}). Update the app to use it; the file was not changed.")
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    change_counter, page_count = struct.unpack(">II", header[24:32])
    valid_for = struct.unpack(">I", header[92:96])[0]
    journal = path.with_name(path.name + "-journal")
    interrupted = journal.exists() and journal.stat().st_size > 0  # SQLite restores it from the journal
    if valid_for == change_counter and page_count and size < page_count * page_size and not interrupted:
        raise LibraryError(f"{name}: is incomplete ({size:,} of {page_count * page_size:,} bytes), perhaps an "
                           "interrupted copy. Copy it again; the file was not changed.")
    return user_version


class FactCheckLibrary:
    """An open fact-check library. ``FactCheckLibrary.open(path)`` (``None``: the journalist's own), then
    ``close()`` or ``with``. Reading methods work read-only; imports need it opened for writing."""

    def __init__(self, path: Path, conn: sqlite3.Connection, *, read_only: bool) -> None:
        """Use ``FactCheckLibrary.open``."""
        self.path = path
        self.conn = conn
        self.read_only = read_only
        self.db = _wrap(conn)
        self.table = self.db[TABLE]
        self._idf: dict[str, float] = {}
        self._count: int | None = None

    # -- opening -------------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path | None = None, *, read_only: bool = False, create: bool = True,
             any_thread: bool = False) -> FactCheckLibrary:
        """Open the library at ``path`` (default: ``default_library_path()``), creating an empty one if it
        does not exist yet and ``create`` (and not ``read_only``). Raises LibraryError with a message for the
        journalist when the file is not a library, is newer, damaged, or cannot be made. ``any_thread`` lets
        a worker thread use it (one thread at a time)."""
        path = Path(path) if path is not None else default_library_path()
        if not path.exists():
            if read_only or not create:
                raise LibraryError(f"{path.name}: no such fact-check library.")
            cls._create(path)
        read_header(path)
        if not read_only and not os.access(path, os.W_OK):
            raise LibraryError(f"{path.name}: is read-only; open it read-only to search it, or copy it somewhere "
                               "you can write to import into it.")
        try:
            # Before any statement that could run code stored in the file: the schema must be exactly ours.
            probe = _connect(path, read_only=True)
            try:
                found = _schema_of(probe)
            finally:
                probe.close()
            if found != _expected_schema():
                extra = sorted(f"{t} {n}" for (t, n) in set(found) - set(_expected_schema()))
                raise LibraryError(f"{path.name}: was changed by another program"
                                   f"{' (it adds ' + ', '.join(extra[:5]) + ')' if extra else ''}; it is not used, "
                                   "so that nothing stored in it can run. The file was not changed.")
            conn = _connect(path, read_only=read_only, any_thread=any_thread)
        except sqlite3.DatabaseError as exc:
            raise LibraryError(f"{path.name}: is damaged and cannot be read ({exc}).") from exc
        return cls(path, conn, read_only=read_only)

    @staticmethod
    def _create(path: Path) -> None:
        """Build an empty library under a temporary name and rename it into place."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryError(f"{path.parent}: the folder for the fact-check library cannot be made "
                               f"({exc.strerror or exc}).") from exc
        tmp = path.with_name(f".{path.name}.{os.getpid()}.creating")
        try:
            conn = _connect(tmp, read_only=False)
            try:
                conn.execute("BEGIN EXCLUSIVE")
                db = _wrap(conn)
                _create_schema(db)
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {LIBRARY_VERSION}")
                from workbench import __version__

                conn.executemany("INSERT INTO library_meta(key, value) VALUES (?, ?)",
                                 [("created_at", utc_now()), ("app_version", __version__)])
                conn.execute("COMMIT")
            finally:
                conn.close()
            os.replace(tmp, path)
        except (OSError, sqlite3.Error) as exc:
            raise LibraryError(f"{path.name}: the fact-check library cannot be created "
                               f"({getattr(exc, 'strerror', None) or exc}).") from exc
        finally:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None  # type: ignore[assignment]

    def __enter__(self) -> FactCheckLibrary:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading -------------------------------------------------------------------------------------

    def count(self) -> int:
        return self.table.count

    def stats(self) -> dict[str, Any]:
        """What the library holds, for *Tools → Fact-check library…*: totals, publishers, date range."""
        rows = self.conn.execute(
            "SELECT publisher, count(*) FROM factchecks GROUP BY publisher ORDER BY count(*) DESC, publisher"
        ).fetchall()
        first, last = self.conn.execute(
            "SELECT min(date), max(date) FROM factchecks WHERE date GLOB '[12][0-9][0-9][0-9]*'").fetchone()
        return {"fact_checks": sum(n for _, n in rows), "publishers": [{"name": p, "count": n} for p, n in rows],
                "oldest": first or "", "newest": last or "", "path": str(self.path)}

    def get(self, url: str) -> FactCheck | None:
        row = self.conn.execute(f"SELECT {', '.join(_FIELDS)} FROM {TABLE} WHERE url = ?", (url,)).fetchone()
        return _record(row) if row else None

    def all(self) -> Iterable[FactCheck]:
        for row in self.conn.execute(f"SELECT {', '.join(_FIELDS)} FROM {TABLE} ORDER BY id"):
            yield _record(row)

    def candidates(self, fts_query: str, *, limit: int = 50) -> list[tuple[FactCheck, float]]:
        """Fact-checks matching an FTS5 query, best first, each with its BM25 score (higher is better; the
        library ranks claim words above title and claimant words, see ``RANK``)."""
        if not fts_query.strip():
            return []
        try:
            rows = list(self.table.search(fts_query, columns=list(_FIELDS), limit=limit, include_rank=True))
        except sqlite3.OperationalError as exc:  # a query FTS5 cannot parse matches nothing
            if "fts5" in str(exc).lower() or "syntax" in str(exc).lower():
                return []
            raise
        return [(_record(tuple(r[f] for f in _FIELDS)), -float(r["rank"])) for r in rows]

    def docs_with(self, stem: str) -> int:
        """How many fact-checks hold the word (from the idf cache, filled by ``idf``)."""
        n = self._count or 0
        weight = self._idf.get(stem)
        if weight is None:
            weight = self.idf([stem])[stem]
            n = self._count or 0
        # Inverse of idf(): df = (n + 0.5) / e^w... solved from log(1 + (n - df + 0.5) / (df + 0.5)) = w.
        return max(0, round((n + 1.0) / math.exp(weight) - 0.5))

    def idf(self, stems: Iterable[str]) -> dict[str, float]:
        """How telling each word stem is in this library (BM25's inverse document frequency; a stem no
        fact-check holds gets the highest), from the ``vocabulary`` table; cached per library."""
        cache = self._idf
        stems = list(dict.fromkeys(stems))
        missing = [s for s in stems if s not in cache]
        if missing:
            if self._count is None:
                self._count = self.count()
            n = self._count
            found: dict[str, int] = {}
            for i in range(0, len(missing), _LOOKUP):  # one statement per 500 words, not one per word
                chunk = missing[i:i + _LOOKUP]
                marks = ", ".join("?" for _ in chunk)
                found.update(self.conn.execute(f"SELECT term, docs FROM vocabulary WHERE term IN ({marks})", chunk))
            for s in missing:
                df = found.get(s, 0)
                cache[s] = math.log(1.0 + (n - df + 0.5) / (df + 0.5))
            if len(cache) > 200_000:
                cache.clear()
        return {s: cache[s] for s in stems}

    def match(self, quote: str, *, speaker: str = "", date: str = "", limit: int = 5) -> list[Match]:
        """The fact-checks closest to a claim, best first (see ``workbench.factchecks.matching``)."""
        from workbench.factchecks.matching import match_claim

        return match_claim(self, quote, speaker=speaker, date=date, limit=limit)

    def search(self, text: str, *, limit: int = 10) -> list[Match]:
        """What a journalist types in the library's search box, matched as a claim would be."""
        return self.match(text, limit=limit)

    # -- importing -----------------------------------------------------------------------------------

    def import_files(self, paths: Sequence[str | Path], *, progress: Progress | None = None,
                     cancelled: Cancelled | None = None, all_or_nothing: bool = False) -> ImportReport:
        """Import files of fact-checks (see ``workbench.factchecks.formats``) in one transaction.

        A file that cannot be read at all is reported (``report.files[i].error``) and the others go on; bad
        records are skipped with their reasons. With ``all_or_nothing`` (the command line), one such file
        refuses the whole import: every file is still read so that all of them are reported, nothing is
        written, and ``report.refused`` is set. ``progress(done, total)`` is called as the work advances;
        when ``cancelled()`` turns true the import stops and is rolled back: the library is as before.
        """
        from workbench.factchecks.formats import read_file

        paths = [Path(p) for p in paths]
        sizes = []
        for p in paths:
            try:
                sizes.append(max(1, p.stat().st_size))
            except OSError:
                sizes.append(1)
        total = sum(sizes)
        report = ImportReport()
        done = 0
        refused = False
        with self._writing(report) as write:
            for path, size in zip(paths, sizes, strict=True):
                if cancelled and cancelled():
                    raise _Cancel
                result = FileResult(path.name)
                report.files.append(result)
                try:
                    parsed = read_file(path)
                except ImportFailed as exc:
                    result.error = str(exc)
                    refused = all_or_nothing
                    done += size
                    if progress:
                        progress(done, total)
                    continue
                result.kind = parsed.kind
                result.skipped = parsed.skipped_count
                report.skipped.extend(parsed.skipped)
                if parsed.skipped_count > len(parsed.skipped):
                    report.skipped.append(Skipped(path.name, "…", f"{parsed.skipped_count - len(parsed.skipped):,} "
                                                                   "more records skipped"))
                base = done
                n = max(1, len(parsed.records))

                def advance(written: int, *, _base: int = base, _size: int = size, _n: int = n) -> None:
                    if progress:
                        progress(_base + _size * written // _n, total)

                if not refused:  # records after a refused file are only read, for their reasons
                    write(parsed.records, result, advance, cancelled)
                done = base + size
                if progress:
                    progress(done, total)
            if refused:
                raise _Refused
        return report

    def import_records(self, records: Iterable[FactCheck], *, source: str = "",
                       cancelled: Cancelled | None = None) -> ImportReport:
        """Import records already read (one transaction; see ``import_files``)."""
        report = ImportReport()
        with self._writing(report) as write:
            result = FileResult(source or "records")
            report.files.append(result)
            write(list(records), result, lambda _n: None, cancelled)
        return report

    @contextlib.contextmanager
    def _writing(self, report: ImportReport) -> Iterator[Callable[..., None]]:
        """One write transaction around an import; yields the function that writes a file's records.
        A cancel rolls everything back and marks the report; any error rolls back and propagates."""
        if self.read_only:
            raise LibraryError(f"{self.path.name}: is open read-only; nothing can be imported into it.")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise LibraryError(_storage_message(self.path.name, exc)) from exc
        try:
            yield lambda records, result, advance, cancelled: self._write(records, result, report, advance, cancelled)
            self._count_words()
            self.conn.execute("COMMIT")
            self._idf.clear()
            self._count = None
        except (_Cancel, _Refused) as stop:
            self._rollback()
            report.cancelled = isinstance(stop, _Cancel)
            report.refused = isinstance(stop, _Refused)
            report.imported = report.updated = report.unchanged = 0
            for f in report.files:
                f.imported = f.updated = f.unchanged = 0
        except sqlite3.Error as exc:
            self._rollback()
            raise LibraryError(_storage_message(self.path.name, exc)) from exc
        except BaseException:
            self._rollback()
            raise

    def _count_words(self) -> None:
        """Recount the vocabulary from the FTS index (inside the import's transaction): one pass over the
        index, ~0.2 s for 200,000 fact-checks."""
        self.conn.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_vocab USING fts5vocab(main, {TABLE}_fts, row)")
        self.conn.execute("DELETE FROM vocabulary")
        self.conn.execute("INSERT INTO vocabulary (term, docs) SELECT term, doc FROM temp.fts_vocab")

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")

    def _write(self, records: list[FactCheck], result: FileResult, report: ImportReport,
               advance: Callable[[int], None], cancelled: Cancelled | None) -> None:
        now = utc_now()
        for start in range(0, len(records), _BATCH):
            if cancelled and cancelled():
                raise _Cancel
            batch = records[start:start + _BATCH]
            # The last record of a url wins within a batch, as it would across batches.
            latest: dict[str, dict[str, Any]] = {}
            for r in batch:
                latest[r.url] = _row(r)
            existing = self._existing(list(latest))
            new_rows, changed_rows = [], []
            for url, row in latest.items():
                before = existing.get(url)
                if before is None:
                    new_rows.append({**row, "imported_at": now, "updated_at": now})
                elif _same(before, row):
                    result.unchanged += 1
                else:
                    changed_rows.append({**row, "updated_at": now})
            # Repeats of a url inside one batch count like a second import of it.
            repeats = len(batch) - len(latest)
            result.unchanged += repeats
            if new_rows:
                self.table.insert_all(new_rows, batch_size=200)
            if changed_rows:
                self.table.insert_all(changed_rows, pk="url", upsert=True, batch_size=200)
            result.imported += len(new_rows)
            result.updated += len(changed_rows)
            advance(start + len(batch))
        report.imported += result.imported
        report.updated += result.updated
        report.unchanged += result.unchanged

    def _existing(self, urls: list[str]) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        cols = ", ".join(_FIELDS)
        for i in range(0, len(urls), _LOOKUP):
            chunk = urls[i:i + _LOOKUP]
            marks = ", ".join("?" for _ in chunk)
            for values in self.conn.execute(f"SELECT {cols} FROM {TABLE} WHERE url IN ({marks})", chunk):
                found[values[0]] = dict(zip(_FIELDS, values, strict=True))
        return found


class _Cancel(Exception):
    """Raised inside an import when the journalist cancels it."""


class _Refused(Exception):
    """Raised at the end of an all-or-nothing import when a file could not be read."""


def _row(r: FactCheck) -> dict[str, Any]:
    return {"url": r.url, "claim": r.claim, "claimant": r.claimant, "claim_date": r.claim_date, "rating": r.rating,
            "rating_value": r.rating_value, "publisher": r.publisher, "publisher_site": r.publisher_site,
            "date": r.date, "title": r.title, "language": r.language, "appearance": r.appearance,
            "extra": json.dumps(r.extra, ensure_ascii=False, sort_keys=True) if r.extra else "", "source": r.source}


def _same(stored: dict[str, Any], row: dict[str, Any]) -> bool:
    # Where it was imported from does not make a fact-check different.
    return all(stored[k] == row[k] for k in _FIELDS if k != "source")


def _record(values: Sequence[Any]) -> FactCheck:
    d = dict(zip(_FIELDS, values, strict=True))
    extra = d.pop("extra")
    try:
        parsed = json.loads(extra) if extra else {}
    except ValueError:
        parsed = {}
    return FactCheck(**d, extra=parsed if isinstance(parsed, dict) else {})


def _storage_message(name: str, exc: sqlite3.Error) -> str:
    from workbench.store.connect import SQLITE_BUSY, SQLITE_IOERR, SQLITE_READONLY, is_corrupt, is_disk_full

    primary = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    if primary == SQLITE_BUSY or "locked" in str(exc).lower():
        why = "another program or window is writing to it; try again when it has finished"
    elif is_disk_full(exc):
        why = "the disk is full; free some space and try again"
    elif primary == SQLITE_READONLY:
        why = "its folder or disk cannot be written to"
    elif primary == SQLITE_IOERR:
        why = "the disk reported an error (a removed USB stick or a lost network drive?)"
    elif is_corrupt(exc):
        why = "the library file is damaged; import the files into a new library"
    else:
        why = str(exc)
    return f"{name}: the import was not saved: {why}. The library is as it was before."
