"""The Suggestions panel driven by keyboard: Ctrl+Shift+Q, Enter accepts, Delete dismisses."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from workbench.importers import import_file
from workbench.ops import add_article
from workbench.store import Project
from workbench.store.queries import list_claims
from workbench.ui.main_window import MainWindow


def test_suggest_accept_dismiss_and_reopen(window: MainWindow, qtbot, tmp_path: Path, sample_article_path) -> None:
    path = tmp_path / "suggest.fcproj"
    with Project.create(path) as project:
        add_article(project, article=import_file(sample_article_path))
    window.open_project(path)
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    panel = window.suggestions_panel
    assert panel.list.topLevelItemCount() == 3
    assert panel.list.hasFocus()
    # The first suggestion is selected in the reader too, ready to be judged.
    assert window.reader.textCursor().selectedText().startswith("I cannot confirm")

    qtbot.keyClick(panel.list, Qt.Key.Key_Return)  # accept Rutte's quote
    assert [(c.speaker, c.exact[:8]) for c in list_claims(window.project)] == [("Mark Rutte", "I cannot")]
    assert panel.list.topLevelItemCount() == 2
    panel.list.setCurrentItem(panel.list.topLevelItem(1))  # "hoax"
    qtbot.keyClick(panel.list, Qt.Key.Key_Delete)
    assert panel.list.topLevelItemCount() == 1

    panel.threshold.setValue(0.5)
    panel.accept_all_button.click()  # "highly likely" is above 0.5
    assert panel.list.topLevelItemCount() == 0
    window.runner.undo_stack.undo()
    assert panel.list.topLevelItemCount() == 1

    window.close()
    with Project.open(path) as reopened:
        assert [c.speaker for c in list_claims(reopened)] == ["Mark Rutte"]
        dismissed = reopened.conn.execute("SELECT exact FROM dismissals").fetchall()
        assert dismissed == [("hoax",)]


def test_quotes_that_start_alike_are_told_apart_in_the_list(window: MainWindow, sample_path: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from workbench.importers.base import ImportedArticle

    opening = "Thank you, Madam Chair, and thank you to the committee for the invitation to speak today about"
    text = (f'The minister told the committee: "{opening} the budget for schools and teachers."\n\n'
            f'Later she said: "{opening} the hospital waiting lists in the north."\n')
    with Project.open(sample_path) as project:
        article = add_article(project, article=ImportedArticle(text=text, title="Hearing")).id
    window.resize(1280, 720)
    window.open_project(sample_path)
    window.open_article(article)
    window.docks["suggestions"].show()
    window.docks["suggestions"].raise_()
    panel = window.suggestions_panel
    panel.run()
    tree = panel.list
    QApplication.processEvents()
    assert tree.topLevelItemCount() == 2
    width = tree.columnWidth(0) - 8
    shown = [tree.fontMetrics().elidedText(tree.topLevelItem(i).text(0), tree.textElideMode(), width)
             for i in range(2)]
    assert shown[0] != shown[1], shown  # each row shows what sets it apart, not the shared opening only
