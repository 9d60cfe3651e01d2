"""The claim's sources, in the claim inspector: every source linked to the selected claim with how it
relates to it; link, edit and remove links, show a source in the Sources panel, or drop files on it to
make them new sources linked to the claim. Every change runs through the operation runner."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QInputDialog,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from workbench import ops
from workbench.core.errors import NotFoundError
from workbench.store import Changes
from workbench.store.queries_sources import SourceLink, claim_links, get_link
from workbench.store.schema import RELATIONS
from workbench.ui.common import FileDrops, Panel, action_bar
from workbench.ui.operations import OperationRunner
from workbench.ui.source_dialogs import SOURCE_TABLES, LinkSourceDialog, relation_icon

if TYPE_CHECKING:
    from workbench.ui.host import Host


class ClaimSourcesWidget(Panel):
    """The selected claim's sources with how each relates to it; link, edit and remove links, or drop a
    file here to make it a new source linked to the claim.

    The host calls ``show_claim(claim_id)`` whenever it shows another claim; the widget refreshes itself
    after every operation, undo and redo.
    """

    def __init__(self, runner: OperationRunner, host: Host) -> None:
        super().__init__(runner, host)
        self.claim_id: str | None = None
        self.drops = FileDrops(self, lambda: self.claim_id is not None,
                               lambda paths, _event: self.add_files_as_sources(paths))
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
            kind = "transcript" if Path(path).suffix.lower() in (".vtt", ".srt") else "document"
            self.runner.run(ops.add_source, title=Path(path).stem, kind=kind, files=[path],
                                claim_id=self.claim_id, relation=relation)
