"""The tag manager: rename, recolour, merge and delete the project's tags."""

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
from workbench.store.queries import list_tags
from workbench.ui.common import confirm
from workbench.ui.inspector import color_icon

if TYPE_CHECKING:  # the window imports this module; annotations only
    from workbench.ui.main_window import MainWindow


class TagManager(QDialog):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle("Tags")
        layout = QHBoxLayout(self)
        self.list = QListWidget()
        self.list.itemDoubleClicked.connect(lambda _item: self.rename())
        layout.addWidget(self.list, 1)
        buttons = QVBoxLayout()
        for label, slot in (("&New…", self.new), ("&Rename…", self.rename), ("&Colour…", self.recolor),
                            ("&Merge into…", self.merge), ("&Delete…", self.delete)):
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
        for tag in list_tags(self.window_.project):
            item = QListWidgetItem(color_icon(tag.color, 14), f"{tag.name}  ({tag.claim_count})")
            item.setData(Qt.ItemDataRole.UserRole, (tag.id, tag.name, tag.color, tag.claim_count))
            self.list.addItem(item)
            if current and tag.id == current[0]:
                self.list.setCurrentItem(item)

    def _current(self) -> tuple[str, str, str, int] | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def new(self) -> None:
        name, ok = QInputDialog.getText(self, "New tag", "Name:")
        if ok and name.strip():
            self.window_.run_op(ops.add_tag, name=name)

    def rename(self) -> None:
        tag = self._current()
        if tag:
            name, ok = QInputDialog.getText(self, "Rename tag", "Name:", text=tag[1])
            if ok and name.strip() and name != tag[1]:
                self.window_.run_op(ops.update_tag, tag_id=tag[0], name=name)

    def recolor(self) -> None:
        tag = self._current()
        if tag:
            color = QColorDialog.getColor(QColor(tag[2]), self, f"Colour of “{tag[1]}”")
            if color.isValid():
                self.window_.run_op(ops.update_tag, tag_id=tag[0], color=color.name())

    def merge(self) -> None:
        tag = self._current()
        if not tag:
            return
        others = [t for t in list_tags(self.window_.project) if t.id != tag[0]]
        if not others:
            return
        names = [t.name for t in others]
        name, ok = QInputDialog.getItem(self, "Merge tags", f"Give the claims of “{tag[1]}” the tag:", names, 0, False)
        if ok:
            target = others[names.index(name)]
            self.window_.run_op(ops.merge_tags, source_tag_id=tag[0], target_tag_id=target.id)

    def delete(self) -> None:
        tag = self._current()
        if tag and confirm(self, "Delete tag",
                           f"Delete the tag “{tag[1]}”? It is used by {tag[3]} claim(s); the claims stay."):
            self.window_.run_op(ops.delete_tag, tag_id=tag[0])
