"""The Sources panel, the source dialogs and the claim's sources in a real window: make a source with a
PDF, link it to a claim, find it all after reopening the file, delete it and undo, open attachments
safely, refuse files that are too big, and turn a dropped file into a linked source."""

from __future__ import annotations

import hashlib
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox, QTreeWidget, QTreeWidgetItem

from tests.support.pdf import text_pdf
from workbench import ops
from workbench.ops.sources import MAX_ATTACHMENT_BYTES
from workbench.store import Project
from workbench.store.queries import list_claims
from workbench.store.queries_sources import claim_links, list_sources, source_files
from workbench.ui import sources_panel as panel_module
from workbench.ui.claim_sources import ClaimSourcesWidget
from workbench.ui.main_window import MainWindow
from workbench.ui.source_dialogs import LinkSourceDialog, SourceDialog
from workbench.ui.sources_panel import SourcesPanel


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def counts(project: Project) -> dict[str, int]:
    tables = ("sources", "source_files", "attachments", "claim_sources")
    return {t: project.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def answer_dialog(monkeypatch: pytest.MonkeyPatch, cls: type[QDialog], fill: Callable[[Any], None]) -> list:
    """Make ``cls.exec`` fill the real dialog's widgets and press OK, instead of waiting for a person."""
    shown: list = []

    def exec_(self: QDialog) -> int:
        shown.append(self)
        self.show()  # visible, so clicks reach its buttons as they would a person's
        fill(self)
        self.accept()
        return self.result()

    monkeypatch.setattr(cls, "exec", exec_)
    return shown


@pytest.fixture
def errors(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Error dialogs the window would show, recorded instead of blocking the test."""
    seen: list[str] = []
    monkeypatch.setattr(window.runner, "show_error", lambda title, message: seen.append(message))
    return seen


@pytest.fixture
def panel(window: MainWindow, sample_path: Path, errors: list[str], qtbot) -> SourcesPanel:
    assert window.open_project(sample_path)
    window.docks["sources"].raise_()  # its tab in front, as a journalist opens it: the list is read when shown
    qtbot.waitUntil(lambda: not window.sources_panel.stale, timeout=3_000)
    return window.sources_panel


@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    text = "No North Korean troops were observed."
    path = tmp_path / "MoD report 18 Oct.pdf"
    path.write_bytes(text_pdf([[text]], info={"Title": text}))
    return path


def first_claim(window: MainWindow) -> str:
    """Mark Rutte's claim, which the sample already links to one source."""
    return list_claims(window.project)[0].id


def source_ids(project: Project) -> list[str]:
    return [s.id for s in list_sources(project)]


def source_id_titled(project: Project, title: str) -> str:
    [source_id] = [s.id for s in list_sources(project) if s.title == title]
    return source_id


def tree_item(tree: QTreeWidget, item_id: str) -> QTreeWidgetItem:
    """The row of a source (Sources panel) or a link (claim's sources) by the id it holds."""
    [item] = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
              if tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) == item_id]
    return item


def add_source_with_pdf(window: MainWindow, panel: SourcesPanel, pdf: Path, qtbot,
                        monkeypatch: pytest.MonkeyPatch) -> str:
    def fill(dialog: SourceDialog) -> None:
        dialog.form.title.setText("Ministry of Defence report")
        dialog.form.kind.setCurrentText("official statement")
        dialog.form.publisher.setText("Ministry of Defence")
        dialog.form.add_files([str(pdf)])

    before = source_ids(window.project)
    answer_dialog(monkeypatch, SourceDialog, fill)
    panel.act_add.trigger()
    [source_id] = [i for i in source_ids(window.project) if i not in before]
    return source_id


# -- the acceptance path -------------------------------------------------------------------------------


