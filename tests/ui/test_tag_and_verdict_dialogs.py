"""Tag manager and verdict scale editor: edits land in the file and follow the claims."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QInputDialog

from workbench.store import Project
from workbench.store.queries import list_claims, list_tags, verdict_scale
from workbench.ui import list_editor
from workbench.ui.list_editor import TagManager, VerdictEditor
from workbench.ui.main_window import MainWindow


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
    monkeypatch.setattr(list_editor, "confirm", lambda *a: True)
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
    monkeypatch.setattr(list_editor, "confirm", lambda *a: True)
    dialog.delete()  # still used by Rutte's claim: refused with a message
    assert errors and "Accurate" in errors[0]
    window.runner.undo_stack.undo()  # the rename
    assert list_claims(window.project)[0].verdict == "True"
    window.runner.undo_stack.redo()
    window.close()
    with Project.open(sample_path) as project:
        assert verdict_scale(project)[0].label == "Accurate"
        assert list_claims(project)[0].verdict == "Accurate"


def test_new_tag_and_a_verdict_colour_from_the_buttons_land_in_the_file(window: MainWindow, sample_path: Path,
                                                                         monkeypatch) -> None:
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QColorDialog, QPushButton

    def click(dialog: list_editor.ListEditor, label: str) -> None:
        [button] = [b for b in dialog.findChildren(QPushButton) if b.text() == label]
        button.click()

    window.open_project(sample_path)
    tags = TagManager(window.runner)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Economy", True))
    click(tags, "&New…")
    assert [tags.list.item(r).text() for r in range(tags.list.count())].count("Economy  (0)") == 1
    verdicts = VerdictEditor(window.runner)
    _select(verdicts, "False")
    monkeypatch.setattr(QColorDialog, "getColor", lambda *a, **k: QColor("#123456"))
    click(verdicts, "&Colour…")
    window.close()
    with Project.open(sample_path) as project:
        assert "Economy" in [t.name for t in list_tags(project)]
        assert [v.color for v in verdict_scale(project) if v.label == "False"] == ["#123456"]
