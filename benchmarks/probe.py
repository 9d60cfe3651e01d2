"""GUI measurements, each run by the runner in a fresh process: ``python -m benchmarks.probe MODE ...``.

Modes (each prints one JSON line on stdout, then leaves at once with ``os._exit`` so interpreter and Qt
teardown are not timed):

``bare``                  the floor of start-up: import PySide6, show an empty QMainWindow of the size our
                          window takes, report the wall-clock time of its first frame.
``app``                   our start-up: ``workbench.__main__.main([])`` — what the ``workbench`` command runs,
                          opening the last project (the sample project) — reporting the time of the first
                          frame that shows the window with the project open.
``open PROJECT ARTICLE``  the window already shown, time from ``open_project(PROJECT)`` to the first frame
                          that shows it; then after a second of idle, open ARTICLE (the 1 MB one) and
                          report the peak resident memory (VmHWM) of the process.
``typing PROJECT``        the longest freeze of the window while queries are typed into Find in project.
``render PROJECT ARTICLE``  ArticleReader showing ARTICLE (text + every highlight) and painting it, against a
                          QPlainTextEdit given the same text with setPlainText and painted: medians.

What "first frame" means here: an event filter sees the first ``QEvent.Paint`` delivered to a widget of
the window (with the project open, for ``app``) and starts a zero-time timer. Qt paints all dirty widgets
of a window in one backing-store sync and then flushes it, without returning to the event loop in between,
so that timer fires right after the whole first frame has been painted and flushed — what a person would
see (on the offscreen platform there is no compositor or vsync to wait for). ``QTimer.singleShot(0)``
after ``show()`` alone would fire *before* the first paint, which Qt defers to an UpdateRequest event.

Start-up (``bare`` and ``app`` alike) watches the main window only: the filter is put on each
``QMainWindow`` as it is shown, and a window's first frame paints the window itself. An application-wide
filter would hand PySide6 the receiver of every event, and wrapping the first object of a class private to
Qt (a scroll area's viewport) makes it load every lazily loaded class of QtWidgets (~12–21 ms) — a tax on
our window, which has such widgets, that the bare one never pays, and that the app's own code avoids
(see ``tests/ui/test_app.py``). The other modes start their clock with the window already shown (that
cost paid), and watch the whole application.

Start-up times are wall-clock (``time.time()``): the runner notes the time just before starting the
process, so interpreter start and every import count.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path


def peak_rss_mb() -> float:
    """Peak resident set size of this process, in MB (VmHWM; ru_maxrss where /proc is missing)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024 if sys.platform == "darwin" else 1024)


def report(**values: object) -> None:
    print(json.dumps(values), flush=True)


def leave(project: object = None) -> None:
    if project is not None:
        project.close()  # releases the project's lock file; everything is already on disk
    sys.stdout.flush()
    os._exit(0)


class FrameWatch:
    """Calls ``done`` once, right after the first frame painted while ``ready()`` holds: frames of any
    window of ``app``, or with ``main_windows`` of each ``QMainWindow`` shown from now on (see the module
    docstring)."""

    def __init__(self, app, ready: Callable[[object], bool], done: Callable[[], None], *,
                 main_windows: bool = False) -> None:
        from PySide6.QtCore import QEvent, QObject, QTimer
        from PySide6.QtWidgets import QMainWindow

        paint = QEvent.Type.Paint
        watch = self

        class Filter(QObject):
            def eventFilter(self, obj, event):
                if watch.armed and event.type() == paint and obj.isWidgetType() and ready(obj.window()):
                    watch.armed = False
                    QTimer.singleShot(0, done)
                return False

        self.armed = True
        self.filter = Filter()
        if not main_windows:
            app.installEventFilter(self.filter)
            return
        show = QMainWindow.show

        def show_watched(window: QMainWindow) -> None:
            window.installEventFilter(self.filter)
            show(window)

        QMainWindow.show = show_watched  # this process only measures


def _screen_size(app) -> tuple[int, int]:
    # The size our window takes on first start (85 % of the screen): the bare window gets the same.
    size = app.primaryScreen().availableGeometry().size() * 0.85
    return size.width(), size.height()


def bare() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv)
    window = QMainWindow()
    window.setWindowTitle("bare")
    window.resize(*_screen_size(app))

    def done() -> None:
        report(frame_at=time.time(), peak_rss_mb=peak_rss_mb())
        leave()

    FrameWatch(app, lambda w: w is window, done, main_windows=True)
    window.show()
    app.exec()


