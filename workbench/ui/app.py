"""Starting the window: the QApplication (name, icon), settings, and which project to open first.

``WORKBENCH_STARTUP_PROBE=1`` makes the app print the project it opened and quit as soon as its window is
shown; ``build/check-bundle`` uses it to time start-up of the bundle against the venv and to check that
opening a file from the desktop opens that project.
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QSettings, QSize, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from workbench import APP_NAME, __version__
from workbench.core.errors import WorkbenchError
from workbench.core.paths import resource_path
from workbench.store import schema_guard
from workbench.ui.collector import install as install_collector
from workbench.ui.session import ensure_sample_project

# The icon's name in resources/icons (rendered by build/make-icons.py) and of the Linux desktop entry.
ICON_NAME = "fact-check-workbench"
STARTUP_PROBE_ENV = "WORKBENCH_STARTUP_PROBE"


def project_argument(argument: str) -> Path:
    """A project named on the command line: a path, or a ``file://`` URI as some file managers pass."""
    if argument.startswith("file:"):
        from PySide6.QtCore import QUrl  # (PySide6 builds the class and its six enums on first use)

        local = QUrl(argument).toLocalFile()  # decodes %20 and friends
        if local:
            return Path(local)
    return Path(argument)


def choose_project(argument: str | None, settings: QSettings) -> Path | None:
    """The project given, else the last one opened, else the bundled sample."""
    if argument:
        return project_argument(argument)
    last = settings.value("last_project", "")
    if last and Path(str(last)).exists():
        return Path(str(last))
    try:
        return ensure_sample_project()
    except (OSError, WorkbenchError):
        return None


def _excepthook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    # A bug must not vanish into a console nobody sees, nor kill the window with the journalist's work.
    traceback.print_exception(kind, value, tb)
    if QApplication.instance() is not None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, APP_NAME, f"Something went wrong inside the program:\n\n{value}\n\n"
                             "Your saved work is safe in the project file.")


def application_icon() -> QIcon:
    """The app's icon, in every size rendered into resources/icons."""
    icon = QIcon()
    for png in sorted(resource_path("icons").glob(f"{ICON_NAME}-*.png")):
        # Given its size (in its name: NAME-48.png), Qt reads a file only when that size is drawn; without
        # it every file is decoded now, the 512-pixel one too (~0.5 ms of start-up for the nine).
        size = png.stem.rsplit("-", 1)[-1]
        icon.addFile(str(png), QSize(int(size), int(size)) if size.isdigit() else QSize())
    return icon



def create_application() -> QApplication:
    """The QApplication (the existing one if any) with the app's name, version and icon."""
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("Fact-Check Workbench")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(application_icon())
    # Wayland shells find the window's desktop entry (and so its icon) by this name.
    app.setDesktopFileName(ICON_NAME)
    install_collector(app)  # garbage holding Qt objects must never be collected on a worker thread
    return app


def run(project: str | None = None) -> int:
    """Open the window and run until it is closed; returns the exit status."""
    from workbench.ui.display import display_problem

    problem = display_problem()
    if problem:
        print(f"workbench: {problem}", file=sys.stderr)
        return 1
    # Made inside SQLite on another core while the window is built; the first open needs it.
    schema_guard.prepare_expected_schema()
    from workbench.ui.main_window import MainWindow

    app = create_application()
    sys.excepthook = _excepthook
    settings = QSettings()
    window = MainWindow(settings, defer_features=True)  # the feature panels come right after the first frame
    window.show()
    if not os.environ.get(STARTUP_PROBE_ENV):
        window.session.ask_author_on_first_start()  # once: the name on claims and history, not "root"
    path = choose_project(project, settings)
    if path is not None:
        window.open_project(path)
    if os.environ.get(STARTUP_PROBE_ENV):
        def probe() -> None:  # runs once the first show has been processed
            print(f"startup-probe: {window.project.path if window.project else 'no project'}", flush=True)
            app.quit()

        QTimer.singleShot(0, probe)
    return app.exec()
