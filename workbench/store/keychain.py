"""Remembering an encrypted project's passphrase in the operating system's keychain (only when asked).

Off by default: the window offers "Remember in the system keychain" when it asks for a passphrase, and
only a journalist who ticks it gets an entry (macOS Keychain, Windows Credential Locker, the Secret
Service on Linux, through the ``keyring`` package, imported here on first use only).

An entry is named by the file's salt (its first 16 bytes, random and readable without the key), never by
its path or title, so the keychain does not list which stories a journalist works on. Copies that share the
salt (backups, copies made with the same passphrase) share the entry; a changed passphrase gets a new salt,
so the old entry simply stops matching (``forget`` it then).
"""

from __future__ import annotations

from typing import Any

from workbench.core.errors import WorkbenchError

SERVICE = "Fact-Check Workbench project"


class KeychainUnavailable(WorkbenchError):
    """No usable system keychain (none installed, locked, or refused): the passphrase is not remembered."""


def _keyring() -> Any:
    try:
        import keyring
        import keyring.errors
    except ImportError as exc:
        raise KeychainUnavailable(
            "No system keychain support is installed; the passphrase was not remembered.") from exc
    return keyring


def _entry(salt: bytes) -> str:
    return salt.hex()


def remember(salt: bytes, passphrase: str) -> None:
    """Store ``passphrase`` for the file with ``salt``; KeychainUnavailable (a message) when it cannot."""
    keyring = _keyring()
    try:
        keyring.set_password(SERVICE, _entry(salt), passphrase)
    except (keyring.errors.KeyringError, OSError, RuntimeError) as exc:
        raise KeychainUnavailable(
            f"The system keychain could not store the passphrase ({exc or type(exc).__name__}); it was not "
            "remembered. You will be asked for it next time.") from exc


def recall(salt: bytes) -> str | None:
    """The remembered passphrase for the file with ``salt``, or None (none remembered, or no keychain)."""
    try:
        keyring = _keyring()
    except KeychainUnavailable:
        return None
    try:
        return keyring.get_password(SERVICE, _entry(salt))
    except (keyring.errors.KeyringError, OSError, RuntimeError):
        return None  # a locked or missing keychain: simply ask for the passphrase


def forget(salt: bytes) -> bool:
    """Remove the remembered passphrase of the file with ``salt``; True if there was one."""
    try:
        keyring = _keyring()
    except KeychainUnavailable:
        return False
    try:
        keyring.delete_password(SERVICE, _entry(salt))
    except (keyring.errors.KeyringError, OSError, RuntimeError):  # nothing remembered, or no keychain
        return False
    return True
