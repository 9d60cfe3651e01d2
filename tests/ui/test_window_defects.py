"""Defects a first real working session found in the window (issue 18), each pinned by a test that failed
before its fix. Results are checked in the project file after reopening it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from workbench.store import Project
from workbench.store.queries import list_claims
from workbench.ui.main_window import MainWindow


def _claims(path: Path) -> list:
    with Project.open(path, read_only=True) as project:
        return list_claims(project)


def test_undo_of_a_speaker_edit_shows_the_old_value_and_is_not_written_back(
        window: MainWindow, sample_path: Path, qtbot) -> None:
    window.open_project(sample_path)
    window.step_claim(1)  # Mark Rutte
    speaker = window.inspector.speaker
    speaker.setFocus()
    speaker.selectAll()
    qtbot.keyClicks(speaker, "NATO chief Mark Rutte")
    qtbot.keyClick(speaker, Qt.Key.Key_Return)
    assert _claims(sample_path)[0].speaker == "NATO chief Mark Rutte"
    window.reader.setFocus()
    window.act_undo.trigger()
    assert speaker.text() == "Mark Rutte"  # the inspector follows the undo
    window.step_claim(1)  # selecting another claim must not write the undone value back
    window.step_claim(-1)
    assert _claims(sample_path)[0].speaker == "Mark Rutte"
    window.act_redo.trigger()
    assert speaker.text() == "NATO chief Mark Rutte"
    assert _claims(sample_path)[0].speaker == "NATO chief Mark Rutte"
