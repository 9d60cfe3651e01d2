"""The fact-check library in the window: *Tools → Fact-check library…* imports files (file list and drops, in
a thread, cancel rolls back), shows counts and searches; the claim inspector's *Checked before* shows the
sample's Rutte quote checked before (matched off the UI thread); near-duplicate claims of a project; the
project-wide panel; links open only on a click; the library setting. Written data is checked by reopening
the library file."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QDropEvent
from PySide6.QtWidgets import QApplication, QPushButton

from workbench import ops
from workbench.factchecks import FactCheckLibrary, default_library_path
from workbench.importers import ImportedArticle
from workbench.store.queries import list_claims
from workbench.ui import checked_before
from workbench.ui.checked_before import LIBRARY_SETTING
from workbench.ui.factcheck_dialog import FactCheckDialog
from workbench.ui.main_window import MainWindow

RUTTE_REVIEW = "https://factcheck.example.org/2024/10/22/rutte-north-korean-troops/"
# Shaped like a fact-checker's published markup: an @graph with the page and its ClaimReviews.
GRAPH = {"@context": "https://schema.org", "@graph": [
    {"@type": "WebPage", "@id": RUTTE_REVIEW, "name": "Did NATO confirm North Korean troops in Ukraine?"},
    {"@type": "ClaimReview", "datePublished": "2024-10-22", "url": RUTTE_REVIEW,
     "claimReviewed": "NATO's Mark Rutte said he cannot confirm reports of North Korean troops in Ukraine, but that "
                      "they are concerning",
     "itemReviewed": {"@type": "Claim", "datePublished": "2024-10-17",
                      "author": {"@type": "Person", "name": "Mark Rutte", "jobTitle": "NATO Secretary General"}},
     "author": {"@type": "Organization", "name": "Example Fact Check", "url": "https://factcheck.example.org"},
     "reviewRating": {"@type": "Rating", "ratingValue": 5, "bestRating": 5, "worstRating": 1,
                      "alternateName": "Accurate quote"}},
    {"@type": "ClaimReview", "datePublished": "2024-03-02", "url": "https://factcheck.example.org/2024/03/02/debt/",
     "claimReviewed": "The mayor has cut the council's debt in half since 2020",
     "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Jane Doe"}},
     "author": {"@type": "Organization", "name": "Example Fact Check"},
     "reviewRating": {"@type": "Rating", "ratingValue": 2, "bestRating": 5, "alternateName": "Mostly false"}},
    {"@type": "ClaimReview", "url": "https://factcheck.example.org/draft/",
     "author": {"@type": "Organization", "name": "Example Fact Check"}},  # no claim: skipped with a reason
]}


@pytest.fixture
def reviews(tmp_path: Path) -> Path:
    path = tmp_path / "factcheck-org.json"
    path.write_text(json.dumps(GRAPH), encoding="utf-8")
    return path


@pytest.fixture
def opened(monkeypatch) -> list[str]:
    """Addresses handed to the browser: none unless the journalist clicks."""
    urls: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(url.toString()) or True)
    return urls


def _dialog(window: MainWindow, qtbot) -> FactCheckDialog:
    dialog = FactCheckDialog(window.factchecks, window)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _import(dialog: FactCheckDialog, qtbot, paths: list[Path]) -> None:
    dialog.import_paths([str(p) for p in paths])
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=20_000)


def _settle(window: MainWindow, qtbot) -> None:
    """Let debounce timers fire and the library thread answer."""
    qtbot.wait(checked_before.DEBOUNCE_MS + 100)
    window.factchecks.wait()
    QApplication.processEvents()


def test_tools_menu_opens_the_library(window: MainWindow) -> None:
    assert window.factcheck_action in window.menus["tools"].actions()
    assert window.factcheck_action.shortcut().toString() == "Ctrl+Shift+L"


def test_import_in_the_dialog_counts_searches_and_is_in_the_file(window: MainWindow, qtbot, reviews: Path,
                                                                 opened: list[str]) -> None:
    dialog = _dialog(window, qtbot)
    _settle(window, qtbot)
    # One sentence that points at the dialog's own import (it once repeated the menu's hint inside itself).
    assert dialog.stats.text() == ("No fact-check library yet: import published fact-checks (Import files… or drop "
                                   "them here) to fill it.")
    _import(dialog, qtbot, [reviews])
    assert dialog.last_report.imported == 2
    report = dialog.report_view.toPlainText()
    assert "2 imported, 0 updated, 1 skipped" in report and "factcheck-org.json, ClaimReview 3" in report
    _settle(window, qtbot)
    assert "2 fact-checks" in dialog.stats.text() and "Example Fact Check (2)" in dialog.stats.text()
    with FactCheckLibrary.open(default_library_path(), read_only=True) as library:
        assert library.count() == 2 and library.get(RUTTE_REVIEW).rating == "Accurate quote"

    qtbot.keyClicks(dialog.search_field, "council debt has halved under the current mayor")
    qtbot.waitUntil(lambda: dialog.tree.topLevelItemCount() > 0, timeout=5_000)
    first = dialog.tree.topLevelItem(0)
    assert [first.text(c) for c in range(6)] == ["The mayor has cut the council's debt in half since 2020",
                                                 "Jane Doe", "Mostly false", "Example Fact Check", "2024-03-02", "yes"]
    assert opened == []  # nothing was opened by importing or searching
    dialog.tree.setCurrentItem(first)
    dialog.tree.itemActivated.emit(first, 0)  # a double-click
    assert opened == ["https://factcheck.example.org/2024/03/02/debt/"]


def test_dropped_files_are_imported_and_a_bad_one_is_named(window: MainWindow, qtbot, reviews: Path,
                                                           tmp_path: Path) -> None:
    bad = tmp_path / "notes.json"
    bad.write_text("these are my notes, not fact-checks", encoding="utf-8")
    dialog = _dialog(window, qtbot)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(reviews)), QUrl.fromLocalFile(str(bad))])
    drop = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                      Qt.KeyboardModifier.NoModifier)
    dialog.drops.eventFilter(dialog, drop)  # as Qt hands it over during a real drag (sendEvent needs one)
    qtbot.waitUntil(lambda: dialog.worker is None and dialog.last_report is not None, timeout=20_000)
    report = dialog.report_view.toPlainText()
    assert "✗ notes.json" in report and "2 imported" in report
    with FactCheckLibrary.open(default_library_path(), read_only=True) as library:
        assert library.count() == 2


def test_cancelling_an_import_leaves_the_library_as_it_was(window: MainWindow, qtbot, reviews: Path,
                                                           tmp_path: Path) -> None:
    dialog = _dialog(window, qtbot)
    _import(dialog, qtbot, [reviews])
    # Many records (one review repeated under other addresses), so the import is still running at Cancel.
    review = GRAPH["@graph"][2]
    big = tmp_path / "archive.json"
    big.write_text(json.dumps([{**review, "url": f"https://factcheck.example.org/a/{i}"} for i in range(40_000)]),
                   encoding="utf-8")
    dialog.import_paths([str(big)])
    dialog.progress.findChild(QPushButton).click()  # the progress dialog's Cancel button
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=30_000)
    assert dialog.last_report.cancelled
    assert "Import cancelled" in dialog.report_view.toPlainText()
    with FactCheckLibrary.open(default_library_path(), read_only=True) as library:
        assert library.count() == 2


def test_the_inspector_shows_the_sample_claim_checked_before(window: MainWindow, qtbot, sample_path: Path,
                                                             reviews: Path, opened: list[str], monkeypatch) -> None:
    threads: list[threading.Thread] = []
    real_match = FactCheckLibrary.match

    def recording_match(self, *args, **kwargs):
        threads.append(threading.current_thread())
        return real_match(self, *args, **kwargs)

    monkeypatch.setattr(FactCheckLibrary, "match", recording_match)
    window.open_project(sample_path)
    rutte = next(c for c in list_claims(window.project) if c.speaker == "Mark Rutte")
    window.select_claim(rutte.id)
    section = window.inspector.checked_before
    _settle(window, qtbot)
    assert section.isVisible() and "No fact-check library yet" in section.status.text()

    dialog = _dialog(window, qtbot)
    _import(dialog, qtbot, [reviews])
    dialog.close()
    # The import tells every view: the selected claim is matched again without being selected again.
    qtbot.waitUntil(lambda: bool(section.matches), timeout=10_000)
    best = section.matches[0]
    assert best.same_claim and best.factcheck.url == RUTTE_REVIEW
    text = section.results.text()
    assert "Same claim" in text and "Accurate quote" in text and "Example Fact Check, 2024-10-22" in text
    assert "1 earlier check of this claim:" in section.status.text()
    assert threads and all(t is not threading.main_thread() for t in threads)  # never on the UI thread
    assert opened == []
    section.results.linkActivated.emit(RUTTE_REVIEW)  # the journalist clicks "Open"
    assert opened == [RUTTE_REVIEW]

    # Reopened, the project finds it again from the library file.
    window.session.close()
    window.open_project(sample_path)
    window.select_claim(rutte.id)
    qtbot.waitUntil(lambda: bool(section.matches), timeout=10_000)
    assert section.matches[0].factcheck.url == RUTTE_REVIEW

    # A claim the library has never seen: said plainly, not a wrong match.
    hoax = next(c for c in list_claims(window.project) if c.exact == "hoax")
    window.select_claim(hoax.id)
    _settle(window, qtbot)
    assert not any(m.same_claim for m in section.matches)


def test_claims_saying_the_same_are_found_within_the_project(window: MainWindow, qtbot, tmp_path: Path) -> None:
    from workbench.store import Project

    path = tmp_path / "council.fcproj"
    Project.create(path, title="Council").close()
    window.open_project(path)
    ids = []
    for text, quote in (
        ("The mayor has cut the council's debt in half since 2020, Jane Doe told the assembly.",
         "The mayor has cut the council's debt in half since 2020"),
        ("Council debt has halved under the current mayor, her office said on Monday.",
         "Council debt has halved under the current mayor"),
        ("The mayor has cut the council's debt by a quarter since 2020, a rival claimed.",
         "The mayor has cut the council's debt by a quarter since 2020"),
    ):
        article = window.runner.run(ops.add_article, article=ImportedArticle(text=text, title=quote[:30]))
        claim = window.runner.run(ops.add_claim, article_id=article.created("articles")[0], quote=quote)
        ids.append(claim.created("claims")[0])
    window.select_claim(ids[0])
    section = window.inspector.checked_before
    qtbot.waitUntil(lambda: bool(section.duplicates), timeout=10_000)
    assert [cid for cid, _ in section.duplicates] == [ids[1]]  # another figure is another claim
    assert "1 other claim says the same in this project" in section.same_label.text()
    section.same_label.linkActivated.emit(f"claim:{ids[1]}")  # the journalist clicks it
    assert window.current_claim_id() == ids[1]


def test_a_big_project_finds_its_near_duplicates_only_when_the_panel_is_opened(
        window: MainWindow, qtbot, sample_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Comparing every claim with its likeliest twins takes a core for a minute on 50,000 claims: above the
    # automatic size it waits for the journalist to open the Checked before panel (here: 3 claims, limit 2).
    monkeypatch.setattr(checked_before, "AUTOMATIC_CLAIMS", 2)
    asked: list[int] = []
    monkeypatch.setattr(checked_before.FactCheckService, "submit",
                        lambda self, work, done, **_k: asked.append(len(asked)))
    window.open_project(sample_path)
    qtbot.wait(600)
    assert asked == []  # nothing computed while the inspector's tab is in front
    window.docks["checked-before"].raise_()
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=5_000)  # the panel's lookups, then the near-duplicates


def test_project_panel_lists_claims_checked_before(window: MainWindow, qtbot, sample_path: Path,
                                                   reviews: Path, opened: list[str]) -> None:
    window.open_project(sample_path)
    dialog = _dialog(window, qtbot)
    _import(dialog, qtbot, [reviews])
    dialog.close()
    panel = window.checked_before_panel
    window.docks["checked-before"].raise_()
    panel.refresh_now()
    qtbot.waitUntil(lambda: "were checked before" in panel.status.text(), timeout=10_000)
    assert panel.status.text() == "1 of 3 claims were checked before."
    items = [panel.tree.topLevelItem(i) for i in range(panel.tree.topLevelItemCount())]
    rows = {item.text(1): item for item in items}
    assert rows["Mark Rutte"].text(3) == "yes" and "Accurate quote — Example Fact Check" in rows["Mark Rutte"].text(2)
    panel.only_checked.setChecked(True)
    assert panel.tree.topLevelItemCount() == 1
    item = panel.tree.topLevelItem(0)
    panel.tree.setCurrentItem(item)
    panel.tree.itemActivated.emit(item, 0)
    assert window.current_claim_id() == next(c.id for c in list_claims(window.project) if c.speaker == "Mark Rutte")
    assert opened == []
    panel.open_button.click()
    assert opened == [RUTTE_REVIEW]


def test_another_library_is_remembered_and_a_wrong_file_refused(window: MainWindow, qtbot, settings, reviews: Path,
                                                               sample_path: Path, tmp_path: Path,
                                                               monkeypatch) -> None:
    errors: list[str] = []
    monkeypatch.setattr("workbench.ui.factcheck_dialog.show_error", lambda _p, _t, message: errors.append(message))
    dialog = _dialog(window, qtbot)
    before = sample_path.read_bytes()
    dialog.use_library(sample_path)  # a project file is not a library
    assert errors and "not a fact-check library" in errors[0]
    assert sample_path.read_bytes() == before and not settings.value(LIBRARY_SETTING)

    shared = tmp_path / "newsroom" / "shared.fclib"
    dialog.use_library(shared)
    _import(dialog, qtbot, [reviews])
    assert "Shared library" in dialog.location.text() and str(shared) in dialog.location.text()
    with FactCheckLibrary.open(shared, read_only=True) as library:
        assert library.count() == 2
    assert not default_library_path().exists()  # the journalist's own library was not touched
    # A new window (the app started again) reads the same setting.
    again = MainWindow(settings)
    qtbot.addWidget(again)
    assert again.factchecks.path() == shared
    again.close()