def test_source_with_pdf_linked_as_refutes_survives_reopen_delete_and_undo(
    window: MainWindow, panel: SourcesPanel, sample_path: Path, pdf: Path, qtbot, monkeypatch, errors
) -> None:
    claim_id = first_claim(window)
    sample_links, sample_sources = claim_links(window.project, claim_id), panel.tree.topLevelItemCount()
    source_id = add_source_with_pdf(window, panel, pdf, qtbot, monkeypatch)
    assert panel.current_source_id() == source_id  # the new source is selected, its file listed
    assert panel.files.topLevelItem(0).text(0) == pdf.name
    assert tree_item(panel.tree, source_id).text(1) == "official statement"

    window.select_claim(claim_id)

    def fill(dialog: LinkSourceDialog) -> None:
        assert dialog.existing.isChecked() and dialog.selected_source_id() == source_id
        qtbot.mouseClick(dialog.fields.relation_buttons["refutes"], Qt.MouseButton.LeftButton)
        dialog.fields.excerpt.setPlainText("No North Korean troops were observed.")
        dialog.fields.locator.setText("p. 1")

    answer_dialog(monkeypatch, LinkSourceDialog, fill)
    assert window.sources_panel.link_action in window.menus["claim"].actions()
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert errors == []
    window.docks["sources"].raise_()  # (selecting the claim brought the Claim tab to the front)
    qtbot.waitUntil(lambda: not panel.stale, timeout=3_000)
    assert tree_item(panel.tree, source_id).text(3) == "1"  # "used by 1 claim"

    window.session.close()
    with Project.open(sample_path) as reopened:
        assert len(claim_links(reopened, claim_id)) == len(sample_links) + 1
        [link] = [lk for lk in claim_links(reopened, claim_id) if lk.source_id == source_id]
        assert (link.source_id, link.relation, link.excerpt, link.locator) == (
            source_id, "refutes", "No North Korean troops were observed.", "p. 1")
        [f] = source_files(reopened, source_id)
        assert (f.name, f.mime, f.sha256) == (pdf.name, "application/pdf", sha256(pdf.read_bytes()))

    assert window.open_project(sample_path)
    window.docks["sources"].raise_()
    assert panel.select(source_id)
    asked: list[str] = []

    def yes(parent, title, text, *args):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    panel.act_delete.trigger()
    assert "used by 1 claim" in asked[0]
    assert claim_links(window.project, claim_id) == sample_links
    assert panel.tree.topLevelItemCount() == sample_sources

    window.runner.undo_stack.undo()
    [link] = [lk for lk in claim_links(window.project, claim_id) if lk.source_id == source_id]
    assert (link.relation, link.excerpt) == ("refutes", "No North Korean troops were observed.")
    assert [f.name for f in source_files(window.project, source_id)] == [pdf.name]
    assert panel.tree.topLevelItemCount() == sample_sources + 1


def test_answering_no_keeps_the_source(window: MainWindow, panel: SourcesPanel, pdf: Path, qtbot,
                                       monkeypatch) -> None:
    source_id = add_source_with_pdf(window, panel, pdf, qtbot, monkeypatch)
    before = source_ids(window.project)
    assert source_id in before
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.No)
    panel.act_delete.trigger()
    assert source_ids(window.project) == before


# -- attachments ---------------------------------------------------------------------------------------


def test_open_hands_a_readonly_copy_to_the_system_viewer(window: MainWindow, panel: SourcesPanel, pdf: Path,
                                                         qtbot, monkeypatch) -> None:
    add_source_with_pdf(window, panel, pdf, qtbot, monkeypatch)
    opened: list[QUrl] = []
    monkeypatch.setattr(panel_module, "open_url", lambda url: opened.append(url) or True)
    panel.files.setCurrentItem(panel.files.topLevelItem(0))
    panel.act_open.trigger()
    [url] = opened
    copy = Path(url.toLocalFile())
    assert copy.name == pdf.name and copy.read_bytes() == pdf.read_bytes()
    assert stat.S_IMODE(copy.stat().st_mode) == 0o400  # read-only for this user, never executable
    assert copy.parent != pdf.parent


def test_programs_are_never_opened_only_saved(window: MainWindow, panel: SourcesPanel, tmp_path: Path,
                                              monkeypatch) -> None:
    window.runner.run(ops.add_source, title="Suspicious mail")
    source_id = source_id_titled(window.project, "Suspicious mail")
    window.runner.run(ops.attach_file, source_id=source_id, data=b"#!/bin/sh\nrm -rf ~\n", name="invoice.pdf.sh")
    assert panel.select(source_id)
    panel.files.setCurrentItem(panel.files.topLevelItem(0))
    opened: list[QUrl] = []
    monkeypatch.setattr(panel_module, "open_url", lambda url: opened.append(url) or True)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text, *a: warned.append(text) or QMessageBox.StandardButton.Save)
    dest = tmp_path / "kept.sh"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(dest), ""))
    panel.act_open.trigger()
    assert opened == []
    assert "is a program or script" in warned[0]
    assert dest.read_bytes() == b"#!/bin/sh\nrm -rf ~\n"


def test_two_identical_files_take_the_space_of_one(window: MainWindow, panel: SourcesPanel, pdf: Path,
                                                   tmp_path: Path, qtbot, monkeypatch) -> None:
    add_source_with_pdf(window, panel, pdf, qtbot, monkeypatch)
    copy = tmp_path / "same report, other name.pdf"
    copy.write_bytes(pdf.read_bytes())
    window.runner.run(ops.add_source, title="Second copy")
    panel.select(source_id_titled(window.project, "Second copy"))
    panel.attach_files([str(copy)])
    assert counts(window.project)["source_files"] == 2
    assert counts(window.project)["attachments"] == 1


