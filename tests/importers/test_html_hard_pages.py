"""Pages that used to lose their article: one nested deeper than the HTML parser reads (issue 26 item 12:
what was cut is said, never dropped silently; a page whose text lies entirely below the limit is refused with
that reason, not "no article"), and one whose article our pruning removed (issue 19)."""

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


def test_when_the_pruned_page_leaves_only_menus_the_unpruned_page_is_read_again(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Seen on a real broadcaster's page (trafilatura's evaluation set): our pruning left 505 characters of
    # boxes and captions, more than "next to no text", so the article below them was refused.
    from workbench.importers import html

    passes: list[int] = []
    menus = "\n\n".join(["Home", "Programme", "Kontakt", "Foto: MDR/Bernd Cramer"] * 25)

    def extract(tree: object, **overrides: object) -> str:
        passes.append(1)
        return menus if len(passes) == 1 else LEAD_TEXT

    monkeypatch.setattr(html, "_extract_text", extract)
    article = import_bytes(_page(5), "intendant.html")
    assert len(passes) == 2 and "budget for schools" in article.text


LEAD_TEXT = ("The minister said on Tuesday that the budget for schools would rise by four percent next year, "
             "according to a statement published by the ministry.")
