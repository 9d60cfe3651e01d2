"""Saved web pages (``.html``, ``.htm``, ``.mhtml``) and clipboard HTML -> the article's main text.

A saved news page is mostly not the article: navigation, cookie banners, share buttons, "related
stories", newsletter boxes, comments. Trafilatura finds the main text; we help it by pruning
well-known boilerplate containers first and by turning reader comments off, and we read metadata
(title, author, date, site name, URL, language) from the same parsed tree.

Cost matters (a journalist may drop a folder of pages), so the HTML is parsed exactly once into an lxml tree:
trafilatura's metadata steps read that tree (``html_readers.page_metadata``), our pre-cleaning prunes it in
place, and one ``trafilatura.bare_extraction`` call extracts from it; readability's method reads a copy beside
it (``html_readers.reader_class``) and ``_choose`` keeps the better text, mended from the other one
(``html_merge``: readability's without the link and photo-credit lines trafilatura left out, with the standfirst
trafilatura read just before it, the sub-heads and lists it read between its paragraphs and the article's
paragraphs it read in a box beside readability's). Only when that
yields next to nothing is the page parsed and extracted again, without our pruning (``_fallback``): a real page
with little text (a photo post) is imported with a warning, never refused; only a page of nothing but links,
buttons and menus is.

Nothing here may touch the network: trafilatura and htmldate only ever receive an already-parsed
tree, never a string that could be mistaken for a URL to download.
"""

from __future__ import annotations

import email
import email.policy
import logging
import re
from collections import Counter
from email.message import EmailMessage
from typing import Any

from lxml import etree
from lxml import html as lxml_html
from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura.settings import Document
from trafilatura.utils import decode_file, load_html

from workbench.core.dates import MONTHS, WEEKDAYS
from workbench.core.errors import ImportFailed
from workbench.importers.base import MAX_TEXT_CHARS, ImportedArticle, detail, finish_article
from workbench.importers.html_clean import (
    BLOCKS,
    preclean,
    prepend_tail,
    prepend_text,
    prune_layout,
    remove,
)
from workbench.importers.html_limits import (
    NESTING_LIMIT,
    reached_nesting_limit,
    refuse_attribute_floods,
    refuse_oversized_text,
)
from workbench.importers.html_merge import (
    CJK,
    running_text,
    with_inner_lines,
    with_lead,
    with_sibling_paragraphs,
    without_furniture_lines,
    word_count,
)
from workbench.importers.html_readers import BYLINE, page_metadata, reader_class
from workbench.importers.html_tail import drop_comment_boxes

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
    favor_recall=True,
    # No fallback inside trafilatura (its own readability and jusText passes): readability-lxml reads every
    # page beside it anyway (_choose). Dev F1 same or better without (dragnet .910 -> .912, L3S .952 -> .955,
    # the rest equal), a third less time for trafilatura.
    fast=True,
)

# Publication date rather than "last updated": a fact-check cites when something was first said.


# Below this many characters the extraction probably missed the article: try again favouring recall.
_SHORT_TEXT = 100
# An article has at least one block of running text this long (in words).
_MIN_SENTENCE_WORDS = 5


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


def _has_running_text(text: str) -> bool:
    """Whether some block of ``text`` is running text (a sentence), not a menu item, a button or a date line
    ("Tuesday 15th of January 2008" was all one L3S-GN1 page's extraction gave, the article in a table)."""
    return any(
        len(block.split()) + len(CJK.findall(block)) // 2 >= _MIN_SENTENCE_WORDS
        and not (len(block) <= 80 and _only_a_date(block))
        for block in text.split("\n\n")
    )


_DATE_PART = re.compile(r"\d{1,4}(?:st|nd|rd|th)?|\d{1,2}:\d{2}|of|the|am|pm|gmt|utc", re.I)


def _only_a_date(block: str) -> bool:
    """Whether a block is a date and nothing else ("Tuesday 15th of January 2008", "Jan. 9, 2025 10:15 GMT")."""
    words = [w.strip(".,|·-–").lower() for w in block.split()]
    return any(w in MONTHS for w in words) and all(
        not w or w in MONTHS or w in WEEKDAYS or _DATE_PART.fullmatch(w) for w in words)


