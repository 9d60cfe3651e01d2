"""Reading files of published fact-checks into ``FactCheck`` records, whatever form a fact-checker has them in.

- schema.org **ClaimReview** JSON-LD: one object, a list, an ``@graph``, a ``DataFeed`` of them, or any
  JSON that holds ClaimReview objects somewhere inside (the project's own ClaimReview export is such a list);
- **saved web pages** (``.html``) with ClaimReview in ``<script type="application/ld+json">``;
- the **Google Fact Check Tools** API response (``{"claims": [{"text", "claimant", "claimDate",
  "claimReview": [...]}]}``), one response, a list of them, or one per line;
- **CSV** (or tab/semicolon separated) with a header naming at least a ``claim`` column; ``claimant``,
  ``date``, ``rating``, ``publisher``, ``url`` are recognised (and common other names for them), other
  columns are kept as they are.

The kind is told from the content, not the file name. A record that cannot be used is reported with its
place and reason and skipped; a file of another kind raises ``ImportFailed`` saying what it is. Input is
treated as hostile: sizes are capped before parsing, nothing is fetched (a JSON-LD ``@context`` is never
resolved), and web pages go through the standard library's HTML tokenizer, which expands no entities
beyond HTML's own character references and leaves script contents untouched.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from workbench.core.dates import find_date
from workbench.core.errors import ImportFailed, reading_file
from workbench.core.urls import is_web_address
from workbench.factchecks.model import LOCAL_KEY_PREFIX, FactCheck, Skipped

# Checked before anything is parsed. A JSON file is parsed whole (Python objects take ~8x the bytes);
# 256 MiB holds about 400,000 fact-checks in Google's format. A saved page is never that big.
MAX_JSON_BYTES = 256 * 1024 * 1024
MAX_CSV_BYTES = 512 * 1024 * 1024
MAX_HTML_BYTES = 32 * 1024 * 1024
MAX_SCRIPTS = 200  # ld+json blocks read from one page
MAX_CLAIM_CHARS = 10_000  # longer is an article or a dump, not a claim
MAX_FIELD_CHARS = 2_000  # names, titles, ratings are cut here (with "…")
MAX_URL_CHARS = 2_048
MAX_EXTRA_COLUMNS = 50
MAX_SKIPS_KEPT = 1_000  # per file: a file of 200,000 bad rows reports the first thousand, and a count

KIND_CLAIMREVIEW = "ClaimReview JSON-LD"
KIND_PAGE = "web page with ClaimReview"
KIND_GOOGLE = "Google Fact Check Tools"
KIND_CSV = "CSV table"

WHAT_WE_READ = ("The library reads schema.org ClaimReview (JSON-LD files, or saved web pages that carry it), "
                "Google Fact Check Tools results (JSON), and CSV tables with a 'claim' column.")


@dataclass(slots=True)
class Parsed:
    """What one file gave: its kind, the usable records in file order, and the skipped ones."""

    kind: str
    records: list[FactCheck] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    skipped_count: int = 0  # all skips, including those beyond MAX_SKIPS_KEPT

    def skip(self, file: str, where: str, reason: str) -> None:
        self.skipped_count += 1
        if len(self.skipped) < MAX_SKIPS_KEPT:
            self.skipped.append(Skipped(file, where, reason))


class _Bad(ValueError):
    """One record cannot be used; the message is the reason shown to the journalist."""


# -- entry points --------------------------------------------------------------------------------------


def read_file(path: str | Path) -> Parsed:
    """Read one file of fact-checks. Raises ImportFailed (naming the file) when it cannot be read at all."""
    path = Path(path)
    name = path.name
    with reading_file(name, ImportFailed, "is a folder; choose the files in it."):
        size = path.stat().st_size
        if path.is_dir():
            raise IsADirectoryError
        if size > MAX_CSV_BYTES:
            raise ImportFailed(f"{name}: is too large ({size / 2**20:,.0f} MB) to be a file of fact-checks.")
        data = path.read_bytes()
    return read_bytes(data, name)


def read_bytes(data: bytes, name: str) -> Parsed:
    """Parse the bytes of a file called ``name`` (used for messages and the CSV/HTML hint only)."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    what = _binary_kind(head)
    if what:
        raise ImportFailed(f"{name}: is {what}, not a file of fact-checks. {WHAT_WE_READ}")
    if not head:
        raise ImportFailed(f"{name}: is empty.")
    suffix = Path(name).suffix.lower()
    if head[:1] in (b"{", b"["):
        _check_size(data, name, MAX_JSON_BYTES)
        return _read_json(data, name)
    if head[:1] == b"<":
        _check_size(data, name, MAX_HTML_BYTES)
        return _read_page(data, name)
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = data.decode("utf-16", errors="replace").lstrip("\ufeff \t\r\n")
        return read_bytes(text.encode("utf-8"), name)
    if suffix in (".json", ".jsonld", ".html", ".htm"):
        raise ImportFailed(f"{name}: does not start like {suffix[1:].upper()}; the file is damaged or of another "
                           f"kind. {WHAT_WE_READ}")
    return _read_csv(data, name)


