"""Imports files off the UI thread: parsing a PDF or a big web page must never freeze the window.

The worker only *parses* (importers are pure); each finished article is handed back to the UI thread,
which stores it with one operation. Cancelling stops after the file in progress, so what finished stays
and nothing is half-written.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QThread, Signal

from workbench import ops
from workbench.core.errors import WorkbenchError


class ImportWorker(QThread):
    parsed = Signal(int, str, object, object)  # index, path, ImportedArticle, original bytes or None
    failed = Signal(int, str, str)  # index, path, message

    def __init__(self, paths: list[str], *, keep_originals: bool = False) -> None:
        super().__init__()
        self.paths = paths
        # Read the original file too when it is to be kept (PDF/DOCX), here rather than on the UI thread.
        self.keep_originals = keep_originals
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        from workbench import importers  # (on first import: the window starts without the importers)

        for i, path in enumerate(self.paths):
            if self._cancel.is_set():
                return
            try:
                article = importers.import_file(path)
                original = Path(path).read_bytes() if self.keep_originals and ops.keeps_original_by_default(article) \
                    else None
            except WorkbenchError as exc:
                self.failed.emit(i, path, str(exc))
            except Exception as exc:  # a bug in a parser must not kill the batch; report it per file
                self.failed.emit(i, path, f"{Path(path).name}: could not be read ({type(exc).__name__}: {exc}).")
            else:
                self.parsed.emit(i, path, article, original)
