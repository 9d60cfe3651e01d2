"""The window end to end: paste, mark, judge, undo/redo, and find everything in the file after reopening."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtWidgets import QMessageBox

from workbench import ops
from workbench.store import Project
from workbench.store.queries import list_articles, list_claims
from workbench.ui import article_actions
from workbench.ui.help_menu import shortcut_table
from workbench.ui.main_window import MainWindow

ARTICLE_HTML = """<html><head><title>Budget row | The Daily Example</title></head><body>
<nav><a href="/">Home</a> <a href="/politics">Politics</a></nav>
<article><h1>Finance minister defends budget</h1>
<p>The finance minister, Jane Doe, defended the budget on Tuesday. "Unemployment has fallen for
twelve months in a row," she told parliament, adding that the deficit would halve by next year.</p>
<p>Opposition leader John Roe said the figures were "cherry-picked" and demanded an independent audit
of the treasury's forecasts before the vote next week.</p>
<p>Economists were divided. Several pointed out that the unemployment data had been revised twice
this year, while others said the trend was clear.</p></article>
<footer>Subscribe to our newsletter</footer></body></html>"""
QUOTE = "Unemployment has fallen for twelve months in a row"


def select_text(window: MainWindow, words: str) -> None:
    """Select ``words`` in the reader the way a mouse drag would."""
    text = window.reader.toPlainText()
    start = text.index(words)

    def utf16(n: int) -> int:  # Qt positions count UTF-16 units, as a mouse drag would produce
        return len(text[:n].encode("utf-16-le")) // 2

    cursor = window.reader.textCursor()
    cursor.setPosition(utf16(start))
    cursor.setPosition(utf16(start + len(words)), QTextCursor.MoveMode.KeepAnchor)
    window.reader.setTextCursor(cursor)


def test_paste_mark_judge_undo_redo_and_reopen(window: MainWindow, qtbot, tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "work.fcproj"
    Project.create(path, title="Budget").close()
    assert window.open_project(path)
    assert "Budget" in window.windowTitle()

    mime = QMimeData()
    mime.setHtml(ARTICLE_HTML)
    mime.setText("Finance minister defends budget")
    clipboard = QGuiApplication.clipboard()
    clipboard.setMimeData(mime)
    monkeypatch.setattr(article_actions, "ask_text", lambda *a, **k: "Budget row")
    window.act_paste.trigger()
    # The clipboard owns the mime data now; clearing it here (not at interpreter exit, after Python has
    # dropped its wrapper) avoids a double free that crashes the test process on shutdown.
    clipboard.clear()
    assert QUOTE in window.reader.toPlainText()
    assert "newsletter" not in window.reader.toPlainText()  # the page's boilerplate stayed out

    select_text(window, QUOTE)
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    claim = window.inspector.claim
    assert claim is not None and claim.exact == QUOTE
    assert window.inspector.speaker.hasFocus()  # marking puts the journalist straight into "who said it"

    qtbot.keyClicks(window.inspector.speaker, "Jane Doe")
    qtbot.keyClick(window.inspector.speaker, Qt.Key.Key_Return)
    qtbot.keyClicks(window.inspector.tag_input, "Economy")
    qtbot.keyClick(window.inspector.tag_input, Qt.Key.Key_Return)
    verdict = window.inspector.verdict
    verdict.setCurrentIndex(verdict.findData("Mostly true"))
    verdict.activated.emit(verdict.currentIndex())
    window.inspector.note.setPlainText("Check ONS series *LF24*.")
    window.inspector.note.flush()

    claims = list_claims(window.project)
    assert [(c.speaker, [t.name for t in c.tags], c.verdict) for c in claims] == [
        ("Jane Doe", ["Economy"], "Mostly true")
    ]
    window.runner.undo_stack.undo()  # the note
    window.runner.undo_stack.undo()  # the verdict
    assert list_claims(window.project)[0].verdict == ""
    assert window.inspector.verdict.currentData() == ""  # the inspector follows undo
    window.runner.undo_stack.redo()
    window.runner.undo_stack.redo()
    assert list_claims(window.project)[0].verdict == "Mostly true"

    window.close()
    with Project.open(path) as reopened:
        [article] = list_articles(reopened)
        assert article.title == "Budget row"
        [saved] = list_claims(reopened)
        assert (saved.exact, saved.speaker, [t.name for t in saved.tags], saved.verdict, saved.note) == (
            QUOTE, "Jane Doe", ["Economy"], "Mostly true", "Check ONS series *LF24*."
        )


def test_sample_shows_three_highlights_and_clicking_selects_claim(window: MainWindow, sample_path: Path,
                                                                  qtbot) -> None:
    assert window.open_project(sample_path)
    assert window.article_list.topLevelItemCount() == 1
    assert len(window.reader.claim_ids_in_order()) == 3
    # The highlight is really painted: the character format of "hoax" has a background.
    text = window.reader.toPlainText()
    pos = text.index("hoax") + 1
    cursor = QTextCursor(window.reader.document())
    cursor.setPosition(pos)
    assert cursor.charFormat().background().style() != Qt.BrushStyle.NoBrush

    cursor = QTextCursor(window.reader.document())
    cursor.setPosition(text.index("highly likely") + 3)
    rect = window.reader.cursorRect(cursor)
    qtbot.mouseClick(window.reader.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.inspector.claim is not None and window.inspector.claim.speaker == "Kim Yong-hyun"


def test_f8_walks_claims_and_delete_is_undoable(window: MainWindow, sample_path: Path, qtbot) -> None:
    window.open_project(sample_path)
    window.reader.setFocus()
    speakers = []
    for _ in range(3):
        qtbot.keyClick(window.reader, Qt.Key.Key_F8)
        speakers.append(window.inspector.claim.speaker)
    assert speakers == ["Mark Rutte", "Kim Yong-hyun", "the Kremlin"]
    window.act_delete_claim.trigger()
    assert len(list_claims(window.project)) == 2
    qtbot.keyClick(window.reader, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    claims = list_claims(window.project)
    assert [c.speaker for c in claims] == ["Mark Rutte", "Kim Yong-hyun", "the Kremlin"]
    assert [t.name for t in claims[2].tags] == ["Russia"]  # the tag link came back with the claim


def test_import_files_in_background_reports_failures(window: MainWindow, tmp_path: Path, qtbot,
                                                     monkeypatch) -> None:
    path = tmp_path / "imports.fcproj"
    Project.create(path).close()
    window.open_project(path)
    good = tmp_path / "story.md"
    good.write_text("# Mayor resigns\n\nThe mayor said: “I am done.”\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    messages: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: messages.append(text))
    window.importer.import_paths([str(good), str(empty)])
    qtbot.waitUntil(lambda: not window.importer.running, timeout=10_000)
    assert [a.title for a in list_articles(window.project)] == ["Mayor resigns"]
    assert messages and "empty.txt" in messages[0] and "1 of 2" in messages[0]
    window.runner.undo_stack.undo()  # one undo step takes back the whole batch
    assert list_articles(window.project) == []


def test_dropping_files_imports_them(window: MainWindow, tmp_path: Path, qtbot) -> None:
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QDropEvent

    path = tmp_path / "drop.fcproj"
    Project.create(path).close()
    window.open_project(path)
    story = tmp_path / "dropped.txt"
    story.write_text("Council approves new bridge after long debate.", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(story))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    qtbot.waitUntil(lambda: not window.importer.running, timeout=10_000)
    assert [a.source_file for a in list_articles(window.project)] == ["dropped.txt"]


@pytest.mark.parametrize("content", [b"not a database at all", b"SQLite format 3\x00" + b"\x00" * 200],
                         ids=["text-file", "broken-header"])
def test_refused_project_shows_dialog_and_keeps_file(window: MainWindow, tmp_path: Path, monkeypatch,
                                                     content: bytes) -> None:
    bad = tmp_path / "bad.fcproj"
    bad.write_bytes(content)
    errors: list[str] = []
    monkeypatch.setattr(window.runner, "show_error", lambda title, message: errors.append(message))
    assert not window.open_project(bad)
    assert errors and "bad.fcproj" in errors[0]
    assert bad.read_bytes() == content
    assert window.project is None


def test_claims_table_filters_and_jumps(window: MainWindow, sample_path: Path, qtbot) -> None:
    window.open_project(sample_path)
    table = window.claims_table
    assert table.proxy.rowCount() == 3
    table.status_box.setCurrentIndex(table.status_box.findData("In progress"))
    assert table.proxy.rowCount() == 1
    table.status_box.setCurrentIndex(0)
    qtbot.keyClicks(table.search, "kremlin")
    assert table.proxy.rowCount() == 1
    table.view.doubleClicked.emit(table.proxy.index(0, 0))
    assert window.inspector.claim.speaker == "the Kremlin"
    span = window.reader.textCursor()
    assert window.reader.toPlainText()[span.position() : span.position() + 4] == "hoax"


def test_claims_table_follows_edits_filters_and_new_speakers(window: MainWindow, sample_path: Path) -> None:
    window.open_project(sample_path)
    table = window.claims_table
    table.status_box.setCurrentIndex(table.status_box.findData("To check"))
    assert table.proxy.rowCount() == 1
    window.step_claim(1)  # Mark Rutte, "Checked": hidden by the filter
    window.inspector.speaker.setText("Mark Rutte, NATO Secretary General")
    window.inspector.speaker.editingFinished.emit()
    window.set_status("To check")
    assert table.proxy.rowCount() == 2  # the edited row now passes the filter
    assert table.speaker_box.findData("Mark Rutte, NATO Secretary General") > 0


def test_search_hit_on_a_source_reveals_it_in_the_sources_panel(window: MainWindow, sample_path: Path,
                                                                 qtbot) -> None:
    from workbench.ops import add_source

    window.open_project(sample_path)
    source_id = window.runner.run(add_source, title="NATO press conference transcript").created("sources")[0]
    window.sources_panel.filter.setText("something else")  # a filter that hides it must not stop the jump
    window.select_source(source_id)
    assert window.sources_panel.current_source_id() == source_id


def test_project_open_elsewhere_offers_a_copy_instead_of_an_error(window: MainWindow, sample_path: Path,
                                                                  monkeypatch) -> None:
    from workbench.core.errors import ProjectInUseError
    from workbench.ui import merge_dialog, session

    def in_use(*_a, **_k):  # what Project.open raises while another window holds the lock
        raise ProjectInUseError("sample.fcproj: is already open in another window (pid 4242).", pid=4242,
                                host="laptop")

    offered: list[str] = []
    errors: list[str] = []
    monkeypatch.setattr(session.Project, "open", in_use)
    monkeypatch.setattr(merge_dialog, "offer_copy", lambda _w, _p, exc: offered.append(str(exc)) or False)
    monkeypatch.setattr(window.runner, "show_error", lambda _t, message: errors.append(message))
    assert not window.open_project(sample_path)
    assert offered and "pid 4242" in offered[0]
    assert errors == []  # the offer explains it; no second, redundant error dialog


def test_marking_after_emoji_and_rtl_text_keeps_exact_offsets(window: MainWindow, tmp_path: Path, qtbot) -> None:
    """Qt counts positions in UTF-16 units (an emoji is two), the store in code points: the selection
    must still become exactly the selected words."""
    from workbench.importers import ImportedArticle
    from workbench.ops import add_article

    text = "🇺🇦🔥 Update 👍🏽: الرئيس قال “نحن صامدون” — and then “We will rebuild every bridge,” she said. 🎉"
    path = tmp_path / "emoji.fcproj"
    with Project.create(path) as project:
        add_article(project, article=ImportedArticle(text=text, title="Emoji"))
    window.open_project(path)
    for quote in ("We will rebuild every bridge", "نحن صامدون"):
        select_text(window, quote)
        window.act_mark.trigger()
        assert window.inspector.claim.exact == quote
    window.close()
    with Project.open(path) as reopened:
        claims = list_claims(reopened)
        assert sorted(c.exact for c in claims) == sorted(["We will rebuild every bridge", "نحن صامدون"])
        assert all(text[c.start : c.end] == c.exact for c in claims)


def test_imported_word_file_is_kept_and_can_be_saved_back(window: MainWindow, tmp_path: Path, qtbot,
                                                          monkeypatch) -> None:
    import docx
    from PySide6.QtWidgets import QFileDialog

    path = tmp_path / "orig.fcproj"
    Project.create(path).close()
    window.open_project(path)
    word = tmp_path / "statement.docx"
    document = docx.Document()
    document.add_paragraph("The spokesperson said the ministry “never received the letter” before May.")
    document.save(word)
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    assert window.act_keep_originals.isChecked()  # on by default
    window.importer.import_paths([str(word)])
    qtbot.waitUntil(lambda: not window.importer.running, timeout=10_000)
    assert window.act_save_original.isEnabled()
    saved = tmp_path / "saved.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(saved), ""))
    window.act_save_original.trigger()
    assert saved.read_bytes() == word.read_bytes()

    window.act_keep_originals.setChecked(False)  # remembered in the settings for the next import
    assert window.settings.value("import/keep_originals", type=bool) is False
    second = tmp_path / "second.docx"
    document = docx.Document()
    document.add_paragraph("A different statement, imported without keeping the file.")
    document.save(second)
    window.importer.import_paths([str(second)])
    qtbot.waitUntil(lambda: not window.importer.running, timeout=10_000)
    assert not window.act_save_original.isEnabled()
    window.close()
    with Project.open(path) as reopened:
        assert [a.has_original for a in list_articles(reopened)] == [True, False]


def test_claims_table_follows_marks_deletes_and_undo_in_article_order(window: MainWindow, sample_path: Path) -> None:
    """Rows are added and removed in place (no full reload), yet always match what a reload would show."""
    window.open_project(sample_path)
    table = window.claims_table

    def shown() -> list[str]:
        return [table.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(table.proxy.rowCount())]

    def stored() -> list[str]:
        return [c.id for c in list_claims(window.project)]

    select_text(window, "Zelensky, addressing the Ukrainian parliament")  # between the 1st and 2nd quotes
    window.act_mark.trigger()
    new_id = window.inspector.claim.id
    assert shown() == stored() and shown()[1] == new_id
    window.act_delete_claim.trigger()
    assert shown() == stored() and new_id not in shown()
    window.act_undo.trigger()
    assert shown() == stored() and shown()[1] == new_id
    window.runner.run(ops.add_source, title="Parliament transcript", claim_id=new_id)  # no table change needed
    assert shown() == stored()


def test_keyboard_shortcuts_are_listed_from_the_menus(window: MainWindow) -> None:
    table = {(command, keys) for _menu, command, keys in shortcut_table(window.menus.values())}
    assert ("Mark claim", "Ctrl+M") in table
    assert ("Next claim", "F8") in table
    assert ("Status: Checked", "Ctrl+3") in table  # from the Set status submenu
    assert any(command == "Find in project…" for command, _keys in table)  # a panel's own action
