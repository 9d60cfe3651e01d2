"""The verdict scale editor: each project has its own scale (default True … Unverifiable)."""

from __future__ import annotations

from workbench import ops
from workbench.store.queries import verdict_scale
from workbench.ui.common import confirm
from workbench.ui.list_editor import ListEditor
from workbench.ui.operations import OperationRunner


class VerdictEditor(ListEditor):
    def __init__(self, runner: OperationRunner) -> None:
        super().__init__(runner, "Verdict scale", [
            ("&Add…", lambda: self.add_named("Add verdict", "Verdict:", ops.add_verdict, "label")),
            ("&Rename…", self.rename),
            ("&Colour…", lambda: self.recolor_current(ops.update_verdict, "verdict_id")),
            ("&Delete…", self.delete),
        ], self.rename)
        self.reload()

    def rows(self) -> list[tuple[str, str, str, tuple[str, str, str]]]:
        return [(v.id, v.label, v.color, (v.id, v.label, v.color)) for v in verdict_scale(self.runner.project)]

    def rename(self) -> None:
        self.rename_current("Rename verdict", "Verdict:", ops.update_verdict, "verdict_id", "label")

    def delete(self) -> None:
        v = self.current()
        if v and confirm(self, "Delete verdict", f"Remove “{v[1]}” from this project's scale?"):
            self.runner.run(ops.delete_verdict, verdict_id=v[0])
