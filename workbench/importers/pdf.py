"""PDF articles (``.pdf``): the text in reading order, as paragraphs, without page furniture.

A PDF has no paragraphs, only positioned lines. We take pypdf's text per page, drop the running
headers, footers and page numbers that repeat on every page, join words hyphenated across a line
break, and rebuild paragraphs from blank lines and from short lines that end a sentence.

pypdf reports damage it works around ("incorrect startxref", "multiple definitions") through the
``pypdf`` logger. A journalist should see those as warnings on the imported article (the text may
be incomplete), not as console noise, so we capture them with a logging handler.

Hostile PDFs: pypdf refuses to unpack any one stream beyond 75 MB (``LimitReachedError``); we refuse the
whole file then, and also when the pages together would make pypdf read more than
``MAX_PDF_CONTENT_BYTES`` of drawing instructions, which a small file can reach by reusing one stream on
many pages or drawing one form thousands of times (see ``_content_cost``).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO
from itertools import pairwise

from pypdf import PageObject, PdfReader
from pypdf.errors import FileNotDecryptedError, LimitReachedError, PdfReadError, PyPdfError
from pypdf.generic import DictionaryObject, IndirectObject, StreamObject

from workbench.core.errors import ImportFailed, NoSourceText
from workbench.importers.base import (
    MAX_FILE_BYTES,
    MAX_PDF_CONTENT_BYTES,
    MAX_PDF_PAGES,
    ImportedArticle,
    detail,
    finish_article,
    normalise_text,
)


class _Capture(logging.Handler):
    """Collects pypdf's log records as readable strings."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record must not abort the import
            message = str(record.msg)
        message = detail(Exception(message))  # one line: these end up in one-line warnings
        if message not in self.messages:
            self.messages.append(message)


@contextmanager
def capture_pypdf_log() -> Iterator[_Capture]:
    """Route the ``pypdf`` logger into a list for the duration, and keep it off the console."""
    logger = logging.getLogger("pypdf")
    handler = _Capture()
    old_propagate, old_level = logger.propagate, logger.level
    logger.addHandler(handler)
    logger.propagate = False
    if logger.level == logging.NOTSET or logger.level > logging.WARNING:
        logger.setLevel(logging.WARNING)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.propagate = old_propagate
        logger.setLevel(old_level)


# "3", "- 3 -", "Page 3", "Page 3 of 12", "3 / 12", "Seite 3", "p. 3"
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-–—]\s*)?(?:(?:page|seite|página|pagina|p\.)\s*)?\d{1,4}(?:\s*(?:of|/|von|de|sur)\s*\d{1,4})?"
    r"(?:\s*[-–—])?\s*$",
    re.I,
)
_DIGITS = re.compile(r"\d+")
# A word broken at a line end: "govern-\nment" -> "government" (lower-case continuation only, so that
# "Franco-\nGerman" keeps its hyphen).
_HYPHEN_BREAK = re.compile(r"(\w)[-\u00ad]\n(?=[a-zà-öø-ÿ])")
_SENTENCE_END = re.compile(r"[.!?:\"'”’»)]$")

# How many lines at the top and bottom of a page may be running headers/footers.
_EDGE_LINES = 3


def _edge_key(line: str) -> str:
    # "Page 3 of 12" and "Page 4 of 12" are the same footer: compare with digits masked.
    return _DIGITS.sub("#", line.strip().lower())


