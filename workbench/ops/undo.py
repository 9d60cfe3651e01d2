"""Undo and redo: replay an operation's row images backwards or forwards as a new operation.

Every operation returns the before/after image of each row it touched, so one generic function undoes
any of them, cascades included (deleting a claim also deleted its tag links; undo brings back all).
Undo is itself recorded in the history, so a colleague merging the project sees it as an edit.
"""

from __future__ import annotations

from workbench.store import Changes, Project


def undo_changes(project: Project, *, changes: Changes) -> Changes:
    """Revert what ``changes`` did; returns the changes the revert made (for the UI to refresh)."""
    with project.transaction(f"Undo {changes.op}") as tx:
        # Children were deleted before parents and inserted after them: reverse order keeps keys valid.
        for image in reversed(changes.images):
            tx.restore(image, to_before=True)
    return tx.changes


def redo_changes(project: Project, *, changes: Changes) -> Changes:
    """Apply ``changes`` again after an undo."""
    with project.transaction(f"Redo {changes.op}") as tx:
        for image in changes.images:
            tx.restore(image, to_before=False)
    return tx.changes
