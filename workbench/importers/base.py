"""The one interface every importer implements: bytes of a file (or clipboard) -> ImportedArticle.

Importers are pure: no Qt, no SQL. They never touch a project; the ops layer decides what to store.
A file that cannot become an article raises ``ImportFailed`` with a message naming the file and
the reason; recoverable oddities (a guessed encoding, a dropped page header) go into ``warnings``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

# One article is at most this much text; bigger files are almost always not articles (logs, dumps, books).
MAX_TEXT_CHARS = 5_000_000
# Raw input limit, checked before any parsing so a huge or hostile file costs nothing.
MAX_FILE_BYTES = 100 * 1024 * 1024


@dataclass(slots=True)
class ImportedArticle:
    """Clean article text plus whatever metadata the source offered."""

    text: str
    title: str = ""
    outlet: str = ""
    author: str = ""
    published: str = ""  # ISO date (YYYY-MM-DD) when known
    url: str = ""
    language: str = ""
    source_file: str = ""  # original file name, without directories
    source_sha256: str = ""  # of the original bytes, for duplicate detection
    format: str = ""  # "txt", "md", "html", "pdf", "docx", "clipboard"
    warnings: list[str] = field(default_factory=list)


def sha256_hex(data: bytes) -> str:
    """Hex sha256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"[ \t\u00a0]+\n")


def normalise_text(text: str) -> str:
    """Text as the project stores it: NFC, ``\\n`` line ends, no control characters, at most one blank
    line between paragraphs, no leading/trailing blank space.

    Stored text never changes after import (claims point into it by offset), so every importer funnels
    through this one function to make the same bytes give the same text.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub("", text)
    text = text.replace("\t", " ")
    text = _TRAILING_SPACE.sub("\n", text)
    text = _MANY_BLANK_LINES.sub("\n\n", text)
    return text.strip()


# A wire-service dateline as a first line, e.g. "date 2024-10-20 (MENAFN)" (MENAFN's export format)
# or "2024-10-20 (Reuters) -". Recognised as date + outlet and removed from the body.
_WIRE_HEADER = re.compile(
    r"^\s*(?:date\s+)?(?P<date>\d{4}-\d{2}-\d{2})\s*\((?P<outlet>[A-Za-z][\w .&'-]{0,40})\)\s*[-\u2013\u2014:]?\s*"
)


def split_wire_header(text: str) -> tuple[str, str, str]:
    """Return ``(body, date, outlet)``; date and outlet are empty when the text has no wire header."""
    m = _WIRE_HEADER.match(text)
    if not m:
        return text, "", ""
    return text[m.end() :], m.group("date"), m.group("outlet").strip()


def guess_title(text: str, limit: int = 120) -> str:
    """A title for an article that has none: its first sentence or line, shortened on a word boundary."""
    first = text.strip().split("\n", 1)[0]
    m = re.match(r"(.+?[.!?])(\s|$)", first)
    title = m.group(1) if m else first
    if len(title) > limit:
        title = title[:limit].rsplit(" ", 1)[0] + "…"
    return title.strip()
