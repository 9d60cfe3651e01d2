"""Python's cyclic garbage collection, run on the GUI thread only.

A collection runs in whichever thread happens to allocate when a threshold is crossed. When that is a
worker (the export preview, an import, verification) and the garbage holds a Qt object, Qt destroys it from
the wrong thread and the process aborts — seen here as "Fatal Python error: Aborted" with "Garbage-collecting"
in the preview worker. The usual cure for Qt applications: switch automatic collection off and collect from a
timer on the GUI thread, with the same generation thresholds Python would have used.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class GuiThreadCollector(QObject):
    """Disables automatic collection and collects on the GUI thread when Python would have."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._timer.start(interval_ms)

    def check(self) -> None:
        """Collect the generations whose allocation counts passed their thresholds."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        for generation in (2, 1, 0):  # the oldest due generation; collecting it collects the younger ones
            if counts[generation] > thresholds[generation]:
                gc.collect(generation)
                return


def install(parent: QObject) -> GuiThreadCollector:
    """Collect garbage on the GUI thread for as long as ``parent`` (the application) lives."""
    return GuiThreadCollector(parent)
