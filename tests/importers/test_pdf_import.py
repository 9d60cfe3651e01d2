"""PDF import: reading order, paragraphs, de-hyphenation, page furniture, metadata, damage, passwords."""

from __future__ import annotations

import logging
from collections.abc import Callable
from io import BytesIO

import pytest
from pypdf import PdfReader, PdfWriter

from tests.support.pdf import pdf_file
from workbench.core.errors import ImportFailed
from workbench.importers import import_bytes

HEADER = "The Daily Ledger - 5 March 2024"

PAGE1 = [
    HEADER,
    "",
    "Minister denies tax report",
    "",
    "The finance minister on Tuesday denied a newspaper report that the",
    "government plans to raise value added tax next year, calling it pure specu-",
    "lation and a distraction from the budget.",
    "",
    '"There is no plan," she told reporters outside parliament in the capital on',
    "Tuesday afternoon.",
    "",
    "Opposition leaders said they would demand a formal statement in the govern-",
    "",
    "",
    "Page 1 of 2",
]
PAGE2 = [
    HEADER,
    "",
    "ment's name, citing leaked documents seen by several newspapers this week.",
    "",
    "A Franco-",
    "German study is cited in the documents.",
    "",
    "",
    "Page 2 of 2",
]

EXPECTED = (
    "The finance minister on Tuesday denied a newspaper report that the government plans to raise value "
    "added tax next year, calling it pure speculation and a distraction from the budget.\n\n"
    '"There is no plan," she told reporters outside parliament in the capital on Tuesday afternoon.\n\n'
    "Opposition leaders said they would demand a formal statement in the government's name, citing "
    "leaked documents seen by several newspapers this week.\n\n"
    "A Franco-German study is cited in the documents."
)


def test_text_in_order_dehyphenated_without_headers_and_page_numbers(make_pdf: Callable[..., bytes]) -> None:
    data = make_pdf([PAGE1, PAGE2], info={"Title": "Minister denies tax report", "Author": "Jane Smith"})
    article = import_bytes(data, "minister.pdf")
    assert article.text == EXPECTED
    assert article.title == "Minister denies tax report"
    assert article.author == "Jane Smith"
    assert article.format == "pdf"
    assert article.warnings == []


def test_title_guessed_when_pdf_has_none(make_pdf: Callable[..., bytes]) -> None:
    article = import_bytes(make_pdf([PAGE1[4:7]]), "untitled.pdf")
    assert article.title.startswith("The finance minister on Tuesday denied")


def test_wire_header_on_first_line_gives_date_and_outlet(make_pdf: Callable[..., bytes]) -> None:
    data = make_pdf([["date 2024-10-20 (MENAFN) Rutte said the alliance could not confirm the reports."]])
    article = import_bytes(data, "wire.pdf")
    assert (article.published, article.outlet) == ("2024-10-20", "MENAFN")
    assert article.title == "Rutte said the alliance could not confirm the reports."
    assert article.text == "date 2024-10-20 (MENAFN) Rutte said the alliance could not confirm the reports."


def test_pypdf_log_becomes_an_article_warning_not_console_noise(
    make_pdf: Callable[..., bytes], caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    data = make_pdf([PAGE1, PAGE2], info={"Title": "Minister denies tax report"}, break_xref=True)
    article = import_bytes(data, "damaged.pdf")
    assert article.text == EXPECTED
    assert len(article.warnings) == 1
    assert "damaged.pdf" in article.warnings[0] and "damaged" in article.warnings[0]
    assert "startxref" in article.warnings[0]
    assert [r for r in caplog.records if r.name.startswith("pypdf")] == []
    assert capsys.readouterr().err == ""
    # the handler is removed afterwards: pypdf logs normally again outside an import
    assert logging.getLogger("pypdf").propagate is True


def _encrypt(data: bytes, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="RC4-128")
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def test_password_protected_pdf_fails_clearly(make_pdf: Callable[..., bytes]) -> None:
    data = _encrypt(make_pdf([PAGE1]), "s3cret")
    with pytest.raises(ImportFailed, match="password-protected") as info:
        import_bytes(data, "secret.pdf")
    assert "secret.pdf" in str(info.value)


def test_pdf_encrypted_only_against_copying_opens(make_pdf: Callable[..., bytes]) -> None:
    # An empty open password: any reader opens it, so must we. (No title metadata here, so the
    # headline stays the first paragraph and becomes the title.)
    article = import_bytes(_encrypt(make_pdf([PAGE1, PAGE2]), ""), "restricted.pdf")
    assert article.text == "Minister denies tax report\n\n" + EXPECTED
    assert article.title == "Minister denies tax report"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"%PDF-1.4\n" + b"\x00garbage" * 40, "damaged", id="garbage-after-header"),
        pytest.param(b"Just some text pretending to be a PDF.", "not a PDF", id="no-signature"),
    ],
)
def test_corrupt_pdf_fails_clearly(data: bytes, message: str) -> None:
    with pytest.raises(ImportFailed, match=message) as info:
        import_bytes(data, "broken.pdf")
    assert "broken.pdf" in str(info.value)


def test_truncated_pdf_fails_clearly(make_pdf: Callable[..., bytes]) -> None:
    data = make_pdf([PAGE1, PAGE2])
    with pytest.raises(ImportFailed, match=r"damaged|no text"):
        import_bytes(data[: len(data) // 3], "cut.pdf")


def test_pdf_without_text_layer_says_so(make_pdf: Callable[..., bytes]) -> None:
    with pytest.raises(ImportFailed, match=r"no text.*scan"):
        import_bytes(make_pdf([[]]), "scan.pdf")


def _pages_listing_one_page(times: int, per_node: int) -> bytes:
    """A page tree whose nodes list the same page ``times`` times in all, ``per_node`` per node: nothing in
    the file is compressed."""
    nodes = -(-times // per_node)
    kids = " ".join(f"{4 + i} 0 R" for i in range(nodes))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count {times} >>".encode(),
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"]
    for i in range(nodes):
        count = min(per_node, times - i * per_node)
        objects.append(f"<< /Type /Pages /Parent 2 0 R /Kids [{'3 0 R ' * count}] /Count {count} >>".encode())
    return pdf_file(objects)


@pytest.mark.slow
@pytest.mark.parametrize(("data", "message"), [
    pytest.param(lambda: _pages_listing_one_page(120_000, 40_000),
                 "its list of pages is longer than any real document's (more than 100,000 entries)", id="page-list"),
    pytest.param(lambda: _pages_listing_one_page(100_001, 100_001),
                 "it is built larger or deeper than any real document (", id="one-huge-list"),
])
def test_a_pdf_past_a_structure_limit_is_refused_for_what_it_is_not_as_a_compressed_part(
        data: Callable[[], bytes], message: str) -> None:
    # Issue 26 item 12: every limit pypdf stops at used to be called "a compressed part that unpacks to an
    # enormous size", which these files do not have.
    with pytest.raises(ImportFailed) as refused:
        import_bytes(data(), "pages.pdf")
    said = str(refused.value)
    assert said.startswith(f"pages.pdf: {message}") and "compressed" not in said, said
