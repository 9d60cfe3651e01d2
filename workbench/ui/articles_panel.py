"""The article list: title, outlet, date and claim count of every article in the project.

Right after a project is opened the rows come without their claim counts, which follow once the list is on
screen: counting walks an index of every claim (50,000 in a large project, each page decrypted in an encrypted
one), and the journalist needs the titles first (issues 23 and 25)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem

from workbench.store import Project
from workbench.store.queries import claims_per_article, list_articles

# Each row keeps its title and details line, so its claim count can be put in later.
_TITLE_ROLE = Qt.ItemDataRole.UserRole + 1


def _row_text(title: str, details: str, claims: int | None) -> str:
    """Title on the first line; outlet, date and claim count (when known) on the second."""
    count = "" if claims is None else f"{claims} claim{'s' if claims != 1 else ''}"
    return f"{title}\n{' · '.join(x for x in (details, count) if x)}"


class ArticleList(QTreeWidget):
    """Emits ``article_selected`` with an article id when the current row changes."""

    article_selected = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        # A sidebar is narrow: the title gets the full width on its first line, and outlet, date and
        # claim count sit on a second line, instead of four squeezed columns.
        self.setColumnCount(1)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)  # each of the two lines elides on its own
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.currentItemChanged.connect(self._changed)
        self._counts_for: Project | None = None  # counts to fill in for this project once painted
        self.installEventFilter(self)

    def reload(self, project: Project | None, current_id: str | None, *, counts_later: bool = False) -> None:
        """Rebuild the rows, keeping ``current_id`` current without emitting a change; with ``counts_later``
        (a project just opened) the claim counts are filled in once the list has been painted."""
        self.blockSignals(True)
        self.clear()
        self._counts_for = project if counts_later else None
        if project is not None:
            for a in list_articles(project, counts=not counts_later):
                details = " · ".join(x for x in (a.outlet, a.published) if x)
                item = QTreeWidgetItem([_row_text(a.title, details, None if counts_later else a.claim_count)])
                item.setData(0, Qt.ItemDataRole.UserRole, a.id)
                item.setData(0, _TITLE_ROLE, (a.title, details))
                tip = "\n".join(x for x in (a.title, a.author, a.url, a.source_file,
                                            f"{a.chars:,} characters") if x)
                item.setToolTip(0, tip)
                self.addTopLevelItem(item)
                if a.id == current_id:
                    self.setCurrentItem(item)
        self.blockSignals(False)
        if self._counts_for is not None:
            self.update()  # a paint of the list itself (not only of its rows), which the filter waits for

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._counts_for is not None and event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, self._fill_counts)  # runs once this frame is on screen
        return super().eventFilter(watched, event)

    def _fill_counts(self) -> None:
        project, self._counts_for = self._counts_for, None
        if project is None:
            return  # filled already, or another reload came first
        counts = claims_per_article(project)
        # Every row keeps its two lines, so its size stays: the model's per-item change signals (1,000
        # articles: ~36 ms of the view relaying them) are held back and the list is repainted once.
        model = self.model()
        model.blockSignals(True)
        try:
            for i in range(self.topLevelItemCount()):
                item = self.topLevelItem(i)
                title, details = item.data(0, _TITLE_ROLE)
                item.setText(0, _row_text(title, details, counts.get(item.data(0, Qt.ItemDataRole.UserRole), 0)))
        finally:
            model.blockSignals(False)
        self.viewport().update()

    def current_article_id(self) -> str | None:
        item = self.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item else None

    def select(self, article_id: str) -> None:
        for i in range(self.topLevelItemCount()):
            item = self.topLevelItem(i)
            if item.data(0, Qt.ItemDataRole.UserRole) == article_id:
                self.blockSignals(True)
                self.setCurrentItem(item)
                self.blockSignals(False)
                return

    def _changed(self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        if current is not None:
            self.article_selected.emit(current.data(0, Qt.ItemDataRole.UserRole))
