"""How the HTML importer reads a page beside its main text (``workbench.importers.html``): the page's metadata by
trafilatura's steps (``page_metadata``, its author search without copying the page or testing every element:
``extract_author``), the byline box a page marks as such (``byline_box``), and readability's reader
(``reader_class``) with the steps that cost most done without serializing the page or rewriting its text
(``clean_length``). Each shortcut gives what the library's own function gives (tests/importers/test_html_readers.py
holds them to it, so an upgrade of either library that changes its steps shows up there).
"""

from __future__ import annotations

import contextlib
import copy
import functools
import hashlib
import re
from collections.abc import Callable
from typing import Any

from lxml import etree
from lxml.html import HtmlElement
from trafilatura.json_metadata import normalize_authors
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_domain,
    extract_meta_json,
    extract_metainfo,
    extract_sitename,
    extract_title,
    extract_url,
    find_date,
)
from trafilatura.metadata import extract_author as trafilatura_author
from trafilatura.settings import Document
from trafilatura.xml import delete_element
from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS

from workbench.importers.base import author_names

# Extensive (free-text) date search is off: it is slow and guesses from any date in the page.
_DATE_PARAMS = {"original_date": True, "extensive_search": False}


# "By Jane Smith", "Von Katrin Vogel | 15.04.2024", "Par Claire Dubois et Luc Roy": a by-word, then
# capitalised name words, then the end or a separator. Not "By Tuesday the ministry had...".
_NAME = r"[A-ZÀ-ÖØ-Þ][\w.'’-]+(?:\s+[A-ZÀ-ÖØ-Þ][\w.'’-]+){0,3}"
_AND_WORD = r"\s+(?:and|und|et|y|e|en|og)\s+"  # between two names of one byline
BYLINE = re.compile(rf"^(?i:by|von|par|por|door|di|af|av)\s+{_NAME}(?:{_AND_WORD}{_NAME})?\s*(?:$|[,|·•\-–—/])")
# An element a page marks as its byline: class "byline", "pb-byline", "article-byline"...
_BYLINE_BOXES = etree.XPath("//*[contains(translate(@class, 'BYLINE', 'byline'), 'byline')]")
_AND = re.compile(_AND_WORD)


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


# trafilatura's author search (``extract_author``) copies the page, discards its comment, date and sidebar boxes,
# then evaluates three XPaths that test a dozen attributes of every element: half of the page's metadata time,
# though on a news page only a handful of elements have an attribute that could match. Each of those tests names an
# attribute and needs one of these strings in its value (a regular expression of alternatives needs one of its
# literal alternatives: "author-?name" needs "uthor"), or is an <author> element or one with a <rel> child. So the
# candidates are found in one walk over the page, and only they are tested by trafilatura's own predicates, turned
# to the element itself ("//*[...]" -> "self::*[...]"): the same elements, in the same (document) order.
_AUTHOR_NEEDS = {
    "class": re.compile("uthor|byl|BBL|username|zuozhe|bianji|xiaobian|channel-name|submitted-by|posted-by"
                        "|journalist-name|screenname|writer|yline"),
    "id": re.compile("uthor|zuozhe|bianji|xiaobian"),
    "rel": re.compile("uthor"), "itemprop": re.compile("uthor"), "data-testid": re.compile("uthor"),
    "data-component": re.compile("Byline"),
}
# ... and of the boxes it discards first (besides every <time> and <figure>).
_DISCARD_NEEDS = {
    "class": re.compile("omment|title|date|sidebar|is-hidden|quote|embedly-instagram|article-share|article-support"
                        "|print|category|meta-reviewer"),
    "id": re.compile("omment|ProductReviews"),
    "data-component": re.compile("Figure"),
}
# The trafilatura XPaths these strings were read from (trafilatura 2.3): another version's are searched its own way.
_AUTHOR_PATHS_READ = "8cea8abb3ec3f7d9dd28eba92f32ebad066ec4e9"
_REGEXP_NS = {"re": "http://exslt.org/regular-expressions"}


def _on_self(expression: etree.XPath) -> etree.XPath:
    """trafilatura's XPath ``//*[test]`` (``|//author``) as ``self::*[test]`` (``|self::author``)."""
    path = re.sub(r"^\s*\.?//\*\[", "self::*[", expression.path).replace("|//author", "|self::author")
    return etree.XPath(path, namespaces=_REGEXP_NS)


