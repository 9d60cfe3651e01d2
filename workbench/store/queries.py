"""Read-only queries returning core dataclasses: what the UI, CLI and exporters list and show."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import TypeVar

from workbench.core.anchor import Anchor, resolve_anchor
from workbench.core.errors import NotFoundError
from workbench.core.model import Article, Claim, Tag, Verdict
from workbench.store import dberrors
from workbench.store.project import Project
from workbench.store.schema import ARTICLE_LISTING

# Every column the article list shows, ending with the stored length (``chars``), all read from the index
# ``articles_listing`` (file format 4) without touching the rows, whose pages hold the texts; then whether the
# original file is stored, without reading it.
_ARTICLE_COLS = ARTICLE_LISTING
_ARTICLE_EXTRA = "source_sha256 != '' AND EXISTS (SELECT 1 FROM attachments WHERE sha256 = source_sha256)"


def claims_per_article(project: Project) -> dict[str, int]:
    """Claims per article id (articles without claims left out): one walk of the claims' article index, which
    the window does after an open's first frame (see ``ui.articles_panel``)."""
    return dict(project.conn.execute("SELECT article_id, count(*) FROM claims GROUP BY article_id"))


def list_articles(project: Project, *, counts: bool = True) -> list[Article]:
    """Every article with its claim count (0 for all without ``counts``: ``claims_per_article`` later) and
    length, oldest import first."""
    per_article = claims_per_article(project) if counts else {}
    rows = project.conn.execute(f"SELECT {_ARTICLE_COLS}, {_ARTICLE_EXTRA} FROM articles ORDER BY seq")
    out = []
    for r in rows:
        a = Article(*r[:-2], chars=r[-2], has_original=bool(r[-1]))
        a.claim_count = per_article.get(a.id, 0)
        out.append(a)
    return out


