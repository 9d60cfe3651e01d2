"""File → Export…: choose a format and what to include, see the report as it will read, save it.

The export is built off the UI thread, so a 20,000-claim project never freezes the window: a QRunnable
opens its own read-only connection to the project file (SQLite connections belong to one thread), builds
the text and hands it back with a signal. Each request carries a number; an answer to an older request
(the journalist changed an option meanwhile) is dropped. The preview shows at most PREVIEW_CLAIMS claims;
Save always writes all of them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workbench.core.errors import WorkbenchError
from workbench.store import Project
from workbench.store.queries import list_articles, tag_names, verdict_scale
from workbench.store.schema import STATUSES
from workbench.ui.common import add_list_item, close_buttons, fit_to_screen, show_error, start_folder, widget_row
from workbench.ui.operations import OperationRunner
from workbench.ui.report_view import ReportView

if TYPE_CHECKING:
    from workbench.export import ExportOptions
    from workbench.ui.host import Shell

# The exporters (workbench.export) load when the dialog first needs them, not when the window starts.

PREVIEW_CLAIMS = 300
PREVIEW_CHARS = 200_000
REPORT_FORMATS = ("markdown", "html")
TEXT_FORMATS = ("markdown", "html", "json")  # where "full text or excerpts" makes a difference
PRIVATE_NOTE_FORMATS = ("markdown", "html", "csv", "json", "annotations")
# What goes after the project's name in the suggested file name.
_NAME_PART = {"markdown": " report", "html": " report", "csv": " claims", "json": "", "claimreview": " claimreview",
              "annotations": " annotations"}


@dataclasses.dataclass(slots=True)
class ExportResult:
    generation: int
    preview: bool
    fmt: str
    text: str = ""  # the preview (HTML for reports, text otherwise), or "" after a save
    total_claims: int = 0
    shown_claims: int = 0
    saved_to: str = ""
    error: str = ""


class _Signals(QObject):
    done = Signal(object)  # ExportResult


class ExportJob(QRunnable):
    """Builds one preview, or writes one file, on a worker thread with its own read-only connection."""

    def __init__(self, path: Path, fmt: str, options: ExportOptions, generation: int, *,
                 save_to: str | None = None) -> None:
        super().__init__()
        self.path, self.fmt, self.options, self.save_to = path, fmt, options, save_to
        self.result = ExportResult(generation, save_to is None, fmt)
        self.signals = _Signals()

    def run(self) -> None:
        from workbench.export import export_to

        r = self.result
        try:
            with Project.open(self.path, read_only=True) as project:
                if self.save_to is not None:
                    export_to(project, self.fmt, self.save_to, self.options)  # written as it is made
                    r.saved_to = self.save_to
                else:
                    self._preview(project)
        except WorkbenchError as exc:
            r.error = str(exc)
        except Exception as exc:  # a bug must reach the journalist as a message, not kill the thread
            r.error = f"The export failed ({type(exc).__name__}: {exc})."
        self.signals.done.emit(r)

    def _preview(self, project: Project) -> None:
        from workbench.export import export
        from workbench.export.markdown_report import render_markdown
        from workbench.export.selection import select
        from workbench.export.template import load_template

        options = dataclasses.replace(self.options, max_claims=PREVIEW_CLAIMS)
        selection = select(project, options)
        self.result.total_claims = selection.total_claims
        self.result.shown_claims = sum(len(e.claims) for e in selection.articles)
        if self.fmt in REPORT_FORMATS:
            markdown = render_markdown(selection, options, load_template(options.template))
            from workbench.export.html_report import markdown_to_html  # Python-Markdown: not at start-up

            self.result.text = markdown_to_html(markdown)
        else:
            text = export(project, self.fmt, options).lstrip("\ufeff")  # a CSV's BOM is for spreadsheets
            self.result.text = text if len(text) <= PREVIEW_CHARS else text[:PREVIEW_CHARS] + "\n…"


def _checklist(items: list[tuple[str, Any]]) -> QListWidget:
    widget = QListWidget()
    for text, value in items:
        item = add_list_item(widget, text, value, tip=text)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
    return widget


def _checked(widget: QListWidget) -> tuple[Any, ...]:
    return tuple(widget.item(i).data(Qt.ItemDataRole.UserRole) for i in range(widget.count())
                 if widget.item(i).checkState() == Qt.CheckState.Checked)


class ExportDialog(QDialog):
    """Export options on the left, a live preview on the right."""

    finished_job = Signal(object)  # ExportResult, after the dialog handled it (for tests)

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        fit_to_screen(self, 1100, 720)
        self.path = project.path
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)  # one build at a time, in order
        self._generation = 0
        self._jobs: set[ExportJob] = set()
        # What hands a saved file or its folder to the system (file viewer, file manager); tests replace it.
        self.open_url: Callable[[QUrl], Any] = QDesktopServices.openUrl
        self.saved_box: QMessageBox | None = None

        from workbench.export import FORMATS

        self.format_box = QComboBox()
        for name, fmt in FORMATS.items():
            self.format_box.addItem(fmt.label, name)
        self.full_text = QRadioButton("Full text of each article")
        self.excerpts = QRadioButton("Only an excerpt around each claim")
        self.full_text.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.full_text)
        group.addButton(self.excerpts)
        # Off by default: a report travels further than its author expects.
        self.private_notes = QCheckBox("Include private notes")
        # Off by default: a report counts and prints the articles that have claims in it.
        self.all_articles = QCheckBox("Include articles without selected claims")
        self.all_articles.setToolTip("Also print, with their text, the articles none of whose claims is in "
                                     "the report")

        self.articles = _checklist([(a.title or a.source_file or a.id, a.id)
                                    for a in list_articles(project, counts=False)])
        self.tags = _checklist([(name, name) for name in tag_names(project)])
        self.statuses = _checklist([(s, s) for s in STATUSES])
        self.verdicts = _checklist([(v.label, v.label) for v in verdict_scale(project)] + [("No verdict yet", "")])
        filters = QTabWidget()
        for widget, title in ((self.articles, "Articles"), (self.tags, "Tags"), (self.statuses, "Status"),
                              (self.verdicts, "Verdict")):
            filters.addTab(widget, title)

        form = QFormLayout()
        form.addRow("Format:", self.format_box)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(form)
        column.addWidget(self.full_text)
        column.addWidget(self.excerpts)
        column.addWidget(self.private_notes)
        column.addWidget(self.all_articles)
        limit = QLabel("Only claims matching these (nothing ticked = all):")
        limit.setWordWrap(True)
        column.addSpacing(8)
        column.addWidget(limit)
        column.addWidget(filters, 1)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.report_view = ReportView()
        self.text_view = QPlainTextEdit()
        self.text_view.setReadOnly(True)
        self.text_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.preview = QStackedWidget()
        self.preview.addWidget(self.report_view)
        self.preview.addWidget(self.text_view)
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addWidget(self.status)
        right_column.addWidget(self.preview, 1)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 800])

        buttons = close_buttons(self)
        self.save_button = QPushButton("&Save…")
        self.save_button.setDefault(True)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.clicked.connect(self.save)

        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(widget_row(None, buttons))

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)  # typing-speed changes are built once, not once per click
        self._timer.timeout.connect(self.refresh_preview)
        self.format_box.currentIndexChanged.connect(self._options_changed)
        for box in (self.full_text, self.private_notes, self.all_articles):
            box.toggled.connect(self._options_changed)
        for widget in (self.articles, self.tags, self.statuses, self.verdicts):
            widget.itemChanged.connect(self._options_changed)
        self.refresh_preview()

    # -- options -------------------------------------------------------------------------------------

    def format(self) -> str:
        return str(self.format_box.currentData())

    def set_format(self, name: str) -> None:
        self.format_box.setCurrentIndex(self.format_box.findData(name))

    def options(self) -> ExportOptions:
        from workbench.export import ExportOptions

        return ExportOptions(
            article_ids=_checked(self.articles),
            tags=_checked(self.tags),
            statuses=_checked(self.statuses),
            verdicts=_checked(self.verdicts),
            private_notes=self.private_notes.isChecked(),
            full_text=self.full_text.isChecked(),
            all_articles=self.all_articles.isChecked(),
        )

    def default_file_name(self) -> str:
        from workbench.export import FORMATS

        fmt = self.format()
        return str(start_folder(self.path) / f"{self.path.stem}{_NAME_PART[fmt]}{FORMATS[fmt].suffix}")

    def _options_changed(self, *_args: object) -> None:
        fmt = self.format()
        # Show which choices mean something for this format (all still go into the options).
        for box in (self.full_text, self.excerpts):
            box.setEnabled(fmt in TEXT_FORMATS)
        self.private_notes.setEnabled(fmt in PRIVATE_NOTE_FORMATS)
        self.all_articles.setEnabled(fmt in TEXT_FORMATS)
        self._timer.start()

    # -- building ------------------------------------------------------------------------------------

    def _start(self, job: ExportJob) -> None:
        self._jobs.add(job)
        job.signals.done.connect(self._job_done, Qt.ConnectionType.QueuedConnection)
        self.pool.start(job)

    @property
    def generation(self) -> int:
        """The number of the newest preview or save asked for; a finished job (``ExportResult.generation``)
        with a lower one is out of date."""
        return self._generation

    def refresh_preview(self) -> None:
        self._timer.stop()
        self._generation += 1
        self.status.setText("Building the preview…")
        self._start(ExportJob(self.path, self.format(), self.options(), self._generation))

    def save(self) -> None:
        from workbench.export import FORMATS

        fmt = FORMATS[self.format()]
        path, _filter = QFileDialog.getSaveFileName(self, "Export", self.default_file_name(),
                                                    f"{fmt.file_filter};;All files (*)")
        if not path:
            return
        if not Path(path).suffix:
            path += fmt.suffix
        self.save_button.setEnabled(False)
        self.status.setText(f"Saving {Path(path).name}…")
        self._start(ExportJob(self.path, self.format(), self.options(), self._generation, save_to=path))

    def _job_done(self, result: ExportResult) -> None:
        self._jobs = {j for j in self._jobs if j.result is not result}
        if not result.preview:
            self.save_button.setEnabled(True)
            if result.error:
                self.status.setText("The file was not saved.")
                show_error(self, "Export", result.error)
            else:
                self.status.setText(f"Saved to {result.saved_to}")
                self._offer_to_open(Path(result.saved_to))
        elif result.generation == self._generation:
            self._show_preview(result)
        self.finished_job.emit(result)

    def _offer_to_open(self, path: Path) -> None:
        """Say where the file went, and offer to open it or its folder (window-modal, not blocking)."""
        box = QMessageBox(QMessageBox.Icon.Information, "Export saved",
                          f"Saved “{path.name}” in\n{path.parent}", QMessageBox.StandardButton.Close, self)
        open_button = box.addButton("&Open", QMessageBox.ButtonRole.ActionRole)
        folder_button = box.addButton("Show in &folder", QMessageBox.ButtonRole.ActionRole)
        box.setDefaultButton(open_button)

        def clicked(button: object) -> None:
            if button is open_button:
                target = path
            elif button is folder_button:
                target = path.parent
            else:
                return
            if not self.open_url(QUrl.fromLocalFile(str(target))):
                show_error(self, "Export", f"No program on this computer opens {target}. It is saved; open it "
                                           "from your file manager.")

        box.buttonClicked.connect(clicked)
        if self.saved_box is not None:  # the message of an earlier save
            self.saved_box.deleteLater()
        self.saved_box = box
        box.open()

    def _show_preview(self, result: ExportResult) -> None:
        if result.error:
            self.status.setText(result.error)
            self.report_view.show_report("")
            self.text_view.setPlainText("")
            return
        if result.fmt in REPORT_FORMATS:
            self.report_view.show_report(result.text)
            self.preview.setCurrentWidget(self.report_view)
        else:
            self.text_view.setPlainText(result.text)
            self.preview.setCurrentWidget(self.text_view)
        if result.shown_claims < result.total_claims:
            self.status.setText(f"The preview shows the first {result.shown_claims:,} of "
                                f"{result.total_claims:,} claims; Save writes all of them.")
        else:
            self.status.setText(f"{result.total_claims:,} claim(s) selected.")

    def done(self, code: int) -> None:
        # Let a running build finish (a save must not be cut off), then close.
        self._timer.stop()
        self.pool.waitForDone()
        super().done(code)


def open_export_dialog(runner: OperationRunner) -> ExportDialog | None:
    """Show the export dialog for the open project (window-modal, so the project cannot change underneath
    it)."""
    if runner.project is None:
        return None
    if runner.project.encrypted:
        _note_plain_exports(runner)
    dialog = ExportDialog(runner.project, runner.widget)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def _note_plain_exports(runner: OperationRunner) -> None:
    """Once per encrypted project opened in this window: exports are plain files, readable by anyone."""
    project = runner.project
    if project is None or getattr(runner, "_export_note_for", None) == project.path:
        return
    runner._export_note_for = project.path  # type: ignore[attr-defined]
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.information(runner.widget, "Exports are not encrypted",
                            "This project is encrypted, but reports and data files exported from it are ordinary "
                            "files: anyone who gets one can read it. Keep them somewhere safe, or delete them "
                            "after use.")


def install(shell: Shell) -> QAction:
    """Add File → Export… (Ctrl+E) to the main window, enabled while a project is open."""
    action = shell.add_action("file", "E&xport…", lambda: open_export_dialog(shell.runner), "Ctrl+E",
                              "Export an annotated report, a claims table or data files")
    shell.runner.enable_with_project(action)
    return action
