"""Exceptions whose message is meant for the journalist, not the programmer.

The UI shows ``str(error)`` in a dialog and the CLI prints it on stderr and exits 1, so every message
must make sense on its own: say what was wrong and, where possible, what to do about it.
"""

from __future__ import annotations


class WorkbenchError(Exception):
    """Base of every error a user can cause and understand."""


class ProjectFileError(WorkbenchError):
    """A file could not be opened as a project (foreign, newer, damaged, locked)."""


class ValidationError(WorkbenchError):
    """An operation was asked to store something invalid; nothing was changed."""


class NotFoundError(WorkbenchError):
    """An id or name given by the user does not exist in the project."""


class ImportFailed(WorkbenchError):
    """A file could not be turned into an article; the project is untouched."""


class StorageError(WorkbenchError):
    """A change could not be written to the project file (disk full, read-only or vanished file, disk
    error). It was rolled back: the file still holds everything saved before, and nothing of this change."""
