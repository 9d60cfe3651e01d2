"""Pruning a parsed web page before its main text is extracted: the containers that are boilerplate on
practically every news site (navigation, cookie banners, share buttons, "related stories", newsletter
boxes, comments), matched on class, id, role and tag, unless they hold the article's own prose; and
layout markup turned into line breaks. ``importers.html`` reads the metadata first, from the intact tree,
then calls ``preclean`` and extracts from what is left.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement

# Block elements: each is a paragraph of the text (in a page, and in readability's output, which keeps its markup).
BLOCKS = frozenset((
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dd", "dt", "blockquote", "pre", "td", "th", "tr",
    "table", "ul", "ol", "section", "article", "figcaption", "header", "footer", "main", "aside", "form",
    "address", "center",
))

# Containers that are boilerplate on practically every news site. Matched on whole class/id tokens
# or on unambiguous substrings, so an article wrapper such as class="article-body" never matches.
# Pruned before extraction (metadata is read first, from the intact tree).
_BOILERPLATE_SUBSTRINGS = (
    "cookie",
    "consent",
    "gdpr",
    "newsletter",
    "subscribe",
    "signup",
    "sign-up",
    "paywall",
    "taboola",
    "outbrain",
    "social-share",
    "share-bar",
    "sharebar",
    "share-buttons",
    "sharing",
    "related-",
    "-related",
    "relatedarticles",
    "related_",
    "recommended",
    "read-more",
    "readmore",
    "more-stories",
    "most-read",
    "mostread",
    "most-popular",
    "trending",
    "breadcrumb",
    "advert",
    "sponsored",
    "promo",
    "author-bio",
    "skip-link",
    "byline",
    "also-like",
    "you-may-like",
    "disqus",
    "author-box",
    "more-from",
    "recirc",
    "further-reading",
    "pagination",
    "pager",
)
_BOILERPLATE_TOKENS = (
    "ad",
    "ads",
    "share",
    "related",
    "social",
    "banner",
    "popup",
    "modal",
    "toolbar",
    "tags",
)
_BOILERPLATE_ROLES = ("navigation", "banner", "contentinfo", "complementary", "dialog", "search")


# One regex over "class id" of each element: substrings anywhere, tokens as whole parts of a
# class name split at spaces, hyphens and underscores ("ad-slot" has the part "ad"; "head" has not).
_BOILERPLATE_NAME = re.compile(
    "|".join(re.escape(s) for s in _BOILERPLATE_SUBSTRINGS)
    + r"|(?:^|[\s_-])(?:"
    + "|".join(_BOILERPLATE_TOKENS)
    + r")(?=$|[\s_-])"
)
_BOILERPLATE_TAGS = frozenset(
    "div section aside ul ol form nav footer header p span figure dialog".split()  # noqa: SIM905
)


# Names that are boilerplate however much text the box holds: a cookie notice or comment thread can be long.
_ALWAYS_BOILERPLATE = re.compile(r"cookie|consent|gdpr|newsletter|signup|sign-up|taboola|outbrain|disqus|comment")
# Running text: this many characters outside links in runs of text of at least _PROSE_RUN characters (a paragraph,
# or text between <br>s on older pages), in a box where links are less than _PROSE_LINKS of the text (teaser lists
# are mostly links).
_PROSE_CHARS = 400
_PROSE_RUN = 100
_PROSE_LINKS = 0.3


def class_names(element: HtmlElement) -> str:
    """An element's class and id, lower-cased: what boilerplate and caption names are matched against."""
    return f"{element.get('class') or ''} {element.get('id') or ''}".lower()


