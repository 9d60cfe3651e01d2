"""Quotes against their sources, over a project: the text of attached files (extracted once and kept in
``source_texts``), verifying a claim against its linked sources, and tracing a quote through the project's
other articles.

Reading a file's text: transcripts (a source of kind ``transcript``, or a ``.vtt`` / ``.srt`` file) with
``importers.transcripts`` (times and speakers); PDFs page by page (``p. 12``); Word, HTML, text and
Markdown with the article importers (paragraphs). Any other file (an image, a spreadsheet) has no text.
The text is stored per attachment content and reader the first time it is needed, so files attached before
format 2 get theirs on first use, without the journalist doing anything; a file that has no text is
remembered with the reason, and not read again. A project open read-only gets the text all the same, only
not kept.

Verifying is pure computation on the stored text (``workbench.verify``): nothing here changes the
journalist's work, and nothing is written but the text cache.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from workbench.core.errors import ImportFailed, NoSourceText
from workbench.core.ids import utc_now
from workbench.core.model import Claim
from workbench.store import Project
from workbench.store.queries import get_article, get_claim, list_articles
from workbench.store.queries_sources import SourceFile, claim_links, get_source
from workbench.verify import NOT_FOUND, SourceText, TraceHit, Verification, best_result, trace_quote, verify_quote

TRANSCRIPT = "transcript"
# How each reader's text is made. A new reader version (better extraction) reads the files again.
READERS = {"transcript": 1, "pdf": 1, "document": 1}
_TRANSCRIPT_SUFFIXES = (".vtt", ".srt")
_DOCUMENT_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".mhtml", ".mht", ".docx")
NO_TEXT = "this source has no text to compare with"


def reader_for(name: str, source_kind: str) -> str | None:
    """How a file attached to a source of ``source_kind`` is read: ``transcript``, ``pdf``, ``document``, or
    None for a file without text (an image, a spreadsheet)."""
    suffix = PurePath(name).suffix.lower()
    if suffix in _TRANSCRIPT_SUFFIXES or (source_kind == TRANSCRIPT and suffix in (".txt", ".text", ".md")):
        return "transcript"
    if suffix == ".pdf":
        return "pdf"
    if suffix in _DOCUMENT_SUFFIXES:
        return "document"
    return None


def extract_text(data: bytes, name: str, reader: str) -> SourceText:
    """A file's text as a ``SourceText``; raises ``NoSourceText`` (a clear message naming the file) when it
    has none: an empty or scanned file, a malformed transcript."""
    shown = PurePath(name).name or "file"
    try:
        if reader == "transcript":
            from workbench.importers.transcripts import read_transcript

            text = SourceText.from_transcript(read_transcript(data, shown).passages)
        elif reader == "pdf":
            from workbench.importers.pdf import pdf_pages

            text = SourceText.from_pages(pdf_pages(data, shown))
        elif reader == "document":
            from workbench.importers import import_bytes

            text = SourceText.from_text(import_bytes(data, shown).text)
        else:
            raise NoSourceText(f"{shown}: files of this type hold no text; {NO_TEXT}.")
    except NoSourceText:
        raise
    except ImportFailed as exc:
        raise NoSourceText(f"{exc} ({NO_TEXT})") from exc
    text.require_words(shown)
    return text


def read_new_files(kind: str, files: list[tuple[str, bytes, str]]) -> list[tuple[str, str, SourceText | None, str]]:
    """Files ``(sha256, data, name)`` about to be attached to a source of ``kind``, read for their text before
    anything is stored, as ``store_texts`` takes them.

    A transcript source's files must have text: a malformed VTT or SRT, an empty file, a scan or a file of
    another type raises ``NoSourceText`` and nothing is attached. Other sources' files are read too, so
    their words are found by search at once, unless large (read later, on first use, off this step); one
    without text is fine (an image attached to a document), and says why it has none."""
    read = []
    for sha256, data, name in files:
        reader = reader_for(name, kind)
        if kind == TRANSCRIPT:
            if reader is None:
                raise NoSourceText(f"{PurePath(name).name}: a transcript must be a WebVTT (.vtt), SubRip (.srt) "
                                   f"or text file with speaker turns (or a PDF or Word document); {NO_TEXT}. "
                                   "Nothing was added.")
            read.append((sha256, reader, extract_text(data, name, reader), ""))
        elif reader is not None and len(data) <= _READ_AT_ONCE:
            try:
                read.append((sha256, reader, extract_text(data, name, reader), ""))
            except NoSourceText as exc:
                read.append((sha256, reader, None, str(exc)))
    return read


# Documents up to this size are read when attached (a 2 MB PDF: well under a second); larger ones on first use.
_READ_AT_ONCE = 2 * 1024 * 1024


# -- the text cache ------------------------------------------------------------------------------------


@dataclass(slots=True)
class FileText:
    """One attached file's text, or why it has none (``problem``)."""

    file: SourceFile
    reader: str | None
    text: SourceText | None = None
    problem: str = ""


