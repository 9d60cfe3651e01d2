"""A small dialog for editing a project list (tags, verdicts): a list with action buttons beside it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from workbench.ui.inspector import color_icon

if TYPE_CHECKING:  # the window imports this module; annotations only
    from workbench.ui.main_window import MainWindow


class ListEditor(QDialog):
    """Subclasses give ``rows()`` as (id, label, colour, payload) and the button actions; the list reloads
    after every operation, keeping the current row."""

    def __init__(self, window: MainWindow, title: str, buttons: list[tuple[str, Callable[[], None]]],
                 on_double_click: Callable[[], None]) -> None:
        super().__init__(window)
        self.window_ = window
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
        window.changed.connect(lambda _c: self.reload())

    def rows(self) -> list[tuple[str, str, str, Any]]:
        raise NotImplementedError

    def reload(self) -> None:
        current = self.current()
        self.list.clear()
        if self.window_.project is None:
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