def test_over_limit_file_is_refused_with_a_clear_message(window: MainWindow, panel: SourcesPanel,
                                                         tmp_path: Path, errors: list[str]) -> None:
    window.runner.run(ops.add_source, title="Court hearing")
    assert panel.select(source_id_titled(window.project, "Court hearing"))
    big = tmp_path / "hearing.mov"
    with big.open("wb") as fh:  # sparse: costs no disk or memory, and is refused before being read
        fh.truncate(MAX_ATTACHMENT_BYTES + 1024 * 1024)
    before = counts(window.project)
    undo_steps = window.runner.undo_stack.count()
    panel.attach_files([str(big)])
    assert errors == ["hearing.mov is 51 MB; attached files can be at most 50 MB each. Nothing was attached."]
    assert counts(window.project) == before
    assert window.runner.undo_stack.count() == undo_steps


# -- the claim's sources -------------------------------------------------------------------------------


def test_claim_sources_widget_lists_edits_and_removes_links(window: MainWindow, panel: SourcesPanel,
                                                            pdf: Path, qtbot, monkeypatch) -> None:
    source_id = add_source_with_pdf(window, panel, pdf, qtbot, monkeypatch)
    claim_id = first_claim(window)
    sample_links = len(claim_links(window.project, claim_id))
    widget = ClaimSourcesWidget(window.runner, window)
    qtbot.addWidget(widget)
    widget.show_claim(claim_id)
    assert widget.tree.topLevelItemCount() == sample_links
    changes = window.runner.run(ops.link_source, claim_id=claim_id, source_id=source_id, relation="supports")
    link_id = changes.created("claim_sources")[0]
    assert widget.tree.topLevelItemCount() == sample_links + 1  # refreshed by the window's "changed" signal
    item = tree_item(widget.tree, link_id)
    assert (item.text(0), item.text(1)) == ("supports", "Ministry of Defence report")

    widget.tree.setCurrentItem(item)

    def fill(dialog: LinkSourceDialog) -> None:
        dialog.fields.relation_buttons["context"].setChecked(True)
        dialog.fields.note.setPlainText("Background only.")

    answer_dialog(monkeypatch, LinkSourceDialog, fill)
    widget.act_edit.trigger()
    [link] = [lk for lk in claim_links(window.project, claim_id) if lk.id == link_id]
    assert (link.relation, link.note) == ("context", "Background only.")

    library = source_ids(window.project)
    widget.tree.setCurrentItem(tree_item(widget.tree, link_id))
    widget.act_remove.trigger()
    assert widget.tree.topLevelItemCount() == sample_links
    assert link_id not in [lk.id for lk in claim_links(window.project, claim_id)]
    assert source_ids(window.project) == library  # the source stays in the library
    window.runner.undo_stack.undo()
    assert widget.tree.topLevelItemCount() == sample_links + 1


def test_file_dropped_on_a_claim_becomes_a_linked_source(window: MainWindow, panel: SourcesPanel, pdf: Path,
                                                         qtbot, monkeypatch) -> None:
    claim_id = first_claim(window)
    sample_links, sample_sources = claim_links(window.project, claim_id), list_sources(window.project)
    widget = ClaimSourcesWidget(window.runner, window)
    qtbot.addWidget(widget)
    widget.show()
    widget.show_claim(claim_id)
    asked: list[str] = []
    monkeypatch.setattr(QInputDialog, "getItem",
                        lambda parent, title, label, items, *a: asked.append(label) or ("Refutes", True))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(pdf))])
    event = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    widget.drops.eventFilter(widget, event)  # as Qt hands it over during a real drag (sendEvent needs one)
    assert pdf.name in asked[0]
    [link] = [lk for lk in claim_links(window.project, claim_id) if lk not in sample_links]
    assert (link.relation, link.source_title) == ("refutes", pdf.stem)
    assert [f.name for f in source_files(window.project, link.source_id)] == [pdf.name]
    window.runner.undo_stack.undo()  # one step takes back the source, its file and the link
    assert claim_links(window.project, claim_id) == sample_links
    assert list_sources(window.project) == sample_sources