def _stored(project: Project, sha256: str, reader: str) -> tuple[SourceText | None, str] | None:
    row = project.conn.execute(
        "SELECT kind, text, passages, problem, version FROM source_texts WHERE sha256 = ? AND reader = ?",
        (sha256, reader)).fetchone()
    if row is None or row[4] != READERS[reader]:
        return None
    kind, text, passages, problem, _version = row
    if problem:
        return None, problem
    return SourceText.from_dict({"version": 1, "kind": kind, "text": text, "passages": json.loads(passages)}), ""


def store_texts(project: Project, texts: list[tuple[str, str, SourceText | None, str]]) -> int:
    """Keep extracted texts ``(sha256, reader, text or None, problem)``; returns how many were written.

    Not an edit of the journalist's work (no history, no undo step): a cache of what the files say. Nothing
    is written to a project open read-only, nor for a file no longer stored."""
    if project.read_only or not texts:
        return 0
    written = 0
    with project.transaction("Read source text") as tx:
        for sha256, reader, text, problem in texts:
            if not tx.conn.execute("SELECT 1 FROM attachments WHERE sha256 = ?", (sha256,)).fetchone():
                continue
            data = text.to_dict() if text is not None else {"kind": "text", "text": "", "passages": []}
            tx.conn.execute(
                "INSERT INTO source_texts(sha256, reader, kind, text, passages, problem, version, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sha256, reader) DO UPDATE SET kind = excluded.kind, "
                "text = excluded.text, passages = excluded.passages, problem = excluded.problem, "
                "version = excluded.version, created_at = excluded.created_at",
                (sha256, reader, data["kind"], data["text"], json.dumps(data["passages"], ensure_ascii=False),
                 problem, READERS[reader], utc_now()))
            written += 1
    return written


def file_texts(project: Project, source_id: str, *, store: bool = True,
               pending: list[tuple[str, str, SourceText | None, str]] | None = None) -> list[FileText]:
    """The text of each file attached to a source, extracting what is not stored yet.

    Extracted texts are stored at once when ``store`` (and the project is writable); a caller that may not
    write here (a worker thread with a read-only connection) passes ``store=False`` and a ``pending`` list,
    and hands that to ``store_texts`` on the thread that owns the project.
    """
    from workbench.store.queries_sources import attachment_bytes

    source = get_source(project, source_id)
    out: list[FileText] = []
    new: list[tuple[str, str, SourceText | None, str]] = []
    for f in source.files:
        reader = reader_for(f.name, source.kind)
        if reader is None:
            out.append(FileText(f, None, problem=f"{f.name}: files of this type hold no text; {NO_TEXT}."))
            continue
        kept = _stored(project, f.sha256, reader)
        if kept is None:
            try:
                text: SourceText | None = extract_text(attachment_bytes(project, f.id), f.name, reader)
                problem = ""
            except NoSourceText as exc:
                text, problem = None, str(exc)
            new.append((f.sha256, reader, text, problem))
        else:
            text, problem = kept
        out.append(FileText(f, reader, text, problem))
    if new:
        if pending is not None:
            pending.extend(new)
        if store:
            store_texts(project, new)
    return out


# -- verifying -----------------------------------------------------------------------------------------


@dataclass(slots=True)
class SourceResult:
    """A claim checked against one linked source: the ``Verification`` with the best of its files, which
    file and text it was found in, and why there was nothing to compare with (``problem``)."""

    source_id: str
    title: str
    kind: str
    verification: Verification
    file_id: str | None = None
    file_name: str = ""
    text: SourceText | None = None
    problem: str = ""

    @property
    def unchecked(self) -> bool:
        """Nothing was compared (no file, a scan, an unreadable file): not the same as the source not saying
        the quote, so the window and the command line say "Cannot check", not "Not found"."""
        return self.verification.status == NOT_FOUND and bool(self.problem)

    def to_dict(self) -> dict[str, Any]:
        """``R`` of ``workbench verify --json``, with the source's title and kind, the file and any problem."""
        return {**self.verification.to_dict(), "title": self.title, "kind": self.kind, "file": self.file_id,
                "file_name": self.file_name, "problem": self.problem}


