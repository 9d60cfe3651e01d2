"""Hostile web pages in-process with the network blocked: no request is even attempted, and nothing of a
script, handler, style or remote address reaches the article (text, title or address)."""

from __future__ import annotations

import pytest

from workbench.importers import import_bytes, import_clipboard

from . import hostile_files as hf


@pytest.mark.parametrize(("name", "data"), [
    ("evil.html", hf.evil_page()),
    ("evil.xhtml", hf.laughs_page(hf.XXE_DOCTYPE, "&xxe;", xhtml=True)),
    ("evil.mhtml", hf.mhtml(hf.evil_page())),
    ("evil.md", hf.evil_markdown()),
], ids=["html", "xhtml-xxe-remote-dtd", "mhtml", "markdown"])
def test_hostile_page_makes_no_request_and_leaves_no_code(no_network: list, name: str, data: bytes) -> None:
    article = import_bytes(data, name)

    assert no_network == []
    assert hf.SENTENCE[:40] in article.text
    for value in (article.text, article.title, article.author, article.outlet):
        assert hf.SCRIPT_MARK not in value
        assert "198.51.100.7" not in value and "passwd" not in value
    assert article.url in ("", "http://198.51.100.7/")  # only ever a web address, never javascript:/file:


def test_hostile_clipboard_html_makes_no_request_and_leaves_no_code(no_network: list) -> None:
    page = hf.evil_page().decode()
    article = import_clipboard(page, None)

    assert no_network == []
    assert hf.SENTENCE[:40] in article.text and hf.SCRIPT_MARK not in article.text


def test_a_clipboard_larger_than_any_file_allowed_is_refused_before_parsing(monkeypatch) -> None:
    import workbench.importers as importers

    monkeypatch.setattr(importers, "html_article", lambda *a, **k: pytest.fail("the clipboard was parsed"))
    with pytest.raises(importers.ImportFailed, match=r"^Clipboard: the copied content is 105 million characters"):
        import_clipboard("<p>" + "x" * 105_000_000 + "</p>", None)
