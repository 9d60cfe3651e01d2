"""Claims as a spreadsheet: one row per claim, UTF-8 with a byte-order mark (so Excel reads accents
right), and safe to open: a cell that starts like a formula is prefixed with an apostrophe, so a quote
such as ``=HYPERLINK(...)`` shows as text instead of running."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterator
from typing import Any

from workbench.export.selection import ExportOptions, Selection, select
from workbench.store import Project

# What spreadsheet programs read as the start of a formula (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# What a spreadsheet may skip before it reads a formula: white space (no-break space and line breaks
# included), a byte-order mark and zero-width characters. Full-width signs (＝ ＋ － ＠) are read as
# formulas too: they fold to the ASCII ones under NFKC.
_SKIPPED = "\ufeff\u200b\u200c\u200d\u2060\u180e"


def safe_cell(value: Any) -> Any:
    """``value`` made inert for a spreadsheet; numbers are left as numbers."""
    if not isinstance(value, str):
        return value
    first = value[:1]
    if first.isascii() and first.isalnum():
        return value  # most cells, decided at once: a letter or digit starts no formula
    start = value.lstrip().lstrip(_SKIPPED).lstrip()
    if value.startswith(_FORMULA_START) or unicodedata.normalize("NFKC", start[:1]).startswith(_FORMULA_START):
        return "'" + value
    return value


def columns(options: ExportOptions) -> list[str]:
    """Column names, what an editor reads first on the left; ids and offsets (for scripts) at the end."""
    cols = ["quote", "speaker", "verdict", "status", "tags", "note"]
    if options.private_notes:
        cols.append("private_note")
    cols += ["sources", "article_title", "outlet", "article_published", "article_url", "found_in_text",
             "claim_id", "article_id", "start", "end", "created_at", "created_by", "updated_at", "updated_by"]
    return cols


def rows(selection: Selection, options: ExportOptions) -> Iterator[dict[str, Any]]:
    for entry in selection.articles:
        a = entry.article
        for c in entry.claims:
            sources = []
            for link in selection.links.get(c.id, ()):
                parts = [f"{link.relation}: {link.source_title}"]
                if link.locator:
                    parts.append(f", {link.locator}")
                if link.source_url:
                    parts.append(f" <{link.source_url}>")
                sources.append("".join(parts))
            row = {
                "claim_id": c.id, "article_id": a.id, "article_title": a.title, "outlet": a.outlet,
                "article_published": a.published, "article_url": a.url, "quote": c.exact,
                "speaker": c.speaker, "tags": "; ".join(t.name for t in c.tags), "status": c.status,
                "verdict": c.verdict, "note": c.note, "sources": "\n".join(sources),
                "found_in_text": "yes" if c.anchored else "no", "start": c.start, "end": c.end,
                "created_at": c.created_at, "created_by": c.created_by, "updated_at": c.updated_at,
                "updated_by": c.updated_by,
            }
            if options.private_notes:
                row["private_note"] = c.private_note
            yield row


def render_csv(selection: Selection, options: ExportOptions) -> Iterator[str]:
    """The CSV text in pieces of a few hundred rows (a 100,000-claim export is never held whole)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns(options), lineterminator="\r\n")
    buf.write("\ufeff")
    writer.writeheader()
    for n, row in enumerate(rows(selection, options), start=1):
        writer.writerow({k: safe_cell(v) for k, v in row.items()})
        if n % 500 == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def export_csv(project: Project, options: ExportOptions | None = None) -> Iterator[str]:
    """The selected claims as CSV text (starting with a byte-order mark), in pieces."""
    options = options or ExportOptions()
    yield from render_csv(select(project, options), options)
