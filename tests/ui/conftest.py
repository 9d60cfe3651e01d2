"""Window fixtures: a MainWindow with its own settings file, on a fresh or sample project."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from workbench.ui.main_window import MainWindow


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    # A settings file per test: no test reads or writes the developer's real preferences.
    s = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    s.setValue("author", "Test Author")
    return s


@pytest.fixture
def window(qtbot, settings: QSettings) -> Iterator[MainWindow]:
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()
