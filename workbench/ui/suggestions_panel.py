"""The Suggestions panel: proposed quotes with their speakers, to accept as claims or dismiss.

Suggestions appear in the reader as dashed underlines and in a list. Enter accepts the selected one
(a claim with that speaker), Delete dismisses it (remembered for the article), and "Accept all ≥"
accepts every suggestion at or above a confidence in one undoable step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QTreeWidgetItem,
    QVBoxLayout,
)

from workbench.ops.suggestions import (
    accept_suggestions,
    detect_in_article,
    dismiss_suggestion,
    remaining_suggestions,
)
from workbench.ui.common import Panel, flat_tree, push_button
from workbench.ui.operations import OperationRunner
from workbench.ui.reader import ArticleReader

if TYPE_CHECKING:  # annotations only: the detector loads on first use
    from workbench.detect import Suggestion
    from workbench.ui.host import Host, Shell


class SuggestionsPanel(Panel):
    """The suggestions for one article of the runner's project, drawn in ``reader`` as well."""

    def __init__(self, runner: OperationRunner, host: Host, reader: ArticleReader) -> None:
        super().__init__(runner, host)
        self.reader = reader
        self.article_id: str | None = None  # the article the list belongs to; None: not run
        self.suggestions: list[Suggestion] = []
        self._proposed: list[Suggestion] = []  # the detector's output for ``article_id``
        layout = QVBoxLayout(self)
        self.info = QLabel("Press “Suggest quotes” to find the quotations in this article.")
        self.info.setWordWrap(True)
        layout.addWidget(self.info)
        self.run_button = push_button("Suggest quotes", self.run)
        layout.addWidget(self.run_button)
        self.list = flat_tree(["Quote", "Speaker", "Confidence"],
                              selection=QAbstractItemView.SelectionMode.ExtendedSelection)
        # Quotes of one speech often start alike ("Thank you, Chair…"): cut in the middle, so each row
        # shows its own beginning and end.
        self.list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.list.currentItemChanged.connect(self._show_current)
        self.list.itemDoubleClicked.connect(lambda _i, _c: self.accept_selected())
        self.list.installEventFilter(self)
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.accept_button = push_button("Accept", self.accept_selected, "Make the selected suggestions claims (Enter)")
        self.dismiss_button = push_button("Dismiss", self.dismiss_selected,
                                          "Not a claim; don't suggest it again for this article (Delete)")
        row.addWidget(self.accept_button)
        row.addWidget(self.dismiss_button)
        layout.addLayout(row)
        row = QHBoxLayout()
        self.threshold = QDoubleSpinBox(minimum=0.0, maximum=1.0, singleStep=0.05, value=0.8, decimals=2)
        self.accept_all_button = push_button("Accept all ≥", self.accept_above)
        row.addWidget(self.accept_all_button)
        row.addWidget(self.threshold)
        layout.addLayout(row)
        runner.changed.connect(lambda _c: self._refresh())
        runner.project_opened.connect(lambda _p: self.clear())
        reader.article_changed.connect(self._article_changed)
        self._update_buttons()

    # -- running -------------------------------------------------------------------------------------

    def run(self) -> None:
        """Suggest quotes for the host's current article."""
        project, article_id = self.runner.project, self.host.current_article_id()
        if project is None or article_id is None:
            self.info.setText("Open an article first.")
            return
        self.article_id = article_id
        # What the detector proposes depends on the text alone (an article's text never changes): kept, so
        # accepting or dismissing only filters it again instead of reading a long article once more.
        self._proposed = detect_in_article(project, article_id)
        self._load(remaining_suggestions(project, article_id, self._proposed))

    def _article_changed(self, article_id: str | None) -> None:
        # Suggestions belong to one article: another article shown means recompute them for it when the
        # journalist is looking at the list, else forget them (Accept must never add to an unseen article).
        if article_id == self.article_id or self.article_id is None:
            return
        if article_id is not None and not self.visibleRegion().isEmpty():  # in front, not a hidden tab
            self.run()
        else:
            self.clear()

    def clear(self) -> None:
        self.article_id = None
        self._proposed = []
        self._load([])
        self.info.setText("Press “Suggest quotes” to find the quotations in this article.")

    def _refresh(self) -> None:
        project = self.runner.project
        if project is None or self.article_id is None:
            return
        if self.article_id != self.host.current_article_id() or project.row("articles", self.article_id) is None:
            self.clear()
            return
        self._load(remaining_suggestions(project, self.article_id, self._proposed))

    def _load(self, suggestions: list[Suggestion]) -> None:
        current = self._selected()
        self.suggestions = suggestions
        self.list.clear()
        for s in suggestions:
            item = QTreeWidgetItem([f"“{s.quote}”", s.speaker or "?", f"{s.confidence:.2f}"])
            item.setToolTip(0, f"{s.quote}\n\n{s.speaker or 'unknown speaker'} — {s.cue or 'no cue'}")
            item.setData(0, Qt.ItemDataRole.UserRole, s)
            self.list.addTopLevelItem(item)
        if self.article_id is not None:
            self.info.setText(f"{len(suggestions)} suggestion(s). Enter accepts, Delete dismisses."
                              if suggestions else "No (more) quotes found in this article.")
        if self.host.current_article_id() == self.article_id:
            self.reader.set_suggestions([(s.start, s.end) for s in suggestions])
        if current and self.list.topLevelItemCount():
            # Keep the journalist's place: select the suggestion that now stands where the handled one was.
            later = [i for i, s in enumerate(suggestions) if s.start >= current[0].start]
            index = later[0] if later else len(suggestions) - 1
            self.list.setCurrentItem(self.list.topLevelItem(index))
        self._update_buttons()

    # -- acting --------------------------------------------------------------------------------------

    def _selected(self) -> list[Suggestion]:
        return [item.data(0, Qt.ItemDataRole.UserRole) for item in self.list.selectedItems()]

    def accept_selected(self) -> None:
        chosen = self._selected()
        if chosen and self.article_id:
            self.runner.run(accept_suggestions, article_id=self.article_id, suggestions=chosen)

    def accept_above(self) -> None:
        chosen = [s for s in self.suggestions if s.confidence >= self.threshold.value()]
        if chosen and self.article_id:
            self.runner.run(accept_suggestions, article_id=self.article_id, suggestions=chosen)

    def dismiss_selected(self) -> None:
        for s in self._selected():
            if self.article_id:
                self.runner.run(dismiss_suggestion, article_id=self.article_id, suggestion=s)

    def _show_current(self, item: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        self._update_buttons()
        if item is not None and self.article_id == self.host.current_article_id():
            s: Suggestion = item.data(0, Qt.ItemDataRole.UserRole)
            self.reader.select_span(s.start, s.end)

    def _update_buttons(self) -> None:
        has = bool(self.suggestions)
        self.accept_button.setEnabled(has)
        self.dismiss_button.setEnabled(has)
        self.accept_all_button.setEnabled(has)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is getattr(self, "list", None) and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.accept_selected()
                return True
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.dismiss_selected()
                return True
        return super().eventFilter(obj, event)


def install(shell: Shell) -> SuggestionsPanel:
    """Add the Suggestions panel (tabbed with the claim inspector) and "Suggest quotes" (Ctrl+Shift+Q)."""
    panel = SuggestionsPanel(shell.runner, shell, shell.reader)
    dock = shell.add_panel(panel, "Suggestions", "suggestions", tab_with="inspector")

    def suggest() -> None:
        dock.show()
        dock.raise_()
        panel.run()
        panel.list.setFocus()
        if panel.list.topLevelItemCount():
            panel.list.setCurrentItem(panel.list.topLevelItem(0))

    action = shell.add_action("claim", "S&uggest quotes", suggest, "Ctrl+Shift+Q",
                              "Find the quotations in this article and who said them", toolbar=True)
    shell.runner.enable_with_project(action)
    return panel
