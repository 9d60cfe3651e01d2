"""Exceptions whose message is meant for the journalist, not the programmer.

The UI shows ``str(error)`` in a dialog and the CLI prints it on stderr and exits 1, so every message
must make sense on its own: say what was wrong and, where possible, what to do about it. Every error class
of the app lives here, so a layer can catch what a lower one raises without importing it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


class WorkbenchError(Exception):
    """Base of every error a user can cause and understand."""


class ProjectFileError(WorkbenchError):
    """A file could not be opened as a project (foreign, newer, damaged, locked)."""


class OpenCancelled(ProjectFileError):
    """The journalist stopped the opening of a file (its first full read: ``store.trust``); nothing changed."""


class ForeignSchemaError(ProjectFileError):
    """The file holds database objects (triggers, views, tables...) that this app did not make.

    ``differences`` lists them (``store.schema_guard.Difference``: ``kind`` and ``obj``); ``repairable``
    says whether removing them loses nothing (else only salvage is offered).
    """

    def __init__(self, message: str, *, path: Path, differences: list[Any], repairable: bool) -> None:
        super().__init__(message)
        self.path = path
        self.differences = differences
        self.repairable = repairable


class DamagedProjectError(ProjectFileError):
    """The file is a project but SQLite finds it damaged; nothing was written to it."""

    def __init__(self, message: str, *, path: Path) -> None:
        super().__init__(message)
        self.path = path


class PassphraseRequired(ProjectFileError):
    """The file looks like an encrypted project and no passphrase (or key) was given to open it; nothing
    was read beyond its first page. The window asks for one; the command line says how to give it.
    ``salt`` (its first 16 bytes, not secret) names its keychain entry."""

    def __init__(self, message: str, *, path: Path, salt: bytes) -> None:
        super().__init__(message)
        self.path = path
        self.salt = salt


class ProjectInUseError(ProjectFileError):
    """The project is open for editing in another window or process of the app."""

    def __init__(self, message: str, *, pid: int | None, host: str) -> None:
        super().__init__(message)
        self.pid = pid
        self.host = host


class ProjectReadOnlyError(ProjectFileError):
    """The project cannot be written where it is (read-only file, folder, or medium)."""


class BackupFailed(ProjectFileError):
    """A backup could not be written (full disk, no permission); the operation it preceded was not done."""


class BackupBusy(BackupFailed):
    """A background backup gave up because the project kept changing under it (``store.backups.backup_file``)."""


class ValidationError(WorkbenchError):
    """An operation was asked to store something invalid; nothing was changed."""


class NotFoundError(WorkbenchError):
    """An id or name given by the user does not exist in the project."""


class ImportFailed(WorkbenchError):
    """A file could not be turned into an article; the project is untouched."""


class StorageError(WorkbenchError):
    """A change could not be written to the project file (disk full, read-only or vanished file, disk
    error). It was rolled back: the file still holds everything saved before, and nothing of this change."""


class NoSourceText(ImportFailed):
    """A source has no text a quote can be compared with: an empty or scanned file, or a transcript whose
    cues or speaker turns cannot be read. Nothing was changed."""


@contextmanager
def reading_file(name: str, error: type[WorkbenchError], folder: str) -> Iterator[None]:
    """Reading the file ``name``: an OSError becomes ``error`` saying so: no such file, a folder (``folder``
    says what was expected instead), or cannot be read and why."""
    try:
        yield
    except FileNotFoundError:
        raise error(f"{name}: no such file.") from None
    except IsADirectoryError:
        raise error(f"{name}: {folder}") from None
    except OSError as exc:
        raise error(f"{name}: cannot be read ({exc.strerror or exc}).") from exc
