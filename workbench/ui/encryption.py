"""Encrypted projects in the window: the passphrase dialog shown when one is opened (optionally remembered in
the system keychain, off by default), the new-passphrase dialog, and the File menu's *Encrypt a copy…*,
*Decrypt a copy…*, *Change passphrase…* and *Compact project…*; plus emptying the private folder of viewing
copies when an encrypted project closes (docs/encryption.md).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from workbench.core.errors import DamagedProjectError, WorkbenchError
from workbench.store import SUFFIX, cipher, keychain
from workbench.ui.common import ask_project_to_save, busy, confirm, wait_for

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from workbench.ui.host import Shell

WRONG = "The passphrase is wrong (or the file is not a project encrypted by Fact-Check Workbench). Try again."


class PassphraseDialog(QDialog):
    """Asks for the passphrase of one encrypted file (named by its file name only)."""

    def __init__(self, parent: QWidget | None, name: str, *, error: str = "", remember: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle("Encrypted project")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>{_escape(name)}</b> is encrypted. Enter its passphrase:"))
        self.field = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.field.setObjectName("passphrase")
        layout.addWidget(self.field)
        self.error = QLabel(error)
        self.error.setObjectName("passphrase_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {_error_colour(self)}")
        self.error.setVisible(bool(error))
        layout.addWidget(self.error)
        self.remember = QCheckBox("Remember in the system keychain")
        self.remember.setToolTip("Anyone who can use this computer's account could then open the project "
                                 "without the passphrase.")
        self.remember.setChecked(False)
        self.remember.setVisible(remember)
        layout.addWidget(self.remember)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class NewPassphraseDialog(QDialog):
    """Asks for a new passphrase twice; ``optional`` adds the "Encrypt with a passphrase" choice (new
    projects), unticked."""

    def __init__(self, parent: QWidget | None, title: str, text: str, *, optional: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(440)  # the advice below reads as a paragraph, not a narrow column
        layout = QVBoxLayout(self)
        intro = QLabel(text)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.encrypt = QCheckBox("Encrypt with a passphrase")
        self.encrypt.setVisible(optional)
        self.encrypt.setChecked(not optional)
        layout.addWidget(self.encrypt)
        hint = QLabel("Several unrelated words are easy to remember and hard to guess (at least "
                      f"{cipher.MIN_PASSPHRASE} characters). Without the passphrase nobody — not even you — can "
                      "open the project: there is no way to recover it.")
        hint.setWordWrap(True)
        self.first = QLineEdit(echoMode=QLineEdit.EchoMode.Password, placeholderText="Passphrase")
        self.first.setObjectName("new_passphrase")
        self.second = QLineEdit(echoMode=QLineEdit.EchoMode.Password, placeholderText="The same passphrase again")
        self.second.setObjectName("new_passphrase_again")
        self.error = QLabel()
        self.error.setObjectName("new_passphrase_error")
        self.error.setStyleSheet(f"color: {_error_colour(self)}")
        self.error.setWordWrap(True)
        self.error.hide()
        for w in (hint, self.first, self.second, self.error):
            layout.addWidget(w)
        self._fields = (hint, self.first, self.second)
        self.encrypt.toggled.connect(self._show_fields)
        self._show_fields(self.encrypt.isChecked())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _show_fields(self, on: bool) -> None:
        for w in self._fields:
            w.setEnabled(on)

    def _check(self) -> None:
        if self.encrypt.isChecked():
            try:
                cipher.check_new_passphrase(self.first.text())
                if self.first.text() != self.second.text():
                    raise WorkbenchError("The two passphrases differ; type the same one twice.")
            except WorkbenchError as exc:
                self.error.setText(str(exc))
                self.error.show()
                return
        self.accept()

    def passphrase(self) -> str | None:
        """The passphrase chosen, or None (not encrypting)."""
        return self.first.text() if self.encrypt.isChecked() else None


def _error_colour(widget: QWidget) -> str:
    """A red readable on the widget's background: dark red on a light theme, a light red on a dark one."""
    return "#ff8a80" if widget.palette().window().color().lightness() < 128 else "#b00020"


