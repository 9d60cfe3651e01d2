"""*Tools → Fact-check library…*: the library of published fact-checks: which file it is (the journalist's own
or a newsroom's shared copy), what it holds, importing files into it, and searching it.

Imports run in a thread of their own with their own connection to the library (``ImportThread``), behind a
progress dialog whose Cancel rolls the whole import back; files are imported by the file dialog or dropped on
the dialog. A file that cannot be read is named in the report and the others go in; bad records are skipped
with their reasons. Searches and counts go through the window's ``FactCheckService`` thread. A fact-check's
web page is opened in the browser only when the journalist asks (double-click or *Open fact-check*).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressDialog,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.core.errors import WorkbenchError
from workbench.ui.checked_before import FactCheckService, open_link
from workbench.ui.common import FileDrops, close_buttons, filter_field, flat_tree, push_button, show_error, widget_row

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from workbench.factchecks import FactCheckLibrary, ImportReport, Match
    from workbench.ui.host import Shell

FILE_FILTER = ("Fact-checks (*.json *.jsonld *.jsonl *.ndjson *.html *.htm *.csv *.tsv);;All files (*)")
LIBRARY_FILTER = "Fact-check libraries (*.fclib)"
SEARCH_DEBOUNCE_MS = 250
PROGRESS_STEPS = 1000
# Said in the library dialog itself, so it names the dialog's own button rather than the menu that opened it.
EMPTY_LIBRARY = "No fact-check library yet: import published fact-checks (Import files… or drop them here) to fill it."


class ImportThread(QThread):
    """Imports files into the library at ``path`` with a connection of its own (the library belongs to the
    thread that opened it). ``progress(done, total)`` in thousandths; ``finished_import(report, error)``."""

    progress = Signal(int)
    finished_import = Signal(object, str)  # ImportReport or None, error message

    def __init__(self, path: Path, files: list[str]) -> None:
        super().__init__()
        self.path, self.files = path, files
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        from workbench.factchecks import FactCheckLibrary

        try:
            with FactCheckLibrary.open(self.path) as library:
                report = library.import_files(
                    self.files, cancelled=self._cancel.is_set,
                    progress=lambda done, total: self.progress.emit(PROGRESS_STEPS * done // max(1, total)))
        except WorkbenchError as exc:
            self.finished_import.emit(None, str(exc))
        except Exception as exc:  # a bug must reach the journalist as a message, not vanish with the thread
            self.finished_import.emit(None, f"The import failed ({type(exc).__name__}: {exc}). "
                                            "The library is as it was before.")
        else:
            self.finished_import.emit(report, "")


def report_text(report: ImportReport) -> str:
    """What an import did, for the dialog shown at its end: counts, files not read, skipped records."""
    lines = [report.summary() + "."]
    for f in report.files:
        if f.error:
            lines.append(f"✗ {f.error}")
        else:
            lines.append(f"• {f.file} ({f.kind}): {f.imported:,} new, {f.updated:,} updated"
                         + (f", {f.unchanged:,} already there" if f.unchanged else "")
                         + (f", {f.skipped:,} skipped" if f.skipped else ""))
    if report.skipped:
        lines.append("\nSkipped records:")
        lines.extend(f"  {s}" for s in report.skipped[:15])
        if len(report.skipped) > 15:
            lines.append(f"  … and {len(report.skipped) - 15:,} more")
    return "\n".join(lines)


class FactCheckDialog(QDialog):
    """The fact-check library: location, counts, import and search (see the module docstring)."""

    COLUMNS = ("Claim", "Claimant", "Rating", "Publisher", "Date", "Same claim")

    def __init__(self, service: FactCheckService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.worker: ImportThread | None = None
        self.progress: QProgressDialog | None = None  # while an import runs
        self.matches: list[Match] = []
        self.last_report: ImportReport | None = None
        self._asked = 0
        self.setWindowTitle("Fact-check library")
        self.resize(900, 560)
        layout = QVBoxLayout(self)

        where = QHBoxLayout()
        self.location = QLabel()
        self.location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.location.setWordWrap(True)
        where.addWidget(self.location, 1)
        self.change_button = push_button("Use another library…", self.choose_library,
                                         "Use a newsroom's shared library file, or start a new one")
        where.addWidget(self.change_button)
        self.own_button = push_button("Use my own", lambda: self.use_library(None),
                                      "Go back to your own library in your data folder")
        where.addWidget(self.own_button)
        layout.addLayout(where)

        self.stats = QLabel()
        self.stats.setWordWrap(True)
        layout.addWidget(self.stats)

        row = QHBoxLayout()
        self.import_button = push_button(
            "&Import files…", self.import_dialog, "Import published fact-checks: ClaimReview JSON-LD, saved fact-check "
            "web pages, Google Fact Check Tools results, CSV, or a project's ClaimReview export")
        row.addWidget(self.import_button)
        hint = QLabel("…or drop files here. Importing a fact-check again updates it.")
        hint.setEnabled(False)
        row.addWidget(hint, 1)
        layout.addLayout(row)
        self.report_view = QPlainTextEdit(readOnly=True)
        self.report_view.setMaximumHeight(self.fontMetrics().lineSpacing() * 7)
        self.report_view.setVisible(False)
        layout.addWidget(self.report_view)

        self.search_field = filter_field("Search the library: type a claim in any words", self._search_later)
        layout.addWidget(self.search_field)
        self.tree = flat_tree(self.COLUMNS, (150, 110, 150, 90, 80))
        self.tree.itemActivated.connect(lambda item, _c: self.open_selected())
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        layout.addWidget(self.tree, 1)
        self.result_note = QLabel()
        self.result_note.setEnabled(False)
        layout.addWidget(self.result_note)

        self.open_button = push_button("&Open fact-check", self.open_selected,
                                       "Open the selected fact-check's web page in your browser")
        layout.addLayout(widget_row(self.open_button, None, close_buttons(self)))

        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DEBOUNCE_MS)
        self._timer.timeout.connect(self.search)
        self.drops = FileDrops(self, lambda: self.worker is None, lambda paths, _event: self.import_paths(paths))
        service.library_changed.connect(self.refresh)
        self.refresh()

    # -- what the library holds ------------------------------------------------------------------------

    def refresh(self) -> None:
        """Show the library's location and counts, and search again."""
        path = self.service.path()
        whose = "Your own library" if self.service.is_default() else "Shared library"
        self.location.setText(f"<b>{whose}:</b> {path}")
        self.own_button.setVisible(not self.service.is_default())
        self.stats.setText("Counting…")

        def work(library: FactCheckLibrary | None) -> Any:
            return library.stats() if library is not None else None

        self.service.submit(work, self._show_stats)
        self.search()

    def _show_stats(self, stats: dict[str, Any] | None, error: str) -> None:
        if error:
            self.stats.setText(error)
        elif stats is None or not stats["fact_checks"]:
            self.stats.setText(EMPTY_LIBRARY)
        else:
            publishers = stats["publishers"]
            top = ", ".join(f"{p['name'] or 'no publisher'} ({p['count']:,})" for p in publishers[:5])
            more = f" and {len(publishers) - 5:,} more" if len(publishers) > 5 else ""
            dates = f", published {stats['oldest']} to {stats['newest']}" if stats["oldest"] else ""
            self.stats.setText(f"<b>{stats['fact_checks']:,} fact-checks</b> from {len(publishers):,} "
                               f"publisher{'s' if len(publishers) != 1 else ''}{dates}: {top}{more}.")

    # -- location --------------------------------------------------------------------------------------

    def choose_library(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Use another fact-check library (an existing one, or a name for a new one)",
            str(self.service.path().parent), LIBRARY_FILTER, options=QFileDialog.Option.DontConfirmOverwrite)
        if path:
            self.use_library(Path(path if path.endswith(".fclib") else path + ".fclib"))

    def use_library(self, path: Path | None) -> None:
        """Switch to the library at ``path`` (None: the journalist's own). An existing file must be a library
        this version reads; it is checked (and left untouched) before the setting changes."""
        if path is not None and path.exists():
            from workbench.factchecks.library import read_header

            try:
                read_header(path)
            except WorkbenchError as exc:
                show_error(self, "Not a fact-check library", str(exc))
                return
        self.service.set_path(path)

    # -- importing -------------------------------------------------------------------------------------

    def import_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Import published fact-checks", str(Path.home()), FILE_FILTER)
        self.import_paths(paths)

    def import_paths(self, paths: list[str]) -> None:
        """Import files in the background with a cancellable progress dialog, then report what happened."""
        if not paths or self.worker is not None:
            return
        what = f"Importing {len(paths)} file{'s' if len(paths) != 1 else ''}…"
        progress = self.progress = QProgressDialog(what, "Cancel", 0, PROGRESS_STEPS, self)
        progress.setWindowTitle("Import fact-checks")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)  # a small file never flashes a dialog
        worker = self.worker = ImportThread(self.service.path(), list(paths))
        worker.progress.connect(progress.setValue)
        progress.canceled.connect(worker.cancel)
        progress.canceled.connect(lambda: progress.setLabelText("Cancelling: the library is being put back as "
                                                                "it was…"))
        worker.finished_import.connect(lambda report, error: self._imported(worker, progress, report, error))
        self._update_buttons()
        worker.start()

    def _imported(self, worker: ImportThread, progress: QProgressDialog, report: ImportReport | None,
                  error: str) -> None:
        worker.wait()
        worker.deleteLater()
        self.worker = self.progress = None
        progress.reset()
        progress.close()
        progress.deleteLater()
        self._update_buttons()
        self.last_report = report
        if error:
            show_error(self, "Import not done", error)
            return
        self.service.reload()  # counts, searches and every "Checked before" read the library afresh
        # The report stays in the dialog (files not read, skipped records with their reasons), not in a box
        # that must be clicked away; a file that could not be read is marked ✗ at the top.
        self.report_view.setPlainText(report_text(report))
        self.report_view.setVisible(True)

    def closeEvent(self, event: Any) -> None:
        self.stop()
        super().closeEvent(event)

    def reject(self) -> None:
        self.stop()
        super().reject()

    def stop(self) -> None:
        """Cancel an import under way (it rolls back) and wait for it: the dialog is closing."""
        if self.worker is not None:
            self.worker.cancel()
            self.worker.wait()

    # -- searching -------------------------------------------------------------------------------------

    def _search_later(self) -> None:
        self._timer.start()

    def search(self) -> None:
        text = self.search_field.text().strip()
        self._asked += 1
        asked = self._asked
        if not text:
            self._show_results(asked, [], "")
            return

        def work(library: FactCheckLibrary | None) -> Any:
            return library.search(text, limit=25) if library is not None else []

        self.service.submit(work, lambda result, error: self._show_results(asked, result, error))

    def _show_results(self, asked: int, matches: list[Match] | None, error: str) -> None:
        if asked != self._asked:
            return  # typed on since
        self.tree.clear()
        self.matches = matches or []
        if error:
            self.result_note.setText(error)
            return
        for m in self.matches:
            f = m.factcheck
            item = QTreeWidgetItem([f.claim, f.claimant, f.rating, f.publisher, f.date,
                                    "yes" if m.same_claim else ""])
            item.setToolTip(0, f"{f.claim}\n\n{f.title}\n{f.link or '(no web address)'}".strip())
            for col in range(1, len(self.COLUMNS)):
                item.setToolTip(col, item.text(col))
            self.tree.addTopLevelItem(item)
        text = self.search_field.text().strip()
        self.result_note.setText("" if not text else
                                 f"{len(self.matches)} result{'s' if len(self.matches) != 1 else ''}, closest first; "
                                 "double-click one to open its web page." if self.matches else
                                 "No fact-check in the library comes close.")
        self._update_buttons()

    def selected_match(self) -> Match | None:
        item = self.tree.currentItem()
        return self.matches[self.tree.indexOfTopLevelItem(item)] if item is not None else None

    def open_selected(self) -> None:
        m = self.selected_match()
        if m is not None:
            open_link(m.factcheck.link)

    def _update_buttons(self) -> None:
        m = self.selected_match()
        self.open_button.setEnabled(m is not None and bool(m.factcheck.link))
        busy = self.worker is not None
        for button in (self.import_button, self.change_button, self.own_button):
            button.setEnabled(not busy)


def install(shell: Shell, service: FactCheckService) -> QAction:
    """*Tools → Fact-check library…* (Ctrl+Shift+L)."""

    def open_dialog() -> None:
        dialog = FactCheckDialog(service, shell.runner.widget)
        dialog.exec()
        dialog.deleteLater()

    return shell.add_action("tools", "&Fact-check library…", open_dialog, "Ctrl+Shift+L",
                            "Import published fact-checks and search them")
