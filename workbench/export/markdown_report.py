"""The annotated Markdown report an editor reads: a summary of claims by verdict and status, then each
article with its metadata and its text, every claim marked in place (``**quote**[^3]``), a card per claim
(quote, speaker, tags, status, verdict, notes, sources) and a bibliography of the sources cited.

Wording and layout come from the report template (``workbench.export.template``); everything taken from
the project is escaped (``workbench.export.escape``) so it always reads as text. Claims are numbered
through the whole report, and footnote *n* belongs to claim *n*: Python-Markdown numbers footnotes in
the order they are defined, and they are defined in claim order.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from datetime import date

from workbench.core.model import Claim, title_line
from workbench.export.escape import md_inline, md_link, md_note, md_one_line, md_text
from workbench.export.selection import ArticleEntry, ExportOptions, Selection, select
from workbench.export.template import ReportTemplate, load_template, tidy, tidy_pieces
from workbench.export.verification import verification_line
from workbench.store import Project
from workbench.store.schema import STATUSES

# How much of the article an excerpt shows on each side of the quote, at most (cut at a word).
EXCERPT_CONTEXT = 160
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_PARAGRAPHS = re.compile(r"(\n\n+)")


def export_markdown(project: Project, options: ExportOptions | None = None, *,
                    today: date | None = None) -> str:
    """The report as Markdown text."""
    return "".join(markdown_pieces(project, options, today=today))


def markdown_pieces(project: Project, options: ExportOptions | None = None, *,
                    today: date | None = None) -> Iterator[str]:
    """The report as Markdown text, in pieces (``render_markdown_pieces``)."""
    options = options or ExportOptions()
    template = load_template(options.template)
    yield from render_markdown_pieces(select(project, options), options, template, today=today)


# -- marking claims in text ----------------------------------------------------------------------------


def _bold(content: str) -> str:
    """Wrap escaped ``content`` in ``**``, one pair per paragraph (strong emphasis cannot cross a blank
    line), with surrounding whitespace kept outside the markers."""
    if "\n\n" not in content:  # one paragraph: the common case
        stripped = content.strip()
        if not stripped:
            return content
        lead = content[: len(content) - len(content.lstrip())]
        trail = content[len(content.rstrip()):]
        return f"{lead}**{stripped}**{trail}"
    out = []
    for part in _PARAGRAPHS.split(content):
        if not part or part.startswith("\n\n"):
            out.append(part)
            continue
        stripped = part.strip()
        if not stripped:
            out.append(part)
            continue
        lead = part[: len(part) - len(part.lstrip())]
        trail = part[len(part.rstrip()):]
        out.append(f"{lead}**{stripped}**{trail}")
    return "".join(out)


def mark_claims(text: str, spans: list[tuple[int, int, int]]) -> str:
    """``text`` escaped for Markdown, with each ``(start, end, number)`` span in bold and followed by its
    footnote reference ``[^number]``.

    Overlapping or nested spans are merged into one bold run (bold cannot nest); each claim's reference
    sits where that claim ends, inside the run when another claim goes on past it.
    """
    spans = sorted((s for s in spans if 0 <= s[0] < s[1] <= len(text)), key=lambda s: (s[0], -s[1]))
    refs: dict[int, list[int]] = {}
    for _start, end, number in spans:
        refs.setdefault(end, []).append(number)
    runs: list[list[int]] = []
    for start, end, _n in spans:
        if runs and start < runs[-1][1]:
            runs[-1][1] = max(runs[-1][1], end)
        else:
            runs.append([start, end])

    def esc(a: int, b: int) -> str:
        return md_text(text[a:b], at_line_start=a == 0 or text[a - 1] in "\r\n")

    # The references at each end, made once.
    ref_at = {end: "".join(f"[^{n}]" for n in sorted(ns)) for end, ns in refs.items()}

    ends = sorted(refs)
    out: list[str] = []
    pos = 0
    for start, end in runs:
        out.append(esc(pos, start))
        inner = []
        cur = start
        for p in ends[bisect_right(ends, start):bisect_left(ends, end)]:
            inner.append(esc(cur, p) + ref_at[p])
            cur = p
        inner.append(esc(cur, end))
        out.append(_bold("".join(inner)) + ref_at[end])
        pos = end
    out.append(esc(pos, len(text)))
    return "".join(out)


def _excerpt_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Where an excerpt around ``text[start:end]`` begins and ends: at most EXCERPT_CONTEXT characters
    each side, not beyond the quote's paragraphs, cut at a space. Only the window is searched, so an
    excerpt costs the same at the end of a long article as at its start."""
    a = max(0, start - EXCERPT_CONTEXT)
    breaks = [m.end() for m in _PARAGRAPH_BREAK.finditer(text, a, start)]
    if breaks:
        a = breaks[-1]
    elif a > 0:
        space = text.find(" ", a, start)
        a = space + 1 if space >= 0 else start
    b = min(len(text), end + EXCERPT_CONTEXT)
    m = _PARAGRAPH_BREAK.search(text, end, b)
    if m:
        b = m.start()
    elif b < len(text):
        space = text.rfind(" ", end, b)
        b = space if space >= 0 else end
    return a, b


