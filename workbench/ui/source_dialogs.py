"""Dialogs for sources: edit a source, and link a claim to a source (an existing one, found with a filter,
or a new one) with how it bears on the claim.

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
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from workbench import ops
from workbench.store import Changes, Project
from workbench.store.queries_sources import Source, SourceLink, list_sources
from workbench.store.schema import RELATIONS, SOURCE_KINDS
from workbench.ui.common import accept_buttons, add_list_item, color_icon, filter_field, push_button, widget_row
from workbench.ui.operations import OperationRunner

if TYPE_CHECKING:
    from workbench.ui.host import Host

RELATION_COLORS = {"supports": "#2e7d32", "refutes": "#c62828", "context": "#757575"}
RELIABILITY_SUGGESTIONS = ("", "High", "Medium", "Low", "Unknown")
# Which tables, when changed, can change what a list of sources or links shows.
SOURCE_TABLES = frozenset({"sources", "source_files", "claim_sources", "claims", "articles"})


def relation_icon(relation: str, size: int = 12) -> QIcon:
    return color_icon(RELATION_COLORS.get(relation, "#757575"), size)


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
            column.addLayout(widget_row(push_button("Add &files…", self._choose_files),
                                 push_button("Remove", self._remove_file), None))
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
        layout.addWidget(accept_buttons(self)[0])
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
        self.relation_group = QButtonGroup(self)
        self.relation_buttons: dict[str, QRadioButton] = {}
        for r, label in zip(RELATIONS, ("&Supports", "R&efutes", "&Context"), strict=True):
            button = QRadioButton(label)
            button.setIcon(relation_icon(r))
            self.relation_group.addButton(button)
            self.relation_buttons[r] = button
        form.addRow("Relation", widget_row(*self.relation_buttons.values(), None))
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
            self.existing = QRadioButton("An &existing source")
            self.new = QRadioButton("A &new source")
            layout.addLayout(widget_row(self.existing, self.new, None))
            self.pages = QStackedWidget()
            pick = QWidget()
            pick_layout = QVBoxLayout(pick)
            pick_layout.setContentsMargins(0, 0, 0, 0)
            self.filter = filter_field("Filter by title, publisher, URL or notes", self._fill_sources)
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
        layout.addWidget(accept_buttons(self, "Save" if link else "Link")[0])
        self.resize(self.fontMetrics().averageCharWidth() * 80, self.fontMetrics().height() * 40)

    def _fill_sources(self, select: str | None = None) -> None:
        current = select or self.selected_source_id()
        self.source_list.clear()
        for s in list_sources(self.project, self.filter.text()):
            detail = ", ".join(x for x in (s.kind, s.publisher, s.published) if x)
            item = add_list_item(self.source_list, f"{s.title}  —  {detail}", s.id, tip=s.url or s.title)
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

