"""Importing a batch of files into the open project: parsed off the UI thread (``ImportWorker``), stored one
article per operation on the UI thread, with a cancellable progress dialog, a question for files already
in the project, and a summary of what failed, was skipped or came with warnings.

The whole batch is one undo step: the undo group opens when the first article is stored (so a batch
that stored nothing leaves no empty step) and closes when the batch ends or the project is closed.
Articles parsed after the project changed belong to the project the import started in and are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Qt

from workbench import ops
from workbench.store import Project
from workbench.ui.operations import OperationRunner

if TYPE_CHECKING:
    from PySide6.QtWidgets import QProgressDialog

    from workbench.importers import ImportedArticle
    from workbench.ui.host import Host
    from workbench.ui.import_worker import ImportWorker

# The setting (on by default) that keeps PDF and Word files themselves inside the project as well.
KEEP_ORIGINALS = "import/keep_originals"


@dataclass
class ImportBatch:
    """What one import of several files did so far."""

    project: Project  # the project the batch imports into
    total: int  # files asked for
    added: list[str] = field(default_factory=list)  # ids of the articles stored
    failed: list[str] = field(default_factory=list)  # one message per file that could not be read
    skipped: list[str] = field(default_factory=list)  # names of files already in the project
    warnings: list[str] = field(default_factory=list)  # importers' warnings about articles stored
    skip_duplicates: bool = False  # "Skip all duplicates" was chosen
    undo_group_open: bool = False

    def summary(self) -> str:
        """The report shown at the end, or "" when everything went in without a remark."""
        lines = []
        if self.failed:
            lines.append("These files could not be imported:\n" + "\n".join(f"• {m}" for m in self.failed))
        if self.skipped:
            lines.append("Skipped (already in the project): " + ", ".join(self.skipped))
        if self.warnings:
            lines.append("Warnings:\n" + "\n".join(f"• {w}" for w in self.warnings[:20]))
        if not lines:
            return ""
        return f"Imported {len(self.added)} of {self.total} file(s).\n\n" + "\n\n".join(lines)


class Importer(QObject):
    """Runs one import batch at a time for the window."""


    def __init__(self, runner: OperationRunner, host: Host, settings: QSettings) -> None:
        super().__init__(runner)
        self.runner = runner
        self.host = host
        self.settings = settings
        self._worker: ImportWorker | None = None
        self._batch: ImportBatch | None = None
        runner.closing.connect(self._project_closing)

    @property
    def running(self) -> bool:
        """Whether a batch is being imported."""
        return self._worker is not None

    def import_paths(self, paths: list[str]) -> None:
        """Import files with a cancellable progress dialog, then report what failed. Ignored while another
        batch runs."""
        project = self.runner.project
        if project is None or not paths or self._worker is not None:
            return
        batch = self._batch = ImportBatch(project, len(paths))
        from PySide6.QtWidgets import QProgressDialog

        from workbench.ui.import_worker import ImportWorker  # its thread class, on the first import

        progress = QProgressDialog("Importing…", "Cancel", 0, len(paths), self.runner.widget)
        progress.setWindowTitle("Import")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)  # a quick single file never flashes a dialog
        worker = self._worker = ImportWorker(paths, keep_originals=self.keeps_originals())

        def step(i: int, path: str) -> None:
            progress.setValue(i + 1)
            progress.setLabelText(f"Imported {Path(path).name} ({i + 1} of {len(paths)})")

        def parsed(i: int, path: str, article: ImportedArticle, original: bytes | None) -> None:
            # Parsed files belong to the project the import started in, never to one opened since.
            if not progress.wasCanceled() and self.runner.project is batch.project:
                self._store(path, article, original, batch)
            step(i, path)

        def failed(i: int, path: str, message: str) -> None:
            batch.failed.append(message)
            step(i, path)

        worker.parsed.connect(parsed)
        worker.failed.connect(failed)
        progress.canceled.connect(worker.cancel)
        worker.finished.connect(lambda: self._done(worker, progress, batch))
        worker.start()

    def keeps_originals(self) -> bool:
        return bool(self.settings.value(KEEP_ORIGINALS, True, type=bool))

    def stop(self) -> None:
        """Cancel the batch after the file in progress and wait for the worker (the window is closing)."""
        if self._worker is not None:
            self._worker.cancel()
            self._worker.wait()

    def _project_closing(self) -> None:
        if self._worker is not None and self._batch is not None:
            # An import into the old project stops after the file in progress; its undo group closes here
            # because the stack is about to be cleared.
            self._worker.cancel()
            self._close_undo_group(self._batch)

    def _close_undo_group(self, batch: ImportBatch) -> None:
        if batch.undo_group_open:
            self.runner.undo_stack.endMacro()
            batch.undo_group_open = False

    def _store(self, path: str, article: ImportedArticle, original: bytes | None, batch: ImportBatch) -> None:
        if ops.find_duplicate(batch.project, article) is not None and not self._import_again(path, batch):
            batch.skipped.append(Path(path).name)
            return
        changes = self.runner.attempt(ops.add_article, article=article, original=original)
        if changes is None:
            return
        if not batch.undo_group_open:
            # Opened once the first article is stored (a refused one, e.g. on a full disk, does not count),
            # so a batch that stored nothing leaves no empty undo step.
            self.runner.undo_stack.beginMacro(f"Import {batch.total} file(s)")
            batch.undo_group_open = True
        self.runner.push(changes)
        batch.added.append(changes.created("articles")[0])
        batch.warnings.extend(article.warnings)

    def _import_again(self, path: str, batch: ImportBatch) -> bool:
        """Ask whether a file already in the project goes in again (unless "Skip all" was chosen)."""
        if batch.skip_duplicates:
            return False
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Question, "Already imported",
                          f"{Path(path).name} is already in the project. Import it again?",
                          QMessageBox.StandardButton.NoButton, self.runner.widget)
        skip = box.addButton("Skip", QMessageBox.ButtonRole.RejectRole)
        again = box.addButton("Import again", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(skip)
        remember = None
        if batch.total > 1:
            remember = box.addButton("Skip all duplicates", QMessageBox.ButtonRole.DestructiveRole)
        box.exec()
        clicked = box.clickedButton()
        if clicked is remember:
            batch.skip_duplicates = True
        return clicked is again

    def _done(self, worker: ImportWorker, progress: QProgressDialog, batch: ImportBatch) -> None:
        self._close_undo_group(batch)
        self._batch = None
        progress.close()
        worker.deleteLater()
        self._worker = None
        if batch.added and self.runner.project is batch.project:
            self.host.open_article(batch.added[-1])
        summary = batch.summary()
        if summary:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.information(self.runner.widget, "Import", summary)
        else:
            self.runner.show_status(f"Imported {len(batch.added)} file(s).", 5000)