def _drop_page_furniture(pages: list[list[str]]) -> tuple[list[list[str]], int]:
    """Remove repeated header/footer lines and page numbers from each page's edges."""
    counts: Counter[str] = Counter()
    for lines in pages:
        edges = {_edge_key(ln) for ln in lines[:_EDGE_LINES] + lines[-_EDGE_LINES:] if ln.strip()}
        counts.update(edges)
    # A line repeating on at least half the pages (and at least twice) is furniture, not text.
    threshold = max(2, (len(pages) + 1) // 2)
    repeated = {key for key, n in counts.items() if n >= threshold}
    dropped = 0
    cleaned: list[list[str]] = []
    for lines in pages:
        keep = list(lines)
        for edge in ("top", "bottom"):
            for _ in range(_EDGE_LINES):
                # look at the first/last non-blank line
                idx = next(
                    (
                        i
                        for i in (range(len(keep)) if edge == "top" else range(len(keep) - 1, -1, -1))
                        if keep[i].strip()
                    ),
                    None,
                )
                if idx is None:
                    break
                line = keep[idx]
                if _PAGE_NUMBER.match(line) or (len(pages) > 1 and _edge_key(line) in repeated):
                    del keep[idx]
                    dropped += 1
                else:
                    break
        cleaned.append(keep)
    return cleaned, dropped


def _page_lines(page: PageObject) -> tuple[list[str], list[float] | None]:
    """A page's text lines, and the vertical step from each line to the next where it is known.

    pypdf's plain text has the words in reading order but no paragraph gaps; its visitor callback
    tells where each piece of text sits. Where the two agree on the number of lines the steps are
    returned; otherwise (unusual layouts) None, and the line-length heuristic in ``_paragraphs``
    has to do.
    """
    ys: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if not text.strip():
            return
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if not ys or abs(y - ys[-1]) > 0.5:
            ys.append(y)

    lines = [line for line in (page.extract_text(visitor_text=visit) or "").split("\n") if line.strip()]
    if len(lines) != len(ys):
        return lines, None
    return lines, [above - below for above, below in pairwise(ys)]


def _mark_blocks(pages: list[tuple[list[str], list[float] | None]]) -> list[list[str]]:
    """Insert an empty line where a vertical step is clearly bigger than the document's line spacing
    (or goes back up the page: a new column)."""
    downward = sorted(g for _, gaps in pages if gaps for g in gaps if g > 0)
    # The line spacing is the common small step; paragraph gaps and headings are the larger ones.
    spacing = downward[len(downward) // 4] if downward else 0.0
    marked: list[list[str]] = []
    for lines, gaps in pages:
        if not gaps or not spacing:
            marked.append(lines)
            continue
        out = lines[:1]
        for line, gap in zip(lines[1:], gaps, strict=True):
            if gap > 1.4 * spacing or gap < 0:
                out.append("")
            out.append(line)
        marked.append(out)
    return marked


def _paragraphs(lines: list[str]) -> list[str]:
    """Join a page's lines into paragraphs: break at blank lines and after short sentence-final lines."""
    widths = sorted(len(ln.strip()) for ln in lines if ln.strip())
    # The typical full line width; a line much shorter than it that ends a sentence ends a paragraph.
    full = widths[int(len(widths) * 0.8)] if widths else 0
    paragraphs: list[str] = []
    current: list[str] = []
    for raw in lines:
        line = raw.strip()
        if not line:
            if current:
                paragraphs.append("\n".join(current))
                current = []
            continue
        current.append(line)
        if full and len(line) < 0.75 * full and _SENTENCE_END.search(line):
            paragraphs.append("\n".join(current))
            current = []
    if current:
        paragraphs.append("\n".join(current))
    return paragraphs


_HYPHEN_KEEP = re.compile(r"(\w-)\n")


def _join_lines(paragraph: str) -> str:
    paragraph = _HYPHEN_BREAK.sub(r"\1", paragraph)
    # "Franco-\nGerman": a real hyphen at a line end joins without a space.
    paragraph = _HYPHEN_KEEP.sub(r"\1", paragraph)
    return " ".join(part.strip() for part in paragraph.split("\n") if part.strip())


# Forms drawing forms drawing forms: deeper than this is no real document (pypdf stops on its own).
_MAX_FORM_DEPTH = 12


def _resolved(value: object) -> object:
    return value.get_object() if isinstance(value, IndirectObject) else value


def _form_xobjects(resources: object) -> dict[str, StreamObject]:
    """The form XObjects a content stream can draw, by resource name (images are never unpacked for text)."""
    resources = _resolved(resources)
    if not isinstance(resources, DictionaryObject):
        return {}
    xobjects = _resolved(resources.get("/XObject"))
    if not isinstance(xobjects, DictionaryObject):
        return {}
    forms: dict[str, StreamObject] = {}
    for key, value in xobjects.items():
        obj = _resolved(value)
        if isinstance(obj, StreamObject) and obj.get("/Subtype") == "/Form":
            forms[str(key)] = obj
    return forms


def _content_cost(data: bytes, resources: object, memo: dict[int, int], depth: int = 0) -> int:
    """Bytes pypdf parses to extract the text of one content stream, forms it draws included.

    A form drawn n times is parsed n times; the count of its name in the stream is an upper bound of n
    that costs no parsing (a real document draws its few small forms a few times, so the bound is
    harmless). Unpacking a stream here is what pypdf would do anyway, and it caches the result.
    """
    cost = len(data)
    if depth >= _MAX_FORM_DEPTH or b"Do" not in data:
        return cost
    for key, form in _form_xobjects(resources).items():
        uses = data.count(key.encode("latin-1", "replace"))
        if not uses:
            continue
        ident = id(form)
        if ident not in memo:
            memo[ident] = 0  # a form that draws itself is cut off here, as pypdf does
            memo[ident] = _content_cost(form.get_data(), form.get("/Resources"), memo, depth + 1)
        cost += uses * memo[ident]
        if cost > MAX_PDF_CONTENT_BYTES:
            break
    return cost


def _page_cost(page: PageObject, memo: dict[int, int]) -> int:
    contents = page.get_contents()
    if contents is None:
        return 0
    return _content_cost(contents.get_data(), page.get("/Resources"), memo)


def _too_much_content(name: str, what: str) -> ImportFailed:
    return ImportFailed(
        f"{name}: {what}; no article needs that much, and such files are made to freeze the programs that "
        "open them, so it is not imported. If it is a real document, save only the article's pages as a "
        "new PDF, or copy the article text and paste it instead."
    )


# What pypdf says when unpacking a stream hit one of its limits (its filters module); every other
# LimitReachedError is about the file's structure, not its compressed parts.
_UNPACKING_LIMITS = ("decompress", "decoding", "filter", "row length", "columns", "color value", "jbig2")


def _limit_reached(exc: LimitReachedError, where: str) -> str:
    """What the file does that pypdf's limit stopped, in the journalist's words; ``where`` is "it" or
    "page N"."""
    said = str(exc).lower()
    if "page tree depth" in said:
        # Pages inside pages inside pages: pypdf stops at 100 levels, real documents use two or three.
        return "its pages are nested inside each other more than 100 levels deep"
    if "page tree" in said:
        # More than 100,000 entries in its list of pages (or pages copied millions of times over).
        return "its list of pages is longer than any real document's (more than 100,000 entries)"
    if any(word in said for word in _UNPACKING_LIMITS):
        return f"{where} holds a compressed part that unpacks to an enormous size"
    return f"{where} is built larger or deeper than any real document ({detail(exc)})"


def _check_content_budget(reader: PdfReader, name: str) -> None:
    """Refuse the file before any text is extracted if its pages would take too much reading (see
    ``_content_cost``). Unpacked streams stay cached in pypdf, so extraction does not unpack them again."""
    memo: dict[int, int] = {}
    total = 0
    for number, page in enumerate(reader.pages, start=1):
        try:
            total += _page_cost(page, memo)
        except LimitReachedError as exc:
            raise _too_much_content(name, _limit_reached(exc, f"page {number}")) from exc
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
            continue  # a damaged page: reading its text fails on its own, with a warning
        if total > MAX_PDF_CONTENT_BYTES:
            raise _too_much_content(
                name, f"reading its text would mean unpacking more than {MAX_PDF_CONTENT_BYTES // 2**20} MB "
                f"of drawing instructions (by page {number})")


def _read_pdf(data: bytes, name: str) -> tuple[list[tuple[list[str], list[float] | None]], str, str, list[str], int]:
    """The raw lines of each page, title, author, warnings and the number of unreadable pages."""
    if b"%PDF-" not in data[:1024]:
        raise ImportFailed(f"{name}: this is not a PDF file (it does not start with the PDF signature).")
    warnings: list[str] = []
    with capture_pypdf_log() as log:
        try:
            reader = PdfReader(BytesIO(data), strict=False)
            if reader.is_encrypted:
                # Many PDFs are "encrypted" only against printing or copying, with an empty open
                # password; those we can read. A real open password we cannot.
                try:
                    ok = reader.decrypt("")
                except (PyPdfError, NotImplementedError) as exc:
                    raise ImportFailed(
                        f"{name}: the PDF is encrypted in a way that cannot be opened here ({detail(exc)})."
                    ) from exc
                if not ok:
                    raise ImportFailed(
                        f"{name}: the PDF is password-protected. Open it in a PDF reader, "
                        "save an unprotected copy, and import that."
                    )
            n_pages = len(reader.pages)
            if n_pages > MAX_PDF_PAGES:
                raise ImportFailed(
                    f"{name}: the PDF has {n_pages:,} pages; documents longer than {MAX_PDF_PAGES:,} "
                    "pages are not imported as articles."
                )
            _check_content_budget(reader, name)
            raw_pages: list[tuple[list[str], list[float] | None]] = []
            unreadable = 0
            for number, page in enumerate(reader.pages, start=1):
                try:
                    raw_pages.append(_page_lines(page))
                except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
                    # One damaged page (or one nested absurdly deep) should not cost the journalist the rest.
                    warnings.append(f"{name}: the text of page {number} could not be read ({detail(exc)}).")
                    unreadable += 1
                    raw_pages.append(([], None))
            # Title and author only: a PDF's creation date is usually when someone printed the page,
            # not when the article ran, so it would be a misleading "published" date.
            meta = reader.metadata
            title = meta.title if meta else ""
            author = meta.author if meta else ""
        except ImportFailed:
            raise
        except LimitReachedError as exc:
            raise _too_much_content(name, _limit_reached(exc, "it")) from exc
        except FileNotDecryptedError as exc:
            raise ImportFailed(f"{name}: the PDF is password-protected and cannot be read.") from exc
        except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError,
                RecursionError) as exc:
            raise ImportFailed(f"{name}: the PDF is damaged and cannot be read ({detail(exc)}).") from exc
    if log.messages:
        # One readable warning; pypdf's own wording goes in brackets for whoever needs to dig.
        warnings.append(
            f"{name}: the PDF file is damaged; its text was recovered but may be incomplete "
            f"(pypdf: {'; '.join(log.messages)})."
        )
    return raw_pages, title or "", author or "", warnings, unreadable


def pdf_article(data: bytes, name: str) -> ImportedArticle:
    """A PDF file's bytes as an article."""
    raw_pages, title, author, warnings, unreadable = _read_pdf(data, name)
    pages, _dropped = _drop_page_furniture(_mark_blocks(raw_pages))
    paragraphs = [_join_lines(p) for lines in pages for p in _paragraphs(lines)]
    # A paragraph split by a page break: join it back when the page ended mid-sentence.
    merged: list[str] = []
    for para in paragraphs:
        if merged and not _SENTENCE_END.search(merged[-1]) and para[:1].islower():
            merged[-1] = _HYPHEN_BREAK.sub(r"\1", merged[-1] + "\n" + para).replace("\n", " ")
        else:
            merged.append(para)
    text = "\n\n".join(merged)
    return finish_article(
        text,
        name,
        fmt="pdf",
        title=title,
        file_author=author,  # the PDF's Author property: often whoever made the file, not the byline
        warnings=warnings,
        empty_message=(
            f"{name}: the PDF is damaged: the text of its pages could not be read."
            if raw_pages and unreadable == len(raw_pages)
            else f"{name}: the PDF contains no text (it may be a scan, i.e. only images). Run it through "
            "OCR, or copy the article text and paste it instead."
        ),
    )


def pdf_pages(data: bytes, name: str) -> list[str]:
    """A PDF's text page by page (furniture dropped, paragraphs rebuilt, nothing joined across pages), for
    sources quoted by page ("p. 12"). An empty string stands for a page without text. Raises
    ``NoSourceText`` when no page has text (a scan), and ``ImportFailed`` as ``pdf_article`` does."""
    if len(data) > MAX_FILE_BYTES:
        raise ImportFailed(f"{name}: the file is {len(data) / 1e6:.0f} MB; files larger than "
                           f"{MAX_FILE_BYTES / 1e6:.0f} MB are not read.")
    raw_pages, _title, _author, _warnings, unreadable = _read_pdf(data, name)
    pages, _dropped = _drop_page_furniture(_mark_blocks(raw_pages))
    texts = [normalise_text("\n\n".join(_join_lines(p) for p in _paragraphs(lines))) for lines in pages]
    if not any(texts):
        if raw_pages and unreadable == len(raw_pages):
            raise NoSourceText(f"{name}: the PDF is damaged: the text of its pages could not be read; this "
                               "source has no text to compare with.")
        raise NoSourceText(f"{name}: the PDF contains no text (it may be a scan, i.e. only images); this source "
                           "has no text to compare with. Run it through OCR first.")
    return texts


__all__ = ["capture_pypdf_log", "pdf_article", "pdf_pages"]