@functools.cache
def _author_tests() -> tuple[list[etree.XPath], etree.XPath] | None:
    paths = "\n".join(x.path for x in AUTHOR_XPATHS + AUTHOR_DISCARD_XPATHS)
    if hashlib.sha1(paths.encode()).hexdigest() != _AUTHOR_PATHS_READ or len(AUTHOR_DISCARD_XPATHS) != 2:
        return None
    return [_on_self(x) for x in AUTHOR_XPATHS], _on_self(AUTHOR_DISCARD_XPATHS[0])


def _candidates(tree: HtmlElement) -> tuple[list[HtmlElement], list[HtmlElement]]:
    """The elements that could be the author's (see _AUTHOR_NEEDS) and those that could be discarded boxes (never
    ``tree`` itself: trafilatura looks for those below it), each in document order."""
    rel_parents = {rel.getparent() for rel in tree.iter("rel")}
    authors: list[HtmlElement] = []
    boxes: list[HtmlElement] = []
    for element in tree.iter(etree.Element):
        author = element.tag == "author" or element in rel_parents
        box = False
        for name, value in element.items():
            if not author and (needs := _AUTHOR_NEEDS.get(name)) is not None and needs.search(value):
                author = True
            if not box and (needs := _DISCARD_NEEDS.get(name)) is not None and needs.search(value):
                box = True
        if author:
            authors.append(element)
        if box and element is not tree:
            boxes.append(element)
    return authors, boxes


def extract_author(tree: HtmlElement) -> str | None:
    """The page's author as ``trafilatura.metadata.extract_author`` reads it, without copying the page.

    trafilatura's steps: a copy of the page without its comment, date and sidebar boxes (their tails kept), its
    author XPaths in turn, the first result with a short text. Here the XPaths' tests are evaluated on the few
    candidates only (see _AUTHOR_NEEDS); a candidate inside a discarded box is passed over, and one with such a box
    inside it is copied with the box discarded (what the tests and the text see of it: nothing outside it)."""
    tests = _author_tests()
    if tests is None:
        return trafilatura_author(tree)
    candidates, boxes = _candidates(tree)
    if not candidates:
        return None
    authors, discard = tests
    # Discarded in trafilatura's order: the boxes its first XPath finds, then every <time> and <figure>.
    discarded = [box for box in boxes if discard(box)] + AUTHOR_DISCARD_XPATHS[1](tree)
    order = {element: i for i, element in enumerate(discarded)}
    seen: list[HtmlElement] = []
    for candidate in candidates:
        if candidate in order or any(a in order for a in candidate.iterancestors()):
            continue  # discarded with its box
        inner = [e for e in candidate.iterdescendants() if e in order] if order else []
        if inner:
            pruned = copy.deepcopy(candidate)
            try:
                twins = {e: twin for e, twin in zip(candidate.iter(), pruned.iter(), strict=True) if e in order}
            except ValueError:  # a copy unlike its original (never seen): trafilatura's own search, not a crash
                return trafilatura_author(tree)
            for e in sorted(inner, key=order.__getitem__):
                delete_element(twins[e])
            candidate = pruned
        seen.append(candidate)
    author = extract_metainfo(tree, [_chosen(seen, test) for test in authors], len_limit=120)
    return normalize_authors(None, author) if author else None


def _chosen(elements: list[HtmlElement], test: etree.XPath) -> Callable[[HtmlElement], list[HtmlElement]]:
    return lambda tree: [element for element in elements if test(element)]


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


# Runs of two or more whitespace characters: the only places where readability's ``clean`` changes a text's length.
_RUNS = re.compile(r"\s{2,}")


def clean_length(text: str) -> int:
    """``len(readability.readability.clean(text))``, without building the cleaned text.

    readability weighs every candidate by the length of its text after ``clean`` (three whitespace regexes and a
    strip over the text of every paragraph, link and container of the page: a quarter of its time). What they do to
    one run of whitespace between words: 255 or more characters, or any run with a line break, become one character;
    a run of spaces and tabs becomes its tabs before its first space, plus one for that space (``\\t|[ \\t]{2,}``
    replaces each tab, then the rest of the run, once it starts with a space); any other whitespace character is
    kept. The text's ends are stripped."""
    text = text.strip()
    n = len(text)
    for run in _RUNS.findall(text):
        if "\n" in run or len(run) >= 255 or not run.strip(" "):
            n -= len(run) - 1
        else:
            n -= len(run) - _run_kept(run)
    return n