def _escape(text: str) -> str:
    from html import escape

    return escape(text)


def ask_key(parent: QWidget | None, path: Path) -> cipher.CipherKey | None:
    """The key of the encrypted file ``path``: from the keychain when a passphrase was remembered for it,
    else asked for until it is right; None when the journalist cancels (nothing changed). Raises
    DamagedProjectError when the passphrase is right but the file is damaged."""
    try:
        with path.open("rb") as fh:
            salt = fh.read(cipher.SALT_SIZE)
    except OSError:
        salt = b""
    remembered = keychain.recall(salt) if len(salt) == cipher.SALT_SIZE else None
    if remembered:
        with contextlib.suppress(cipher.PassphraseError):
            return _unlock(parent, path, remembered)
    error = ""
    while True:
        dialog = PassphraseDialog(parent, path.name, error=error)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        passphrase = dialog.field.text()
        try:
            key = _unlock(parent, path, passphrase)
        except DamagedProjectError:
            raise
        except cipher.PassphraseError:
            error = WRONG
            continue
        if dialog.remember.isChecked():
            try:
                keychain.remember(key.salt, passphrase)
            except keychain.KeychainUnavailable as exc:
                QMessageBox.information(parent, "Not remembered", str(exc))
        return key


def _unlock(parent: QWidget | None, path: Path, passphrase: str) -> cipher.CipherKey:
    # The key derivation is slow on purpose (~0.1 s here, more on a slow laptop): off the window's thread,
    # so the window keeps painting under an "Unlocking…" note instead of freezing.
    return wait_for(parent, f"Unlocking {path.name}…", lambda: cipher.unlock(path, passphrase))


def ask_new_passphrase(parent: QWidget | None, title: str, text: str, *, optional: bool = False) -> str | None:
    """A new passphrase typed twice; None when, being ``optional``, encryption was not chosen. Raises
    Cancelled when the journalist cancels."""
    dialog = NewPassphraseDialog(parent, title, text, optional=optional)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        raise Cancelled
    return dialog.passphrase()


class Cancelled(Exception):
    """The journalist cancelled a dialog of a multi-step command."""


# -- the File menu -------------------------------------------------------------------------------------


