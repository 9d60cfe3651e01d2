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

from workbench.core.dates import MONTHS, WEEKDAYS
from workbench.core.errors import ImportFailed
from workbench.core.urls import is_web_address
from workbench.importers.datelines import guess_title, read_opening, spoken, spoken_date

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
    format: str = ""  # "txt", "md", "html", "mhtml", "pdf", "docx", "clipboard"
    warnings: list[str] = field(default_factory=list)


def detail(exc: BaseException, limit: int = 200) -> str:
    """A library's error message as a short single line, for the brackets of an ImportFailed message:
    parsers report multi-line, sometimes huge, text that would break a one-line message."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


def sha256_hex(data: bytes) -> str:
    """Hex sha256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")
# Starts only at the start of a run of blanks, so a long run that ends without a newline is scanned once.
_TRAILING_SPACE = re.compile(r"(?<![ \t\u00a0])[ \t\u00a0]++\n")


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


# Limits of the container formats, checked before the parser sees the file.
MAX_PDF_PAGES = 2_000
# Drawing instructions (page content and the forms it draws) read from one PDF, counted as unpacked bytes
# each time a page or form uses them. Text pages take some 5-100 KB each; a few tiny streams that
# unpack (or are reused) into gigabytes would otherwise keep the importer busy for hours.
MAX_PDF_CONTENT_BYTES = 64 * 1024 * 1024
# A .docx is a zip: these guard against "zip bombs" (tiny files that expand to gigabytes).
MAX_DOCX_UNCOMPRESSED = 300 * 1024 * 1024
MAX_DOCX_RATIO = 100  # uncompressed/compressed; real Word files stay well under 20
MAX_DOCX_ENTRIES = 10_000

# Values that office tools and generators write into document properties when nobody typed one;
# showing them as the article's author or title would be wrong.
PLACEHOLDER_METADATA = frozenset(
    {
        "",
        "python-docx",
        "author",
        "user",
        "windows user",
        "microsoft office user",
        "unknown",
        "untitled",
        "administrator",
        "admin",
        "owner",
        "document",
        "microsoft word - document1",
    }
)


def clean_meta(value: object) -> str:
    """A metadata value as a one-line string, or "" for missing and tool-placeholder values."""
    if value is None:
        return ""
    # Control characters (a NUL in a Markdown heading, an escape in a PDF's title) are dropped like in the text.
    text = " ".join(_CONTROL.sub("", str(value)).split())
    return "" if text.lower() in PLACEHOLDER_METADATA else text


# A copyright notice where an outlet's name belongs (a page's <meta name="copyright"> read as its site name):
# "© 2000 Rural Press Ltd.", "© MMVIII, CBS Corporation. All Rights Reserved.", "Copyright 2003 - 2019 by X"
# (4 % of the outlets read from 730 real pages of the importer's development sets).
_COPYRIGHT = re.compile(
    r"^(?:copyright\b[\s.,:]*)?(?:(?:©|\(c\))[\s.,:]*)*"
    r"(?:(?:\d{4}|[MDCLXVI]{4,})(?:\s*[-–]\s*\d{4})?[\s.,:]*)?(?:by\s+)?", re.I)
_AFTER_NAME = re.compile(r"(?:[\s.,;|-]*all rights reserved\.?|[\s,]+\d{4})\s*$", re.I)


def outlet_name(value: object) -> str:
    """An outlet's name from metadata: ``clean_meta``, and a copyright notice reduced to the name it holds."""
    text = clean_meta(value)
    m = _COPYRIGHT.match(text)
    notice = m[0].lower()
    if not ("©" in notice or "(c)" in notice or (notice.startswith("copyright") and any(c.isdigit() for c in notice))):
        return text  # "Copyright Agency Ltd", "2024 Review": names
    return _AFTER_NAME.sub("", text[m.end() :]).lstrip(" .,;:|-").rstrip(" ,;:|-")


# What pages put into their author metadata beside the names (seen on the importer's 730 real dev pages):
# labels before a name, another credit after it, and the date it was cut from.
_AUTHOR_LABEL = re.compile(r"^(?:view all posts by|posted by|written by|autor(?:in)?|author|by|von|par|por|door)\b"
                           r"[\s:]*", re.I)
_OTHER_CREDIT = re.compile(r"\s+(?:edited|photos?|illustrations?|additional reporting) by\b.*$", re.I)
_DATE_WORDS = frozenset(MONTHS) | WEEKDAYS | {"published", "updated", "last", "posted", "on", "am", "at"}
# Words that name no one: labels, and the placeholders of a site's log-in box that author rules pick up
# ("Username" on two Washington Post pages, "Wordpressadmin", "Name" among 730 real dev pages).
_NO_NAMES = frozenset({
    "follow author", "file", "staff", "editor", "admin", "administrator", "wordpressadmin", "author", "autor",
    "auteur", "作者", "username", "user name", "user", "name", "guest", "anonymous",
})


