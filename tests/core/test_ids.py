"""Ids and time stamps: every row gets a random UUID (so copies merge) and UTC ISO 8601 times that sort
as text (merge compares them as strings)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from workbench.core.ids import new_id, utc_now


def test_new_id_is_a_random_uuid_in_canonical_text_form() -> None:
    ids = {new_id() for _ in range(1000)}
    assert len(ids) == 1000
    for value in list(ids)[:20]:
        parsed = uuid.UUID(value)
        assert parsed.version == 4
        assert str(parsed) == value


def test_utc_now_is_iso8601_utc_with_milliseconds() -> None:
    stamp = utc_now()
    assert len(stamp) == len("2024-10-20T08:00:00.123Z")
    assert stamp.endswith("Z")
    parsed = datetime.fromisoformat(stamp)
    assert parsed.utcoffset() == timedelta(0)
    assert abs(datetime.now(UTC) - parsed) < timedelta(seconds=5)


def test_utc_now_sorts_as_text_in_time_order() -> None:
    stamps = [utc_now() for _ in range(50)]
    assert stamps == sorted(stamps)


def test_time_stamps_strictly_increase_within_a_process() -> None:
    """Rows made one after the other sort in the order they were made, even within one millisecond."""
    from workbench.core.ids import utc_now

    stamps = [utc_now() for _ in range(2000)]
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)
