"""File and clipboard importers: every format a journalist has -> ImportedArticle. No Qt, no SQL.

The ops layer and the GUI use only what ``__all__`` lists: ``import_file``, ``import_bytes``,
``import_clipboard``, ``SUPPORTED_SUFFIXES``, ``is_supported`` and ``file_dialog_filter``.
Every failure is an ``ImportFailed`` whose message names the file and says what to do.
"""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

from workbench.core.errors import ImportFailed
from workbench.importers.base import MAX_FILE_BYTES, ImportedArticle, sha256_hex
from workbench.importers.text import decode_text, import_text, text_article

# The HTML, PDF and Word importers are imported on first use: trafilatura, lxml, pypdf and python-docx
# take about half a second to import, which the window must not wait for at start-up. (Plain imports
# inside functions, not importlib, so PyInstaller still finds them.)


def html_article(data: bytes | str, name: str, *, fmt: str = "html", url: str = "") -> ImportedArticle:
    from workbench.importers.html import html_article

    return html_article(data, name, fmt=fmt, url=url)


def pdf_article(data: bytes, name: str) -> ImportedArticle:
    from workbench.importers.pdf import pdf_article

    return pdf_article(data, name)


def docx_article(data: bytes, name: str) -> ImportedArticle:
    from workbench.importers.docx import docx_article

    return docx_article(data, name)


def _mhtml_article(data: bytes, name: str) -> ImportedArticle:
    from workbench.importers.html import mhtml_to_html

    html, url = mhtml_to_html(data, name)
    return html_article(html, name, fmt="mhtml", url=url)


_IMPORTERS: dict[str, Callable[[bytes, str], ImportedArticle]] = {
    ".txt": import_text,
    ".text": import_text,
    ".md": lambda data, name: import_text(data, name, markdown=True),
    ".markdown": lambda data, name: import_text(data, name, markdown=True),
    ".html": html_article,
    ".htm": html_article,
    ".xhtml": html_article,
    ".mhtml": _mhtml_article,
    ".mht": _mhtml_article,
    ".pdf": pdf_article,
    ".docx": docx_article,
}

SUPPORTED_SUFFIXES = tuple(_IMPORTERS)