def author_names(value: object) -> str:
    """The author metadata of a page or file as names: ``clean_meta``, then for each "; "-separated name
    its label ("Autor john", "View all posts by X") and other credits ("X Edited by Y") taken off, a date word
    it was cut from dropped ("Joshua Sokol May", "Joe Wee Monday"), and what names no one ("Jan 4",
    "Follow Author", the same name again in capitals) left out."""
    names: list[str] = []
    for index, part in enumerate(clean_meta(value).split(";")):
        name = part.strip()
        if index and name.split()[-1:] and name.split()[-1].lower() in _ROLE_NOUNS:
            continue  # "Name, Title" bylines: "Chris Foster; Los Angeles Times Staff Writer"
        unlabelled = _AUTHOR_LABEL.sub("", name)
        if len(unlabelled.split()) >= 2 or name.lower().startswith(("autor", "author")):
            name = unlabelled  # ("Von Miller" is a name, not "by Miller")
        name = _OTHER_CREDIT.sub("", name).strip(" ,|@-")
        words = _without_role(name).split()
        if len(words) >= 3 and words[-1][:1].isupper() and words[-1].lower().rstrip(".") in _DATE_WORDS:
            words.pop()  # a month after a full name is the date the byline was cut from ("Theresa May" stays)
        if not words or all(w.lower().rstrip(".,") in _DATE_WORDS or w.isdigit() for w in words):
            continue
        name = _proper_case(" ".join(words))
        if name.lower() in _NO_NAMES or len(name) < 2 or (len(name) == 2 and name.isascii() and not name.isupper()):
            continue
        if name.casefold() not in (n.casefold() for n in names):
            names.append(name)
    return "; ".join(names)


# A byline's job title after the name ("Marc Katz Staff Writer", "Michelle Shephard National Security Reporter",
# "JASON STRAZIUSO Associated Press Writer") or as a name of its own ("Phil Collin; Staff Writer", "Deputy Business
# Editor"): 18 of 751 real Readability.js and L3S-GN1 pages' authors. The title ends with one of _ROLE_NOUNS and
# starts at one of _ROLE_STARTS, at an agency's initials, or two words before its end.
_ROLE_NOUNS = frozenset({"writer", "editor", "reporter", "correspondent", "columnist", "contributor", "producer"})
_ROLE_STARTS = frozenset({
    "staff", "deputy", "senior", "chief", "our", "special", "contributing", "associate", "assistant", "managing",
    "executive", "political", "business", "national", "foreign", "diplomatic", "sports", "science", "health",
    "education", "entertainment", "daily", "associated", "news", "times", "press",
})


def _without_role(name: str) -> str:
    """A byline's name without the job title after it; "" when it is only a title ("Our Special Correspondent")."""
    words = name.split()
    if len(words) < 2 or words[-1].lower() not in _ROLE_NOUNS:
        return name
    cut = max(len(words) - 2, 0)
    for i, word in enumerate(words[:cut]):
        agency = i >= 2 and word.isupper() and len(word) <= 4  # "Tom James PA SportsTicker Contributing Writer"
        if word.lower() in _ROLE_STARTS or agency:
            cut = i
            break
    return " ".join(words[:cut]) if cut >= 2 else ""


def _without_outlet(names: str, outlet: str) -> str:
    """Author names without the outlet's name a byline ran on ("Helen Briggs BBC News": the outlet has a field
    of its own; 4 of 730 real dev pages' authors)."""
    if not outlet or not names:
        return names
    end = " " + outlet.casefold()
    return "; ".join(n[: -len(end)] if n.casefold().endswith(end) and len(n[: -len(end)].split()) >= 2 else n
                     for n in names.split("; "))


def _proper_case(name: str) -> str:
    """A name a byline writes in capitals as a name is written ("NATALIYA VASILYEVA" → "Nataliya Vasilyeva",
    "BETSY MCKAY" → "Betsy McKay", "THE ASSOCIATED PRESS"; 25 of 730 real dev pages' authors); an agency's
    initials ("AFP", "CP") and names not all in capitals stay as they are."""
    # "JEFFREY McMURRAY": a byline in capitals keeps the lower-case "c" of "Mc" (a real AP byline)
    capitals = _MC.sub("MC", name)
    if not capitals.isupper() or (" " not in name and len(name) <= 4):
        return name
    return _CAPITALS_WORD.sub(_word_case, capitals)


_MC = re.compile(r"\bMc(?=[A-Z]{2})")


