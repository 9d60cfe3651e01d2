"""The HTML importer's faster readings of a page give what the libraries' own functions give.

The importer reads a page's metadata by trafilatura's steps without the ones it never uses, and runs readability
with two steps done without serializing the page (``workbench.importers.html_readers``). These tests hold those
shortcuts to the libraries' own results, so an upgrade of either library that changes its steps shows up here.
"""

from __future__ import annotations

import pytest
from lxml import etree
from readability import Document
from readability.readability import REGEXES
from trafilatura.metadata import extract_author, extract_metadata

from workbench.importers.base import author_names
from workbench.importers.html import parse_html
from workbench.importers.html_readers import _holds_block, byline_box, page_metadata, reader_class

BODY = "".join(
    f"<p>Paragraph {i}: the council voted on the budget for schools, roads and parks, and the mayor said the "
    "figures would be published on Friday after the auditors had seen them.</p>"
    for i in range(6)
)

PAGES = {
    "meta-author": f"""<html><head><title>Budget vote - Daily Post</title>
        <meta name="author" content="Jane Smith"><meta property="og:site_name" content="Daily Post">
        <meta property="article:published_time" content="2024-03-05T10:00:00Z"></head>
        <body><article><h1>Budget vote</h1>{BODY}</article></body></html>""",
    "byline-in-page": f"""<html><head><title>Budget vote</title></head><body>
        <div class="article"><span class="byline">By Tom Miller</span><time datetime="2023-11-02">2 Nov</time>
        {BODY}</div><div class="comments"><span class="author">A. Reader</span></div></body></html>""",
    "author-names-nobody": f"""<html><head><title>Budget vote</title><meta name="author" content="Follow Author">
        </head><body><p class="author-name">Maria Rossi</p>{BODY}</body></html>""",
    "json-ld": f"""<html><head><title>x</title><script type="application/ld+json">
        {{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Budget vote in the council",
          "author": {{"@type": "Person", "name": "Ana Lopez"}}, "datePublished": "2022-06-01",
          "publisher": {{"@type": "Organization", "name": "El Diario"}}}}</script></head>
        <body>{BODY}</body></html>""",
    "nothing": f"<html><body>{BODY}</body></html>",
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_the_page_metadata_is_what_trafilatura_reads(name: str) -> None:
    url = "https://example.org/news/budget-vote"
    ours = page_metadata(parse_html(PAGES[name], "page.html"), url)
    tree = parse_html(PAGES[name], "page.html")
    theirs = extract_metadata(tree, url, {"original_date": True, "extensive_search": False}, False, None)
    if theirs.author and not author_names(theirs.author):
        theirs.author = byline_box(tree) or extract_author(tree)
    for field in ("title", "author", "date", "sitename", "url"):
        assert getattr(ours, field) == getattr(theirs, field), field
    if name != "nothing":
        assert ours.author  # each of the other pages names its author somewhere


@pytest.mark.parametrize(
    ("markup", "holds"),
    [
        ("<span>plain <b>words</b></span>", False),
        ("<a href='#'><img src='x.png'></a>", True),  # an image buried in a link
        ("<span><abbr>EU</abbr></span>", False),  # "<abbr" is no block ("<a" is not searched for)
        ("<span><picture><source></picture></span>", True),  # "<picture" starts like "<p"
        ("<em>a &lt;p&gt; in text is no tag</em>", False),
        ("<section><DL><dt>x</dt></DL></section>", True),
        ("<font><table><tr><td>1</td></tr></table></font>", True),
    ],
    ids=["inline", "image-in-link", "abbr", "picture", "escaped-text", "dl", "table"],
)
def test_a_block_is_found_as_readability_finds_it_in_markup(markup: str, holds: bool) -> None:
    element = parse_html(f"<html><body><div>{markup}</div></body></html>", "page.html").find(".//div")[0]
    serialized = etree.tostring(element, encoding="utf-8")
    assert _holds_block(element) is holds
    assert (REGEXES["divToPElementsRe"].search(str(serialized)) is not None) is holds


def test_readability_reads_the_same_text_as_with_its_own_steps() -> None:
    page = f"""<html><body>
        <div class="header-menu"><a href="/">Home</a> <a href="/news">News</a></div>
        <div id="main-content"><div class="story">Text right in a div, <b>bold</b> and a
          <a href="#"><img src="a.png"> linked photo</a><br>after a break<div>{BODY}</div>
          <span>inline <abbr>EU</abbr> text</span> tail text</div></div>
        <div class="sidebar"><div class="content"><p>Kept by its name, {BODY[:200]}</p></div></div>
        <div class="footer"><pre class="footer">code stays</pre></div></body></html>"""
    reader = reader_class()

    class OwnSteps(reader):  # type: ignore[misc,valid-type]
        remove_unlikely_candidates = Document.remove_unlikely_candidates
        transform_misused_divs_into_paragraphs = Document.transform_misused_divs_into_paragraphs

    ours = reader(parse_html(page, "page.html")).summary(html_partial=True)
    assert ours == OwnSteps(parse_html(page, "page.html")).summary(html_partial=True)
    assert "Paragraph 5" in ours and "Home" not in ours
