"""Opening an article with hundreds of claims shows its first screen's claims and reads the rest after the first
paint (``open_article(first_screen_first=True)``): what the journalist does in between must not leave the reader
with only the first screen's claims."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication
from shiboken6 import delete

from tests.support.projects import add_article, saved_claims
from workbench.core.model import Claim
from workbench.detect.model import Suggestion
from workbench.ops.suggestions import accept_suggestions
from workbench.store import Project
from workbench.ui.reader import EAGER_HIGHLIGHTS, ArticleReader

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample" / "menafn-2024-10-20-nato-rutte.txt"


def _big_project(path: Path) -> tuple[str, str, list[Suggestion]]:
    """A project with the sample story once (article 'small') and forty times with a claim on every "the"."""
    story = SAMPLE.read_text(encoding="utf-8")
    text = "\n\n".join([story] * 40)
    with Project.create(path, title="Big") as project:
        small = add_article(project, story, title="Small")
        big = add_article(project, text, title="Rutte")
        spans, at = [], text.find(" the ")
        while at != -1:
            spans.append(Suggestion("the", at + 1, at + 4, "Mark Rutte", "said", 0.9))
            at = text.find(" the ", at + 1)
        accept_suggestions(project, article_id=big, suggestions=spans)
    assert len(spans) > EAGER_HIGHLIGHTS
    return small, big, spans


def _highlighted(reader: ArticleReader, offset: int) -> bool:
    cursor = QTextCursor(reader.document())
    cursor.setPosition(reader._map.to_qt(offset) + 1)
    return cursor.charFormat().background().style().value != 0


def _settle(qtbot) -> None:
    qtbot.wait(400)  # past the first paint and AFTER_PAINT_FALLBACK_MS
    QApplication.processEvents()


def _small_article_open(qtbot, window, tmp_path: Path, *,
                        suggestions_in_front: bool = False) -> tuple[Path, str, list[Suggestion]]:
    """The big project open at its small article, with the Suggestions panel in front if asked (it recomputes
    on every article change); the project's path, the big article's id and its claims' spans."""
    path = tmp_path / "big.fcproj"
    small, big, spans = _big_project(path)
    window.open_project(path)
    window.open_article(small)
    if suggestions_in_front:
        window.docks["suggestions"].raise_()
        window.suggestions_panel.run()
    _settle(qtbot)
    return path, big, spans


def test_suggestions_in_front_do_not_leave_a_big_article_with_its_first_screen_only(qtbot, window, tmp_path) -> None:
    """With the Suggestions panel in front, opening another article recomputes its suggestions at once, which
    redraws the reader's highlights before the first paint: the rest of the claims must still arrive."""
    path, big, spans = _small_article_open(qtbot, window, tmp_path, suggestions_in_front=True)
    window.open_article(big, first_screen_first=True)  # as a click in the article list does
    _settle(qtbot)
    assert len(window.reader._claims) == len(spans)
    assert _highlighted(window.reader, spans[-1].start)
    window.inspector.show_claim(None)
    window.step_claim(-1)  # the article's last claim
    assert window.inspector.claim is not None and window.inspector.claim.start == spans[-1].start
    window.set_status("Published")
    window.close()
    assert [c.start for c in saved_claims(path) if c.status == "Published"] == [spans[-1].start]


def test_stepping_to_a_claim_before_the_first_paint_keeps_every_claim(qtbot, window, tmp_path) -> None:
    """F8 pressed while a big article is being opened (before its first frame) selects its first claim; the
    claims further down still arrive, are highlighted and can be stepped to."""
    _path, big, spans = _small_article_open(qtbot, window, tmp_path)
    window.open_article(big, first_screen_first=True)
    window.step_claim(1)  # before any paint
    assert window.inspector.claim is not None and window.inspector.claim.start == spans[0].start
    _settle(qtbot)
    assert len(window.reader._claims) == len(spans)
    assert _highlighted(window.reader, spans[-1].start)
    window.step_claim(-1)  # back from the first claim: the last one
    assert window.inspector.claim is not None and window.inspector.claim.start == spans[-1].start


def test_a_far_claim_selected_before_the_first_paint_is_shown(qtbot, window, tmp_path) -> None:
    """A claim far down (Find in project, the claims table) selected before the rest of the claims arrived is
    scrolled to and emphasised like any other."""
    path, big, spans = _small_article_open(qtbot, window, tmp_path)
    window.open_article(big, first_screen_first=True)
    far = next(c for c in saved_claims(path) if c.start == spans[-1].start)
    window.select_claim(far.id)
    assert window.reader.selected_claim_id == far.id
    assert window.reader.textCursor().position() == window.reader._map.to_qt(far.start)
    _settle(qtbot)
    assert len(window.reader._claims) == len(spans)
    assert _highlighted(window.reader, spans[-1].start)


def test_a_reader_closed_before_its_rest_arrives_raises_nothing(qtbot) -> None:
    """A reader (or its window) deleted while its deferred claims and highlights wait must not have them run
    on the deleted widget ("Internal C++ object already deleted" from a timer)."""
    story = SAMPLE.read_text(encoding="utf-8")
    text = "\n\n".join([story] * 40)
    claims, at = [], text.find(" the ")
    while at != -1:
        claims.append(Claim(f"c{len(claims)}", "a1", at + 1, at + 4, "the"))
        at = text.find(" the ", at + 1)
    reader = ArticleReader()
    reader.resize(900, 700)
    reader.show()
    qtbot.waitExposed(reader)
    reader.show_article("a1", text, claims[:10], more=lambda: claims)
    delete(reader)
    errors: list[BaseException] = []
    old = sys.excepthook
    sys.excepthook = lambda t, e, tb: errors.append(e)
    try:
        qtbot.wait(400)
    finally:
        sys.excepthook = old
    assert errors == []


def test_a_claim_marked_and_undone_before_the_rest_arrives(qtbot, window, tmp_path) -> None:
    """With the Suggestions panel in front, the big article still opens with its first screen's claims only;
    a claim marked before the rest arrived, then undone, leaves every saved claim highlighted and the file as
    it was."""
    path, big, spans = _small_article_open(qtbot, window, tmp_path, suggestions_in_front=True)
    window.open_article(big, first_screen_first=True)
    assert 0 < len(window.reader._claims) < len(spans)  # still deferred: the first frame does not wait
    window.reader.select_span(10, 20)
    window.mark_claim()
    _settle(qtbot)
    assert len(window.reader._claims) == len(spans) + 1
    assert len(saved_claims(path)) == len(spans) + 1
    window.runner.undo_stack.undo()
    _settle(qtbot)
    assert len(window.reader._claims) == len(spans)
    assert _highlighted(window.reader, spans[-1].start)
    window.close()
    assert sorted(c.start for c in saved_claims(path)) == [s.start for s in spans]