def _run_kept(run: str) -> int:
    """How many characters ``clean`` keeps of a run of whitespace without a line break (see clean_length)."""
    kept = 0
    i = 0
    while i < len(run):
        if run[i] in " \t":
            end = i
            while end < len(run) and run[end] in " \t":
                end += 1
            space = run.find(" ", i, end)
            kept += end - i if space < 0 else space - i + 1
            i = end
        else:
            kept += 1
            i += 1
    return kept


# What readability's divToPElementsRe finds in a <div>'s children serialized as markup ("<p", "<img", "<table"...):
# a descendant whose tag starts with one of these (text is escaped when serialized, so only tags can match).
_BLOCK_TAG = re.compile(r"blockquote|dl|div|img|ol|p|pre|table|ul", re.I)
# Inline children readability gathers into a paragraph (its transform_misused_divs_into_paragraphs).
_INLINE_TAGS = frozenset("a b cite code em font i small span strong sub sup u".split())  # noqa: SIM905


def _holds_block(element: HtmlElement) -> bool:
    """Whether ``element`` or a descendant is a block readability's divToPElementsRe would find in its markup."""
    return any(isinstance(e.tag, str) and _BLOCK_TAG.match(e.tag) for e in element.iter())


# A quoted post embedded in a story (see reader_class).
_EMBEDDED_POST = re.compile(r"tweet|twitter", re.I)


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
    the six sets (benchmarks/importers/realsets.py) but for one change of rule: readability-lxml drops every box
    named "tweet" or "twitter", so the posts a story quotes (``<blockquote class="twitter-tweet">``) went with the
    share buttons; for a fact-checker they are the claims. Such a <blockquote> is not "unlikely" here (Firefox's
    Readability.js no longer lists those names). Dev: trafilatura's set +.0007, CleanPortalEval +.0018."""
    from lxml.html import fragment_fromstring, xhtml_to_html
    from readability import Document  # imported on first use: most of the app never needs it
    from readability.readability import REGEXES

    display_none = REGEXES["displayNoneRe"]
    unlikely, maybe = REGEXES["unlikelyCandidatesRe"], REGEXES["okMaybeItsACandidateRe"]

    class Reader(Document):  # type: ignore[misc]
        def get_link_density(self, elem: HtmlElement) -> float:
            # readability-lxml 0.9's method, with clean_length for len(clean(...))
            link_length = sum(clean_length(a.text_content() or "") for a in elem.findall(".//a"))
            return float(link_length) / max(clean_length(elem.text_content() or ""), 1)

        def score_paragraphs(self) -> dict[HtmlElement, dict[str, Any]]:
            # readability-lxml 0.9's method, with clean_length for len(clean(...)) and the commas counted in the
            # text itself (clean only changes whitespace); without its debug line, which describes every candidate
            candidates: dict[HtmlElement, dict[str, Any]] = {}
            ordered = []
            for elem in self.tags(self._html(), "p", "pre", "td", "blockquote"):
                parent_node = elem.getparent()
                if parent_node is None:
                    continue
                grand_parent_node = parent_node.getparent()
                inner_text = elem.text_content() or ""
                inner_text_len = clean_length(inner_text)
                if inner_text_len < self.min_text_length:
                    continue
                if parent_node not in candidates:
                    candidates[parent_node] = self.score_node(parent_node)
                    ordered.append(parent_node)
                if grand_parent_node is not None and grand_parent_node not in candidates:
                    candidates[grand_parent_node] = self.score_node(grand_parent_node)
                    ordered.append(grand_parent_node)
                content_score = 1 + inner_text.count(",") + 1 + min((inner_text_len / 100), 3)
                candidates[parent_node]["content_score"] += content_score
                if grand_parent_node is not None:
                    candidates[grand_parent_node]["content_score"] += content_score / 2.0
            for elem in ordered:
                candidates[elem]["content_score"] *= 1 - self.get_link_density(elem)
            return candidates

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
                    and not (elem.tag == "blockquote" and _EMBEDDED_POST.search(names))
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
