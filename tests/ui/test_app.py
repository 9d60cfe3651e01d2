"""Which project the window opens first (the one given, else the last one, else the bundled sample), and
what its start-up loads."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, Qt

from workbench.store import Project
from workbench.store.queries import list_claims
from workbench.ui import app, session


def test_no_project_and_no_history_opens_the_sample(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(session, "sample_project_path", lambda: tmp_path / "data" / "Sample project.fcproj")
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    path = app.choose_project(None, settings)
    assert path == tmp_path / "data" / "Sample project.fcproj"
    with Project.open(path) as sample:
        assert [c.speaker for c in list_claims(sample)] == ["Mark Rutte", "Kim Yong-hyun", "the Kremlin"]
        # The app made it: its history names the sample, not the computer's login.
        assert {c.created_by for c in list_claims(sample)} == {session.SAMPLE_AUTHOR}
    assert app.choose_project(None, settings) == path  # made once, then reused as it is


def test_last_project_wins_over_the_sample_and_an_argument_over_both(tmp_path: Path, monkeypatch) -> None:
    sample = tmp_path / "data" / "Sample project.fcproj"
    monkeypatch.setattr(session, "sample_project_path", lambda: sample)
    last = tmp_path / "last.fcproj"
    Project.create(last).close()
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue("last_project", str(last))
    assert app.choose_project(None, settings) == last
    assert app.choose_project("other.fcproj", settings) == Path("other.fcproj")
    last.unlink()  # a last project that was moved away falls back to the sample
    assert app.choose_project(None, settings) == sample


def test_window_start_up_leaves_what_only_other_work_needs_unloaded(tmp_path: Path) -> None:
    # Start-up is benchmarked against a bare window: OpenSSL (checks, backups, encryption), sockets and
    # ctypes (the display check, which QT_QPA_PLATFORM skips), sqlite-utils (migrations) and SQLCipher
    # (encrypted files) each cost milliseconds there, and a plain project's first frame needs none of them;
    # nor the import's worker (a QThread class: PySide6 builds QThread for it), nor the date parser of the
    # article details dialog (its month names and patterns, ~0.9 ms).
    path = tmp_path / "Plain.fcproj"
    Project.create(path, title="Plain").close()
    # What ``app.run`` does before the first frame (the feature panels come after it).
    code = ("import sys; from workbench.ui import app; from workbench.ui.main_window import MainWindow; "
            "app.create_application(); window = MainWindow(defer_features=True); "
            "print('opened:', window.open_project(sys.argv[1])); "
            "print('loaded:', sorted(m for m in ('_hashlib', 'socket', 'ctypes', 'sqlite_utils', 'sqlcipher3', "
            "'workbench.ui.import_worker', 'workbench.core.dates') "
            "if m in sys.modules))")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path / "home"),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "WORKBENCH_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, env=env,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "opened: True" in lines
    assert "loaded: []" in lines


FIRST_FRAME = """
import sys
from PySide6 import QtCore, QtWidgets
from PySide6.QtCore import QEvent, QObject, QTimer
from workbench.ui import app
from workbench.ui.main_window import MainWindow

# Classes of dialogs and of tables no first frame shows: each costs PySide6 0.2-1.2 ms to build (with its
# enums) on first use, so the modules of the start-up path import them where a dialog is made.
DIALOG_CLASSES = ("QMessageBox", "QFileDialog", "QInputDialog", "QProgressDialog", "QDialogButtonBox",
                  "QTableWidget", "QFormLayout", "QCompleter")
qt_app = app.create_application()
window = MainWindow(defer_features=True)

