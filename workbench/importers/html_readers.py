"""How the HTML importer reads a page beside its main text (``workbench.importers.html``): the page's metadata by
trafilatura's steps (``page_metadata``), the byline box a page marks as such (``byline_box``), and readability's
reader (``reader_class``) with the steps that cost most done without serializing the page. Each shortcut gives what
the library's own function gives (tests/importers/test_html_readers.py holds them to it, so an upgrade of either
library that changes its steps shows up there).
"""

from __future__ import annotations

import contextlib
import copy
import functools
import re
from typing import Any

from lxml import etree
from lxml.html import HtmlElement
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_author,
    extract_domain,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
    find_date,
)
from trafilatura.settings import Document

from workbench.importers.base import author_names

# Extensive (free-text) date search is off: it is slow and guesses from any date in the page.
_DATE_PARAMS = {"original_date": True, "extensive_search": False}


# "By Jane Smith", "Von Katrin Vogel | 15.04.2024", "Par Claire Dubois et Luc Roy": a by-word, then
# capitalised name words, then the end or a separator. Not "By Tuesday the ministry had...".
_NAME = r"[A-ZÀ-ÖØ-Þ][\w.'’-]+(?:\s+[A-ZÀ-ÖØ-Þ][\w.'’-]+){0,3}"
BYLINE = re.compile(
    rf"^(?i:by|von|par|por|door|di|af|av)\s+{_NAME}"
    rf"(?:\s+(?:and|und|et|y|e|en|og)\s+{_NAME})?\s*(?:$|[,|·•\-–—/])"
)
# An element a page marks as its byline: class "byline", "pb-byline", "article-byline"...
_BYLINE_BOXES = etree.XPath("//*[contains(translate(@class, 'BYLINE', 'byline'), 'byline')]")
_AND = re.compile(r"\s+(?:and|und|et|y|e|en|og)\s+")


def byline_box(tree: HtmlElement) -> str:
    """The names of the first "By …" line in an element the page marks as its byline, as ``author_names``
    gives them; "" when no such box starts with one."""
    for box in _BYLINE_BOXES(tree):
        line = " ".join(box.text_content().split())
        m = BYLINE.match(line)
        if m is not None:
            names = m.group().split(None, 1)[1].rstrip(" ,|·•-–—/")
            return author_names(_AND.sub("; ", names))
    return ""


def page_metadata(tree: HtmlElement, url: str) -> Document:
    """The page's title, author, date, site name and URL, read as ``trafilatura.metadata.extract_metadata`` reads
    them (its steps, in its order), without the categories, tags and licence it also looks for.

    Nothing here uses those three, and their searches (every category and tag link of the page) were a quarter of
    the metadata's time on real news pages. An author named in the page's metadata that names nobody ("Jan 4",
    "Follow Author") is replaced by the page's byline (see below)."""
    metadata = examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None
    # trafilatura's JSON-LD reader failing on a page means "no JSON-LD metadata", as in extract_metadata
    with contextlib.suppress(Exception):
        metadata = extract_meta_json(tree, metadata)
    if not metadata.title:
        metadata.title = extract_title(tree)
    byline: str | None = None
    searched = False
    if not metadata.author:
        byline, searched = extract_author(tree), True
        metadata.author = byline
    if not metadata.url:
        metadata.url = extract_url(tree, url or None)
    if metadata.url:
        metadata.hostname = extract_domain(metadata.url, fast=True)
    metadata.date = find_date(tree, **_DATE_PARAMS, url=metadata.url)
    if not metadata.sitename:
        metadata.sitename = extract_sitename(tree)
    if metadata.sitename:
        metadata.sitename = metadata.sitename.lstrip("@")  # a Twitter handle
        if metadata.sitename and "." not in metadata.sitename and not metadata.sitename[0].isupper():
            metadata.sitename = metadata.sitename.title()
    elif metadata.url:
        m = META_URL.match(metadata.url)
        if m:
            metadata.sitename = m[1]
    metadata.clean_and_trim()
    if metadata.author and not author_names(metadata.author):
        # The author metadata names nobody ("Jan 4", "Follow Author", a log-in box's "Username"): the page's byline
        # box ("By Steven Mufson"), else trafilatura's reading of the page's other author markup (which reads the
        # same tree every time: its result is reused, not searched for again).
        metadata.author = byline_box(tree) or (byline if searched else extract_author(tree))
    return metadata


