"""The operation runner: the one object through which the window's panels and dialogs change the open project.

It owns the open ``Project``, the undo stack and the two signals every view refreshes from:
``changed`` (a ``Changes`` record, after an operation, an undo or a redo) and ``project_opened`` (the new
project, or None). ``run`` is the only way a panel edits: it runs a verb-noun operation from
``workbench.ops``, turns a refusal or a failed write into a dialog, puts the step on the undo stack and
emits ``changed``. Panels never refresh themselves from inside an operation, only from that signal (as
Anki's screens do from ``OpChanges``).

A panel that holds typed text not yet saved connects to ``flush_requested`` (save it now: an undo, a
merge or closing the project comes next); one that holds the project for work of its own (a background
import, a backup copy) connects to ``closing`` (let go of it: the project is about to be closed or
replaced).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import QWidget

from workbench.core.errors import StorageError, WorkbenchError
from workbench.store import Changes, Project, dberrors
from workbench.ui.common import show_error
from workbench.ui.undo import OpCommand


class OperationRunner(QObject):
    """The open project, its undo stack, and running operations on it; see the module docstring."""

    changed = Signal(object)  # Changes, after an operation, an undo or a redo
    project_opened = Signal(object)  # the Project now open, or None after closing
    closing = Signal()  # the open project is about to be closed or replaced
    flush_requested = Signal()  # save typed text now: an undo, a merge or a close comes next
    status_message = Signal(str, int)  # text and milliseconds, for the window's status bar

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        # The window: parent of the error dialogs shown on an operation's behalf.
        self.widget = widget
        self._project: Project | None = None
        self.undo_stack = QUndoStack(self)

    @property
    def project(self) -> Project | None:
        """The open project, or None."""
        return self._project

    # -- running -------------------------------------------------------------------------------------

    def attempt(self, op: Callable[..., Changes], /, **kwargs: Any) -> Changes | None:
        """Run an operation on the open project without recording it; a refusal or a failed write becomes
        a dialog and None. ``run`` is what panels want; this is for callers that ``push`` themselves."""
        if self._project is None:
            return None
        try:
            return op(self._project, **kwargs)
        except StorageError as exc:  # disk full, file gone...: the message says what to do about it
            self.show_error("Not saved", str(exc))
        except WorkbenchError as exc:
            self.show_error("Not done", str(exc))
        except dberrors.Error as exc:
            self.show_error("Not saved", f"The change could not be written to the project file ({exc}). "
                                         "Everything saved before is safe.")
        return None

    def run(self, op: Callable[..., Changes], /, **kwargs: Any) -> Changes | None:
        """Run an operation as one undoable step and tell every view what changed; errors become a dialog
        (None). ``op`` is called as ``op(project, **kwargs)``."""
        changes = self.attempt(op, **kwargs)
        if changes is not None:
            self.push(changes)
        return changes

    def push(self, changes: Changes) -> None:
        """Put an operation that ran on the undo stack and emit ``changed`` (nothing for a no-op)."""
        if changes.images and self._project is not None:
            self.undo_stack.push(OpCommand(self._project, changes, self.changed.emit,
                                           lambda message: self.show_error("Undo", message), self.undo_stack))
            self.changed.emit(changes)

    def run_final(self, op: Callable[..., Changes], /, **kwargs: Any) -> Changes | None:
        """Run an operation that cannot sit on the undo stack (a merge: undoing it would record the
        colleague's work as deleted and spread those deletions back to them). The steps before it cannot
        be undone either, as their row images predate it; the operation's own backup is the way back."""
        self.flush_requested.emit()
        changes = self.attempt(op, **kwargs)
        if changes is not None:
            self.undo_stack.clear()
            self.changed.emit(changes)
        return changes

    def undo(self) -> None:
        # What is typed but not saved is saved first, so undo steps back through it like any edit.
        self.flush_requested.emit()
        self.undo_stack.undo()

    def redo(self) -> None:
        self.flush_requested.emit()
        self.undo_stack.redo()

    # -- the project ---------------------------------------------------------------------------------

    def set_project(self, project: Project | None) -> None:
        """Close the open project (after ``closing``: pending typing saved, background work let go) and
        make ``project`` the open one; its undo stack starts empty."""
        self.closing.emit()
        self.undo_stack.clear()
        if self._project is not None:
            self._project.close()
        self._project = project
        self.project_opened.emit(project)

    def enable_with_project(self, action: QAction,
                            rule: Callable[[Project | None], bool] = lambda p: p is not None) -> None:
        """Keep ``action`` enabled exactly while ``rule(open project)`` holds (default: a project is open)."""
        action.setEnabled(rule(self._project))
        self.project_opened.connect(lambda project: action.setEnabled(rule(project)))

    # -- telling the journalist ----------------------------------------------------------------------

    def show_error(self, title: str, message: str) -> None:
        """A modal error dialog over the window."""
        show_error(self.widget, title, message)

    def show_status(self, message: str, msecs: int = 5000) -> None:
        """A passing note in the window's status bar."""
        self.status_message.emit(message, msecs)