def test_link_dialog_can_create_a_new_source_in_one_undo_step(window: MainWindow, panel: SourcesPanel,
                                                              monkeypatch) -> None:
    for source_id in source_ids(window.project):  # empty the sample's library
        window.runner.run(ops.delete_source, source_id=source_id)
    claim_id = first_claim(window)
    window.select_claim(claim_id)

    def fill(dialog: LinkSourceDialog) -> None:
        assert dialog.new.isChecked()  # an empty library: straight to "a new source"
        dialog.form.title.setText("Interview with a ministry spokesperson")
        dialog.form.kind.setCurrentText("interview")
        dialog.fields.relation_buttons["supports"].setChecked(True)
        dialog.fields.locator.setText("00:12:30")

    answer_dialog(monkeypatch, LinkSourceDialog, fill)
    window.sources_panel.link_action.trigger()
    [link] = claim_links(window.project, claim_id)
    assert (link.source_title, link.source_kind, link.locator) == (
        "Interview with a ministry spokesperson", "interview", "00:12:30")
    window.runner.undo_stack.undo()
    assert list_sources(window.project) == [] and claim_links(window.project, claim_id) == []


def test_refused_source_keeps_the_dialog_open(window: MainWindow, panel: SourcesPanel, errors: list[str],
                                              monkeypatch) -> None:
    sample_sources = list_sources(window.project)
    shown = answer_dialog(monkeypatch, SourceDialog, lambda d: d.form.url.setText("javascript:alert(1)"))
    panel.act_add.trigger()
    assert shown[0].result() != QDialog.DialogCode.Accepted
    assert "cannot be empty" in errors[0]
    assert list_sources(window.project) == sample_sources


def test_link_without_a_claim_says_what_to_do(window: MainWindow, panel: SourcesPanel, monkeypatch) -> None:
    shown = answer_dialog(monkeypatch, LinkSourceDialog, lambda d: None)
    window.inspector.show_claim(None)
    window.sources_panel.link_action.trigger()
    assert shown == []
    assert "Select a claim first" in window.statusBar().currentMessage()


# -- library ---------------------------------------------------------------------------------------------


def test_article_origin_is_added_once(window: MainWindow, panel: SourcesPanel) -> None:
    article_id = window.current_article_id()
    assert article_id is not None
    sample_sources = source_ids(window.project)
    window.sources_panel.origin_action.trigger()
    window.sources_panel.origin_action.trigger()
    [source] = [s for s in list_sources(window.project) if s.id not in sample_sources]
    assert source.title == "NATO cannot verify reports of North Korean troops in Ukraine, Rutte says"
    assert panel.current_source_id() == source.id
    assert "already in the sources" in window.statusBar().currentMessage()


def test_filter_narrows_the_list_ignoring_accents(window: MainWindow, panel: SourcesPanel, qtbot) -> None:
    sample_sources = panel.tree.topLevelItemCount()
    window.runner.run(ops.add_source, title="Relatório da Defesa", publisher="Ministério")
    window.runner.run(ops.add_source, title="Census dataset", kind="dataset")
    assert panel.tree.topLevelItemCount() == sample_sources + 2
    qtbot.keyClicks(panel.filter, "relatorio")
    assert [panel.tree.topLevelItem(i).text(0) for i in range(panel.tree.topLevelItemCount())] == [
        "Relatório da Defesa"]
    panel.filter.clear()
    assert panel.tree.topLevelItemCount() == sample_sources + 2


def test_the_window_has_the_panel_once_beside_the_inspector(window: MainWindow, panel: SourcesPanel) -> None:
    assert window.docks["sources"].widget() is panel
    assert window.tabifiedDockWidgets(window.docks["inspector"]).count(window.docks["sources"]) == 1
    assert [a.text() for a in window.menus["claim"].actions()].count("&Link source…") == 1


def test_panel_empties_when_the_project_closes(window: MainWindow, panel: SourcesPanel) -> None:
    window.runner.run(ops.add_source, title="Something")
    window.session.close()
    assert panel.tree.topLevelItemCount() == 0 and not panel.act_add.isEnabled()


def test_the_list_is_read_when_its_tab_comes_to_the_front(window: MainWindow, sample_path: Path, qtbot) -> None:
    # Behind the Claim tab the panel reads nothing at an open (an encrypted project decrypts every source it
    # reads); a change made meanwhile is there when the tab comes to the front.
    assert window.open_project(sample_path)
    panel = window.sources_panel
    assert panel.stale and panel.tree.topLevelItemCount() == 0
    window.runner.run(ops.add_source, title="Interview with the harbour master", kind="interview")
    assert panel.stale
    window.docks["sources"].raise_()
    qtbot.waitUntil(lambda: not panel.stale, timeout=3_000)
    titles = [panel.tree.topLevelItem(i).text(0) for i in range(panel.tree.topLevelItemCount())]
    assert "Interview with the harbour master" in titles and len(titles) == 2
    window.docks["inspector"].raise_()
    # Looking a source up (a search hit, a link's "Show source") reads the list even while it is hidden.
    window.runner.run(ops.add_source, title="Port statistics 2024", kind="document")
    assert panel.stale
    assert panel.select(next(s.id for s in list_sources(window.project) if s.title == "Port statistics 2024"))
