"""The article reader: read-only text with every claim shown as a coloured highlight.

Highlights are character formats applied in one edit block (measured here: 5,000 highlights add ~20 ms,
while the same as ExtraSelections cost ~280 ms and are re-laid-out on every scroll). Overlapping claims
are split into segments; a segment covered by several claims gets a darker shade and an underline so the
overlap is visible. Positions handed to and from Qt go through OffsetMap (Qt counts UTF-16 units).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from html import escape
from itertools import pairwise

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPaintEvent,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import QLabel, QMenu, QPlainTextEdit, QToolTip, QWidget

from workbench.core.model import Article, Claim, title_line
from workbench.core.urls import link_target
from workbench.ui.common import OffsetMap, claim_color

# Text faces for reading, first found wins (Qt falls back to the UI font): Georgia and Charter on
# macOS/Windows, the Noto/DejaVu/Liberation serifs most Linux desktops ship.
READING_FAMILIES = ["Georgia", "Charter", "Noto Serif", "DejaVu Serif", "Liberation Serif", "serif"]
MEASURE_CHARS = 80  # the longest line, in average characters: long lines are hard to follow back
TEXT_SIZES = (0.8, 0.9, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0)  # Ctrl+- / Ctrl+= steps, times the base size


class ArticleHeader(QLabel):
    """Above the text: the article's title, then outlet · date · author and a link to where it was
    published (opened in the browser only when clicked)."""

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setOpenExternalLinks(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.setContentsMargins(18, 10, 18, 6)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setMaximumWidth(16_777_215)
        self.setVisible(False)

    def show_article(self, article: Article | None, text: str = "") -> None:
        """Show an article's header (None: hide it). When ``text`` opens with the title as its own line (a
        headline imported with the text), the reader shows that line as the headline and the header gives
        only outlet · date · author, so the headline is not shown twice."""
        self.setVisible(article is not None)
        if article is None:
            self.clear()
            return
        details = " · ".join(escape(part) for part in (article.outlet, article.published, article.author) if part)
        target = link_target(article.url)
        link = f' · <a href="{escape(target, quote=True)}">source</a>' if target else ""
        title = "" if title_line(text, article.title) else (
            f"<div style='font-size:large; font-weight:600'>{escape(article.title or 'Untitled')}</div>")
        self.setText(f"{title}<div>{details}{link}</div>")
        self.setToolTip(article.url or article.source_file)


def _segments_of(claims: list[Claim]) -> tuple[list[int], list[list[Claim]]]:
    """Segment boundaries (sorted Python offsets) and the claims covering each segment."""
    points = sorted({p for c in claims for p in (c.start, c.end)})
    cover: list[list[Claim]] = [[] for _ in range(max(0, len(points) - 1))]
    for c in sorted(claims, key=lambda c: (c.start, -c.end)):
        i = bisect_right(points, c.start) - 1
        while i < len(cover) and points[i] < c.end:
            cover[i].append(c)
            i += 1
    return points, cover


# Up to this many highlights are drawn at once; above it, those on screen first and the rest after the paint.
EAGER_HIGHLIGHTS = 400
ON_SCREEN_CHARS = 20_000  # more than a maximised window shows at the smallest text size
AFTER_PAINT_FALLBACK_MS = 200


class ArticleReader(QPlainTextEdit):
    """Shows one article. Emits ``claim_clicked`` when a highlight is clicked and offers "Mark claim"."""

    claim_clicked = Signal(str)
    article_changed = Signal(object)  # the id of the article now shown, or None
    extent_adjusted = Signal(str, int, int)  # claim id, new start, new end (Python offsets)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        # Read-only, yet selectable by mouse and keyboard (shift+arrows) so claims can be marked without a mouse.
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setMouseTracking(True)
        font = QFont(self.font())
        # Set for reading: a text face where the system has one, larger than the UI font (relative, so
        # HiDPI scales it), and lines no longer than a comfortable measure (see resizeEvent).
        font.setFamilies([*READING_FAMILIES, *font.families()])
        self._base_points = font.pointSizeF() * 1.25
        font.setPointSizeF(self._base_points)
        self.setFont(font)
        self.document().setDocumentMargin(font.pointSizeF() * 1.5)
        self.setPlaceholderText("No article open. Import a file (Ctrl+I), paste one (Ctrl+Shift+V) or drop files here.")
        self.article_id: str | None = None
        self._text = ""
        self._map = OffsetMap("")
        self._formatted = False  # whether highlights may have been applied to the current document
        self._headline = 0  # characters of headline at the start of the text, shown in bold
        self._claims: list[Claim] = []
        # Sorted segment boundaries (Python offsets) and the claims covering each segment, for hit tests.
        self._bounds: list[int] = []
        self._cover: list[list[Claim]] = []
        self._segments_ready = True
        self._generation = 0  # bumped by every redraw; a deferred rest of an older one is dropped
        # Work waiting for the next paint of the text as it is now (see _after_paint), by its token.
        self._after_paint_work: dict[object, Callable[[], None]] = {}
        # All the claims, when only the first screen's are shown yet (show_article's ``more``): read after the
        # first paint, or at once when something needs every claim (see _complete).
        self._more: Callable[[], list[Claim]] | None = None
        self.selected_claim_id: str | None = None
        # Proposed quotes (Python offsets), drawn with a dashed underline until accepted or dismissed.
        self._suggestions: list[tuple[int, int]] = []
        self.mark_action = None  # set by the window so the context menu shares the window's action
        # Commands on the claim under the mouse (delete, adjust, copy), shared with the Claim menu.
        self.claim_menu_actions: list[QAction] = []
        self._adjusting: str | None = None  # the claim whose extent the selection is adjusting

    # -- reading comfort -----------------------------------------------------------------------------

    def text_size_step(self) -> int:
        """The current step of ``TEXT_SIZES`` (2 is the normal size)."""
        ratio = self.font().pointSizeF() / self._base_points
        return min(range(len(TEXT_SIZES)), key=lambda i: abs(TEXT_SIZES[i] - ratio))

    def set_text_size_step(self, step: int) -> int:
        """Make the text larger or smaller (Ctrl+= / Ctrl+-); returns the step taken (clamped)."""
        step = max(0, min(len(TEXT_SIZES) - 1, step))
        font = QFont(self.font())
        font.setPointSizeF(self._base_points * TEXT_SIZES[step])
        self.setFont(font)
        self._fit_measure()
        return step

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_measure()

    def _fit_measure(self) -> None:
        # Centre a column of at most MEASURE_CHARS characters; a narrow window uses its whole width.
        width = self.width() - self.verticalScrollBar().sizeHint().width()
        measure = self.fontMetrics().averageCharWidth() * MEASURE_CHARS + 2 * self.document().documentMargin()
        side = int(max(0, (width - measure) / 2))
        if self.viewportMargins().left() != side:
            self.setViewportMargins(side, 0, side, 0)

    # -- content -------------------------------------------------------------------------------------

    def show_article(self, article_id: str | None, text: str, claims: list[Claim], *, headline: int = 0,
                     more: Callable[[], list[Claim]] | None = None) -> None:
        """Replace the shown article; keeps the scroll position when it is the same article. ``headline``: how
        many characters at the start are the article's headline (``core.model.title_line``), shown in bold.
        ``more``: ``claims`` are those of the first screen only, and ``more()`` gives them all, read right after
        the first paint (a big article's thousands of claims need not be read before it is seen)."""
        self._headline = headline
        same = article_id == self.article_id and text == self._text
        scroll = self.verticalScrollBar().value()
        if not same:
            self._suggestions = []
            self.article_id = article_id
            self._text = text
            self._map = OffsetMap(text)
            self.setPlainText(text)
            self._formatted = False  # a fresh document: no old highlights to clear
        self.set_claims(claims)
        if more is not None:
            self._more = more
            self._after_paint(self._complete)
        if not same:
            self.article_changed.emit(article_id)
        if same:
            self.verticalScrollBar().setValue(scroll)

    def set_claims(self, claims: list[Claim]) -> None:
        """Redraw every highlight. With many of them, the ones on screen are drawn before the first paint
        and the rest right after it (5,000 highlights in a 1,000,000-character article: the window shows the
        text at once instead of after every one of ~7,000 formatting calls)."""
        self._more = None  # these are all of them
        self._claims = [c for c in claims if c.anchored]
        self._generation += 1
        doc = self.document()
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        if self._formatted:
            cursor.select(QTextCursor.SelectionType.Document)
            cursor.setCharFormat(QTextCharFormat())
        self._formatted = True
        if len(self._claims) <= EAGER_HIGHLIGHTS:
            self._build_segments()
            self._draw(cursor, self._bounds, self._cover)
        else:
            self._segments_ready = False
            lo = self._map.to_py(self.firstVisibleBlock().position())
            hi = lo + ON_SCREEN_CHARS
            near = [c for c in self._claims if c.end > lo and c.start < hi]
            self._draw(cursor, *_segments_of(near))
            self._after_paint(self._draw_rest)
        self._draw_suggestions(cursor)
        self._draw_headline(cursor)
        cursor.endEditBlock()

    def set_headline(self, headline: int) -> None:
        """Show the first ``headline`` characters as the headline (0: none), e.g. after the title was edited."""
        if headline != self._headline:
            self._headline = headline
            self._redraw()

    def _draw_headline(self, cursor: QTextCursor) -> None:
        # Merged over the highlights, so a claim in the headline keeps its colour and the headline its weight.
        if self._headline:
            bold = QTextCharFormat()
            bold.setFontWeight(QFont.Weight.Bold)
            cursor.setPosition(0)
            cursor.setPosition(self._map.to_qt(self._headline), QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(bold)

    def _redraw(self) -> None:
        """Draw the same claims anew (the selection, suggestions or headline changed); claims not read yet
        (show_article's ``more``) are still read after the next paint, not dropped with the older redraw."""
        more = self._more
        self.set_claims(self._claims)
        if more is not None:
            self._more = more
            self._after_paint(self._complete)

    def _complete(self) -> None:
        """Read and draw the claims not read yet, if any (show_article's ``more``)."""
        more, self._more = self._more, None
        if more is not None:
            self.set_claims(more())

    def _after_paint(self, work: Callable[[], None]) -> None:
        """Run ``work`` right after the next paint, unless the highlights are redrawn before then (that redraw
        brings its own). A zero timer set now would run before the paint, which Qt posts for later, and the
        journalist would wait for the work to see anything. Hidden, or never painted (minimised), a timer runs
        it anyway."""
        token, generation = object(), self._generation

        def run() -> None:
            if self._after_paint_work.pop(token, None) is not None and generation == self._generation:
                work()

        self._after_paint_work[token] = run
        # (Given the reader as context: a timer of a deleted reader is dropped with it.)
        QTimer.singleShot(0 if not self.isVisible() else AFTER_PAINT_FALLBACK_MS, self, run)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        for run in list(self._after_paint_work.values()):
            QTimer.singleShot(0, self, run)  # after this frame is flushed

    def _draw_rest(self) -> None:
        self._ensure_segments()
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        self._draw(cursor, self._bounds, self._cover)
        self._draw_suggestions(cursor)
        self._draw_headline(cursor)
        cursor.endEditBlock()

    def _ensure_segments(self) -> None:
        if not self._segments_ready:
            self._build_segments()

    def _draw(self, cursor: QTextCursor, bounds: list[int], cover: list[list[Claim]]) -> None:
        # Segments share a handful of looks (colour, overlap depth, selected): one format object each.
        formats: dict[tuple[object, ...], QTextCharFormat] = {}
        selected = self.selected_claim_id
        # Locals and explicit move modes: this loop runs once per highlight (5,000 in a long article).
        to_qt, set_pos, set_fmt = self._map.to_qt, cursor.setPosition, cursor.setCharFormat
        move, keep = QTextCursor.MoveMode.MoveAnchor, QTextCursor.MoveMode.KeepAnchor
        # The pending run: touching segments that look alike get one setCharFormat.
        run_start = run_end = -1
        run_fmt: QTextCharFormat | None = None
        for (start, end), covering in zip(pairwise(bounds), cover, strict=True):
            if not covering:
                continue
            last = covering[-1]
            key = (last.tags[0].color if last.tags else last.status, min(len(covering), 5),
                   selected is not None and any(c.id == selected for c in covering))
            fmt = formats.get(key)
            if fmt is None:
                fmt = formats[key] = self._format(covering)
            if fmt is run_fmt and run_end == start:
                run_end = end
                continue
            if run_fmt is not None:
                set_pos(to_qt(run_start), move)
                set_pos(to_qt(run_end), keep)
                set_fmt(run_fmt)
            run_start, run_end, run_fmt = start, end, fmt
        if run_fmt is not None:
            set_pos(to_qt(run_start), move)
            set_pos(to_qt(run_end), keep)
            set_fmt(run_fmt)

    def _draw_suggestions(self, cursor: QTextCursor) -> None:
        dashed = QTextCharFormat()
        dashed.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
        dashed.setUnderlineColor(QColor("#1e88e5"))
        for start, end in self._suggestions:
            cursor.setPosition(self._map.to_qt(start))
            cursor.setPosition(self._map.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(dashed)

    def set_suggestions(self, spans: list[tuple[int, int]]) -> None:
        """Show proposed quotes as dashed underlines (an empty list removes them)."""
        self._suggestions = list(spans)
        self._redraw()

    def _format(self, covering: list[Claim]) -> QTextCharFormat:
        fmt = QTextCharFormat()
        color = QColor(claim_color(covering[-1]))
        if len(covering) > 1:
            color = color.darker(100 + 15 * min(len(covering) - 1, 4))
            fmt.setFontUnderline(True)
        if any(c.id == self.selected_claim_id for c in covering):
            # A stronger shade and a thick underline, never bold: bold text is wider and reflows the paragraph.
            color = color.darker(135)
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setFontUnderline(True)
            fmt.setUnderlineColor(QColor("#000000"))
        fmt.setBackground(color)
        # Pastel backgrounds need dark text whatever the palette (dark mode) says.
        fmt.setForeground(QColor("#000000"))
        return fmt

    def _build_segments(self) -> None:
        self._bounds, self._cover = _segments_of(self._claims)
        self._segments_ready = True

    # -- positions and selection ---------------------------------------------------------------------

    def claims_at(self, offset: int) -> list[Claim]:
        """Claims covering a Python offset, innermost (shortest) first."""
        self._ensure_segments()
        i = bisect_right(self._bounds, offset) - 1
        if 0 <= i < len(self._cover):
            return sorted(self._cover[i], key=lambda c: c.end - c.start)
        return []

    def selection_span(self) -> tuple[int, int] | None:
        """The selected text as Python offsets into the article, or None."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return self._map.to_py(cursor.selectionStart()), self._map.to_py(cursor.selectionEnd())

    def select_span(self, start: int, end: int) -> None:
        """Select (and scroll to) a span given in Python offsets."""
        cursor = self.textCursor()
        cursor.setPosition(self._map.to_qt(start))
        cursor.setPosition(self._map.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.centerCursor()

    def show_claim(self, claim_id: str | None) -> None:
        """Emphasise one claim and scroll it into view."""
        if claim_id == self.selected_claim_id:
            return
        self.selected_claim_id = claim_id
        if self._more is not None:
            self._complete()  # the claim may be one not read yet
        else:
            self.set_claims(self._claims)
        claim = next((c for c in self._claims if c.id == claim_id), None)
        if claim is not None:
            cursor = self.textCursor()
            cursor.setPosition(self._map.to_qt(claim.start))
            self.setTextCursor(cursor)
            self.centerCursor()

    def start_adjusting(self, claim_id: str) -> None:
        """Select a claim's quote for the journalist to widen or narrow; Enter saves, Esc cancels."""
        self._complete()
        claim = next((c for c in self._claims if c.id == claim_id), None)
        if claim is None:
            return
        self._adjusting = claim_id
        self.select_span(claim.start, claim.end)
        self.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._adjusting is not None and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            claim_id, self._adjusting = self._adjusting, None
            span = self.selection_span()
            if span is not None:
                self.extent_adjusted.emit(claim_id, *span)
            return
        if self._adjusting is not None and event.key() == Qt.Key.Key_Escape:
            claim_id, self._adjusting = self._adjusting, None
            self.claim_clicked.emit(claim_id)
            return
        super().keyPressEvent(event)

    def claim_ids_in_order(self) -> list[str]:
        self._complete()  # every claim of the article, not only the first screen's
        return [c.id for c in sorted(self._claims, key=lambda c: (c.start, c.end))]

    # -- events --------------------------------------------------------------------------------------

    def _offset_at(self, pos: QPoint) -> int:
        return self._map.to_py(self.cursorForPosition(pos).position())

    def _claims_under(self, pos: QPoint) -> list[Claim]:
        # cursorForPosition gives the nearest caret gap; the character under the mouse is the one after it
        # unless the mouse is on the right half, so test both neighbours.
        offset = self._offset_at(pos)
        return self.claims_at(offset) or (self.claims_at(offset - 1) if offset else [])

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        if event.buttons() != Qt.MouseButton.NoButton:
            return
        claims = self._claims_under(event.position().toPoint())
        if claims:
            lines = []
            for c in claims:
                who = c.speaker or "unknown speaker"
                verdict = c.verdict or "no verdict yet"
                tags = f" · {', '.join(t.name for t in c.tags)}" if c.tags else ""
                lines.append(f"<b>{escape(who)}</b> — {escape(verdict)} ({escape(c.status)}){escape(tags)}")
            QToolTip.showText(event.globalPosition().toPoint(), "<br>".join(lines), self.viewport())
        else:
            QToolTip.hideText()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            claims = self._claims_under(event.position().toPoint())
            if claims:
                self.claim_clicked.emit(claims[0].id)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu: QMenu = self.createStandardContextMenu(event.pos())
        if self.mark_action is not None:
            menu.insertAction(menu.actions()[0] if menu.actions() else None, self.mark_action)
            menu.insertSeparator(menu.actions()[1])
        under = self._claims_under(event.pos())
        if under and self.claim_menu_actions:
            # The innermost claim under the mouse becomes the selected one; the commands act on it.
            self.claim_clicked.emit(under[0].id)
            menu.addSeparator()
            menu.addActions(self.claim_menu_actions)
        for c in under[1:3]:
            action = menu.addAction(f"Select claim “{c.exact[:30]}{'…' if len(c.exact) > 30 else ''}”")
            action.triggered.connect(lambda _=False, cid=c.id: self.claim_clicked.emit(cid))
        menu.exec(event.globalPos())

