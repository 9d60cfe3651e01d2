"""Saved web pages (``.html``, ``.htm``, ``.mhtml``) and clipboard HTML -> the article's main text.

A saved news page is mostly not the article: navigation, cookie banners, share buttons, "related
stories", newsletter boxes, comments. Trafilatura finds the main text; we help it by pruning
well-known boilerplate containers first and by turning reader comments off, and we read metadata
(title, author, date, site name, URL, language) from the same parsed tree.

Cost matters (a journalist may drop a folder of pages), so the HTML is parsed exactly once: we
parse it into an lxml tree, read what we need from it, and hand the same tree to a single
``trafilatura.bare_extraction`` call.

Nothing here may touch the network: trafilatura and htmldate only ever receive an already-parsed
tree, never a string that could be mistaken for a URL to download.
"""

from __future__ import annotations

import email
import email.policy
import logging
import re
from email.message import EmailMessage
from typing import Any

from lxml import etree
from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura.metadata import extract_metadata
from trafilatura.settings import Document
from trafilatura.utils import load_html

from workbench.core.errors import ImportFailed
from workbench.importers.base import ImportedArticle, finish_article

# Extraction settings, chosen with benchmarks/importers/html_f1.py (see benchmarks/README.md):
# comments are never article text for a fact-checker; tables are (election results, budgets).
_OPTIONS = dict(
    include_comments=False,
    include_tables=True,
    include_images=False,
    include_links=False,
    include_formatting=False,
    deduplicate=False,
    favor_precision=False,
    favor_recall=False,
)

# Publication date rather than "last updated": a fact-check cites when something was first said.
# Extensive (free-text) date search is off: it is slow and guesses from any date in the page.
_DATE_PARAMS = {"original_date": True, "extensive_search": False}

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


def _boilerplate_xpath() -> str:
    lowered = (
        "translate(concat(' ', @class, ' ', @id, ' '), "
        "'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
    )
    tokens = "concat(' ', normalize-space(" + lowered + "), ' ')"
    tests = [f"contains({lowered}, '{s}')" for s in _BOILERPLATE_SUBSTRINGS]
    tests += [f"contains({tokens}, ' {t} ')" for t in _BOILERPLATE_TOKENS]
    tests += [f"@role='{r}'" for r in _BOILERPLATE_ROLES]
    tests.append("@aria-hidden='true'")
    elements = "self::div or self::section or self::aside or self::ul or self::ol or self::form or self::nav"
    elements += " or self::footer or self::header or self::p or self::span or self::figure or self::dialog"
    return f"//body//*[({elements}) and ({' or '.join(tests)})] | //body//nav | //body//dialog"


_BOILERPLATE = etree.XPath(_boilerplate_xpath())
# An element matching a boilerplate name but holding this share of the page's paragraph text is
# the article itself (class="article has-related-links"); never prune it.
_KEEP_SHARE = 0.4

# Below this many characters the extraction probably missed the article: try again favouring recall.
_SHORT_TEXT = 300


def _paragraph_chars(element: HtmlElement) -> int:
    return sum(len(t) for p in element.iter("p") for t in p.itertext())


