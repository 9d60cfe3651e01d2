"""File → Share a copy… and File → Merge another project…, the merge report, and "open a copy" for a
project that is open in another window or lies in a read-only place.

Sharing writes a new file and never touches the open project, so it is not an undoable operation. The
merge goes through the runner's ``run_final``: one transaction after a backup, refreshed from its Changes
record (the MergeReport is one), but not on the undo stack (see ``merge_other``). Nothing here writes SQL.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QDialog, QHeaderView, QLabel, QVBoxLayout, QWidget

from workbench.core.errors import ProjectInUseError, ProjectReadOnlyError, WorkbenchError
from workbench.store import SUFFIX, Project
from workbench.ui.common import (
    accept_buttons,
    ask_project_to_open,
    ask_project_to_save,
    busy,
    close_buttons,
    read_only_table,
    wait_for,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTableWidgetItem

    from workbench.ops.merge import MergeReport
    from workbench.ui.host import Host, Shell
    from workbench.ui.session import ProjectSession


class ShareDialog(QDialog):
    """What goes into the copy. Private notes are left out unless asked for: they are private."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Share a copy")
        layout = QVBoxLayout(self)
        intro = QLabel("Write a copy of this project for a colleague. When they send it back, use "
                       "File → Merge another project… to bring their work in.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.private_notes = QCheckBox("Include &private notes")
        self.private_notes.setToolTip("Private notes are blanked in the copy unless this is ticked.")
        self.history = QCheckBox("Include the change &history (who changed what, when)")
        self.history.setChecked(True)
        self.attachments = QCheckBox("Include &attached source files")
        self.attachments.setChecked(True)
        self.full_history = QCheckBox("&Keep the full change history (earlier versions and deleted text)")
        self.full_history.setToolTip("Unticked, the copy carries no text of deleted claims, notes, articles or "
                                     "sources, nor earlier values of edited ones; merging works either way.")
        self.history.toggled.connect(self.full_history.setEnabled)
        self.encrypt = QCheckBox("&Encrypt the copy with a new passphrase")
        self.encrypt.setToolTip("Otherwise an encrypted project's copy opens with the project's own passphrase, "
                                "and a plain project's copy is plain.")
        for box in (self.private_notes, self.history, self.full_history, self.attachments, self.encrypt):
            layout.addWidget(box)
        buttons, self.share_button = accept_buttons(self, "Choose file…")
        layout.addWidget(buttons)

    def options(self) -> dict[str, bool]:
        return {"private_notes": self.private_notes.isChecked(), "history": self.history.isChecked(),
                "attachments": self.attachments.isChecked(),
                "full_history": self.history.isChecked() and self.full_history.isChecked()}


class MergeReportDialog(QDialog):
    """The merge report: counts, the backup's name, and every conflict with both values.

    Double-clicking a conflict on a claim shows that claim in the window.
    """

    COLUMNS = ("What", "Field", "Kept", "Other value", "Why")

    def __init__(self, report: MergeReport, parent: QWidget | None = None, host: Host | None = None) -> None:
        from workbench.store.schema import row_name

        super().__init__(parent)
        self.report = report
        self.host = host
        self.setWindowTitle("Merge report")
        layout = QVBoxLayout(self)
        head, *_rest = report.text().split("\n  - ", 1)
        self.summary = QLabel(head)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.table = read_only_table(self.COLUMNS, [
            (f"{row_name(c.table).capitalize()} {c.label}".strip(), c.field, _show(c.kept),
             _show(c.other), c.kind)
            for c in report.conflicts])
        for row, c in enumerate(report.conflicts):
            for col in range(len(self.COLUMNS)):
                self.table.item(row, col).setData(Qt.ItemDataRole.UserRole, (c.table, c.row_id))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.resizeColumnsToContents()
        # Both values side by side however long one is (a note): each value column gets at most a third
        # of the dialog and long values wrap, so "Other value" is never pushed out of view.
        char = self.fontMetrics().averageCharWidth()
        for col in (0, 2, 3):
            self.table.setColumnWidth(col, min(self.table.columnWidth(col), char * 34))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(True)
        self.table.resizeRowsToContents()
        self.table.itemDoubleClicked.connect(self._show_row)
        if report.conflicts:
            note = QLabel("Where both of you changed the same thing, the more recent change was kept; the "
                          "other value is listed here and kept in the project's history.")
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(close_buttons(self))
        width = self.fontMetrics().averageCharWidth() * 110
        self.resize(width, self.sizeHint().height() + (240 if report.conflicts else 0))

    def _show_row(self, item: QTableWidgetItem) -> None:
        table, row_id = item.data(Qt.ItemDataRole.UserRole)
        if table == "claims" and row_id and self.host is not None:
            self.host.select_claim(row_id)


def _show(value: Any) -> str:
    if value is None:
        return "—"
    return str(value).replace("\n", " ⏎ ")


# -- actions ---------------------------------------------------------------------------------------------


def share_copy(session: ProjectSession) -> Path | None:
    """Ask what to include and where, then write the copy; returns its path, or None if not done."""
    runner, parent = session.runner, session.widget
    project = runner.project
    if project is None:
        return None
    dialog = ShareDialog(parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    path = ask_project_to_save(parent, "Share a copy", project.path.with_name(f"{project.path.stem} (shared){SUFFIX}"))
    if path is None:
        return None
    new_key = None
    if dialog.encrypt.isChecked():
        from workbench.store import cipher
        from workbench.ui.encryption import Cancelled, ask_new_passphrase

        try:
            passphrase = ask_new_passphrase(parent, "Share a copy",
                                            f"{path.name} will open only with this passphrase: tell it to your "
                                            "colleague another way than the file.")
        except Cancelled:
            return None
        if passphrase is None:
            return None
        new_key = wait_for(parent, "Preparing the passphrase…", lambda: cipher.new_key(passphrase))
    try:
        # The file dialog has already asked before replacing an existing file.
        from workbench.ops.share import share_project  # loaded on first use: the window starts faster

        with busy(parent, "Writing the copy…"):
            out = share_project(project, dest=path, overwrite=True, new_key=new_key, **dialog.options())
    except WorkbenchError as exc:
        runner.show_error("Share a copy", str(exc))
        return None
    runner.show_status(f"Copy for sharing saved to {out}", 8000)
    return out


def merge_other(session: ProjectSession, host: Host) -> MergeReport | None:
    """Pick another copy of the project, merge it in (one transaction, after a backup), and show the report.

    Not undoable: undoing a merge would record the colleague's work as deleted here, and a later merge
    would carry those deletions back into their copy. The backup made before the merge is the way back."""
    runner, parent = session.runner, session.widget
    project = runner.project
    if project is None:
        return None
    path = ask_project_to_open(parent, "Merge another project", project.path.parent)
    if path is None:
        return None
    from workbench.ops.merge import merge_project  # loaded on first use: the window starts faster
    from workbench.store import cipher, open_keys

    other_key = None
    if cipher.file_kind(path) == "encrypted" and open_keys.key_for(path) is None:
        # Not one of this project's own copies: that copy's passphrase (Cancel: nothing merged).
        from workbench.ui.encryption import ask_key

        try:
            other_key = ask_key(parent, path)
        except WorkbenchError as exc:
            runner.show_error("Merge another project", str(exc))
            return None
        if other_key is None:
            return None
    with busy(parent, f"Merging {path.name}…"):
        report = runner.run_final(merge_project, other_path=path, other_key=other_key)
    if report is None:
        return None  # refused or failed: the runner has shown why, and nothing changed
    MergeReportDialog(report, parent, host).exec()
    return report


def offer_copy(session: ProjectSession, path: str | Path, error: WorkbenchError) -> bool:
    """When ``path`` cannot be opened for editing because another window has it or it lies somewhere
    read-only, offer to open a copy of it instead. Returns True if a copy was opened."""
    path = Path(path)
    if not isinstance(error, ProjectInUseError | ProjectReadOnlyError):
        return False
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Information, "Cannot edit this project", str(error),
                      QMessageBox.StandardButton.NoButton, session.widget)
    copy_button = box.addButton("Open a copy", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(copy_button)
    box.exec()
    if box.clickedButton() is not copy_button:
        return False
    folder = path.parent if os.access(path.parent, os.W_OK) else Path.home()
    dest = ask_project_to_save(session.widget, "Save the copy as", folder / f"{path.stem} (copy){SUFFIX}")
    if dest is None:
        return False
    try:
        # Read-only: takes no lock, so the other window keeps working while the copy is made.
        from workbench.ops.share import share_project

        with Project.open(path, read_only=True) as original:
            share_project(original, dest=dest, overwrite=True)
    except WorkbenchError as exc:
        session.runner.show_error("Open a copy", str(exc))
        return False
    return session.open(dest)


def install(shell: Shell) -> tuple[QAction, QAction]:
    """Add File → Share a copy… and File → Merge another project…, enabled while a project is open (a
    read-only one cannot take a merge)."""
    share = shell.add_action("file", "S&hare a copy…", lambda: share_copy(shell.session),
                             tip="Write a copy for a colleague, leaving out private notes if you wish")
    merge = shell.add_action("file", "&Merge another project…", lambda: merge_other(shell.session, shell),
                             tip="Bring a colleague's copy of this project back in (a backup is kept first)")
    shell.runner.enable_with_project(share)
    shell.runner.enable_with_project(merge, lambda project: project is not None and not project.read_only)
    return share, merge
