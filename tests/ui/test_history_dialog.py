"""The History view in the window: a claim's history from the inspector's *History…* button and the
project's from Tools → Project history…, naming who made each change (the name given, or
``WORKBENCH_AUTHOR`` over it) and old → new, following new edits; the changes are in the file after
reopening it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from workbench.store import Project
from workbench.store.queries import list_claims
from workbench.store.queries_history import history
from workbench.ui.history_dialog import HistoryDialog
from workbench.ui.main_window import MainWindow


def rows(dialog: HistoryDialog) -> list[list[str]]:
    model = dialog.table.model()
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def open_dialogs() -> list[HistoryDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, HistoryDialog) and w.isVisible()]


def test_claim_history_from_the_inspector_names_who_changed_what(
        qtbot, window: MainWindow, sample_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_AUTHOR", "Ana Lima")
    window.open_project(sample_path)
    kim = next(c.id for c in list_claims(window.project) if c.speaker == "Kim Yong-hyun")
    window.select_claim(kim)
    inspector = window.inspector
    inspector.verdict.setCurrentIndex(inspector.verdict.findData("False"))
    inspector.verdict.activated.emit(inspector.verdict.currentIndex())
    assert "by Ana Lima" in inspector.meta.text()  # the last change's author and time, under the claim
    qtbot.mouseClick(inspector.history_button, Qt.MouseButton.LeftButton)
    dialog = inspector.history_button.dialog
    assert dialog is not None and dialog.isVisible()
    shown = rows(dialog)
    assert shown[0][1] == "Test Author" and shown[0][3] == "added"  # the sample marked it
    assert shown[-1][1:7] == ["Ana Lima", "claim “highly likely”", "verdict", "—", "False", ""]
    inspector.status.setCurrentText("Checked")
    inspector.status.activated.emit(inspector.status.currentIndex())
    assert rows(dialog)[-1][3:6] == ["status", "In progress", "Checked"]  # follows new edits
    dialog.filter.setText("verdict")
    assert [r[3] for r in rows(dialog)] == ["verdict"]
    dialog.close()
    window.close()
    with Project.open(sample_path, read_only=True) as project:
        stored = [(e.author, e.field, e.new) for e in history(project, claim_id=kim) if e.action == "update"]
    assert stored == [("Ana Lima", "verdict", "False"), ("Ana Lima", "status", "Checked")]


def test_project_history_from_the_tools_menu(qtbot, window: MainWindow, sample_path: Path) -> None:
    assert not window.history_action.isEnabled()  # no project open
    window.open_project(sample_path)
    assert window.history_action.isEnabled()
    window.history_action.trigger()
    (dialog,) = open_dialogs()
    assert dialog.windowTitle() == "Project history"
    whats = {r[2] for r in rows(dialog)}
    assert {"claim “highly likely”", "claim “hoax”", "tag on claim NATO"} <= whats
    assert all(r[1] == "Test Author" for r in rows(dialog))
    dialog.close()