def _check_size(data: bytes, name: str, limit: int) -> None:
    if len(data) > limit:
        raise ImportFailed(f"{name}: is too large ({len(data) / 2**20:,.0f} MB; at most {limit / 2**20:,.0f} MB "
                           "for this kind of file). Split it into smaller files.")


def _binary_kind(head: bytes) -> str:
    if head.startswith(b"%PDF"):
        return "a PDF document"
    if head.startswith(b"PK\x03\x04"):
        return "a ZIP archive (or a Word, Excel or OpenDocument file)"
    if head.startswith(b"SQLite format 3\x00"):
        return "a database (a project, a fact-check library or another program's file)"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"RIFF")):
        return "an image or media file"
    if head.startswith((b"\x1f\x8b", b"BZh", b"\xfd7zXZ")):
        return "a compressed file; unpack it first"
    if b"\x00" in head[:1024] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "a binary file"
    return ""


# -- small value helpers -------------------------------------------------------------------------------

_SPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(value: Any, limit: int = MAX_FIELD_CHARS) -> str:
    """One line of text: NFC, no control characters, single spaces, at most ``limit`` characters."""
    if value is None or isinstance(value, (dict, list, bool)):
        return ""
    text = unicodedata.normalize("NFC", str(value))
    text = _SPACE.sub(" ", _CONTROL.sub("", text)).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _literal(value: Any, keep: Callable[[Any], str]) -> str:
    """A JSON-LD literal as ``keep`` gives it: a string, a number, ``{"@value": ...}``, or the first item of a
    list that ``keep`` leaves non-empty."""
    if isinstance(value, list):
        return next((found for found in (_literal(item, keep) for item in value) if found), "")
    if isinstance(value, dict):
        return _literal(value.get("@value", ""), keep)
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return keep(value)
    return ""


def _text(value: Any) -> str:
    """A JSON-LD literal, cleaned and cut at MAX_FIELD_CHARS (``_literal``)."""
    return _literal(value, clean)


def _name(value: Any) -> str:
    """The name of a JSON-LD thing (Person, Organization...), a plain string, or the names of a list."""
    if isinstance(value, list):
        names = [n for n in (_name(v) for v in value[:20]) if n]
        return clean(", ".join(dict.fromkeys(names)))
    if isinstance(value, dict):
        for key in ("name", "alternateName", "legalName", "@value"):
            found = _text(value.get(key))
            if found:
                return found
        return ""
    return _text(value)


def _url_of(value: Any) -> str:
    """The first web address in a JSON-LD value: a string, ``{"url": ...}``/``{"@id": ...}``, or a list."""
    if isinstance(value, list):
        for item in value[:50]:
            found = _url_of(item)
            if found:
                return found
        return ""
    if isinstance(value, dict):
        return _url_of(value.get("url")) or _url_of(value.get("@id"))
    text = _text(value)
    return text if _is_web_address(text) else ""


def _is_web_address(text: str) -> bool:
    return len(text) <= MAX_URL_CHARS and " " not in text and is_web_address(text)


def _site(url: str) -> str:
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host[4:] if host.startswith("www.") else host


