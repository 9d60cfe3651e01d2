"""A PDF as a source quoted by page: its text page by page, furniture dropped, and the "p. N" locator of a
quote found in it; a scan without text is refused with a clear message."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.importers.test_pdf_import import PAGE1, PAGE2
from workbench.core.errors import ImportFailed, NoSourceText
from workbench.importers.pdf import pdf_pages
from workbench.verify import SourceText, verify_quote


def test_pages_keep_their_numbers_and_lose_headers_and_page_numbers(make_pdf: Callable[..., bytes]) -> None:
    pages = pdf_pages(make_pdf([PAGE1, PAGE2]), "ledger.pdf")
    assert len(pages) == 2
    assert "The Daily Ledger" not in " ".join(pages) and "Page 1 of 2" not in pages[0]
    assert "calling it pure speculation and a distraction from the budget." in pages[0]  # de-hyphenated
    assert pages[1].startswith("ment's name")  # a word cut by the page break is not joined across pages


def test_a_quote_in_a_pdf_is_located_by_page(make_pdf: Callable[..., bytes]) -> None:
    source = SourceText.from_pages(pdf_pages(make_pdf([PAGE1, PAGE2]), "ledger.pdf"))
    result = verify_quote("A Franco-German study is cited in the documents", source)
    assert (result.status, result.locator) == ("verbatim", "p. 2")
    altered = verify_quote("“There is a plan,” she told reporters", source)
    assert altered.status == "altered" and altered.locator == "p. 1"
    assert altered.changes == [("no", "a")]


def test_a_scan_without_text_has_no_text_to_compare_with(make_pdf: Callable[..., bytes]) -> None:
    with pytest.raises(NoSourceText, match=r"scan\.pdf: the PDF contains no text .*no text to compare with"):
        pdf_pages(make_pdf([[], []]), "scan.pdf")


def test_not_a_pdf_is_refused() -> None:
    with pytest.raises(ImportFailed, match="not a PDF file"):
        pdf_pages(b"hello", "fake.pdf")
