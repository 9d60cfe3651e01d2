"""The Find-in-project panel: typing searches off the UI thread, results grouped by article, filters,
activation opening the article at the match, refresh on changes, and the Ctrl+Shift+F entry point."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QTreeWidgetItem, QWidget

from workbench import ops
from workbench.importers import ImportedArticle
from workbench.store import Project
from workbench.store.queries import article_text
from workbench.ui import search_panel
from workbench.ui.operations import OperationRunner
from workbench.ui.search_panel import HTML_ROLE, SearchPanel, snippet_html

KYIV = (
    "President Zelensky said the military offensive near Kharkiv had stalled.\n\n"
    "“We have stopped them,” Zelensky told reporters. The Kremlin called the claim a hoax."
)
SAO = "Prefeitura de São Paulo anuncia plano contra enchentes. O prefeito disse que <b>não</b> vai parar."


class FakeHost:
    """The window as the panel sees it (``ui.host.Host``), recording what it was asked to show."""

    def __init__(self) -> None:
        self.opened: list[tuple[str, int | None, int | None]] = []
        self.claims: list[str] = []
        self.sources: list[str] = []

    def open_article(self, article_id: str, start: int | None = None, end: int | None = None) -> None:
        self.opened.append((article_id, start, end))

    def select_claim(self, claim_id: str) -> None:
        self.claims.append(claim_id)

    def select_source(self, source_id: str) -> None:
        self.sources.append(source_id)

    def current_article_id(self) -> str | None:
        return self.opened[-1][0] if self.opened else None

    def current_claim_id(self) -> str | None:
        return self.claims[-1] if self.claims else None


@pytest.fixture
def filled(project: Project) -> dict[str, str]:
    ids = {}
    ids["kyiv"] = ops.add_article(project, article=ImportedArticle(
        text=KYIV, title="Offensive stalled", outlet="Reuters", published="2024-05-20")).created("articles")[0]
    ids["sao"] = ops.add_article(project, article=ImportedArticle(
        text=SAO, title="Enchentes", outlet="Folha", published="2024-03-05")).created("articles")[0]
    ids["hoax"] = ops.add_claim(project, article_id=ids["kyiv"], quote="hoax", speaker="the Kremlin",
                                tags=["Russia"], verdict="False").created("claims")[0]
    ids["stopped"] = ops.add_claim(project, article_id=ids["kyiv"], quote="We have stopped them",
                                   speaker="Volodymyr Zelensky", status="In progress").created("claims")[0]
    return ids


@pytest.fixture
def panel(qtbot: Any, project: Project, filled: dict[str, str]) -> Any:
    holder = QWidget()  # stands for the window: the runner's dialogs would open over it
    qtbot.addWidget(holder)
    runner = OperationRunner(holder)
    runner.set_project(project)
    widget = SearchPanel(runner, FakeHost())
    qtbot.addWidget(widget)
    widget.resize(360, 600)
    widget.show()
    yield widget
    widget.wait()


def _type(qtbot: Any, panel: SearchPanel, text: str) -> None:
    panel.field.clear()
    with qtbot.waitSignal(panel.results_shown, timeout=5000):
        qtbot.keyClicks(panel.field, text)


def _rows(panel: SearchPanel) -> list[tuple[str, list[str]]]:
    out = []
    for i in range(panel.tree.topLevelItemCount()):
        top = panel.tree.topLevelItem(i)
        group = top.data(0, Qt.ItemDataRole.UserRole)
        out.append((f"{group.title} ({len(group.hits)})",
                    [top.child(j).data(0, HTML_ROLE) for j in range(top.childCount())]))
    return out


def _child(panel: SearchPanel, predicate: Any) -> QTreeWidgetItem:
    for i in range(panel.tree.topLevelItemCount()):
        top = panel.tree.topLevelItem(i)
        for j in range(top.childCount()):
            if predicate(top.child(j).data(0, Qt.ItemDataRole.UserRole)):
                return top.child(j)
    raise AssertionError("no such result row")


def test_typing_shows_results_grouped_by_article(qtbot: Any, panel: SearchPanel, filled: dict[str, str]) -> None:
    _type(qtbot, panel, "zelensky")
    rows = _rows(panel)
    assert [title for title, _ in rows] == ["Offensive stalled (2)"]
    html_rows = rows[0][1]
    assert html_rows[0].startswith('<span style="color:#757575">Text</span>')
    assert "<b>Zelensky</b>" in html_rows[0]
    assert "<b>Zelensky</b>" in html_rows[1]  # the claim, found by its speaker
    assert panel.status_label.text() == "2 matches in 1 article"


def test_diacritics_and_markup_in_text(qtbot: Any, panel: SearchPanel) -> None:
    _type(qtbot, panel, "sao paulo nao")
    [(_title, [row])] = _rows(panel)
    assert "<b>São</b> <b>Paulo</b>" in row
    # Text that looks like markup is shown as text, not interpreted.
    assert "&lt;b&gt;<b>não</b>&lt;/b&gt;" in row


def test_activating_results(qtbot: Any, panel: SearchPanel, project: Project, filled: dict[str, str]) -> None:
    _type(qtbot, panel, "kharkiv OR hoax")
    article_row = _child(panel, lambda h: h.kind == "article")
    panel.tree.setCurrentItem(article_row)
    qtbot.keyClick(panel.tree, Qt.Key.Key_Return)
    article_id, start, end = panel.host.opened[-1]
    assert article_id == filled["kyiv"]
    assert article_text(project, article_id)[start:end] == "Kharkiv"

    claim_row = _child(panel, lambda h: h.kind == "claim")
    rect = panel.tree.visualItemRect(claim_row)
    qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.host.claims[-1] == filled["hoax"]


def test_down_arrow_moves_to_results(qtbot: Any, panel: SearchPanel) -> None:
    _type(qtbot, panel, "zelensky")
    qtbot.keyClick(panel.field, Qt.Key.Key_Down)
    assert panel.tree.hasFocus()
    assert panel.tree.currentItem().data(0, Qt.ItemDataRole.UserRole).kind == "article"


def test_filters(qtbot: Any, panel: SearchPanel, filled: dict[str, str]) -> None:
    _type(qtbot, panel, "zelensky OR hoax OR enchentes")
    assert len(panel.hits) == 4  # two articles, two claims
    with qtbot.waitSignal(panel.results_shown, timeout=5000):
        panel.kind_boxes["article"].setChecked(False)
    assert {h.kind for h in panel.hits} == {"claim"}
    with qtbot.waitSignal(panel.results_shown, timeout=5000):
        panel.verdict.setCurrentIndex(panel.verdict.findData("False"))
    assert [h.claim_id for h in panel.hits] == [filled["hoax"]]
    with qtbot.waitSignal(panel.results_shown, timeout=5000):
        panel.clear_filters()
    assert len(panel.hits) == 4  # two articles, two claims
    with qtbot.waitSignal(panel.results_shown, timeout=5000):
        panel.outlet.setCurrentIndex(panel.outlet.findData("Folha"))
    assert [h.article_id for h in panel.hits] == [filled["sao"]]
    panel.clear_filters()
    with qtbot.waitSignal(panel.results_shown, timeout=5000):
        qtbot.keyClicks(panel.date_from, "2024-04")
    assert {h.article_id for h in panel.hits} == {filled["kyiv"]}
    with qtbot.waitSignal(panel.results_shown, timeout=5000):
        qtbot.keyClicks(panel.date_to, "2024-05-19")
    assert panel.hits == []
    with qtbot.waitSignal(panel.results_shown, timeout=5000):
        qtbot.keyClicks(panel.date_to, "x")
    assert "not a valid end date" in panel.status_label.text()
    panel.clear_filters()
    for box in panel.kind_boxes.values():
        box.setChecked(False)
    with qtbot.waitSignal(panel.results_shown, timeout=5000):
        pass
    assert panel.hits == [] and "Tick Articles" in panel.status_label.text()


def test_filter_choices_come_from_the_project(qtbot: Any, panel: SearchPanel, project: Project,
                                              filled: dict[str, str]) -> None:
    assert [panel.tag.itemText(i) for i in range(panel.tag.count())] == ["Any tag", "Russia"]
    panel.runner.run(ops.tag_claim, claim_id=filled["stopped"], name="Ukraine")
    assert [panel.tag.itemText(i) for i in range(panel.tag.count())] == ["Any tag", "Russia", "Ukraine"]
    assert panel.speaker.findData("Volodymyr Zelensky") > 0
    assert panel.outlet.findData("Reuters") > 0


def test_changes_rerun_the_query(qtbot: Any, panel: SearchPanel, project: Project, filled: dict[str, str]) -> None:
    _type(qtbot, panel, "isw")
    assert panel.hits == []
    assert panel.status_label.text() == "No matches."
    with qtbot.waitSignal(panel.results_shown, timeout=5000):
        panel.runner.run(ops.update_claim, claim_id=filled["stopped"], note="Compare with ISW maps.")
    assert [h.claim_id for h in panel.hits] == [filled["stopped"]]


def test_opening_another_project_clears(qtbot: Any, panel: SearchPanel, tmp_path: Path) -> None:
    _type(qtbot, panel, "zelensky")
    other = Project.create(tmp_path / "other.fcproj")
    try:
        panel.runner.set_project(other)
        assert panel.field.text() == "" and panel.tree.topLevelItemCount() == 0
        assert panel.tag.count() == 1
        panel.runner.set_project(None)
        assert not panel.isEnabled()
    finally:
        other.close()


def test_stale_results_are_dropped(qtbot: Any, panel: SearchPanel, monkeypatch: pytest.MonkeyPatch) -> None:
    # The first query is still running when two more are typed, and finishes only after the last was asked
    # for: its late results must never be shown, and the query typed in between is never run at all.
    started, release = threading.Event(), threading.Event()
    searched: list[str] = []
    real = search_panel.search

    def search(project: Project, query: str, **filters: Any) -> Any:
        searched.append(query)
        if query == "kharkiv":
            started.set()
            assert release.wait(10), "the test never released the first search"
        return real(project, query, **filters)

    monkeypatch.setattr(search_panel, "search", search)
    shown: list[set[str]] = []
    panel.results_shown.connect(lambda _n: shown.append({h.snippet.lower() for h in panel.hits}))
    panel.field.setText("kharkiv")
    panel.run_search()
    assert started.wait(5)
    panel.field.setText("enchentes")
    panel.run_search()
    panel.field.setText("hoax")
    panel.run_search()
    with qtbot.waitSignal(panel.results_shown, timeout=5000):
        release.set()
    assert panel.wait()
    QCoreApplication.processEvents()  # every result the worker sent has reached the panel now
    assert searched == ["kharkiv", "hoax"]  # "enchentes" was superseded before it started
    assert len(shown) == 1 and all("hoax" in snippet for snippet in shown[0])
    assert {h.kind for h in panel.hits} == {"article", "claim"}


def test_hostile_typing_degrades_to_words(qtbot: Any, panel: SearchPanel, filled: dict[str, str]) -> None:
    # An unclosed quote and stray syntax: the words that are there are still searched.
    _type(qtbot, panel, '"hoax ^- ( :')
    assert {h.kind for h in panel.hits} == {"article", "claim"}
    assert panel.status_label.text() == "2 matches in 1 article"


def test_snippet_html_escapes() -> None:
    assert snippet_html("a <i>&</i> \ue000b\ue001") == "a &lt;i&gt;&amp;&lt;/i&gt; <b>b</b>"


def test_in_the_main_window(qtbot: Any, sample_project: Project, tmp_path: Path) -> None:
    from PySide6.QtCore import QSettings

    from workbench.ui.main_window import MainWindow

    path = sample_project.path
    sample_project.close()
    window = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    panel = window.search_panel  # installed by the window (search_panel.install)
    window.show()
    window.open_project(path)
    try:
        window.search_panel.find_action.trigger()
        # Offscreen windows may not be active, so ask the window which child has its focus.
        assert window.focusWidget() is panel.field
        assert panel.dock.isVisible()
        assert window.search_panel.find_action.shortcut().toString() == "Ctrl+Shift+F"
        assert window.search_panel.find_action in window.menus["edit"].actions()
        _type(qtbot, panel, "concerning")
        row = _child(panel, lambda h: h.kind == "article")
        panel.activate_item(row)
        hit = row.data(0, Qt.ItemDataRole.UserRole)
        assert window.current_article_id() == hit.article_id
        assert window.reader.textCursor().selectedText() == "concerning"
        claim_row = _child(panel, lambda h: h.kind == "claim")
        panel.activate_item(claim_row)
        assert window.current_claim_id() == claim_row.data(0, Qt.ItemDataRole.UserRole).claim_id
    finally:
        panel.wait()
        window.close()



def test_filter_choices_are_read_when_the_panel_is_shown(qtbot: Any, window: Any, sample_path: Path) -> None:
    # Behind the Articles tab (where the panel starts) an open does not read every claim's speaker for nobody.
    window.open_project(sample_path)
    panel = window.search_panel
    qtbot.waitUntil(lambda: window.docks["articles"].visibleRegion().isEmpty() is False, timeout=3_000)
    if panel.visibleRegion().isEmpty():  # (a layout that put it on screen reads them at once)
        assert panel.speaker.findData("Mark Rutte") < 0
        assert panel.filter_values()["speaker"] is None  # a search reads them first: nothing narrows it unseen
        assert panel.speaker.findData("Mark Rutte") > 0
        window.session.close()
        window.open_project(sample_path)
        assert panel.speaker.findData("Mark Rutte") < 0 or not panel.visibleRegion().isEmpty()
    panel.focus_field()  # Ctrl+Shift+F: the tab comes to the front
    qtbot.waitUntil(lambda: panel.speaker.findData("Mark Rutte") > 0, timeout=3_000)