def _holds_prose(element: HtmlElement) -> bool:
    """Whether ``element`` holds paragraphs of running text (not link teasers): part of an article, not a box."""
    prose = 0
    for node in element.iter("p", "div", "td", "font", "span", "blockquote", "li"):
        # a run: the node's own text and that of its inline children, up to its next block child
        run = 0
        for piece in (node.text, *(child.tail for child in node if child.tag not in BLOCKS)):
            run += len(piece.strip()) if piece else 0
        for child in node:
            if isinstance(child.tag, str) and child.tag not in BLOCKS and child.tag != "a":
                run += text_len(child)
        if run >= _PROSE_RUN:
            prose += run
            if prose >= _PROSE_CHARS:
                return _link_len(element) < _PROSE_LINKS * text_len(element)
    return False


def _is_boilerplate(element: HtmlElement) -> bool:
    tag = element.tag
    if tag in ("nav", "dialog"):
        return True
    if tag not in _BOILERPLATE_TAGS:
        return False
    get = element.get
    if get("role") in _BOILERPLATE_ROLES or get("aria-hidden") == "true":
        return True
    names = f"{get('class') or ''} {get('id') or ''}".strip()
    return bool(names) and _BOILERPLATE_NAME.search(names.lower()) is not None


# An element matching a boilerplate name but holding this share of the page's paragraph text is
# the article itself (class="article has-related-links"); never prune it.
_KEEP_SHARE = 0.7
# ... and one holding the headline or an explicitly marked article body is the article, too.
_ARTICLE_MARKERS = etree.XPath(".//article | .//main | .//h1 | .//*[@itemprop='articleBody'][1]")

def _paragraph_chars(element: HtmlElement) -> int:
    return sum(len(t) for p in element.iter("p") for t in p.itertext())


