"""The find bar under the article (Ctrl+F): find within the open article as you type."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QTextCursor, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from workbench.ui.reader import ArticleReader


class FindBar(QWidget):
    """Find within the open article (Ctrl+F): Enter finds next, Shift+Enter previous, Esc closes."""

    def __init__(self, reader: ArticleReader) -> None:
        super().__init__()
        self.reader = reader
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(QLabel("Find:"))
        self.field = QLineEdit(placeholderText="Find in this article", clearButtonEnabled=True)
        self.field.returnPressed.connect(self.find_next)
        self.field.textChanged.connect(lambda _t: self.find_next(from_start=True))
        layout.addWidget(self.field, 1)
        for label, slot in (("Previous", self.find_previous), ("Next", self.find_next)):
            button = QPushButton(label)
            button.clicked.connect(lambda _=False, s=slot: s())
            layout.addWidget(button)
        self.status = QLabel()
        layout.addWidget(self.status)
        close = QPushButton("Close")
        close.clicked.connect(self.hide)
        layout.addWidget(close)
        self.hide()

    def open(self) -> None:
        self.show()
        selected = self.reader.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.field.setText(selected)
        self.field.setFocus()
        self.field.selectAll()

    def find_next(self, from_start: bool = False) -> None:
        self._find(backward=False, from_start=from_start)

    def find_previous(self) -> None:
        self._find(backward=True)

    def _find(self, backward: bool, from_start: bool = False) -> None:
        needle = self.field.text()
        if not needle:
            self.status.clear()
            return
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        if from_start:
            cursor = self.reader.textCursor()
            cursor.setPosition(cursor.selectionStart())
            self.reader.setTextCursor(cursor)
        found = self.reader.find(needle, flags)
        if not found:  # wrap around
            cursor = self.reader.textCursor()
            cursor.movePosition(QTextCursor.MoveOperation.End if backward else QTextCursor.MoveOperation.Start)
            self.reader.setTextCursor(cursor)
            found = self.reader.find(needle, flags)
        self.status.setText("" if found else "not found")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
            self.reader.setFocus()
            return
        shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and shift:
            self.find_previous()
            return
        super().keyPressEvent(event)
