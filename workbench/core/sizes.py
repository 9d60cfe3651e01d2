"""Byte counts as people say them, for every message and list that shows a file's size."""

from __future__ import annotations


def human_size(n: int) -> str:
    """``1 byte``, ``812 bytes``, ``3 KB``, ``3.4 KB``, ``73.4 MB``, ``2.1 GB`` (powers of 1024; a whole
    number shows no decimal)."""
    if n < 1024:
        return "1 byte" if n == 1 else f"{n} bytes"
    value = float(n)
    for unit in ("KB", "MB", "GB", "TB"):
        value /= 1024
        if value < 1024 or unit == "TB":
            break
    return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