# File signatures of formats people often rename by mistake, so a ".txt" that is really a PDF gets a
# message that says so instead of pages of mojibake.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document (rename it to .pdf)"),
    (b"PK\x03\x04", "a zip archive or Word/Office document (a .docx should keep its .docx name)"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document (.doc/.xls); save it as .docx"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"{\\rtf", "an RTF document; save it as .docx or .txt"),
    (b"SQLite format 3\x00", "a database file"),
)


def is_supported(name: str | Path) -> bool:
    """Whether a file of this name can be imported (by its suffix, case-insensitive)."""
    return Path(name).suffix.lower() in _IMPORTERS


def file_dialog_filter() -> str:
    """A Qt file-dialog filter string listing every importable type."""
    patterns = " ".join(f"*{suffix}" for suffix in SUPPORTED_SUFFIXES)
    return f"Articles ({patterns});;All files (*)"


def _importer_for(name: str | Path) -> Callable[[bytes, str], ImportedArticle]:
    suffix = Path(name).suffix.lower()
    importer = _IMPORTERS.get(suffix)
    if importer is None:
        known = ", ".join(SUPPORTED_SUFFIXES)
        raise ImportFailed(
            f"{_display_name(name)}: files of type '{suffix or 'none'}' cannot be imported (supported: {known})."
        )
    return importer


def _sniff(data: bytes) -> str:
    head = data[:32]
    for magic, what in _SIGNATURES:
        if head.startswith(magic):
            return what
    return ""


def _display_name(name: str | Path) -> str:
    # A file name goes into one-line messages and the stored article: no newline, NUL or bidi override in it.
    shown = "".join(ch for ch in Path(name).name if ch.isprintable()) or "file"
    return shown


def import_bytes(data: bytes, name: str) -> ImportedArticle:
    """Turn a file's bytes into an article, choosing the importer by the file name's suffix."""
    display = _display_name(name)
    suffix = Path(name).suffix.lower()
    importer = _importer_for(name)
    if len(data) > MAX_FILE_BYTES:
        raise ImportFailed(
            f"{display}: the file is {len(data) / 1e6:.0f} MB; articles larger than "
            f"{MAX_FILE_BYTES / 1e6:.0f} MB are not imported."
        )
    if not data.strip():
        raise ImportFailed(f"{display}: the file is empty.")
    if suffix in (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".mhtml", ".mht"):
        what = _sniff(data)
        if what:
            raise ImportFailed(f"{display}: this is not a text file but {what}.")
    try:
        article = importer(data, display)
    except RecursionError as exc:
        # Parsers written in Python recurse into nested structures; a file nested thousands of levels deep
        # is hostile or broken, never an article.
        raise ImportFailed(f"{display}: the file is nested too deeply to be read; it is not imported.") from exc
    except MemoryError as exc:
        raise ImportFailed(f"{display}: reading the file needs more memory than is available; "
                           "it is not imported.") from exc
    article.source_file = display
    article.source_sha256 = sha256_hex(data)
    return article


def import_file(path: str | Path) -> ImportedArticle:
    """Read and import one file; size is checked before reading so a huge file costs nothing."""
    path = Path(path)
    shown = _display_name(path)
    # Refuse an unknown type before reading: a 4 GB video dropped on the window should cost nothing.
    _importer_for(path)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise ImportFailed(f"{shown}: cannot be read (it is a folder; import the files inside it).")
        if not stat.S_ISREG(info.st_mode):
            # A device or pipe (/dev/zero, a FIFO) reports size 0 and never ends, or blocks forever.
            raise ImportFailed(f"{shown}: cannot be read (it is a device or pipe, not a file).")
        if info.st_size > MAX_FILE_BYTES:
            raise ImportFailed(
                f"{shown}: the file is {info.st_size / 1e6:.0f} MB; articles larger than "
                f"{MAX_FILE_BYTES / 1e6:.0f} MB are not imported."
            )
        with path.open("rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)  # it may have grown since stat(); import_bytes refuses that
    except OSError as exc:
        raise ImportFailed(f"{shown}: cannot be read ({exc.strerror or exc}).") from exc
    return import_bytes(data, path.name)


_CLIPBOARD = "Clipboard"


def import_clipboard(html: str | None, text: str | None) -> ImportedArticle:
    """The clipboard as an article: its HTML (a selection copied from a browser) through the web-page
    importer, else its plain text through the text importer. ``format`` is "clipboard".

    HTML is preferred because it carries structure and metadata; if it yields no article text (a
    copied fragment too small for the main-text detector) the plain text is used instead.
    """
    size = max(len(html or ""), len(text or ""))
    if size > MAX_FILE_BYTES:
        # Same limit as for files: a clipboard holding a whole database dump is not an article.
        raise ImportFailed(f"Clipboard: the copied content is {size / 1e6:.0f} million characters; articles "
                           f"larger than {MAX_FILE_BYTES / 1e6:.0f} MB are not imported.")
    article: ImportedArticle | None = None
    failure: ImportFailed | None = None
    if html and html.strip():
        try:
            article = html_article(_as_document(html), _CLIPBOARD, fmt="clipboard")
        except ImportFailed as exc:
            failure = exc
        if article is not None and text and text.strip():
            # The main-text detector may drop a short selection's lines that the person chose to copy;
            # when the HTML gave clearly less than the plain text, the plain text is what they meant.
            plain = text_article(text, _CLIPBOARD, fmt="clipboard")
            if len(article.text) < 0.6 * len(plain.text):
                # keep what the page's markup told us about where the text came from
                for attr in ("outlet", "author", "published", "url", "language"):
                    setattr(plain, attr, getattr(plain, attr) or getattr(article, attr))
                article = plain
    if article is None and text and text.strip():
        article = text_article(text, _CLIPBOARD, fmt="clipboard")
    if article is None:
        if failure is not None:
            raise failure
        raise ImportFailed("Clipboard: there is no text on the clipboard. Copy the article text first.")
    data = (html or text or "").encode("utf-8")
    article.source_file = ""
    article.source_sha256 = sha256_hex(data)
    return article


def _as_document(html: str) -> str:
    # Browsers put a bare fragment (with a "StartFragment" marker on Windows) on the clipboard;
    # trafilatura wants a whole document, so wrap a fragment in one.
    if "<body" in html[:5000].lower() or "<html" in html[:5000].lower():
        return html
    return f"<html><body><article>{html}</article></body></html>"


__all__ = [
    "SUPPORTED_SUFFIXES",
    "ImportFailed",
    "ImportedArticle",
    "decode_text",
    "file_dialog_filter",
    "import_bytes",
    "import_clipboard",
    "import_file",
    "is_supported",
]
