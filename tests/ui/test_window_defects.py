"""Defects a first real working session found in the window (issue 18), each pinned by a test that failed
before its fix. Results are checked in the project file after reopening it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from tests.support.keyboard import type_over
from tests.support.projects import saved_claims
from workbench import ops
from workbench.importers.base import ImportedArticle
from workbench.store import Project
from workbench.store.queries import list_claims
from workbench.ui.main_window import MainWindow


def test_undo_of_a_speaker_edit_shows_the_old_value_and_is_not_written_back(
        window: MainWindow, sample_path: Path, qtbot) -> None:
    window.open_project(sample_path)
    window.step_claim(1)  # Mark Rutte
    speaker = window.inspector.speaker
    type_over(qtbot, speaker, "NATO chief Mark Rutte")
    qtbot.keyClick(speaker, Qt.Key.Key_Return)
    assert saved_claims(sample_path)[0].speaker == "NATO chief Mark Rutte"
    window.reader.setFocus()
    window.act_undo.trigger()
    assert speaker.text() == "Mark Rutte"  # the inspector follows the undo
    window.step_claim(1)  # selecting another claim must not write the undone value back
    window.step_claim(-1)
    assert saved_claims(sample_path)[0].speaker == "Mark Rutte"
    window.act_redo.trigger()
    assert speaker.text() == "NATO chief Mark Rutte"
    assert saved_claims(sample_path)[0].speaker == "NATO chief Mark Rutte"


def _second_article(path: Path) -> str:
    text = ('The mayor spoke at noon. "We will open the bridge in May," said Mayor Anna Kowal.\n\n'
            '"The budget is balanced," she added.\n')
    with Project.open(path) as project:
        return ops.add_article(project, article=ImportedArticle(text=text, title="Bridge")).created("articles")[0]


def test_suggestions_of_one_article_never_stay_on_another(window: MainWindow, sample_path: Path) -> None:
    bridge = _second_article(sample_path)
    window.open_project(sample_path)
    sample_article = window.current_article_id()
    window.docks["suggestions"].show()
    window.docks["suggestions"].raise_()
    panel = window.suggestions_panel
    window.open_article(bridge)
    panel.run()
    assert panel.article_id == bridge
    assert [s.quote for s in panel.suggestions] == ["We will open the bridge in May", "The budget is balanced"]
    window.open_article(sample_article)  # the panel is in view: recomputed for the article now shown
    assert panel.article_id == sample_article
    assert not any("bridge" in s.quote or "budget" in s.quote for s in panel.suggestions)
    window.open_article(bridge)
    panel.list.setCurrentItem(panel.list.topLevelItem(0))
    panel.accept_selected()
    assert [c.article_id for c in saved_claims(sample_path) if "bridge" in c.exact] == [bridge]
    # Hidden panel: switching article forgets the suggestions instead of keeping another article's.
    window.docks["suggestions"].hide()
    window.open_article(sample_article)
    assert panel.suggestions == [] and panel.article_id is None
    panel.accept_above()  # nothing to accept: the sample gets no claim from the bridge story
    assert len([c for c in saved_claims(sample_path) if c.article_id == sample_article]) == 3


def test_deleting_a_claim_stays_in_its_article_on_the_next_claim(window: MainWindow, sample_path: Path) -> None:
    bridge = _second_article(sample_path)
    with Project.open(sample_path) as project:
        ops.add_claim(project, article_id=bridge, quote="The budget is balanced,", speaker="Anna Kowal")
    window.open_project(sample_path)
    sample_article = window.current_article_id()
    window.step_claim(1)
    window.step_claim(1)  # the second of the sample's three claims
    second = window.current_claim_id()
    window.delete_claim()
    assert window.current_article_id() == sample_article
    remaining = window.reader.claim_ids_in_order()
    assert second not in remaining and window.current_claim_id() == remaining[1]  # the one after it
    window.delete_claim()  # the last one: the one before it is selected
    assert window.current_article_id() == sample_article
    assert window.current_claim_id() == window.reader.claim_ids_in_order()[0]
    assert len([c for c in saved_claims(sample_path) if c.article_id == sample_article]) == 1


def test_selecting_a_claim_brings_the_claim_tab_forward_and_does_not_reflow_the_text(
        window: MainWindow, sample_path: Path) -> None:
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    window.open_project(sample_path)
    for other in ("suggestions", "sources"):
        window.docks[other].show()
        window.docks[other].raise_()
        QApplication.processEvents()
        assert window.docks["inspector"].visibleRegion().isEmpty()  # the Claim tab is behind
        window.step_claim(1)
        QApplication.processEvents()
        assert not window.docks["inspector"].visibleRegion().isEmpty(), f"claim selected with {other} in front"
    claim = window.inspector.claim
    window.reader.select_span(claim.start, claim.start + 1)  # the claim's first character
    fmt = window.reader.textCursor().charFormat()
    assert fmt.fontWeight() != QFont.Weight.Bold.value and fmt.fontWeight() <= QFont.Weight.Normal.value
    assert fmt.fontUnderline()  # the selected claim is still marked out


def test_mark_claim_leaves_out_the_closing_comma_and_quote_mark(window: MainWindow, sample_path: Path) -> None:
    bridge = _second_article(sample_path)
    window.open_project(sample_path)
    window.open_article(bridge)
    text = window.reader.toPlainText()
    selected = '"We will open the bridge in May,"'
    start = text.index(selected)
    window.reader.select_span(start, start + len(selected))  # as a mouse selection takes it: marks and comma
    window.mark_claim()
    assert window.inspector.claim.exact == "We will open the bridge in May"
    assert "We will open the bridge in May" in [c.exact for c in saved_claims(sample_path)]


def test_adjust_extent_by_keyboard_and_copy_with_citation(window: MainWindow, sample_path: Path, qtbot) -> None:
    from PySide6.QtGui import QGuiApplication

    window.open_project(sample_path)
    window.step_claim(1)
    claim = window.inspector.claim
    assert [a.text().replace("&", "") for a in window.reader.claim_menu_actions] == [
        "Delete claim", "Adjust extent", "Copy quote with citation"]
    window.act_adjust.trigger()
    for _ in range(3):
        qtbot.keyClick(window.reader, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(window.reader, Qt.Key.Key_Return)
    stored = next(c for c in saved_claims(sample_path) if c.id == claim.id)
    assert stored.exact == claim.exact[:-3] and stored.start == claim.start
    window.act_undo.trigger()
    assert next(c for c in saved_claims(sample_path) if c.id == claim.id).exact == claim.exact
    window.act_adjust.trigger()
    qtbot.keyClick(window.reader, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(window.reader, Qt.Key.Key_Escape)  # cancelled: nothing saved
    assert next(c for c in saved_claims(sample_path) if c.id == claim.id).exact == claim.exact
    window.select_claim(claim.id)
    window.act_copy_citation.trigger()
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith(f"“{claim.exact}” — Mark Rutte, “") and window.reader.toPlainText()


def test_file_dialogs_never_start_in_the_hidden_data_folder(window: MainWindow, tmp_path: Path) -> None:
    from workbench.core.paths import user_data_dir
    from workbench.ops.sample import create_sample_project

    bundled = user_data_dir() / "sample" / "Sample.fcproj"
    bundled.parent.mkdir(parents=True, exist_ok=True)
    create_sample_project(bundled, author="Test Author").close()
    window.open_project(bundled)
    start = window.session.dialog_dir()
    assert not start.resolve().is_relative_to(user_data_dir().resolve())
    mine = tmp_path / "mine" / "Story.fcproj"
    mine.parent.mkdir()
    create_sample_project(mine, author="Test Author").close()
    window.open_project(mine)
    assert window.session.dialog_dir() == mine.parent.resolve()  # beside the journalist's own project


def test_with_no_project_the_window_offers_new_open_recent_and_the_sample(
        window: MainWindow, sample_path: Path, tmp_path: Path, monkeypatch, qtbot) -> None:
    from PySide6.QtWidgets import QPushButton

    from workbench.ui import session

    assert window.central.currentWidget() is window.welcome  # not an empty reader hinting at Ctrl+I
    window.open_project(sample_path)
    assert window.central.currentWidget() is not window.welcome
    window.session.close()
    assert window.central.currentWidget() is window.welcome
    item = window.welcome.recent.item(0)
    assert item.text().splitlines()[0] == "sample.fcproj"
    assert item.text().splitlines()[1].startswith(str(sample_path.parent).replace(str(Path.home()), "~"))
    window.welcome.recent.itemActivated.emit(item)
    assert window.project is not None and window.project.path == sample_path.resolve()
    window.session.close()
    monkeypatch.setattr(session, "sample_project_path", lambda: tmp_path / "data" / "Sample project.fcproj")
    button = next(b for b in window.welcome.findChildren(QPushButton) if "sample" in b.text())
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.project is not None and window.project.path.name == "Sample project.fcproj"
    # The File menu's recent list tells two copies of one name apart by folder and date.
    window.session.fill_recent_menu(window.recent_menu)
    texts = [a.text() for a in window.recent_menu.actions()]
    assert any("sample.fcproj — " in t and str(sample_path.parent.name) in t for t in texts)


def test_the_reader_shows_the_articles_header_and_remembers_the_text_size(
        window: MainWindow, sample_path: Path, settings) -> None:
    window.open_project(sample_path)
    header = window.article_header
    assert header.isVisible()
    with Project.open(sample_path, read_only=True) as project:
        from workbench.store.queries import list_articles

        article = list_articles(project)[0]
    assert article.title in header.text() and article.outlet in header.text()
    size = window.reader.font().pointSizeF()
    window.act_larger.trigger()
    window.act_larger.trigger()
    assert window.reader.font().pointSizeF() > size
    bigger = window.reader.font().pointSizeF()
    again = MainWindow(settings)
    try:
        assert again.reader.font().pointSizeF() == bigger
    finally:
        again.close()
    window.act_normal_size.trigger()
    assert window.reader.font().pointSizeF() == size


def test_claims_table_at_1280x720_shows_ten_rows_follows_the_article_and_fits_speakers(
        qtbot, settings, sample_path: Path) -> None:
    bridge = _second_article(sample_path)
    with Project.open(sample_path) as project:
        ops.add_claim(project, article_id=bridge, quote="The budget is balanced,", speaker="Anna Kowal")
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    qtbot.waitExposed(w)
    view = w.claims_table.view
    # The first-start layout is applied once the window has its size (a moment after it is shown).
    qtbot.waitUntil(lambda: view.viewport().height() >= 10 * view.verticalHeader().defaultSectionSize())
    assert w.inspector.width() >= 40 * w.fontMetrics().averageCharWidth()  # the inspector's fields are readable
    w.open_project(sample_path)
    w.claims_table.only_article.setChecked(True)
    sample_article = w.current_article_id()
    assert w.claims_table.model.rowCount() == 3
    w.open_article(bridge)
    assert [c.article_id for c in w.claims_table.model.claims] == [bridge]
    w.open_article(sample_article)
    assert w.claims_table.model.rowCount() == 3
    speaker_width = view.horizontalHeader().sectionSize(1)
    assert speaker_width >= view.fontMetrics().horizontalAdvance("Kim Yong-hyun")


def test_the_name_is_asked_once_on_first_start_and_shown_in_the_status_bar(
        qtbot, tmp_path: Path, sample_path: Path, monkeypatch) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QInputDialog

    monkeypatch.delenv("WORKBENCH_AUTHOR", raising=False)
    fresh = QSettings(str(tmp_path / "fresh.ini"), QSettings.Format.IniFormat)
    asked: list[str] = []
    answers = iter([("", False), ("Ana Lima", True)])  # skipped on first start, given later in Tools

    def ask(_parent, _title, label, text=""):
        asked.append(label)
        return next(answers)

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(ask))
    w = MainWindow(fresh)
    qtbot.addWidget(w)
    w.session.ask_author_on_first_start()
    w.session.ask_author_on_first_start()  # asked once only, even when skipped
    assert len(asked) == 1 and "Welcome" in asked[0]
    w.open_project(sample_path)
    w.act_author.trigger()
    assert w.author_label.text() == "Author: Ana Lima"
    w.step_claim(1)
    w.set_status("Published")
    w.close()
    with Project.open(sample_path, read_only=True) as project:
        assert [c.updated_by for c in list_claims(project) if c.status == "Published"] == ["Ana Lima"]


def test_a_path_typed_as_the_name_is_refused_with_a_reason_and_asked_again(
        qtbot, tmp_path: Path, sample_path: Path, monkeypatch) -> None:
    """A path pasted into the first-run name dialog (seen in a session) is not written on claims: the dialog
    says why and asks again with the text kept; the corrected name is the one saved."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    monkeypatch.delenv("WORKBENCH_AUTHOR", raising=False)
    fresh = QSettings(str(tmp_path / "fresh.ini"), QSettings.Format.IniFormat)
    shown: list[str] = []
    answers = iter([("/home/dana/Desktop/story.fcproj", True), ("  Dana   Reporter ", True)])

    def ask(_parent, _title, _label, text=""):
        shown.append(text)
        return next(answers)

    warned: list[str] = []
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(ask))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda _p, _t, message, *a: warned.append(message)))
    w = MainWindow(fresh)
    qtbot.addWidget(w)
    w.session.ask_author_on_first_start()
    assert len(warned) == 1 and "file path" in warned[0]
    assert shown[1] == "/home/dana/Desktop/story.fcproj"  # asked again with the slip kept, to mend
    assert w.author_label.text() == "Author: Dana Reporter"
    w.open_project(sample_path)
    w.step_claim(1)
    w.set_status("Published")
    w.close()
    with Project.open(sample_path, read_only=True) as project:
        assert [c.updated_by for c in list_claims(project) if c.status == "Published"] == ["Dana Reporter"]