def _excerpt(text: str, claim: Claim, number: int) -> str:
    if claim.anchored:
        a, b = _excerpt_bounds(text, claim.start, claim.end)
        source, start, end = text[a:b], claim.start - a, claim.end - a
        cut_before = a > 0 and text[a - 1] != "\n"
        cut_after = b < len(text) and text[b] != "\n"
    else:
        # The quote is gone from the text: show it with the context it was marked in.
        source = claim.prefix + claim.exact + claim.suffix
        start, end = len(claim.prefix), len(claim.prefix) + len(claim.exact)
        cut_before = cut_after = True
    marked = mark_claims(source, [(start, end, number)]).strip()
    return ("…" if cut_before else "") + marked + ("…" if cut_after else "")


# -- the report ----------------------------------------------------------------------------------------


def _summary(selection: Selection, template: ReportTemplate) -> str:
    """Claims by verdict (rows, in scale order) and status (columns), with totals."""

    def label(key: str) -> str:
        return template.label(key).replace("|", "\\|")

    counts: dict[str, dict[str, int]] = {}
    for c in selection.claims():
        row = counts.setdefault(c.verdict, dict.fromkeys(STATUSES, 0))
        row[c.status] = row.get(c.status, 0) + 1
    order = [v.label for v in selection.scale if v.label in counts]
    order += sorted(v for v in counts if v and v not in order)  # verdicts since removed from the scale
    if "" in counts:
        order.append("")
    lines = [
        f"| {label('verdict')} | " + " | ".join(md_inline(s) for s in STATUSES) + f" | {label('total')} |",
        "| --- |" + " ---: |" * (len(STATUSES) + 1),
    ]
    for verdict in order:
        row = counts[verdict]
        name = md_inline(verdict) if verdict else f"*{label('no_verdict')}*"
        lines.append(f"| {name} | " + " | ".join(str(row[s]) for s in STATUSES) + f" | {sum(row.values())} |")
    column_totals = [sum(counts[v][s] for v in counts) for s in STATUSES]
    lines.append(f"| **{label('total')}** | " + " | ".join(str(n) for n in column_totals)
                 + f" | **{sum(column_totals)}** |")
    return "\n".join(lines)


def render_markdown(selection: Selection, options: ExportOptions, template: ReportTemplate, *,
                    today: date | None = None) -> str:
    """The report for an already-read selection."""
    return "".join(render_markdown_pieces(selection, options, template, today=today))


# Stands for the articles in the filled document, which are then written one by one in its place.
_ARTICLES_HERE = "\x00articles\x00"


