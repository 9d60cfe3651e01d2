"""A page nested deeper than the HTML parser reads (issue 26 item 12): what was cut is said, never dropped
silently; a page whose text lies entirely below the limit is refused with that reason, not "no article"."""

from __future__ import annotations

import pytest

from workbench.core.errors import ImportFailed
from workbench.importers import import_bytes

LEAD = ("<p>The minister said on Tuesday that the budget for schools would rise by four percent next year, "
        "according to a statement published by the ministry.</p>") * 3
DEEP = "<p>The opposition leader said the figures did not add up and called for an independent audit.</p>"


def _page(depth: int, lead: str = LEAD) -> bytes:
    return f"<html><body><article>{lead}{'<div>' * depth}{DEEP}{'</div>' * depth}</article></body></html>".encode()


def test_an_ordinary_deeply_nested_page_is_read_whole_without_a_warning() -> None:
    article = import_bytes(_page(120), "layout.html")
    assert "independent audit" in article.text and article.warnings == []


def test_text_cut_by_the_nesting_limit_is_reported_on_the_article() -> None:
    article = import_bytes(_page(400), "deep.html")
    assert "budget for schools" in article.text and "independent audit" not in article.text
    assert any("nested more than 256 levels deep" in w and "left out" in w for w in article.warnings)


def test_a_page_whose_text_is_all_below_the_limit_is_refused_saying_why() -> None:
    with pytest.raises(ImportFailed, match="nested more than 256 levels deep") as refused:
        import_bytes(_page(400, lead=""), "deep.html")
    assert "paste" in str(refused.value)
