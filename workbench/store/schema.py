"""The project file's schema and its migrations.

``MIGRATIONS[n]`` turns a version-``n`` file into version ``n + 1``; ``SCHEMA_VERSION`` is what this
build writes and the newest it reads. A new project runs every migration from an empty file; an older
one runs the rest inside one exclusive transaction opened by ``store.opening``, after a backup copy of the
file has been made and with foreign-key actions off (checked before the commit), so a failure leaves the
file as it was. The schema guard (``store.schema_guard``) derives the schema it expects by running them
too, so a migration is the only place a schema change is written.

Writing a migration: version 0 is plain SQL (the whole schema at once). Later ones change tables with
sqlite-utils (``utils_db(conn)[table].add_column(...)``, ``transform_table(conn, table, ...)`` for what
``ALTER TABLE`` cannot do: change a type, a default, a constraint, drop a column) and create new ones
with SQL or sqlite-utils. Never ``executescript`` or anything that commits: the migration is all or
nothing.

Tables whose text is searched (articles, claims, sources) have an explicit ``seq INTEGER PRIMARY KEY``:
their FTS5 indexes use external content keyed by rowid, and an implicit rowid may be renumbered by
VACUUM (which "save a copy" uses), silently corrupting the index. Every row also has a text UUID ``id``
used by everything else, so two copies of a project can be merged.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite_utils

# 'FCWB' as a big-endian 32-bit integer: marks a SQLite file as ours.
APPLICATION_ID = 0x46435742
SCHEMA_VERSION = 4

STATUSES = ("To check", "In progress", "Checked", "Published")
DEFAULT_VERDICTS = (
    ("True", "#2e7d32"),
    ("Mostly true", "#7cb342"),
    ("Half true", "#f9a825"),
    ("Mostly false", "#ef6c00"),
    ("False", "#c62828"),
    ("Unverifiable", "#757575"),
)
SOURCE_KINDS = (
    "document",
    "web page",
    "dataset",
    "interview",
    "official statement",
    "publication",
    "other",
    "transcript",  # since file format 2
)
RELATIONS = ("supports", "refutes", "context")
# What one row and several rows of each table are called in messages ("no claim with id …", "3 of 4 claims").
_ROW_NAMES = {
    "articles": ("article", "articles"), "claims": ("claim", "claims"), "sources": ("source", "sources"),
    "tags": ("tag", "tags"), "claim_tags": ("tag on a claim", "tags on claims"),
    "claim_sources": ("source link", "source links"), "source_files": ("attached file", "attached files"),
    "attachments": ("stored file", "stored files"), "verdict_scale": ("verdict", "verdicts"),
    "dismissals": ("dismissed suggestion", "dismissed suggestions"), "reviews": ("review", "reviews"),
    "corrections": ("correction", "corrections"), "history": ("history entry", "history entries"),
    "tombstones": ("deletion record", "deletion records"), "meta": ("project setting", "project settings"),
}


def row_name(table: str, count: int = 1) -> str:
    """What ``count`` rows of ``table`` are called ("claim", "claims"); the table's own name if it has none."""
    one, many = _ROW_NAMES.get(table, (table, table))
    return one if count == 1 else many
# Stored file contents that nothing refers to any more: no source file, and no article keeping its
# original (an article's original file is stored under its source_sha256).
UNREFERENCED_ATTACHMENT = (
    "sha256 NOT IN (SELECT sha256 FROM source_files) AND sha256 NOT IN (SELECT source_sha256 FROM articles)"
)

# Rows every editable table carries: who made/changed it and when, and the revision chain used by merge.
_COMMON = """
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    updated_by TEXT NOT NULL DEFAULT '',
    rev TEXT NOT NULL DEFAULT ''
"""

_statuses = ", ".join(f"'{s}'" for s in STATUSES)
_kinds = ", ".join(f"'{k}'" for k in SOURCE_KINDS if k != "transcript")  # format 1's kinds
_relations = ", ".join(f"'{r}'" for r in RELATIONS)

_V1 = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE articles (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL DEFAULT '',
    outlet TEXT NOT NULL DEFAULT '',
    author TEXT NOT NULL DEFAULT '',
    published TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT '',
    source_file TEXT NOT NULL DEFAULT '',
    source_sha256 TEXT NOT NULL DEFAULT '',
    format TEXT NOT NULL DEFAULT '',
    text_sha256 TEXT NOT NULL,
    text TEXT NOT NULL,
    {_COMMON}
);
CREATE INDEX articles_source_sha256 ON articles(source_sha256);
CREATE INDEX articles_text_sha256 ON articles(text_sha256);

