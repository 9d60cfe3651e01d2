"""What ``Project.check`` reports: the file's health, read through an open connection.

Problems: SQLite's integrity check, foreign keys, values of the wrong kind, attached files that do not
match their checksum, article texts that do not match theirs, out-of-date search indexes, and the file's
identity. Besides them, not a problem of
the file: claims whose quote can no longer be found in their article (orphans), which the window and the
command line mention after a check.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from workbench.core.anchor import Anchor, resolve_anchor
from workbench.store import dberrors, schema

# Declared column types whose stored values SQLite does not enforce (our tables are not STRICT).
SQL_TYPES = {"TEXT": "text", "INTEGER": "integer", "BLOB": "blob"}


class CheckReport(list[str]):
    """The problems found, one line each (empty when the file is healthy: ``report == []``), and
    ``orphans``: ``(claim id, quote)`` of each claim whose quote is no longer in its article's text."""

    def __init__(self, problems: list[str], orphans: list[tuple[str, str]]) -> None:
        super().__init__(problems)
        self.orphans = orphans


def check(conn: sqlite3.Connection, *, writable: bool) -> CheckReport:
    """Check the project open on ``conn``; the search indexes only when ``writable`` (FTS5's integrity
    check is written as an INSERT and needs a writable handle, though it changes nothing).

    Every step runs even when another fails (a damaged index can break a later query): a step that cannot
    run is itself reported, so the journalist sees every finding at once."""
    import hashlib  # here: loading OpenSSL costs the window's start-up a few ms, and only checks need it

    problems: list[str] = []
    orphans: list[tuple[str, str]] = []

    def step(what: str, run: Callable[[], None]) -> None:
        try:
            run()
        except dberrors.DatabaseError as exc:
            problems.append(f"{what} could not be checked: the file is damaged there ({exc})")

    def integrity() -> None:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if rows != ["ok"]:
            problems.extend(f"integrity: {r}" for r in rows[:20])

    def foreign_keys() -> None:
        for table, rowid, parent, _fk in conn.execute("PRAGMA foreign_key_check"):
            problems.append(f"{table} row {rowid} points to a missing {parent} row")

    def attachments() -> None:
        # Attachments are stored under their sha256 and shared by every file with that content: one whose
        # bytes do not match would stand in for the real file the next time it is attached.
        for sha, size, data in conn.execute("SELECT sha256, size, data FROM attachments"):
            if not isinstance(data, bytes) or size != len(data) or sha != hashlib.sha256(data).hexdigest():
                problems.append(f"attached file {str(sha)[:12]}... does not match its checksum")

    def article_texts() -> None:
        # An article's text never changes after import (claims point into it), and its checksum was taken
        # then: a flipped bit that still reads as text ("S" -> "s") or bytes that are no UTF-8 (read as
        # U+FFFD, see store.connect) show here.
        for article_id, title, text, sha in conn.execute("SELECT id, title, text, text_sha256 FROM articles"):
            if sha and (not isinstance(text, str) or hashlib.sha256(text.encode("utf-8")).hexdigest() != sha):
                problems.append(f"article {article_id} (“{str(title)[:40]}”): its text is damaged (it no longer "
                                "matches the checksum taken at import); restore a backup or salvage the project")

    def search_indexes() -> None:
        for table in schema.FTS_TABLES if writable else ():
            try:
                conn.execute(f"INSERT INTO {table}_fts({table}_fts, rank) VALUES ('integrity-check', 1)")
            except dberrors.DatabaseError as exc:
                problems.append(f"search index of {table} is out of date ({exc})")

    def identity() -> None:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if app_id != schema.APPLICATION_ID or version != schema.SCHEMA_VERSION:
            problems.append(f"unexpected file identity (application_id {app_id}, format {version})")

    step("The file's structure", integrity)
    step("Links between rows", foreign_keys)
    step("Values", lambda: problems.extend(wrongly_typed(conn)))
    step("Attached files", attachments)
    step("Article texts", article_texts)
    step("The search indexes", search_indexes)
    step("The file's identity", identity)
    step("Claims' places in their articles", lambda: orphans.extend(orphan_claims(conn)))
    return CheckReport(problems, orphans)


def orphan_claims(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """``(id, quote)`` of every claim whose quote cannot be found again in its article's text, in the order
    claims are listed (by article, then position). One article's text is held at a time."""
    orphans = []
    articles = conn.execute("SELECT id FROM articles ORDER BY seq").fetchall()
    for (article_id,) in articles:
        (text,) = conn.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
        for claim_id, start, end, exact, prefix, suffix in conn.execute(
            'SELECT id, start, "end", exact, prefix, suffix FROM claims WHERE article_id = ? ORDER BY start, seq',
            (article_id,),
        ):
            if resolve_anchor(text, Anchor(start, end, exact, prefix, suffix)) is None:
                orphans.append((claim_id, exact))
    return orphans


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
        columns = [(r[1], SQL_TYPES.get(r[2].upper())) for r in conn.execute(f'PRAGMA table_info("{table}")')]
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
