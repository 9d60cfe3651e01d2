"""The "Find in project" panel (Ctrl+Shift+F): search-as-you-type over articles, claims, notes and sources,
with filters, and results grouped by article; activating a result opens the article at the match.

The query runs off the UI thread, in this panel's own one-thread QThreadPool, on a fresh read-only
connection per query (SQLite connections belong to the thread that made them), so a slow search on a
big project never freezes typing. Every query gets a generation number; a result that arrives after a
newer query was asked for is dropped, a query still waiting when a newer one arrives is skipped, and a
running one is interrupted. The panel keeps no copy of project data beyond the last result list: it
searches again on the runner's ``changed`` and clears on its ``project_opened``.
"""

from __future__ import annotations

import html
import sqlite3
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QObject, QRect, QRunnable, QSize, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QAction, QFont, QFontMetrics, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.core.errors import WorkbenchError
from workbench.store import Changes, Project, dberrors
from workbench.store.search import (
    ELLIPSIS,
    KINDS,
    MATCH_END,
    MATCH_START,
    Hit,
    HitGroup,
    group_hits,
    search,
    search_facets,
)
from workbench.ui.common import Panel, on_screen
from workbench.ui.operations import OperationRunner

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDockWidget

    from workbench.ui.host import Host, Shell

DEBOUNCE_MS = 200
HIT_ROLE = Qt.ItemDataRole.UserRole
HTML_ROLE = Qt.ItemDataRole.UserRole + 1
_KIND_LABELS = {"article": "Articles", "claim": "Claims", "source": "Sources"}
_FACET_TABLES = {"articles", "claims", "tags", "claim_tags", "verdict_scale"}


def snippet_html(snippet: str) -> str:
    """A snippet as rich text: matches bold, everything else escaped (article text is never markup)."""
    return (html.escape(snippet, quote=False)
            .replace(MATCH_START, "<b>").replace(MATCH_END, "</b>"))


# -- the worker ----------------------------------------------------------------------------------------


class _Bridge(QObject):
    """Carries a finished search back to the UI thread (queued, because it is emitted from the worker)."""

    done = Signal(int, object, str)  # generation, list[Hit] or None, error message


class _Latest:
    """What the worker and the panel share: the newest generation and the connection now searching."""

    def __init__(self) -> None:
        self.generation = 0
        self.lock = threading.Lock()
        self.running: tuple[int, sqlite3.Connection] | None = None

    def interrupt_older_than(self, generation: int) -> None:
        with self.lock:
            if self.running and self.running[0] < generation:
                self.running[1].interrupt()


@dataclass(frozen=True, slots=True)
class _Job:
    generation: int
    path: str
    query: str
    filters: dict[str, Any]


class _SearchRunnable(QRunnable):
    def __init__(self, job: _Job, latest: _Latest, bridge: _Bridge) -> None:
        super().__init__()
        self.job, self.latest, self.bridge = job, latest, bridge

    def run(self) -> None:
        job = self.job
        if job.generation != self.latest.generation:
            return  # a newer query is already waiting behind this one
        hits: list[Hit] | None = None
        error = ""
        try:
            project = Project.open(job.path, read_only=True)
        except WorkbenchError as exc:
            self.bridge.done.emit(job.generation, None, str(exc))
            return
        try:
            with self.latest.lock:
                self.latest.running = (job.generation, project.conn)
            hits = search(project, job.query, **job.filters)
        except WorkbenchError as exc:
            error = str(exc)
        except dberrors.OperationalError as exc:
            if str(exc) == "interrupted":
                return  # superseded by a newer query
            error = f"The search failed ({exc})."
        except Exception as exc:  # a bug must surface in the panel, not vanish in a worker thread
            error = f"The search failed ({type(exc).__name__}: {exc})."
        finally:
            with self.latest.lock:
                self.latest.running = None
            project.close()
        self.bridge.done.emit(job.generation, hits, error)


# -- drawing results -----------------------------------------------------------------------------------


