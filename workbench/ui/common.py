"""Small pieces every widget uses: colours for claims, code-point <-> Qt position mapping, error and question
dialogs, the project-file pickers, the busy cursor, and accepting dropped files."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from workbench.core.model import Claim
from workbench.store import SUFFIX

PROJECT_FILTER = f"Fact-Check projects (*{SUFFIX})"

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


class FileDropTarget:
    """Mixin for a widget that takes dropped files: ``accepts_drops()`` says whether it takes them now,
    ``files_dropped(paths, event)`` gets the local files. Mixed in before the Qt widget class."""

    def accepts_drops(self) -> bool:
        raise NotImplementedError

    def files_dropped(self, paths: list[str], event: QDropEvent) -> None:
        raise NotImplementedError

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.accepts_drops() and local_files(event):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self.accepts_drops():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = local_files(event)
        if files and self.accepts_drops():
            event.acceptProposedAction()
            self.files_dropped(files, event)


# -- project files ---------------------------------------------------------------------------------------


def ask_project_to_open(parent: QWidget | None, title: str, folder: Path) -> Path | None:
    """Pick an existing project file (any file may be tried); None if cancelled."""
    path, _ = QFileDialog.getOpenFileName(parent, title, str(folder), f"{PROJECT_FILTER};;All files (*)")
    return Path(path) if path else None


def ask_project_to_save(parent: QWidget | None, title: str, default: Path, *,
                        confirm_overwrite: bool = True) -> Path | None:
    """Pick where a project file goes (the suffix added if the journalist left it out); None if cancelled.
    Without ``confirm_overwrite`` the dialog does not offer to replace a file: for callers that never do."""
    options = QFileDialog.Option(0) if confirm_overwrite else QFileDialog.Option.DontConfirmOverwrite
    path, _ = QFileDialog.getSaveFileName(parent, title, str(default), PROJECT_FILTER, options=options)
    if not path:
        return None
    return Path(path if path.endswith(SUFFIX) else path + SUFFIX)


# -- waiting ---------------------------------------------------------------------------------------------


@contextmanager
def busy(parent: QWidget | None, text: str = "") -> Iterator[None]:
    """A wait cursor (and, with ``text``, a "Please wait" note over ``parent``) while a long step runs on
    the window's thread (the project's connection belongs to that thread)."""
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    note: QProgressDialog | None = None
    try:
        if text:
            note = QProgressDialog(text, "", 0, 0, parent)
            note.setWindowTitle("Please wait")
            note.setCancelButton(None)
            note.setWindowModality(Qt.WindowModality.WindowModal)
            note.setMinimumDuration(0)
            note.show()
            QCoreApplication.processEvents()
        yield
    finally:
        if note is not None:
            note.close()
            note.deleteLater()
        QGuiApplication.restoreOverrideCursor()

