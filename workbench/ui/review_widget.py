"""Second-person review and corrections in the window.

- ``ReviewWidget``, under a claim in the inspector: where its verdict stands (given by whom, approved or
  sent back by whom) with *Approve* and *Send back…*; and the dialog asking for a correction note when a
  published claim's verdict, speaker or quote is changed (``ask_correction``).
- ``install(shell)``: Tools → *Require second-person review* (the project's setting, kept in the file).

The rules themselves are ``ops.review``'s; a refusal comes back as the runner's error dialog naming it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QInputDialog, QLabel, QVBoxLayout, QWidget

from workbench import ops
from workbench.store.queries_review import list_corrections, review_required, review_state
from workbench.ui.common import push_button, widget_row

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from workbench.store import Changes
    from workbench.ui.host import Shell
    from workbench.ui.operations import OperationRunner

FIELD_NAMES = {"verdict": "verdict", "speaker": "speaker", "extent": "quote"}


def ask_correction(runner: OperationRunner, claim_id: str, changes: dict[str, Any]) -> dict[str, str] | None:
    """For an edit of a published claim that changes its verdict, speaker or quote (``changes``: field → new
    value; ``extent`` for the quote), ask for the correction note. Returns the keyword to add to the
    operation (``{}`` when no note is needed) or None when the journalist cancelled."""
    project = runner.project
    row = project.row("claims", claim_id) if project is not None else None
    from workbench.ops.review import PUBLISHED

    if row is None or row["status"] != PUBLISHED:
        return {}
    changed = [f for f, v in changes.items() if f in FIELD_NAMES and (f == "extent" or row.get(f) != v)]
    if not changed:
        return {}
    what = " and ".join(FIELD_NAMES[f] for f in changed)
    while True:
        note, ok = QInputDialog.getMultiLineText(
            runner.widget, "Correction note",
            f"This claim is published. Say what was corrected in its {what} and why; the note goes into the "
            "corrections log and the report.")
        if not ok:
            return None
        if note.strip():
            return {"correction": note.strip()}
        runner.show_error("Correction note", "A published claim is corrected only with a note saying why.")


class ReviewWidget(QWidget):
    """The review of the shown claim's verdict, with Approve / Send back…."""

    def __init__(self, runner: OperationRunner, current_claim: Callable[[], str | None]) -> None:
        super().__init__()
        self.runner = runner
        self.current_claim = current_claim
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.state = QLabel()
        self.state.setWordWrap(True)
        layout.addWidget(self.state)
        self.approve_button = push_button("Appr&ove", self.approve,
                                          "Approve this verdict as a second person (not your own verdict)")
        self.send_back_button = push_button("Send &back…", self.send_back,
                                            "Send the verdict back to its author with a note saying why")
        layout.addLayout(widget_row(self.approve_button, self.send_back_button, None))
        runner.changed.connect(self._changed)
        self.show_claim(None)

    def _changed(self, changes: Changes) -> None:
        if changes.tables & {"claims", "reviews", "corrections", "meta"}:
            self.show_claim(self.current_claim())

    def show_claim(self, claim_id: str | None) -> None:
        project = self.runner.project
        state = review_state(project, claim_id) if project is not None and claim_id else None
        self.approve_button.setEnabled(state is not None and not state.approved)
        self.send_back_button.setEnabled(state is not None)
        if project is None or not claim_id:
            self.state.setText("")
            return
        lines = []
        if state is None:
            lines.append("No verdict yet to review.")
        else:
            by = f" by {state.verdict_by}" if state.verdict_by else ""
            if state.approved:
                lines.append(f"Verdict “{state.verdict}”{by}: approved by {state.approved_by} "
                             f"({state.approved_at[:16].replace('T', ' ')} UTC).")
            elif state.sent_back_by:
                lines.append(f"Verdict “{state.verdict}”{by}: sent back by {state.sent_back_by}: "
                             f"{state.sent_back_note}")
            else:
                need = " Needs approval by someone else before it is published." if review_required(project) else ""
                lines.append(f"Verdict “{state.verdict}”{by}: not reviewed yet.{need}")
        corrections = list_corrections(project, claim_id)
        if corrections:
            last = corrections[-1]
            lines.append(f"Corrected {len(corrections)} time(s); last by {last.author or '?'}: {last.note}")
        self.state.setText("\n".join(lines))

    def approve(self) -> None:
        claim_id = self.current_claim()
        if claim_id and self.runner.run(ops.review_claim, claim_id=claim_id, approve=True) is not None:
            self.runner.show_status("Verdict approved.", 4000)

    def send_back(self) -> None:
        claim_id = self.current_claim()
        if not claim_id:
            return
        note, ok = QInputDialog.getMultiLineText(self.runner.widget, "Send back",
                                                 "Why is the verdict sent back? (Its author sees this note.)")
        if ok and self.runner.run(ops.review_claim, claim_id=claim_id, approve=False, note=note) is not None:
            self.runner.show_status("Verdict sent back.", 4000)


def install(shell: Shell) -> QAction:
    """Tools → Require second-person review (checkable; the open project's setting)."""
    runner = shell.runner

    def toggle() -> None:
        if runner.project is not None:
            runner.run(ops.update_settings, require_review=action.isChecked())
        sync()

    action = shell.add_action("tools", "Require second-person &review", toggle,
                              tip="Publish a claim only after someone other than its verdict's author approved it")
    action.setCheckable(True)

    def sync(*_args: object) -> None:
        project = runner.project
        action.setChecked(project is not None and review_required(project))

    runner.enable_with_project(action, lambda p: p is not None and not p.read_only)
    runner.project_opened.connect(sync)
    runner.changed.connect(sync)
    sync()
    return action
