"""Dates as journalists type them, stored as ISO 8601 partial dates: the one date rule of the app.

Reports are often dated to the month or the year only, so a stored date is ``YYYY-MM-DD``, ``YYYY-MM`` or
``YYYY`` (ISO 8601 reduced precision; such strings sort and compare in time order). What is accepted:

- those forms themselves, and full timestamps (``2024-10-20T08:00:00Z``; the date is kept);
- numbers with slashes, dots or dashes: ``14/03/2025``, ``14.03.2025``, ``2025/03/14``, ``03/2025``;
  day and month are told apart by their values, and a date that reads both ways (``03/04/2025``: 3 April
  or 4 March?) is refused with both readings named, never guessed;
- month names, full or short, in English, French, German, Spanish, Italian, Portuguese and Dutch:
  ``14 March 2025``, ``March 14, 2025``, ``14. März 2025``, ``1er mars 2025``, ``Mar 2025``; a weekday in
  front is ignored.

A year must always be given (four digits): "14 March" is refused rather than given a year it may not have.
Our own small parser rather than dateparser: that one guesses missing years and reads "2025-13" as a day,
and its language data would add 10 MB to the desktop bundle.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from workbench.core.errors import ValidationError

FORMS = "14 March 2025, 14/03/2025, 2025-03-14, 2025-03 or 2025"

# Month names by language (full names, and the short forms newspapers use); matched without accents' case.
_MONTH_NAMES = (
    ("january jan janvier janv januar jän enero ene gennaio genn gen janeiro januari", 1),
    ("february feb février fevrier févr fevr februar febrero febbraio febb fevereiro fev februari", 2),
    ("march mar mars märz maerz marzo marzo março marco maart mrt", 3),
    ("april apr avril avr abril aprile", 4),
    ("may mai mayo maggio mag maio mei", 5),
    ("june jun juin juni junio giugno giu junho", 6),
    ("july jul juillet juil juli julio luglio lug julho", 7),
    ("august aug août aout agosto ago augustus", 8),
    ("september sep sept septembre septiembre setiembre settembre set setembro", 9),
    ("october oct octobre oktober okt octubre ottobre ott outubro out", 10),
    ("november nov novembre noviembre novembro", 11),
    ("december dec décembre decembre déc dezember dez diciembre dic dicembre dezembro", 12),
)
MONTHS: dict[str, int] = {name: number for names, number in _MONTH_NAMES for name in names.split()}
_WEEKDAY_NAMES = (
    "monday mon tuesday tue tues wednesday wed thursday thu thurs friday fri saturday sat sunday sun "
    "lundi mardi mercredi jeudi vendredi samedi dimanche montag dienstag mittwoch donnerstag freitag "
    "samstag sonntag lunes martes miércoles jueves viernes sábado domingo lunedì martedì mercoledì "
    "giovedì venerdì sabato domenica maandag dinsdag woensdag donderdag vrijdag zaterdag zondag"
)
WEEKDAYS = frozenset(_WEEKDAY_NAMES.split())

_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})")
_YEAR_MONTH_DAY = re.compile(r"(\d{4})[./-](\d{1,2})[./-](\d{1,2})")
_MONTH_YEAR = re.compile(r"(\d{1,2})[./](\d{4})")
# Words and numbers of a written date; "of", "de", "del", "the" and ordinal endings are filler.
_TOKEN = re.compile(r"\d+(?:st|nd|rd|th|er|e|º|ª)?|[^\W\d_]+", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
_FILLER = frozenset({"of", "the", "de", "del", "den", "le", "el", "il"})
# Where a date may sit in running text ("stated on October 22, 2012 in the final debate"): a full date in
# numbers, or a month's name with a year and perhaps a day on either side. Each is then read by parse_date.
_IN_TEXT = re.compile(
    r"(?<!\d)(?:\d{4}-\d{1,2}-\d{1,2}|\d{4}[./]\d{1,2}[./]\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{4})(?!\d)"
    r"|(?<![\w.])(?:\d{1,2}(?:st|nd|rd|th|er)?\.?\s+)?[^\W\d_]{3,10}\.?\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?\d{4}(?!\d)",
    re.IGNORECASE,
)


def parse_date(value: str | date | None, what: str = "date") -> str:
    """``value`` as an ISO 8601 (partial) date: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; "" for nothing.

    ``what`` names the field in the message of the ValidationError raised for what cannot be read
    ("publication date", "start date").
    """
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = " ".join(str(value).split())
    if not text:
        return ""
    parts = _read(text, what)
    if parts is None:
        if not _YEAR.search(text) and any(t.lower() in MONTHS for t in _TOKEN.findall(text)):
            raise ValidationError(f"'{text}' has no year; write the {what} with its year, e.g. {FORMS}.")
        raise ValidationError(f"'{text}' is not a valid {what}; write it as {FORMS}.")
    year, month, day = parts
    try:
        date(year, month or 1, day or 1)
    except ValueError:
        raise ValidationError(f"'{text}' is not a valid {what}: that date does not exist in the calendar.") from None
    return f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if day else "")


def find_date(text: str) -> str:
    """The first date written in running text, as ``parse_date`` gives it ("" when there is none, or only
    one that reads two ways); a text that is itself a date (a bare year included) is read whole."""
    try:
        return parse_date(text)
    except ValidationError:
        pass
    start = 0
    while m := _IN_TEXT.search(text, start):
        found = m[0]
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", found):  # 2019-1-5: ISO wants two digits each
            found = "-".join(part.zfill(2) for part in found.split("-"))
        try:
            return parse_date(found)
        except ValidationError:
            start = m.start() + 1  # "updated 2019-1-5": a failed candidate may hide one inside it
    return ""


def _read(text: str, what: str) -> tuple[int, int, int] | None:
    """(year, month or 0, day or 0), None when ``text`` is no date at all."""
    if m := _ISO.fullmatch(text):
        return int(m[1]), int(m[2] or 0), int(m[3] or 0)
    if len(text) > 10 and _ISO.fullmatch(text[:10]) and text[10] in "T ":
        try:
            stamp = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
        return stamp.year, stamp.month, stamp.day
    if m := _YEAR_MONTH_DAY.fullmatch(text):
        return int(m[1]), int(m[2]), int(m[3])
    if m := _MONTH_YEAR.fullmatch(text):
        return int(m[2]), int(m[1]), 0
    if m := _DAY_MONTH_YEAR.fullmatch(text):
        first, second, year = int(m[1]), int(m[2]), int(m[3])
        if first <= 12 and second <= 12 and first != second:
            raise ValidationError(
                f"'{text}' is not a clear {what}: it could be {_spoken(year, second, first)} or "
                f"{_spoken(year, first, second)}. Write it as {year}-{second:02d}-{first:02d} or "
                f"{year}-{first:02d}-{second:02d}, or with the month's name."
            )
        return (year, first, second) if second > 12 else (year, second, first)
    return _written(text)


def _written(text: str) -> tuple[int, int, int] | None:
    """A date with the month's name: day, month and year in either order of day and month."""
    tokens = [t.lower() for t in _TOKEN.findall(text)]
    leftover = _TOKEN.sub("", text).replace(",", "").replace(".", "").replace("/", "").strip()
    if leftover:
        return None  # other characters than words, numbers and the usual separators
    tokens = [t for t in tokens if t not in _FILLER and t not in WEEKDAYS and t != "der"]
    months = [t for t in tokens if t in MONTHS]
    numbers = [t for t in tokens if t[0].isdigit()]
    if len(months) != 1 or len(tokens) != len(months) + len(numbers):
        return None
    years = [n for n in numbers if len(n) == 4 and n.isdigit()]
    days = [n for n in numbers if n not in years]
    if len(years) != 1 or len(days) > 1:
        return None
    day = int(re.match(r"\d+", days[0])[0]) if days else 0  # type: ignore[index]
    if days and not 1 <= day <= 31:
        return None
    return int(years[0]), MONTHS[months[0]], day


def _spoken(year: int, month: int, day: int) -> str:
    return f"{day} {_MONTH_NAMES[month - 1][0].split()[0].capitalize()} {year}"