def test_reopening_returns_to_the_article_and_claim_left_and_titles_tell_copies_apart(
        qtbot, settings, sample_path: Path, tmp_path: Path) -> None:
    import shutil

    bridge = _second_article(sample_path)
    with Project.open(sample_path) as project:
        kept = ops.add_claim(project, article_id=bridge, quote="The budget is balanced,", speaker="Anna Kowal").id
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.open_project(sample_path)
    w.select_claim(kept)
    w.close()
    again = MainWindow(settings)
    qtbot.addWidget(again)
    again.open_project(sample_path)
    assert (again.current_article_id(), again.current_claim_id()) == (bridge, kept)
    copy = tmp_path / "colleague" / "sample.fcproj"
    copy.parent.mkdir()
    shutil.copy(sample_path, copy)
    other = MainWindow(settings)
    qtbot.addWidget(other)
    other.open_project(copy)
    assert again.windowTitle() != other.windowTitle() and "colleague" in other.windowTitle()
    other.close()
    again.close()


def test_questions_and_article_details_show_their_whole_text(window: MainWindow, qtbot) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QInputDialog

    from tests.ui.clipping import clipped
    from workbench.ui.article_actions import ArticleDetails
    from workbench.ui.common import ask_text

    title = "Kremlin says North Korean troops in Kursk are a 'hoax', as Seoul and Kyiv publish satellite images"
    seen: dict[str, object] = {}

    def answer() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QInputDialog) and w.isVisible())
        seen["fits"] = dialog.width() >= dialog.fontMetrics().horizontalAdvance("New article from clipboard") + 100
        seen["clipped"] = clipped(dialog)
        dialog.accept()

    QTimer.singleShot(100, answer)
    assert ask_text(window, "New article from clipboard", "Title:", title) == title
    assert seen == {"fits": True, "clipped": []}
    details = ArticleDetails(window, {"title": title, "outlet": "Reuters", "url": "https://www.reuters.com/x"})
    qtbot.addWidget(details)
    details.show()
    qtbot.waitExposed(details)
    assert clipped(details) == []
    edit = details.edits["title"]
    assert edit.width() - 12 >= edit.fontMetrics().horizontalAdvance(title)  # the whole headline in view