@dataclass(slots=True)
class ClaimVerification:
    """A claim against its linked sources (or one): every result, and the best."""

    claim_id: str
    quote: str
    speaker: str
    results: list[SourceResult] = field(default_factory=list)

    @property
    def best(self) -> SourceResult | None:
        found = best_result(r.verification for r in self.results)
        return next((r for r in self.results if r.verification is found), None)

    def to_dict(self) -> dict[str, Any]:
        """``{"claim": ID, "results": [R...], "best": R}`` (``best`` is null when no source is linked)."""
        best = self.best
        return {"claim": self.claim_id, "results": [r.to_dict() for r in self.results],
                "best": best.to_dict() if best else None}


def verify_source(project: Project, claim: Claim, source_id: str, *, store: bool = True,
                  pending: list[tuple[str, str, SourceText | None, str]] | None = None) -> SourceResult:
    """The claim's quote against one source (each of its files; the best one counts)."""
    source = get_source(project, source_id)
    speaker = claim.speaker or None
    texts = file_texts(project, source_id, store=store, pending=pending)
    candidates: list[SourceResult] = []
    for ft in texts:
        if ft.text is None:
            continue
        v = verify_quote(claim.exact, ft.text, speaker=speaker, source_id=source_id)
        candidates.append(SourceResult(source_id, source.title, source.kind, v, ft.file.id, ft.file.name,
                                       ft.text))
    best = best_result(c.verification for c in candidates)
    if best is not None:
        return next(c for c in candidates if c.verification is best)
    problems = [ft.problem for ft in texts if ft.problem]
    problem = problems[0] if problems else f"No file is attached; {NO_TEXT}."
    return SourceResult(source_id, source.title, source.kind,
                        Verification(NOT_FOUND, 0.0, source=source_id), problem=problem)


def verify_claim(project: Project, claim_id: str, source_id: str | None = None, *, store: bool = True,
                 pending: list[tuple[str, str, SourceText | None, str]] | None = None) -> ClaimVerification:
    """A claim against each of its linked sources, or against ``source_id`` (linked or not)."""
    claim = get_claim(project, claim_id)
    out = ClaimVerification(claim.id, claim.exact, claim.speaker)
    if source_id is not None:
        get_source(project, source_id)  # NotFoundError names it
        ids = [source_id]
    else:
        ids = list(dict.fromkeys(link.source_id for link in claim_links(project, claim_id)))
    out.results.extend(verify_source(project, claim, sid, store=store, pending=pending) for sid in ids)
    return out


def best_verifications(project: Project, claim_ids: Iterable[str] | None = None) -> dict[str, dict[str, Any]]:
    """For reports: each claim's best result (``SourceResult.to_dict``) among its linked sources, for the
    claims (of ``claim_ids``, or all) linked to a source with an attached file. Reads files whose text is not
    stored yet, without storing it (an export does not change the project)."""
    with_files = {sid for (sid,) in project.conn.execute("SELECT DISTINCT source_id FROM source_files")}
    linked: dict[str, set[str]] = {}
    for claim_id, source_id in project.conn.execute("SELECT claim_id, source_id FROM claim_sources"):
        linked.setdefault(claim_id, set()).add(source_id)
    wanted = set(linked) if claim_ids is None else set(claim_ids) & set(linked)
    out: dict[str, dict[str, Any]] = {}
    for claim_id in sorted(wanted):
        if linked[claim_id] & with_files:
            best = verify_claim(project, claim_id, store=False).best
            if best is not None:
                out[claim_id] = best.to_dict()
    return out


def _articles(project: Project, exclude: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    from workbench.store.queries import article_text

    for a in list_articles(project, counts=False):
        if a.id != exclude:
            yield a.id, article_text(project, a.id), {"title": a.title, "outlet": a.outlet,
                                                      "published": a.published}


def trace_claim(project: Project, claim_id: str) -> list[TraceHit]:
    """Other articles of the project carrying the claim's quote, earliest published first (see
    ``verify.trace_quote``); the claim's own article is not among them."""
    claim = get_claim(project, claim_id)
    get_article(project, claim.article_id)
    return trace_quote(claim.exact, _articles(project, claim.article_id), exclude=claim.article_id,
                       speaker=claim.speaker or None)
