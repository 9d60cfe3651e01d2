"""The claim inspector: everything known about the selected claim, edited in place.

Every edit goes through the operation runner at once (so it is saved and undoable); free-text fields
are committed when the journalist pauses typing or leaves the field, so one undo step is one thought,
not one keystroke.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from workbench import ops
from workbench.core.errors import NotFoundError
from workbench.core.model import Claim
from workbench.store.queries import get_claim, speakers, tag_names, verdict_scale
from workbench.store.schema import STATUSES
from workbench.ui.common import add_list_item, color_icon
from workbench.ui.note_edit import NoteEdit
from workbench.ui.operations import OperationRunner

if TYPE_CHECKING:
    from workbench.ui.host import Host



class ClaimInspector(QScrollArea):
    """Shows and edits one claim of the open project. Typing not saved yet is saved before an undo, a merge
    or closing the project (the runner's ``flush_requested`` and ``closing``)."""

    def __init__(self, runner: OperationRunner, host: Host, *, lazy: bool = False) -> None:
        """``lazy``: the claim's fields and sections are built when first needed (``build_form``: a claim
        shown, the window's features installed), not with the inspector: the window's first frame shows
        no claim yet and need not wait for them."""
        super().__init__()
        self.runner = runner
        self.host = host
        self.claim: Claim | None = None
        self._speaker_saved = ""  # the speaker as the file had it when the field last showed it
        self.setWidgetResizable(True)
        body = QWidget()
        self.setWidget(body)
        self._outer = QVBoxLayout(body)

        self.empty_label = QLabel("Select a highlight in the article, or select text and press Ctrl+M to mark a claim.")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._outer.addWidget(self.empty_label)
        self.form_widget: QWidget | None = None
        if not lazy:
            self.build_form()
        runner.flush_requested.connect(self.flush_pending)
        runner.closing.connect(lambda: self.show_claim(None))  # saves typing still pending into it first

    def build_form(self) -> None:
        """The claim's fields and its sections (checked before, sources, review, history, verification);
        once."""
        if self.form_widget is not None:
            return
        from PySide6.QtCore import QStringListModel
        from PySide6.QtWidgets import QCompleter, QFormLayout

        from workbench.ui.checked_before import CheckedBefore
        from workbench.ui.claim_sources import ClaimSourcesWidget
        from workbench.ui.history_dialog import ClaimHistoryButton
        from workbench.ui.review_widget import ReviewWidget
        from workbench.ui.verification import VerificationWidget

        runner, host, outer = self.runner, self.host, self._outer
        self.form_widget = QWidget()
        form = QFormLayout(self.form_widget)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.quote = QLabel()
        self.quote.setWordWrap(True)
        self.quote.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.quote.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow("Quote", self.quote)
        self.checked_before = CheckedBefore(runner, host)  # earlier fact-checks of it, in view with the quote
        form.addRow(self.checked_before)

        self.speaker = QLineEdit()
        self.speaker.setPlaceholderText("Who said it?")
        self._speaker_model = QStringListModel(self)
        completer = QCompleter(self._speaker_model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.speaker.setCompleter(completer)
        self.speaker.editingFinished.connect(self._commit_speaker)
        form.addRow("&Speaker", self.speaker)

        tags_box = QWidget()
        tags_layout = QVBoxLayout(tags_box)
        tags_layout.setContentsMargins(0, 0, 0, 0)
        self.tag_list = QListWidget()
        self.tag_list.setMaximumHeight(self.fontMetrics().lineSpacing() * 4)
        self.tag_list.setToolTip("Tags of this claim; select one and press Delete to remove it")
        self.tag_list.installEventFilter(self)
        tags_layout.addWidget(self.tag_list)
        row = QHBoxLayout()
        self.tag_input = QLineEdit()
        self.tag_input.setPlaceholderText("Add tag…")
        self.tag_input.setToolTip("Type a tag (new or existing) and press Enter")
        self._tag_model = QStringListModel(self)
        tag_completer = QCompleter(self._tag_model, self)
        tag_completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.tag_input.setCompleter(tag_completer)
        self.tag_input.returnPressed.connect(self._add_tag)
        row.addWidget(self.tag_input)
        self.remove_tag_button = QPushButton("Remove")
        self.remove_tag_button.clicked.connect(self._remove_tag)
        row.addWidget(self.remove_tag_button)
        tags_layout.addLayout(row)
        form.addRow("Ta&gs", tags_box)

        self.status = QComboBox()
        self.status.addItems(STATUSES)
        self.status.activated.connect(lambda _i: self._update(status=self.status.currentText()))
        form.addRow("Stat&us", self.status)

        self.verdict = QComboBox()
        self.verdict.activated.connect(lambda _i: self._update(verdict=self.verdict.currentData() or ""))
        form.addRow("Ve&rdict", self.verdict)

        self.note = NoteEdit(lambda text: self._update(note=text), "Note for the report (Markdown)")
        form.addRow("&Note", self.note)
        self.private_note = NoteEdit(lambda text: self._update(private_note=text),
                                     "Private note (left out of shared copies and reports on request)")
        form.addRow("&Private", self.private_note)
        # Notes get a few lines each (they scroll), so the sources below stay in view on a laptop screen.
        line = self.fontMetrics().lineSpacing()
        self.note.setFixedHeight(line * 6)
        self.private_note.setFixedHeight(line * 3 + line // 2)

        self.sources = ClaimSourcesWidget(runner, host)
        form.addRow(self.sources)  # titled by itself

        self.review = ReviewWidget(runner, lambda: self.claim.id if self.claim else None)
        form.addRow("Review", self.review)
        self.meta = QLabel()
        self.meta.setWordWrap(True)
        self.meta.setEnabled(False)  # greyed: information, not a control
        form.addRow(self.meta)
        self.history_button = ClaimHistoryButton(runner, lambda: self.claim.id if self.claim else None)
        form.addRow(self.history_button)
        outer.addWidget(self.form_widget)
        # Below the form, not a row of it: a form row does not grow with its wrapped text.
        self.verification = VerificationWidget(runner, host)
        outer.addWidget(self.verification)
        outer.addStretch(1)
        self.setFocusProxy(self.speaker)  # View → Go to claim inspector (Alt+3)
        self.form_widget.setVisible(False)

    # -- showing -------------------------------------------------------------------------------------

    def flush_pending(self) -> None:
        """Save what is typed but not saved yet (speaker, notes) to the claim shown. Called before the
        shown claim changes, before undo/redo, and before the project closes."""
        project = self.runner.project
        if self.claim is None or project is None or project.row("claims", self.claim.id) is None:
            return  # nothing shown, or the claim is gone (deleted, undone): nothing to save it to
        self._commit_speaker()
        for note in (self.note, self.private_note):
            note.flush()

    def show_claim(self, claim_id: str | None) -> None:
        """Show a claim (None: nothing selected); what was typed for the previous claim is saved first."""
        same = self.claim is not None and claim_id == self.claim.id
        if not same:
            self.flush_pending()
        project = self.runner.project
        claim = None
        if claim_id and project is not None:
            try:
                claim = get_claim(project, claim_id)
            except NotFoundError:
                claim = None
        self.claim = claim
        if claim is not None:
            self.build_form()
        if self.form_widget is None:
            self.empty_label.setVisible(True)
            return
        self.sources.show_claim(claim.id if claim is not None else None)
        self.verification.show_claim(claim.id if claim is not None else None)
        self.checked_before.show_claim(claim)
        self.review.show_claim(claim.id if claim is not None else None)
        self.form_widget.setVisible(claim is not None)
        self.empty_label.setVisible(claim is None)
        if claim is None or project is None:
            return
        self.quote.setText(f"“{claim.exact}”" + ("" if claim.anchored else "\n(orphan: not found in the article)"))
        # Typing is kept only when it differs from what the field last showed as saved: after an undo the
        # file's value differs from the field too, but the journalist typed nothing, so the field follows.
        if not (same and self._speaker_typed()):
            self.speaker.setText(claim.speaker)
        self._speaker_saved = claim.speaker
        self._speaker_model.setStringList(speakers(project))
        self._tag_model.setStringList(tag_names(project))
        self.tag_list.clear()
        for tag in claim.tags:
            add_list_item(self.tag_list, tag.name, tag.id, color=tag.color)
        self.status.setCurrentText(claim.status)
        self.verdict.clear()
        self.verdict.addItem("— no verdict —", "")
        for v in verdict_scale(project):
            self.verdict.addItem(color_icon(v.color), v.label, v.label)
        self.verdict.setCurrentIndex(max(0, self.verdict.findData(claim.verdict)))
        self.note.load(claim.note, keep_typing=same)
        self.private_note.load(claim.private_note, keep_typing=same)
        by = f" by {claim.created_by}" if claim.created_by else ""
        self.meta.setText(
            f"Created {_when(claim.created_at)}{by}; updated {_when(claim.updated_at)}"
            + (f" by {claim.updated_by}" if claim.updated_by else "")
        )

    def refresh(self) -> None:
        self.show_claim(self.claim.id if self.claim else None)

    # -- editing -------------------------------------------------------------------------------------

    def _update(self, **values: str) -> bool:
        """Save values on the shown claim; False when refused (the window has said why)."""
        from workbench.ui.review_widget import ask_correction

        correction = ask_correction(self.runner, self.claim.id, values) if self.claim is not None else None
        if correction is None:  # no claim, or the correction note was not given: show the stored values again
            self.speaker.setText(self._speaker_saved)
            self.refresh()
            return False
        return self.runner.run(ops.update_claim, claim_id=self.claim.id, **values, **correction) is not None

    def _speaker_typed(self) -> bool:
        return self.claim is not None and " ".join(self.speaker.text().split()) != self._speaker_saved

    def _commit_speaker(self) -> None:
        if self._speaker_typed() and self._update(speaker=self.speaker.text()):
            self._speaker_saved = " ".join(self.speaker.text().split())

    def _add_tag(self) -> None:
        name = self.tag_input.text().strip()
        if (self.claim is not None and name
                and self.runner.run(ops.tag_claim, claim_id=self.claim.id, name=name) is not None):
            self.tag_input.clear()

    def _remove_tag(self) -> None:
        item = self.tag_list.currentItem()
        if self.claim is not None and item is not None:
            self.runner.run(ops.untag_claim, claim_id=self.claim.id, tag_id=item.data(Qt.ItemDataRole.UserRole))

    def eventFilter(self, obj, event) -> bool:
        from PySide6.QtCore import QEvent
        from PySide6.QtGui import QKeyEvent

        # getattr: Qt delivers events to the filter while __init__ is still building the widgets.
        is_key = event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
        if (obj is getattr(self, "tag_list", None) and is_key
                and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)):
            self._remove_tag()
            return True
        return super().eventFilter(obj, event)


def _when(stamp: str) -> str:
    return stamp[:16].replace("T", " ") + " UTC" if stamp else "—"
