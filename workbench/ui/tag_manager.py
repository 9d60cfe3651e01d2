"""The tag manager: rename, recolour, merge and delete the project's tags."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog, QInputDialog

from workbench import ops
from workbench.store.queries import list_tags
from workbench.ui.common import confirm
from workbench.ui.list_editor import ListEditor

if TYPE_CHECKING:  # the window imports this module; annotations only
    from workbench.ui.main_window import MainWindow


class TagManager(ListEditor):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window, "Tags", [("&New…", self.new), ("&Rename…", self.rename),
                                          ("&Colour…", self.recolor), ("&Merge into…", self.merge),
                                          ("&Delete…", self.delete)], self.rename)
        self.reload()

    def rows(self) -> list[tuple[str, str, str, tuple[str, str, str, int]]]:
        return [(t.id, f"{t.name}  ({t.claim_count})", t.color, (t.id, t.name, t.color, t.claim_count))
                for t in list_tags(self.window_.project)]

    def new(self) -> None:
        name, ok = QInputDialog.getText(self, "New tag", "Name:")
        if ok and name.strip():
            self.window_.run_op(ops.add_tag, name=name)

    def rename(self) -> None:
        tag = self.current()
        if tag:
            name, ok = QInputDialog.getText(self, "Rename tag", "Name:", text=tag[1])
            if ok and name.strip() and name != tag[1]:
                self.window_.run_op(ops.update_tag, tag_id=tag[0], name=name)

    def recolor(self) -> None:
        tag = self.current()
        if tag:
            color = QColorDialog.getColor(QColor(tag[2]), self, f"Colour of “{tag[1]}”")
            if color.isValid():
                self.window_.run_op(ops.update_tag, tag_id=tag[0], color=color.name())

    def merge(self) -> None:
        tag = self.current()
        if not tag:
            return
        others = [t for t in list_tags(self.window_.project) if t.id != tag[0]]
        if not others:
            return
        names = [t.name for t in others]
        name, ok = QInputDialog.getItem(self, "Merge tags", f"Give the claims of “{tag[1]}” the tag:",
                                        names, 0, False)
        if ok:
            target = others[names.index(name)]
            self.window_.run_op(ops.merge_tags, source_tag_id=tag[0], target_tag_id=target.id)

    def delete(self) -> None:
        tag = self.current()
        if tag and confirm(self, "Delete tag",
                           f"Delete the tag “{tag[1]}”? It is used by {tag[3]} claim(s); the claims stay."):
            self.window_.run_op(ops.delete_tag, tag_id=tag[0])
