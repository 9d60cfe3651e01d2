"""Find any word across a project's articles, claims, notes and sources (the "Find in project" panel and
``workbench search``). No Qt.

Matching is SQLite FTS5 over the indexes the schema keeps in sync (``articles_fts``, ``claims_fts``,
``sources_fts``); their tokenizer folds case and diacritics, so "sao paulo" finds "São Paulo".

The journalist's query is never handed to FTS5 as typed: ``store.fts.parse_query`` rebuilds it with every
term quoted, and anything that does not parse, or that FTS5 still refuses, falls back to a plain AND of the
words: typing can never make a search fail.

Where a hit matched comes from FTS5 itself: ``highlight()`` returns a column with every match it found
wrapped in marks, so the first mark's index *is* the match's offset in the original text, with FTS5's
own idea of words, case and accents (a Python re-search could disagree with the tokenizer, and costs
more than the SQL). Article and claim hits carry those offsets into the article text, so the window
can open the article with the match selected; the snippet is cut around that same first match.

Snippets mark matches between ``MATCH_START`` and ``MATCH_END`` (private-use characters, so they cannot
collide with the « » quotation marks of French articles); ``marked_text`` swaps them for visible marks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from workbench.core.dates import parse_date
from workbench.core.errors import ValidationError
from workbench.store import dberrors
from workbench.store.fts import ParsedQuery, parse_query, plain_query, sql_text
from workbench.store.project import Project
from workbench.store.queries import speakers, tag_names, verdict_scale
from workbench.store.schema import FTS_TABLES, STATUSES

KINDS = ("article", "claim", "source")
MATCH_START = "\ue000"
MATCH_END = "\ue001"
ELLIPSIS = "…"
DEFAULT_LIMIT = 200
# Marks FTS5 puts around matches. Control characters, because the importers strip those from article
# text: a mark found in a highlighted article can only be FTS5's, so its index is a true offset.
_HL_START, _HL_END = "\x02", "\x03"
_TO_PUBLIC_MARKS = str.maketrans({_HL_START: MATCH_START, _HL_END: MATCH_END})
# Little context before the match: in a narrow panel the match must fall on the first two lines.
_SNIPPET_BEFORE, _SNIPPET_AFTER = 40, 120
_CLAIM_TITLE_CHARS = 120


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result. ``start``/``end`` are character offsets into the article text: for an article
    hit, of its first match there (None when only the title or outlet matched); for a claim hit, of
    the first match in its quote, or the whole quote when the speaker or a note matched. None for
    sources. ``title`` is the article's title, the claim's quote, or the source's title. ``rank`` is
    FTS5's bm25: lower is better."""

    kind: str
    article_id: str | None
    claim_id: str | None
    source_id: str | None
    title: str
    snippet: str
    start: int | None
    end: int | None
    rank: float
    article_title: str = ""


@dataclass(frozen=True, slots=True)
class HitGroup:
    """The hits of one article (``article_id`` None: the hits among sources)."""

    article_id: str | None
    title: str
    hits: list[Hit]


@dataclass(frozen=True, slots=True)
class SearchFacets:
    """The values the search filters can take in this project, for the panel's choosers."""

    tags: list[str]
    statuses: list[str]
    verdicts: list[str]
    speakers: list[str]
    outlets: list[str]


# -- where it matched ----------------------------------------------------------------------------------


def _first_span(highlighted: str | None) -> tuple[int, int] | None:
    """Offsets in the original text of the first match FTS5 marked (one mark precedes it)."""
    if not highlighted:
        return None
    start = highlighted.find(_HL_START)
    if start < 0:
        return None
    end = highlighted.find(_HL_END, start)
    return (start, end - 1) if end > start else None


