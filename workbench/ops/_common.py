"""Helpers shared by the operations: the "not given" sentinel and value validation."""

from __future__ import annotations

import re
from typing import Any, Final

from workbench.core.errors import ValidationError


class _Unset:
    """Marks a keyword argument the caller did not give (None/"" are real values for some fields)."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final[Any] = _Unset()

_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


def clean_color(color: str) -> str:
    """A ``#rrggbb`` colour in lower case, or ValidationError."""
    color = (color or "").strip()
    if not _COLOR.match(color):
        raise ValidationError(f"'{color}' is not a colour; use the form #rrggbb, e.g. #ffd54f.")
    return color.lower()


def clean_name(value: str, what: str, limit: int = 200) -> str:
    """A trimmed, non-empty, single-line name of at most ``limit`` characters."""
    value = " ".join((value or "").split())
    if not value:
        raise ValidationError(f"The {what} cannot be empty.")
    if len(value) > limit:
        raise ValidationError(f"The {what} is too long ({len(value)} characters; at most {limit}).")
    return value


def given(**values: Any) -> dict[str, Any]:
    """The keyword arguments that were actually passed."""
    return {k: v for k, v in values.items() if v is not UNSET}