def _number(value: Any) -> float | None:
    text = _text(value)
    try:
        number = float(text)
    except ValueError:
        return None
    return number if number == number and abs(number) < 1e12 else None  # not NaN, not absurd


def iso_date(value: Any) -> str:
    """The date a fact-check file gives, as the app stores dates (``core.dates``: ISO, or a partial ISO
    date), also when written inside a sentence (PolitiFact's "stated on October 22, 2012 in ..."); a date
    that cannot be read, or reads two ways (05/06/2019), stays as written so nothing the source said is lost."""
    text = _text(value)
    return (find_date(text) or text[:40]) if text else ""


def _raw(value: Any) -> str:
    """The first string of a JSON-LD literal that is not blank, uncut (``_text`` cuts at MAX_FIELD_CHARS)."""
    return _literal(value, lambda v: text if (text := str(v)).strip() else "")


def _claim_text(value: Any) -> str:
    raw = _raw(value)
    if len(raw) > MAX_CLAIM_CHARS * 4:
        raise _Bad(f"the claim is longer than {MAX_CLAIM_CHARS:,} characters")
    text = clean(raw, limit=MAX_CLAIM_CHARS * 4)
    if not text:
        raise _Bad("no claim text")
    if len(text) > MAX_CLAIM_CHARS:
        raise _Bad(f"the claim is longer than {MAX_CLAIM_CHARS:,} characters")
    return text


def _key(url: str, identifier: str, claim: str, publisher: str, date: str) -> str:
    """The library key: the review's address; for a review never published, its identifier (the project's
    export gives each claim's id) or, lacking one, a digest of what it says, so importing it again updates it."""
    if url:
        return url
    if identifier:
        return LOCAL_KEY_PREFIX + clean(identifier, 200)
    digest = hashlib.sha1(f"{publisher}\x1f{claim}\x1f{date}".encode()).hexdigest()
    return f"urn:fact-check-workbench:sha1:{digest}"


def _review_url(value: Any) -> str:
    text = _text(value)
    if not text:
        return ""
    if not _is_web_address(text):
        raise _Bad(f"its url “{clean(text, 80)}” is not a web address")
    return text


# -- JSON: ClaimReview and Google Fact Check Tools ------------------------------------------------------


def _read_json(data: bytes, name: str) -> Parsed:
    data = data.lstrip(b"\xef\xbb\xbf")
    try:
        docs = [json.loads(data)]
    except RecursionError:
        raise ImportFailed(f"{name}: is nested too deeply to be a file of fact-checks.") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        docs = _json_lines(data)
        if docs is None:
            raise ImportFailed(f"{name}: is not valid JSON ({_json_error(exc)}); the file is damaged or "
                               f"incomplete.") from None
    parsed = _from_json_docs(docs, name, page_url="")
    if parsed is None:
        raise ImportFailed(f"{name}: is JSON, but holds no fact-checks in a known form (no schema.org "
                           f"ClaimReview objects and no Google Fact Check Tools “claims” list). {WHAT_WE_READ}")
    return parsed


