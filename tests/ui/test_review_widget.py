"""Second-person review in the window: Tools → Require second-person review, Approve / Send back… in the
inspector (refused for your own verdict, with the rule named), publishing only after a colleague's
approval, and the correction-note dialog when a published claim's verdict changes; everything checked in the
file after reopening it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from workbench.store import Project
from workbench.store.queries import list_claims
from workbench.store.queries_review import list_corrections, list_reviews, review_state
from workbench.ui.main_window import MainWindow


def become(window: MainWindow, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tools → Your name…, answered with ``name``."""
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *_a, **_k: (name, True)))
    window.act_author.trigger()
    assert window.project.author == name


def choose_verdict(window: MainWindow, label: str) -> None:
    combo = window.inspector.verdict
    combo.setCurrentIndex(combo.findData(label))
    combo.activated.emit(combo.currentIndex())


def test_review_approve_publish_and_correct_in_the_window(
        qtbot, window: MainWindow, sample_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WORKBENCH_AUTHOR", raising=False)
    errors: list[str] = []
    monkeypatch.setattr(window.runner, "show_error", lambda _title, message: errors.append(message))
    window.open_project(sample_path)
    assert not window.require_review_action.isChecked()
    window.require_review_action.trigger()
    assert window.require_review_action.isChecked()

    become(window, "Ana", monkeypatch)
    kim = next(c.id for c in list_claims(window.project) if c.speaker == "Kim Yong-hyun")
    window.select_claim(kim)
    review = window.inspector.review
    assert "No verdict yet" in review.state.text() and not review.approve_button.isEnabled()
    choose_verdict(window, "Mostly false")
    assert "not reviewed yet" in review.state.text() and "Needs approval" in review.state.text()
    window.set_status("Published")
    assert "requires second-person review" in errors[-1]
    qtbot.mouseClick(review.approve_button, Qt.MouseButton.LeftButton)
    assert "You (Ana) gave the verdict" in errors[-1]

    become(window, "Ben", monkeypatch)
    qtbot.mouseClick(review.approve_button, Qt.MouseButton.LeftButton)
    assert "approved by Ben" in review.state.text()
    assert not review.approve_button.isEnabled()

    become(window, "Ana", monkeypatch)
    errors.clear()
    window.set_status("Published")
    assert errors == []
    asked: list[str] = []

    def note(_parent, _title, label, *_a, **_k):
        asked.append(label)
        return ("Cancelled", False) if len(asked) == 1 else ("The ministry denied it on record.", True)

    monkeypatch.setattr(QInputDialog, "getMultiLineText", staticmethod(note))
    choose_verdict(window, "False")  # cancelled: nothing changes, the field shows the stored verdict again
    assert "published" in asked[0] and window.inspector.verdict.currentData() == "Mostly false"
    choose_verdict(window, "False")
    assert window.inspector.verdict.currentData() == "False"
    assert "Corrected 1 time(s); last by Ana: The ministry denied it on record." in review.state.text()
    window.close()

    with Project.open(sample_path, read_only=True) as project:
        assert project.meta("require_review") == "on"
        assert [(r["reviewer"], r["verdict"], r["decision"]) for r in list_reviews(project, kim)] == [
            ("Ben", "Mostly false", "approved")]
        (correction,) = list_corrections(project)
        assert (correction.author, correction.old, correction.new) == ("Ana", "Mostly false", "False")
        state = review_state(project, kim)
        assert (state.verdict, state.approved) == ("False", False)


def test_send_back_asks_why_and_returns_the_claim_to_its_checker(
        qtbot, window: MainWindow, sample_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WORKBENCH_AUTHOR", raising=False)
    window.open_project(sample_path)
    rutte = next(c.id for c in list_claims(window.project) if c.speaker == "Mark Rutte")  # Checked; True
    become(window, "Ben", monkeypatch)
    window.select_claim(rutte)
    monkeypatch.setattr(QInputDialog, "getMultiLineText",
                        staticmethod(lambda *_a, **_k: ("The press conference transcript is not linked.", True)))
    qtbot.mouseClick(window.inspector.review.send_back_button, Qt.MouseButton.LeftButton)
    assert "sent back by Ben: The press conference transcript" in window.inspector.review.state.text()
    assert window.inspector.status.currentText() == "In progress"
    window.close()
    with Project.open(sample_path, read_only=True) as project:
        (review,) = list_reviews(project, rutte)
        assert (review["reviewer"], review["decision"]) == ("Ben", "sent back")