class EncryptionCommands:
    """The File menu's encryption and compaction commands for one window."""

    def __init__(self, shell: Shell) -> None:
        self.shell = shell
        self.runner = shell.runner
        self.encrypt = shell.add_action("file", "&Encrypt a copy…", self.encrypt_copy,
                                        tip="Write a copy of the project that opens only with a passphrase")
        self.decrypt = shell.add_action("file", "&Decrypt a copy…", self.decrypt_copy,
                                        tip="Write a plain copy of this encrypted project (anyone can read it)")
        self.change = shell.add_action("file", "Change &passphrase…", self.change_passphrase,
                                       tip="Choose a new passphrase for this encrypted project and its backups")
        self.compact = shell.add_action("file", "Compac&t project…", self.compact_project,
                                        tip="Remove the text of deleted claims, notes, articles and sources from "
                                            "the project file, after a backup")
        self.runner.project_opened.connect(lambda _p: self.update())
        self.runner.closing.connect(self._closing)
        self.update()

    @property
    def widget(self) -> QWidget:
        return self.runner.widget

    def update(self) -> None:
        project = self.runner.project
        encrypted = project is not None and project.encrypted
        editable = project is not None and not project.read_only
        self.encrypt.setEnabled(project is not None)
        self.decrypt.setEnabled(encrypted)
        self.change.setEnabled(encrypted and editable)
        self.compact.setEnabled(editable)

    def _closing(self) -> None:
        project = self.runner.project
        if project is not None and project.encrypted:
            from workbench.ui.sources_panel import clear_viewing_copies

            clear_viewing_copies()

    def _dest(self, title: str, stem: str) -> Path | None:
        return ask_project_to_save(self.widget, title, self.shell.session.dialog_dir() / f"{stem}{SUFFIX}")

    def _run(self, title: str, doing: str, step: Callable[[], Any]) -> tuple[bool, Any]:
        """Run ``step`` under a busy cursor saying ``doing``: (True, its result), or (False, None) after a
        refusal was shown in an error dialog titled ``title``."""
        try:
            with busy(self.widget, doing):
                return True, step()
        except WorkbenchError as exc:
            self.runner.show_error(title, str(exc))
            return False, None

    def encrypt_copy(self) -> None:
        project = self.runner.project
        if project is None:
            return
        dest = self._dest("Encrypt a copy", f"{project.path.stem} (encrypted)")
        if dest is None:
            return
        try:
            passphrase = ask_new_passphrase(
                self.widget, "Encrypt a copy",
                f"The copy {dest.name} will open only with this passphrase. {project.path.name} stays as it is.")
        except Cancelled:
            return
        if passphrase is None:
            return
        from workbench.ops.encryption import encrypt_copy

        if self._run("Encrypt a copy", "Writing the encrypted copy…",
                     lambda: encrypt_copy(project, dest, passphrase))[0]:
            self.runner.show_status(f"Encrypted copy saved to {dest.name}", 8000)

    def decrypt_copy(self) -> None:
        project = self.runner.project
        if project is None or not project.encrypted:
            return
        if not confirm(self.widget, "Decrypt a copy",
                       "The copy will not be encrypted: anyone who gets the file can read every article, claim, "
                       "note and source in it. Write it anyway?", yes="Write a plain copy"):
            return
        dest = self._dest("Decrypt a copy", f"{project.path.stem} (not encrypted)")
        if dest is None:
            return
        from workbench.ops.encryption import decrypt_copy

        if self._run("Decrypt a copy", "Writing the plain copy…", lambda: decrypt_copy(project, dest))[0]:
            self.runner.show_status(f"Plain copy saved to {dest.name}", 8000)

    def change_passphrase(self) -> None:
        project = self.runner.project
        if project is None or not project.encrypted or project.read_only:
            return
        try:
            passphrase = ask_new_passphrase(
                self.widget, "Change passphrase",
                f"Choose a new passphrase for {project.path.name}. A backup is made first; the project's backups "
                "are re-encrypted too, so the old passphrase opens nothing any more.")
        except Cancelled:
            return
        if passphrase is None:
            return
        from workbench.ops.encryption import change_passphrase

        old_salt = project.cipher_key.salt if project.cipher_key else b""
        self.runner.flush_requested.emit()
        periodic = getattr(self.shell, "periodic_backups", None)
        timer = getattr(periodic, "timer", None)
        if timer is not None:
            timer.stop()  # a passphrase change must be the file's only connection
        try:
            changed, _ = self._run("Change passphrase", "Changing the passphrase…",
                                   lambda: change_passphrase(project, passphrase))
        finally:
            if timer is not None:
                timer.start()
        if not changed:
            return
        # A passphrase remembered in the keychain is the old one: replace it.
        with contextlib.suppress(Exception):
            if keychain.recall(old_salt):
                keychain.remember(old_salt, passphrase)
        self.runner.show_status("Passphrase changed", 8000)

    def compact_project(self) -> None:
        project = self.runner.project
        if project is None or project.read_only:
            return
        if not confirm(self.widget, "Compact project",
                       f"Remove the text of deleted claims, notes, articles and sources, and earlier values of "
                       f"edited ones, from {project.path.name}? A backup is made first (File → Restore from "
                       "backup brings everything back). Undo history is cleared; merging with colleagues' "
                       "copies works as before.", yes="Compact"):
            return
        from workbench.ops.compact import compact_project

        self.runner.flush_requested.emit()
        compacted, report = self._run("Compact project", "Compacting the project…", lambda: compact_project(project))
        if not compacted:
            return
        # An undo could put deleted text back, and the files it would need are gone.
        self.runner.undo_stack.clear()
        QMessageBox.information(self.widget, "Compact project", report.text())


def install(shell: Shell) -> tuple[QAction, QAction, QAction, QAction]:
    """Add the encryption and compaction commands to the File menu."""
    commands = EncryptionCommands(shell)
    return commands.encrypt, commands.decrypt, commands.change, commands.compact