def remove(element: HtmlElement) -> None:
    """Remove an element but keep its tail, which is text of the parent that merely follows it."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail and tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = _CONTROL.sub("", (previous.tail or "") + tail)
        else:
            parent.text = _CONTROL.sub("", (parent.text or "") + tail)
    parent.remove(element)


def text_len(element: HtmlElement) -> int:
    """How many characters of text an element holds, whitespace at the ends of its pieces left out."""
    return sum(map(len, map(str.strip, element.itertext())))


def _link_len(element: HtmlElement) -> int:
    return sum(text_len(a) for a in element.iter("a"))


# "Read more: <a>Other story</a>" lines inside an article body, in the languages the app meets most.
_READ_MORE = re.compile(
    r"^\W*(read (?:more|also|next)|see also|related|more on this|more:|watch:|listen:|recommended|"
    r"lesen sie (?:auch|mehr)|mehr zum thema|auch interessant|lire aussi|à lire aussi|a lire aussi|"
    r"voir aussi|lee también|leer más|relacionad[oa]s?|te puede interesar|leggi anche|lees ook)",
    re.I,
)


_CONTAINERS = ("body", "article", "main")


# Containers of links (lists, cells) with how many links each holds.
LinkLists = dict[HtmlElement, int]


def _prune_named_boilerplate(tree: HtmlElement) -> None:
    """Remove containers named as boilerplate (cookie banners, share bars, ads), never what holds the article."""
    body = tree.find("body")
    if body is None:
        body = tree
    total = _paragraph_chars(body) or 1
    # Collect first, then remove: removing while iterating would skip elements. Only the tags that can be
    # boilerplate are visited (lxml skips the others without making a Python object of each).
    matches = [el for el in body.iterdescendants(*_BOILERPLATE_TAGS) if _is_boilerplate(el)]
    for element in matches:
        if element.getparent() is None or _is_inside_removed(element, body):
            continue
        if _ARTICLE_MARKERS(element) or _paragraph_chars(element) > _KEEP_SHARE * total:
            continue
        if _holds_prose(element) and not _ALWAYS_BOILERPLATE.search(class_names(element)):
            # A name that says "share" or "ads" on a container of paragraphs is a modifier of the article's
            # container (class="entry share", "Section--Ads", "paywall-container"), not a share bar or ad.
            continue
        remove(element)


def preclean(tree: HtmlElement) -> LinkLists:
    """Remove boilerplate in place before extraction, never what holds the bulk of the text: named
    boilerplate containers, "Read more" lines, rows of utility links and newsletter forms.

    Returns the page's lists of links, which ``prune_layout`` takes next for the extraction that wants it.
    """
    _prune_named_boilerplate(tree)
    body = tree.find("body")
    if body is None:
        body = tree

    for br in tree.iter("br"):
        # Text on either side of a <br> is never one word ("height<br>Priya" must not become
        # "heightpriya"); trafilatura turns the newline into a line break where it matters.
        prepend_tail(br, "\n")

    for form in list(tree.iter("form")):
        if form.find(".//input[@type='email']") is None:
            continue
        # A sign-up box is the form plus its heading and blurb: take the smallest container that still
        # has little text of its own.
        box = form
        parent = form.getparent()
        while parent is not None and parent.tag not in _CONTAINERS and text_len(parent) < 400:
            box, parent = parent, parent.getparent()
        remove(box)

    # Link-heavy blocks: only blocks that contain links can be, so start from the links.
    link_parents: dict[HtmlElement, None] = {}
    list_links: dict[HtmlElement, int] = {}
    for a in body.iter("a"):
        parent = a.getparent()
        while parent is not None and parent.tag not in ("p", "div", "font", "td", "li", "body"):
            parent = parent.getparent()
        if parent is not None and parent.tag in ("p", "div", "font"):
            link_parents[parent] = None
        container = a.getparent()
        while container is not None and container.tag not in ("td", "ul", "ol", "menu", "body"):
            container = container.getparent()
        if container is not None and container.tag != "body":
            list_links[container] = list_links.get(container, 0) + 1
    for p in link_parents:
        if p.getparent() is None or p.find(".//p") is not None:
            continue
        length = text_len(p)
        if not length or length > 250:
            continue
        links = _link_len(p)
        text = "".join(p.itertext()).strip()
        if links and _READ_MORE.match(text) and links >= 0.4 * length:
            remove(p)
        elif length < 80 and links >= 0.7 * length and sum(1 for _ in p.iter("a")) >= 2:
            # a row of utility links: "[ Print | E-mail this story ]", "Facebook Twitter Email"
            remove(p)
    return list_links


def prune_layout(tree: HtmlElement, list_links: LinkLists) -> None:
    """After ``preclean``: remove navigation-like link lists, and turn layout tables into plain blocks (a 1990s
    page that puts the whole article in one table cell would otherwise come out as a data table)."""
    for block, n_links in list_links.items():
        if block.getparent() is None:
            continue
        if n_links >= 4:
            length = text_len(block)
            if length and _link_len(block) >= 0.8 * length and length < 2000:
                remove(block)

    for table in list(tree.iter("table")):
        # A table is layout, not data, when a cell holds running text (long text or <br> paragraphs).
        # Only this table's own rows and cells change; a data table nested in a layout cell stays one.
        own = [el for el in table.iter("tbody", "thead", "tfoot", "tr", "td", "th") if _owner(el) is table]
        cells = [el for el in own if el.tag == "td"]
        if any(text_len(td) > 400 or len(td.findall(".//br")) >= 2 for td in cells):
            for el in [table, *own]:
                el.tag = "div"


# Control characters the parser let through in text nodes, which lxml refuses when the text is set again.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def prepend_tail(element: HtmlElement, prefix: str) -> None:
    """Put ``prefix`` (a line break) before the text that follows ``element``, without control characters."""
    element.tail = prefix + _CONTROL.sub("", element.tail or "")


def prepend_text(element: HtmlElement, prefix: str) -> None:
    """Put ``prefix`` (a line break) before ``element``'s own text, without control characters."""
    element.text = prefix + _CONTROL.sub("", element.text or "")


def _is_inside_removed(element: HtmlElement, body: HtmlElement) -> bool:
    # An ancestor already removed leaves this element in a detached subtree.
    return all(ancestor is not body for ancestor in element.iterancestors())


def _owner(element: HtmlElement) -> HtmlElement | None:
    parent = element.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent
