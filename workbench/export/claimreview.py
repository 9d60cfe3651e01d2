"""schema.org ``ClaimReview`` JSON-LD, the markup search engines and fact-check aggregators read: one
review per claim that has a verdict.

The verdict is the rating's ``alternateName``; its numeric value comes from the verdict's place on the
project's scale (first = best): with N verdicts, the first rates N, the last 1. A scale that ends with a
"cannot tell" verdict (the default ends with "Unverifiable") therefore gives that one the lowest number;
``alternateName`` carries what it means. Who said the claim is guessed to be an organisation when the
name looks like one ("the Kremlin", "Ministry of ...") and a person otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from workbench.core.dates import parse_date
from workbench.core.errors import ValidationError
from workbench.core.model import Article, Claim
from workbench.export.selection import ExportOptions, Selection, select
from workbench.export.stream import Lazy, stream_json
from workbench.store import Project

# What a ClaimReview needs to be useful (schema.org plus Google's fact-check guidelines, less ``url``:
# the address where the review will be published is not known when exporting).
REQUIRED_KEYS = ("@context", "@type", "claimReviewed", "itemReviewed", "reviewRating", "author",
                 "datePublished")
REQUIRED_RATING_KEYS = ("@type", "alternateName")

# Words that make a speaker an organisation: "Ministry of Defence", "NATO", "Acme Ltd". A name that starts
# with "the" ("the Kremlin", "the White House") is one too.
_ORGANISATION_WORDS = """
    ministry department government kremlin office agency council commission committee party parliament
    senate congress police army forces authority administration union association institute foundation
    company corporation group bank inc ltd plc gmbh nato un eu who
"""
ORGANISATION_WORDS = frozenset(_ORGANISATION_WORDS.split())
_WORD = re.compile(r"[^\W_]+")
_THE = re.compile(r"the\s", re.IGNORECASE)


def is_organisation(name: str) -> bool:
    words = _WORD.findall(name.lower())
    return (bool(_THE.match(name)) or bool(ORGANISATION_WORDS.intersection(words))
            or " white house " in f" {' '.join(words)} ")


def speaker_entity(name: str) -> dict[str, str]:
    return {"@type": "Organization" if is_organisation(name) else "Person", "name": name}


def _date(stamp: str) -> str:
    return stamp[:10]


def iso_published(value: str) -> str:
    """An article's date as ISO 8601 for ``datePublished``; "" when it cannot be read (a project from before
    dates were checked may hold "14/03/2025" or worse: better no date than a wrong one)."""
    try:
        return parse_date(value, "publication date")
    except ValidationError:
        return ""


def review(claim: Claim, article: Article, selection: Selection, *, reviewer: str) -> dict[str, Any]:
    labels = [v.label for v in selection.scale]
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": claim.verdict}
    if claim.verdict in labels:
        n = len(labels)
        rating.update(ratingValue=n - labels.index(claim.verdict), bestRating=n, worstRating=1)
    published = iso_published(article.published)
    appearance: dict[str, Any] = {"@type": "CreativeWork"}
    if article.url:
        appearance["url"] = article.url
    if article.title:
        appearance["headline"] = article.title
    if published:
        appearance["datePublished"] = published
    if article.outlet:
        appearance["publisher"] = {"@type": "Organization", "name": article.outlet}
    item: dict[str, Any] = {"@type": "Claim", "appearance": appearance}
    if claim.speaker:
        item["author"] = speaker_entity(claim.speaker)
    if published:
        item["datePublished"] = published
    out: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "identifier": claim.id,
        "claimReviewed": claim.exact,
        "itemReviewed": item,
        "reviewRating": rating,
        "author": ({"@type": "Person", "name": reviewer} if reviewer
                   else {"@type": "Organization", "name": selection.title}),
        "datePublished": _date(claim.updated_at or claim.created_at),
    }
    corrections = selection.corrections.get(claim.id)
    if corrections:
        # A corrected rating: when it last changed (the rating itself is the current verdict).
        out["dateModified"] = _date(max(claim.updated_at, corrections[-1].at))
    if claim.note:
        from workbench.export.html_report import note_text  # Python-Markdown: only when there is a note

        out["reviewBody"] = note_text(claim.note)
    return out


def missing_keys(item: dict[str, Any]) -> list[str]:
    """The required keys ``item`` lacks or leaves empty (``reviewRating.alternateName`` style for nested)."""
    missing = [k for k in REQUIRED_KEYS if not item.get(k)]
    rating = item.get("reviewRating") or {}
    missing += [f"reviewRating.{k}" for k in REQUIRED_RATING_KEYS if not rating.get(k)]
    return missing


def claimreviews(selection: Selection) -> Iterator[dict[str, Any]]:
    """A ClaimReview of each selected claim that has a verdict, made one at a time."""
    for entry in selection.articles:
        for c in entry.claims:
            if c.verdict:
                yield review(c, entry.article, selection, reviewer=c.updated_by or c.created_by)


def export_claimreview(project: Project, options: ExportOptions | None = None) -> Iterator[str]:
    """A JSON array of ClaimReview objects, each ready for a ``<script type="application/ld+json">``; in
    pieces."""
    selection = select(project, options or ExportOptions())
    yield from stream_json(Lazy(lambda: claimreviews(selection)))