def one_row(project: Project, sql: str, row_id: str, what: str) -> tuple:
    """The one row ``sql`` (with ``row_id`` as its only parameter) finds, or NotFoundError naming ``what``."""
    row = project.conn.execute(sql, (row_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"There is no {what} with id {row_id} in this project.")
    return row


def get_article(project: Project, article_id: str) -> Article:
    row = one_row(project, f"SELECT {_ARTICLE_COLS}, {_ARTICLE_EXTRA} FROM articles WHERE id = ?", article_id,
                  "article")
    a = Article(*row[:-2], chars=row[-2], has_original=bool(row[-1]))
    a.claim_count = project.conn.execute(
        "SELECT count(*) FROM claims WHERE article_id = ?", (article_id,)
    ).fetchone()[0]
    return a


def article_text(project: Project, article_id: str) -> str:
    return one_row(project, "SELECT text FROM articles WHERE id = ?", article_id, "article")[0]


def article_original(project: Project, article_id: str) -> tuple[str, bytes] | None:
    """The original file an article was imported from, as ``(file name, bytes)``, if it was kept."""
    row = project.conn.execute(
        "SELECT a.source_file, t.data FROM articles a JOIN attachments t ON t.sha256 = a.source_sha256 "
        "WHERE a.id = ? AND a.source_sha256 != ''",
        (article_id,),
    ).fetchone()
    return (row[0] or "original", bytes(row[1])) if row else None


def list_tags(project: Project) -> list[Tag]:
    """Every tag, by name, with how many claims carry it."""
    rows = project.conn.execute(
        # count(ct.tag_id), not count(ct.id): the tag index alone answers it, without reading each row.
        "SELECT t.id, t.name, t.color, count(ct.tag_id) FROM tags t LEFT JOIN claim_tags ct ON ct.tag_id = t.id "
        "GROUP BY t.id ORDER BY t.name COLLATE NOCASE"
    )
    return [Tag(*r) for r in rows]


def tag_names(project: Project) -> list[str]:
    """Every tag's name, in ``list_tags``' order, without counting their claims: filters and completers
    need only names, and counting reads the whole claim-tag index (thousands of pages to decrypt in an
    encrypted project, before the window's first frame)."""
    return [r[0] for r in project.conn.execute("SELECT name FROM tags ORDER BY name COLLATE NOCASE")]


def verdict_scale(project: Project) -> list[Verdict]:
    rows = project.conn.execute(
        "SELECT id, label, position, color, description FROM verdict_scale ORDER BY position"
    )
    return [Verdict(*r) for r in rows]


def speakers(project: Project) -> list[str]:
    """Distinct speakers already used in the project, most used first (for the completer)."""
    rows = project.conn.execute(
        "SELECT speaker FROM claims WHERE speaker != '' GROUP BY speaker ORDER BY count(*) DESC, speaker"
    )
    return [r[0] for r in rows]


_CLAIM_COLS = (
    'c.id, c.article_id, c.start, c."end", c.exact, c.prefix, c.suffix, c.speaker, c.status, c.verdict, '
    "c.note, c.private_note, c.created_at, c.updated_at, c.created_by, c.updated_by"
)


# What the claims table shows and filters on; the rest of a claim (context, private note, creation
# stamps) stays in the file until a claim is opened: a third less to read and hold for 50,000 claims.
_LEAN_COLS = ('c.id, c.article_id, c.start, c."end", c.exact, c.speaker, c.status, c.verdict, c.note, '
              "c.updated_at")


def claim_count_up_to(project: Project, limit: int, article_id: str | None = None) -> int:
    """How many claims the project (or one article) has, counted no further than ``limit``: enough to choose
    how to show them, without walking an index of every claim (50,000 in a large project; an encrypted file
    decrypts each page it reads)."""
    where, params = ("WHERE article_id = ?", (article_id, limit)) if article_id is not None else ("", (limit,))
    return project.conn.execute(f"SELECT count(*) FROM (SELECT 1 FROM claims {where} LIMIT ?)", params).fetchone()[0]


def list_claims(project: Project, article_id: str | None = None, *, resolve: bool = True,
                lean: bool = False, starting_before: int | None = None) -> list[Claim]:
    """Claims of one article (by position) or of the whole project (by article, then position).

    With ``resolve``, each claim's anchor is checked against its article's text; one whose quote moved
    gets its current offsets, one whose quote is gone is marked ``anchored=False``. ``lean`` leaves
    ``prefix``, ``suffix``, ``private_note``, ``created_*`` and ``updated_by`` empty (for lists).
    ``starting_before`` (with ``article_id``): only the claims saved as starting before that offset, read
    through the article's index of claim positions (the first screen of a big article).
    """
    sql = f"SELECT {_LEAN_COLS if lean else _CLAIM_COLS}, a.title FROM claims c JOIN articles a ON a.id = c.article_id"
    params: tuple = ()
    if article_id is not None:
        sql += " WHERE c.article_id = ?"
        params = (article_id,)
        if starting_before is not None:
            sql += " AND c.start < ?"
            params = (article_id, starting_before)
    sql += " ORDER BY a.seq, c.start, c.seq"
    claims = _read_fast(project, lambda: _read_claims(project.conn.execute(sql, params), lean))
    _attach_tags(project, claims, article_id, by_id=starting_before is not None)
    if resolve:
        _resolve(project, claims, lean=lean)
    return claims


_T = TypeVar("_T")


def _read_fast(project: Project, read: Callable[[], _T]) -> _T:
    """``read()`` with texts decoded by sqlite3 itself: several times faster than the connection's tolerant
    decoding (over a million texts for 100,000 claims). A text that is not UTF-8 makes that fail; then
    ``read()`` runs again the tolerant way (the same texts: valid UTF-8 decodes alike both ways)."""
    conn = project.conn
    tolerant = conn.text_factory
    conn.text_factory = str
    try:
        return read()
    except (UnicodeDecodeError, *dberrors.OperationalError):
        pass
    finally:
        conn.text_factory = tolerant
    return read()


def _read_claims(rows: Iterable[tuple], lean: bool) -> list[Claim]:
    # A project's 50,000 claims repeat a few article ids, titles, speakers, statuses and authors: one
    # string object each instead of one per claim keeps the claims table tens of MB smaller.
    same: dict[str, str] = {}
    one = same.setdefault
    claims = []
    if lean:
        for r in rows:
            c = Claim(r[0], one(r[1], r[1]), r[2], r[3], r[4], speaker=one(r[5], r[5]), status=one(r[6], r[6]),
                      verdict=one(r[7], r[7]), note=r[8], updated_at=r[9])
            c.article_title = one(r[10], r[10])
            claims.append(c)
    else:
        for r in rows:
            c = Claim(r[0], one(r[1], r[1]), r[2], r[3], r[4], r[5], r[6], one(r[7], r[7]), one(r[8], r[8]),
                      one(r[9], r[9]), r[10], r[11], r[12], r[13], one(r[14], r[14]), one(r[15], r[15]))
            c.article_title = one(r[16], r[16])
            claims.append(c)
    return claims


def get_claim(project: Project, claim_id: str) -> Claim:
    r = one_row(project, f"SELECT {_CLAIM_COLS}, a.title FROM claims c JOIN articles a ON a.id = c.article_id "
                "WHERE c.id = ?", claim_id, "claim")
    c = Claim(*r[:-1])
    c.article_title = r[-1]
    _attach_tags(project, [c], c.article_id)
    _resolve(project, [c])
    return c


def get_claims(project: Project, claim_ids: list[str]) -> list[Claim]:
    """Several claims at once, by article and position; ids of claims that do not exist are left out. One
    query and one pass over the tag links instead of ``get_claim`` per id (a bulk accept of 3,000)."""
    if not claim_ids:
        return []
    sql = (f"SELECT {_CLAIM_COLS}, a.title FROM claims c JOIN articles a ON a.id = c.article_id "
           "WHERE c.id IN (SELECT value FROM json_each(?)) ORDER BY a.seq, c.start, c.seq")
    claims = []
    for r in project.conn.execute(sql, (json.dumps(claim_ids),)):
        c = Claim(*r[:-1])
        c.article_title = r[-1]
        claims.append(c)
    articles = {c.article_id for c in claims}
    _attach_tags(project, claims, next(iter(articles)) if len(articles) == 1 else None)
    _resolve(project, claims)
    return claims


def _attach_tags(project: Project, claims: list[Claim], article_id: str | None, *, by_id: bool = False) -> None:
    """Give each claim its tags. ``by_id``: ``claims`` are a few of the article's (its first screen), so only
    their tag links are looked up, not those of every claim in the article (pages an encrypted file decrypts)."""
    if not claims:
        return
    # One Tag object per tag, shared by every claim carrying it.
    tags = {r[0]: Tag(*r) for r in project.conn.execute("SELECT id, name, color FROM tags")}
    by_claim: dict[str, list[Tag]] = defaultdict(list)
    sql = "SELECT ct.claim_id, ct.tag_id FROM claim_tags ct"
    params: tuple = ()
    if by_id:
        sql += " WHERE ct.claim_id IN (SELECT value FROM json_each(?))"
        params = (json.dumps([c.id for c in claims]),)
    elif article_id is not None:
        sql += " JOIN claims c ON c.id = ct.claim_id WHERE c.article_id = ?"
        params = (article_id,)
    # Tag order is the order they were added: the first tag gives the highlight its colour.
    sql += " ORDER BY ct.created_at, ct.rowid"
    for claim_id, tag_id in _read_fast(project, lambda: project.conn.execute(sql, params).fetchall()):
        tag = tags.get(tag_id)
        if tag is not None:
            by_claim[claim_id].append(tag)
    for c in claims:
        c.tags = by_claim.get(c.id, [])


def _resolve(project: Project, claims: list[Claim], *, lean: bool = False) -> None:
    # Claims come grouped by article: only one article's text is held at a time (all of a big project's
    # texts at once would be hundreds of MB).
    text_of, text = None, ""
    for c in claims:
        if c.article_id != text_of:
            text_of, text = c.article_id, article_text(project, c.article_id)
        if c.exact and c.end <= len(text) and text[c.start : c.end] == c.exact:
            continue  # where it was stored: the common case, checked without building an Anchor
        prefix, suffix = c.prefix, c.suffix
        if lean:  # the context a lean listing left out is needed to find the quote again
            prefix, suffix = project.conn.execute("SELECT prefix, suffix FROM claims WHERE id = ?",
                                                  (c.id,)).fetchone()
        span = resolve_anchor(text, Anchor(c.start, c.end, c.exact, prefix, suffix))
        if span is None:
            c.anchored = False
        else:
            c.start, c.end = span
