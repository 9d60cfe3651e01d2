"""The HTML importer's faster readings of a page give what the libraries' own functions give.

The importer reads a page's metadata by trafilatura's steps without the ones it never uses, and runs readability
with two steps done without serializing the page (``workbench.importers.html_readers``). These tests hold those
shortcuts to the libraries' own results, so an upgrade of either library that changes its steps shows up here.
"""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import pytest
from lxml import etree
from readability import Document
from readability.readability import REGEXES, clean
from trafilatura.metadata import extract_author, extract_metadata
from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS

from workbench.importers import html_readers
from workbench.importers.base import author_names
from workbench.importers.html import parse_html
from workbench.importers.html_readers import _holds_block, byline_box, clean_length, page_metadata, reader_class

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
        get_link_density = Document.get_link_density
        score_paragraphs = Document.score_paragraphs

    ours = reader(parse_html(page, "page.html")).summary(html_partial=True)
    assert ours == OwnSteps(parse_html(page, "page.html")).summary(html_partial=True)
    assert "Paragraph 5" in ours and "Home" not in ours
    for path in _sample_pages():
        tree = parse_html(path.read_bytes(), path.name)
        theirs = OwnSteps(tree).summary(html_partial=True)
        assert reader(tree).summary(html_partial=True) == theirs, path.name


def test_readability_scores_candidates_as_with_its_own_steps() -> None:
    reader = reader_class()
    for path in _sample_pages():
        ours = reader(parse_html(path.read_bytes(), path.name))
        theirs = reader(parse_html(path.read_bytes(), path.name))
        for doc in (ours, theirs):
            doc._html(True)
            doc.transform_misused_divs_into_paragraphs()
        scores = ours.score_paragraphs()
        assert [(e.tag, c["content_score"]) for e, c in scores.items()] == [
            (e.tag, c["content_score"]) for e, c in Document.score_paragraphs(theirs).items()], path.name
        assert scores, path.name


WHITESPACE = [" ", "  ", "\t", "\n", "\r", "\xa0", "\u2009", "\u3000", "\x0b", "\x1c", "\x85", " " * 300, "\n" * 260,
              "\t\t ", " \t\t", "\xa0" * 254]


@pytest.mark.parametrize(
    "text",
    ["", "   ", "plain words, no runs", "  a \n\n  b\t\tc \t d\xa0 e  ", "x" + " " * 254 + "y", "x" + " " * 255 + "y",
     "x" + "\xa0" * 255 + "y", "x\t \t y", "x \t\ty", "x\t\ty", "x\r\ny", "x \u2009 y"],
    ids=lambda text: repr(text)[:20],
)
def test_the_cleaned_length_is_readabilitys(text: str) -> None:
    assert clean_length(text) == len(clean(text))


def test_the_cleaned_length_is_readabilitys_on_random_whitespace() -> None:
    rng = random.Random(25)
    for _ in range(20_000):
        text = "".join(rng.choice([*WHITESPACE, "a", "b,", "word"]) for _ in range(rng.randint(0, 10)))
        assert clean_length(text) == len(clean(text)), repr(text)


