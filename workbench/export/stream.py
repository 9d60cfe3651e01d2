"""Exports written piece by piece: a 100,000-claim project must not be held in memory as one document.

``stream_json(value)`` yields exactly what ``json.dumps(value, ensure_ascii=False, indent=2)`` would return,
in pieces, where ``value`` may hold ``Lazy`` lists: their items are made (and dropped) one at a time.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

_INDENT = "  "


class Lazy:
    """A list made on demand, item by item (``make()`` returns a fresh iterable each time)."""

    def __init__(self, make: Callable[[], Iterable[Any]]) -> None:
        self.make = make

    def __iter__(self) -> Iterator[Any]:
        return iter(self.make())


def materialize(value: Any) -> Any:
    """``value`` with every Lazy list made into a real list (for callers that want the whole thing)."""
    if isinstance(value, Lazy):
        return [materialize(v) for v in value]
    if isinstance(value, dict):
        return {k: materialize(v) for k, v in value.items()}
    if isinstance(value, list):
        return [materialize(v) for v in value]
    return value


def _holds_lazy(value: Any) -> bool:
    if isinstance(value, Lazy):
        return True
    if isinstance(value, dict):
        return any(_holds_lazy(v) for v in value.values())
    if isinstance(value, list):
        return any(_holds_lazy(v) for v in value)
    return False


def stream_json(value: Any, level: int = 0) -> Iterator[str]:
    """Pieces of ``json.dumps(value, ensure_ascii=False, indent=2)``, Lazy lists made item by item."""
    pad = _INDENT * level
    if not _holds_lazy(value):
        yield json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + pad)
        return
    if isinstance(value, dict):
        items: Iterable[Any] = value.items()
        opening, closing = "{", "}"
    else:
        items = value
        opening, closing = "[", "]"
    first = True
    for item in items:
        yield (f"{opening}\n" if first else ",\n") + pad + _INDENT
        if isinstance(value, dict):
            key, item = item
            yield json.dumps(key, ensure_ascii=False) + ": "
        yield from stream_json(item, level + 1)
        first = False
    yield f"{opening}{closing}" if first else f"\n{pad}{closing}"
