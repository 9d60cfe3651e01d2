"""Claims as W3C Web Annotations (https://www.w3.org/TR/annotation-model/): an AnnotationCollection with
one annotation per claim, targeting the article (its URL, else a ``urn:uuid:`` for it) with a
TextQuoteSelector (exact/prefix/suffix) and a TextPositionSelector (start/end, in code points of the
stored text), and bodies for the speaker (identifying), verdict (assessing), tags (tagging), note
(commenting) and sources (linking). Tools such as Hypothesis read this model."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from workbench.core.model import Article, Claim
from workbench.export.escape import safe_url
from workbench.export.selection import ExportOptions, Selection, select
from workbench.export.stream import Lazy, stream_json
from workbench.store import Project
from workbench.store.queries_sources import SourceLink

CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def _text_body(value: str, purpose: str) -> dict[str, Any]:
    return {"type": "TextualBody", "purpose": purpose, "value": value, "format": "text/plain"}


def annotation(claim: Claim, article: Article, links: list[SourceLink], options: ExportOptions) -> dict[str, Any]:
    body: list[dict[str, Any]] = []
    if claim.speaker:
        body.append(_text_body(claim.speaker, "identifying"))
    if claim.verdict:
        body.append(_text_body(claim.verdict, "assessing"))
    body += [_text_body(t.name, "tagging") for t in claim.tags]
    if claim.note:
        body.append(_text_body(claim.note, "commenting"))
    if options.private_notes and claim.private_note:
        body.append({**_text_body(claim.private_note, "commenting"), "audience": "private"})
    for link in links:
        url = safe_url(link.source_url)
        if url:
            body.append({"type": "SpecificResource", "purpose": "linking", "source": url,
                         "label": f"{link.relation}: {link.source_title}"})
    selectors: list[dict[str, Any]] = [
        {"type": "TextQuoteSelector", "exact": claim.exact, "prefix": claim.prefix, "suffix": claim.suffix},
    ]
    if claim.anchored:  # an orphan's offsets point at whatever is there now, not at the quote
        selectors.append({"type": "TextPositionSelector", "start": claim.start, "end": claim.end})
    out: dict[str, Any] = {
        "id": f"urn:uuid:{claim.id}",
        "type": "Annotation",
        "motivation": "assessing" if claim.verdict else "highlighting",
        "created": claim.created_at,
        "modified": claim.updated_at,
        "body": body,
        "target": {"source": safe_url(article.url) or f"urn:uuid:{article.id}", "selector": selectors},
    }
    if claim.created_by:
        out["creator"] = {"type": "Person", "name": claim.created_by}
    return out


def collection(selection: Selection, options: ExportOptions) -> dict[str, Any]:
    """The Web Annotation collection; its items are made one at a time as it is written (``export.stream``)."""

    def items() -> Iterator[dict[str, Any]]:
        for entry in selection.articles:
            for c in entry.claims:
                yield annotation(c, entry.article, selection.links.get(c.id, []), options)

    return {
        "@context": CONTEXT,
        "id": f"urn:uuid:{selection.project_id}",
        "type": "AnnotationCollection",
        "label": selection.title,
        "total": sum(len(entry.claims) for entry in selection.articles),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": Lazy(items)},
    }


def export_annotations(project: Project, options: ExportOptions | None = None) -> Iterator[str]:
    """The selected claims as a Web Annotation collection (JSON-LD text), in pieces."""
    options = options or ExportOptions()
    yield from stream_json(collection(select(project, options), options))
