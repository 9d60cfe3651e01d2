"""File → Share a copy… and File → Merge another project…, the merge report, and "open a copy" for a
project that is open in another window or lies in a read-only place.

Sharing writes a new file and never touches the open project, so it is not an undoable operation. The
merge goes through ``window.run_final_op``: one transaction after a backup, refreshed from its Changes
record (the MergeReport is one), but not on the undo stack (see ``merge_other``). Nothing here writes SQL.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.core.errors import ProjectInUseError, ProjectReadOnlyError, WorkbenchError
from workbench.store import SUFFIX, Project

if TYPE_CHECKING:
    from workbench.ops.merge import MergeReport

PROJECT_FILTER = f"Fact-Check projects (*{SUFFIX})"


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
        for box in (self.private_notes, self.history, self.attachments):
            layout.addWidget(box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.share_button = buttons.addButton("Choose file…", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def options(self) -> dict[str, bool]:
        return {"private_notes": self.private_notes.isChecked(), "history": self.history.isChecked(),
                "attachments": self.attachments.isChecked()}


class MergeReportDialog(QDialog):
    """The merge report: counts, the backup's name, and every conflict with both values.

    Double-clicking a conflict on a claim shows that claim in the window.
    """

    COLUMNS = ("What", "Field", "Kept", "Other value", "Why")

    def __init__(self, report: MergeReport, parent: QWidget | None = None, window: Any = None) -> None:
        from workbench.ops.merge import ROW_NAMES

        super().__init__(parent)
        self.report = report
        self.window_ = window
        self.setWindowTitle("Merge report")
        layout = QVBoxLayout(self)
        head, *_rest = report.text().split("\n  - ", 1)
        self.summary = QLabel(head)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.table = QTableWidget(len(report.conflicts), len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        for row, c in enumerate(report.conflicts):
            what = f"{ROW_NAMES.get(c.table, c.table).capitalize()} {c.label}".strip()
            for col, text in enumerate((what, c.field, _show(c.kept), _show(c.other), c.kind)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                item.setData(Qt.ItemDataRole.UserRole, (c.table, c.row_id))
                self.table.setItem(row, col, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.resizeColumnsToContents()
        self.table.itemDoubleClicked.connect(self._show_row)
        self.table.setVisible(bool(report.conflicts))
        if report.conflicts:
            note = QLabel("Where both of you changed the same thing, the more recent change was kept; the "
                          "other value is listed here and kept in the project's history.")
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        width = self.fontMetrics().averageCharWidth() * 110
        self.resize(width, self.sizeHint().height() + (240 if report.conflicts else 0))

    def _show_row(self, item: QTableWidgetItem) -> None:
        table, row_id = item.data(Qt.ItemDataRole.UserRole)
        if table == "claims" and row_id and self.window_ is not None:
            self.window_.select_claim(row_id)


def _show(value: Any) -> str:
    if value is None:
        return "—"
    return str(value).replace("\n", " ⏎ ")


# -- actions ---------------------------------------------------------------------------------------------


def share_copy(window: Any) -> Path | None:
    """Ask what to include and where, then write the copy; returns its path, or None if not done."""
    project: Project | None = window.project
    if project is None:
        return None
    dialog = ShareDialog(window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    default = project.path.with_name(f"{project.path.stem} (shared){SUFFIX}")
    path, _ = QFileDialog.getSaveFileName(window, "Share a copy", str(default), PROJECT_FILTER)
    if not path:
        return None
    if not path.endswith(SUFFIX):
        path += SUFFIX
    try:
        # The file dialog has already asked before replacing an existing file.
        from workbench.ops.share import share_project  # loaded on first use: the window starts faster

        with _Busy(window, "Writing the copy…"):
            out = share_project(project, dest=path, overwrite=True, **dialog.options())
    except WorkbenchError as exc:
        window.show_error("Share a copy", str(exc))
        return None
    window.statusBar().showMessage(f"Copy for sharing saved to {out}", 8000)
    return out


def merge_other(window: Any) -> MergeReport | None:
    """Pick another copy of the project, merge it in (one transaction, after a backup), and show the report.

    Not undoable: undoing a merge would record the colleague's work as deleted here, and a later merge
    would carry those deletions back into their copy. The backup made before the merge is the way back."""
    project: Project | None = window.project
    if project is None:
        return None
    path, _ = QFileDialog.getOpenFileName(window, "Merge another project", str(project.path.parent),
                                          f"{PROJECT_FILTER};;All files (*)")
    if not path:
        return None
    from workbench.ops.merge import merge_project  # loaded on first use: the window starts faster

    with _Busy(window, f"Merging {Path(path).name}…"):
        report = window.run_final_op(merge_project, other_path=path)
    if report is None:
        return None  # refused or failed: run_op has shown why, and nothing changed
    MergeReportDialog(report, window, window).exec()
    return report


def offer_copy(window: Any, path: str | Path, error: WorkbenchError) -> bool:
    """When ``path`` cannot be opened for editing because another window has it or it lies somewhere
    read-only, offer to open a copy of it instead. Returns True if a copy was opened."""
    path = Path(path)
    if not isinstance(error, ProjectInUseError | ProjectReadOnlyError):
        return False
    box = QMessageBox(QMessageBox.Icon.Information, "Cannot edit this project", str(error),
                      QMessageBox.StandardButton.NoButton, window)
    copy_button = box.addButton("Open a copy", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(copy_button)
    box.exec()
    if box.clickedButton() is not copy_button:
        return False
    folder = path.parent if os.access(path.parent, os.W_OK) else Path.home()
    default = folder / f"{path.stem} (copy){SUFFIX}"
    dest, _ = QFileDialog.getSaveFileName(window, "Save the copy as", str(default), PROJECT_FILTER)
    if not dest:
        return False
    if not dest.endswith(SUFFIX):
        dest += SUFFIX
    try:
        # Read-only: takes no lock, so the other window keeps working while the copy is made.
        from workbench.ops.share import share_project

        with Project.open(path, read_only=True) as original:
            share_project(original, dest=dest, overwrite=True)
    except WorkbenchError as exc:
        window.show_error("Open a copy", str(exc))
        return False
    return bool(window.open_project(dest))


class _Busy:
    """A wait cursor and a "working" note while a long step runs on the window's thread (the project's
    connection belongs to that thread)."""

    def __init__(self, window: Any, text: str) -> None:
        self.window = window
        self.text = text
        self.progress: QProgressDialog | None = None

    def __enter__(self) -> _Busy:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        self.progress = QProgressDialog(self.text, "", 0, 0, self.window)
        self.progress.setWindowTitle("Please wait")
        self.progress.setCancelButton(None)
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(0)
        self.progress.show()
        QCoreApplication.processEvents()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
        QGuiApplication.restoreOverrideCursor()


def install(window: Any) -> tuple[QAction, QAction]:
    """Add File → Share a copy… and File → Merge another project…, enabled while a project is open."""
    share = QAction("S&hare a copy…", window)
    share.setStatusTip("Write a copy for a colleague, leaving out private notes if you wish")
    share.triggered.connect(lambda _=False: share_copy(window))
    merge = QAction("&Merge another project…", window)
    merge.setStatusTip("Bring a colleague's copy of this project back in (a backup is kept first)")
    merge.triggered.connect(lambda _=False: merge_other(window))
    window.add_file_actions(share, merge)

    def enable(project: Project | None) -> None:
        share.setEnabled(project is not None)
        merge.setEnabled(project is not None and not project.read_only)

    enable(window.project)
    window.project_opened.connect(enable)
    window.share_action, window.merge_action = share, merge
    return share, merge