def _prune_boilerplate(tree: HtmlElement) -> int:
    """Remove boilerplate containers in place (never one holding the bulk of the text); return count."""
    total = _paragraph_chars(tree) or 1
    removed = 0
    for element in _BOILERPLATE(tree):
        parent = element.getparent()
        if parent is None or element.tag in ("body", "html"):
            continue
        if element.find(".//article") is not None or _paragraph_chars(element) > _KEEP_SHARE * total:
            continue
        # Keep the tail: it is text of the parent that merely follows this element.
        tail = element.tail
        previous = element.getprevious()
        if tail and tail.strip():
            if previous is not None:
                previous.tail = (previous.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail
        parent.remove(element)
        removed += 1
    return removed


def _tree_language(tree: HtmlElement) -> str:
    lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang") or ""
    if not lang:
        for meta in tree.iterfind(".//meta"):
            key = (meta.get("http-equiv") or meta.get("property") or meta.get("name") or "").lower()
            if key in ("content-language", "og:locale", "language", "dc.language"):
                lang = meta.get("content") or ""
                break
    # "en-GB", "en_GB" -> "en"; the app only needs the language, not the region.
    return re.split(r"[-_]", lang.strip(), maxsplit=1)[0].lower() if lang.strip() else ""


_SAVED_FROM = re.compile(rb"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.I)


def _extract_text(tree: HtmlElement, **overrides: Any) -> str:
    """One trafilatura pass over ``tree`` (which it copies, not changes); the text, "" if none."""
    result = bare_extraction(tree, **{**_OPTIONS, **overrides})
    if not isinstance(result, Document) or not result.text:
        return ""
    # Trafilatura puts each block on its own line; the project stores paragraphs a blank line apart.
    return "\n\n".join(line.strip() for line in result.text.split("\n") if line.strip())


def parse_html(data: bytes | str, name: str) -> HtmlElement:
    """Parse HTML once; raise ImportFailed if it is not HTML at all."""
    try:
        tree = load_html(data)
    except (ValueError, TypeError, etree.ParserError) as exc:
        raise ImportFailed(f"{name}: the page could not be read as HTML ({exc}).") from exc
    if tree is None or len(tree) == 0:
        raise ImportFailed(f"{name}: this does not look like a web page (no HTML found).")
    return tree


def html_article(data: bytes | str, name: str, *, fmt: str = "html", url: str = "") -> ImportedArticle:
    """The main text and metadata of one HTML document (a saved page, an MHTML part, the clipboard)."""
    warnings: list[str] = []
    if not url:
        head = data[:4096] if isinstance(data, bytes) else data[:4096].encode("utf-8", "replace")
        m = _SAVED_FROM.search(head)
        if m:
            url = m.group(1).decode("ascii", "replace")
    tree = parse_html(data, name)
    language = _tree_language(tree)
    # Trafilatura logs "discarding data" and the like at WARNING: for us those end in an ImportFailed
    # or a warning on the article, never in console noise.
    with _quiet("trafilatura", "htmldate", "courlan", "justext", "readability"):
        # Metadata first, from the intact tree (bylines and dates often sit in boxes we prune).
        meta = extract_metadata(tree, url or None, dict(_DATE_PARAMS), False, None)
        _prune_boilerplate(tree)
        text = _extract_text(tree)
        if len(text) < _SHORT_TEXT:
            # Too little text: perhaps our pruning or trafilatura's precision cut the article. One more
            # pass on a fresh, unpruned tree favouring recall; this is rare, so its cost is acceptable.
            retry = _extract_text(parse_html(data, name), favor_recall=True)
            if len(retry) > len(text):
                if text:
                    warnings.append(f"{name}: little article text was found; a wider extraction was used.")
                text = retry
    if not text:
        raise ImportFailed(
            f"{name}: no article text was found on this page (it may be an index, login or cookie page, "
            "or the article may be loaded by JavaScript). Copy the article text and paste it instead."
        )
    return finish_article(
        text,
        name,
        fmt=fmt,
        title=meta.title or "",
        outlet=meta.sitename or "",
        author=meta.author or "",
        published=meta.date or "",
        url=url or meta.url or "",
        language=language,
        warnings=warnings,
    )


class _quiet:
    """Silence library loggers below ERROR for the duration of an extraction."""

    def __init__(self, *names: str) -> None:
        self._loggers = [logging.getLogger(n) for n in names]
        self._levels: list[int] = []

    def __enter__(self) -> None:
        self._levels = [lg.level for lg in self._loggers]
        for lg in self._loggers:
            lg.setLevel(logging.CRITICAL)

    def __exit__(self, *exc: object) -> None:
        for lg, level in zip(self._loggers, self._levels, strict=True):
            lg.setLevel(level)


def mhtml_to_html(data: bytes, name: str) -> tuple[bytes | str, str]:
    """The text/html part of an MHTML archive ("Save page as... single file"), and its URL."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    url = str(message.get("Snapshot-Content-Location") or message.get("Content-Location") or "")
    for part in message.walk():
        if part.get_content_type() != "text/html":
            continue
        assert isinstance(part, EmailMessage)
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        charset = part.get_content_charset()
        url = url or str(part.get("Content-Location") or "")
        if charset:
            try:
                return payload.decode(charset, errors="replace"), url
            except LookupError:
                pass
        return payload, url
    raise ImportFailed(f"{name}: this MHTML file contains no web page (no text/html part).")


__all__ = ["html_article", "mhtml_to_html", "parse_html"]
