"""The keys of the encrypted projects open in this process, found again by salt: a reader on another
thread (search, exports, verification, the periodic backup) opens the same file, or one of its same-key
copies (backups, shares), without asking for the passphrase again. In memory only, and only while a
project using the key is open (``store.opening`` holds and releases them)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workbench.store.cipher import CipherKey

_keys: dict[bytes, tuple[CipherKey, int]] = {}
_mutex = threading.Lock()


def key_for(path: Path) -> CipherKey | None:
    """The key of an encrypted project open in this process that also opens ``path`` (the same file, a
    backup, a share of it), else None. Reads bytes only."""
    if not _keys:
        return None
    from workbench.store import cipher

    with _mutex:
        keys = [k for k, _n in _keys.values()]
    return next((k for k in keys if cipher.key_opens(path, k)), None)


def hold(key: CipherKey | None, delta: int) -> None:
    if key is None:
        return
    with _mutex:
        held, count = _keys.get(key.salt, (key, 0))
        if held != key:  # a passphrase changed: the newest key of the salt is the one that opens it
            held = key
        count += delta
        if count > 0:
            _keys[key.salt] = (held, count)
        else:
            _keys.pop(key.salt, None)


def replace_key(old: CipherKey, new: CipherKey) -> None:
    """A passphrase change: open projects under ``old`` now use ``new`` (same salt)."""
    with _mutex:
        held = _keys.get(old.salt)
        if held is not None:
            _keys[old.salt] = (new, held[1])
