"""The claim inspector's verification section, driven through real widgets (offscreen): linking a
transcript shows the verdict without further clicks, the diff marks words without relying on colour,
*Show in source* highlights the passage, *Also quoted in* opens the other article at the quote, and text
read from a file for the first time is in the project file after reopening it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from tests.support.texts import ALTERED_SRT, KREMLIN_STATEMENT, NATO_VTT, TRACE_ARTICLE_EARLY
from workbench import ops
from workbench.importers import import_bytes
from workbench.ops.sample import create_sample_project
from workbench.store import Project
from workbench.store.queries import list_claims
from workbench.ui.inspector import ClaimInspector
from workbench.ui.operations import OperationRunner
from workbench.ui.verification import VerificationWidget


class FakeHost:
    """The window as the inspector sees it (``ui.host.Host``), recording where it was asked to go."""

    def __init__(self) -> None:
        self.opened: list[tuple[str | None, int | None, int | None]] = []

    def open_article(self, article_id: str | None, start: int | None = None, end: int | None = None) -> None:
        self.opened.append((article_id, start, end))

    def select_claim(self, claim_id: str | None) -> None: ...

    def select_source(self, source_id: str) -> None: ...

    def current_article_id(self) -> str | None:
        return None

    def current_claim_id(self) -> str | None:
        return None


@pytest.fixture
def setup(qtbot: Any, tmp_path: Path) -> Any:
    path = tmp_path / "story.fcproj"
    create_sample_project(path, author="Ana").close()
    project = Project.open(path, author="Ana")
    holder = QWidget()
    qtbot.addWidget(holder)
    runner = OperationRunner(holder)
    runner.set_project(project)
    host = FakeHost()
    inspector = ClaimInspector(runner, host)
    qtbot.addWidget(inspector)
    inspector.resize(420, 900)
    inspector.show()
    claims = list_claims(project)
    yield path, runner, host, inspector, claims
    inspector.verification.wait()
    runner.set_project(None)
    project.close()


def _link_file(runner: OperationRunner, tmp_path: Path, name: str, text: str, claim_id: str, kind: str) -> str:
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    changes = runner.run(ops.add_source, title=f"Source {name}", kind=kind, files=[f], claim_id=claim_id,
                         relation="supports")
    assert changes is not None
    return changes.created("sources")[0]


def _results(qtbot: Any, widget: VerificationWidget, count: int) -> list[Any]:
    qtbot.waitUntil(lambda: widget.outcome is not None and len(widget.results) == count, timeout=10_000)
    return widget.results


def test_linking_a_transcript_shows_the_verdict_by_itself(qtbot: Any, setup: Any, tmp_path: Path) -> None:
    _path, runner, _host, inspector, claims = setup
    rutte = claims[0]
    inspector.show_claim(rutte.id)
    widget = inspector.verification
    views = _results(qtbot, widget, 1)  # the sample's web source: no file, so nothing to compare with
    # Nothing was compared: "Not found" would read as "the source does not say this".
    assert views[0].badge.accessibleName() == "Cannot check" and "Not found" not in views[0].badge.text()
    assert "no text to compare with" in views[0].notes.text()
    assert widget.status.text().startswith("Best: Cannot check against ")

    _link_file(runner, tmp_path, "nato.vtt", NATO_VTT, rutte.id, "transcript")
    views = _results(qtbot, widget, 2)
    nato = next(v for v in views if v.result.title == "Source nato.vtt")
    assert "Verbatim" in nato.badge.text() and "\u2714" in nato.badge.text()  # a word and a sign, not a colour
    assert "00:12:31" in nato.where.text()
    assert not nato.diff.isVisible() and not nato.notes.isVisible()
    assert widget.status.text().startswith("Best: Verbatim in Source nato.vtt at 00:12:31")

    # Show in source: the transcript's text with exactly the quoted words highlighted, scrolled to them.
    nato.show_button.click()
    dialog = nato.dialog
    assert dialog is not None and "00:12:31" in dialog.windowTitle()
    (sel,) = dialog.view.extraSelections()
    assert sel.cursor.selectedText() == "I cannot confirm these reports, but obviously they are concerning"
    assert dialog.view.textCursor().position() == sel.cursor.selectionStart()
    dialog.close()


def test_altered_quote_shows_the_diff_with_marks_and_the_speaker_warning(qtbot: Any, setup: Any,
                                                                          tmp_path: Path) -> None:
    _path, runner, _host, inspector, claims = setup
    rutte = claims[0]
    _link_file(runner, tmp_path, "captions.srt", ALTERED_SRT, rutte.id, "transcript")
    inspector.show_claim(rutte.id)
    views = _results(qtbot, inspector.verification, 2)
    altered = next(v for v in views if v.result.title == "Source captions.srt")
    assert altered.badge.accessibleName() == "Altered"
    diff = altered.diff.text()
    assert "<s " in diff and ">worrying </s>" in diff  # the source's word struck through
    assert "<u " in diff and "<b>concerning.</b></u>" in diff  # the quote's word underlined and bold
    assert "said by MODERATOR, not Mark Rutte" in altered.notes.text()


def test_also_quoted_in_opens_the_other_article_at_the_quote(qtbot: Any, setup: Any) -> None:
    _path, runner, host, inspector, claims = setup
    article = import_bytes(TRACE_ARTICLE_EARLY.encode(), "early.txt")
    article.published, article.outlet = "2024-10-16", "Agency"
    other = runner.run(ops.add_article, article=article).created("articles")[0]
    inspector.show_claim(claims[0].id)
    widget = inspector.verification
    qtbot.waitUntil(lambda: widget.trace.topLevelItemCount() == 1, timeout=10_000)
    item = widget.trace.topLevelItem(0)
    assert [item.text(c) for c in range(4)] == ["2024-10-16", "Verbatim", article.title, "Agency"]
    widget.trace.itemActivated.emit(item, 0)
    (opened,) = host.opened
    assert opened[0] == other
    text = runner.project.conn.execute("SELECT text FROM articles WHERE id = ?", (other,)).fetchone()[0]
    assert " ".join(text[opened[1]:opened[2]].split()) == (
        "I cannot confirm these reports, but obviously they are concerning")


def test_text_read_in_the_window_is_kept_in_the_project(qtbot: Any, setup: Any, tmp_path: Path) -> None:
    path, runner, _host, inspector, claims = setup
    kremlin = claims[2]
    # A statement attached as a document: its text is read on first use, in the worker, and kept.
    _link_file(runner, tmp_path, "kremlin.txt", KREMLIN_STATEMENT, kremlin.id, "official statement")
    inspector.show_claim(kremlin.id)
    (view,) = _results(qtbot, inspector.verification, 1)
    assert view.badge.accessibleName() == "Verbatim" and "para." in view.where.text()
    inspector.verification.wait()
    runner.set_project(None)
    with Project.open(path, read_only=True) as reopened:
        rows = reopened.conn.execute("SELECT reader, problem FROM source_texts").fetchall()
    assert rows == [("document", "")]


def test_a_source_that_does_not_hold_the_quote_says_not_found(qtbot: Any, setup: Any, tmp_path: Path) -> None:
    _path, runner, _host, inspector, claims = setup
    rutte = claims[0]
    _link_file(runner, tmp_path, "other.txt", "The committee discussed fishing quotas and harbour fees at length.",
               rutte.id, "document")
    inspector.show_claim(rutte.id)
    views = _results(qtbot, inspector.verification, 2)
    other = next(v for v in views if v.result.title == "Source other.txt")
    assert other.badge.accessibleName() == "Not found" and "?" in other.badge.text()
    assert "Nothing in this source is close to the quote." in other.notes.text()