def _excerpt(highlighted: str | None) -> str | None:
    """A one-line snippet around the first match of a highlighted column, or None if it has none."""
    if not highlighted:
        return None
    first = highlighted.find(_HL_START)
    if first < 0:
        return None
    n = len(highlighted)
    a = max(0, first - _SNIPPET_BEFORE)
    if a > 0:  # start at a word
        space = highlighted.find(" ", a, first)
        a = space + 1 if space >= 0 else a
    end = highlighted.find(_HL_END, first)
    b = min(n, max(end, first) + _SNIPPET_AFTER)
    if b < n:  # end after a word
        space = highlighted.rfind(" ", max(end, first) + 1, b)
        b = space if space >= 0 else b
    piece = highlighted[a:b]
    if piece.count(_HL_START) > piece.count(_HL_END):
        piece += _HL_END  # a later match cut in two by the window
    piece = " ".join(piece.split())
    return (ELLIPSIS if a > 0 else "") + piece.translate(_TO_PUBLIC_MARKS) + (ELLIPSIS if b < n else "")


def _best_excerpt(*columns: str | None) -> str:
    """The excerpt of the first column (in the order given: most telling first) that has a match."""
    for column in columns:
        excerpt = _excerpt(column)
        if excerpt is not None:
            return excerpt
    return ""


def marked_text(snippet: str, start: str = "«", end: str = "»") -> str:
    """A snippet with its match marks replaced by visible ones (the CLI's output)."""
    return snippet.replace(MATCH_START, start).replace(MATCH_END, end)


# -- running a search ----------------------------------------------------------------------------------


def _check_kinds(kinds: Iterable[str] | None) -> tuple[str, ...]:
    if kinds is None:
        return KINDS
    if isinstance(kinds, str):
        kinds = [kinds]
    chosen = set()
    for k in kinds:
        k = str(k).strip().lower()
        if k not in KINDS:
            raise ValidationError(f"'{k}' is not a kind of result; choose from: {', '.join(KINDS)}.")
        chosen.add(k)
    return tuple(k for k in KINDS if k in chosen)


def _opt(value: str | None) -> str | None:
    value = sql_text(value).strip() if value else ""
    return value or None


@dataclass(slots=True)
class _Filters:
    """SQL conditions (with their ``?`` values) for claims (alias c), articles (alias a) and sources (s)."""

    claim_sql: list[str] = field(default_factory=list)
    claim_args: list[object] = field(default_factory=list)
    article_sql: list[str] = field(default_factory=list)
    article_args: list[object] = field(default_factory=list)

    def where(self, parts: list[str]) -> str:
        return "".join(f" AND {p}" for p in parts)


def _filters(tag: str | None, status: str | None, verdict: str | None, speaker: str | None,
             date_from: str | None, date_to: str | None, outlet: str | None) -> _Filters:
    f = _Filters()
    claim_conditions = (
        (tag, "EXISTS (SELECT 1 FROM claim_tags ct JOIN tags t ON t.id = ct.tag_id "
              "WHERE ct.claim_id = c.id AND t.name = ? COLLATE NOCASE)"),
        (status, "c.status = ?"),
        (verdict, "c.verdict = ? COLLATE NOCASE"),
        (speaker, "c.speaker = ? COLLATE NOCASE"),
    )
    for value, sql in claim_conditions:
        if value:
            f.claim_sql.append(sql)
            f.claim_args.append(value)
    # Partial dates compare on their own length: "2024-10" as an end date includes all of October.
    for value, sql, args in (
        (date_from, "a.published != '' AND substr(a.published, 1, ?) >= ?", [len(date_from or ""), date_from]),
        (date_to, "a.published != '' AND substr(a.published, 1, ?) <= ?", [len(date_to or ""), date_to]),
        (outlet, "a.outlet = ? COLLATE NOCASE", [outlet]),
    ):
        if value:
            f.article_sql.append(sql)
            f.article_args += args
    return f