# Pages with every kind of author markup trafilatura's XPaths look for, inside and around the boxes it discards first.
AUTHOR_PAGES = {
    "rel-author": '<p>x <a rel="author" href="/a">Jane Smith</a></p>',
    "id-and-class": '<div id="author">Tom Miller</div><span class="author">Second Person</span>',
    "itemprop": '<span itemprop="author name">Ana Lopez</span><div itemprop="creator author">Bo Li</div>',
    "testid": '<div data-testid="AuthorCard">Maria Rossi <a data-testid="AuthorURL">profile</a></div>',
    "rel-child": '<p>Written by <rel>me</rel> Karl Otto</p><div><rel>you</rel> Not Him</div>',
    "author-element": "<author>Lena Berg</author>",
    "class-patterns": '<h3 class="channel-name">News Desk</h3><p class="AuthorName">Ed Stone</p>'
                      '<strong class="author-name">Ida Kerr</strong><h4 class="posted-by">Olu Ade</h4>',
    "byline-classes": '<span class="byl">By Sam Ng</span><div class="BBL">Kim Lee</div><p class="byline">Al Roe</p>',
    "ids": '<div id="zuozhe">Wang Wei</div><span id="post-Author-1">Li Na</span><a id="xiaobian">Zhou</a>',
    "last-resort": '<section data-component="Byline">Rui Costa</section><em class="writer">Pat Doe</em>'
                   '<b class="screenname">@pat</b><i class="Byline-x">Joe Bloggs</i><u itemprop="author">Ann Poe</u>',
    "username": '<span class="username">reader42</span><div class="journalist-name">Eva Lind</div>',
    "in-comments": '<div class="comments"><span class="author">A. Reader</span></div><p class="author">Real One</p>',
    "in-discarded-ids": '<div id="comments-1"><a rel="author">No One</a></div><section id="commentlist"><span '
                        'class="author">Nobody</span></section><div id="ProductReviews"><p class="author">Rev'
                        '</p></div><span class="sidebar"><a rel="author">Side Bar</a></span><p class="author">Kept</p>',
    "box-inside": '<div class="author">By <span class="date">5 May</span>Jo Park<time>today</time> and '
                  '<figure>photo</figure>Lu Chen <div class="is-hidden x">hidden</div>tail</div>',
    "discarded-author": '<span class="author title">Title Box</span><div class="byline">By Real Name</div>',
    "nested": '<div class="author-box"><div class="author"><a rel="author">Inner Name</a></div></div>',
    "too-short-or-long": '<span class="author">AB</span><span class="author">' + "word " * 30 + '</span>'
                         '<p class="byline">Long Enough</p>',
    "url-author": '<span class="author">https://example.org/people/x</span><p rel="author">x</p>',
    "data-figure": '<div data-component="Figure"><span class="author">Figure Credit</span></div>'
                   '<div class="article-share"><a class="author">Share</a></div><p class="quote">q '
                   '<span class="author">Quoted</span></p><div class="print-only author">Printed Name</div>',
    "on-root": '<span>none here</span>',
    "nothing": "<p>No author markup at all.</p>",
}


def _author_page(name: str) -> str:
    root = ' class="comments author"' if name == "on-root" else ""
    return f"<html{root}><head><title>t</title></head><body>{AUTHOR_PAGES[name]}{BODY[:300]}</body></html>"


def _sample_pages() -> list[Path]:
    return sorted((Path(__file__).parents[2] / "benchmarks" / "importers" / "pages").glob("*.html"))


@pytest.mark.parametrize("name", sorted(AUTHOR_PAGES))
def test_the_author_is_found_as_trafilatura_finds_it(name: str) -> None:
    page = _author_page(name)
    assert html_readers.extract_author(parse_html(page, "page.html")) == extract_author(parse_html(page, "page.html"))


def test_the_author_is_found_as_trafilatura_finds_it_on_the_sample_pages() -> None:
    pages = _sample_pages()
    assert pages
    for path in pages:
        tree = parse_html(path.read_bytes(), path.name)
        assert html_readers.extract_author(tree) == extract_author(tree), path.name


@pytest.mark.parametrize("name", sorted(AUTHOR_PAGES))
def test_every_element_trafilatura_tests_for_an_author_is_a_candidate(name: str) -> None:
    tree = parse_html(_author_page(name), "page.html")
    authors, boxes = html_readers._candidates(tree)
    for xpath in AUTHOR_XPATHS:
        assert set(xpath(tree)) <= set(authors)
    assert set(AUTHOR_DISCARD_XPATHS[0](tree)) <= set(boxes)


def test_the_author_xpaths_are_those_the_candidates_were_read_from() -> None:
    # A trafilatura upgrade that changes its author XPaths: read them again and update _AUTHOR_NEEDS,
    # _DISCARD_NEEDS and _AUTHOR_PATHS_READ (until then the importer uses trafilatura's own, slower, search).
    paths = "\n".join(x.path for x in AUTHOR_XPATHS + AUTHOR_DISCARD_XPATHS)
    assert hashlib.sha1(paths.encode()).hexdigest() == html_readers._AUTHOR_PATHS_READ
