"""Encrypt a copy, decrypt a copy, change a project's passphrase: whole-file work on encrypted projects for
the window and the command line (docs/encryption.md). No Qt.

Copies are written by ``cipher.write_copy`` under a temporary name beside the destination, checked by
opening them like any project, and only then renamed into place; the source is only read. A passphrase
change rewrites the open project in one journaled transaction after a backup, then the project's backups,
so an old passphrase that leaked opens nothing any more.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from workbench.core.errors import ProjectFileError, ValidationError
from workbench.ops.share import same_file
from workbench.store import Project, cipher, dberrors, open_keys
from workbench.store.backups import backup_before, list_backups
from workbench.store.connect import build_database_file


def write_converted_copy(source: str | Path, dest: str | Path, *, source_key: cipher.CipherKey | None,
                         dest_key: cipher.CipherKey | None) -> Path:
    """Write ``source`` (encrypted with ``source_key``, or plain when None) to the new file ``dest``,
    encrypted with ``dest_key`` or plain when None; returns ``dest``. ``dest`` must not exist. The copy is
    checked (``Project.check``) before it appears under its name; ``source`` is never written."""
    source, dest = Path(source), Path(dest)
    if dest.exists():
        if same_file(dest, source):
            raise ValidationError("Choose another file name: this is the project itself.")
        raise ValidationError(f"{dest.name}: a file of that name already exists; choose another name.")
    if not dest.parent.is_dir():
        raise ValidationError(f"{dest.parent}: no such folder.")

    def build(tmp: Path) -> None:
        cipher.write_copy(source, source_key, tmp, dest_key)
        with Project.open(tmp, read_only=True, cipher_key=dest_key) as copy:
            problems = copy.check()
        if problems:
            raise ProjectFileError(f"{dest.name}: the copy failed its check ({problems[0]}); nothing was written.")

    build_database_file(dest, build, partial_suffix=".converting", failed="the copy could not be written")
    return dest


def encrypt_copy(project: Project, dest: str | Path, new_passphrase: str) -> Path:
    """Write an encrypted copy of the open ``project`` (plain or encrypted) to ``dest`` under
    ``new_passphrase`` (a new salt; ValidationError for one too short)."""
    key = cipher.new_key(new_passphrase)
    return write_converted_copy(project.path, dest, source_key=project.cipher_key, dest_key=key)


def decrypt_copy(project: Project, dest: str | Path) -> Path:
    """Write a plain copy of the open encrypted ``project`` to ``dest`` (anyone with that file can read it)."""
    if project.cipher_key is None:
        raise ValidationError(f"{project.path.name}: is not encrypted; use Save a copy instead.")
    return write_converted_copy(project.path, dest, source_key=project.cipher_key, dest_key=None)


def change_passphrase(project: Project, new_passphrase: str) -> int:
    """Re-encrypt the open encrypted ``project`` (opened for editing, its only connection: pause any
    background reader first) under ``new_passphrase``, after a backup; then its backups made under the old
    passphrase. Returns how many backups were re-keyed. The project keeps working with the new key.

    A change cut short leaves the old passphrase working (``cipher.change_passphrase`` keeps the salt)."""
    old = project.cipher_key
    if old is None:
        raise ValidationError(f"{project.path.name}: is not encrypted; use Encrypt a copy first.")
    if project.read_only:
        raise ProjectFileError(f"{project.path.name}: is open read-only; the passphrase cannot be changed.")
    cipher.check_new_passphrase(new_passphrase)
    backup_before(project, "passphrase", "Changing the passphrase")
    try:
        new = cipher.change_passphrase(project.conn, old, new_passphrase)
    except dberrors.Error as exc:
        raise ProjectFileError(f"{project.path.name}: the passphrase could not be changed ({exc}); the old one "
                               "still opens it.") from exc
    project.cipher_key = new
    if project._opened is not None:  # every later connection (backups, checks) uses the new key
        project._opened.cipher_key = new
    open_keys.replace_key(old, new)
    return rekey_backups(project.path, old, new_passphrase)


def rekey_backups(project_path: Path, old: cipher.CipherKey, new_passphrase: str) -> int:
    """Re-encrypt, in place, every backup of ``project_path`` that ``old`` opens (same salt: they are
    same-key copies) under ``new_passphrase``; returns how many. A backup that fails stays as it was."""
    done = 0
    for backup in list_backups(project_path):
        if not cipher.key_opens(backup.path, old):
            continue
        with contextlib.suppress(ProjectFileError, *dberrors.Error):
            conn = cipher.connect(backup.path, old)
            try:
                conn.execute("PRAGMA journal_mode=DELETE")
                cipher.change_passphrase(conn, old, new_passphrase)
                done += 1
            finally:
                conn.close()
    return done
