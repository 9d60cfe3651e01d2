"""The verdict scale editor: each project has its own scale (default True … Unverifiable)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog, QInputDialog

from workbench import ops
from workbench.store.queries import verdict_scale
from workbench.ui.common import confirm
from workbench.ui.list_editor import ListEditor

if TYPE_CHECKING:  # the window imports this module; annotations only
    from workbench.ui.main_window import MainWindow


class VerdictEditor(ListEditor):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window, "Verdict scale", [("&Add…", self.add), ("&Rename…", self.rename),
                                                   ("&Colour…", self.recolor), ("&Delete…", self.delete)],
                         self.rename)
        self.reload()

    def rows(self) -> list[tuple[str, str, str, tuple[str, str, str]]]:
        return [(v.id, v.label, v.color, (v.id, v.label, v.color)) for v in verdict_scale(self.window_.project)]

    def add(self) -> None:
        label, ok = QInputDialog.getText(self, "Add verdict", "Verdict:")
        if ok and label.strip():
            self.window_.run_op(ops.add_verdict, label=label)

    def rename(self) -> None:
        v = self.current()
        if v:
            label, ok = QInputDialog.getText(self, "Rename verdict", "Verdict:", text=v[1])
            if ok and label.strip() and label != v[1]:
                self.window_.run_op(ops.update_verdict, verdict_id=v[0], label=label)

    def recolor(self) -> None:
        v = self.current()
        if v:
            color = QColorDialog.getColor(QColor(v[2]), self, f"Colour of “{v[1]}”")
            if color.isValid():
                self.window_.run_op(ops.update_verdict, verdict_id=v[0], color=color.name())

    def delete(self) -> None:
        v = self.current()
        if v and confirm(self, "Delete verdict", f"Remove “{v[1]}” from this project's scale?"):
            self.window_.run_op(ops.delete_verdict, verdict_id=v[0])