def test_accepting_many_suggestions_keeps_the_claims_table_in_article_order(
        window: MainWindow, sample_path: Path) -> None:
    paragraphs = [f'"We will build {n} new homes by {2025 + n % 5}," said Mayor Anna Kowal.' for n in range(80)]
    with Project.open(sample_path) as project:
        article = ops.add_article(project, article=ImportedArticle(
            text="\n\n".join(paragraphs), title="Homes")).id
    window.open_project(sample_path)
    window.step_claim(1)
    kept = window.current_claim_id()
    window.open_article(article)
    panel = window.suggestions_panel
    panel.run()
    assert len(panel.suggestions) == 80
    panel.threshold.setValue(0.0)
    panel.accept_above()
    rows = window.claims_table.model.claims
    ours = [c for c in rows if c.article_id == article]
    assert len(rows) == 83 and [c.start for c in ours] == sorted(c.start for c in ours)
    assert [c.exact for c in rows if c.article_id == article][:2] == [
        "We will build 0 new homes by 2025", "We will build 1 new homes by 2026"]
    window.act_undo.trigger()
    assert len(window.claims_table.model.claims) == 3
    window.act_redo.trigger()
    assert len(window.claims_table.model.claims) == 83
    assert len(saved_claims(sample_path)) == 83
    window.select_claim(kept)
    assert window.claims_table.selected_claim_id() == kept
