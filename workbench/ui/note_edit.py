"""A note field (Markdown, plain text) that saves itself after a pause in typing and when focus leaves, so
one undo step is one thought, not one keystroke."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QPlainTextEdit

NOTE_COMMIT_DELAY_MS = 1200


class NoteEdit(QPlainTextEdit):
    """A plain-text (Markdown) note that commits after a pause in typing and when focus leaves."""

    def __init__(self, commit: Callable[[str], bool], placeholder: str) -> None:
        super().__init__()
        self._commit = commit
        self.setPlaceholderText(placeholder)
        self.setTabChangesFocus(True)
        self._timer = QTimer(self, singleShot=True, interval=NOTE_COMMIT_DELAY_MS)
        self._timer.timeout.connect(self.flush)
        self.textChanged.connect(self._on_changed)
        self._loading = False
        self._saved = ""

    @property
    def dirty(self) -> bool:
        """Typed text that is not in the file yet."""
        return self.toPlainText() != self._saved

    def load(self, text: str, *, keep_typing: bool = False) -> None:
        """Show the stored note. With ``keep_typing`` (the same claim refreshed while the journalist
        types), typed text that is not saved yet stays on screen and is still saved later."""
        if keep_typing and self.dirty:
            self._saved = text
            return
        self._timer.stop()
        self._saved = text
        if text != self.toPlainText():
            self._loading = True
            self.setPlainText(text)
            self._loading = False

    def _on_changed(self) -> None:
        if not self._loading:
            self._timer.start()

    def flush(self) -> None:
        self._timer.stop()
        text = self.toPlainText()
        # Marked saved only once the file has it: a refused or failed save stays pending (and visible as
        # such) instead of silently reverting when another claim is shown.
        if text != self._saved and self._commit(text):
            self._saved = text

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.flush()
        super().focusOutEvent(event)
