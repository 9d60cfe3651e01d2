"""Dates as journalists type them are stored as ISO 8601 (partial) dates; what cannot be read, or reads two
ways, is refused with a message that says how to write it."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from workbench.core.dates import find_date, parse_date
from workbench.core.errors import ValidationError


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("2025", "2025"),
        ("2025-03", "2025-03"),
        ("2025-03-14", "2025-03-14"),
        ("2024-10-20T23:30:00-05:00", "2024-10-20"),
        ("2024-10-20T08:00:00Z", "2024-10-20"),
        ("14/03/2025", "2025-03-14"),
        ("03/14/2025", "2025-03-14"),
        ("05/05/2025", "2025-05-05"),
        ("14.03.2025", "2025-03-14"),
        ("2025/3/14", "2025-03-14"),
        ("03/2025", "2025-03"),
        ("14 March 2025", "2025-03-14"),
        ("March 14, 2025", "2025-03-14"),
        ("Tuesday, 14 March 2025", "2025-03-14"),
        ("Sept. 5, 2024", "2024-09-05"),
        ("5th of May 2024", "2024-05-05"),
        ("March 2025", "2025-03"),
        ("Mar 2025", "2025-03"),
        ("14. März 2025", "2025-03-14"),
        ("1er août 2024", "2024-08-01"),
        ("3 de marzo de 2025", "2025-03-03"),
        ("  ", ""),
    ],
)
def test_what_journalists_type_is_stored_as_iso(typed: str, stored: str) -> None:
    assert parse_date(typed, "publication date") == stored


def test_date_objects_and_nothing() -> None:
    assert parse_date(date(2024, 2, 29)) == "2024-02-29"
    assert parse_date(datetime(2024, 2, 29, 23, 59)) == "2024-02-29"
    assert parse_date(None) == ""


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("03/04/2025", "could be 3 April 2025 or 4 March 2025"),
        ("2024-02-30", "does not exist in the calendar"),
        ("2025-13", "does not exist in the calendar"),
        ("31/02/2025", "does not exist in the calendar"),
        ("14 March", "has no year"),
        ("yesterday", "is not a valid publication date; write it as 14 March 2025"),
        ("14 March 2025 or so", "is not a valid publication date"),
        ("12", "is not a valid publication date"),
        ("March 14 15 2025", "is not a valid publication date"),
    ],
    ids=["day-or-month", "no-such-day", "no-such-month", "no-31-february", "no-year", "relative", "extra-words",
         "a-number", "two-days"],
)
def test_unreadable_or_ambiguous_dates_are_refused(typed: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        parse_date(typed, "publication date")


@pytest.mark.parametrize(("text", "found"), [
    ("stated on October 22, 2012 in the final debate:", "2012-10-22"),
    ("Veröffentlicht am 14. März 2025 von der Redaktion", "2025-03-14"),
    ("updated 2019-1-5 08:00 by the desk", "2019-01-05"),
    ("first aired in Mar 2025, repeated since", "2025-03"),
    ("2019", "2019"),
    ("on 05/06/2019 (which day?)", ""),  # reads two ways: nothing rather than a guess
    ("the 2012 debate, in 2016 again", ""),  # a year alone inside a sentence is not a date of the text
    ("", ""),
])
def test_dates_are_found_inside_running_text(text: str, found: str) -> None:
    assert find_date(text) == found