class _HtmlDelegate(QStyledItemDelegate):
    """Draws an item's HTML (``HTML_ROLE``) on two lines, wrapped to the column width and clipped.

    Every row is two lines high, so the tree can use uniform row heights: showing 200 results then
    lays out only the rows on screen, instead of measuring every wrapped snippet (which blocked the
    UI thread for ~20 ms per result list). The full snippet is in the tooltip.
    """

    LINES = 2

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self._doc = QTextDocument()  # one document reused for every row painted
        self._doc.setDocumentMargin(1)

    def paint(self, painter: Any, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
        line = QFontMetrics(opt.font).lineSpacing()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        color = opt.palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        top = rect.top() + (rect.height() - line * self.LINES) // 2
        painter.save()
        data = index.data(HIT_ROLE)
        if isinstance(data, HitGroup):
            # An article: its title on the first line (elided, never wrapped), the match count under it.
            bold = QFont(opt.font)
            bold.setBold(True)
            painter.setFont(bold)
            painter.setPen(color)
            title = QFontMetrics(bold).elidedText(data.title or "Untitled article", Qt.TextElideMode.ElideRight,
                                                  rect.width())
            painter.drawText(QRect(rect.left(), top, rect.width(), line), Qt.AlignmentFlag.AlignLeft, title)
            painter.setFont(opt.font)
            if not selected:
                painter.setPen(opt.palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
            n = len(data.hits)
            painter.drawText(QRect(rect.left(), top + line, rect.width(), line), Qt.AlignmentFlag.AlignLeft,
                             f"{n} match{'es' if n != 1 else ''}")
        else:
            doc = self._doc
            doc.setDefaultFont(opt.font)
            markup = index.data(HTML_ROLE) or ""
            if selected:  # the grey label would vanish on the selection colour
                markup = markup.replace(' style="color:#757575"', "", 1)
            doc.setHtml(markup)
            doc.setTextWidth(max(rect.width(), 40))
            context = QAbstractTextDocumentLayout.PaintContext()
            context.palette.setColor(QPalette.ColorRole.Text, color)
            painter.translate(rect.left(), top - doc.documentMargin())
            # Exactly LINES lines show; the rest of a long snippet is in the tooltip.
            painter.setClipRect(QRect(0, 0, rect.width(), line * self.LINES + int(doc.documentMargin())))
            doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        return QSize(100, option.fontMetrics.lineSpacing() * self.LINES + 6)


# -- the panel -----------------------------------------------------------------------------------------


class SearchPanel(Panel):
    """Search field, filters and results over the runner's project; activating a result moves the host
    there. ``find_action`` is its Edit-menu command (Ctrl+Shift+F), once installed."""

    results_shown = Signal(int)  # number of hits, after each completed search (tests and benchmarks)
    find_action: QAction

    def __init__(self, runner: OperationRunner, host: Host) -> None:
        super().__init__(runner, host)
        self.dock: QDockWidget | None = None
        self.hits: list[Hit] = []
        self._generation = 0
        self._latest = _Latest()
        self._bridge = _Bridge()  # no parent: a worker still finishing may hold the last reference
        self._bridge.done.connect(self._on_done)
        # One thread: queries run one at a time, and a stale waiting one is skipped in microseconds.
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self.run_search)
        # The filters' choices are read when the panel is on screen: behind the Articles tab (where it starts)
        # every open would read the speakers of every claim for nobody (the large project's 50,000: 13 ms,
        # 20 ms encrypted). ``_facets_stale`` says they must be read when shown, or before a search.
        self._facets_stale = False

        self.field = QLineEdit()
        self.field.setPlaceholderText("Find in project…")
        self.field.setClearButtonEnabled(True)
        self.field.setToolTip(
            'Words must all appear; "a phrase" keeps words together; mil* finds words beginning with mil; '
            "AND, OR, NOT (in capitals) and parentheses combine them. Case and accents do not matter.")
        self.field.textChanged.connect(self._schedule)
        self.field.returnPressed.connect(self.run_search)
        self.field.installEventFilter(self)

        self.kind_boxes: dict[str, QCheckBox] = {}
        kinds_row = QHBoxLayout()
        for kind in KINDS:
            box = QCheckBox(_KIND_LABELS[kind])
            box.setChecked(True)
            box.toggled.connect(self._schedule)
            self.kind_boxes[kind] = box
            kinds_row.addWidget(box)
        kinds_row.addStretch(1)
        self.filters_button = QToolButton()
        self.filters_button.setText("Filters")
        self.filters_button.setCheckable(True)
        self.filters_button.setToolTip("Narrow the search by tag, status, verdict, speaker, outlet or date")
        kinds_row.addWidget(self.filters_button)

        self.tag = self._combo("Any tag")
        self.status = self._combo("Any status")
        self.verdict = self._combo("Any verdict")
        self.speaker = self._combo("Any speaker")
        self.outlet = self._combo("Any outlet")
        self.date_from = self._date_edit("from")
        self.date_to = self._date_edit("to")
        dates = QHBoxLayout()
        dates.addWidget(self.date_from, 1)
        dates.addWidget(QLabel("to"))
        dates.addWidget(self.date_to, 1)
        clear = QPushButton("Clear filters")
        clear.clicked.connect(self.clear_filters)
        self.filters = QWidget()
        form = QFormLayout(self.filters)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Tag", self.tag)
        form.addRow("Status", self.status)
        form.addRow("Verdict", self.verdict)
        form.addRow("Speaker", self.speaker)
        form.addRow("Outlet", self.outlet)
        form.addRow("Published", dates)
        form.addRow("", clear)
        self.filters.setVisible(False)
        self.filters_button.toggled.connect(self.filters.setVisible)

        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(1)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.setItemDelegate(_HtmlDelegate(self.tree))
        self.tree.itemActivated.connect(lambda item, _col: self.activate_item(item))
        self.tree.itemClicked.connect(lambda item, _col: self.activate_item(item))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.field)
        layout.addLayout(kinds_row)
        layout.addWidget(self.filters)
        layout.addWidget(self.status_label)
        layout.addWidget(self.tree, 1)

        runner.changed.connect(self._on_changed)
        runner.project_opened.connect(self._on_project_opened)
        self._on_project_opened(runner.project)

    # -- building ------------------------------------------------------------------------------------

    def _combo(self, any_text: str) -> QComboBox:
        combo = QComboBox()
        combo.addItem(any_text, None)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(8)
        combo.currentIndexChanged.connect(self._schedule)
        return combo

    def _date_edit(self, placeholder: str) -> QLineEdit:
        # Typed, not picked: "2024" or "2024-10" are ranges a journalist thinks in, and an empty field is
        # "no limit" (QDateEdit has no empty state). A malformed date shows search()'s own message.
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        edit.setToolTip("A published date: YYYY-MM-DD, or YYYY-MM or YYYY for a whole month or year")
        edit.setClearButtonEnabled(True)
        edit.textChanged.connect(self._schedule)
        return edit

    @staticmethod
    def _fill(combo: QComboBox, values: list[str]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for v in values:
            combo.addItem(v, v)
        index = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.fresh()

    def fresh(self) -> None:
        """Read the filters' choices now if they waited for the panel to be shown (its tab coming to the
        front, or a search: a choice the project no longer has must not narrow a search unseen)."""
        if self._facets_stale:
            self._reload_facets(now=True)

    def _reload_facets(self, *, now: bool = False) -> None:
        """Fill the filters' choices from the project; while the panel is hidden (and not ``now``), only mark
        them to be read when shown."""
        project = self.runner.project
        if project is None:
            self._facets_stale = False
            for combo in (self.tag, self.status, self.verdict, self.speaker, self.outlet):
                self._fill(combo, [])
            return
        if not now and not on_screen(self):
            self._facets_stale = True
            return
        self._facets_stale = False
        facets = search_facets(project)
        self._fill(self.tag, facets.tags)
        self._fill(self.status, facets.statuses)
        self._fill(self.verdict, facets.verdicts)
        self._fill(self.speaker, facets.speakers)
        self._fill(self.outlet, facets.outlets)

    # -- public --------------------------------------------------------------------------------------

    def focus_field(self) -> None:
        """Show the panel and put the cursor in the search field, its text selected for retyping."""
        if self.dock is not None:
            self.dock.show()
            self.dock.raise_()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def clear_filters(self) -> None:
        for combo in (self.tag, self.status, self.verdict, self.speaker, self.outlet):
            combo.setCurrentIndex(0)
        self.date_from.clear()
        self.date_to.clear()
        for box in self.kind_boxes.values():
            box.setChecked(True)

    def filter_values(self) -> dict[str, Any]:
        """The filters as ``search()`` keyword arguments."""
        self.fresh()
        return {
            "kinds": [k for k, box in self.kind_boxes.items() if box.isChecked()],
            "tag": self.tag.currentData(),
            "status": self.status.currentData(),
            "verdict": self.verdict.currentData(),
            "speaker": self.speaker.currentData(),
            "outlet": self.outlet.currentData(),
            "date_from": self.date_from.text().strip() or None,
            "date_to": self.date_to.text().strip() or None,
        }

    def run_search(self) -> None:
        """Search now for what the field says (normally called by the debounce timer)."""
        self._debounce.stop()
        self._generation += 1
        self._latest.generation = self._generation
        self._latest.interrupt_older_than(self._generation)
        project = self.runner.project
        query = self.field.text()
        if project is None or not query.strip():
            self._show([], "")
            return
        if not any(box.isChecked() for box in self.kind_boxes.values()):
            self._show([], "Tick Articles, Claims or Sources to search them.")
            return
        self.status_label.setText("Searching…")
        job = _Job(self._generation, str(project.path), query, self.filter_values())
        self._pool.start(_SearchRunnable(job, self._latest, self._bridge))

    def wait(self, msecs: int = 5000) -> bool:
        """Block until no search is running (closing, tests)."""
        return self._pool.waitForDone(msecs)

    # -- reacting ------------------------------------------------------------------------------------

    def _schedule(self, *_args: object) -> None:
        self._debounce.start()

    def _on_changed(self, changes: Changes) -> None:
        if changes.tables & _FACET_TABLES:
            self._reload_facets()
        if self.field.text().strip():
            self._debounce.start()

    def _on_project_opened(self, project: Project | None) -> None:
        self._debounce.stop()
        self._generation += 1
        self._latest.generation = self._generation
        self._latest.interrupt_older_than(self._generation)
        self.field.blockSignals(True)
        self.field.clear()
        self.field.blockSignals(False)
        self.setEnabled(project is not None)
        self._reload_facets()
        self._show([], "")

    def _on_done(self, generation: int, hits: list[Hit] | None, error: str) -> None:
        if generation != self._generation:
            return  # the query changed while this one ran
        if hits is None:
            self._show([], error)
            return
        self._show(hits, None)

    def _show(self, hits: list[Hit], message: str | None) -> None:
        """Rebuild the tree, keeping the current result and scroll position when they are still there."""
        current = self.tree.currentItem()
        keep = _key(current.data(0, HIT_ROLE)) if current is not None else None
        scroll = self.tree.verticalScrollBar().value()
        self.hits = hits
        self.tree.setUpdatesEnabled(False)
        self.tree.clear()
        restore: QTreeWidgetItem | None = None
        groups = group_hits(hits)
        tops = []
        for group in groups:
            top = QTreeWidgetItem()
            top.setData(0, HIT_ROLE, group)
            top.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{group.title}, {len(group.hits)} matches")
            top.setToolTip(0, group.title)
            for hit in group.hits:
                child = QTreeWidgetItem(top)
                child.setData(0, HIT_ROLE, hit)
                child.setData(0, HTML_ROLE, _hit_html(hit))
                child.setToolTip(0, _hit_tip(hit))
                child.setData(0, Qt.ItemDataRole.AccessibleTextRole, _hit_tip(hit))
                if keep is not None and _key(hit) == keep:
                    restore = child
            if keep is not None and _key(group) == keep:
                restore = top
            tops.append(top)
        self.tree.addTopLevelItems(tops)
        self.tree.expandAll()
        if restore is not None:
            self.tree.setCurrentItem(restore)
            self.tree.verticalScrollBar().setValue(scroll)
        self.tree.setUpdatesEnabled(True)
        if message is None:
            articles = sum(1 for g in groups if g.article_id is not None)
            text = f"{len(hits)} match{'es' if len(hits) != 1 else ''}"
            if articles:
                text += f" in {articles} article{'s' if articles != 1 else ''}"
            message = text if hits else "No matches."
        self.status_label.setText(message)
        self.results_shown.emit(len(hits))

    def activate_item(self, item: QTreeWidgetItem | None) -> None:
        """Open what a result points at: the article at the match, the claim, or the source."""
        data = item.data(0, HIT_ROLE) if item is not None else None
        if data is None:
            return
        if not isinstance(data, Hit):  # a group: open the article at its first match
            hit = next((h for h in data.hits if h.start is not None), None)
            if data.article_id is not None:
                self.host.open_article(data.article_id, hit.start if hit else None, hit.end if hit else None)
            return
        if data.kind == "claim":
            self.host.select_claim(data.claim_id)
        elif data.kind == "article":
            self.host.open_article(data.article_id, data.start, data.end)
        else:
            self.host.select_source(data.source_id)

    # -- keys ----------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: Any) -> bool:
        # Down arrow from the field goes to the results, as in any search box with a list under it.
        if (watched is self.field and event.type() == event.Type.KeyPress
                and event.key() == Qt.Key.Key_Down and self.tree.topLevelItemCount()):
            # Pick the first hit before focusing: focusing an item view makes its first row current.
            if self.tree.currentItem() is None:
                first = self.tree.topLevelItem(0)
                self.tree.setCurrentItem(first.child(0) if first.childCount() else first)
            self.tree.setFocus()
            return True
        return super().eventFilter(watched, event)


def _key(data: Any) -> tuple[str, str | None] | None:
    if isinstance(data, Hit):
        return (data.kind, data.claim_id or data.source_id or data.article_id)
    if data is not None:
        return ("group", data.article_id)
    return None


def _hit_html(hit: Hit) -> str:
    label = {"article": "Text", "claim": "Claim", "source": "Source"}[hit.kind]
    markup = f'<span style="color:#757575">{label}</span> ' + snippet_html(hit.snippet)
    plain = hit.snippet.replace(MATCH_START, "").replace(MATCH_END, "").strip(ELLIPSIS)
    # A match in a claim's speaker or note, or a source's notes: say which claim or source, after the
    # match so that the match stays on the visible lines.
    if hit.kind in ("claim", "source") and plain not in hit.title:
        name = html.escape(hit.title, quote=False)
        markup += f" · “{name}”" if hit.kind == "claim" else f" · <i>{name}</i>"
    return markup


def _hit_tip(hit: Hit) -> str:
    plain = hit.snippet.replace(MATCH_START, "").replace(MATCH_END, "")
    if hit.kind == "claim":
        return f"“{hit.title}”\n{plain}"
    return f"{hit.title}\n{plain}"


def install(shell: Shell) -> SearchPanel:
    """Add the search panel (tabbed with the article list) and Edit ▸ Find in project… (Ctrl+Shift+F)."""
    panel = SearchPanel(shell.runner, shell)
    panel.dock = shell.add_panel(panel, "Search", "search", Qt.DockWidgetArea.LeftDockWidgetArea, tab_with="articles")
    # A tab coming to the front shows no widget Qt counts as hidden: its dock says so.
    panel.dock.visibilityChanged.connect(lambda visible: visible and panel.fresh())
    panel.find_action = shell.add_action("edit", "Find in project…", panel.focus_field, "Ctrl+Shift+F",
                                         "Search every article, claim, note and source")
    return panel
