"""The verdict scale editor: each project has its own scale (default True … Unverifiable)."""

from __future__ import annotations

from typing import TYPE_CHECKING

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

from workbench import ops
from workbench.store.queries import verdict_scale
from workbench.ui.common import confirm
from workbench.ui.inspector import color_icon

if TYPE_CHECKING:  # the window imports this module; annotations only
    from workbench.ui.main_window import MainWindow


class VerdictEditor(QDialog):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle("Verdict scale")
        layout = QHBoxLayout(self)
        self.list = QListWidget()
        self.list.itemDoubleClicked.connect(lambda _item: self.rename())
        layout.addWidget(self.list, 1)
        buttons = QVBoxLayout()
        for label, slot in (("&Add…", self.add), ("&Rename…", self.rename), ("&Colour…", self.recolor),
                            ("&Delete…", self.delete)):
            button = QPushButton(label)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        window.changed.connect(lambda _c: self.reload())
        self.reload()

    def reload(self) -> None:
        current = self._current()
        self.list.clear()
        if self.window_.project is None:
            return
        for v in verdict_scale(self.window_.project):
            item = QListWidgetItem(color_icon(v.color, 14), v.label)
            item.setData(Qt.ItemDataRole.UserRole, (v.id, v.label, v.color))
            self.list.addItem(item)
            if current and current[0] == v.id:
                self.list.setCurrentItem(item)

    def _current(self) -> tuple[str, str, str] | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def add(self) -> None:
        label, ok = QInputDialog.getText(self, "Add verdict", "Verdict:")
        if ok and label.strip():
            self.window_.run_op(ops.add_verdict, label=label)

    def rename(self) -> None:
        v = self._current()
        if v:
            label, ok = QInputDialog.getText(self, "Rename verdict", "Verdict:", text=v[1])
            if ok and label.strip() and label != v[1]:
                self.window_.run_op(ops.update_verdict, verdict_id=v[0], label=label)

    def recolor(self) -> None:
        v = self._current()
        if v:
            color = QColorDialog.getColor(QColor(v[2]), self, f"Colour of “{v[1]}”")
            if color.isValid():
                self.window_.run_op(ops.update_verdict, verdict_id=v[0], color=color.name())

    def delete(self) -> None:
        v = self._current()
        if v and confirm(self, "Delete verdict", f"Remove “{v[1]}” from this project's scale?"):
            self.window_.run_op(ops.delete_verdict, verdict_id=v[0])
