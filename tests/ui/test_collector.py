"""Garbage is collected on the GUI thread only: a worker thread that happens to trigger a collection must
never destroy Qt objects (the process aborts). The app switches automatic collection off and collects from
a timer on the GUI thread."""

from __future__ import annotations

import gc
import threading
import weakref

from PySide6.QtWidgets import QApplication

from workbench.ui.app import create_application
from workbench.ui.collector import GuiThreadCollector


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cyclic collector frees it


def test_the_application_collects_garbage_on_the_gui_thread_only(qapp: QApplication) -> None:
    app = create_application()
    collector = app.findChild(GuiThreadCollector)
    assert collector is not None and not gc.isenabled()
    thresholds = gc.get_threshold()
    gc.set_threshold(1, 1, 1)
    try:
        node = _Node()
        ref = weakref.ref(node)
        del node
        worker = threading.Thread(target=lambda: [_Node() for _ in range(1000)])  # allocations on a worker
        worker.start()
        worker.join()
        assert ref() is not None  # the worker's allocations collected nothing
        collector.check()  # the GUI thread's timer tick
        assert ref() is None
    finally:
        gc.set_threshold(*thresholds)


def test_the_collector_weighs_the_oldest_generation_at_its_first_tick_not_as_the_window_starts(
        qapp: QApplication) -> None:
    # Listing the oldest generation costs ~1.5 ms after the window's imports; it is not done at start-up.
    collector = GuiThreadCollector(qapp, interval_ms=60_000)
    try:
        assert collector._old is None
        collector.check()
        assert isinstance(collector._old, int)
    finally:
        collector.deleteLater()
