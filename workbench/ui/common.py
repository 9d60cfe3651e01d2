"""Small pieces every widget uses: colours for claims, code-point <-> Qt position mapping, error dialogs."""

from __future__ import annotations

import re
from bisect import bisect_right
from pathlib import Path

from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QMessageBox, QWidget

from workbench.core.model import Claim

# Highlight colour of a claim without tags, by status: warm for work to do, cool for work done.
STATUS_COLORS = {
    "To check": "#ffe082",
    "In progress": "#ffcc80",
    "Checked": "#a5d6a7",
    "Published": "#90caf9",
}


def claim_color(claim: Claim) -> QColor:
    """A claim's highlight colour: its first tag's, else its status's."""
    if claim.tags:
        return QColor(claim.tags[0].color)
    return QColor(STATUS_COLORS.get(claim.status, "#ffe082"))


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


class OffsetMap:
    """Converts between Python string offsets (code points, what the store keeps) and Qt document
    positions (UTF-16 code units). They differ after every character outside the Basic Multilingual
    Plane (emoji, some CJK), which count as two in Qt."""

    def __init__(self, text: str) -> None:
        # Python offsets of astral characters, in order; empty for the common all-BMP article. Found by a
        # regex (C speed): a Python loop over a 1,000,000-character article took ~0.4 s.
        self._astral = [m.start() for m in _ASTRAL.finditer(text)] if not text.isascii() else []
        # The Qt position of each astral character (each one before it adds one extra unit).
        self._astral_qt = [i + n for n, i in enumerate(self._astral)]

    def to_qt(self, offset: int) -> int:
        if not self._astral:
            return offset
        return offset + bisect_right(self._astral, offset - 1)

    def to_py(self, position: int) -> int:
        if not self._astral:
            return position
        # Astral characters that start before this Qt position; a position inside one rounds down.
        return position - bisect_right(self._astral_qt, position - 1)


def show_error(parent: QWidget | None, title: str, message: str) -> None:
    """A modal error dialog with the message a journalist can act on."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, parent)
    box.exec()


def confirm(parent: QWidget | None, title: str, message: str, yes: str = "Delete") -> bool:
    """Ask before something destructive; the safe answer is the default."""
    box = QMessageBox(QMessageBox.Icon.Question, title, message, QMessageBox.StandardButton.NoButton, parent)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is yes_button


def local_files(event: QDragEnterEvent | QDropEvent) -> list[str]:
    """Paths of the existing local files being dragged or dropped (URLs and folders are ignored)."""
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [u.toLocalFile() for u in mime.urls() if u.isLocalFile() and Path(u.toLocalFile()).is_file()]
