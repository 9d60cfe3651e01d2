"""Hostile files through the real command line, each in a child process with a memory ceiling and a timeout.

Each case imports one hostile file into a project that already holds the sample story, then checks what a
journalist would see: the import either fails with one clear line naming the file (exit 1), or succeeds with
the dangerous part neutralised (exit 0); ``workbench check`` passes afterwards; the sample story and its
claims are exactly as before.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.limited import run_limited
from workbench.cli import main as cli
from workbench.ops.sample import create_sample_project
from workbench.store import Project
from workbench.store.queries import article_text, list_articles, list_claims

from . import hostile_files as hf


def _sample(tmp_path: Path) -> tuple[Path, dict[str, str], list[tuple[str, str]]]:
    path = tmp_path / "hostile-target.fcproj"
    with create_sample_project(path, author="Test Author") as project:
        texts = {a.id: article_text(project, a.id) for a in list_articles(project)}
        claims = sorted((c.id, c.exact) for c in list_claims(project))
    return path, texts, claims


def _state(path: Path) -> tuple[dict[str, str], list[tuple[str, str]]]:
    with Project.open(path, read_only=True) as project:
        texts = {a.id: article_text(project, a.id) for a in list_articles(project)}
        claims = sorted((c.id, c.exact) for c in list_claims(project))
    return texts, claims


REFUSED: list[tuple[str, str, Callable[[], bytes], str]] = [
    ("docx-billion-laughs", "laughs.docx", lambda: hf.docx_with_doctype(hf.billion_laughs("w:document"), "&lol9;"),
     "declares a document type"),
    ("docx-quadratic-blowup", "blowup.docx",
     lambda: hf.docx_with_doctype(hf.quadratic_blowup("w:document"), "&big;" * 10_000), "declares a document type"),
    ("docx-xxe", "xxe.docx", lambda: hf.docx_with_doctype(hf.XXE_DOCTYPE, "&xxe;"), "declares a document type"),
    ("docx-doctype-in-content-types", "types.docx",
     lambda: hf.docx_with_doctype('<!DOCTYPE Types [<!ENTITY a "b">]>', "", "[Content_Types].xml"),
     r"part \[Content_Types\]\.xml declares a document type"),
    ("docx-doctype-in-core-properties", "core.docx",
     lambda: hf.docx_with_doctype(hf.XXE_DOCTYPE, "", "docProps/core.xml"), "declares a document type"),
    ("docx-zip-bomb", "bomb.docx", hf.docx_zip_bomb, "looks like a zip bomb"),
    ("docx-many-entries", "many.docx", hf.docx_many_entries, "internal parts"),
    ("docx-declared-huge", "huge.docx", hf.docx_declared_too_big, "would expand to"),
    ("pdf-gigabyte-stream", "gig.pdf", hf.pdf_gigabyte_stream, "unpacks to an enormous size"),
    ("pdf-shared-stream-on-200-pages", "shared.pdf", hf.pdf_shared_stream, "MB of drawing instructions"),
    ("pdf-form-bomb", "forms.pdf", hf.pdf_form_bomb, "MB of drawing instructions"),
    ("pdf-big-form-drawn-100-times", "bigform.pdf", hf.pdf_big_form_drawn_often, "MB of drawing instructions"),
    ("pdf-page-tree-3000-deep", "tree.pdf", hf.pdf_deep_page_tree, "nested inside each other more than 100"),
    ("pdf-content-nested-100000-deep", "deep.pdf", hf.pdf_nested_content,
     "the text of its pages could not be read"),
    ("txt-nul-bytes", "nul.txt", lambda: b"Some words\x00\x00 and more \xff\xfe words " * 200, "NUL bytes"),
    ("txt-10mb-single-line", "line.txt", lambda: b"word " * 2_000_000, "characters long"),
    ("md-10mb-single-line", "line.md", lambda: b"*word " * 1_700_000, "characters long"),
    ("html-100000-nested-divs", "deep.html",
     lambda: f"<html><body>{'<div>' * 100_000}<p>{hf.SENTENCE}</p>{'</div>' * 100_000}</body></html>".encode(),
     "nested more than 256 levels deep"),
]


SLOW = {"pdf-gigabyte-stream"}  # inflating until the limit is reached takes seconds


@pytest.mark.parametrize(("name", "build", "message"), [
    pytest.param(*c[1:], id=c[0], marks=[pytest.mark.slow] if c[0] in SLOW else []) for c in REFUSED])
def test_hostile_file_is_refused_with_one_clear_line(tmp_path: Path, name: str, build: Callable[[], bytes],
                                                     message: str) -> None:
    project, texts, claims = _sample(tmp_path)
    hostile = tmp_path / name
    hostile.write_bytes(build())
    before = project.read_bytes()

    run = run_limited("import", project, hostile)

    assert run.returncode == 1, run.stderr
    assert len(run.message_lines) == 1, run.stderr
    assert run.message_lines[0].startswith(f"{name}: ") and re.search(message, run.message_lines[0]), run.stderr
    assert "Traceback" not in run.stderr
    assert cli(["check", str(project)]) == 0
    assert _state(project) == (texts, claims)
    assert project.read_bytes() == before  # a refused import changes nothing, not even a timestamp


NEUTRALISED: list[tuple[str, str, Callable[[], bytes], tuple[str, ...]]] = [
    ("html-billion-laughs", "laughs.html", lambda: hf.laughs_page(hf.billion_laughs(), "&lol9;", xhtml=False),
     ("lollol",)),
    ("xhtml-billion-laughs", "laughs.xhtml", lambda: hf.laughs_page(hf.billion_laughs(), "&lol9;", xhtml=True),
     ("lollol",)),
    ("xhtml-quadratic-blowup", "blowup.xhtml",
     lambda: hf.laughs_page(hf.quadratic_blowup(), "&big;" * 10_000, xhtml=True), ("xxxxxxxxxx",)),
    ("xhtml-xxe-and-remote-dtd", "xxe.xhtml", lambda: hf.laughs_page(hf.XXE_DOCTYPE, "&xxe;", xhtml=True),
     ("root:", "/bin/")),
    ("html-scripts-handlers-links-resources", "evil.html", hf.evil_page, (hf.SCRIPT_MARK, "198.51.100.7", "passwd")),
    ("mhtml-entity-bomb-and-scripts", "evil.mhtml",
     lambda: hf.mhtml(hf.laughs_page(hf.billion_laughs(), "&lol9;", xhtml=False)
                      .replace(b"</article>", hf.evil_page() + b"</article>")),
     (hf.SCRIPT_MARK, "198.51.100.7", "lollol", "javascript")),
    ("md-raw-html", "evil.md", hf.evil_markdown, (hf.SCRIPT_MARK, "198.51.100.7", "<", "javascript")),
    ("docx-with-embedded-zip-bomb", "nested.docx", hf.docx_nested_zip, ()),
    ("txt-utf16-lone-surrogates", "surrogates.txt",
     lambda: b"\xff\xfe" + f"{hf.SENTENCE} ".encode("utf-16-le") + b"\x00\xd8\x00\xdc\x00\xd8" + b"e\x00n\x00d\x00",
     ()),
    ("txt-invalid-utf8-and-bidi-overrides", "mixed.txt",
     lambda: f"{hf.SENTENCE} \u202eevil\u202c ".encode() + b"\xc3\x28 \xed\xa0\x80 " + hf.SENTENCE.encode(), ()),
]


@pytest.mark.parametrize(("name", "build", "absent"), [c[1:] for c in NEUTRALISED], ids=[c[0] for c in NEUTRALISED])
def test_hostile_file_is_imported_with_the_danger_removed(tmp_path: Path, name: str, build: Callable[[], bytes],
                                                          absent: tuple[str, ...]) -> None:
    project, texts, claims = _sample(tmp_path)
    hostile = tmp_path / name
    hostile.write_bytes(build())

    run = run_limited("import", "--no-keep-original", project, hostile)

    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    assert cli(["check", str(project)]) == 0
    after, after_claims = _state(project)
    assert after_claims == claims
    assert {k: v for k, v in after.items() if k in texts} == texts
    (new,) = [text for key, text in after.items() if key not in texts]
    assert hf.SENTENCE[:40] in new  # the article's words are kept
    for needle in absent:
        assert needle not in new
    assert not re.search("[\ud800-\udfff]", new)  # no lone surrogate ever reaches the project


def test_markdown_lines_that_would_make_patterns_backtrack_import_in_linear_time(tmp_path: Path) -> None:
    """Half a megabyte on one line of each Markdown construct: quadratic matching would take minutes each."""
    payloads = ["<script", "<a ", "[", "[x](", "![", "`", "<http:", " \t", "[^", " *a", " _a", " ~~a", " **a",
                "```a\n", "~~~a\n", "#  \t", "x\n===\n", "| --- ", "<!--", "<"]
    project, texts, claims = _sample(tmp_path)
    files = []
    for number, payload in enumerate(payloads):
        path = tmp_path / f"line{number}.md"
        path.write_text(payload * (500_000 // len(payload)) + f"\n\n{hf.SENTENCE}", encoding="utf-8")
        files.append(path)

    run = run_limited("import", "--no-keep-original", "--allow-duplicates", project, *files, timeout=60)

    assert "Traceback" not in run.stderr
    assert cli(["check", str(project)]) == 0
    after, after_claims = _state(project)
    refused = [line for line in run.message_lines if not line.startswith("warning:")]
    assert after_claims == claims and len(after) - len(texts) + len(refused) == len(payloads), run.stderr
    assert all(re.match(r"line\d+\.md: ", line) for line in refused), run.stderr


def test_web_page_paragraph_that_looks_like_a_date_imports_in_linear_time(tmp_path: Path) -> None:
    project, _texts, _claims = _sample(tmp_path)
    page = tmp_path / "digits.html"
    body = f"<p>{'1' * 200_000}x</p>" + f"<p>{hf.SENTENCE}</p>" * 3
    page.write_text(f"<html><body><article>{body}</article></body></html>", encoding="utf-8")

    run = run_limited("import", "--no-keep-original", project, page)

    assert run.returncode == 0, run.stderr
    assert cli(["check", str(project)]) == 0


SUFFIXES = (".txt", ".md", ".html", ".xhtml", ".mhtml", ".pdf", ".docx")


def test_two_gigabyte_files_of_every_type_are_refused_before_reading(tmp_path: Path) -> None:
    project, texts, claims = _sample(tmp_path)
    files = []
    for suffix in SUFFIXES:
        path = tmp_path / f"huge{suffix}"
        with path.open("wb") as fh:
            fh.truncate(2 << 30)  # sparse: costs no disk space, but reading it would cost 2 GB of memory
        files.append(path)

    # A 256 MB allowance: reading any of them would fail the test with a MemoryError.
    run = run_limited("import", project, *files, allowance=256 << 20)

    assert run.returncode == 1
    assert len(run.message_lines) == len(files), run.stderr
    for path, line in zip(files, run.message_lines, strict=True):
        assert line.startswith(f"{path.name}: the file is 2147 MB; articles larger than"), line
    assert cli(["check", str(project)]) == 0
    assert _state(project) == (texts, claims)


def test_devices_and_pipes_are_refused_not_read(tmp_path: Path) -> None:
    project, texts, claims = _sample(tmp_path)
    endless = tmp_path / "endless.txt"
    endless.symlink_to("/dev/zero")
    pipe = tmp_path / "pipe.md"
    os.mkfifo(pipe)  # opening a FIFO for reading blocks until a writer comes: it must not be opened

    run = run_limited("import", project, endless, pipe, allowance=256 << 20)

    assert run.returncode == 1
    assert run.message_lines == ["endless.txt: cannot be read (it is a device or pipe, not a file).",
                                 "pipe.md: cannot be read (it is a device or pipe, not a file)."]
    assert _state(project) == (texts, claims)


def test_file_name_with_newline_and_bidi_override_gives_one_line(tmp_path: Path) -> None:
    project, _texts, _claims = _sample(tmp_path)
    hostile = tmp_path / "evil\n\u202etxt.exe\u202c.txt"
    hostile.write_bytes(b"\x00" * 100 + b"\xff" * 100)

    run = run_limited("import", project, hostile)

    assert run.returncode == 1
    assert run.message_lines == ["eviltxt.exe.txt: this looks like a binary file, not text (it contains NUL bytes)."]


@pytest.mark.parametrize("kind", ["two-gigabyte-sparse", "dev-zero", "fifo"])
def test_attaching_a_huge_file_or_a_device_is_refused_before_reading(tmp_path: Path, kind: str) -> None:
    project, _texts, _claims = _sample(tmp_path)
    path = tmp_path / "evidence.pdf"
    if kind == "two-gigabyte-sparse":
        with path.open("wb") as fh:
            fh.truncate(2 << 30)
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    else:
        os.mkfifo(path)
    before = project.read_bytes()

    run = run_limited("source", "add", project, "--title", "Evidence", "--file", path, allowance=256 << 20)

    assert run.returncode == 1
    expected = ("evidence.pdf is 2 GB; attached files can be at most 50 MB each. Nothing was attached."
                if kind == "two-gigabyte-sparse" else
                "evidence.pdf is a device or pipe, not a file; nothing was attached.")
    assert run.message_lines == [f"workbench: {expected}"]
    assert project.read_bytes() == before
    assert cli(["check", str(project)]) == 0
