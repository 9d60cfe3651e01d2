"""Reading how an article opens: headline, byline, and the dateline that starts the body.

Real articles saved as text, Word or PDF open with a headline, perhaps a standfirst and a byline, and then
the body, whose first paragraph starts with a dateline. The styles read here (and their kin):

- ``CASTELLÓN, Spain, 2025-03-14 (Levante Daily) — …``, ``WARSAW, Jan 9, 2025 (Reuters) - …``,
  ``London, March 12 2025 (Northern Wire) - …``, ``BERLIN, 3. März 2025 (dpa) - …``: place, date, outlet;
- ``PARIS (AFP) 14 February 2025 — …``: place, outlet, date; ``Nagpur (India) (AFP) – …``: place, region, outlet;
- ``FRANKFURT, 03/04/2025 (Reuters) - …``: a numeric date that reads both ways (3 April or 4 March) is read day
  first, as everywhere but in the United States, and the other reading is kept for a warning;
- ``GENEVA, Dec. 2 (AP) — …``: no year, so a partial date (month and day), never a year guessed;
- ``date 2024-10-20 (MENAFN) …`` and ``2024-10-20 (Reuters) - …``: date and outlet without a place;
- ``By Maria Costa | The Coastal Times | 21 October 2024`` and ``Published: 2024-11-30 08:15 | Source:
  City Wire``: byline and metadata lines between the headline and the body.

Only the opening is read: the lines before the first body paragraph, and that paragraph's start. A city
and a date in a sentence further down are never a dateline. Nothing is removed from the text: a dateline
is part of the first paragraph (a quote may sit in it), and the text is what claims point into.

Dates are read by python-dateutil (already part of the app through the web-page importer; about 20 ms to
import, paid only when an opening has something date-like in it) with the month names of
``core.dates`` in seven languages. dateparser knows more languages, but costs some 45 ms to import and
110-1,100 ms for its first parse, guesses years, and is left out of the desktop bundle on purpose.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from workbench.core.dates import MONTHS, WEEKDAYS

# How far into the text an opening may reach: a headline, a standfirst and a few metadata lines.
OPENING_LINES = 8
OPENING_CHARS = 3_000
HEADLINE_CHARS = 200  # a line longer than this is a paragraph, not a headline

# What separates a dateline from the body: a dash with space before it ("- ", "-- ", "— "), or an en/em dash.
_SEPARATOR = r"(?:\s+-{1,2}|\s*[–—]{1,2}|\s*:)(?=\s)"
# Place (and date), then the outlet in brackets: "WARSAW, Jan 9, 2025 (Reuters)", "PARIS (AFP)".
_WITH_OUTLET = re.compile(
    r"(?P<head>[^()\n–—|]{1,100}?)\s*(?:\((?P<region>[^()\n]{1,40})\)\s*(?=\())?\((?P<outlet>[^()\n]{1,40})\)")
# After the outlet, a date may follow before the separator: "(AFP) 14 February 2025 — ".
_DATE_AFTER_OUTLET = re.compile(r"\s*(?P<date>[^\n()–—|]{4,40}?)" + _SEPARATOR)
_DASH_NEXT = re.compile(r"\s*(?:-{1,2}|[–—]{1,2})\s")
_LEADING_SEPARATOR = re.compile(r"\s*(?:-{1,2}|[–—]{1,2}|:)?\s*")
# Without an outlet, place and date then a separator: "LONDON, March 12 2025 — ".
_WITHOUT_OUTLET = re.compile(r"(?P<head>[^()\n–—|:]{6,80}?)" + _SEPARATOR)
_PLACE_PART = re.compile(r"[^\W\d_][^\W\d_.'’-]*(?:[ .'’-]{1,2}[^\W\d_]+){0,4}\.?")
_OUTLET = re.compile(r"[^\W_][\w.&'’/ -]{0,39}")
_NAME = re.compile(r"[^\W\d_][\w.'’-]*(?:,? (?:[^\W\d_][\w.'’-]*))*")
_NAME_PARTICLES = frozenset({"and", "de", "da", "del", "der", "van", "von", "la", "le", "di", "du", "bin", "al"})
_FIELD = re.compile(r"(?P<key>[A-Za-z][A-Za-z ]{1,20}?)\s*:\s*(?P<value>.+)")
_DATE_KEYS = frozenset({"published", "updated", "date", "posted", "last updated", "first published", "dated"})
_OUTLET_KEYS = frozenset({"source", "outlet", "publisher", "publication", "agency", "via"})
_AUTHOR_KEYS = frozenset({"by", "author", "authors", "writer", "reporter"})
_FIELD_SPLIT = re.compile(r"\s+[|·•]\s+")
_AMBIGUOUS_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?!\d)")
_DIGIT = re.compile(r"\d")
_YEAR_FIRST = re.compile(r"\d{4}[-/.]")
_FOUR_DIGITS = re.compile(r"(?<!\d)\d{4}(?!\d)")
# Words a date may carry that dateutil does not know: Romance "de"/"del", German "der", French "1er".
_DATE_FILLERS = ["de", "del", "der", "den", "le", "el", "il", "er", "e", "am", "um", "à", "a"]


@dataclass(slots=True)
class Opening:
    """What the opening of an article says about it; empty strings for what it does not say."""

    title: str = ""
    author: str = ""
    outlet: str = ""
    published: str = ""  # an ISO 8601 (partial) date with its year: YYYY-MM-DD or YYYY-MM
    undated: str = ""  # a date given without a year ("2 December"): shown to the journalist, never stored
    other_reading: str = ""  # for a numeric date read day first (03/04/2025), the month-first reading (2025-03-04)
    place: str = ""
    dateline_at: int = -1  # where the dateline starts in the text
    body_at: int = 0  # where the body's own words start (after the dateline, if there is one)


@functools.cache
def _parserinfo() -> Any:
    from dateutil import parser  # on first use: ~20 ms the window must not pay at start-up

    months: list[list[str]] = [[] for _ in range(12)]
    for name, number in MONTHS.items():
        months[number - 1].append(name)

    class Info(parser.parserinfo):
        JUMP: ClassVar[list[str]] = [*parser.parserinfo.JUMP, *_DATE_FILLERS, *sorted(WEEKDAYS)]
        MONTHS: ClassVar[list[tuple[str, ...]]] = [tuple(names) for names in months]

    return Info(dayfirst=True)


def read_date(text: str) -> tuple[str, str]:
    """A date as written in a dateline: ``(iso, undated)``. ``iso`` is ``YYYY-MM-DD`` or ``YYYY-MM`` when
    the text gives a four-digit year; ``undated`` is ``--MM-DD`` (ISO 8601's month-day) when it names a
    month and a day but no year. ``("", "")`` for anything else: a bare number, a time, a day-month order
    that reads both ways (03/04/2025), a two-digit year, or words that are not a date."""
    text = " ".join(text.split()).strip(" ,;")
    if not text or len(text) > 40 or not _DIGIT.search(text):
        return "", ""
    m = _AMBIGUOUS_NUMERIC.search(text)
    if m and int(m[1]) <= 12 and int(m[2]) <= 12 and m[1] != m[2]:
        return "", ""  # 3 April or 4 March: better no date than a wrong one
    from dateutil.parser import ParserError, parse

    # Day before month (14.03.2025), except after a leading year (2025-03-14, 2025/03/14).
    order = {"yearfirst": True, "dayfirst": False} if _YEAR_FIRST.match(text) else {"dayfirst": True}
    info = _parserinfo()
    try:
        # Two parses with different defaults tell which parts the text really gave.
        a = parse(text, parserinfo=info, default=datetime(4, 1, 1), ignoretz=True, **order)
        b = parse(text, parserinfo=info, default=datetime(8, 2, 2), ignoretz=True, **order)
    except (ParserError, ValueError, OverflowError, TypeError):
        return "", ""
    has_month, has_day = a.month == b.month, a.day == b.day
    has_year = a.year == b.year and str(a.year) in _FOUR_DIGITS.findall(text)
    named_month = any(word in MONTHS for word in re.findall(r"[^\W\d_]+", text.lower()))
    if not has_month:
        return "", ""
    if has_year:
        return (a.strftime("%Y-%m-%d") if has_day else a.strftime("%Y-%m")), ""
    if a.year == b.year:
        return "", ""  # a year, but not four digits ("Jan 9, 25"): never widened to a century
    if has_day and named_month:
        return "", f"--{a.month:02d}-{a.day:02d}"
    return "", ""  # "12.3" or "5/6" without a year is a number, not a date


def _two_way_date(text: str) -> tuple[str, str, str] | None:
    """A numeric date that reads both ways ("03/04/2025"): (day-first ISO date, "", month-first ISO date);
    None for anything else. Only a dateline's date is read so: a dateline puts nothing else there."""
    m = _AMBIGUOUS_NUMERIC.fullmatch(" ".join(text.split()).strip(" ,;"))
    if m is None:
        return None
    first, second, year = int(m[1]), int(m[2]), int(m[3])
    try:
        day_first, month_first = datetime(year, second, first), datetime(year, first, second)
    except ValueError:
        return None
    return day_first.strftime("%Y-%m-%d"), "", month_first.strftime("%Y-%m-%d")


def spoken_date(iso: str) -> str:
    """``2025-04-03`` as "3 April 2025"."""
    day = datetime.strptime(iso, "%Y-%m-%d")
    return f"{day.day} {day:%B %Y}"


def spoken(undated: str) -> str:
    """``--12-02`` as "2 December"."""
    month, day = int(undated[2:4]), int(undated[5:7])
    return f"{day} {datetime(2000, month, 1):%B}"


def _is_place(head: str) -> bool:
    parts = [p.strip() for p in head.split(",")]
    if not 1 <= len(parts) <= 3 or sum(len(p.split()) for p in parts) > 6:
        return False
    return all(_PLACE_PART.fullmatch(p) and p[0].isupper() for p in parts)


def _is_outlet(name: str) -> bool:
    name = name.strip()
    if not _OUTLET.fullmatch(name) or len(name.split()) > 5:
        return False
    # "(AP)", "(Reuters)", "(Levante Daily)"; lower case only for short agency names like "dpa", "apa".
    return name[0].isupper() or name[0].isdigit() or (name.isalpha() and len(name) <= 4)


def _split_head(head: str) -> tuple[str, str, str, str] | None:
    """Place, ISO date, undated date and the other reading of a two-way numeric date, from the part of a
    dateline before the outlet or separator: "WARSAW, Jan 9, 2025", "CASTELLÓN, Spain, 2025-03-14", "PARIS",
    "date 2024-10-20", "FRANKFURT, 03/04/2025"."""
    head = head.strip()
    if re.match(r"(?i)date\s", head):
        head = head[5:].strip()
    parts = head.split(",")
    for k in range(len(parts) + 1):
        place, date = ",".join(parts[:k]).strip(), ",".join(parts[k:]).strip()
        if place and not _is_place(place):
            return None
        if not date:
            return (place, "", "", "") if place else None
        iso, undated = read_date(date)
        if iso or undated:
            return place, iso, undated, ""
        two_way = _two_way_date(date)
        if two_way is not None:
            return place, *two_way
        if k == 0 and not _PLACE_PART.match(date):
            return None  # neither a place nor a date starts it
    return None


def read_dateline(line: str) -> tuple[Opening, int] | None:
    """A dateline at the start of ``line``: what it says, and where the body's own words start; None when
    the line does not open with one."""
    head = line[:200]
    m = _WITH_OUTLET.match(head)
    if m and _is_outlet(m["outlet"]):
        split = _split_head(m["head"])
        if split is None:
            return None
        place, iso, undated, other = split
        if m["region"]:
            place = f"{place} ({m['region'].strip()})" if place else ""
        end = m.end()
        if not (iso or undated):
            after = _DATE_AFTER_OUTLET.match(head, end)
            if after:
                iso, undated = read_date(after["date"])
                if iso or undated:
                    end = after.end()
        if not place and not (iso or undated):
            return None  # "(Reuters)" alone at a line's start is not enough
        if not (iso or undated) and not _DASH_NEXT.match(line, end):
            return None  # "Sen. Ted Cruz (R-Tex.), who …": a name with a party, not "WASHINGTON (AP) — …"
        end = _LEADING_SEPARATOR.match(line, end).end()  # type: ignore[union-attr]
        return Opening(outlet=m["outlet"].strip(), published=iso, undated=undated, place=place,
                       other_reading=other), end
    m = _WITHOUT_OUTLET.match(head)
    if m:
        split = _split_head(m["head"])
        if split is not None and split[0] and (split[1] or split[2]):
            end = _LEADING_SEPARATOR.match(line, m.end()).end()  # type: ignore[union-attr]
            return Opening(place=split[0], published=split[1], undated=split[2], other_reading=split[3]), end
    return None


def _is_name(value: str) -> bool:
    words = value.replace(",", " ").split()
    return (0 < len(words) <= 8 and len(value) <= 80 and bool(_NAME.fullmatch(value))
            and all(w[0].isupper() or w.lower() in _NAME_PARTICLES for w in words)
            and words[0][0].isupper())


def read_meta_line(line: str) -> Opening | None:
    """A byline or metadata line ("By Maria Costa | The Coastal Times | 21 October 2024", "Published:
    2024-11-30 08:15 | Source: City Wire", "21 October 2024"), or None when the line is anything else."""
    if len(line) > 200:
        return None
    found = Opening()
    for i, raw in enumerate(_FIELD_SPLIT.split(line.strip())):
        field = raw.strip()
        by = re.match(r"(?i)by\s+(.+)", field)
        keyed = _FIELD.fullmatch(field)
        key = keyed["key"].strip().lower() if keyed else ""
        if by and _is_name(by[1].strip()):
            found.author = found.author or by[1].strip()
        elif key in _AUTHOR_KEYS and _is_name(keyed["value"].strip()):  # type: ignore[index]
            found.author = found.author or keyed["value"].strip()  # type: ignore[index]
        elif key in _OUTLET_KEYS and _is_outlet(keyed["value"]):  # type: ignore[index]
            found.outlet = found.outlet or keyed["value"].strip()  # type: ignore[index]
        elif key in _DATE_KEYS:
            iso, undated = read_date(keyed["value"])  # type: ignore[index]
            if not (iso or undated):
                return None
            found.published, found.undated = found.published or iso, found.undated or undated
        else:
            iso, undated = read_date(field)
            if iso or undated:
                found.published, found.undated = found.published or iso, found.undated or undated
            elif i > 0 and _is_outlet(field) and not found.outlet:
                found.outlet = field  # "By Maria Costa | The Coastal Times | …"
            else:
                return None
    return found if (found.author or found.published or found.undated or found.outlet) else None


def guess_title(text: str, limit: int = 120) -> str:
    """A title for an article that has none: its first sentence or line, shortened on a word boundary."""
    first = text.strip().split("\n", 1)[0]
    m = re.match(r"(.+?[.!?])(\s|$)", first)
    title = m.group(1) if m else first
    if len(title) > limit:
        title = title[:limit].rsplit(" ", 1)[0] + "…"
    return title.strip()


def read_opening(text: str) -> Opening:
    """Headline, byline, outlet, date and dateline from the opening lines of an article's text."""
    found = Opening()
    headline = ""
    alone = False
    pos = 0
    lines_seen = 0
    while pos < min(len(text), OPENING_CHARS) and lines_seen < OPENING_LINES:
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[pos:end].strip()
        start = pos + len(text[pos:end]) - len(text[pos:end].lstrip())
        pos = end + 1
        if not line:
            continue
        lines_seen += 1
        dateline = read_dateline(line)
        if dateline is not None:
            read, body = dateline
            _fill(found, read)
            found.place, found.dateline_at, found.body_at = read.place, start, start + body
            break
        meta = read_meta_line(line)
        if meta is not None:
            _fill(found, meta)
            continue
        if headline or len(line) > HEADLINE_CHARS:
            # The body began without a dateline (or this is a standfirst after the headline); a dateline
            # further down would be in the middle of the article.
            if headline and len(line) <= HEADLINE_CHARS and not line.endswith("."):
                continue  # a second short line: a subheadline or standfirst
            break
        headline = line
        found.body_at = pos
        # A line of its own: a blank line follows, or a new sentence does (not a hard-wrapped paragraph's
        # first line, which ends mid-sentence and goes on in lower case).
        rest = text[pos : pos + 2]
        alone = pos >= len(text) or rest[:1] == "\n" or (
            headline[-1] not in ",;:-–" and (rest[:1].isupper() or rest[:1].isdigit() or rest[:1] in "“\"'‘«"))
    # Headlines may end in a full stop ("Virginian could make history. Again."): the whole line is the title.
    if headline and (alone or found.dateline_at > 0):
        found.title = headline
    elif found.dateline_at >= 0:
        found.title = guess_title(text[found.body_at :])
    return found


def _fill(found: Opening, read: Opening) -> None:
    """Take what ``read`` says where ``found`` has nothing yet (the first line that says it wins)."""
    for name in ("author", "outlet", "published", "undated"):
        if not getattr(found, name) and getattr(read, name):
            setattr(found, name, getattr(read, name))
            if name == "published":
                found.other_reading = read.other_reading


__all__ = ["Opening", "guess_title", "read_date", "read_dateline", "read_meta_line", "read_opening", "spoken",
           "spoken_date"]
