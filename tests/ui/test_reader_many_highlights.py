"""An article with many highlights: those on screen are drawn before the first frame, the rest right after,
and clicking or hovering works at once (the reader's hit test never waits for the drawing)."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from workbench.core.model import Claim
from workbench.ui.reader import EAGER_HIGHLIGHTS, ArticleReader

SENTENCE = 'The council said "the new bridge opens in May" after a long debate about its cost. '


def _article(n: int) -> tuple[str, list[Claim]]:
    text = SENTENCE * n
    quote = "the new bridge opens in May"
    claims = []
    for i in range(n):
        start = i * len(SENTENCE) + SENTENCE.index(quote)
        claims.append(Claim(f"c{i}", "a1", start, start + len(quote), quote, speaker="Council"))
    return text, claims


def _highlighted(reader: ArticleReader, offset: int) -> bool:
    cursor = QTextCursor(reader.document())
    cursor.setPosition(offset + 1)
    return cursor.charFormat().background().style().value != 0


def test_on_screen_first_then_the_rest(qtbot) -> None:
    n = EAGER_HIGHLIGHTS * 5
    text, claims = _article(n)
    reader = ArticleReader()
    qtbot.addWidget(reader)
    reader.resize(900, 700)
    reader.show_article("a1", text, claims)
    assert _highlighted(reader, claims[0].start)  # on screen: drawn before the first frame
    assert not _highlighted(reader, claims[-1].start)  # far below: not yet
    assert [c.id for c in reader.claims_at(claims[-1].start + 2)] == [f"c{n - 1}"]  # hit test works at once
    QApplication.processEvents()
    assert _highlighted(reader, claims[-1].start)
    # A redraw before the rest was drawn drops that older rest; the newer one completes.
    reader.set_claims(claims[: n // 2])
    reader.set_claims(claims)
    QApplication.processEvents()
    assert all(_highlighted(reader, c.start) for c in claims[:: n // 10])


def test_few_highlights_are_all_drawn_at_once(qtbot) -> None:
    text, claims = _article(50)
    reader = ArticleReader()
    qtbot.addWidget(reader)
    reader.show_article("a1", text, claims)
    assert all(_highlighted(reader, c.start) for c in claims)


def test_in_a_shown_window_the_first_frame_comes_before_the_rest_is_drawn(qtbot) -> None:
    """The rest waits for the paint: a zero timer alone ran before Qt's posted paint, so opening a big
    article showed nothing until every highlight was drawn (seen in the window's open of a 5,000-highlight
    article: the first frame ~60 ms later)."""
    from PySide6.QtCore import QEvent, QObject

    n = EAGER_HIGHLIGHTS * 5
    text, claims = _article(n)
    reader = ArticleReader()
    qtbot.addWidget(reader)
    reader.resize(900, 700)
    reader.show()
    qtbot.waitExposed(reader)
    far_drawn_at_paint: list[bool] = []

    class Watch(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                far_drawn_at_paint.append(_highlighted(reader, claims[-1].start))
            return False

    watch = Watch()
    reader.viewport().installEventFilter(watch)
    reader.show_article("a1", text, claims)
    qtbot.waitUntil(lambda: _highlighted(reader, claims[-1].start), timeout=5000)
    reader.viewport().removeEventFilter(watch)
    assert far_drawn_at_paint and far_drawn_at_paint[0] is False  # the first frame did not wait for them
    assert _highlighted(reader, claims[0].start)


def test_a_big_article_opens_with_its_first_screen_of_claims_then_all_of_them(
        qtbot, window, tmp_path) -> None:
    """Opening an article with hundreds of claims reads those of its first screen before the first frame and
    the rest right after it; every claim is then there to step to, and an edit to the last one is saved."""
    from pathlib import Path

    from tests.support.projects import add_article, saved_claims
    from workbench.detect.model import Suggestion
    from workbench.ops.suggestions import accept_suggestions
    from workbench.store import Project

    sample = Path(__file__).resolve().parents[2] / "resources" / "sample" / "menafn-2024-10-20-nato-rutte.txt"
    story = sample.read_text(encoding="utf-8")
    text = "\n\n".join([story] * 40)  # a real story, forty times: ~88,000 characters
    path = tmp_path / "big.fcproj"
    with Project.create(path, title="Big") as project:
        article_id = add_article(project, text, title="Rutte")
        spans, at = [], text.find(" the ")
        while at != -1:  # every "the": about 760 claims
            spans.append(Suggestion("the", at + 1, at + 4, "Mark Rutte", "said", 0.9))
            at = text.find(" the ", at + 1)
        accept_suggestions(project, article_id=article_id, suggestions=spans)
    assert len(spans) > EAGER_HIGHLIGHTS
    first_screen: list[int] = []
    window.reader.article_changed.connect(lambda _aid: first_screen.append(len(window.reader._claims)))
    window.open_project(path)
    assert first_screen and 0 < first_screen[0] < len(spans)  # shown with its first screen's claims
    qtbot.waitUntil(lambda: len(window.reader._claims) == len(spans), timeout=5000)
    window.inspector.show_claim(None)
    window.step_claim(-1)  # from nothing, backwards: the article's last claim
    assert window.inspector.claim is not None and window.inspector.claim.start == spans[-1].start
    window.set_status("Published")
    window.close()
    published = [c for c in saved_claims(path) if c.status == "Published"]
    assert [c.start for c in published] == [spans[-1].start]
