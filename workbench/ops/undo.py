"""Undo and redo: replay an operation's row images backwards or forwards as a new operation.

Every operation returns the before/after image of each row it touched, so one generic function undoes
any of them, cascades included (deleting a claim also deleted its tag links; undo brings back all).
Undo is itself recorded in the history, so a colleague merging the project sees it as an edit.
"""

from __future__ import annotations

from workbench.ops.base import operation
from workbench.store import Changes, Tx


@operation(lambda *, changes: f"Undo {changes.op}")
def undo_changes(tx: Tx, *, changes: Changes) -> None:
    """Revert what ``changes`` did; returns the changes the revert made (for the UI to refresh)."""
    # Children were deleted before parents and inserted after them: reverse order keeps keys valid.
    for image in reversed(changes.images):
        tx.restore(image, to_before=True)


@operation(lambda *, changes: f"Redo {changes.op}")
def redo_changes(tx: Tx, *, changes: Changes) -> None:
    """Apply ``changes`` again after an undo."""
    for image in changes.images:
        tx.restore(image, to_before=False)