CREATE TABLE claims (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    article_id TEXT NOT NULL REFERENCES articles(id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    exact TEXT NOT NULL,
    prefix TEXT NOT NULL DEFAULT '',
    suffix TEXT NOT NULL DEFAULT '',
    speaker TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'To check' CHECK (status IN ({_statuses})),
    verdict TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    private_note TEXT NOT NULL DEFAULT '',
    {_COMMON},
    CHECK (start >= 0 AND "end" > start)
);
CREATE INDEX claims_article ON claims(article_id, start);

CREATE TABLE tags (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    color TEXT NOT NULL DEFAULT '#ffd54f',
    {_COMMON}
);

CREATE TABLE claim_tags (
    id TEXT PRIMARY KEY,
    claim_id TEXT NOT NULL REFERENCES claims(id),
    tag_id TEXT NOT NULL REFERENCES tags(id),
    {_COMMON},
    UNIQUE (claim_id, tag_id)
);
CREATE INDEX claim_tags_tag ON claim_tags(tag_id);

CREATE TABLE sources (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'document' CHECK (kind IN ({_kinds})),
    url TEXT NOT NULL DEFAULT '',
    publisher TEXT NOT NULL DEFAULT '',
    published TEXT NOT NULL DEFAULT '',
    accessed TEXT NOT NULL DEFAULT '',
    reliability TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    {_COMMON}
);

-- Attached file contents, stored once per distinct content however often attached.
CREATE TABLE attachments (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    data BLOB NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE source_files (
    id TEXT PRIMARY KEY,
    source_id TEXT NOT NULL REFERENCES sources(id),
    sha256 TEXT NOT NULL REFERENCES attachments(sha256),
    name TEXT NOT NULL,
    mime TEXT NOT NULL DEFAULT 'application/octet-stream',
    {_COMMON}
);
CREATE INDEX source_files_source ON source_files(source_id);

CREATE TABLE claim_sources (
    id TEXT PRIMARY KEY,
    claim_id TEXT NOT NULL REFERENCES claims(id),
    source_id TEXT NOT NULL REFERENCES sources(id),
    relation TEXT NOT NULL CHECK (relation IN ({_relations})),
    excerpt TEXT NOT NULL DEFAULT '',
    locator TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    {_COMMON}
);
CREATE INDEX claim_sources_claim ON claim_sources(claim_id);
CREATE INDEX claim_sources_source ON claim_sources(source_id);

CREATE TABLE verdict_scale (
    id TEXT PRIMARY KEY,
    label TEXT NOT NULL UNIQUE COLLATE NOCASE,
    position INTEGER NOT NULL,
    color TEXT NOT NULL DEFAULT '#757575',
    description TEXT NOT NULL DEFAULT '',
    {_COMMON}
);

-- Quote suggestions the journalist dismissed, so they are not proposed again for that article.
CREATE TABLE dismissals (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    exact TEXT NOT NULL,
    {_COMMON}
);
CREATE INDEX dismissals_article ON dismissals(article_id);

-- Who changed what, when. rev/parent_rev chain every row's revisions so merge can tell
-- "changed on one side" from "changed on both sides".
CREATE TABLE history (
    id TEXT PRIMARY KEY,
    at TEXT NOT NULL,
    author TEXT NOT NULL DEFAULT '',
    op TEXT NOT NULL DEFAULT '',
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete', 'merge')),
    rev TEXT NOT NULL,
    parent_rev TEXT NOT NULL DEFAULT '',
    data TEXT NOT NULL DEFAULT '{{}}'
);
CREATE INDEX history_row ON history(row_id, at);
CREATE INDEX history_rev ON history(rev);

-- Deleted rows, so a merge can tell "deleted over there" from "new over here".
CREATE TABLE tombstones (
    row_id TEXT PRIMARY KEY,
    table_name TEXT NOT NULL,
    deleted_at TEXT NOT NULL,
    deleted_by TEXT NOT NULL DEFAULT '',
    rev TEXT NOT NULL DEFAULT ''
);
"""

# Full-text indexes: external content (no second copy of 50 MB of articles), kept in sync by triggers.
# unicode61 with remove_diacritics 2 folds case and accents: "sao paulo" finds "São Paulo".
FTS_TABLES: dict[str, tuple[str, ...]] = {
    "articles": ("title", "outlet", "text"),
    "claims": ("exact", "speaker", "note", "private_note"),
    "sources": ("title", "publisher", "url", "notes"),
    "source_texts": ("text",),  # since file format 2
}
_V1_FTS = ("articles", "claims", "sources")


def _fts_sql(table: str, columns: tuple[str, ...]) -> str:
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    fts = f"{table}_fts"
    return f"""
CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{table}', content_rowid='seq',
    tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER {table}_fts_ai AFTER INSERT ON {table} BEGIN
    INSERT INTO {fts}(rowid, {cols}) VALUES (new.seq, {new});
END;
CREATE TRIGGER {table}_fts_ad AFTER DELETE ON {table} BEGIN
    INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.seq, {old});
END;
CREATE TRIGGER {table}_fts_au AFTER UPDATE OF {cols} ON {table} BEGIN
    INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.seq, {old});
    INSERT INTO {fts}(rowid, {cols}) VALUES (new.seq, {new});
