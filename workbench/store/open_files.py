"""The one record of project files this process has open, keyed by the file's identity.

Two things are kept per file: the editing lock this process holds on it (``store.lock``; shared by every
editor of the file in this process, since an OS lock taken twice by one process would refuse itself), and
how many projects are open on it after passing the open checks (``store.trust``: such a file need not be
read through again). A file is known by its device and inode, not its path, so a symbolic or hard link to
an open project is the same file, and a different file put at the same path (a sync client, a colleague's
copy) is not.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workbench.store.lock import ProjectLock

FileKey = tuple[object, ...]


@dataclass(eq=False, slots=True)
class OpenFile:
    """What this process holds of one file."""

    key: FileKey
    lock: ProjectLock | None = None  # the editing lock, while anyone here edits the file
    verified: int = 0  # projects open on it that passed the open checks

    @property
    def unused(self) -> bool:
        return self.lock is None and self.verified <= 0


_files: dict[FileKey, OpenFile] = {}
_mutex = threading.Lock()


def file_key(path: Path) -> FileKey:
    """The identity of the file at ``path``: device and inode (the resolved path where the file system
    has no inode numbers, or no file is there yet)."""
    try:
        st = path.stat()
    except OSError:
        st = None
    if st is not None and st.st_ino:
        return ("inode", st.st_dev, st.st_ino)
    return ("path", os.path.normcase(os.path.realpath(path)))


@contextlib.contextmanager
def entry(key: FileKey) -> Iterator[OpenFile]:
    """The record of ``key``, held under the registry's lock for the ``with`` block; a record left unused
    at the end of the block is dropped."""
    with _mutex:
        record = _files.get(key) or OpenFile(key)
        try:
            yield record
        finally:
            if record.unused:
                _files.pop(key, None)
            else:
                _files[key] = record


def opened(key: FileKey) -> None:
    """A project was opened on the file after passing the open checks."""
    with entry(key) as record:
        record.verified += 1


def closed(key: FileKey) -> int:
    """A project opened with ``opened`` was closed; returns how many are still open on the file."""
    with entry(key) as record:
        record.verified -= 1
        return max(record.verified, 0)


def is_verified_here(path: Path) -> bool:
    """Whether a project that passed the open checks is open on the file at ``path`` in this process."""
    with _mutex:
        record = _files.get(file_key(path))
        return record is not None and record.verified > 0
