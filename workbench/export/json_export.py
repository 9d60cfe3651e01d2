"""The whole project as one JSON document: the lossless, scriptable export (and what merge tests compare)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, replace
from typing import Any

from workbench import __version__
from workbench.export.selection import ExportOptions, select
from workbench.export.stream import Lazy, materialize, stream_json
from workbench.store import Project
from workbench.store.queries import list_claims, list_tags, verdict_scale


def _rows(project: Project, sql: str) -> list[dict[str, Any]]:
    cur = project.conn.execute(sql)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur]


_ARTICLES_SQL = (
    "SELECT id, title, outlet, author, published, url, language, source_file, source_sha256, format, "
    "text_sha256, created_at, updated_at, created_by, text, source_sha256 != '' AND EXISTS "
    "(SELECT 1 FROM attachments WHERE sha256 = source_sha256) AS original_stored FROM articles ORDER BY seq"
)


def project_to_dict(project: Project, *, private_notes: bool = True,
                    options: ExportOptions | None = None) -> dict[str, Any]:
    """Everything a colleague or a script needs, with stable ordering so two exports can be diffed.

    With ``options``, only the articles and claims they select (and the links and sources of those
    claims) are included, and without ``full_text`` the articles' text is left out; their
    ``private_notes`` is not used here (``private_notes`` decides).
    """
    return materialize(_project_data(project, private_notes=private_notes, options=options))


def _project_data(project: Project, *, private_notes: bool, options: ExportOptions | None) -> dict[str, Any]:
    """``project_to_dict``'s content, the articles (with their texts) and claims made one at a time as they
    are written (``export.stream.Lazy``)."""
    all_claims = list_claims(project)
    sources = _rows(
        project,
        "SELECT id, title, kind, url, publisher, published, accessed, reliability, notes, created_at, "
        "updated_at, created_by FROM sources ORDER BY seq",
    )
    files: dict[str, list[dict[str, Any]]] = {}
    for f in _rows(project, "SELECT f.id, f.source_id, f.name, f.mime, f.sha256, a.size FROM source_files f "
                            "JOIN attachments a ON a.sha256 = f.sha256 ORDER BY f.created_at, f.id"):
        files.setdefault(f["source_id"], []).append(f)
    for s in sources:
        s["attachments"] = files.get(s["id"], [])
    links = _rows(
        project,
        "SELECT id, claim_id, source_id, relation, excerpt, locator, note, created_at, updated_at, created_by "
        "FROM claim_sources ORDER BY created_at, id",
    )
    reviews = _rows(
        project,
        "SELECT id, claim_id, verdict, verdict_by, decision, note, created_at, created_by FROM reviews "
        "ORDER BY created_at, id",
    )
    corrections = _rows(
        project,
        "SELECT id, claim_id, field, old, new, note, created_at, created_by FROM corrections ORDER BY created_at, id",
    )
    article_ids: set[str] | None = None  # None: all
    full_text = True
    if options is not None and (options.article_ids or options.filters_claims or not options.full_text):
        # Project data keeps the articles chosen by name even without claims; claim filters still leave out
        # an article with none of the claims they select.
        selection = select(project, replace(options, all_articles=options.all_articles or not options.filters_claims))
        article_ids = {e.article.id for e in selection.articles}
        claim_ids = {c.id for c in selection.claims()}
        full_text = options.full_text
        all_claims = [c for c in all_claims if c.id in claim_ids]
        links = [link for link in links if link["claim_id"] in claim_ids]
        reviews = [r for r in reviews if r["claim_id"] in claim_ids]
        corrections = [k for k in corrections if k["claim_id"] in claim_ids]
        if options.article_ids or options.filters_claims:
            cited = {link["source_id"] for link in links}
            sources = [s for s in sources if s["id"] in cited]
    from workbench.ops.verify import best_verifications  # on first use: rapidfuzz is not for start-up

    # Each claim's best verification against its linked sources (the ``R`` of ``workbench verify``), or null.
    verified = best_verifications(project, [c.id for c in all_claims])

    def articles() -> Iterator[dict[str, Any]]:
        cur = project.conn.execute(_ARTICLES_SQL)
        names = [d[0] for d in cur.description]
        for row in cur:
            a = dict(zip(names, row, strict=True))
            if article_ids is not None and a["id"] not in article_ids:
                continue
            a["original_stored"] = bool(a["original_stored"])
            if not full_text:
                del a["text"]
            yield a

    def claims() -> Iterator[dict[str, Any]]:
        for c in all_claims:
            d = asdict(c)
            d["tags"] = [t.name for t in c.tags]
            d.pop("article_title")
            if not private_notes:
                d.pop("private_note")
            d["verification"] = verified.get(c.id)
            yield d

    return {
        "format": "fact-check-workbench/project",
        "app_version": __version__,
        "project": {
            "id": project.meta("project_id"),
            "title": project.title,
            "created_at": project.meta("created_at"),
            "require_review": project.meta("require_review") == "on",
        },
        "verdict_scale": [asdict(v) for v in verdict_scale(project)],
        "tags": [{"id": t.id, "name": t.name, "color": t.color} for t in list_tags(project)],
        "articles": Lazy(articles),
        "claims": Lazy(claims),
        "sources": sources,
        "links": links,
        "reviews": reviews,
        "corrections": corrections,
    }


def export_json(project: Project, *, private_notes: bool = True,
                options: ExportOptions | None = None) -> Iterator[str]:
    """The project (or what ``options`` select of it) as pretty-printed JSON text, in pieces."""
    yield from stream_json(_project_data(project, private_notes=private_notes, options=options))
