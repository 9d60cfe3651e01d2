"""The dialogs that edit the project's lists: Tools → Tags… (rename, recolour, merge and delete tags) and
Tools → Verdict scale… (each project has its own scale, default True … Unverifiable).

Both are a ``ListEditor``: the list with Add, Rename, Colour (and any extra command) and Delete beside it,
described by a ``ListKind`` (the words and the operations); every step runs through the operation runner
and the list reloads after it, keeping the current row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog, QDialog, QHBoxLayout, QInputDialog, QListWidget, QPushButton, QVBoxLayout

from workbench import ops
from workbench.store import Changes
from workbench.store.queries import list_tags, verdict_scale
from workbench.ui.common import add_list_item, close_buttons, confirm
from workbench.ui.operations import OperationRunner


@dataclass(frozen=True)
class ListKind:
    """What a list is called and which operations change it."""

    title: str  # the dialog's title
    noun: str  # one entry, lower case: "tag"
    add_label: str  # the add button
    prompt: str  # asking for a name
    name_key: str  # the operations' keyword for the name
    id_key: str  # ... and for the entry's id
    add: Callable[..., Changes]
    update: Callable[..., Changes]
    delete: Callable[..., Changes]


@dataclass(frozen=True)
class Row:
    """One entry as the list shows it."""

    id: str
    name: str
    color: str
    uses: int = 0  # claims using it, where that matters


class ListEditor(QDialog):
    """Subclasses give ``KIND``, ``rows()``, ``delete_question(row)`` and any ``extra_buttons()``."""

    KIND: ListKind

    def __init__(self, runner: OperationRunner) -> None:
        super().__init__(runner.widget)
        self.runner = runner
        kind = self.KIND
        self.setWindowTitle(kind.title)
        layout = QHBoxLayout(self)
        self.list = QListWidget()
        self.list.itemDoubleClicked.connect(lambda _item: self.rename())
        layout.addWidget(self.list, 1)
        column = QVBoxLayout()
        for label, slot in [(kind.add_label, self.add), ("&Rename…", self.rename), ("&Colour…", self.recolor),
                            *self.extra_buttons(), ("&Delete…", self.delete)]:
            button = QPushButton(label)
            button.clicked.connect(lambda _=False, s=slot: s())
            column.addWidget(button)
        column.addStretch(1)
        column.addWidget(close_buttons(self))
        layout.addLayout(column)
        runner.changed.connect(lambda _c: self.reload())
        self.reload()

    def rows(self) -> list[Row]:
        raise NotImplementedError

    def label(self, row: Row) -> str:
        return row.name

    def delete_question(self, row: Row) -> str:
        raise NotImplementedError

    def extra_buttons(self) -> list[tuple[str, Callable[[], None]]]:
        return []

    def reload(self) -> None:
        current = self.current()
        self.list.clear()
        if self.runner.project is None:
            return
        for row in self.rows():
            item = add_list_item(self.list, self.label(row), row, color=row.color, icon_size=14)
            if current is not None and current.id == row.id:
                self.list.setCurrentItem(item)

    def current(self) -> Row | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    # -- the steps -----------------------------------------------------------------------------------

    def add(self) -> None:
        kind = self.KIND
        text, ok = QInputDialog.getText(self, f"{kind.add_label.strip('&…')} {kind.noun}", kind.prompt)
        if ok and text.strip():
            self.runner.run(kind.add, **{kind.name_key: text})

    def rename(self) -> None:
        kind, row = self.KIND, self.current()
        if row:
            text, ok = QInputDialog.getText(self, f"Rename {kind.noun}", kind.prompt, text=row.name)
            if ok and text.strip() and text != row.name:
                self.runner.run(kind.update, **{kind.id_key: row.id, kind.name_key: text})

    def recolor(self) -> None:
        kind, row = self.KIND, self.current()
        if row:
            color = QColorDialog.getColor(QColor(row.color), self, f"Colour of “{row.name}”")
            if color.isValid():
                self.runner.run(kind.update, **{kind.id_key: row.id}, color=color.name())

    def delete(self) -> None:
        kind, row = self.KIND, self.current()
        if row and confirm(self, f"Delete {kind.noun}", self.delete_question(row)):
            self.runner.run(kind.delete, **{kind.id_key: row.id})


class TagManager(ListEditor):
    KIND = ListKind("Tags", "tag", "&New…", "Name:", "name", "tag_id", ops.add_tag, ops.update_tag, ops.delete_tag)

    def rows(self) -> list[Row]:
        return [Row(t.id, t.name, t.color, t.claim_count) for t in list_tags(self.runner.project)]

    def label(self, row: Row) -> str:
        return f"{row.name}  ({row.uses})"

    def delete_question(self, row: Row) -> str:
        return f"Delete the tag “{row.name}”? It is used by {row.uses} claim(s); the claims stay."

    def extra_buttons(self) -> list[tuple[str, Callable[[], None]]]:
        return [("&Merge into…", self.merge)]

    def merge(self) -> None:
        tag = self.current()
        if not tag:
            return
        others = [t for t in list_tags(self.runner.project) if t.id != tag.id]
        if not others:
            return
        names = [t.name for t in others]
        name, ok = QInputDialog.getItem(self, "Merge tags", f"Give the claims of “{tag.name}” the tag:",
                                        names, 0, False)
        if ok:
            target = others[names.index(name)]
            self.runner.run(ops.merge_tags, source_tag_id=tag.id, target_tag_id=target.id)


class VerdictEditor(ListEditor):
    KIND = ListKind("Verdict scale", "verdict", "&Add…", "Verdict:", "label", "verdict_id", ops.add_verdict,
                    ops.update_verdict, ops.delete_verdict)

    def rows(self) -> list[Row]:
        return [Row(v.id, v.label, v.color) for v in verdict_scale(self.runner.project)]

    def delete_question(self, row: Row) -> str:
        return f"Remove “{row.name}” from this project's scale?"
