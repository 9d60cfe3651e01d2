"""What the window shows with no project open: New, Open, the recent projects (with folder and date) and
the sample — instead of an empty reader hinting at commands that need a project."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from workbench import APP_NAME

ENCRYPTED_NOTE = "encrypted"


def describe_recent(path: str) -> tuple[str, str]:
    """(name, "folder · last changed") of a recent project, for menus and the welcome list; for an
    encrypted project only its name ("encrypted" beside it): where it is kept is nobody's business."""
    from workbench.store import cipher

    p = Path(path)
    if cipher.file_kind(p) == "encrypted":
        return p.name, ENCRYPTED_NOTE
    try:
        changed = time.strftime("%Y-%m-%d %H:%M", time.localtime(p.stat().st_mtime))
    except OSError:
        changed = "missing"
    folder = str(p.parent)
    home = str(Path.home())
    if folder == home or folder.startswith(home + "/"):
        folder = "~" + folder[len(home):]
    return p.name, f"{folder} · {changed}"


class WelcomePage(QWidget):
    """Start here: buttons for a new project, an existing one, the sample, and the recent projects."""

    def __init__(self, new: Callable[[], None], open_dialog: Callable[[], None], open_path: Callable[[str], object],
                 open_sample: Callable[[], None]) -> None:
        super().__init__()
        self._open_path = open_path
        column = QVBoxLayout(self)
        column.setContentsMargins(48, 36, 48, 36)
        title = QLabel(f"<h2>{APP_NAME}</h2>No project is open. A project file keeps articles, claims, sources "
                       "and verdicts together.")
        title.setWordWrap(True)
        column.addWidget(title)
        row = QHBoxLayout()
        for text, slot, tip in (("&New project…", new, "Create an empty project file"),
                                ("&Open project…", open_dialog, "Open a .fcproj file"),
                                ("Open the &sample project", open_sample,
                                 "A real wire story with three attributed quotes, to try things out")):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(lambda _=False, s=slot: s())
            row.addWidget(button)
        row.addStretch(1)
        column.addLayout(row)
        self.recent_label = QLabel("&Recent projects")
        column.addWidget(self.recent_label)
        self.recent = QListWidget()
        self.recent.setAlternatingRowColors(True)
        self.recent.itemActivated.connect(lambda item: self._open_path(item.data(Qt.ItemDataRole.UserRole)))
        self.recent_label.setBuddy(self.recent)
        column.addWidget(self.recent, 1)

    def show_recent(self, paths: list[str]) -> None:
        """List the recent projects that still exist (Enter or double-click opens one)."""
        self.recent.clear()
        for path in paths:
            name, where = describe_recent(path)
            item = QListWidgetItem(f"{name}\n{where}")
            item.setData(Qt.ItemDataRole.UserRole, path)
            item.setToolTip(name if where == ENCRYPTED_NOTE else path)
            self.recent.addItem(item)
        self.recent_label.setVisible(bool(paths))
        self.recent.setVisible(bool(paths))
        if paths:
            self.recent.setCurrentRow(0)