def _readability_text(tree: HtmlElement) -> str:
    """The main text by readability's method (Arc90's, as in Firefox's reader view), "" if it finds none.

    A second opinion beside trafilatura: it scores containers by their paragraphs' text and commas, which
    reads some pages trafilatura misses (and the reverse)."""
    try:
        summary = reader_class()(tree).summary(html_partial=True)
    except Exception:  # a third-party heuristic failing on a page means "no text", never a crash
        return ""
    root = lxml_html.fromstring(summary) if summary.strip() else None
    if root is None:
        return ""
    # Script, style and embedded objects' fallback content are never article text (trafilatura drops them too).
    # Ruby annotations too: the readings printed over Japanese and Chinese characters ("子こども") are not words of
    # the text, and split them for search and matching (trafilatura drops them as well).
    etree.strip_elements(root, "script", "style", "noscript", "template", "object", "embed", "iframe", "svg",
                         "rt", "rp", etree.Comment, with_tail=False)
    _drop_link_runs(root)
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag in BLOCKS:
            prepend_tail(element, "\n\n")
            prepend_text(element, "\n\n")
        elif element.tag == "br":
            prepend_tail(element, "\n")
    # Soft hyphens and zero-width spaces split words for search and matching; trafilatura drops them too.
    blocks = _INVISIBLE.sub("", "".join(root.itertext())).split("\n\n")
    return "\n\n".join(" ".join(b.split()) for b in blocks if b.strip())


_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")
_SEPARATOR = re.compile(r"[\s|•·/,;:\-–—\[\]()]*")
_LINK_RUN = 3


def _drop_link_runs(root: HtmlElement) -> None:
    """Remove runs of three or more links that stand on lines of their own, with nothing but separators
    around and between them ("Home | News | Sport", or one link per line).

    readability reads a copy of the page without our link-block pruning (that pruning made its choice of
    container worse on real pages), so a menu beside the article can come out with it. Links inside a
    sentence ("said A, B and C on Monday") are never a run: other text on their line ends it."""
    runs: list[list[HtmlElement]] = []
    for parent in root.iter():
        if not isinstance(parent.tag, str):
            continue
        run: list[HtmlElement] = []
        # Whether only separators stand between the start of this line (or the run) and here.
        clean = _SEPARATOR.fullmatch(parent.text or "") is not None
        for child in parent:
            if child.tag == "a":
                if clean:
                    run.append(child)
            elif child.tag == "br" or child.tag in BLOCKS:
                if child.tag in BLOCKS:
                    if len(run) >= _LINK_RUN:
                        runs.append(run)
                    run = []
                clean = True
            elif _SEPARATOR.fullmatch(child.text_content() or "") is None:
                run, clean = [], False  # words of a sentence on the links' line
            if _SEPARATOR.fullmatch(child.tail or "") is None:
                if (child.tag == "br" or child.tag in BLOCKS) and len(run) >= _LINK_RUN:
                    runs.append(run)  # prose starts a new line: the links' lines before it were a run
                run, clean = [], False
        if len(run) >= _LINK_RUN:
            runs.append(run)
    for run in runs:
        for link in run:
            remove(link)


# How the two extractors' texts are weighed (benchmarks/importers/real_f1.py, dev pages of five public sets; the
# rule was chosen over a grid on the dev pages and checked on held-out ones, BENCHMARKS.md): readability's text
# wins when it is longer, or when nearly all of its words are in trafilatura's too (then trafilatura added
# comments, link lists or teasers around the same article) and it is not a mere scrap of it, or when it has more
# words in paragraphs of running text (trafilatura's may be longer only by a page's menus: a regional paper's 449
# words of one-word lines against readability's 85-word article; dev: trafilatura's set +.0006, Dragnet +.0008,
# L3S-GN1 +.0011, CleanPortalEval -.0005).
_CONTAINED = 0.85
_NOT_A_SCRAP = 0.2
_WORDS = re.compile(r"\w+")


def _choose(trafilatura_text: str, readability_text: str) -> str:
    """The better of the two extractions of one page (see _CONTAINED); either one when the other found nothing."""
    if not _has_running_text(readability_text):
        return trafilatura_text
    if not _has_running_text(trafilatura_text):
        return readability_text
    t = Counter(_WORDS.findall(trafilatura_text.lower()))
    r = Counter(_WORDS.findall(readability_text.lower()))
    n_t, n_r = t.total(), r.total()
    shared = (t & r).total()
    if n_r > n_t or (shared >= _CONTAINED * n_r and n_r >= _NOT_A_SCRAP * n_t):
        return readability_text
    if _prose_words(readability_text) > _prose_words(trafilatura_text):
        return readability_text
    return trafilatura_text


