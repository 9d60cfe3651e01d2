"""Writing a file whole: the journalist's exports and saved attachments, and the app's own bookkeeping
files (backup manifests, the record of projects closed cleanly). A crash, a full disk or a failed write
leaves the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from pathlib import Path
from typing import Any


def write_atomically(path: Path, data: bytes, *, durable: bool = False, partial_suffix: str = ".tmp") -> None:
    """Write ``data`` to ``path`` through a temporary file beside it, renamed into place.

    The temporary name is short (``path``'s own may already be as long as the file system allows) and
    ends in ``partial_suffix``, so leftovers can be recognised. ``durable`` fsyncs before the rename, for
    files that must survive a power cut. OSError propagates; the temporary file never stays behind.
    """
    tmp = path.with_name(f".workbench-{os.getpid()}-{secrets.token_hex(4)}{partial_suffix}")
    try:
        with tmp.open("wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def write_json_atomically(path: Path, value: Any, *, partial_suffix: str = ".tmp") -> None:
    """Write ``value`` as JSON to ``path`` whole and durably (see ``write_atomically``)."""
    data = json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    write_atomically(path, data, durable=True, partial_suffix=partial_suffix)
