"""Writing the app's small bookkeeping files (backup manifests, the record of projects closed cleanly) so
that a crash or a full disk leaves the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import json
import os
import threading
from pathlib import Path
from typing import Any


def write_json_atomically(path: Path, value: Any, *, partial_suffix: str = ".tmp") -> None:
    """Write ``value`` as JSON to ``path``: a temporary file beside it (named ``.NAME.PID.THREAD`` +
    ``partial_suffix``, so leftovers can be recognised), fsynced, then renamed over ``path``."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}{partial_suffix}")
    try:
        with tmp.open("w", encoding="utf-8") as fh:
            json.dump(value, fh, ensure_ascii=False, indent=1, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
