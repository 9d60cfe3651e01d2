"""The claims table: every claim of the project or of the open article, sortable and filterable."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.core.model import Claim
from workbench.store import Project
from workbench.store.queries import claim_count_up_to, list_claims, speakers, tag_names, verdict_scale
from workbench.store.schema import STATUSES
from workbench.ui.common import ListTableModel, ModelIndex, claim_color, filter_field

COLUMNS = ("Quote", "Speaker", "Tags", "Status", "Verdict", "Article", "Updated")
ANY = "(any)"
FILTER_HINT = "Filter claims…"
# Above this many claims an empty table is filled right after the window has painted it: opening a big
# project shows the project at once, and the ~0.5 s of reading 50,000 claims comes after (a hidden
# table waits until it is shown). Fewer load at once: they take a few tens of milliseconds.
DEFER_AT = 5000
_ANY_LABELS = {"Tag": "All tags", "Status": "All statuses", "Verdict": "All verdicts", "Speaker": "All speakers"}


# More rows than this added or removed at once reset the model instead of inserting row by row.
BULK_ROWS = 50


class ClaimsModel(ListTableModel):
    columns = COLUMNS

    def __init__(self) -> None:
        super().__init__()
        self.claims: list[Claim] = []
        self.rows: dict[str, int] = {}

    def set_claims(self, claims: list[Claim]) -> None:
        self.beginResetModel()
        self.claims = claims
        self.rows = {c.id: i for i, c in enumerate(claims)}
        self.endResetModel()

    def upsert(self, claim: Claim) -> None:
        """Update a claim's row in place, or insert it after the claims before it in its article."""
        row = self.rows.get(claim.id)
        if row is not None:
            self.claims[row] = claim
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
            return
        same = [i for i, c in enumerate(self.claims) if c.article_id == claim.article_id]
        row = next((i for i in same if (self.claims[i].start, self.claims[i].end) > (claim.start, claim.end)),
                   same[-1] + 1 if same else len(self.claims))
        self.beginInsertRows(QModelIndex(), row, row)
        self.claims.insert(row, claim)
        self.rows = {c.id: i for i, c in enumerate(self.claims)}
        self.endInsertRows()

    def upsert_many(self, claims: list[Claim]) -> None:
        """``upsert`` for many claims (accepting 3,000 suggestions): rows in place, then one reset that puts
        the new claims among their article's claims, instead of one O(rows) insertion each."""
        new = [c for c in claims if c.id not in self.rows]
        if len(new) <= BULK_ROWS:
            for c in claims:
                self.upsert(c)
            return
        for c in claims:
            row = self.rows.get(c.id)
            if row is not None:
                self.claims[row] = c
        groups: dict[str, list[Claim]] = {}
        for c in self.claims:
            groups.setdefault(c.article_id, []).append(c)
        for c in new:
            groups.setdefault(c.article_id, []).append(c)
        for article_id, group in groups.items():
            if any(c.article_id == article_id for c in new):
                group.sort(key=lambda c: (c.start, c.end))  # stable: equal spans keep their order
        self.set_claims([c for group in groups.values() for c in group])

    def remove_many(self, claim_ids: list[str]) -> None:
        """``remove`` for many claims at once (undoing a bulk accept)."""
        if len(claim_ids) <= BULK_ROWS:
            for claim_id in claim_ids:
                self.remove(claim_id)
            return
        gone = set(claim_ids)
        self.set_claims([c for c in self.claims if c.id not in gone])

    def remove(self, claim_id: str) -> None:
        row = self.rows.get(claim_id)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.claims[row]
        self.rows = {c.id: i for i, c in enumerate(self.claims)}
        self.endRemoveRows()

    def row_items(self) -> list[Any]:
        return self.claims

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        c = self.claims[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                c.exact if len(c.exact) < 200 else c.exact[:200] + "…",
                c.speaker,
                ", ".join(t.name for t in c.tags),
                c.status,
                c.verdict,
                c.article_title,
                c.updated_at[:16].replace("T", " "),
            )[col]
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return claim_color(c)
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return c.exact if c.anchored else c.exact + "\n(orphan: not found in its article)"
        if role == Qt.ItemDataRole.UserRole:
            return c.id
        return None


