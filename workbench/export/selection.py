"""What an export contains: the options a journalist picks (which articles, tags, statuses, verdicts;
private notes or not; full text or excerpts) and the rows they select, read once for every format.

Filters of one kind are alternatives ("tagged NATO *or* Russia"), filters of different kinds must all
hold ("tagged NATO *and* checked"). A filter naming something the project does not have is an error,
not an empty report: a typo must not look like "no claims".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from workbench.core.errors import NotFoundError, ValidationError
from workbench.core.model import Article, Claim, Verdict
from workbench.store import Project
from workbench.store.queries import article_text, list_articles, list_claims, list_tags, verdict_scale
from workbench.store.queries_review import (
    Correction,
    ReviewState,
    list_corrections,
    review_required,
    review_state,
)
from workbench.store.queries_sources import Source, SourceLink, all_links, all_sources
from workbench.store.schema import STATUSES


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """What to export. Empty filter tuples mean "all"; in ``verdicts``, "" stands for "no verdict yet"."""

    article_ids: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    verdicts: tuple[str, ...] = ()
    # Off unless asked for: a report travels further than the journalist expects.
    private_notes: bool = False
    full_text: bool = True
    # A report template other than the bundled one (resources/templates/report.md).
    template: str | None = None
    # Only the first N selected claims (the export dialog's preview of a huge project); None for all.
    max_claims: int | None = None
    # Who rated each claim and who reviewed its verdict; None: shown when the project requires review.
    people: bool | None = None
    # Also the articles none of whose claims is selected (printed with their text and no claims). Off by
    # default: a report is about claims, and "17 claims in 5 articles" must not count an empty one.
    all_articles: bool = False

    @property
    def filters_claims(self) -> bool:
        return bool(self.tags or self.statuses or self.verdicts)


@dataclass(slots=True)
class ArticleEntry:
    """An article of the export with its selected claims. Its text is read from the project when asked for
    (``text``), never kept: a 100,000-claim report holds one article's text at a time."""

    article: Article
    read_text: Callable[[], str]  # reads the article's text from wherever it is kept
    claims: list[Claim] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.read_text()


@dataclass(slots=True)
class Selection:
    """The rows an export shows, in report order."""

    title: str
    project_id: str
    articles: list[ArticleEntry]
    # Links of each selected claim, in the order they were made; and the sources they point to.
    links: dict[str, list[SourceLink]]
    sources: dict[str, Source]
    scale: list[Verdict]
    # Selected claims before ``max_claims`` cut the list short.
    total_claims: int = 0
    # Each claim's best verification against its linked sources (``ops.verify``), for claims with one.
    verifications: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Corrections of the selected (published) claims, oldest first; and, when the report names the
    # people, the review of each claim's verdict.
    corrections: dict[str, list[Correction]] = field(default_factory=dict)
    reviews: dict[str, ReviewState] | None = None

    def claims(self) -> Iterator[Claim]:
        for entry in self.articles:
            yield from entry.claims


def _match(values: tuple[str, ...], known: list[str], what: str, error: type[Exception]) -> set[str]:
    """The given names as the project spells them (case ignored), or an error listing what exists."""
    by_fold = {k.casefold(): k for k in known}
    out = set()
    for v in values:
        name = by_fold.get(" ".join(v.split()).casefold())
        if name is None:
            choices = ", ".join(known) or "none yet"
            raise error(f"There is no {what} '{v}' in this project (there are: {choices}).")
        out.add(name)
    return out


def select(project: Project, options: ExportOptions) -> Selection:
    """Read what ``options`` asks for; raises NotFoundError/ValidationError for unknown filter values."""
    articles = list_articles(project)
    scale = verdict_scale(project)
    wanted_articles = set(options.article_ids)
    unknown = wanted_articles - {a.id for a in articles}
    if unknown:
        raise NotFoundError(f"There is no article with id {sorted(unknown)[0]} in this project.")
    tags = _match(options.tags, [t.name for t in list_tags(project)], "tag", NotFoundError)
    statuses = _match(options.statuses, list(STATUSES), "claim status", ValidationError)
    verdicts = _match(tuple(v for v in options.verdicts if v.strip()), [v.label for v in scale], "verdict",
                      ValidationError)
    if any(not v.strip() for v in options.verdicts):
        verdicts.add("")

    def wanted(c: Claim) -> bool:
        return ((not wanted_articles or c.article_id in wanted_articles)
                and (not tags or any(t.name in tags for t in c.tags))
                and (not statuses or c.status in statuses)
                and (not options.verdicts or c.verdict in verdicts))

    claims = [c for c in list_claims(project) if wanted(c)]
    total = len(claims)
    cut = options.max_claims is not None and total > options.max_claims
    if cut:
        claims = claims[: options.max_claims]
    by_article: dict[str, list[Claim]] = {}
    for c in claims:
        by_article.setdefault(c.article_id, []).append(c)

    entries = []
    for a in articles:
        if wanted_articles and a.id not in wanted_articles:
            continue
        # An article none of whose claims is selected is left out, unless all articles are asked for.
        if not options.all_articles and a.id not in by_article:
            continue
        entries.append(ArticleEntry(a, partial(article_text, project, a.id), by_article.get(a.id, [])))
    if cut:  # a preview: the beginning of the report, up to the article of the last claim shown
        shown = [i for i, e in enumerate(entries) if e.claims]
        entries = entries[: shown[-1] + 1] if shown else []

    selected = {c.id for c in claims}
    links: dict[str, list[SourceLink]] = {}
    for link in all_links(project):
        if link.claim_id in selected:
            links.setdefault(link.claim_id, []).append(link)
    cited = {link.source_id for ls in links.values() for link in ls}
    sources = {s.id: s for s in all_sources(project) if s.id in cited} if cited else {}
    from workbench.ops.verify import best_verifications  # on first use: rapidfuzz is not for start-up

    verifications = best_verifications(project, selected)
    corrections: dict[str, list[Correction]] = {}
    for correction in list_corrections(project):
        if correction.claim_id in selected:
            corrections.setdefault(correction.claim_id, []).append(correction)
    people = review_required(project) if options.people is None else options.people
    reviews = None
    if people:
        reviews = {c.id: state for c in claims if (state := review_state(project, c.id)) is not None}
    return Selection(project.title, project.meta("project_id"), entries, links, sources, scale, total,
                     verifications, corrections, reviews)
