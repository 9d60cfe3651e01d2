"""Starting the window: the QApplication, settings, and which project to open first."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from workbench import APP_NAME, __version__
from workbench.core.errors import WorkbenchError
from workbench.core.paths import user_data_dir


def sample_project_path() -> Path:
    """Where the sample project lives for this user (made on first use)."""
    return user_data_dir() / "Sample project.fcproj"


def ensure_sample_project() -> Path:
    from workbench.ops.sample import create_sample_project

    path = sample_project_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        create_sample_project(path).close()
    return path


def choose_project(argument: str | None, settings: QSettings) -> Path | None:
    """The project given, else the last one opened, else the bundled sample."""
    if argument:
        return Path(argument)
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
        QMessageBox.critical(None, APP_NAME, f"Something went wrong inside the program:\n\n{value}\n\n"
                             "Your saved work is safe in the project file.")


def run(project: str | None = None) -> int:
    """Open the window and run until it is closed; returns the exit status."""
    from workbench.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("Fact-Check Workbench")
    app.setApplicationVersion(__version__)
    sys.excepthook = _excepthook
    settings = QSettings()
    window = MainWindow(settings)
    window.show()
    path = choose_project(project, settings)
    if path is not None:
        window.open_project(path)
    return app.exec()