def render_markdown_pieces(selection: Selection, options: ExportOptions, template: ReportTemplate, *,
                           today: date | None = None) -> Iterator[str]:
    """The report in pieces: the document around the articles, then each article (its text read, marked and
    dropped in turn), so a 100,000-claim report is never held whole."""
    numbers: dict[str, int] = {}
    for n, c in enumerate(selection.claims(), start=1):
        numbers[c.id] = n
    # Sources are numbered in the order the report first cites them.
    source_numbers: dict[str, int] = {}
    cited_by: dict[str, list[int]] = {}
    for c in selection.claims():
        for link in selection.links.get(c.id, ()):
            source_numbers.setdefault(link.source_id, len(source_numbers) + 1)
            cited_by.setdefault(link.source_id, [])
            if numbers[c.id] not in cited_by[link.source_id]:
                cited_by[link.source_id].append(numbers[c.id])

    def source_ref(source_id: str) -> str:
        return template.label("source_ref", n=source_numbers[source_id])

    no_people = {"rated_by": "", "reviewed_by": "", "corrected": ""}
    people = bool(selection.reviews or selection.corrections)
    unknown_speaker, no_verdict = template.label("unknown_speaker"), template.label("no_verdict")
    orphan = template.label("orphan")

    def claim_card(c: Claim, number: str) -> str:
        links = []
        for link in selection.links.get(c.id, ()):
            links.append(template.fill(
                "link",
                relation=template.label(link.relation) if link.relation in template.labels
                else md_inline(link.relation),
                source_ref=source_ref(link.source_id),
                source_number=str(source_numbers[link.source_id]),
                source_title=md_inline(link.source_title),
                locator=md_inline(link.locator),
                excerpt=md_inline(link.excerpt),
                # Notes on a link are the journalist's working notes, like the private note.
                note=md_inline(link.note) if options.private_notes else "",
            ))
        verification = selection.verifications.get(c.id)
        return template.fill(
            "claim",
            number=number,
            quote=md_one_line(c.exact),
            speaker=md_inline(c.speaker) or unknown_speaker,
            verdict=md_inline(c.verdict) or no_verdict,
            status=md_inline(c.status),
            tags=", ".join([md_inline(t.name) for t in c.tags]) if c.tags else "",
            orphan="" if c.anchored else orphan,
            note=md_note(c.note),
            private_note=md_note(c.private_note) if options.private_notes else "",
            links="\n".join(links),
            article_title=md_inline(c.article_title),
            verification=verification_line(verification) if verification is not None else "",
            **(_people(selection, c) if people else no_people),
        )

    def footnote(c: Claim, number: str) -> str:
        links = selection.links.get(c.id)
        sources = ""
        if links:
            sources = ", ".join([f"[{source_ref(s)}](#source-{source_numbers[s]})"
                                 for s in dict.fromkeys(link.source_id for link in links)])
        return template.fill(
            "footnote",
            number=number,
            speaker=md_inline(c.speaker) or unknown_speaker,
            verdict=md_inline(c.verdict) or no_verdict,
            status=md_inline(c.status),
            sources=sources,
        )

    def article_part(number: int, entry: ArticleEntry) -> str:
        a = entry.article
        article_text = entry.text  # read once, dropped after this article
        claim_numbers = [str(numbers[c.id]) for c in entry.claims]
        text = excerpts = ""
        if options.full_text:
            spans = [(c.start, c.end, numbers[c.id]) for c in entry.claims if c.anchored]
            # A headline left at the top of the text is the heading above it already: not shown twice,
            # unless a claim is marked in it.
            skip = title_line(article_text, a.title)
            if any(start < skip for start, _end, _n in spans):
                skip = 0
            spans = [(start - skip, end - skip, n) for start, end, n in spans]
            text = mark_claims(article_text[skip:], spans).strip()
            for c in entry.claims:
                if not c.anchored:
                    text += (f"\n\n*{template.label('orphan_in_text')}* "
                             f"**“{md_inline(c.exact)}”**[^{numbers[c.id]}]")
        else:
            excerpts = "\n\n".join(
                template.fill("excerpt", number=str(numbers[c.id]), excerpt=_excerpt(article_text, c, numbers[c.id]))
                for c in entry.claims
            )
        return template.fill(
            "article",
            number=str(number),
            title=md_inline(a.title) or md_inline(a.source_file) or f"Article {number}",
            outlet=md_inline(a.outlet),
            published=md_inline(a.published),
            author=md_inline(a.author),
            url=md_link(a.url, a.url),
            claim_count=str(len(entry.claims)),
            text=text,
            excerpts=excerpts,
            claims="\n\n".join([claim_card(c, n) for c, n in zip(entry.claims, claim_numbers, strict=True)]),
            footnotes="\n".join([footnote(c, n) for c, n in zip(entry.claims, claim_numbers, strict=True)]),
        )

    sources = []
    for source_id, number in source_numbers.items():
        s = selection.sources[source_id]
        sources.append(template.fill(
            "source",
            number=str(number),
            source_ref=source_ref(source_id),
            title=md_inline(s.title),
            kind=md_inline(s.kind),
            publisher=md_inline(s.publisher),
            published=md_inline(s.published),
            url=md_link(s.url, s.url),
            accessed=md_inline(s.accessed),
            cited_by=", ".join(f"[{n}](#claim-{n})" for n in cited_by[source_id]),
        ))
    claim_total = len(numbers)
    document = template.fill(
        "document",
        title=md_inline(selection.title),
        date=(today or date.today()).isoformat(),
        scope=template.label("scope", claims=template.label("claims", n=claim_total),
                             articles=template.label("articles", n=len(selection.articles))),
        summary=_summary(selection, template),
        articles=_ARTICLES_HERE if selection.articles else "",
        sources="\n\n".join(sources),
        corrections=_corrections(selection, numbers),
    )

    def articles() -> Iterator[str]:
        for n, entry in enumerate(selection.articles, start=1):
            if n > 1:
                yield "\n\n"
            yield article_part(n, entry)

    head, _here, tail = document.partition(_ARTICLES_HERE)
    if _ARTICLES_HERE in tail:  # a template that shows the articles twice: made whole, then
        yield tidy(document.replace(_ARTICLES_HERE, "".join(articles())))
        return
    yield from tidy_pieces([head, *([articles()] if _here else []), tail])