# What readability's divToPElementsRe finds in a <div>'s children serialized as markup ("<p", "<img", "<table"...):
# a descendant whose tag starts with one of these (text is escaped when serialized, so only tags can match).
_BLOCK_TAG = re.compile(r"blockquote|dl|div|img|ol|p|pre|table|ul", re.I)
# Inline children readability gathers into a paragraph (its transform_misused_divs_into_paragraphs).
_INLINE_TAGS = frozenset("a b cite code em font i small span strong sub sup u".split())  # noqa: SIM905


def _holds_block(element: HtmlElement) -> bool:
    """Whether ``element`` or a descendant is a block readability's divToPElementsRe would find in its markup."""
    return any(isinstance(e.tag, str) and _BLOCK_TAG.match(e.tag) for e in element.iter())


@functools.cache
def reader_class() -> Any:
    """readability's Document, reading the tree it is given without lxml_html_clean's Cleaner, and with two of its
    steps done without serializing the page.

    Each pass of readability reads a fresh copy of the page (``_parse``), which the Cleaner makes and cleans:
    a third of readability's time on real news pages, mostly rewriting every link and attribute for a
    browser's safety. Only its text is used here, so the copy drops what the Cleaner drops that holds text
    (scripts, styles, link elements, comments, processing instructions) and nothing else; the text that comes
    out is the same (checked on 730 real pages).

    readability decides which <div>s are paragraphs by serializing each one's children to markup and searching it
    for block tags (every <div> of the page, nested ones again and again: a seventh of its time); here the children's
    tags are looked at instead (``_holds_block``). It looks for "unlikely" class and id names on every element; here
    only on those that have a class or an id (the others never match). Its text is the same on all 3,932 pages of
    the six sets (benchmarks/importers/realsets.py)."""
    from lxml.html import fragment_fromstring, xhtml_to_html
    from readability import Document  # imported on first use: most of the app never needs it
    from readability.readability import REGEXES

    display_none = REGEXES["displayNoneRe"]
    unlikely, maybe = REGEXES["unlikelyCandidatesRe"], REGEXES["okMaybeItsACandidateRe"]

    class Reader(Document):  # type: ignore[misc]
        def _parse(self, input: HtmlElement) -> HtmlElement:
            doc = copy.deepcopy(input)
            self.encoding = "utf-8"
            for element in doc.xpath("//*[@hidden]"):
                element.drop_tree()
            for element in doc.xpath("//*[@style]"):
                if display_none.search(element.get("style")):
                    element.drop_tree()
            xhtml_to_html(doc)
            for element in doc.iter("image"):
                element.tag = "img"
            etree.strip_elements(doc, "script", "style", "link", etree.Comment, etree.ProcessingInstruction,
                                 with_tail=False)
            return doc

        def remove_unlikely_candidates(self) -> None:
            # readability-lxml 0.8/0.9's method, over the elements that have a class or an id only
            for elem in self.html.xpath(".//*[@class or @id]"):
                names = "{} {}".format(elem.get("class", ""), elem.get("id", ""))
                if (
                    len(names) >= 2
                    and unlikely.search(names)
                    and not maybe.search(names)
                    and elem.tag not in ("html", "body")
                    and not elem.xpath("ancestor-or-self::pre | ancestor-or-self::code")
                    and not elem.xpath(
                        "descendant-or-self::main | descendant-or-self::article | descendant-or-self::math")
                ):
                    elem.drop_tree()

        def transform_misused_divs_into_paragraphs(self) -> None:
            # readability-lxml 0.8/0.9's method, with _holds_block for its search of serialized markup
            for elem in self.html.findall(".//div"):
                if not any(_holds_block(child) for child in elem):
                    elem.tag = "p"
            for elem in self.html.findall(".//div"):
                children = list(elem)
                paragraph = None
                if elem.text and elem.text.strip():
                    p = fragment_fromstring("<p/>")
                    p.text = elem.text
                    elem.text = None
                    elem.insert(0, p)
                    paragraph = p
                for child in children:
                    if child.tag == "br":
                        paragraph = None
                        continue
                    if child.tag not in _INLINE_TAGS or _holds_block(child):
                        paragraph = None
                        continue
                    if paragraph is None:
                        paragraph = fragment_fromstring("<p/>")
                        child.addprevious(paragraph)
                    paragraph.append(child)
                for pos, child in reversed(list(enumerate(elem))):
                    if child.tail and child.tail.strip():
                        p = fragment_fromstring("<p/>")
                        p.text = child.tail
                        child.tail = None
                        elem.insert(pos + 1, p)
                    if child.tag == "br":
                        child.drop_tree()

    return Reader