class ClaimFilter(QSortFilterProxyModel):
    def __init__(self) -> None:
        super().__init__()
        self.text = ""
        self.tag = ANY
        self.status = ANY
        self.verdict = ANY
        self.speaker = ANY
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def filterAcceptsRow(self, row: int, parent: ModelIndex) -> bool:
        if not self.text and self.tag == self.status == self.verdict == self.speaker == ANY:
            return True  # no filter: asked once per row when 50,000 claims are loaded
        c: Claim = self.sourceModel().claims[row]  # type: ignore[attr-defined]
        if self.tag != ANY and all(t.name != self.tag for t in c.tags):
            return False
        if self.status != ANY and c.status != self.status:
            return False
        if self.verdict != ANY and c.verdict != self.verdict:
            return False
        if self.speaker != ANY and c.speaker != self.speaker:
            return False
        if self.text:
            from workbench.store.fts import FilterWords  # (loaded once something is typed, not at start-up)

            return FilterWords.of(self.text).matches(c.exact, c.speaker, c.note, c.article_title,
                                                     *(t.name for t in c.tags))
        return True


class ClaimsTable(QWidget):
    """Table plus filter bar. ``activated`` carries a claim id (double-click or Enter)."""

    activated = Signal(str)
    current_changed = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.project: Project | None = None
        self.article_id: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.search = filter_field(FILTER_HINT)
        bar.addWidget(self.search, 3)
        self.tag_box, self.status_box, self.verdict_box, self.speaker_box = (QComboBox() for _ in range(4))
        for box, tip in ((self.tag_box, "Tag"), (self.status_box, "Status"), (self.verdict_box, "Verdict"),
                         (self.speaker_box, "Speaker")):
            box.setToolTip(f"Show only claims with this {tip.lower()}")
            box.setProperty("any_label", _ANY_LABELS[tip])
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            bar.addWidget(box, 1)
        self.only_article = QCheckBox("Only this article")
        bar.addWidget(self.only_article)
        layout.addLayout(bar)

        self.model = ClaimsModel()
        self.proxy = ClaimFilter()
        self.proxy.setSourceModel(self.model)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # keep article order until a header is clicked
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        # Rows as tall as a line of text plus a little air: ten of them fit at 1280×720.
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() + 6)
        header = self.view.horizontalHeader()
        # Fixed-by-default widths (the user can drag them): ResizeToContents measures every row on each
        # layout, which costs a quarter of a second per edit in a project of 20,000 claims.
        char = self.fontMetrics().averageCharWidth()
        for col, chars in enumerate((0, 18, 16, 14, 14, 34, 21)):
            if chars:
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
                header.resizeSection(col, char * chars)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.doubleClicked.connect(self._activate)
        self.view.activated.connect(self._activate)
        self.view.selectionModel().currentRowChanged.connect(self._current)
        layout.addWidget(self.view)
        self._deferred = False  # a reload waits for the next paint of the (empty) table
        self._pending_select: str | None = None
        # The view's own paint (its frame) comes in the same frame as its rows'. Not the viewport's: the
        # viewport is of a class private to Qt, and PySide6 wrapping the first such object for Python makes
        # every lazily loaded class of QtWidgets (~12 ms) — before the window's first frame, here.
        self.view.installEventFilter(self)

        self.search.textChanged.connect(self._filter_changed)
        for box in (self.tag_box, self.status_box, self.verdict_box, self.speaker_box):
            box.currentTextChanged.connect(self._filter_changed)
        self.only_article.toggled.connect(lambda _on: self.reload())

    def set_project(self, project: Project | None) -> None:
        self.project = project
        self.model.set_claims([])  # another project's rows never stay on screen, and a big one is deferred
        self.reload()

    def set_article(self, article_id: str | None) -> None:
        self.article_id = article_id
        if self.only_article.isChecked():
            self.reload()

    def reload(self) -> None:
        """Re-read claims and the filter choices from the project (a big project's claims right after the
        next paint, see DEFER_AT)."""
        project = self.project
        self._deferred = False
        if project is None:
            self.model.set_claims([])
            return
        scope = self.article_id if self.only_article.isChecked() else None
        if self.only_article.isChecked() and scope is None:
            claims: list[Claim] = []
        else:
            # Deferred only when the table shows nothing yet (a project just opened): a reload of rows
            # already shown replaces them at once rather than blanking the table for a moment.
            if not self.model.claims and claim_count_up_to(project, DEFER_AT + 1, scope) > DEFER_AT:
                self._pending_select = self.selected_claim_id() or self._pending_select
                self.model.set_claims([])
                self.search.setPlaceholderText("Loading claims…")
                self._deferred = True
                self.view.update()  # (and so the rows inside it)
                return
            claims = list_claims(project, scope, lean=True)
        self._show(project, claims)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._deferred and event.type() == QEvent.Type.Paint:
            self._deferred = False
            QTimer.singleShot(0, self._load_deferred)  # runs once this frame is on screen
        return super().eventFilter(watched, event)

    def _load_deferred(self) -> None:
        project = self.project
        if project is None or self._deferred:
            return
        scope = self.article_id if self.only_article.isChecked() else None
        if self.only_article.isChecked() and scope is None:
            return
        self._show(project, list_claims(project, scope, lean=True))

    def _show(self, project: Project, claims: list[Claim]) -> None:
        self.search.setPlaceholderText(FILTER_HINT)
        selected = self._pending_select or self.selected_claim_id()
        self._pending_select = None
        self.model.set_claims(claims)
        self._fill(self.tag_box, tag_names(project))
        self._fill(self.status_box, list(STATUSES))
        self._fill(self.verdict_box, [v.label for v in verdict_scale(project)])
        self._fill(self.speaker_box, speakers(project))
        self._fit_columns(claims)
        if selected:
            self.select(selected)

    def _fit_columns(self, claims: list[Claim]) -> None:
        # Speaker and Tags sized to their content, measured once per distinct value (cheap at 20,000
        # claims, unlike ResizeToContents, which measures every row on every layout); capped so a long
        # name cannot push the quote away. The user may still drag them.
        metrics, char = self.view.fontMetrics(), self.view.fontMetrics().averageCharWidth()
        header = self.view.horizontalHeader()
        for col, values in ((1, {c.speaker for c in claims}), (2, {", ".join(t.name for t in c.tags) for c in claims})):
            title = self.model.headerData(col, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
            widest = max((metrics.horizontalAdvance(v) for v in values | {str(title)}), default=0)
            header.resizeSection(col, min(widest + 3 * char, 32 * char))

    @staticmethod
    def _fill(box: QComboBox, values: list[str]) -> None:
        current = _choice(box)
        box.blockSignals(True)
        box.clear()
        box.addItem(box.property("any_label"), ANY)
        for value in values:
            box.addItem(value, value)
        box.setCurrentIndex(max(0, box.findData(current)))
        box.blockSignals(False)

    def _filter_changed(self) -> None:
        self.proxy.beginFilterChange()
        self.proxy.text = self.search.text()
        self.proxy.tag = _choice(self.tag_box)
        self.proxy.status = _choice(self.status_box)
        self.proxy.verdict = _choice(self.verdict_box)
        self.proxy.speaker = _choice(self.speaker_box)
        self.proxy.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def selected_claim_id(self) -> str | None:
        index = self.view.currentIndex()
        return index.data(Qt.ItemDataRole.UserRole) if index.isValid() else None

    def apply(self, claims: list[Claim], removed: list[str]) -> None:
        """Show new or edited claims and drop deleted ones without re-reading the whole project (a full
        reload costs ~0.2 s per edit at 20,000 claims). The proxy re-sorts and re-filters changed rows."""
        # Removing the current row moves Qt's current index to a neighbour, which may be a claim of another
        # article; that move is not the journalist's choice, so it must not select anything.
        selected = self.selected_claim_id()
        selection = self.view.selectionModel()
        selection.blockSignals(True)
        try:
            self.model.remove_many(removed)
            self.model.upsert_many([c for c in claims
                                    if not self.only_article.isChecked() or c.article_id == self.article_id])
        finally:
            selection.blockSignals(False)
        if selected and selected != self.selected_claim_id():
            self.select(selected)  # a bulk change resets the model: the journalist's row stays current
        if self.project is not None:
            self._fill(self.speaker_box, speakers(self.project))  # a new speaker becomes a filter choice

    def select(self, claim_id: str | None) -> None:
        """Make a claim the current row without emitting ``activated``."""
        if self._deferred:
            self._pending_select = claim_id  # selected once the table is filled
            return
        row = self.model.rows.get(claim_id or "")
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():  # filtered out
            return
        self.view.selectionModel().blockSignals(True)
        self.view.setCurrentIndex(index)
        self.view.selectionModel().blockSignals(False)
        self.view.viewport().update()
        self.view.scrollTo(index)

    def _activate(self, index: QModelIndex) -> None:
        claim_id = index.data(Qt.ItemDataRole.UserRole)
        if claim_id:
            self.activated.emit(claim_id)

    def _current(self, index: QModelIndex, _previous: QModelIndex) -> None:
        claim_id = index.data(Qt.ItemDataRole.UserRole) if index.isValid() else None
        if claim_id:
            self.current_changed.emit(claim_id)


def _choice(box: QComboBox) -> str:
    return box.currentData() or ANY
