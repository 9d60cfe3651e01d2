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
# Found by this name: a findChild by type alone wraps every child of the application in Python (its style
# is of a class private to Qt, whose first wrapping builds QCommonStyle's enums: ~5 ms of start-up).
OBJECT_NAME = "workbench-gui-thread-collector"


class GuiThreadCollector(QObject):
    """Disables automatic collection and collects on the GUI thread when Python would have."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.setObjectName(OBJECT_NAME)
        gc.disable()
        # Objects in the oldest generation after the last full collection: weighed at the first tick, not
        # here — listing them costs ~1.5 ms that the window's first frame need not wait for, and with
        # collection off nothing enters that generation in between.
        self._old: int | None = None
        self._weighed = -1
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._timer.start(interval_ms)

    def check(self) -> None:
        """Collect the generations whose allocation counts passed their thresholds."""
        if self._old is None:
            self._old = len(gc.get_objects(2))
        counts, thresholds = gc.get_count(), gc.get_threshold()
        if counts[2] > thresholds[2] and counts[2] != self._weighed:
            self._weighed = counts[2]  # weighed again only after the next middle-generation collection
            # CPython's own rule for the oldest generation: a full collection only once it has grown by a
            # quarter since the last one. Without it, every tenth middle-generation collection walked the
            # whole heap (a big project's: 40-200 ms each, measured while a worker built a large structure),
            # freezing the window each time however little had changed.
            old = len(gc.get_objects(2))
            if old - self._old > self._old // 4:
                gc.collect(2)
                self._old = len(gc.get_objects(2))
                return
        for generation in (1, 0):  # the oldest due generation; collecting it collects the younger one
            if counts[generation] > thresholds[generation]:
                gc.collect(generation)
                return


def install(parent: QObject) -> GuiThreadCollector:
    """Collect garbage on the GUI thread for as long as ``parent`` (the application) lives; once per parent
    (a second call returns the collector already installed)."""
    return parent.findChild(GuiThreadCollector, OBJECT_NAME) or GuiThreadCollector(parent)