class FirstFrame(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and window.project is not None:
            window.removeEventFilter(self)
            # A class nothing before the first frame uses: loaded only if every lazy class was.
            print("every class loaded:", "QCalendarWidget" in vars(QtWidgets), flush=True)
            print("dialog classes loaded:", sorted(name for name in DIALOG_CLASSES if name in vars(QtWidgets)))
            # Only a project named as a file: URI (or opening an original file) needs QUrl and its six enums.
            print("QUrl loaded:", "QUrl" in vars(QtCore))
            QTimer.singleShot(0, qt_app.quit)
        return False

watch = FirstFrame()
window.installEventFilter(watch)  # on the window only: an application-wide filter would wrap every object
window.show()
print("opened:", window.open_project(sys.argv[1]))
qt_app.exec()
"""


def test_first_frame_wraps_no_object_of_a_class_private_to_qt_and_makes_no_dialog_class(tmp_path: Path) -> None:
    # The first object of a class private to Qt (a scroll area's viewport) that Python code receives makes
    # PySide6 load every lazily loaded class of QtWidgets and build their enums (~12 ms of start-up).
    path = tmp_path / "Plain.fcproj"
    Project.create(path, title="Plain").close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path / "home"),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "WORKBENCH_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run([sys.executable, "-c", FIRST_FRAME, str(path)], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["opened: True", "every class loaded: False", "dialog classes loaded: []",
                                        "QUrl loaded: False"]


FEATURE_CHECK = """
import inspect, sys
import workbench.ui
read = []
original = inspect.getsource
inspect.getsource = lambda obj: read.append(obj) or original(obj)
import workbench.ui.main_window
marks = sys.modules["shibokensupport.feature"].pyside_feature_dict
print("sources read:", len(read))
print("marks:", marks["workbench.ui.reader"], marks["workbench.store.project"], marks["json"])
"""


def test_start_up_reads_no_module_source_for_pyside_features() -> None:
    # PySide6 would read every module imported after it to look for the text "PySide6" (~10-15 ms of start-up);
    # workbench.ui answers from what the module holds, with the same marks: 0 uses PySide6, -1 does not.
    done = subprocess.run([sys.executable, "-c", FEATURE_CHECK], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["sources read: 0", "marks: 0 -1 -1"]


SCHEMA_FIRST = """
import gc, sys, types
from workbench.__main__ import main
from workbench.store import schema_guard

def run(_project):
    print("schema being made before the window's modules:", schema_guard._preparing is not None)
    print("automatic garbage collection while they load:", gc.isenabled())
    print("asked again, the same thread:", schema_guard.prepare_expected_schema() is schema_guard._preparing[1])
    return 0

sys.modules["workbench.ui.app"] = types.SimpleNamespace(run=run)  # stands in for the window's modules
main([])
"""


def test_the_window_command_starts_the_expected_schema_before_the_window_modules_load() -> None:
    # The first open compares the file's schema with the one the migrations make (~7 ms alone); on its
    # thread beside ~45 ms of imports it is ready by the open, while started in ``run`` the open waited for it.
    # Automatic collection is off by then: the window collects on its own timer (ui.collector), and the
    # collections the imports would trigger cost the first frame ~3-4 ms.
    done = subprocess.run([sys.executable, "-c", SCHEMA_FIRST], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["schema being made before the window's modules: True",
                                        "automatic garbage collection while they load: False",
                                        "asked again, the same thread: True"]


def test_the_window_builds_without_searching_its_children_by_type(qtbot, tmp_path: Path, monkeypatch) -> None:
    # findChildren(SomeType) makes PySide6 wrap every child of the window in Python to test its type (~2-3 ms
    # before the first frame); the window knows its own panels. The View menu still lists each of them.
    from workbench.ui.main_window import MainWindow

    searched: list[object] = []
    monkeypatch.setattr(MainWindow, "findChildren", lambda self, *a: searched.append(a) or [], raising=False)
    window = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat), defer_features=True)
    qtbot.addWidget(window)
    assert searched == []
    view = window.menus["view"].actions()
    assert all(dock.toggleViewAction() in view for dock in window.docks.values())
    assert set(window.docks) == {"articles", "inspector", "claims"}


def test_reopening_the_last_project_where_it_was_left_leaves_the_settings_file_alone(
        qtbot, tmp_path: Path, sample_path: Path) -> None:
    # Any setValue makes QSettings write its whole file again (a new file, fdatasyncs, a rename) on the next
    # pass of the event loop: at every start, before the first frame, for values the file already held.
    from workbench.ui.main_window import MainWindow

    ini = tmp_path / "settings.ini"

    def started() -> MainWindow:
        window = MainWindow(QSettings(str(ini), QSettings.Format.IniFormat), defer_features=True)
        qtbot.addWidget(window)
        window.show()
        window.open_project(sample_path)
        return window

    first = started()
    claim = list_claims(first.project)[1]
    first.select_claim(claim.id)
    first.close()
    first.settings.sync()
    before = ini.stat()

    again = started()
    qtbot.wait(50)  # (QSettings writes from the event loop)
    again.settings.sync()
    after = ini.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    # ... and it still knows all it knew: the project reopened at that claim, the first of the recent ones.
    assert again.current_claim_id() == claim.id
    assert again.session.existing_recent()[0] == str(sample_path.resolve())
    again.close()


def test_a_start_that_reopens_a_project_builds_no_welcome_page_yet_one_that_asks_first_shows_it(
        qtbot, tmp_path: Path, sample_path: Path, monkeypatch) -> None:
    # The welcome page (New / Open / recent / the sample) cost the start ~3 ms before its first frame — built,
    # filled and made the current page — behind a project that is opened before anything is painted.
    from PySide6.QtWidgets import QApplication

    from workbench.ui.main_window import MainWindow
    from workbench.ui.welcome import WelcomePage

    windows: list[MainWindow] = []

    def started(path: Path) -> MainWindow:  # as ui.app.run starts the window
        window = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat),
                            defer_features=True)
        qtbot.addWidget(window)
        windows.append(window)
        window.show()
        window.open_project(path)
        return window

    window = started(sample_path)
    qtbot.waitUntil(lambda: hasattr(window, "sources_panel"))  # painted, and the features built after it
    assert window.findChildren(WelcomePage) == []
    assert window.central.currentWidget() is window.reading
    window.session.close()  # ... and with no project it is there, listing the project just closed
    assert window.central.currentWidget() is window.welcome
    assert window.welcome.recent.item(0).data(Qt.ItemDataRole.UserRole) == str(sample_path.resolve())
    window.close()

    # An open that asks something first (here: a file it refuses) shows its dialog over the welcome page, not
    # over an empty reader: the dialog's own event loop runs before the answer.
    bad = tmp_path / "bad.fcproj"
    bad.write_bytes(b"not a project")
    behind: list[object] = []

    def dialog(_title: str, _message: str) -> None:
        QApplication.processEvents()
        behind.append(windows[-1].central.currentWidget())

    monkeypatch.setattr("workbench.ui.operations.show_error", lambda _parent, title, message: dialog(title, message))
    window = started(bad)
    assert window.project is None
    assert behind == [window.welcome]