def _prose_words(text: str) -> int:
    """How many words of ``text`` are in paragraphs of running text (html_merge.running_text)."""
    counts = ((block, word_count(block)) for block in text.split("\n\n"))
    return sum(n for block, n in counts if running_text(block, n))


def _extract_text(tree: HtmlElement, **overrides: Any) -> str:
    """One trafilatura pass over ``tree`` (which it copies, not changes); the text, "" if none."""
    result = bare_extraction(tree, **{**_OPTIONS, **overrides})
    if not isinstance(result, Document) or not result.text:
        return ""
    # Trafilatura puts each block on its own line; the project stores paragraphs a blank line apart.
    return "\n\n".join(line.strip() for line in result.text.split("\n") if line.strip())


# Where a page's menus, buttons and form labels are: text that is only these is not an article.
_CONTROLS = ("a", "button", "option", "label", "select", "nav", "menu", "title")


def _control_texts(tree: HtmlElement) -> set[str]:
    """The whitespace-collapsed texts of the page's links, buttons, menus and form labels."""
    return {
        " ".join(t.split()).lower()
        for element in tree.iter(*_CONTROLS)
        for t in (element.text_content(),)
        if t.strip()
    }


def _fallback(data: bytes | str, name: str, text: str, warnings: list[str],
              wider: tuple[HtmlElement, str] | None = None) -> str:
    """The text of a page on which the pruned extraction found no running text (a photo post, a page our
    pruning cut too much of, a page trafilatura and readability read differently), or ImportFailed.

    Wider extractions of a fresh, unpruned parse are tried in turn: trafilatura's, then readability's
    (which scores the densest block of text). The first with running text wins. When none has any, what
    little text there is (a headline and a caption under a photo) is still imported with a warning,
    unless it is nothing but the page's links, buttons and menus: then there is no article to import.

    ``wider``: the fresh parse and trafilatura's text of it, when the caller has made them already."""
    fresh, retry = wider if wider is not None else (None, "")
    if fresh is None:
        fresh = parse_html(data, name)
        retry = _extract_text(fresh)
    controls = _control_texts(fresh)
    # readability after trafilatura's pass and the control texts: it rewrites the tree it reads
    candidates = [retry, _readability_text(fresh)]
    for candidate in candidates:
        if _has_running_text(candidate):
            warnings.append(
                f"{name}: little article text was found on this page; a wider extraction was used. "
                "Check the text against the page."
            )
            return candidate
    for candidate in (text, *candidates):
        blocks = [" ".join(b.split()).lower() for b in candidate.split("\n\n") if b.strip()]
        if blocks and not all(b in controls for b in blocks):
            words = sum(len(b.split()) for b in blocks)
            found = "1 word of text was" if words == 1 else f"{words} words of text were"
            warnings.append(
                f"{name}: only {found} found on this page (a photo or video page, or the article may be "
                "loaded by JavaScript). Check the text against the page, or copy the article text and paste it instead."
            )
            return candidate
    # Menus, buttons and nothing else are not an article.
    raise ImportFailed(
        f"{name}: no article text was found on this page (it may be an index, login or cookie page, "
        "or the article may be loaded by JavaScript). Copy the article text and paste it instead."
    )


# Something that looks like markup: a tag, an end tag, a comment or a doctype.
_MARKUP = re.compile(r"<[A-Za-z!/]")


def parse_html(data: bytes | str, name: str) -> HtmlElement:
    """Parse HTML once; raise ImportFailed if it is not HTML at all.

    A fragment is HTML too: a page saved without <html>/<body> (CleanEval's pages, a part copied from a
    browser's source view) is read as the body of a page."""
    refuse_attribute_floods(data, name)
    refuse_oversized_text(data, name, MAX_TEXT_CHARS)
    try:
        tree = load_html(data)
        if tree is None or len(tree) == 0:
            # trafilatura's loader rejects what does not start like a document; read it as a page's body
            text = decode_file(data) if isinstance(data, bytes) else data
            if _MARKUP.search(text):
                tree = load_html(f"<html><body>{text}</body></html>")
    except (ValueError, TypeError, etree.ParserError) as exc:
        raise ImportFailed(f"{name}: the page could not be read as HTML ({detail(exc)}).") from exc
    if tree is None or len(tree) == 0:
        raise ImportFailed(f"{name}: this does not look like a web page (no HTML found).")
    return _close_runaway_title(tree, data)


