"""The change history in the window: who changed what, when, old → new, for one claim (the inspector's
*History…* button) or the whole project (Tools → Project history…), with the copy a merged change came
from. Read-only; it follows the project while open (``runner.changed``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.store.queries_history import KINDS, HistoryEntry, folded, history
from workbench.ui.common import ListTableModel, ModelIndex, close_buttons

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from workbench.ui.host import Shell
    from workbench.ui.operations import OperationRunner

COLUMNS = ("When (UTC)", "Who", "What", "Change", "Before", "After", "From copy")


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "—"
    text = " ".join(str(value).split())
    return text if len(text) <= 120 else text[:119] + "…"


class HistoryModel(ListTableModel):
    """History entries as table rows, oldest first (a merge's own copy of a merged change left out)."""

    columns = COLUMNS

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[HistoryEntry] = []

    def set_entries(self, entries: list[HistoryEntry]) -> None:
        self.beginResetModel()
        self.entries = [e for e in entries if not folded(e)]
        self.endResetModel()

    def row_items(self) -> list[Any]:
        return self.entries

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        e = self.entries[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{e.op} ({e.action})" + (f"; from {e.merged_from}" if e.merged_from else "")
        column = index.column()
        if column == 0:
            return e.at[:19].replace("T", " ")
        if column == 1:
            return e.author or "?"
        if column == 2:
            return f"{KINDS.get(e.table, e.table)} {e.what}".strip()
        if column == 3:
            return {"insert": "added", "delete": "deleted", "merge": "merged"}.get(e.action, e.field)
        if column == 4:
            if e.action == "merge" and e.conflicts:
                return "; ".join(f"{c}: not {_shown(v.get('other'))}" for c, v in e.conflicts.items()
                                 if isinstance(v, dict))
            return _shown(e.old) if e.action in ("update", "delete") else ""
        if column == 5:
            return _shown(e.new) if e.action in ("update", "insert") else ""
        return e.merged_from


class HistoryDialog(QDialog):
    """The history of one claim (``claim_id``) or of the whole project, with a filter field."""

    def __init__(self, runner: OperationRunner, claim_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent or runner.widget)
        self.runner = runner
        self.claim_id = claim_id
        self.setWindowTitle("Claim history" if claim_id else "Project history")
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.heading)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter: a name, a field, a word of a value…")
        self.filter.setClearButtonEnabled(True)
        layout.addWidget(self.filter)
        self.model = HistoryModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        layout.addWidget(close_buttons(self))
        self.resize(960, 480)
        runner.changed.connect(self._changed)
        runner.project_opened.connect(self._project_replaced)  # methods: disconnected when the dialog goes
        self.refresh()

    def _project_replaced(self, _project: object) -> None:
        self.close()  # it showed another project's history

    def _changed(self, _changes: object) -> None:
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        project = self.runner.project
        entries = history(project, claim_id=self.claim_id) if project is not None else []
        self.model.set_entries(entries)
        shown = self.model.entries
        if self.claim_id:
            quote = next((e.what for e in shown if e.table == "claims"), "")
            self.heading.setText(f"Changes to the claim {quote}, its tags, source links, reviews and corrections "
                                 f"({len(shown)}), oldest first.")
        else:
            self.heading.setText(f"Every change to this project ({len(shown)}), oldest first. Changes brought in "
                                 "by a merge name the copy they were made in.")
        self.table.resizeColumnsToContents()
        for column in (4, 5):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 260))
        self.table.scrollToBottom()  # the newest change is what people look for first


def show_history(runner: OperationRunner, claim_id: str | None = None) -> HistoryDialog | None:
    """Open the history of a claim (or of the project) beside the window; None without a project."""
    if runner.project is None:
        return None
    dialog = HistoryDialog(runner, claim_id)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


class ClaimHistoryButton(QPushButton):
    """*History…* under a claim in the inspector: opens that claim's history."""

    def __init__(self, runner: OperationRunner, current_claim: Any) -> None:
        super().__init__("Histor&y…")
        self.setToolTip("Who changed this claim, when, from what to what (also its tags, links and reviews)")
        self.runner = runner
        self.dialog: HistoryDialog | None = None
        self.clicked.connect(lambda: self.open(current_claim()))

    def open(self, claim_id: str | None) -> None:
        if claim_id:
            self.dialog = show_history(self.runner, claim_id)


def install(shell: Shell) -> QAction:
    """Tools → Project history…; returns the action (enabled while a project is open)."""
    action = shell.add_action("tools", "Project &history…", lambda: show_history(shell.runner),
                              tip="Who changed what in this project, when, from what to what")
    shell.runner.enable_with_project(action)
    return action
