"""Undo/redo for the window: one QUndoCommand per operation, replaying the operation's row images."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from workbench.core.errors import WorkbenchError
from workbench.ops import redo_changes, undo_changes
from workbench.store import Changes, Project


class OpCommand(QUndoCommand):
    """An operation that already ran; undo reverts its rows, redo re-applies them.

    The operation runs *before* the command is pushed (so a refused operation never lands on the stack),
    which is why the first ``redo`` that QUndoStack.push calls does nothing.
    """

    def __init__(self, project: Project, changes: Changes, notify: Callable[[Changes], None],
                 on_error: Callable[[str], None]) -> None:
        super().__init__(changes.op)
        self.project = project
        self.changes = changes
        self.notify = notify
        self.on_error = on_error
        self._pushed = False

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True
            return
        self._replay(redo_changes)

    def undo(self) -> None:
        self._replay(undo_changes)

    def _replay(self, fn: Callable[..., Changes]) -> None:
        try:
            self.notify(fn(self.project, changes=self.changes))
        except (WorkbenchError, sqlite3.Error) as exc:
            self.on_error(f"“{self.changes.op}” could not be undone or redone: {exc}")