_CAPITALS_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def _word_case(m: re.Match[str]) -> str:
    word = m.group()
    if len(word) > 3 and word.startswith("MC"):
        return "Mc" + word[2:].capitalize()  # McKay, McClatchy
    if word[1:2] in ("'", "’"):
        return word[:2] + word[2:].capitalize()  # O'Brien
    return word.capitalize()


# "Headline | Outlet", "Headline - Outlet", "Headline · Outlet": a page title's separator before the site's name.
_TITLE_SEPARATOR = re.compile(r"\s+[-|–—·»:]\s+")


def headline_of(title: str, outlet: str, author: str = "") -> str:
    """The headline of a page's title: without the outlet's name it ends with ("Minister denies report | The
    Daily Ledger": the outlet has a field of its own; 15 of 730 real dev pages' titles), without the author's
    name it ends with ("… whale strandings | Eleanor Ainge Roy": 2 of 730; ``author`` as ``author_names``
    gives it) and without a trail of
    section names ("Kemble quits as Kiwi coach - World - Sport - Northern News": two or more parts of at most
    two words at the end; a single "Minecraft 1.8 - The Bountiful Update" is a title)."""
    cuts = list(_TITLE_SEPARATOR.finditer(title))
    parts = _TITLE_SEPARATOR.split(title)  # one more than the cuts
    keep = len(parts)
    if outlet and keep > 1 and parts[-1].casefold() == outlet.casefold():
        keep -= 1
    if author and keep > 1 and parts[keep - 1].strip().casefold() in author.casefold().split("; "):
        keep -= 1
    short = 0
    while short < keep - 1 and len(parts[keep - 1 - short].split()) <= 2:
        short += 1
    if short >= 2 and len(" ".join(parts[: keep - short]).split()) >= 3:
        keep -= short
    return title if keep == len(parts) else title[: cuts[keep - 1].start()].rstrip()


def web_url(value: object) -> str:
    """An article's address if it is a web address (http/https), else "": a ``javascript:``, ``data:`` or
    ``file:`` address from a hostile page's markup must never become a link anywhere in the app."""
    url = clean_meta(value)
    return url if is_web_address(url) else ""


def finish_article(
    raw_text: str,
    name: str,
    *,
    fmt: str,
    title: str = "",
    outlet: str = "",
    author: str = "",
    published: str = "",
    url: str = "",
    language: str = "",
    file_author: str = "",
    file_date: str = "",
    warnings: list[str] | None = None,
    empty_message: str | None = None,
) -> ImportedArticle:
    """The common last step of every importer: normalise the text, read its opening (headline, byline,
    dateline: ``datelines.read_opening``) for what the metadata lacks, drop a leading copy of a metadata
    title, and check the result.

    ``title``, ``outlet``, ``author`` and ``published`` are the source's own metadata and win over the
    opening; ``file_author`` and ``file_date`` are a file's properties (who saved the Word file, when), which
    say less about the article than its byline and dateline, so they count only when those are missing.
    Doing this in one place is what makes "the same words give the same stored text" hold across
    formats, which the claim anchors depend on. The opening is only read: a dateline stays in the text.
    """
    body = normalise_text(raw_text)
    if not body:
        raise ImportFailed(empty_message or f"{name}: the file has no text.")
    if len(body) > MAX_TEXT_CHARS:
        raise ImportFailed(
            f"{name}: the text is {len(body):,} characters long; articles longer than "
            f"{MAX_TEXT_CHARS:,} characters are not imported."
        )
    opening = read_opening(body)
    outlet = outlet_name(outlet) or opening.outlet
    author = _without_outlet(author_names(author), outlet)
    title = headline_of(clean_meta(title), outlet, author)
    # A title repeated as the first line of the body (a heading in a .md/.docx/PDF) is metadata,
    # not article text; keep the body if the title was all there was.
    if title and body.startswith(title) and body[len(title) : len(title) + 1] in ("", "\n"):
        body = normalise_text(body[len(title) :]) or body
    warnings = list(warnings or [])
    published = published or opening.published or file_date
    if opening.other_reading and published == opening.published:
        warnings.append(f"{name}: the dateline's date {spoken_date(published)} could also be read as "
                        f"{spoken_date(opening.other_reading)} (day and month both 12 or less); correct it in "
                        "Article details if so.")
    if opening.undated and not published:
        warnings.append(f"{name}: the dateline gives {spoken(opening.undated)} without a year, so no publication "
                        "date was set; type it in Article details.")
    return ImportedArticle(
        text=body,
        title=title or opening.title or guess_title(body),
        outlet=outlet,
        author=author or author_names(opening.author) or clean_meta(file_author),
        published=published,
        url=web_url(url),
        language=clean_meta(language),
        format=fmt,
        warnings=warnings,
    )
