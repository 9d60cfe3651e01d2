"""Fixtures for the reliability tests: the crash-test zygote (see worker.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.reliability.harness import Zygote


@pytest.fixture
def zygote(tmp_path: Path) -> Iterator[Zygote]:
    """A worker process that forks, runs and SIGKILLs children on request (started after the per-test
    user data folder is set, so its children never touch the real one)."""
    z = Zygote(tmp_path / "worker-errors.txt")
    yield z
    z.close()


@pytest.fixture
def settings(tmp_path: Path) -> Any:
    """A window settings file of the test's own (never the developer's preferences)."""
    from PySide6.QtCore import QSettings

    s = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    s.setValue("author", "Test Author")
    return s
