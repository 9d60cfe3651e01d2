"""Writing a file whole: project files (new projects, backups, copies, shared and salvaged files), the
journalist's exports and saved attachments, and the app's own bookkeeping files (backup manifests, the
record of projects closed cleanly). A crash, a full disk or a failed write leaves the old file or the new
one, never half of one.

One writer does it all: the file is built under a temporary name beside its destination, fsynced, renamed
into place, and the folder fsynced so the rename itself survives a power cut. ``build_atomically`` takes
the step that builds the file (SQLite's backup API, ``VACUUM INTO``, a new project's migrations);
``write_atomically`` writes bytes.

A name the journalist gives may not be a plain file. A symbolic link is a name: what it points to is
written (and the link stays). A device, pipe or socket (``-o /dev/null``, ``-o /dev/stdout``) is never
renamed over (as root that would destroy the machine's ``/dev/null``): bytes are written into it directly
(``write_atomically``), and a whole database is never built into one (``build_atomically`` refuses).
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any


def build_atomically(path: Path, build: Callable[[Path], object], *, partial_suffix: str = ".tmp",
                     before_rename: Callable[[Path], object] | None = None, durable: bool = True) -> Path:
    """Make ``path`` by calling ``build(tmp)``, which writes the whole file at the temporary path ``tmp``
    (beside ``path``, not existing yet), then rename it into place; returns ``path``.

    ``durable`` fsyncs the file before the rename and the folder after it. ``before_rename(tmp)`` runs once
    the file is complete (a backup writes its manifest then). The temporary name is short (``path``'s own
    may already be as long as the file system allows), hidden, and ends in ``partial_suffix`` so leftovers
    can be recognised. Whatever ``build`` raises propagates, as do OSErrors; the temporary file (and a
    SQLite journal beside it) never stays behind. An existing ``path`` is replaced: callers refuse first
    where that is not wanted. A link is followed (its target is replaced, the link stays); a device, pipe or
    socket is refused (SpecialFileError).
    """
    path = _target(path)
    if is_special(path):
        raise SpecialFileError(path)
    tmp = path.with_name(f".workbench-{os.getpid()}-{os.urandom(4).hex()}{partial_suffix}")
    try:
        build(tmp)
        if durable:
            fsync_file(tmp)
        if before_rename is not None:
            before_rename(tmp)
        os.replace(tmp, path)
        if durable:
            fsync_folder(path.parent)
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)
    return path


def write_atomically(path: Path, data: bytes | Iterable[bytes], *, durable: bool = False,
                     partial_suffix: str = ".tmp") -> None:
    """Write ``data`` (bytes, or pieces of bytes made as they are written) to ``path`` whole (see
    ``build_atomically``); ``durable`` for files that must survive a power cut. A device or pipe
    (``/dev/null``, a FIFO someone reads) is written into directly, never replaced; a socket is refused
    (SpecialFileError); a pipe nobody reads raises OSError (ENXIO) at once."""
    pieces = [data] if isinstance(data, bytes) else data
    target = _target(path)
    if is_special(target):
        _write_into_special(target, pieces)
        return

    def build(tmp: Path) -> None:
        with tmp.open("wb") as fh:
            for piece in pieces:
                fh.write(piece)

    build_atomically(path, build, partial_suffix=partial_suffix, durable=durable)


def write_json_atomically(path: Path, value: Any, *, partial_suffix: str = ".tmp") -> None:
    """Write ``value`` as JSON to ``path`` whole and durably (see ``build_atomically``)."""
    # ASCII with escapes: a path the file system gave as bytes that are not UTF-8 (a Latin-1 file name)
    # holds lone surrogates, which only an escape carries through JSON and back.
    data = json.dumps(value, ensure_ascii=True, indent=1, sort_keys=True).encode("ascii")
    write_atomically(path, data, durable=True, partial_suffix=partial_suffix)


def fsync_file(path: Path) -> None:
    """Make the content of the file at ``path`` reach the disk."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_folder(folder: Path) -> None:
    """Make a rename or new file in ``folder`` reach the disk (best effort)."""
    if sys.platform == "win32":
        return  # Windows cannot open a folder to fsync it; its renames are durable once they return
    with contextlib.suppress(OSError):
        fsync_file(folder)


class SpecialFileError(OSError):
    """A device, pipe or socket was named where a whole file must be built."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} is a device, pipe or socket, not a file; choose a file name")
        self.strerror = "it is a device, pipe or socket, not a file; choose a file name"
        self.filename = str(path)


def is_special(path: Path) -> bool:
    """Whether ``path`` (links followed) is a device, pipe or socket."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def _target(path: Path) -> Path:
    # A link is the journalist's name for its target: replace the target, keep the link (a dangling link
    # gets its target made). Links to links are followed to the end.
    if path.is_symlink():
        return Path(os.path.realpath(path))
    return path


def _write_into_special(path: Path, pieces: Iterable[bytes]) -> None:
    if stat.S_ISSOCK(os.stat(path).st_mode):
        raise SpecialFileError(path)
    # Never created, never truncated (a block device is not a file to empty); a pipe nobody reads fails at
    # once with ENXIO instead of blocking.
    fd = os.open(path, os.O_WRONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        for piece in pieces:
            view = memoryview(piece)
            while view:
                view = view[os.write(fd, view):]
    finally:
        os.close(fd)