def _json_error(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at line {exc.lineno}, column {exc.colno}"
    return "it is not UTF-8 text"


def _json_lines(data: bytes) -> list[Any] | None:
    """JSON Lines (one document per line), as API results saved page by page often are; None if not."""
    lines = [line for line in data.splitlines() if line.strip()]
    if len(lines) < 2:
        return None
    docs = []
    for line in lines:
        try:
            docs.append(json.loads(line))
        except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
            return None
    return docs


def _from_json_docs(docs: list[Any], name: str, *, page_url: str) -> Parsed | None:
    """Records from parsed JSON documents; None when they hold neither ClaimReview nor Google results."""
    google = list(_google_responses(docs))
    if google:
        parsed = Parsed(KIND_GOOGLE)
        for i, response in enumerate(google):
            _google_records(response, name, parsed, prefix=f"response {i + 1}, " if len(google) > 1 else "")
        return parsed
    reviews = list(_claimreviews(docs))
    if not reviews:
        return None
    parsed = Parsed(KIND_CLAIMREVIEW)
    for i, review in enumerate(reviews, start=1):
        try:
            parsed.records.append(claimreview_record(review, source=name, page_url=page_url))
        except _Bad as exc:
            parsed.skip(name, f"ClaimReview {i}", str(exc))
    return parsed


def _google_responses(docs: list[Any]) -> Iterator[dict]:
    for doc in docs:
        items = doc if isinstance(doc, list) else [doc]
        for item in items:
            if isinstance(item, dict) and isinstance(item.get("claims"), list) and "@type" not in item:
                yield item


def _types(node: dict) -> set[str]:
    raw = node.get("@type", node.get("type"))
    values = raw if isinstance(raw, list) else [raw]
    out = set()
    for v in values:
        if isinstance(v, str):
            out.add(v.rsplit("/", 1)[-1].rsplit(":", 1)[-1])
    return out


def _claimreviews(node: Any, depth: int = 0) -> Iterator[dict]:
    """Every ClaimReview object anywhere in a JSON-LD document (a list, ``@graph``, a DataFeed's
    ``dataFeedElement`` items, a page's ``mainEntity``...), in document order."""
    if depth > 40:
        return
    if isinstance(node, dict):
        if "ClaimReview" in _types(node):
            yield node
            return
        for value in node.values():
            if isinstance(value, (dict, list)):
                yield from _claimreviews(value, depth + 1)
    elif isinstance(node, list):
        for item in node:
            if isinstance(item, (dict, list)):
                yield from _claimreviews(item, depth + 1)


def _first(value: Any) -> Any:
    if isinstance(value, list):
        return next((v for v in value if isinstance(v, dict)), value[0] if value else None)
    return value


def claimreview_record(review: dict, *, source: str = "", page_url: str = "") -> FactCheck:
    """One schema.org ClaimReview object as a FactCheck. Raises ValueError (with the reason) if unusable."""
    item = _first(review.get("itemReviewed"))
    item = item if isinstance(item, dict) else {}
    claim = review.get("claimReviewed")
    if not _text(claim):
        claim = item.get("name") or item.get("text")
    claim_text = _claim_text(claim)
    rating_node = _first(review.get("reviewRating"))
    rating, rating_value = "", None
    if isinstance(rating_node, dict):
        rating = _text(rating_node.get("alternateName")) or _text(rating_node.get("name"))
        rating_value = _number(rating_node.get("ratingValue"))
        if not rating and rating_value is not None:
            best = _number(rating_node.get("bestRating"))
            rating = f"{rating_value:g}/{best:g}" if best is not None else f"{rating_value:g}"
    elif rating_node is not None:
        rating = _text(rating_node)
    author = review.get("author") or review.get("publisher")
    publisher = _name(author)
    url = _review_url(review.get("url"))
    if not url:
        node_id = _text(review.get("@id"))
        url = node_id.split("#", 1)[0] if _is_web_address(node_id) else ""
    if not url and page_url:
        url = page_url  # given only for a page whose one ClaimReview is its subject (see _read_page)
    site = _site(url) or _site(_url_of(author))
    date = iso_date(review.get("datePublished") or review.get("dateCreated") or review.get("dateModified"))
    appearance = _first(item.get("appearance")) or _first(item.get("firstAppearance"))
    claim_date = iso_date(item.get("datePublished") or item.get("dateCreated")
                          or (appearance.get("datePublished") if isinstance(appearance, dict) else ""))
    language = review.get("inLanguage")
    language = _name(language) if isinstance(language, (dict, list)) else _text(language)
    return FactCheck(
        url=_key(url, _text(review.get("identifier")), claim_text, publisher, date),
        claim=claim_text,
        claimant=_name(item.get("author") or item.get("creator")),
        claim_date=claim_date,
        rating=rating,
        rating_value=rating_value,
        publisher=publisher or site,
        publisher_site=site,
        date=date,
        title=_text(review.get("headline")) or _text(review.get("name")),
        language=clean(language, 40),
        appearance=_url_of(item.get("appearance")) or _url_of(item.get("firstAppearance")),
        source=source,
    )


def _google_records(response: dict, name: str, parsed: Parsed, *, prefix: str) -> None:
    for i, claim in enumerate(response["claims"]):
        where = f"{prefix}claims[{i}]"
        if not isinstance(claim, dict):
            parsed.skip(name, where, "not a claim object")
            continue
        reviews = claim.get("claimReview")
        if not isinstance(reviews, list) or not reviews:
            parsed.skip(name, where, "has no claimReview")
            continue
        try:
            text = _claim_text(claim.get("text"))
        except _Bad as exc:
            for j in range(len(reviews)):
                parsed.skip(name, f"{where}.claimReview[{j}]", str(exc))
            continue
        claimant = _text(claim.get("claimant"))
        claim_date = iso_date(claim.get("claimDate"))
        for j, review in enumerate(reviews):
            try:
                if not isinstance(review, dict):
                    raise _Bad("not a review object")
                url = _review_url(review.get("url"))
                if not url:
                    raise _Bad("no url")
                publisher = review.get("publisher") if isinstance(review.get("publisher"), dict) else {}
                site = clean(publisher.get("site"), 200) or _site(url)
                parsed.records.append(FactCheck(
                    url=url, claim=text, claimant=claimant, claim_date=claim_date,
                    rating=_text(review.get("textualRating")),
                    publisher=_text(publisher.get("name")) or site, publisher_site=site,
                    date=iso_date(review.get("reviewDate")), title=_text(review.get("title")),
                    language=clean(review.get("languageCode"), 40), source=name,
                ))
            except _Bad as exc:
                parsed.skip(name, f"{where}.claimReview[{j}]", str(exc))


# -- saved web pages -----------------------------------------------------------------------------------


class _LdJsonCollector(HTMLParser):
    """Collects ``<script type="application/ld+json">`` bodies and the page's own address."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.page_url = ""
        self._in_ld = False
        self._buf: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "script" and a.get("type", "").split(";")[0].strip().lower() == "application/ld+json":
            self._in_ld, self._buf = True, []
        elif tag == "link" and "canonical" in a.get("rel", "").lower().split() and not self.page_url:
            self.page_url = a.get("href", "").strip()
        elif tag == "meta" and a.get("property", "").lower() == "og:url" and not self.page_url:
            self.page_url = a.get("content", "").strip()

    def handle_data(self, data: str) -> None:
        if self._in_ld:
            self._buf.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_ld:
            self._in_ld = False
            if len(self.scripts) < MAX_SCRIPTS:
                self.scripts.append("".join(self._buf))


_WRAPPERS = re.compile(r"^\s*(?://\s*)?(?:<!--|<!\[CDATA\[)|(?://\s*)?(?:-->|\]\]>)\s*$")


def _read_page(data: bytes, name: str) -> Parsed:
    text = _decode_page(data)
    collector = _LdJsonCollector()
    try:
        collector.feed(text)
        collector.close()
    except Exception as exc:  # the tokenizer is lenient; anything it still raises means a broken file
        raise ImportFailed(f"{name}: could not be read as a web page ({type(exc).__name__}).") from exc
    if not collector.scripts:
        raise ImportFailed(f"{name}: is a web page without ClaimReview markup (it has no "
                           f"<script type=\"application/ld+json\">), so it holds no fact-check to import. "
                           f"{WHAT_WE_READ}")
    docs, broken = [], []
    for i, script in enumerate(collector.scripts, start=1):
        body = _WRAPPERS.sub("", script.strip())
        try:
            docs.append(json.loads(body))
        except (json.JSONDecodeError, RecursionError):
            broken.append(i)
    page_url = collector.page_url if _is_web_address(collector.page_url) else ""
    reviews = sum(1 for _ in _claimreviews(docs))
    parsed = _from_json_docs(docs, name, page_url=page_url if reviews == 1 else "")
    if parsed is None:
        raise ImportFailed(f"{name}: is a web page whose structured data holds no ClaimReview, so it holds no "
                           f"fact-check to import. {WHAT_WE_READ}")
    parsed.kind = KIND_PAGE
    for i in broken:
        parsed.skip(name, f"ld+json block {i}", "not valid JSON")
    return parsed


_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})""", re.I)


