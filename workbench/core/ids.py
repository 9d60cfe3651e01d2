"""Ids and time stamps shared by every layer.

Every row in a project file has a random UUID so that two copies of one project can be merged
deterministically, and UTC ISO 8601 time stamps that sort as text.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta


def new_id() -> str:
    """A fresh random UUID as text."""
    import uuid  # here, not at the top: uuid (and the platform module it loads) cost start-up time

    return str(uuid.uuid4())


_clock_lock = threading.Lock()
_last_stamp = datetime.min.replace(tzinfo=UTC)


def utc_now() -> str:
    """The current time as UTC ISO 8601 with milliseconds, e.g. ``2024-10-20T08:00:00.123Z``.

    Milliseconds matter: merge decides "newer wins" by comparing these strings, and two edits in one
    second are common when a journalist clicks through a list. Within one process the stamps strictly
    increase (a clash or a clock stepping back gives the last stamp + 1 ms), so rows made one after the
    other always sort in the order they were made.
    """
    global _last_stamp
    with _clock_lock:
        current = datetime.now(UTC)
        now = current.replace(microsecond=current.microsecond // 1000 * 1000)
        if now <= _last_stamp:
            now = _last_stamp + timedelta(milliseconds=1)
        _last_stamp = now
    return now.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
