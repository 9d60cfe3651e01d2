"""Finds text a person cannot read because its widget is too small: what a screenshot at 1280×720 shows
cut off ("New a… board"), checked on the widgets themselves so it runs offscreen in light and dark."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QWidget,
)


def clipped(root: QWidget) -> list[str]:
    """Every visible widget under ``root`` whose text does not fit it, described for an assertion message."""
    found = []
    for w in root.findChildren(QWidget):
        if not w.isVisible() or w.width() <= 0 or w.visibleRegion().isEmpty():
            continue
        fm = w.fontMetrics()
        if isinstance(w, QLabel) and w.text() and not w.wordWrap() and w.pixmap().isNull():
            plain = w.text() if "<" not in w.text() else ""
            if plain and fm.horizontalAdvance(plain.replace("&", "")) > w.contentsRect().width() + 1:
                found.append(f"label {plain!r}: {w.width()} px wide")
        elif isinstance(w, QLabel) and w.wordWrap() and w.text():
            if w.heightForWidth(w.width()) > w.height() + 2:
                found.append(f"label {w.text()[:40]!r}: {w.height()} px tall, needs {w.heightForWidth(w.width())}")
        elif isinstance(w, (QCheckBox, QRadioButton, QAbstractButton)) and w.text():
            if w.sizeHint().width() > w.width() + 1:
                found.append(f"button {w.text()!r}: {w.width()} px wide, needs {w.sizeHint().width()}")
        elif isinstance(w, QLineEdit) and not isinstance(w.parent(), QComboBox):
            text = w.text() or w.placeholderText()
            room = w.width() - 12  # frame and text margins
            if text and fm.horizontalAdvance(text) > room and len(text) < 60:
                found.append(f"field {text!r}: {w.width()} px wide, needs {fm.horizontalAdvance(text) + 12}")
        elif isinstance(w, QComboBox) and w.currentText() and fm.horizontalAdvance(w.currentText()) + 30 > w.width():
            found.append(f"choice {w.currentText()!r}: {w.width()} px wide")
    return found
