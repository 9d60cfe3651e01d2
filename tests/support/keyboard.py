"""Typing into the window's fields the way a journalist does (focus, select what is there, type over it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLineEdit

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot


def type_over(qtbot: QtBot, field: QLineEdit, text: str) -> None:
    """Put the cursor in ``field``, select its text and type ``text`` over it, key by key (nothing pressed
    after: whether the value is saved is up to what the test does next)."""
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)
