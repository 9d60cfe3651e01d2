"""Opening a colleague's copy in the window: while it is read through the window keeps painting under a
"Checking…" note, and Cancel there leaves everything as it was, without an error dialog (issue 23)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QProgressDialog

from workbench.store import trust
from workbench.ui.main_window import MainWindow


@pytest.fixture
def colleague_copy(sample_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(trust, "_WATCH_EVERY", 100)  # (the sample is small: report its read often)
    copy = tmp_path / "from Ana.fcproj"
    shutil.copyfile(sample_path, copy)
    return copy


def test_cancel_on_checking_keeps_the_open_project_and_says_nothing(
        window: MainWindow, sample_path: Path, colleague_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert window.open_project(sample_path)
    errors: list[str] = []
    monkeypatch.setattr(window.runner, "show_error", lambda _title, message: errors.append(message))
    notes: list[str] = []
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: notes.append(self.labelText()) or True)
    assert not window.open_project(colleague_copy)
    assert notes and notes[0].startswith("Checking from Ana.fcproj…")
    assert errors == []
    assert window.project is not None and window.project.path == sample_path


def test_a_checked_copy_opens(window: MainWindow, colleague_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ticks: list[bool] = []
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: ticks.append(True) and False)
    assert window.open_project(colleague_copy)
    assert ticks and window.project is not None and window.project.path == colleague_copy