def search(
    project: Project,
    query: str,
    *,
    kinds: Iterable[str] | None = None,
    tag: str | None = None,
    status: str | None = None,
    verdict: str | None = None,
    speaker: str | None = None,
    date_from: str | date | None = None,
    date_to: str | date | None = None,
    outlet: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> list[Hit]:
    """Search the project; hits come grouped by article (see ``group_hits``), best group first.

    Filters narrow everything to what relates to matching claims: ``tag``, ``status``, ``verdict`` and
    ``speaker`` select claims; ``outlet`` and the ``date_from``..``date_to`` range (inclusive, on the
    article's published date) select articles. A claim hit must satisfy all of them; an article hit
    must satisfy the article filters and contain at least one claim satisfying the claim filters; a
    source hit must be linked to such a claim. Text values compare ignoring case.

    ``limit`` caps each kind separately (the best-ranked ``limit`` articles, claims and sources): bm25
    favours short texts, so one shared cap would let claims crowd out every article.

    Never fails because of the query text; raises ValidationError for a bad filter value.
    """
    chosen = _check_kinds(kinds)
    if status:
        wanted = sql_text(status).strip()
        status = next((s for s in STATUSES if s.lower() == wanted.lower()), "")
        if not status:
            raise ValidationError(f"'{wanted}' is not a claim status; choose one of: {', '.join(STATUSES)}.")
    d_from, d_to = parse_date(date_from, "start date"), parse_date(date_to, "end date")
    if d_from and d_to and d_from[:len(d_to)] > d_to:
        raise ValidationError(f"The start date {d_from} is after the end date {d_to}.")
    if not isinstance(limit, int) or limit < 1:
        raise ValidationError("The number of results to show must be at least 1.")
    parsed = parse_query(query)
    if parsed is None or not chosen:
        return []
    f = _filters(_opt(tag), status or None, _opt(verdict), _opt(speaker), d_from, d_to, _opt(outlet))
    try:
        hits = _run(project, parsed, chosen, f, limit)
    except dberrors.OperationalError as exc:
        if parsed.plain or str(exc) == "interrupted":
            raise
        # FTS5 refused something the parser let through; the plain words always work.
        parsed = plain_query(query)
        if parsed is None:
            return []
        hits = _run(project, parsed, chosen, f, limit)
    hits.sort(key=lambda h: h.rank)
    return [h for g in group_hits(hits) for h in g.hits]


def _hl(table: str, columns: tuple[str, ...]) -> str:
    return ", ".join(f"highlight({table}, {i}, char(2), char(3))" for i in range(len(columns)))


def _run(project: Project, q: ParsedQuery, kinds: tuple[str, ...], f: _Filters, limit: int) -> list[Hit]:
    conn = project.conn
    hits: list[Hit] = []
    claim_filtered = bool(f.claim_sql)
    # CROSS JOIN keeps the FTS index as the outer loop, so FTS5 delivers rows already in rank order.
    if "article" in kinds:
        extra = f.where(f.article_sql)
        args: list[object] = [q.fts, *f.article_args]
        if claim_filtered:
            extra += (" AND a.id IN (SELECT c.article_id FROM claims c WHERE 1"
                      + f.where(f.claim_sql) + ")")
            args += f.claim_args
        sql = (f"SELECT a.id, a.title, {_hl('articles_fts', FTS_TABLES['articles'])}, articles_fts.rank "
               "FROM articles_fts CROSS JOIN articles a ON a.seq = articles_fts.rowid "
               f"WHERE articles_fts MATCH ?{extra} ORDER BY articles_fts.rank LIMIT ?")
        for aid, title, hl_title, hl_outlet, hl_text, rank in conn.execute(sql, [*args, limit]):
            span = _first_span(hl_text)
            hits.append(Hit("article", aid, None, None, title, _best_excerpt(hl_text, hl_title, hl_outlet),
                            span[0] if span else None, span[1] if span else None, rank, title))
    if "claim" in kinds:
        extra = f.where(f.claim_sql) + f.where(f.article_sql)
        sql = (f'SELECT c.id, c.article_id, a.title, c.exact, c.start, c."end", '
               f"{_hl('claims_fts', FTS_TABLES['claims'])}, claims_fts.rank "
               "FROM claims_fts CROSS JOIN claims c ON c.seq = claims_fts.rowid "
               "JOIN articles a ON a.id = c.article_id "
               f"WHERE claims_fts MATCH ?{extra} ORDER BY claims_fts.rank LIMIT ?")
        args = [q.fts, *f.claim_args, *f.article_args, limit]
        for cid, aid, atitle, exact, start, end, hl_exact, hl_speaker, hl_note, hl_private, rank in conn.execute(
                sql, args):
            # The quote is the article text at start..end, so a match in it is a match in the article;
            # a match only in the speaker or a note selects the whole quote.
            span = _first_span(hl_exact)
            s, e = (start + span[0], start + span[1]) if span else (start, end)
            title = exact if len(exact) <= _CLAIM_TITLE_CHARS else exact[: _CLAIM_TITLE_CHARS - 1] + ELLIPSIS
            snippet = _best_excerpt(hl_exact, hl_speaker, hl_note, hl_private)
            hits.append(Hit("claim", aid, cid, None, " ".join(title.split()), snippet, s, e, rank, atitle))
    if "source" in kinds:
        extra, sargs = "", []
        if claim_filtered or f.article_sql:
            extra = (" AND s.id IN (SELECT cs.source_id FROM claim_sources cs JOIN claims c ON c.id = "
                     "cs.claim_id JOIN articles a ON a.id = c.article_id WHERE 1"
                     + f.where(f.claim_sql) + f.where(f.article_sql) + ")")
            sargs = [*f.claim_args, *f.article_args]
        sql = (f"SELECT s.id, s.title, {_hl('sources_fts', FTS_TABLES['sources'])}, sources_fts.rank "
               "FROM sources_fts CROSS JOIN sources s ON s.seq = sources_fts.rowid "
               f"WHERE sources_fts MATCH ?{extra} ORDER BY sources_fts.rank LIMIT ?")
        seen: set[str] = set()
        for sid, title, hl_title, hl_publisher, hl_url, hl_notes, rank in conn.execute(
                sql, [q.fts, *sargs, limit]):
            snippet = _best_excerpt(hl_title, hl_notes, hl_publisher, hl_url)
            hits.append(Hit("source", None, None, sid, title, snippet, None, None, rank, ""))
            seen.add(sid)
        # The text of a source's attached files (a transcript, a PDF): a match there finds the source, with
        # a snippet of the passage (FTS5's snippet(): a long transcript is never highlighted whole).
        sql = ("SELECT s.id, s.title, snippet(source_texts_fts, 0, char(2), char(3), '', 24), "
               "source_texts_fts.rank FROM source_texts_fts "
               "CROSS JOIN source_texts st ON st.seq = source_texts_fts.rowid "
               "JOIN source_files sf ON sf.sha256 = st.sha256 JOIN sources s ON s.id = sf.source_id "
               f"WHERE source_texts_fts MATCH ?{extra} ORDER BY source_texts_fts.rank LIMIT ?")
        for sid, title, passage, rank in conn.execute(sql, [q.fts, *sargs, limit]):
            if sid not in seen:
                seen.add(sid)
                hits.append(Hit("source", None, None, sid, title, _best_excerpt(passage), None, None, rank, ""))
    return hits


def group_hits(hits: Iterable[Hit]) -> list[HitGroup]:
    """Hits grouped by article in order of first appearance (so, best-ranked article first when ``hits``
    is ranked); inside a group the article's own hit comes first, then its claims in text order.
    Source hits come last, as one group with ``article_id`` None."""
    groups: dict[str | None, list[Hit]] = {}
    sources: list[Hit] = []
    for h in hits:
        if h.kind == "source":
            sources.append(h)
        else:
            groups.setdefault(h.article_id, []).append(h)
    out = []
    for key, members in groups.items():
        members.sort(key=lambda h: (h.kind != "article", h.start if h.start is not None else -1))
        out.append(HitGroup(key, members[0].article_title, members))
    if sources:
        out.append(HitGroup(None, "Sources", sources))
    return out


def search_facets(project: Project) -> SearchFacets:
    """The tags, statuses, verdicts, speakers and outlets a search can be narrowed to."""
    outlets = [r[0] for r in project.conn.execute(
        "SELECT outlet FROM articles WHERE outlet != '' GROUP BY outlet COLLATE NOCASE "
        "ORDER BY outlet COLLATE NOCASE")]
    return SearchFacets(
        tags=tag_names(project),
        statuses=list(STATUSES),
        verdicts=[v.label for v in verdict_scale(project)],
        speakers=speakers(project),
        outlets=outlets,
    )
