"""File → Export…: the report preview that loads nothing and opens links only when asked, the dialog's
options reaching the preview, saving (and failing to save) a file, and the Ctrl+E entry in the window."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QFileDialog, QListWidget

from tests.support.reports import HTMLReader, add_sources
from workbench import ops
from workbench.export.html_report import markdown_to_html
from workbench.export.markdown_report import export_markdown
from workbench.export.selection import ExportOptions
from workbench.store import Project
from workbench.store.queries import list_claims
from workbench.ui import export_dialog
from workbench.ui.export_dialog import ExportDialog, ExportResult
from workbench.ui.main_window import MainWindow
from workbench.ui.report_view import ReportView

HOSTILE_NOTE = ('<img src="file:///etc/passwd"> <script>alert(1)</script> [x](javascript:alert(1)) '
                "![](http://example.com/x.png)")


# -- the report view -------------------------------------------------------------------------------


def test_hostile_note_renders_as_text_and_loads_nothing(qtbot, sample_project: Project) -> None:
    claim = list_claims(sample_project)[0]
    ops.update_claim(sample_project, claim_id=claim.id, note=HOSTILE_NOTE)
    view = ReportView()
    qtbot.addWidget(view)
    view.show_report(markdown_to_html(export_markdown(sample_project)))
    view.show()
    qtbot.waitExposed(view)
    assert view.resource_requests == []  # the sanitised report asks for nothing at all
    assert '<img src="file:///etc/passwd"> <script>alert(1)</script> [x](javascript:alert(1))' in view.toPlainText()
    assert "<img" not in view.toHtml().replace("&lt;img", "")


def test_any_resource_the_document_asks_for_is_refused(qtbot) -> None:
    view = ReportView()
    qtbot.addWidget(view)
    # Even HTML that bypassed the sanitiser cannot make the view read a file or the network.
    view.setHtml('<p>x<img src="file:///etc/passwd"><img src="http://example.com/x.png"></p>'
                 '<p style="background-image: url(http://example.com/bg.png)">y</p>')
    view.show()
    qtbot.waitExposed(view)
    requests = list(view.resource_requests)  # asking again below adds to the log
    requested = {url for _type, url in requests}
    assert {"file:///etc/passwd", "http://example.com/x.png"} <= requested
    assert all(view.loadResource(t, QUrl(url)) is None for t, url in requests)
    assert view.openLinks() is False and view.openExternalLinks() is False


@pytest.mark.parametrize(
    ("url", "answer", "opened"),
    [
        ("https://www.nato.int/x", True, True),
        ("https://www.nato.int/x", False, False),
        ("http://example.com/", True, True),
        ("javascript:alert(1)", True, False),
        ("file:///etc/passwd", True, False),
        ("mailto:desk@example.com", True, False),
    ],
    ids=["https-confirmed", "https-declined", "http-confirmed", "javascript", "file", "mailto"],
)
def test_links_open_only_after_confirmation_and_only_on_the_web(
    qtbot, url: str, answer: bool, opened: bool
) -> None:
    view = ReportView()
    qtbot.addWidget(view)
    asked: list[str] = []
    opened_urls: list[str] = []

    def confirm(u: QUrl) -> bool:
        asked.append(u.toString())
        return answer

    view.confirm_open = confirm  # type: ignore[method-assign]
    view.open_url = lambda u: opened_urls.append(u.toString())
    view.anchorClicked.emit(QUrl(url))
    assert opened_urls == ([url] if opened else [])
    assert asked == ([url] if url.startswith("http") else [])


def test_links_within_the_report_scroll_to_their_target(qtbot, sample_project: Project) -> None:
    view = ReportView()
    qtbot.addWidget(view)
    view.resize(500, 300)
    view.show_report(markdown_to_html(export_markdown(sample_project)))
    view.show()
    qtbot.waitExposed(view)
    view.open_url = lambda u: pytest.fail(f"opened {u.toString()}")
    view.anchorClicked.emit(QUrl("#fn:3"))
    assert view.verticalScrollBar().value() > 0


# -- the dialog ------------------------------------------------------------------------------------


def wait_for_preview(qtbot, dialog: ExportDialog) -> ExportResult:
    """Let pending option changes start a build, and wait for the answer to the newest one."""
    results: list[ExportResult] = []
    dialog.finished_job.connect(results.append)
    dialog.refresh_preview()  # changes still waiting for the typing pause are built now
    qtbot.waitUntil(lambda: any(r.preview and r.generation == dialog.generation for r in results),
                    timeout=10_000)
    return next(r for r in reversed(results) if r.preview and r.generation == dialog.generation)


@pytest.fixture
def sourced_project(sample_project: Project) -> Project:
    add_sources(sample_project)
    return sample_project


@pytest.fixture
def dialog(qtbot, sourced_project: Project) -> ExportDialog:
    d = ExportDialog(sourced_project)
    qtbot.addWidget(d)
    d.show()
    wait_for_preview(qtbot, d)
    return d


def tick(widget: QListWidget, text: str) -> None:
    item = widget.findItems(text, Qt.MatchFlag.MatchExactly)[0]
    item.setCheckState(Qt.CheckState.Checked)


def test_preview_shows_the_report_built_off_the_ui_thread(dialog: ExportDialog) -> None:
    text = dialog.report_view.toPlainText()
    assert "Sample: NATO on North Korean troops" in text
    assert "I cannot confirm these reports" in text
    assert dialog.status.text() == "3 claim(s) selected."
    assert dialog.preview.currentWidget() is dialog.report_view
    assert dialog.report_view.resource_requests == []


def test_filters_and_options_reach_the_preview(qtbot, dialog: ExportDialog) -> None:
    assert "Ask the desk" not in dialog.report_view.toPlainText()
    tick(dialog.tags, "Russia")
    dialog.private_notes.setChecked(True)
    dialog.excerpts.setChecked(True)
    wait_for_preview(qtbot, dialog)
    assert dialog.options() == ExportOptions(tags=("Russia",), private_notes=True, full_text=False)
    text = dialog.report_view.toPlainText()
    assert "hoax" in text and "highly likely" not in text
    assert "Excerpts" in text
    assert dialog.status.text() == "1 claim(s) selected."


def test_articles_without_claims_are_left_out_unless_ticked(qtbot, sourced_project: Project,
                                                          tmp_path: Path, monkeypatch) -> None:
    from workbench.importers import ImportedArticle

    ops.add_article(sourced_project, article=ImportedArticle(text="Nothing quoted here.", title="Unannotated brief"))
    d = ExportDialog(sourced_project)
    qtbot.addWidget(d)
    d.show()
    wait_for_preview(qtbot, d)
    assert "3 claims in 1 article" in d.report_view.toPlainText()
    assert "Unannotated brief" not in d.report_view.toPlainText()
    assert not d.all_articles.isChecked()
    qtbot.mouseClick(d.all_articles, Qt.MouseButton.LeftButton)
    wait_for_preview(qtbot, d)
    assert "3 claims in 2 articles" in d.report_view.toPlainText()
    assert "Unannotated brief" in d.report_view.toPlainText()
    target = tmp_path / "report.md"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    results: list[ExportResult] = []
    d.finished_job.connect(results.append)
    d.save()
    qtbot.waitUntil(lambda: any(not r.preview for r in results), timeout=10_000)
    assert "## Unannotated brief" in target.read_text(encoding="utf-8")


def test_data_formats_preview_as_text(qtbot, dialog: ExportDialog) -> None:
    dialog.set_format("csv")
    wait_for_preview(qtbot, dialog)
    assert dialog.preview.currentWidget() is dialog.text_view
    assert dialog.text_view.toPlainText().startswith("quote,speaker,verdict,status,tags,note,sources")
    assert dialog.default_file_name().endswith("sample claims.csv")
    # Full text or excerpts means nothing to a claims table; private notes still do.
    assert not dialog.full_text.isEnabled() and not dialog.excerpts.isEnabled()
    assert dialog.private_notes.isEnabled()
    dialog.set_format("claimreview")
    assert not dialog.private_notes.isEnabled()
    dialog.set_format("json")
    assert dialog.full_text.isEnabled() and dialog.private_notes.isEnabled()


def test_an_unknown_filter_value_shows_in_the_status_not_a_crash(qtbot, dialog: ExportDialog,
                                                                sourced_project: Project) -> None:
    tick(dialog.tags, "NATO")
    ops.delete_tag(sourced_project, tag_id=list_claims(sourced_project)[0].tags[0].id)
    result = wait_for_preview(qtbot, dialog)
    assert result.error.startswith("There is no tag 'NATO'")
    assert dialog.status.text() == result.error


def test_save_writes_the_whole_export(qtbot, dialog: ExportDialog, tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "out" / "claims"
    target.parent.mkdir()
    offered: list[str] = []

    def get_save_file_name(parent, caption, directory, filter_):
        offered.append(directory)
        return str(target), filter_

    monkeypatch.setattr(QFileDialog, "getSaveFileName", get_save_file_name)
    dialog.set_format("csv")
    tick(dialog.statuses, "Checked")
    results: list[ExportResult] = []
    dialog.finished_job.connect(results.append)
    dialog.save()
    qtbot.waitUntil(lambda: any(not r.preview for r in results), timeout=10_000)
    assert offered == [dialog.default_file_name()]
    saved = target.with_suffix(".csv")  # the format's extension is added to a bare name
    rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8-sig"), newline="")))
    assert [r["speaker"] for r in rows] == ["Mark Rutte"]
    assert dialog.status.text() == f"Saved to {saved}"
    assert dialog.save_button.isEnabled()


def test_a_failed_save_is_shown_in_a_dialog(qtbot, dialog: ExportDialog, tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "no such folder" / "report.md"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    errors: list[tuple[str, str]] = []
    monkeypatch.setattr(export_dialog, "show_error", lambda parent, title, message: errors.append((title, message)))
    results: list[ExportResult] = []
    dialog.finished_job.connect(results.append)
    dialog.save()
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert errors[0][0] == "Export"
    assert "report.md: cannot be written" in errors[0][1]
    assert not target.exists()
    assert dialog.status.text() == "The file was not saved."


def test_cancelling_the_save_dialog_writes_nothing(dialog: ExportDialog, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    dialog.save()
    assert dialog.save_button.isEnabled()
    assert list(tmp_path.glob("*.md")) == []


def test_preview_of_a_big_project_is_cut_and_says_so(qtbot, project: Project, monkeypatch) -> None:
    monkeypatch.setattr(export_dialog, "PREVIEW_CLAIMS", 2)
    from workbench.importers import ImportedArticle

    text = "One said “alpha”. Two said “beta”. Three said “gamma”."
    article = ops.add_article(project, article=ImportedArticle(text=text, title="Three quotes")).created(
        "articles")[0]
    for quote in ("alpha", "beta", "gamma"):
        ops.add_claim(project, article_id=article, quote=quote)
    d = ExportDialog(project)
    qtbot.addWidget(d)
    wait_for_preview(qtbot, d)
    assert d.status.text() == "The preview shows the first 2 of 3 claims; Save writes all of them."
    assert "gamma" in d.report_view.toPlainText()  # the text is all there; only 2 claims are marked
    html = HTMLReader(d.report_view.toHtml())
    assert html.text.count("Claim 3") == 0


# -- the window ------------------------------------------------------------------------------------


def test_file_menu_export_opens_the_dialog_for_the_open_project(qtbot, window: MainWindow,
                                                                sample_path: Path) -> None:
    action = window.export_action
    assert action in window.menus["file"].actions()
    assert action.shortcut().toString() == "Ctrl+E"
    assert not action.isEnabled()
    assert window.open_project(sample_path)
    assert action.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialogs = window.findChildren(ExportDialog)
    assert len(dialogs) == 1
    wait_for_preview(qtbot, dialogs[0])
    assert "Mark Rutte" in dialogs[0].report_view.toPlainText()
    dialogs[0].reject()
    window.session.close()
    assert not action.isEnabled()


@pytest.mark.parametrize(("button", "opens"), [("&Open", "file"), ("Show in &folder", "folder")])
def test_after_saving_the_file_or_its_folder_can_be_opened(qtbot, dialog: ExportDialog, tmp_path: Path,
                                                           monkeypatch, button: str, opens: str) -> None:
    target = tmp_path / "desk" / "report.html"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    opened: list[QUrl] = []
    dialog.open_url = lambda url: opened.append(url) or True
    dialog.set_format("html")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.saved_box is not None and dialog.saved_box.isVisible(), timeout=10_000)
    box = dialog.saved_box
    assert "report.html" in box.text() and str(target.parent) in box.text()
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    clicked = next(b for b in box.buttons() if b.text() == button)
    qtbot.mouseClick(clicked, Qt.MouseButton.LeftButton)
    assert [u.toLocalFile() for u in opened] == [str(target if opens == "file" else target.parent)]
    qtbot.waitUntil(lambda: not box.isVisible())