# A <title> whose end tag was lost (a page cut or garbled when it was saved) swallows the rest of the page as
# its text: the parser reads a title up to </title>. Real titles are a line of a few hundred characters at most.
_RUNAWAY_TITLE = 1_000
_TITLE_START = re.compile(r"<title\b[^>]*>([^<\n]*)", re.I)


def _close_runaway_title(tree: HtmlElement, data: bytes | str) -> HtmlElement:
    """The page parsed again with its title ended at the title's first line, if it ran away (see above)."""
    title = tree.find("head/title")
    if title is None or len(title.text or "") < _RUNAWAY_TITLE or not _MARKUP.search(title.text or ""):
        return tree
    text = decode_file(data) if isinstance(data, bytes) else data
    m = _TITLE_START.search(text)
    if m is None:
        return tree
    # What follows the title's first line up to the next tag is the garbled part (a script's middle, say).
    next_tag = text.find("<", m.end())
    repaired = load_html(text[: m.end()] + "</title>" + text[next_tag if next_tag >= 0 else len(text) :])
    return repaired if repaired is not None and len(repaired) else tree


def html_article(data: bytes | str, name: str, *, fmt: str = "html", url: str = "") -> ImportedArticle:
    """The main text and metadata of one HTML document (a saved page, an MHTML part, the clipboard)."""
    warnings: list[str] = []
    if not url:
        head = data[:4096] if isinstance(data, bytes) else data[:4096].encode("utf-8", "replace")
        m = _SAVED_FROM.search(head)
        if m:
            url = m.group(1).decode("ascii", "replace")
    tree = parse_html(data, name)
    cut_short = reached_nesting_limit(tree)
    language = _tree_language(tree)
    headings = _headings(tree)
    # Trafilatura logs "discarding data" and the like at WARNING: for us those end in an ImportFailed
    # or a warning on the article, never in console noise.
    with _quiet("trafilatura", "htmldate", "courlan", "justext", "readability"):
        # Metadata first, from the intact tree (bylines and dates often sit in boxes we prune).
        meta = page_metadata(tree, url)
        link_lists = preclean(tree)
        # Reader comments out of readability's reading too (trafilatura deletes the same boxes; html_tail).
        drop_comment_boxes(tree)
        # Readability reads the page pre-cleaned but for link lists and layout tables (it scores containers by
        # their text, and those steps made it worse on real pages), in copies of its own
        # (see html_readers.reader_class).
        readability = _readability_text(tree)
        prune_layout(tree, link_lists)
        text = _extract_text(tree)
        wider: tuple[HtmlElement, str] | None = None
        if len(text) < _SHORT_TEXT or not _has_running_text(text):
            # Next to no text, or only menus and captions: perhaps our pruning cut the article (a German
            # broadcaster's page kept 505 characters of boxes, and its 1,800-character article came back
            # unpruned). One more pass on a fresh, unpruned tree; this is rare, so its cost is acceptable.
            fresh = parse_html(data, name)
            retry = _extract_text(fresh)
            wider = (fresh, retry)
            # More words that are still no sentence are the menus the pruning took out (see _fallback).
            if (_has_running_text(retry) and (len(retry) > len(text) or not _has_running_text(text))) or not text:
                if text:
                    warnings.append(f"{name}: little article text was found; a wider extraction was used.")
                text = retry
        chosen = _choose(text, readability)
        if chosen is readability and readability is not text:
            chosen = with_lead(text, without_furniture_lines(readability, text, tree), tree)
            chosen = with_sibling_paragraphs(with_inner_lines(chosen, text, tree), text, tree)
        text = chosen
        if not _has_running_text(text) and not cut_short:
            text = _fallback(data, name, text, warnings, wider)
    if cut_short and not _has_running_text(text):
        raise ImportFailed(
            f"{name}: the page is nested more than {NESTING_LIMIT} levels deep, and its text lies deeper than a "
            "page is read; copy the article text in a browser and paste it instead.")
    if cut_short:
        warnings.append(f"{name}: part of the page is nested more than {NESTING_LIMIT} levels deep and was left "
                        "out; compare with the page and paste what is missing.")
    title = meta.title or ""
    if headings[1] and (not title or title == meta.sitename or title not in headings[0]):
        # trafilatura sometimes takes the site half of "Site - Headline"; the page's <h1> is the headline
        title = headings[1]
    text = _drop_page_lines(text, {title, meta.sitename or "", *headings}, meta.author or "")
    return finish_article(
        text,
        name,
        fmt=fmt,
        title=title,
        outlet=meta.sitename or "",
        author=meta.author or "",
        published=meta.date or "",
        url=url or meta.url or "",
        language=language,
        warnings=warnings,
    )


