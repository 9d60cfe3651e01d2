"""Article → Article details…: the publication date is typed as journalists write it, stored as ISO 8601, and
a date that cannot be read is refused with a message while the dialog keeps what was typed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from workbench.store import Project
from workbench.store.queries import list_articles
from workbench.ui import article_actions
from workbench.ui.article_actions import ArticleDetails
from workbench.ui.main_window import MainWindow


def fill_details(qtbot, typed: list[str], errors: list[str]) -> None:
    """Once the modal dialog is up: type each date in turn into Published and press OK; Cancel if the
    dialog is still open after the last one."""

    def step() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ArticleDetails):
            QTimer.singleShot(20, step)
            return
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        for text in typed:
            edit = dialog.edits["published"]
            edit.clear()
            qtbot.keyClicks(edit, text)
            qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
            if not dialog.isVisible():
                return
            assert edit.text() == text  # refused: what was typed stays to be corrected
        dialog.reject()

    QTimer.singleShot(0, step)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("14/03/2025", "2025-03-14"), ("14 March 2025", "2025-03-14"), ("2025-03", "2025-03"),
     ("March 2025", "2025-03"), ("", "")],
)
def test_published_date_is_stored_as_iso(window: MainWindow, sample_path: Path, qtbot, monkeypatch,
                                         typed: str, stored: str) -> None:
    errors: list[str] = []
    monkeypatch.setattr(article_actions, "show_error", lambda parent, title, message: errors.append(message))
    assert window.open_project(sample_path)
    fill_details(qtbot, [typed], errors)
    window.act_details.trigger()
    assert errors == []
    window.session.close()
    with Project.open(sample_path) as project:
        assert list_articles(project)[0].published == stored


def test_unreadable_date_is_refused_with_a_message_and_nothing_changes(window: MainWindow, sample_path: Path,
                                                                       qtbot, monkeypatch) -> None:
    errors: list[str] = []
    monkeypatch.setattr(article_actions, "show_error", lambda parent, title, message: errors.append(message))
    with Project.open(sample_path) as project:
        before = list_articles(project)[0].published
    assert window.open_project(sample_path)
    fill_details(qtbot, ["next tuesday", "03/04/2025", "14 March"], errors)
    window.act_details.trigger()
    assert len(errors) == 3
    assert "'next tuesday' is not a valid publication date; write it as 14 March 2025" in errors[0]
    assert "could be 3 April 2025 or 4 March 2025" in errors[1]
    assert "has no year" in errors[2]
    window.session.close()
    with Project.open(sample_path) as project:
        assert list_articles(project)[0].published == before


def test_imported_dateline_fills_the_article_header_and_the_headline_shows_once(window: MainWindow, tmp_path: Path,
                                                                                 qtbot, monkeypatch) -> None:
    from PySide6.QtGui import QFont, QTextCursor
    from PySide6.QtWidgets import QMessageBox

    path = tmp_path / "datelines.fcproj"
    Project.create(path).close()
    assert window.open_project(path)
    story = tmp_path / "veto.txt"
    story.write_text("Polish president to veto media bill\n\n"
                     "WARSAW, Jan 9, 2025 (Reuters) - Poland's president said he would “veto the bill”.\n\n"
                     "The bill now goes back to parliament.\n", encoding="utf-8")
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    window.importer.import_paths([str(story)])
    qtbot.waitUntil(lambda: not window.importer.running, timeout=10_000)
    article = list_articles(window.project)[0]
    window.open_article(article.id)
    header = window.article_header.text()
    assert "Reuters" in header and "2025-01-09" in header
    # The headline is shown once: as the reader's first line, in bold, and not again above it in the header.
    assert "Polish president to veto media bill" not in header
    reader = window.reader
    assert reader.toPlainText().startswith("Polish president to veto media bill\n")
    cursor = QTextCursor(reader.document())
    cursor.setPosition(3)
    assert cursor.charFormat().fontWeight() == QFont.Weight.Bold
    cursor.setPosition(len("Polish president to veto media bill") + 10)
    assert cursor.charFormat().fontWeight() != QFont.Weight.Bold
    window.session.close()
    with Project.open(path) as project:
        saved = list_articles(project)[0]
        assert (saved.title, saved.outlet, saved.published) == ("Polish president to veto media bill", "Reuters",
                                                                "2025-01-09")
