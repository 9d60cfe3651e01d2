"""The article list: title, outlet, date and claim count of every article in the project."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem

from workbench.store import Project
from workbench.store.queries import list_articles


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

    def reload(self, project: Project | None, current_id: str | None) -> None:
        """Rebuild the rows, keeping ``current_id`` current without emitting a change."""
        self.blockSignals(True)
        self.clear()
        if project is not None:
            for a in list_articles(project):
                details = " · ".join(x for x in (a.outlet, a.published) if x)
                claims = f"{a.claim_count} claim{'s' if a.claim_count != 1 else ''}"
                item = QTreeWidgetItem([f"{a.title}\n{details + ' · ' if details else ''}{claims}"])
                item.setData(0, Qt.ItemDataRole.UserRole, a.id)
                tip = "\n".join(x for x in (a.title, a.author, a.url, a.source_file,
                                            f"{a.chars:,} characters") if x)
                item.setToolTip(0, tip)
                self.addTopLevelItem(item)
                if a.id == current_id:
                    self.setCurrentItem(item)
        self.blockSignals(False)

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
