"""What the window offers when a project cannot be opened as it is: it is damaged, or it carries database
objects (triggers, views, tables) another program added.

The dialog says what is wrong and offers, where they apply:

- **Remove them and open** (foreign objects that can be removed; **Repair and open** when only search
  parts of ours are missing): a backup first, then
  ``store.opening.remove_foreign_objects``, then the project opens and the status bar says what went;
- **Restore from backup…**: the backups list of ``ui.backups_dialog`` (disabled, with the reason, when
  this computer has no backup of the project);
- **Salvage into a new project…**: asks for a new file name, copies everything readable there
  (``store.salvage.salvage``), opens the new project and shows the report ("Recovered 41 of 43 claims…");
- **Cancel**: nothing happens; a project already open in the window stays open.

A project file that is gone (deleted or moved, e.g. picked from Open recent) but has backups on this computer
gets ``offer_restore_of_missing``: put a backup back in its place and open it.

The damaged file itself is never opened as if it were fine, and never changed (restoring replaces it only
after keeping it as a backup).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from workbench.core.errors import DamagedProjectError, ForeignSchemaError, ProjectFileError, WorkbenchError
from workbench.store.backups import list_backups
from workbench.store.opening import remove_foreign_objects
from workbench.store.salvage import salvage, salvage_default_name
from workbench.ui.common import ask_project_to_save, busy, wait_for

if TYPE_CHECKING:
    from workbench.ui.session import ProjectSession

NO_BACKUPS = "This computer has no backup of this project."


class RecoveryDialog(QDialog):
    """The choices for a project that could not be opened; ``choice`` is "remove", "restore", "salvage"
    or None (Cancel)."""

    def __init__(self, parent: QWidget | None, path: Path, error: ProjectFileError) -> None:
        super().__init__(parent)
        self.path = path
        self.choice: str | None = None
        foreign = isinstance(error, ForeignSchemaError)
        self.setWindowTitle("Project was changed by another program" if foreign else "Project is damaged")
        layout = QVBoxLayout(self)
        # The error's own text is written for the command line (it names commands to run); the window says
        # the same in its own words, and keeps the technical text as a tooltip for whoever helps.
        backups = list_backups(path)
        self.message = QLabel(window_message(path, error, has_backups=bool(backups)))
        self.message.setToolTip(str(error))
        self.message.setWordWrap(True)
        self.message.setMinimumWidth(560)  # a long message wraps into a readable block, not a thin column
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message)

        box = QDialogButtonBox()
        self.buttons: dict[str, QPushButton] = {}
        if foreign and error.repairable:
            only_missing = all(d.kind == "missing" for d in error.differences)
            self._add(box, "remove", "Repair and open" if only_missing else "Remove them and open",
                      "Keeps a backup of the file as it is, removes what Fact-Check Workbench did not make, "
                      "puts back its own search triggers, and opens the project.")
        restore = self._add(box, "restore", "Restore from backup…",
                            f"{len(backups)} backup(s) of this project on this computer." if backups else NO_BACKUPS)
        restore.setEnabled(bool(backups))
        self._add(box, "salvage", "Salvage into a new project…",
                  "Copies everything that can still be read into a new project file; this file is not changed.")
        box.addButton(QDialogButtonBox.StandardButton.Cancel)
        box.rejected.connect(self.reject)
        layout.addWidget(box)
        self.reason = QLabel("" if backups else NO_BACKUPS)
        self.reason.setEnabled(False)
        self.reason.setVisible(not backups)
        layout.addWidget(self.reason)
        default = self.buttons.get("remove") or (restore if backups else self.buttons["salvage"])
        default.setDefault(True)

    def _add(self, box: QDialogButtonBox, name: str, text: str, tip: str) -> QPushButton:
        button = box.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
        button.setToolTip(tip)
        button.clicked.connect(lambda: self._choose(name))
        self.buttons[name] = button
        return button

    def _choose(self, name: str) -> None:
        self.choice = name
        self.accept()


def window_message(path: Path, error: ProjectFileError, *, has_backups: bool = True) -> str:
    """What is wrong with ``path``, for the dialog: no commands to type, no database terms beyond the names
    of what was found (they help whoever the journalist asks)."""
    name = path.name
    ways = ("You can go back to a backup of it, or copy everything that can still be read into a new project "
            "(this file stays as it is)." if has_backups else
            "You can copy everything that can still be read into a new project (this file stays as it is).")
    if not isinstance(error, ForeignSchemaError):
        return (f"{name} is damaged: part of it can no longer be read. It was not opened, and nothing was "
                f"written to it.\n\n{ways}")
    extra = [d for d in error.differences if d.kind != "missing"]
    found = ", ".join(str(d) for d in (extra or error.differences)[:6])
    more = len(extra or error.differences) - 6
    found += f" and {more} more" if more > 0 else ""
    if not error.repairable:
        return (f"{name} was changed by another program: its tables are not the ones Fact-Check Workbench "
                f"made ({found}), so it was not opened.\n\n{ways}")
    if not extra:
        return (f"{name} lacks parts of its search index ({found}), so searches could give wrong results; it "
                "was not opened.\n\nRepair and open puts them back after keeping a backup of the file as it is.")
    return (f"{name} contains {len(extra)} addition(s) that Fact-Check Workbench did not make ({found}). They "
            "could change or delete your work, so the project was not opened.\n\nRemove them and open keeps a "
            "backup of the file as it is first, then removes only these additions; your articles and claims "
            "stay as they are.")


def offer_recovery(session: ProjectSession, path: str | Path, error: ProjectFileError) -> bool:
    """Show the choices for ``path`` that failed to open with ``error``; True if a project was opened."""
    path = Path(path)
    if not isinstance(error, DamagedProjectError | ForeignSchemaError):
        return False
    dialog = RecoveryDialog(session.widget, path, error)
    dialog.exec()
    choice = dialog.choice
    dialog.deleteLater()
    if choice == "remove":
        return _remove_and_open(session, path)
    if choice == "restore":
        return _restore_and_open(session, path)
    if choice == "salvage":
        return _salvage_and_open(session, path)
    return False


def offer_restore_of_missing(session: ProjectSession, path: str | Path) -> bool | None:
    """``path`` is gone (deleted or moved) but this computer has backups of it: offer to restore the newest
    (or another) in its place and open it. True if it opened; None when there are no backups (the caller
    shows its plain error)."""
    from workbench.store.backups import local_time

    path = Path(path)
    backups = list_backups(path) if path.parent.is_dir() else []
    if path.exists() or not backups:
        return None
    box = QMessageBox(
        QMessageBox.Icon.Warning, "Project not found",
        f"{path.name} is no longer there: it was deleted, renamed or moved.\n\nThis computer has "
        f"{len(backups)} backup(s) of it, the newest from {local_time(backups[0].created_at)}. You can put a "
        f"backup back in its place ({path.parent}) and go on working.",
        QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel, session.widget)
    box.button(QMessageBox.StandardButton.Ok).setText("Restore from backup…")
    box.setDefaultButton(QMessageBox.StandardButton.Ok)
    box.exec()
    if box.clickedButton() is not box.button(QMessageBox.StandardButton.Ok):
        return False
    return _restore_and_open(session, path)


def _open_after(session: ProjectSession, path: Path, message: str, msecs: int) -> bool:
    """Open ``path`` after a rescue step, saying what was done."""
    opened = session.open(path)
    if opened:
        session.runner.show_status(message, msecs)
    return opened


def _restore_and_open(session: ProjectSession, path: Path) -> bool:
    from workbench.ui.backups_dialog import choose_and_restore

    if not choose_and_restore(session.widget, path):
        return False
    return _open_after(session, path, f"{path.name} restored from a backup.", 8000)


def _remove_and_open(session: ProjectSession, path: Path) -> bool:
    try:
        with busy(session.widget):
            done = remove_foreign_objects(path)
    except WorkbenchError as exc:
        session.runner.show_error("Not removed", str(exc))
        return False
    return _open_after(session, path, f"{path.name}: {len(done)} change(s) made after a backup ({'; '.join(done)}).",
                       15000)


def _salvage_and_open(session: ProjectSession, path: Path) -> bool:
    default = salvage_default_name(path)
    while True:
        # Salvage never writes over a file; picking one (the damaged file, another project) asks again rather
        # than ending the rescue with an error.
        dest = ask_project_to_save(session.widget, "Salvage into a new project", default, confirm_overwrite=False)
        if dest is None:
            return False
        if not dest.exists():
            break
        QMessageBox.warning(session.widget, "Choose a new name",
                            f"{dest.name} already exists, and salvage never replaces a file. Choose a new "
                            "name for the recovered project.")
    passphrase = None
    from workbench.store import cipher

    if cipher.file_kind(path) == "encrypted":
        # The salvaged project is encrypted under the same passphrase (with a salt of its own).
        from PySide6.QtWidgets import QDialog

        from workbench.ui.encryption import PassphraseDialog

        dialog = PassphraseDialog(session.widget, path.name, remember=False)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        passphrase = dialog.field.text()
    try:
        with busy(session.widget):
            report = salvage(path, dest, author=session.author(), passphrase=passphrase)
    except WorkbenchError as exc:
        session.runner.show_error("Nothing salvaged", str(exc))
        return False
    key = wait_for(session.widget, f"Unlocking {dest.name}…", lambda: cipher.unlock(dest, passphrase)) \
        if passphrase else None
    opened = session.open(dest, cipher_key=key)
    QMessageBox.information(
        session.widget, "Salvaged",
        f"{report.summary()}\n\nThe recovered work is now open as {dest.name}. {path.name} was not "
        "changed; keep it until you have checked the new project.")
    return opened


def offer_after_check(session: ProjectSession, path: Path, problems: list[str], restore: QAction) -> None:
    """*Tools → Check project file* found ``problems`` in the open project: say what they are and offer the
    same ways out as a project that cannot be opened (restore a backup; salvage into a new project)."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Project check",
                      f"Problems were found in {path.name}:\n\n" + "\n".join(problems[:20])
                      + ("\n…" if len(problems) > 20 else "")
                      + "\n\nYou can go back to a backup of it, or copy everything that can still be read into "
                      "a new project (this file stays as it is).", QMessageBox.StandardButton.Close, session.widget)
    restore_button = box.addButton("Restore from backup…", QMessageBox.ButtonRole.ActionRole)
    backups = list_backups(path)
    restore_button.setEnabled(bool(backups) and restore.isEnabled())
    restore_button.setToolTip(f"{len(backups)} backup(s) of this project on this computer." if backups
                              else NO_BACKUPS)
    salvage_button = box.addButton("Salvage into a new project…", QMessageBox.ButtonRole.ActionRole)
    box.exec()
    clicked = box.clickedButton()
    if clicked is restore_button:
        restore.trigger()
    elif clicked is salvage_button:
        _salvage_and_open(session, path)