def app_start() -> None:
    from PySide6.QtWidgets import QApplication

    # The app's own run() reuses this instance; made here only so the watch can be installed first.
    app = QApplication(sys.argv)
    windows: list = []

    def ready(w: object) -> bool:
        if type(w).__name__ == "MainWindow" and getattr(w, "project", None) is not None:
            windows.append(w)
            return True
        return False

    def done() -> None:
        window = windows[-1]
        report(frame_at=time.time(), peak_rss_mb=peak_rss_mb(), title=window.windowTitle(),
               modules=sorted(m for m in ("trafilatura", "lxml", "pypdf", "docx", "markdown", "dateparser",
                                          "htmldate", "charset_normalizer", "nh3") if m in sys.modules))
        leave(window.project)

    FrameWatch(app, ready, done, main_windows=True)
    from workbench.__main__ import main

    main([])


def open_project(path: str, article_id: str) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from workbench.store import Project
    from workbench.ui.main_window import MainWindow

    app = QApplication(sys.argv)
    window = MainWindow()
    state: dict[str, float] = {}
    passphrase = _passphrase_key(path, state)

    def opened_frame() -> None:
        state["open_s"] = time.perf_counter() - state["t0"]
        poll.start()

    def filled() -> None:
        # The claims table of a big project fills right after the first frame (see ClaimsTable.DEFER_AT):
        # how long until every claim is listed, too.
        if window.claims_table.model.rowCount() < total:
            return
        poll.stop()
        state["table_filled_s"] = time.perf_counter() - state["t0"]
        state["rss_opened_mb"] = peak_rss_mb()
        QTimer.singleShot(1000, show_big)  # let anything else deferred run, as while the journalist looks

    def show_big() -> None:
        watch.armed = True
        watch_done[0] = big_frame
        window.open_article(article_id)

    def big_frame() -> None:
        QTimer.singleShot(500, finish)

    def finish() -> None:
        report(open_s=state["open_s"], table_filled_s=state["table_filled_s"], kdf_s=state.get("kdf_s"),
               rss_opened_mb=state["rss_opened_mb"], peak_rss_mb=peak_rss_mb(),
               articles=window.article_list.model().rowCount(), claims=window.claims_table.model.rowCount())
        leave(window.project)

    def empty_frame() -> None:
        watch_done[0] = opened_frame
        state["t0"] = time.perf_counter()
        if not window.open_project(path):
            report(error=f"could not open {path}")
            leave()
        watch.armed = True

    with Project.open(path, read_only=True, passphrase=passphrase) as project:
        total = project.conn.execute("SELECT count(*) FROM claims").fetchone()[0]
    poll = QTimer()
    poll.setInterval(5)
    poll.timeout.connect(filled)
    watch_done: list[Callable[[], None]] = [empty_frame]
    watch = FrameWatch(app, lambda w: w is window, lambda: watch_done[0]())
    window.show()
    app.exec()


def _passphrase_key(path: str, state: dict[str, float]) -> str | None:
    """An encrypted project: derive its key from ``WORKBENCH_PASSPHRASE`` before the clock starts (timed on
    its own as ``kdf_s``: once per passphrase entry, slow on purpose) and answer the window's passphrase
    dialog with it, as a journalist's typing would. Returns the passphrase (None for a plain project)."""
    from pathlib import Path

    from workbench.store import cipher

    if cipher.file_kind(Path(path)) != "encrypted":
        return None
    import workbench.ui.encryption as encryption

    passphrase = os.environ["WORKBENCH_PASSPHRASE"]
    t = time.perf_counter()
    key = cipher.unlock(Path(path), passphrase)
    state["kdf_s"] = time.perf_counter() - t
    encryption.ask_key = lambda _parent, _path: key  # type: ignore[assignment]
    return passphrase


def render(path: str, article_id: str, runs: int) -> None:
    import statistics

    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    from workbench.store import Project
    from workbench.store.queries import article_text, list_claims
    from workbench.ui.reader import ArticleReader

    app = QApplication(sys.argv)
    with Project.open(path, read_only=True) as project:
        text = article_text(project, article_id)
        claims = list_claims(project, article_id)

    def paint(widget) -> None:
        widget.show()
        widget.viewport().repaint()  # a synchronous paint of what is on screen: the first frame

    def plain() -> float:
        edit = QPlainTextEdit()
        edit.resize(900, 700)
        t = time.perf_counter()
        edit.setPlainText(text)
        paint(edit)
        elapsed = time.perf_counter() - t
        app.processEvents()
        edit.close()
        edit.deleteLater()
        app.processEvents()
        return elapsed

    def ours() -> tuple[float, float]:
        """(to the first frame, to every highlight drawn: the reader draws those off screen after it)."""
        reader = ArticleReader()
        reader.resize(900, 700)
        t = time.perf_counter()
        reader.show_article(article_id, text, claims)
        paint(reader)
        first = time.perf_counter() - t
        app.processEvents()  # the highlights off screen
        reader.viewport().repaint()
        complete = time.perf_counter() - t
        reader.close()
        reader.deleteLater()
        app.processEvents()
        return first, complete

    plain()  # warm-up: fonts, glyph caches
    ours()
    floors, times, completes = [], [], []
    for _ in range(runs):  # interleaved, so machine load hits both alike
        floors.append(plain())
        first, complete = ours()
        times.append(first)
        completes.append(complete)
    report(ours_s=statistics.median(times), floor_s=statistics.median(floors), chars=len(text),
           highlights=sum(1 for c in claims if c.anchored), all_highlights_drawn_s=statistics.median(completes))
    leave()