END;
"""


def _migrate_0_to_1(conn: sqlite3.Connection) -> None:
    """An empty database becomes a version-1 project."""
    for statement in _split(_V1 + "".join(_fts_sql(t, FTS_TABLES[t]) for t in _V1_FTS)):
        conn.execute(statement)


# The text of attached files, extracted once per content (and per way of reading it: the same bytes read
# as a transcript or as plain text give different passages). A cache of what the files say, not an edit:
# no history, no merge; it goes with its attachment (ON DELETE CASCADE, e.g. when a shared copy leaves
# unused files out). ``passages`` is JSON (``verify.SourceText.to_dict``'s rows: start, end, locator,
# speaker, time, page); ``problem`` says why a file has no text (a scan, a malformed transcript), so it
# is not read again and again.
_SOURCE_TEXTS = """
CREATE TABLE source_texts (
    seq INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL REFERENCES attachments(sha256) ON DELETE CASCADE,
    reader TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'text',
    text TEXT NOT NULL DEFAULT '',
    passages TEXT NOT NULL DEFAULT '[]',
    problem TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    UNIQUE (sha256, reader)
);
"""


def _migrate_1_to_2(conn: sqlite3.Connection) -> None:
    """Format 2: sources of kind ``transcript``, and the extracted text of attached files (searchable).

    A CHECK constraint cannot be altered (nor changed by sqlite-utils' transform), so ``sources`` is rebuilt
    the way SQLite documents (new table, copy, drop, rename), keeping every row and its ``seq`` (the search
    index's key); its search triggers are made again. Foreign-key actions are off during migrations
    (``store.opening``), so dropping the old table touches no claim link or attached file.
    """
    old_sql = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'sources'").fetchone()[0]
    old_kinds = _kinds
    new_kinds = ", ".join(f"'{k}'" for k in SOURCE_KINDS)
    if f"CHECK (kind IN ({old_kinds}))" not in old_sql:
        raise sqlite3.DatabaseError("the sources table is not the one format 1 made")
    new_sql = old_sql.replace(f"CHECK (kind IN ({old_kinds}))", f"CHECK (kind IN ({new_kinds}))", 1)
    new_sql = re.sub(r'^CREATE TABLE\s+"?sources"?', "CREATE TABLE sources_new", new_sql, count=1)
    conn.execute(new_sql)
    conn.execute("INSERT INTO sources_new SELECT * FROM sources")
    conn.execute("DROP TABLE sources")  # its triggers go with it
    conn.execute("ALTER TABLE sources_new RENAME TO sources")
    for statement in _split(_fts_sql("sources", FTS_TABLES["sources"])):
        if statement.startswith("CREATE TRIGGER"):
            conn.execute(statement)
    for statement in _split(_SOURCE_TEXTS + _fts_sql("source_texts", FTS_TABLES["source_texts"])):
        conn.execute(statement)


# Second-person review and the corrections log (issue 24). Self-contained: it only adds its own tables, so
# it can take any number among the migrations. ``reviews``: one decision (approved / sent back) on the
# verdict a claim had, naming that verdict's author and the history revision that set it, so a later change
# of the verdict is seen to need a new approval. ``corrections``: one changed field of a published claim
# with the note the journalist gave. The project setting ``require_review`` lives in ``meta``.
_REVIEWS = f"""
CREATE TABLE reviews (
    id TEXT PRIMARY KEY,
    claim_id TEXT NOT NULL REFERENCES claims(id),
    verdict TEXT NOT NULL,
    verdict_by TEXT NOT NULL DEFAULT '',
    verdict_rev TEXT NOT NULL DEFAULT '',
    decision TEXT NOT NULL CHECK (decision IN ('approved', 'sent back')),
    note TEXT NOT NULL DEFAULT '',
    {_COMMON}
);
CREATE INDEX reviews_claim ON reviews(claim_id);

CREATE TABLE corrections (
    id TEXT PRIMARY KEY,
    claim_id TEXT NOT NULL REFERENCES claims(id),
    field TEXT NOT NULL,
    old TEXT NOT NULL DEFAULT '',
    new TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL,
    {_COMMON}
);
CREATE INDEX corrections_claim ON corrections(claim_id);
"""


def _add_reviews_and_corrections(conn: sqlite3.Connection) -> None:
    """Add the tables of second-person review and of the corrections log."""
    for statement in _split(_REVIEWS):
        conn.execute(statement)


# What the article list shows of each article (store.queries), in the order it reads them.
ARTICLE_LISTING = ("id, title, outlet, author, published, url, language, source_file, source_sha256, format, "
                   "text_sha256, created_at, updated_at, created_by, chars")


def _articles_v4() -> str:
    """Format 4's articles table, made from format 1's: ``text`` last, ``chars`` before it (``_text_last``)."""
    v1 = re.search(r"CREATE TABLE articles \((.*?)\n\);", _V1, re.S)
    assert v1 is not None
    columns = v1.group(1).replace("\n    text TEXT NOT NULL,", "").rstrip()
    return f"CREATE TABLE articles_new ({columns},\n    chars INTEGER NOT NULL DEFAULT 0,\n    text TEXT NOT NULL\n)"


def _text_last(conn: sqlite3.Connection) -> None:
    """Format 4: an article's text is the last column of its row, and its length in characters is stored.

    A row's columns are read in order, and a 40 KB text runs over many overflow pages: reading any column
    after it (``created_at`` … ``rev`` were) walks that chain — a pointer per page in a plain file, but every
    page decrypted whole in an encrypted one (42 MB on each open of a 1,000-article project). ``chars``
    (what the article list shows) was ``length(text)``, which reads every text in full. Also an index of the
    claims' speakers, and one the article list is read from. The table is rebuilt by hand as in
    ``_migrate_1_to_2`` (not with sqlite-utils: the schema guard runs every migration on each check, and
    must not load it), keeping every row's ``seq`` (the search index's key), its indexes and its search
    triggers.
    """
    keep = [r[0] for r in conn.execute(
        "SELECT sql FROM sqlite_master WHERE tbl_name = 'articles' AND type IN ('index', 'trigger') "
        "AND sql IS NOT NULL ORDER BY rowid")]
    conn.execute(_articles_v4())
    columns = ", ".join(r[1] for r in conn.execute("PRAGMA table_info(articles)"))
    conn.execute(f"INSERT INTO articles_new ({columns}, chars) SELECT {columns}, length(text) FROM articles")
    conn.execute("DROP TABLE articles")  # its indexes and triggers go with it
    conn.execute("ALTER TABLE articles_new RENAME TO articles")
    for sql in keep:
        conn.execute(sql)
    # The speakers of the project (the speaker field's completer, the search panel's filter) are read from
    # this index alone, not from every claim's row (50,000 rows decrypted on each open of a big project).
    conn.execute("CREATE INDEX claims_speaker ON claims(speaker)")
    # The article list (store.queries.list_articles) is read from this index alone: a row's page also holds
    # the start of its text, so listing 1,000 articles read (and in an encrypted file decrypted) ~1,000 pages.
    conn.execute(f"CREATE INDEX articles_listing ON articles(seq, {ARTICLE_LISTING})")


def _split(script: str) -> list[str]:
    """Split a script into statements.

    ``executescript`` would COMMIT the migration's open transaction first, breaking the promise that a
    migration is all-or-nothing, so statements run one by one; ``sqlite3.complete_statement`` keeps
    trigger bodies (which contain ``;``) whole.
    """
    statements: list[str] = []
    buf = ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--"):
            continue
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                statements.append(buf.strip())
            buf = ""
    if buf.strip():
        statements.append(buf.strip())
    return statements


Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: dict[int, Migration] = {
    0: _migrate_0_to_1, 1: _migrate_1_to_2, 2: _add_reviews_and_corrections, 3: _text_last,
}


def migrate(conn: sqlite3.Connection, start: int, end: int | None = None) -> None:
    """Run the migrations that turn a version-``start`` file into version ``end`` (default: this build's),
    in the caller's transaction. Does not set ``user_version``."""
    for version in range(start, SCHEMA_VERSION if end is None else end):
        MIGRATIONS[version](conn)


def utils_db(conn: sqlite3.Connection) -> sqlite_utils.Database:
    """sqlite-utils over a migration's connection. Imported on first use: it costs ~100 ms, and the window
    must not pay that at start-up. Triggers are not made recursive and no sqlite-utils plugin runs: the
    connection goes on being the project's own."""
    import sqlite_utils

    return sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False)


def transform_table(conn: sqlite3.Connection, table: str, **changes: Any) -> None:
    """Rebuild ``table`` with sqlite-utils' ``Table.transform(**changes)`` (types, defaults, renamed or
    dropped columns, constraints) inside the migration's transaction, keeping its rows (and their ``seq``,
    which the search index points at) and its triggers, which a rebuild drops: they are made again from
    their own SQL, so its search index stays in step."""
    triggers = [sql for (sql,) in conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? ORDER BY rowid", (table,))]
    utils_db(conn)[table].transform(**changes)
    for sql in triggers:
        conn.execute(sql)
