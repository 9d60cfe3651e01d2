"""File → Restore from backup…, and the periodic backups made while the window edits a project.

The list shows this project's backups (``workbench.store.backups``) with their time in local time, why
each was made, size and the project's title then. Restoring asks first, says that the project as it is
now is kept as a backup, then closes the project, replaces the file, and opens it again. A restore is not
on the undo stack (the stack's steps belong to the file that was replaced): the way back is the
"before restoring a backup" entry it leaves in the same list.

``choose_and_restore(parent, path)`` is the same list for a project that is not open (a file that cannot
be opened any more); with no project open, the menu command asks for the file first.

Periodic backups: every ``interval`` (10 minutes; the setting ``backups/interval_seconds``) the window
backs up its project if anything changed since the last periodic backup, never more than one per
interval. The copy runs in a worker thread on a read-only connection of its own (see ``backup_file``),
so the window does not wait for it (while edits keep restarting the copy it is put off to the next
interval, twice at most); a failure is a warning in the status bar, never a dialog.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QDialog, QHeaderView, QLabel, QMessageBox, QVBoxLayout, QWidget

from workbench.core.errors import BackupBusy, PassphraseRequired, WorkbenchError
from workbench.core.sizes import human_size
from workbench.store import Changes
from workbench.store.backups import (
    REASON_LABELS,
    Backup,
    backup_file,
    list_backups,
    local_time,
    restore_backup,
)
from workbench.ui.common import accept_buttons, ask_project_to_open, read_only_table, show_error
from workbench.ui.operations import OperationRunner

if TYPE_CHECKING:
    from workbench.ui.host import Shell
    from workbench.ui.session import ProjectSession

DEFAULT_INTERVAL_SECONDS = 600


class BackupsDialog(QDialog):
    """The backups of one project, newest first; Restore returns the chosen one (``chosen()``)."""

    COLUMNS = ("When", "Why", "Size", "Project title")

    def __init__(self, project_path: str | Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project_path = Path(project_path)
        self.backups = list_backups(self.project_path)
        self.setWindowTitle("Restore from backup")
        layout = QVBoxLayout(self)
        name = self.project_path.name
        if self.backups:
            text = (f"Choose the backup of {name} to go back to. The project as it is now is kept as a backup "
                    "first, so you can come back to it from this list. A restore cannot be undone with Ctrl+Z.")
        else:
            text = (f"There are no backups of {name} yet. They are made every 10 minutes while you edit, and "
                    "before merges, large deletions and file-format upgrades.")
        self.intro = QLabel(text)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        here = self.project_path.resolve()
        # Made while the project (or a copy of it, since deleted) was elsewhere: say where, so a colleague's
        # copy is not taken for the journalist's own.
        self.table = read_only_table(self.COLUMNS, [
            (local_time(b.created_at), REASON_LABELS.get(b.reason, b.reason).capitalize(), human_size(b.size),
             b.title if b.project_path == here else f"{b.title} (then at {b.project_path})")
            for b in self.backups])
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)  # one line per backup; a long title is elided (full in the tooltip)
        for row, b in enumerate(self.backups):
            for col in range(len(self.COLUMNS)):
                self.table.item(row, col).setToolTip(str(b.path))
            self.table.item(row, 2).setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        buttons, self.restore_button = accept_buttons(self, "&Restore…")
        self.restore_button.setEnabled(False)
        layout.addWidget(buttons)
        self.table.itemSelectionChanged.connect(
            lambda: self.restore_button.setEnabled(self.chosen() is not None))
        self.table.itemDoubleClicked.connect(lambda _item: self.accept())
        if self.backups:
            self.table.selectRow(0)
        self.table.resizeColumnsToContents()
        wide = sum(self.table.columnWidth(c) for c in range(len(self.COLUMNS))) + 60
        self.resize(max(self.fontMetrics().averageCharWidth() * 100, min(wide, 1100)), self.sizeHint().height() + 120)

    def chosen(self) -> Backup | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None


def confirm_restore(parent: QWidget | None, project_path: Path, backup: Backup) -> bool:
    """Ask before replacing the project; says that its current state is kept as a backup."""
    why = REASON_LABELS.get(backup.reason, backup.reason)
    box = QMessageBox(
        QMessageBox.Icon.Question, "Restore from backup",
        f"Replace {project_path.name} with the backup of {local_time(backup.created_at)} ({why})?\n\n"
        "The project as it is now is kept as a backup first (“before restoring a backup” in this list), so you "
        "can go back to it. This cannot be undone with Ctrl+Z.",
        QMessageBox.StandardButton.NoButton, parent)
    yes = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is yes


def choose_backup(parent: QWidget | None, project_path: str | Path) -> Backup | None:
    """Show the list and ask for confirmation; the backup to restore, or None."""
    dialog = BackupsDialog(project_path, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    backup = dialog.chosen()
    if backup is None or not confirm_restore(parent, Path(project_path), backup):
        return None
    return backup


def choose_and_restore(parent: QWidget | None, project_path: str | Path) -> bool:
    """For a project that is not open (e.g. one that can no longer be opened): let the journalist pick a
    backup and restore it. True when the file was replaced; refusals are shown in a dialog."""
    backup = choose_backup(parent, project_path)
    if backup is None:
        return False
    try:
        try:
            restore_backup(project_path, backup)
        except PassphraseRequired:
            from workbench.ui.encryption import ask_key

            key = ask_key(parent, backup.path)  # an encrypted project's backup: its passphrase
            if key is None:
                return False
            restore_backup(project_path, backup, key)
    except WorkbenchError as exc:
        show_error(parent, "Not restored", str(exc))
        return False
    return True


def restore_from_backup(session: ProjectSession) -> bool:
    """File → Restore from backup…: for the open project, close it, restore, and open it again."""
    runner, parent = session.runner, session.widget
    project = runner.project
    if project is None:
        path = ask_project_to_open(parent, "Restore which project from a backup?", Path.home())
        if path is None or not choose_and_restore(parent, path):
            return False
        session.open(path)
        runner.show_status(f"{path.name} restored from a backup.", 8000)
        return True
    path = project.path
    backup = choose_backup(parent, path)
    if backup is None:
        return False
    # Closing saves typing still pending first, then lets a periodic backup still copying the file finish
    # (PeriodicBackups waits on ``closing``), then releases the file.
    key = project.cipher_key  # (an encrypted project: its backups open with its key)
    session.close()
    try:
        restore_backup(path, backup, key)
    except WorkbenchError as exc:
        show_error(parent, "Not restored", str(exc))
        session.open(path, cipher_key=key)
        return False
    if session.open(path, cipher_key=key):
        runner.show_status(
            f"Restored the backup of {local_time(backup.created_at)}. The state before is kept as a backup.", 10000)
    return True


class _BackupWorker(QThread):
    done = Signal(object)  # Backup
    busy = Signal()
    failed = Signal(str)

    def __init__(self, path: Path, wait_if_busy: bool) -> None:
        super().__init__()
        self.path = path
        self.wait_if_busy = wait_if_busy

    def run(self) -> None:
        try:
            self.done.emit(backup_file(self.path, "periodic", wait_if_busy=self.wait_if_busy))
        except BackupBusy:
            self.busy.emit()
        except WorkbenchError as exc:
            self.failed.emit(str(exc))


class PeriodicBackups(QObject):
    """Backs up the runner's project every ``interval_ms`` when it changed since the last backup; a copy in
    progress is waited for before the project is closed (the window closing included)."""

    backed_up = Signal(object)  # Backup
    # While edits keep coming, a backup is put off (the window would otherwise wait for the copy), but only
    # this many times in a row: then it holds the file still for the copy, and an edit may wait ~0.5 s.
    MAX_PUT_OFF = 2

    def __init__(self, runner: OperationRunner, interval_ms: int) -> None:
        super().__init__(runner)
        self.runner = runner
        self.dirty = False
        self.put_off = 0
        self.worker: _BackupWorker | None = None
        self.timer = QTimer(self, interval=interval_ms)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        runner.changed.connect(self._changed)
        runner.project_opened.connect(lambda _p: setattr(self, "dirty", False))
        runner.closing.connect(self.wait)

    def _changed(self, changes: Changes) -> None:
        if changes.images:
            self.dirty = True

    def tick(self) -> None:
        project = self.runner.project
        if project is None or project.read_only or not self.dirty or self.worker is not None:
            return
        self.dirty = False
        worker = _BackupWorker(project.path, wait_if_busy=self.put_off >= self.MAX_PUT_OFF)
        worker.done.connect(self._done)
        worker.busy.connect(self._busy)
        worker.failed.connect(self._failed)
        worker.finished.connect(self._finished)
        self.worker = worker
        worker.start()

    def _done(self, backup: Backup) -> None:
        self.put_off = 0
        self.backed_up.emit(backup)

    def _busy(self) -> None:
        self.put_off += 1
        self.dirty = True

    def _failed(self, message: str) -> None:
        self.dirty = True  # try again next time
        self.runner.show_status(
            f"Automatic backup failed: {message} Your work itself is saved in the project file.", 60000)

    def _finished(self) -> None:
        worker, self.worker = self.worker, None
        if worker is not None:
            worker.deleteLater()

    def wait(self) -> None:
        """Let a backup in progress finish (before the file is closed, replaced or the window goes)."""
        if self.worker is not None:
            self.worker.wait()


def install(shell: Shell) -> tuple[QAction, PeriodicBackups]:
    """Add File → Restore from backup… and start the periodic backups of the open project."""
    action = shell.add_action(
        "file", "Restore from &backup…", lambda: restore_from_backup(shell.session),
        tip="Go back to an automatic backup of this project (the current state is kept as one)")
    # With no project open it asks for the file, so a project that no longer opens can be restored.
    shell.runner.enable_with_project(action, lambda project: project is None or not project.read_only)
    seconds = float(shell.settings.value("backups/interval_seconds", DEFAULT_INTERVAL_SECONDS))
    return action, PeriodicBackups(shell.runner, max(50, int(seconds * 1000)))
