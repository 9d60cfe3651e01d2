"""Writing a file whole: project files (new projects, backups, copies, shared and salvaged files), the
journalist's exports and saved attachments, and the app's own bookkeeping files (backup manifests, the
record of projects closed cleanly). A crash, a full disk or a failed write leaves the old file or the new
one, never half of one.

One writer does it all: the file is built under a temporary name beside its destination, fsynced, renamed
into place, and the folder fsynced so the rename itself survives a power cut. ``build_atomically`` takes
the step that builds the file (SQLite's backup API, ``VACUUM INTO``, a new project's migrations);
``write_atomically`` writes bytes.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import sys
from collections.abc import Callable
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
    where that is not wanted.
    """
    tmp = path.with_name(f".workbench-{os.getpid()}-{secrets.token_hex(4)}{partial_suffix}")
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


def write_atomically(path: Path, data: bytes, *, durable: bool = False, partial_suffix: str = ".tmp") -> None:
    """Write ``data`` to ``path`` whole (see ``build_atomically``); ``durable`` for files that must survive
    a power cut."""
    build_atomically(path, lambda tmp: tmp.write_bytes(data), partial_suffix=partial_suffix, durable=durable)


def write_json_atomically(path: Path, value: Any, *, partial_suffix: str = ".tmp") -> None:
    """Write ``value`` as JSON to ``path`` whole and durably (see ``build_atomically``)."""
    data = json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
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