# -- review and corrections ----------------------------------------------------------------------------

_FIELD_NAMES = {"verdict": "verdict", "speaker": "speaker", "extent": "quote"}


def _day(stamp: str) -> str:
    return stamp[:10]


def _people(selection: Selection, c: Claim) -> dict[str, str]:
    """A claim card's ``rated_by``, ``reviewed_by`` (when the report names the people) and ``corrected``."""
    values = {"rated_by": "", "reviewed_by": "", "corrected": ""}
    state = selection.reviews.get(c.id) if selection.reviews is not None else None
    if state is not None:
        values["rated_by"] = md_inline(state.verdict_by)
        if state.approved:
            values["reviewed_by"] = f"{md_inline(state.approved_by)} ({_day(state.approved_at)})"
    corrections = selection.corrections.get(c.id)
    if corrections:
        last = corrections[-1]
        values["corrected"] = (f"{_FIELD_NAMES.get(last.field, last.field)} corrected on {_day(last.at)}: "
                               f"{md_inline(last.note)} (see Corrections)")
    return values


def _corrections(selection: Selection, numbers: dict[str, int]) -> str:
    """The Corrections section: every correction of a claim in the report, oldest first."""
    entries = sorted((k for ks in selection.corrections.values() for k in ks), key=lambda k: (k.at, k.id))
    lines = []
    for k in entries:
        number = numbers[k.claim_id]
        what = _FIELD_NAMES.get(k.field, k.field)
        lines.append(f"- {_day(k.at)} · [Claim {number}](#claim-{number}) (“{md_inline(k.quote)}”): {what} "
                     f"changed from “{md_inline(k.old)}” to “{md_inline(k.new)}”"
                     + (f" by {md_inline(k.author)}" if k.author else "") + f". {md_inline(k.note)}")
    return "\n".join(lines)

