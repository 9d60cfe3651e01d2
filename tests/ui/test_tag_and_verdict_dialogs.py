"""Tag manager and verdict scale editor: edits land in the file and follow the claims."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QInputDialog

from workbench.store import Project
from workbench.store.queries import list_claims, list_tags, verdict_scale
from workbench.ui import list_editor, tag_manager, verdict_editor
from workbench.ui.main_window import MainWindow
from workbench.ui.tag_manager import TagManager
from workbench.ui.verdict_editor import VerdictEditor


def _select(dialog: list_editor.ListEditor, label_start: str) -> None:
    for row in range(dialog.list.count()):
        if dialog.list.item(row).text().startswith(label_start):
            dialog.list.setCurrentRow(row)
            return
    raise AssertionError(f"{label_start!r} not listed")


def test_rename_merge_and_delete_tags(window: MainWindow, sample_path: Path, monkeypatch) -> None:
    window.open_project(sample_path)
    dialog = TagManager(window.runner)
    _select(dialog, "Russia")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Kremlin", True))
    dialog.rename()
    assert dialog.list.currentItem().text() == "Kremlin  (1)"  # the list follows, current row kept
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("North Korea", True))
    dialog.merge()  # the Kremlin claim now carries "North Korea"
    monkeypatch.setattr(tag_manager, "confirm", lambda *a: True)
    _select(dialog, "NATO")
    dialog.delete()
    window.close()
    with Project.open(sample_path) as project:
        assert [(t.name, t.claim_count) for t in list_tags(project)] == [("North Korea", 2)]
        assert [c.tags[0].name if c.tags else None for c in list_claims(project)] == [
            None, "North Korea", "North Korea"
        ]


def test_renamed_verdict_follows_claims_and_used_verdict_cannot_go(window: MainWindow, sample_path: Path,
                                                                   monkeypatch) -> None:
    window.open_project(sample_path)
    errors: list[str] = []
    monkeypatch.setattr(window.runner, "show_error", lambda _title, message: errors.append(message))
    dialog = VerdictEditor(window.runner)
    _select(dialog, "True")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Accurate", True))
    dialog.rename()
    monkeypatch.setattr(verdict_editor, "confirm", lambda *a: True)
    dialog.delete()  # still used by Rutte's claim: refused with a message
    assert errors and "Accurate" in errors[0]
    window.runner.undo_stack.undo()  # the rename
    assert list_claims(window.project)[0].verdict == "True"
    window.runner.undo_stack.redo()
    window.close()
    with Project.open(sample_path) as project:
        assert verdict_scale(project)[0].label == "Accurate"
        assert list_claims(project)[0].verdict == "Accurate"
