"""Undo/redo for the window: one QUndoCommand per operation, replaying the operation's row images."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoCommand, QUndoStack

from workbench import ops
from workbench.core.errors import WorkbenchError
from workbench.store import Changes, Project, dberrors


class OpCommand(QUndoCommand):
    """An operation that already ran; undo reverts its rows, redo re-applies them.

    The operation runs *before* the command is pushed (so a refused operation never lands on the stack),
    which is why the first ``redo`` that QUndoStack.push calls does nothing.

    An undo or redo that cannot be saved (a full disk) changes nothing in the file, but QUndoStack has
    already moved past the step: with ``stack`` given, the stack is moved back to where it was (without
    replaying this step), so it matches the file and the same Undo can be tried again.
    """

    def __init__(self, project: Project, changes: Changes, notify: Callable[[Changes], None],
                 on_error: Callable[[str], None], stack: QUndoStack | None = None) -> None:
        super().__init__(changes.op)
        self.project = project
        self.changes = changes
        self.notify = notify
        self.on_error = on_error
        self.stack = stack
        self._skip = True  # the next undo/redo call only moves the stack: the file already is in that state

    def redo(self) -> None:
        self._replay(ops.redo_changes)

    def undo(self) -> None:
        self._replay(ops.undo_changes)

    def _replay(self, fn: Callable[..., Changes]) -> None:
        if self._skip:
            self._skip = False
            return
        try:
            self.notify(fn(self.project, changes=self.changes))
        except (WorkbenchError, *dberrors.Error) as exc:
            self.on_error(f"“{self.changes.op}” could not be undone or redone: {exc}")
            if self.stack is not None:
                # QUndoStack sets its new index after this returns: step back once it has. The index read
                # now is the one before this undo/redo; setting it twice (several steps of one batch
                # failing) is harmless.
                self._skip = True
                stack, index = self.stack, self.stack.index()
                QTimer.singleShot(0, stack, lambda: stack.setIndex(index))
