"""Typing that is not saved yet (speaker, notes) is never lost nor saved onto the wrong claim, and files
being imported never land in another project."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from PySide6.QtCore import Qt

from tests.support.keyboard import type_over
from tests.support.projects import saved_claims
from workbench import importers, ops
from workbench.store import Project
from workbench.store.queries import list_articles, list_claims
from workbench.ui.main_window import MainWindow


def test_speaker_typed_then_f8_is_saved_on_the_claim_it_was_typed_for(window: MainWindow, sample_path: Path,
                                                                      qtbot) -> None:
    window.open_project(sample_path)
    window.step_claim(1)  # Mark Rutte
    speaker = window.inspector.speaker
    type_over(qtbot, speaker, "NATO chief Mark Rutte")
    window.step_claim(1)  # F8 while still typing
    assert window.inspector.claim.exact == "highly likely"
    assert speaker.text() == "Kim Yong-hyun"  # the field shows the claim now selected
    window.reader.setFocus()  # focus leaving the field must not save anything onto this claim
    assert [c.speaker for c in saved_claims(sample_path)] == ["NATO chief Mark Rutte", "Kim Yong-hyun", "the Kremlin"]


def test_speaker_typed_then_window_closed_is_saved(window: MainWindow, sample_path: Path, qtbot) -> None:
    window.open_project(sample_path)
    window.step_claim(-1)  # the Kremlin
    type_over(qtbot, window.inspector.speaker, "Dmitry Peskov")
    window.close()
    assert saved_claims(sample_path)[2].speaker == "Dmitry Peskov"


def test_undo_while_a_note_is_typed_steps_back_through_it_and_redo_brings_it_back(
        window: MainWindow, sample_path: Path, qtbot) -> None:
    window.open_project(sample_path)
    window.step_claim(1)
    claim_id = window.inspector.claim.id
    window.runner.run(ops.update_claim, claim_id=claim_id, status="Published")
    window.inspector.note.setPlainText("Transcript checked against the video.")  # typed, timer pending
    window.act_undo.trigger()  # e.g. the toolbar button, which never takes focus
    with Project.open(sample_path, read_only=True) as project:
        claim = list_claims(project)[0]
        assert (claim.status, claim.note.startswith("Said at")) == ("Published", True)
    assert window.inspector.note.toPlainText().startswith("Said at")
    window.act_redo.trigger()
    window.act_undo.trigger()
    window.act_undo.trigger()  # now the status
    with Project.open(sample_path, read_only=True) as project:
        assert list_claims(project)[0].status == "Checked"
    window.act_redo.trigger()
    window.act_redo.trigger()
    with Project.open(sample_path, read_only=True) as project:
        claim = list_claims(project)[0]
        assert (claim.status, claim.note) == ("Published", "Transcript checked against the video.")


def test_a_note_that_could_not_be_saved_stays_pending_and_is_saved_later(window: MainWindow, sample_path: Path,
                                                                         monkeypatch) -> None:
    window.open_project(sample_path)
    window.step_claim(1)
    errors: list[str] = []
    monkeypatch.setattr(window.runner, "show_error", lambda _t, message: errors.append(message))
    real = ops.update_claim
    calls = {"n": 0}

    def locked_once(project, **kwargs):  # another program holds the file for a moment
        calls["n"] += 1
        if calls["n"] == 1:
            raise sqlite3.OperationalError("database is locked")
        return real(project, **kwargs)

    monkeypatch.setattr(ops, "update_claim", locked_once)
    note = window.inspector.note
    note.setPlainText("New finding: the briefing was on Thursday.")
    note.flush()
    assert errors and "locked" in errors[0]
    assert note.dirty and note.toPlainText().startswith("New finding")
    note.flush()  # the next pause or focus change saves it
    with Project.open(sample_path, read_only=True) as project:
        assert list_claims(project)[0].note == "New finding: the briefing was on Thursday."


def test_files_parsed_after_switching_projects_do_not_land_in_the_new_one(window: MainWindow, tmp_path: Path,
                                                                          qtbot, monkeypatch) -> None:
    first, second = tmp_path / "first.fcproj", tmp_path / "second.fcproj"
    Project.create(first).close()
    Project.create(second).close()
    story = tmp_path / "story.txt"
    story.write_text("The council said the bridge will reopen in spring after repairs.", encoding="utf-8")
    real = importers.import_file
    parsing, switched = threading.Event(), threading.Event()

    def slow(path):  # a big PDF still being parsed: it finishes only once the other project is open
        parsing.set()
        switched.wait(10)
        return real(path)

    monkeypatch.setattr(importers, "import_file", slow)
    window.open_project(first)
    window.importer.import_paths([str(story)])
    assert parsing.wait(5)
    window.open_project(second)  # switch before parsing finishes
    switched.set()
    qtbot.waitUntil(lambda: not window.importer.running, timeout=10_000)
    assert list_articles(window.project) == []
    assert window.runner.undo_stack.count() == 0
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # nothing to undo, no error
