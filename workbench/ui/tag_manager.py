"""The tag manager: rename, recolour, merge and delete the project's tags."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog

from workbench import ops
from workbench.store.queries import list_tags
from workbench.ui.common import confirm
from workbench.ui.list_editor import ListEditor
from workbench.ui.operations import OperationRunner


class TagManager(ListEditor):
    def __init__(self, runner: OperationRunner) -> None:
        super().__init__(runner, "Tags", [
            ("&New…", lambda: self.add_named("New tag", "Name:", ops.add_tag, "name")),
            ("&Rename…", self.rename),
            ("&Colour…", lambda: self.recolor_current(ops.update_tag, "tag_id")),
            ("&Merge into…", self.merge),
            ("&Delete…", self.delete),
        ], self.rename)
        self.reload()

    def rows(self) -> list[tuple[str, str, str, tuple[str, str, str, int]]]:
        return [(t.id, f"{t.name}  ({t.claim_count})", t.color, (t.id, t.name, t.color, t.claim_count))
                for t in list_tags(self.runner.project)]

    def rename(self) -> None:
        self.rename_current("Rename tag", "Name:", ops.update_tag, "tag_id", "name")

    def merge(self) -> None:
        tag = self.current()
        if not tag:
            return
        others = [t for t in list_tags(self.runner.project) if t.id != tag[0]]
        if not others:
            return
        names = [t.name for t in others]
        name, ok = QInputDialog.getItem(self, "Merge tags", f"Give the claims of “{tag[1]}” the tag:",
                                        names, 0, False)
        if ok:
            target = others[names.index(name)]
            self.runner.run(ops.merge_tags, source_tag_id=tag[0], target_tag_id=target.id)

    def delete(self) -> None:
        tag = self.current()
        if tag and confirm(self, "Delete tag",
                           f"Delete the tag “{tag[1]}”? It is used by {tag[3]} claim(s); the claims stay."):
            self.runner.run(ops.delete_tag, tag_id=tag[0])