# A line that is only a date ("05.03.2024 | 10:14"), or a short "Updated 5 March 2024 10:14" line.
_DATE_LINE = re.compile(
    r"^(?:(?:published|updated|posted|aktualisiert|veröffentlicht|mis à jour|publié|actualizado|publicado)"
    r"\b(?:\W*\w+){0,6}?\W*\d{1,4}(?:\W*\w+){0,4}\W*|"
    r"[\d\s.,:/\-–|·]*\d{4}[\d\s.,:/\-–|·]*)$",
    re.I,
)


def _headings(tree: HtmlElement) -> tuple[str, str]:
    """The page's <title> and first <h1>, whitespace-collapsed."""
    title = tree.find(".//title")
    h1 = tree.find(".//h1")
    return (
        " ".join("".join(title.itertext()).split()) if title is not None else "",
        " ".join("".join(h1.itertext()).split()) if h1 is not None else "",
    )


def _is_date_line(block: str) -> bool:
    # "Updated figures show 2023 was worse." is a sentence; date lines do not end in a full stop.
    return not block.endswith(".") and _DATE_LINE.match(block) is not None


def _is_byline(block: str, n_words: int) -> bool:
    m = BYLINE.match(block)
    # "By Tuesday, the ministry had agreed" also starts like a byline; a real one is short or goes on
    # with a date or time.
    return m is not None and (n_words <= 6 or re.search(r"\d", block[m.end() :]) is not None)


def _drop_page_lines(text: str, names: set[str], author: str) -> str:
    """Drop what the extractor kept around the article but a reader would not call article text:
    a leading headline, site name, byline or date line, and a trailing copyright line.

    ``names`` are the headline/site-name strings the page declares; ``author`` the byline's name."""
    blocks = text.split("\n\n")
    known = {" ".join(v.split()).lower() for v in names if v}
    author = " ".join(author.split()).lower()
    start = 0
    while start < min(len(blocks), 4):
        block = " ".join(blocks[start].split())
        words = block.split()
        lowered = block.lower()
        if (
            lowered in known
            or (len(words) >= 3 and any(lowered in k for k in known))
            # (bylines and date lines are short; the length cap also keeps the date pattern, which
            # backtracks on a long run of digits, away from hostile paragraphs)
            or (len(words) <= 15 and len(block) <= 200 and (_is_byline(block, len(words)) or _is_date_line(block)))
            or (author and len(words) <= 12 and author in lowered)
        ):
            start += 1
        else:
            break
    end = len(blocks)
    while end > start + 1 and re.match(r"^(©|\(c\)|copyright\b)", blocks[end - 1].strip(), re.I):
        end -= 1
    return "\n\n".join(blocks[start:end])


class _quiet:
    """Silence library loggers below ERROR for the duration of an extraction."""

    def __init__(self, *names: str) -> None:
        self._loggers = [logging.getLogger(n) for n in names]
        self._levels: list[int] = []

    def __enter__(self) -> None:
        self._levels = [lg.level for lg in self._loggers]
        self._set([logging.CRITICAL] * len(self._loggers))

    def __exit__(self, *exc: object) -> None:
        self._set(self._levels)

    def _set(self, levels: list[int]) -> None:
        # Each setLevel call empties the level cache of every logger in the process (a cost that grows with the
        # number of loggers, paid for each logger on each page): set the levels, then empty the caches once.
        for lg, level in zip(self._loggers, levels, strict=True):
            lg.level = level
        self._loggers[0].setLevel(levels[0])


def mhtml_to_html(data: bytes, name: str) -> tuple[bytes | str, str]:
    """The text/html part of an MHTML archive ("Save page as... single file"), and its URL."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    url = str(message.get("Snapshot-Content-Location") or message.get("Content-Location") or "")
    for part in message.walk():
        if part.get_content_type() != "text/html":
            continue
        if not isinstance(part, EmailMessage):  # always true with policy.default; narrows the type
            continue
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
