"""A page with far more text than any article (issue 26 item 11): refused before it is parsed, in seconds
rather than after minutes of extraction; a page heavy with markup, scripts and comments but with an article
of ordinary length is still imported."""

from __future__ import annotations

import pytest

from workbench.core.errors import ImportFailed
from workbench.importers import html, import_bytes
from workbench.importers.html_limits import refuse_oversized_text

PARAGRAPH = "<p>The council said the bridge would reopen in spring after repairs costing four million.</p>\n"


def test_a_page_of_text_far_over_the_limit_is_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    page = f"<html><body><article>{PARAGRAPH * 300}</article></body></html>".encode()  # ~26,000 characters
    monkeypatch.setattr(html, "MAX_TEXT_CHARS", 2_000)
    parsed: list[object] = []
    monkeypatch.setattr(html, "load_html", lambda data: parsed.append(data))
    with pytest.raises(ImportFailed, match="more than ten times the longest article"):
        import_bytes(page, "liveblog.html")
    assert parsed == []  # refused on the raw page: never parsed


def test_markup_scripts_comments_and_entities_do_not_count_as_text() -> None:
    heavy = ("<div class='x' data-a='" + "y" * 200 + "'>" + "&nbsp;" * 50 + "</div>"
             "<script>var s = '" + "z" * 5_000 + "';</script><!-- " + "c" * 5_000 + " -->") * 20
    page = f"<html><body>{heavy}<article>{PARAGRAPH * 10}</article></body></html>"
    assert len(page) > 200_000
    refuse_oversized_text(page, "page.html", max_chars=2_000)  # ~900 characters of text: imported
    refuse_oversized_text(page.encode(), "page.html", max_chars=2_000)
    with pytest.raises(ImportFailed):
        refuse_oversized_text(page + PARAGRAPH * 300, "page.html", max_chars=2_000)