def _decode_page(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    m = _META_CHARSET.search(data[:4096])
    if m:
        try:
            return data.decode(m[1].decode("ascii"), errors="replace")
        except LookupError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


# -- CSV -----------------------------------------------------------------------------------------------

# Column names as people write them, folded (lower case, no spaces/punctuation) -> our field.
_COLUMNS = {
    "claim": "claim", "claimtext": "claim", "claimreviewed": "claim", "statement": "claim", "text": "claim",
    "claimant": "claimant", "speaker": "claimant", "saidby": "claimant", "claimauthor": "claimant",
    "date": "date", "reviewdate": "date", "datepublished": "date", "published": "date",
    "factcheckdate": "date", "publicationdate": "date",
    "claimdate": "claim_date", "datesaid": "claim_date", "statementdate": "claim_date",
    "rating": "rating", "verdict": "rating", "textualrating": "rating", "ruling": "rating", "label": "rating",
    "publisher": "publisher", "factchecker": "publisher", "organisation": "publisher",
    "organization": "publisher", "reviewer": "publisher",
    "url": "url", "link": "url", "reviewurl": "url", "factcheckurl": "url", "address": "url",
    "title": "title", "headline": "title",
    "language": "language", "lang": "language", "languagecode": "language",
    "appearance": "appearance", "claimurl": "appearance", "source": "appearance",
}


def _fold(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


def _read_csv(data: bytes, name: str) -> Parsed:
    _check_size(data, name, MAX_CSV_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows
    sample = text[:65536]
    first_line = sample.split("\n", 1)[0]
    delimiter = max(",;\t|", key=first_line.count)
    if not first_line.count(delimiter):
        raise ImportFailed(f"{name}: is neither JSON, a web page nor a table with a header line. {WHAT_WE_READ}")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise ImportFailed(f"{name}: its header line cannot be read as CSV.") from exc
    fields = [_COLUMNS.get(_fold(h)) for h in header]
    if "claim" not in fields:
        shown = ", ".join(f"“{clean(h, 40)}”" for h in header[:12]) + (" …" if len(header) > 12 else "")
        raise ImportFailed(f"{name}: is a table without a “claim” column (its columns: {shown}). Name the column "
                           f"that holds the claim text “claim”; “claimant”, “date”, “rating”, “publisher” and "
                           f"“url” are read too.")
    # The first column of each field wins when a table has two ("text" and "claim", say).
    index: dict[str, int] = {}
    for i, f in enumerate(fields):
        if f and f not in index:
            index[f] = i
    extra_cols = [i for i in range(len(header)) if i not in index.values()][:MAX_EXTRA_COLUMNS]
    parsed = Parsed(KIND_CSV)
    line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            parsed.skip(name, f"line {reader.line_num}", f"cannot be read as CSV ({exc}); the rest of the file "
                                                         f"was not read")
            break
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        try:
            parsed.records.append(_csv_record(row, index, header, extra_cols, name))
        except _Bad as exc:
            parsed.skip(name, f"line {line}", str(exc))
    return parsed


def _csv_record(row: list[str], index: dict[str, int], header: list[str], extra_cols: list[int],
                name: str) -> FactCheck:
    def get(f: str) -> str:
        i = index.get(f)
        return row[i] if i is not None and i < len(row) else ""

    claim = _claim_text(get("claim"))
    url = _review_url(get("url"))
    publisher = clean(get("publisher"))
    date = iso_date(get("date"))
    value = _number(get("rating"))
    extra = {clean(header[i], 100) or f"column {i + 1}": clean(row[i]) for i in extra_cols
             if i < len(row) and row[i].strip()}
    site = _site(url)
    return FactCheck(
        url=_key(url, "", claim, publisher, date), claim=claim, claimant=clean(get("claimant")),
        claim_date=iso_date(get("claim_date")), rating=clean(get("rating")), rating_value=value,
        publisher=publisher or site, publisher_site=site, date=date, title=clean(get("title")),
        language=clean(get("language"), 40), appearance=clean(get("appearance"), MAX_URL_CHARS),
        extra=extra, source=name,
    )
