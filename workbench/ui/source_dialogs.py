"""Dialogs for sources and the claim's list of sources: edit a source, link a claim to a source (an
existing one, found with a filter, or a new one), and ``ClaimSourcesWidget``, which the claim inspector
hosts to show and edit the selected claim's evidence.

Dialogs do not write: they collect values and hand them to a ``submit`` callable that runs the operation
through the operation runner (so it is saved and undoable). When the operation is refused, the dialog
stays open with everything the journalist typed, and the runner has shown why.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QDropEvent, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QToolBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench import ops
from workbench.core.errors import NotFoundError
from workbench.store import Changes, Project
from workbench.store.queries_sources import Source, SourceLink, claim_links, get_link, list_sources
from workbench.store.schema import RELATIONS, SOURCE_KINDS
from workbench.ui.common import FileDropTarget
from workbench.ui.operations import OperationRunner

if TYPE_CHECKING:
    from workbench.ui.host import Host

RELATION_COLORS = {"supports": "#2e7d32", "refutes": "#c62828", "context": "#757575"}
RELIABILITY_SUGGESTIONS = ("", "High", "Medium", "Low", "Unknown")
# Which tables, when changed, can change what a list of sources or links shows.
SOURCE_TABLES = frozenset({"sources", "source_files", "claim_sources", "claims", "articles"})


def relation_icon(relation: str, size: int = 12) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(RELATION_COLORS.get(relation, "#757575")))
    return QIcon(pixmap)


def action_bar(parent: QWidget, specs: list[tuple[str, str, Callable[[], Any]]]) -> tuple[QToolBar, list[QAction]]:
    """A row of text buttons that never makes its panel wider: what does not fit moves into a » menu.

    ``specs`` are ``(text, tooltip, slot)``; returns the bar and its actions in the same order.
    """
    bar = QToolBar(parent)
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    bar.setFloatable(False)
    bar.setMovable(False)
    actions = []
    for text, tip, slot in specs:
        action = bar.addAction(text)
        action.setToolTip(tip or text.replace("&", ""))
        action.triggered.connect(lambda _=False, s=slot: s())
        actions.append(action)
    return bar, actions


def _submit_or_stay(dialog: QDialog, submit: Callable[[dict[str, Any]], bool], values: dict[str, Any]) -> None:
    if submit(values):
        QDialog.accept(dialog)


# -- a source's fields ---------------------------------------------------------------------------------


class SourceForm(QWidget):
    """The fields of a source; used by the source dialog and by "Link source…" for a new source."""

    def __init__(self, source: Source | None = None, *, with_files: bool = True) -> None:
        super().__init__()
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.title = QLineEdit(placeholderText="What the source is, e.g. “Ministry statement, 18 Oct”")
        form.addRow("&Title", self.title)
        self.kind = QComboBox()
        self.kind.addItems(SOURCE_KINDS)
        form.addRow("&Kind", self.kind)
        self.url = QLineEdit(placeholderText="https://…")
        form.addRow("&URL", self.url)
        self.publisher = QLineEdit(placeholderText="Who published or said it")
        form.addRow("&Publisher", self.publisher)
        self.published = QLineEdit(placeholderText="YYYY-MM-DD, YYYY-MM or YYYY")
        form.addRow("Publis&hed", self.published)
        self.accessed = QLineEdit(placeholderText="YYYY-MM-DD")
        form.addRow("&Accessed", self.accessed)
        self.reliability = QComboBox(editable=True)
        self.reliability.addItems(RELIABILITY_SUGGESTIONS)
        form.addRow("&Reliability", self.reliability)
        self.notes = QPlainTextEdit(placeholderText="Notes (Markdown)")
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(self.fontMetrics().height() * 4)
        form.addRow("&Notes", self.notes)
        self.files: list[str] = []
        self.file_list: QListWidget | None = None
        if with_files:
            box = QWidget()
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            self.file_list = QListWidget()
            self.file_list.setMaximumHeight(self.fontMetrics().height() * 4)
            column.addWidget(self.file_list)
            row = QHBoxLayout()
            add = QPushButton("Add &files…")
            add.clicked.connect(self._choose_files)
            remove = QPushButton("Remove")
            remove.clicked.connect(self._remove_file)
            row.addWidget(add)
            row.addWidget(remove)
            row.addStretch(1)
            column.addLayout(row)
            form.addRow("Files", box)
        self.load(source)

    def load(self, source: Source | None) -> None:
        s = source or Source(id="", title="", accessed=date.today().isoformat())
        self.title.setText(s.title)
        self.kind.setCurrentText(s.kind)
        self.url.setText(s.url)
        self.publisher.setText(s.publisher)
        self.published.setText(s.published)
        self.accessed.setText(s.accessed)
        self.reliability.setCurrentText(s.reliability)
        self.notes.setPlainText(s.notes)

    def add_files(self, paths: list[str]) -> None:
        for path in paths:
            if path not in self.files and self.file_list is not None:
                self.files.append(path)
                self.file_list.addItem(Path(path).name)
        if paths and not self.title.text().strip():
            self.title.setText(Path(paths[0]).stem)

    def _choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Attach files", "", "All files (*)")
        self.add_files(paths)

    def _remove_file(self) -> None:
        if self.file_list is not None and self.file_list.currentRow() >= 0:
            row = self.file_list.currentRow()
            self.file_list.takeItem(row)
            del self.files[row]

    def values(self) -> dict[str, Any]:
        """Keyword arguments for ``add_source``/``update_source`` (files only when there are some)."""
        values: dict[str, Any] = {
            "title": self.title.text(),
            "kind": self.kind.currentText(),
            "url": self.url.text(),
            "publisher": self.publisher.text(),
            "published": self.published.text(),
            "accessed": self.accessed.text(),
            "reliability": self.reliability.currentText(),
            "notes": self.notes.toPlainText(),
        }
        if self.files:
            values["files"] = list(self.files)
        return values


class SourceDialog(QDialog):
    """Add or edit a source. ``submit(values)`` runs the operation and returns True when it was done."""

    def __init__(self, parent: QWidget | None, submit: Callable[[dict[str, Any]], bool],
                 source: Source | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit source" if source else "New source")
        self._submit = submit
        layout = QVBoxLayout(self)
        # Files of an existing source are attached and removed in the Sources panel, one undo step each.
        self.form = SourceForm(source, with_files=source is None)
        layout.addWidget(self.form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 80, self.sizeHint().height())

    def accept(self) -> None:
        _submit_or_stay(self, self._submit, self.form.values())


# -- linking a claim to a source -----------------------------------------------------------------------


class LinkFields(QWidget):
    """How a source bears on a claim: relation, excerpt, locator, note."""

    def __init__(self, link: SourceLink | None = None, relation: str = "supports") -> None:
        super().__init__()
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.relation_group = QButtonGroup(self)
        self.relation_buttons: dict[str, QRadioButton] = {}
        for r, label in zip(RELATIONS, ("&Supports", "R&efutes", "&Context"), strict=True):
            button = QRadioButton(label)
            button.setIcon(relation_icon(r))
            self.relation_group.addButton(button)
            self.relation_buttons[r] = button
            row.addWidget(button)
        row.addStretch(1)
        form.addRow("Relation", row)
        self.excerpt = QPlainTextEdit(placeholderText="The passage of the source that matters")
        self.excerpt.setTabChangesFocus(True)
        self.excerpt.setMinimumHeight(self.fontMetrics().height() * 4)
        form.addRow("E&xcerpt", self.excerpt)
        self.locator = QLineEdit(placeholderText="Where: p. 12, 01:23:45, ¶ 4")
        form.addRow("&Locator", self.locator)
        self.note = QPlainTextEdit(placeholderText="Why it matters (Markdown)")
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(self.fontMetrics().height() * 5)
        form.addRow("N&ote", self.note)
        if link is not None:
            relation = link.relation
            self.excerpt.setPlainText(link.excerpt)
            self.locator.setText(link.locator)
            self.note.setPlainText(link.note)
        self.set_relation(relation)

    def set_relation(self, relation: str) -> None:
        self.relation_buttons.get(relation, self.relation_buttons["supports"]).setChecked(True)

    def relation(self) -> str:
        return next(r for r, b in self.relation_buttons.items() if b.isChecked())

    def values(self) -> dict[str, str]:
        return {"relation": self.relation(), "excerpt": self.excerpt.toPlainText(),
                "locator": self.locator.text(), "note": self.note.toPlainText()}


class LinkSourceDialog(QDialog):
    """"Link source…": pick a source from the library (with a filter) or describe a new one, then say
    how it relates to the claim. With ``link``, edits that link's relation, excerpt, locator and note.

    ``submit(op, kwargs)`` runs ``op`` (``link_source``, ``add_source`` or ``update_link``) and returns
    True when it was done.
    """

    def __init__(self, parent: QWidget | None, project: Project, claim_id: str,
                 submit: Callable[[Callable[..., Any], dict[str, Any]], bool], *,
                 link: SourceLink | None = None, source_id: str | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.claim_id = claim_id
        self.link = link
        self._submit = submit
        self.setWindowTitle("Edit source link" if link else "Link source")
        layout = QVBoxLayout(self)

        if link is not None:
            label = QLabel(f"Source: <b>{escape(link.source_title)}</b>")
            layout.addWidget(label)
        else:
            row = QHBoxLayout()
            self.existing = QRadioButton("An &existing source")
            self.new = QRadioButton("A &new source")
            row.addWidget(self.existing)
            row.addWidget(self.new)
            row.addStretch(1)
            layout.addLayout(row)
            self.pages = QStackedWidget()
            pick = QWidget()
            pick_layout = QVBoxLayout(pick)
            pick_layout.setContentsMargins(0, 0, 0, 0)
            self.filter = QLineEdit(placeholderText="Filter by title, publisher, URL or notes",
                                    clearButtonEnabled=True)
            self.filter.textChanged.connect(lambda _t: self._fill_sources())
            pick_layout.addWidget(self.filter)
            self.source_list = QListWidget()
            self.source_list.itemDoubleClicked.connect(lambda _i: self.accept())
            pick_layout.addWidget(self.source_list)
            self.pages.addWidget(pick)
            self.form = SourceForm()
            self.pages.addWidget(self.form)
            layout.addWidget(self.pages, 1)
            self.existing.toggled.connect(lambda on: self.pages.setCurrentIndex(0 if on else 1))
            self._fill_sources(select=source_id)
            # An empty library leaves nothing to pick: start on the new-source page.
            (self.existing if self.source_list.count() else self.new).setChecked(True)
            self.pages.setCurrentIndex(0 if self.source_list.count() else 1)

        self.fields = LinkFields(link)
        layout.addWidget(self.fields)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Save" if link else "Link")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 80, self.fontMetrics().height() * 40)

    def _fill_sources(self, select: str | None = None) -> None:
        current = select or self.selected_source_id()
        self.source_list.clear()
        for s in list_sources(self.project, self.filter.text()):
            detail = ", ".join(x for x in (s.kind, s.publisher, s.published) if x)
            item = QListWidgetItem(f"{s.title}  —  {detail}")
            item.setData(Qt.ItemDataRole.UserRole, s.id)
            item.setToolTip(s.url or s.title)
            self.source_list.addItem(item)
            if s.id == current:
                self.source_list.setCurrentItem(item)
        if self.source_list.currentRow() < 0 and self.source_list.count():
            self.source_list.setCurrentRow(0)

    def selected_source_id(self) -> str | None:
        if self.link is not None:
            return self.link.source_id
        item = self.source_list.currentItem() if hasattr(self, "source_list") else None
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def operation(self) -> tuple[Callable[..., Any], dict[str, Any]]:
        """The operation this dialog stands for, with its keyword arguments."""
        link = self.fields.values()
        if self.link is not None:
            return ops.update_link, {"link_id": self.link.id, **link}
        if self.existing.isChecked():
            return ops.link_source, {"claim_id": self.claim_id, "source_id": self.selected_source_id(), **link}
        return ops.add_source, {
            **self.form.values(), "claim_id": self.claim_id, "relation": link["relation"],
            "excerpt": link["excerpt"], "locator": link["locator"], "link_note": link["note"],
        }

    def accept(self) -> None:
        if self.link is None and self.existing.isChecked() and self.selected_source_id() is None:
            self.filter.setFocus()
            return
        op, kwargs = self.operation()
        if self._submit(op, kwargs):
            QDialog.accept(self)


# -- the claim's sources, in the inspector -------------------------------------------------------------


class ClaimSourcesWidget(FileDropTarget, QWidget):
    """The selected claim's sources with how each relates to it; link, edit and remove links, or drop a
    file here to make it a new source linked to the claim.

    The host calls ``show_claim(claim_id)`` whenever it shows another claim; the widget refreshes itself
    after every operation, undo and redo.
    """

    def __init__(self, runner: OperationRunner, host: Host) -> None:
        super().__init__()
        self.runner = runner
        self.host = host
        self.claim_id: str | None = None
        self.setAcceptDrops(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        label = QLabel("Sources (drop a file here to add it)")
        label.setWordWrap(True)
        layout.addWidget(label)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Relation", "Source", "Where", "Excerpt"])
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setMaximumHeight(self.fontMetrics().height() * 9)
        self.tree.setAcceptDrops(False)  # drops land on the widget, which knows what to do with them
        self.tree.itemDoubleClicked.connect(lambda _i, _c: self.edit_link())
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        layout.addWidget(self.tree)
        bar, actions = action_bar(self, [
            ("&Link source…", "Link this claim to a source (Ctrl+L)", lambda: self.link_source()),
            ("Edit link…", "Change the relation, excerpt, locator or note", self.edit_link),
            ("Remove link", "Unlink the source from this claim (it stays in the library)", self.remove_link),
            ("Show source", "Show this source in the Sources panel", self.show_source),
        ])
        self.act_link, self.act_edit, self.act_remove, self.act_show = actions
        layout.addWidget(bar)
        runner.changed.connect(self._on_changed)
        runner.project_opened.connect(lambda _p: self.show_claim(None))
        self.show_claim(None)

    # -- showing -------------------------------------------------------------------------------------

    def show_claim(self, claim_id: str | None) -> None:
        self.claim_id = claim_id
        self.reload()

    def reload(self) -> None:
        project = self.runner.project
        current = self.current_link_id()
        self.tree.clear()
        links: list[SourceLink] = []
        if project is not None and self.claim_id is not None:
            links = claim_links(project, self.claim_id)
        for link in links:
            where = link.locator
            item = QTreeWidgetItem([link.relation, link.source_title, where, " ".join(link.excerpt.split())])
            item.setIcon(0, relation_icon(link.relation))
            item.setData(0, Qt.ItemDataRole.UserRole, link.id)
            tip = "\n".join(x for x in (link.source_title, link.source_url, link.excerpt, link.note) if x)
            for column in range(4):
                item.setToolTip(column, tip)
            self.tree.addTopLevelItem(item)
            if link.id == current:
                self.tree.setCurrentItem(item)
        for column in range(3):
            self.tree.resizeColumnToContents(column)
        self._update_buttons()

    def _on_changed(self, changes: Changes) -> None:
        if changes.tables & SOURCE_TABLES:
            self.reload()

    def _update_buttons(self) -> None:
        has_claim = self.runner.project is not None and self.claim_id is not None
        has_link = has_claim and self.tree.currentItem() is not None
        self.act_link.setEnabled(has_claim)
        for action in (self.act_edit, self.act_remove, self.act_show):
            action.setEnabled(has_link)

    def current_link_id(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    # -- editing -------------------------------------------------------------------------------------

    def _submit(self, op: Callable[..., Changes], kwargs: dict[str, Any]) -> bool:
        return self.runner.run(op, **kwargs) is not None

    def link_source(self, source_id: str | None = None) -> None:
        if self.runner.project is None or self.claim_id is None:
            return
        LinkSourceDialog(self, self.runner.project, self.claim_id, self._submit, source_id=source_id).exec()

    def edit_link(self) -> None:
        link_id = self.current_link_id()
        if self.runner.project is None or link_id is None or self.claim_id is None:
            return
        try:
            link = get_link(self.runner.project, link_id)
        except NotFoundError:
            self.reload()
            return
        LinkSourceDialog(self, self.runner.project, self.claim_id, self._submit, link=link).exec()

    def remove_link(self) -> None:
        link_id = self.current_link_id()
        if link_id is not None:
            # No question asked: the source stays in the library and Ctrl+Z brings the link back.
            self.runner.run(ops.delete_link, link_id=link_id)

    def show_source(self) -> None:
        link_id = self.current_link_id()
        if link_id is None or self.runner.project is None:
            return
        self.host.select_source(get_link(self.runner.project, link_id).source_id)

    # -- dropping files ------------------------------------------------------------------------------

    def accepts_drops(self) -> bool:
        return self.claim_id is not None

    def files_dropped(self, paths: list[str], _event: QDropEvent) -> None:
        self.add_files_as_sources(paths)

    def add_files_as_sources(self, paths: list[str]) -> None:
        """Make each file a new source (titled by its name) linked to the claim, after asking how the
        files relate to it. Each file is one undo step; a refused file does not stop the others."""
        if self.runner.project is None or self.claim_id is None or not paths:
            return
        names = ", ".join(Path(p).name for p in paths[:3]) + ("…" if len(paths) > 3 else "")
        labels = [r.capitalize() for r in RELATIONS]
        label, ok = QInputDialog.getItem(self, "Add as source", f"How does {names} relate to this claim?",
                                         labels, 0, False)
        if not ok:
            return
        relation = label.lower()
        for path in paths:
            self.runner.run(ops.add_source, title=Path(path).stem, kind="document", files=[path],
                                claim_id=self.claim_id, relation=relation)


def link_source_for_current_claim(runner: OperationRunner, host: Host, source_id: str | None = None) -> None:
    """The "Link source…" command: opens the dialog for the host's current claim."""
    claim_id = host.current_claim_id()
    if runner.project is None:
        return
    if claim_id is None:
        runner.show_status("Select a claim first, then link a source to it.", 5000)
        return

    def submit(op: Callable[..., Changes], kwargs: dict[str, Any]) -> bool:
        return runner.run(op, **kwargs) is not None

    LinkSourceDialog(runner.widget, runner.project, claim_id, submit, source_id=source_id).exec()

