"""Fuzzing the importers and the report renderer with hypothesis.

Every importer gets random bytes under each name it accepts, and mutations of valid samples (the sample
article, a small generated DOCX, PDF and web page); whatever happens, the only exception allowed out is
``ImportFailed`` (with a message naming the file), and an article that comes out is one the project can
store. The report renderer gets projects with random Unicode in every field a journalist can type.

The suite runs a modest number of examples; ``WORKBENCH_FUZZ_EXAMPLES=5000`` runs many more locally.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench import ops
from workbench.core.paths import resource_path
from workbench.export import FORMATS, ExportOptions, export
from workbench.export.html_report import markdown_to_html
from workbench.importers import SUPPORTED_SUFFIXES, ImportedArticle, ImportFailed, import_bytes, import_clipboard
from workbench.importers.base import MAX_TEXT_CHARS
from workbench.ops.sample import SAMPLE_ARTICLE
from workbench.store import Project

from . import hostile_files as hf

EXAMPLES = int(os.environ.get("WORKBENCH_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

_SURROGATE = re.compile("[\ud800-\udfff]")


def _import_or_refuse(data: bytes, name: str) -> ImportedArticle | None:
    """Import; the only failure allowed is ImportFailed naming the file. Checks what comes out."""
    try:
        article = import_bytes(data, name)
    except ImportFailed as exc:
        message = str(exc)
        assert message.startswith(f"{name}: ") or message.startswith(name), message
        assert "\n" not in message and "Traceback" not in message
        return None
    assert article.text and article.text == article.text.strip()
    assert len(article.text) <= MAX_TEXT_CHARS
    for value in (article.text, article.title, article.author, article.outlet, article.url):
        assert not _SURROGATE.search(value)  # SQLite could not store it
        assert "\x00" not in value
    assert article.url == "" or article.url.lower().startswith(("http://", "https://"))
    return article


@FUZZ
@given(data=st.binary(max_size=4096), suffix=st.sampled_from(SUPPORTED_SUFFIXES))
def test_random_bytes_never_escape_the_importers(data: bytes, suffix: str) -> None:
    _import_or_refuse(data, f"fuzz{suffix}")


SAMPLE_TEXT = resource_path(SAMPLE_ARTICLE).read_bytes()
SAMPLES = {
    ".txt": SAMPLE_TEXT,
    ".md": b"# Budget\n\n" + SAMPLE_TEXT + b"\n\n* a [link](http://example.org) and `code` **bold**\n",
    ".html": hf.evil_page(),
    ".xhtml": hf.laughs_page("", "", xhtml=True),
    ".mhtml": (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b\r\n"
               b"Content-Type: text/html; charset=utf-8\r\nContent-Location: http://example.org/a\r\n\r\n"
               + hf.evil_page() + b"\r\n--b--\r\n"),
    ".pdf": hf.text_pdf(3),
    ".docx": hf.docx_bytes((hf.SENTENCE, "Second paragraph with enough words to count as text.")),
}

# A mutation: at a relative position, replace/insert/delete some bytes.
_MUTATION = st.tuples(st.floats(0, 1), st.sampled_from(["replace", "insert", "delete", "truncate", "repeat"]),
                      st.binary(min_size=1, max_size=64))
_MARKUP = st.sampled_from([b"<", b">", b"&", b"&#0;", b"&#xD800;", b"&lol;", b"<!DOCTYPE x [<!ENTITY a 'b'>]>",
                           b"<script>", b"</p>", b"<![CDATA[", b"]]>", b"\x00", b"\xff\xfe", b"\xed\xa0\x80",
                           b"\r", b"\n\n", b"stream\n", b"endstream", b"obj", b"/FlateDecode", b"%%EOF", b"`",
                           b"[", b"](", b"**", b"# ", b"\\", "\u202e".encode(), b"PK\x03\x04"])


def _mutate(data: bytes, mutations: list[tuple[float, str, bytes]]) -> bytes:
    out = bytearray(data)
    for where, op, chunk in mutations:
        at = int(where * len(out))
        if op == "replace":
            out[at : at + len(chunk)] = chunk
        elif op == "insert":
            out[at:at] = chunk
        elif op == "delete":
            del out[at : at + len(chunk)]
        elif op == "truncate":
            del out[at:]
        else:
            out[at:at] = bytes(out[at : at + 256]) * 8
    return bytes(out)


@FUZZ
@given(suffix=st.sampled_from(sorted(SAMPLES)),
       mutations=st.lists(st.one_of(_MUTATION, st.tuples(st.floats(0, 1), st.just("insert"), _MARKUP)),
                          min_size=1, max_size=8))
def test_mutated_valid_files_never_escape_the_importers(suffix: str, mutations: list) -> None:
    _import_or_refuse(_mutate(SAMPLES[suffix], mutations), f"mutated{suffix}")


DOCX_PARTS = hf.zip_parts(SAMPLES[".docx"])


@FUZZ
@given(part=st.sampled_from(sorted(n for n in DOCX_PARTS if n.endswith((".xml", ".rels")))),
       mutations=st.lists(st.one_of(_MUTATION, st.tuples(st.floats(0, 1), st.just("insert"), _MARKUP)),
                          min_size=1, max_size=6))
def test_docx_with_mutated_xml_parts_never_escapes_the_importer(part: str, mutations: list) -> None:
    # Mutating inside the zip reaches python-docx's XML parsing; mutating the zip itself mostly breaks CRCs.
    data = hf.make_zip({**DOCX_PARTS, part: _mutate(DOCX_PARTS[part], mutations)})
    _import_or_refuse(data, "parts.docx")


@FUZZ
@given(html=st.one_of(st.none(), st.text(max_size=2000)), text=st.one_of(st.none(), st.text(max_size=2000)))
def test_clipboard_never_escapes_the_importer(html: str | None, text: str | None) -> None:
    try:
        article = import_clipboard(html, text)
    except ImportFailed as exc:
        assert str(exc).startswith("Clipboard: ")
        return
    assert article.text and not _SURROGATE.search(article.text)


# -- the report renderer -----------------------------------------------------------------------------------

# Every character a person could type or paste (no lone surrogates: Qt never hands those over), weighted
# towards the ones that mean something to Markdown, HTML or the report template.
_SPECIAL = "<>&\"'`*_[](){}#|\\!-+=.:;$%~^\n\r\t\u00a0\u200b\u202e\u2028\x00\x0b\x1b"
_TEXT = st.text(alphabet=st.one_of(st.characters(codec="utf-8", exclude_categories=("Cs",)),
                                   st.sampled_from(_SPECIAL)), max_size=300)
_LINE = _TEXT.map(lambda s: s[:200])


@pytest.mark.slow  # (seconds: see the slow marker in pyproject.toml)
@settings(FUZZ, max_examples=max(10, EXAMPLES // 2))  # each example builds a project: fewer of them
@given(title=_LINE, article_title=_LINE, outlet=_LINE, author=_LINE, url=_LINE, body=_TEXT, speaker=_LINE,
       note=_TEXT, private_note=_TEXT, tag=_LINE, source_title=_LINE, source_notes=_TEXT, excerpt=_TEXT,
       locator=_LINE)
def test_reports_of_projects_with_random_text_in_every_field_render(
        title: str, article_title: str, outlet: str, author: str, url: str, body: str, speaker: str, note: str,
        private_note: str, tag: str, source_title: str, source_notes: str, excerpt: str, locator: str) -> None:
    with tempfile.TemporaryDirectory(prefix="fuzz-report-") as folder:
        project = Project.create(Path(folder) / "fuzz.fcproj", title=title, author="Fuzz")
        try:
            text = f"{body}\n\nThe minister said the plan was ready on Monday.".strip()
            article = ImportedArticle(text=text, title=article_title, outlet=outlet, author=author, url=url,
                                      format="txt")
            article_id = ops.add_article(project, article=article).created("articles")[0]
            claim_id = ops.add_claim(project, article_id=article_id, quote="the plan was ready").created("claims")[0]
            for field, value in (("speaker", speaker), ("note", note), ("private_note", private_note)):
                _maybe(ops.update_claim, project, claim_id=claim_id, **{field: value})
            _maybe(ops.tag_claim, project, claim_id=claim_id, name=tag)
            changes = _maybe(ops.add_source, project, title=source_title or "Untitled", notes=source_notes)
            if changes is not None:
                _maybe(ops.link_source, project, claim_id=claim_id, source_id=changes.created("sources")[0],
                       relation="supports", excerpt=excerpt, locator=locator)
            options = ExportOptions(private_notes=True)
            for fmt in FORMATS:
                assert export(project, fmt, options)
            for row in csv.reader(io.StringIO(export(project, "csv", options))):
                # a spreadsheet must never read a typed "=HYPERLINK(...)" as a formula
                assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row), row
            md = export(project, "markdown", options)
            fragment = markdown_to_html(md)
            assert "<script" not in fragment.lower() and " on" not in re.sub(r">[^<]*<", "><", fragment)
        finally:
            project.close()


def _maybe(op, project: Project, **kwargs):
    """Run an op; a ValidationError (the journalist typed something the op refuses) is fine, nothing else."""
    from workbench.core.errors import ValidationError

    try:
        return op(project, **kwargs)
    except ValidationError:
        return None