TYPED = ["zelensky", "sao paulo", "mil*", "said", '"north korean troops"', "kharkiv OR drone", "minister"]


def typing(path: str) -> None:
    """Queries typed key by key (80 ms apart, a fast typist) into the real window's Find in project
    panel, with the large project open; a 2 ms timer records how late the event loop gets to it. The
    longest gap (minus the 2 ms) is the longest the window froze: keystrokes, the debounce timer,
    showing up to 600 results and scrolling them once."""
    from PySide6.QtCore import QElapsedTimer, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from workbench.ui.main_window import MainWindow

    app = QApplication(sys.argv)
    window = MainWindow()
    window.show()
    if not window.open_project(path):
        report(error=f"could not open {path}")
        leave()
    panel = window.search_panel
    panel.dock.show()
    panel.dock.raise_()

    def pump(seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            app.processEvents()
            time.sleep(0.0005)

    pump(1.0)  # the opened project settles (deferred work, first paints)
    clock = QElapsedTimer()
    clock.start()
    gaps: list[float] = []
    last = [clock.nsecsElapsed()]

    def tick() -> None:
        now = clock.nsecsElapsed()
        gaps.append((now - last[0]) / 1e6)
        last[0] = now

    ticker = QTimer()
    ticker.setTimerType(Qt.TimerType.PreciseTimer)
    ticker.setInterval(2)
    ticker.timeout.connect(tick)
    ticker.start()
    shown: list[float] = []
    panel.results_shown.connect(lambda _n: shown.append(clock.nsecsElapsed() / 1e6))
    latencies = []
    for query in TYPED:
        panel.field.selectAll()
        for ch in query:
            QTest.keyClicks(panel.field, ch)  # runs on the UI thread, so its cost is in the gaps
            typed_at = clock.nsecsElapsed() / 1e6
            pump(0.08)
        before = len(shown)
        deadline = time.perf_counter() + 10
        while len(shown) == before and time.perf_counter() < deadline:
            pump(0.001)
        bar = panel.tree.verticalScrollBar()
        bar.setValue(bar.maximum() // 2)  # looked at, as a person would
        pump(0.1)
        if len(shown) > before:
            latencies.append(shown[-1] - typed_at)
    ticker.stop()
    panel.wait()
    report(blocked_ms=max(gaps[5:]) - 2, worst_gaps_ms=sorted(gaps, reverse=True)[:5],
           results_after_last_key_ms=latencies)
    leave(window.project)


def bulk(folder: str, copies: int) -> None:
    """Accept every suggestion of one long article in the real window (one step), undo it, redo it: each
    timed from the trigger to the views refreshed. The article is the bundled real wire story repeated
    ``copies`` times (3 quotations each: 1,000 copies make 3,000 suggestions)."""
    from PySide6.QtWidgets import QApplication

    from workbench import ops
    from workbench.core.paths import resource_path
    from workbench.importers.base import ImportedArticle
    from workbench.store import Project
    from workbench.ui.main_window import MainWindow

    app = QApplication(sys.argv)
    story = resource_path("sample/menafn-2024-10-20-nato-rutte.txt").read_text(encoding="utf-8")
    path = Path(folder) / "bulk.fcproj"
    with Project.create(path, title="Bulk") as project:
        article_id = ops.add_article(project, article=ImportedArticle(
            text="\n\n".join([story] * copies), title="Bulk")).id
    window = MainWindow()
    window.show()
    window.open_project(path)
    window.open_article(article_id)
    app.processEvents()
    panel = window.suggestions_panel
    panel.run()
    found = len(panel.suggestions)
    panel.threshold.setValue(0.0)
    times = {}
    for name, act in (("accept", panel.accept_above), ("undo", window.act_undo.trigger),
                      ("redo", window.act_redo.trigger)):
        t = time.perf_counter()
        act()
        app.processEvents()
        times[name] = time.perf_counter() - t
    report(suggestions=found, claims=window.claims_table.model.rowCount(), **times)
    leave(window.project)


def main(argv: list[str]) -> None:
    mode, args = argv[0], argv[1:]
    if mode == "bare":
        bare()
    elif mode == "app":
        app_start()
    elif mode == "open":
        open_project(args[0], args[1])
    elif mode == "typing":
        typing(args[0])
    elif mode == "bulk":
        bulk(args[0], int(args[1]))
    elif mode == "render":
        render(args[0], args[1], int(args[2]))
    else:
        raise SystemExit(f"unknown probe mode {mode!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
