"""Word (.docx) import: paragraphs, headings and tables in order, core properties, zip-bomb guard."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime
from io import BytesIO

import docx
import pytest

from workbench.core.errors import ImportFailed
from workbench.importers import import_bytes


def _docx(build: object = None, **props: object) -> bytes:
    document = docx.Document()
    for key, value in props.items():
        setattr(document.core_properties, key, value)
    if callable(build):
        build(document)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def _story(document: docx.document.Document) -> None:
    document.add_heading("Council admits barrier failed", level=0)  # style "Title"
    document.add_paragraph("A flood barrier that failed during last month's storm had never been tested.")
    document.add_heading("What the documents show", level=1)
    document.add_paragraph("Internal emails show engineers raised concerns in 2021.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Year", "Concern"
    table.cell(1, 0).text, table.cell(1, 1).text = "2021", "Seals on two panels"
    document.add_paragraph("")  # empty paragraphs are layout, not text
    document.add_paragraph('"We will act on every recommendation," a spokesperson said.')


def test_paragraphs_headings_tables_and_properties() -> None:
    data = _docx(
        _story,
        title="Council admits barrier failed",
        author="Priya Raman",
        created=datetime(2024, 2, 27, 9, 30, tzinfo=UTC),
        language="en-GB",
    )
    article = import_bytes(data, "barrier.docx")
    assert article.text == (
        "A flood barrier that failed during last month's storm had never been tested.\n\n"
        "What the documents show\n\n"
        "Internal emails show engineers raised concerns in 2021.\n\n"
        "Year | Concern\n2021 | Seals on two panels\n\n"
        '"We will act on every recommendation," a spokesperson said.'
    )
    assert article.title == "Council admits barrier failed"
    assert article.author == "Priya Raman"
    assert article.published == "2024-02-27"
    assert article.language == "en"
    assert article.format == "docx"


def test_first_heading_is_the_title_when_properties_have_none() -> None:
    article = import_bytes(_docx(_story), "untitled.docx")
    assert article.title == "Council admits barrier failed"
    assert article.text.startswith("A flood barrier")
    # python-docx's template says author "python-docx", created 2013: placeholders, not metadata
    assert article.author == ""
    assert article.published == ""


def test_wire_header_in_first_paragraph_gives_date_and_outlet_and_stays_in_the_text() -> None:
    data = _docx(lambda d: d.add_paragraph("date 2024-10-20 (MENAFN) Rutte could not confirm the reports."))
    article = import_bytes(data, "wire.docx")
    assert (article.published, article.outlet, article.title, article.text) == (
        "2024-10-20",
        "MENAFN",
        "Rutte could not confirm the reports.",
        "date 2024-10-20 (MENAFN) Rutte could not confirm the reports.",
    )


def test_empty_document_fails() -> None:
    with pytest.raises(ImportFailed, match="contains no text"):
        import_bytes(_docx(), "blank.docx")


def _zip_bomb(size: int) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        with archive.open("word/media/huge.bin", "w") as member:
            chunk = bytes(1024 * 1024)
            for _ in range(size // len(chunk)):
                member.write(chunk)
    return out.getvalue()


def test_zip_bomb_is_refused_before_python_docx_opens_it(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[object] = []
    monkeypatch.setattr("workbench.importers.docx.open_docx", lambda *a: opened.append(a))
    data = _zip_bomb(64 * 1024 * 1024)  # 64 MB of zeros in ~64 KB
    assert len(data) < 200_000
    with pytest.raises(ImportFailed, match="zip bomb") as info:
        import_bytes(data, "bomb.docx")
    assert "bomb.docx" in str(info.value)
    assert opened == []


def test_document_that_unpacks_too_large_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("workbench.importers.docx.MAX_DOCX_UNCOMPRESSED", 8 * 1024 * 1024)
    with pytest.raises(ImportFailed, match=r"expand to 17 MB.*larger than 8 MB"):
        import_bytes(_zip_bomb(16 * 1024 * 1024), "big.docx")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"plain text, not a zip at all", "not a Word document", id="not-a-zip"),
        pytest.param(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "old-style Word document", id="doc-renamed"),
    ],
)
def test_files_that_are_not_docx_fail_clearly(data: bytes, message: str) -> None:
    with pytest.raises(ImportFailed, match=message):
        import_bytes(data, "letter.docx")


def test_zip_without_word_document_fails() -> None:
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("content.xml", "<office:document/>")  # an .odt renamed
    with pytest.raises(ImportFailed, match="not a Word document"):
        import_bytes(out.getvalue(), "renamed.docx")


def test_damaged_document_xml_fails_clearly() -> None:
    data = _docx(_story)
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item)
            dst.writestr(item, body[: len(body) // 2] if item.filename == "word/document.xml" else body)
    with pytest.raises(ImportFailed, match="damaged"):
        import_bytes(out.getvalue(), "cut.docx")
