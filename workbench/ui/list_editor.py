"""A small dialog for editing a project list (tags, verdicts): a list with action buttons beside it, and
the add / rename / recolour steps both lists share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from workbench.store import Changes
from workbench.ui.inspector import color_icon
from workbench.ui.operations import OperationRunner


class ListEditor(QDialog):
    """Subclasses give ``rows()`` as (id, label, colour, payload) and the button actions; the list reloads
    after every operation, keeping the current row. A payload starts with the row's id, label and colour."""

    def __init__(self, runner: OperationRunner, title: str, buttons: list[tuple[str, Callable[[], None]]],
                 on_double_click: Callable[[], None]) -> None:
        super().__init__(runner.widget)
        self.runner = runner
        self.setWindowTitle(title)
        layout = QHBoxLayout(self)
        self.list = QListWidget()
        self.list.itemDoubleClicked.connect(lambda _item: on_double_click())
        layout.addWidget(self.list, 1)
        column = QVBoxLayout()
        for label, slot in buttons:
            button = QPushButton(label)
            button.clicked.connect(lambda _=False, s=slot: s())
            column.addWidget(button)
        column.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        column.addWidget(close)
        layout.addLayout(column)
        runner.changed.connect(lambda _c: self.reload())

    def rows(self) -> list[tuple[str, str, str, Any]]:
        raise NotImplementedError

    def reload(self) -> None:
        current = self.current()
        self.list.clear()
        if self.runner.project is None:
            return
        for row_id, label, color, payload in self.rows():
            item = QListWidgetItem(color_icon(color, 14), label)
            item.setData(Qt.ItemDataRole.UserRole, payload)
            self.list.addItem(item)
            if current is not None and current[0] == row_id:
                self.list.setCurrentItem(item)

    def current(self) -> Any:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    # -- steps both lists share ----------------------------------------------------------------------

    def add_named(self, title: str, prompt: str, op: Callable[..., Changes], key: str) -> None:
        """Ask for a name and run ``op(key=name)``."""
        text, ok = QInputDialog.getText(self, title, prompt)
        if ok and text.strip():
            self.runner.run(op, **{key: text})

    def rename_current(self, title: str, prompt: str, op: Callable[..., Changes], id_key: str, key: str) -> None:
        """Ask for the current row's new name and run ``op(id_key=id, key=name)`` if it changed."""
        row = self.current()
        if row:
            text, ok = QInputDialog.getText(self, title, prompt, text=row[1])
            if ok and text.strip() and text != row[1]:
                self.runner.run(op, **{id_key: row[0], key: text})

    def recolor_current(self, op: Callable[..., Changes], id_key: str) -> None:
        """Pick the current row's colour and run ``op(id_key=id, color=...)``."""
        row = self.current()
        if row:
            color = QColorDialog.getColor(QColor(row[2]), self, f"Colour of “{row[1]}”")
            if color.isValid():
                self.runner.run(op, **{id_key: row[0]}, color=color.name())
