"""The quote against its sources, in the claim inspector: for each linked source a badge (Verbatim /
Spliced / Altered / Not found), where the words are (time, page, paragraph), who says them in the source
when that is someone else, the word diff, *Show in source*; and *Also quoted in*: the other articles of
the project carrying the quote, each opening that article at the quote.

Verifying runs by itself when a claim is shown and whenever its sources, files or quote change, in a worker
thread on its own read-only connection (``ops.verify``), so the window never waits for it. Text read from a
file for the first time comes back with the result and is kept in the project on the UI thread (the worker
cannot write: the window holds the project).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.core.errors import WorkbenchError
from workbench.store import Changes, Project, dberrors
from workbench.ui.common import Panel, close_buttons, push_button, widget_row
from workbench.ui.operations import OperationRunner

if TYPE_CHECKING:
    from workbench.ops.verify import ClaimVerification, SourceResult
    from workbench.ui.host import Host
    from workbench.verify import SourceText, TraceHit

# What a change must touch for the verification to be run again.
_TABLES = frozenset({"claims", "claim_sources", "sources", "source_files", "articles"})
# The badge of each status: words first (never colour alone), a sign, and a colour dark enough for white text
# on light and dark palettes alike.
BADGES = {
    "verbatim": ("Verbatim", "\u2714", "#2e7d32"),
    "spliced": ("Spliced", "\u2702", "#8e44ad"),
    "altered": ("Altered", "\u2260", "#c62828"),
    "not_found": ("Not found", "?", "#616161"),
    # A source with no text to compare (no file, a scan, an unreadable file): "Not found" there would read as
    # "the source does not say this", which nobody checked.
    "cannot_check": ("Cannot check", "\u2013", "#546e7a"),
}


def shown_status(result: SourceResult) -> str:
    """The badge a result gets: its status, or ``cannot_check`` when there was no text to compare with."""
    return "cannot_check" if result.unchecked else result.verification.status


def badge_html(status: str) -> str:
    """The badge of a status as rich text: sign and word, white on the status colour."""
    word, sign, colour = BADGES[status]
    return (f'<span style="background-color:{colour}; color:#ffffff; font-weight:bold">'
            f"&nbsp;{sign} {html.escape(word)}&nbsp;</span>")


def diff_html(diff: list[tuple[str, str]] | list[list[str]]) -> str:
    """The word diff as rich text: words only the source has struck through, words only the quote has
    underlined and bold, each on a tint (red, green) that reads on light and dark backgrounds; the marks
    alone tell them apart."""
    parts = []
    for op, text in diff:
        words = html.escape(text)
        if op == "delete":
            parts.append(f'<s style="background-color:rgba(229,57,53,0.28)" title="only in the source">{words}</s>')
        elif op == "insert":
            parts.append(f'<u style="background-color:rgba(67,160,71,0.30)"><b>{words}</b></u>')
        else:
            parts.append(words)
    return "".join(parts)


def verdict_line(result: SourceResult) -> str:
    """One line saying what was found where, for the badge's tooltip and accessibility."""
    v = result.verification
    word = BADGES[shown_status(result)][0]
    if result.unchecked:
        return f"{word} against {result.title}: {result.problem}"
    if v.status == "not_found":
        return f"{word} in {result.title}"
    where = f" at {v.locator}" if v.locator else ""
    return f"{word} in {result.title}{where} (similarity {v.similarity:.0%})"


# -- the worker ----------------------------------------------------------------------------------------


class _Bridge(QObject):
    """Carries a finished verification to the UI thread (queued: emitted from the worker)."""

    done = Signal(int, object)  # generation, _Outcome


@dataclass(slots=True)
class _Outcome:
    verification: ClaimVerification | None = None
    trace: list[TraceHit] = field(default_factory=list)
    pending: list[tuple[str, str, SourceText | None, str]] = field(default_factory=list)
    error: str = ""


class _VerifyRunnable(QRunnable):
    def __init__(self, generation: int, path: str, claim_id: str, bridge: _Bridge) -> None:
        super().__init__()
        self.generation, self.path, self.claim_id, self.bridge = generation, path, claim_id, bridge

    def run(self) -> None:
        from workbench.ops.verify import trace_claim, verify_claim

        outcome = _Outcome()
        try:
            with Project.open(self.path, read_only=True) as project:
                outcome.verification = verify_claim(project, self.claim_id, store=False, pending=outcome.pending)
                outcome.trace = trace_claim(project, self.claim_id)
        except WorkbenchError as exc:
            outcome.error = str(exc)
        except dberrors.Error as exc:
            outcome.error = f"The sources could not be read ({exc})."
        except Exception as exc:  # a bug must surface in the inspector, not vanish in a worker thread
            outcome.error = f"Verifying failed ({type(exc).__name__}: {exc})."
        self.bridge.done.emit(self.generation, outcome)


# -- showing a source's text ---------------------------------------------------------------------------


class SourceTextDialog(QDialog):
    """A source's text, read-only, with the found passage (each piece of a splice) highlighted and scrolled
    into view; the title says where it is (time, page, paragraph)."""

    def __init__(self, parent: QWidget | None, title: str, text: SourceText,
                 spans: list[tuple[int, int]], locator: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{title} — {locator}" if locator else title)
        self.resize(720, 520)
        layout = QVBoxLayout(self)
        self.where = QLabel(f"The passage is highlighted{' at ' + locator if locator else ''}.")
        layout.addWidget(self.where)
        self.view = QPlainTextEdit()
        self.view.setReadOnly(True)
        self.view.setPlainText(text.text)
        layout.addWidget(self.view)
        fmt = QTextCharFormat()
        palette = self.view.palette()
        fmt.setBackground(palette.color(QPalette.ColorRole.Highlight))
        fmt.setForeground(palette.color(QPalette.ColorRole.HighlightedText))
        selections = []
        for start, end in spans:
            sel = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.view.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            sel.cursor, sel.format = cursor, fmt  # type: ignore[attr-defined]
            selections.append(sel)
        self.view.setExtraSelections(selections)
        self.spans = spans
        if spans:
            cursor = QTextCursor(self.view.document())
            cursor.setPosition(spans[0][0])
            self.view.setTextCursor(cursor)
            self.view.centerCursor()
        layout.addWidget(close_buttons(self))


# -- one source's result -------------------------------------------------------------------------------


class SourceResultView(QFrame):
    """One linked source's verdict: badge, where, speaker warning, diff, and *Show in source*."""

    def __init__(self, result: SourceResult, speaker: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result = result
        v = result.verification
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        top = QHBoxLayout()
        self.badge = QLabel(badge_html(shown_status(result)))
        self.badge.setTextFormat(Qt.TextFormat.RichText)
        self.badge.setAccessibleName(BADGES[shown_status(result)][0])
        self.badge.setToolTip(verdict_line(result))
        top.addWidget(self.badge)
        where = f" at <b>{html.escape(v.locator)}</b>" if v.locator and v.status != "not_found" else ""
        self.where = QLabel(f"in <i>{html.escape(result.title)}</i>{where}")
        self.where.setTextFormat(Qt.TextFormat.RichText)
        self.where.setWordWrap(True)
        top.addWidget(self.where, 1)
        layout.addLayout(top)

        notes = []
        if v.status == "spliced":
            joined = ("the omission is marked (…)" if v.ellipsis
                      else "joined silently: the quote does not mark the omission")
            notes.append(f"Put together from {max(2, len(v.pieces))} passages; {joined}.")
        if v.speaker_in_source:
            claimed = f", not {speaker}" if speaker else ""
            notes.append(f"\u26a0 In the source these words are said by {v.speaker_in_source}{claimed}.")
        if result.problem and v.status == "not_found":
            notes.append(result.problem)
        elif v.status == "not_found":
            notes.append("Nothing in this source is close to the quote.")
        self.notes = QLabel("\n".join(notes))
        self.notes.setWordWrap(True)
        self.notes.setVisible(bool(notes))
        layout.addWidget(self.notes)

        self.diff = QLabel()
        self.diff.setTextFormat(Qt.TextFormat.RichText)
        self.diff.setWordWrap(True)
        self.diff.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if v.status in ("altered", "spliced") and v.diff:
            legend = ('<span style="font-size:small">(<s>struck</s>: only in the source; '
                      "<u><b>underlined</b></u>: only in the quote)</span>")
            self.diff.setText(f"{diff_html(v.diff)}<br>{legend}")
        self.diff.setVisible(bool(self.diff.text()))
        layout.addWidget(self.diff)
        # On a row of its own: the inspector is a narrow dock, and a button beside the title would set the
        # narrowest width it can have.
        self.show_button = push_button("Show in source", self.show_in_source,
                                       "The source's text with the passage highlighted")
        self.show_button.setVisible(result.text is not None and v.start is not None)
        layout.addLayout(widget_row(None, self.show_button))
        self.dialog: SourceTextDialog | None = None

    def show_in_source(self) -> None:
        r = self.result
        v = r.verification
        if r.text is None or v.start is None or v.end is None:
            return
        spans = [(p.start, p.end) for p in v.pieces] or [(v.start, v.end)]
        self.dialog = SourceTextDialog(self, r.file_name or r.title, r.text, spans, v.locator)
        self.dialog.open()


# -- the inspector's section ---------------------------------------------------------------------------


class VerificationWidget(Panel):
    """The selected claim against its sources, and where else the quote appears (see the module docstring).

    The inspector calls ``show_claim(claim_id)``; the widget runs again after every change to the claim,
    its links or the sources. ``finished`` is emitted after each result is shown (tests, status)."""

    finished = Signal()

    def __init__(self, runner: OperationRunner, host: Host) -> None:
        super().__init__(runner, host)
        self.claim_id: str | None = None
        self.outcome: _Outcome | None = None
        self._generation = 0
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._bridge = _Bridge(self)
        self._bridge.done.connect(self._on_done)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(9, 0, 9, 0)  # in line with the form above it
        heading = QLabel("<b>Quote in its sources</b>")
        layout.addWidget(heading)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.results_box = QVBoxLayout()
        self.results_box.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.results_box)
        self.results: list[SourceResultView] = []
        self.trace_label = QLabel("<b>Also quoted in</b>")
        layout.addWidget(self.trace_label)
        self.trace = QTreeWidget()
        self.trace.setHeaderLabels(["Published", "Quote", "Article", "Outlet"])
        self.trace.setRootIsDecorated(False)
        self.trace.setMaximumHeight(self.fontMetrics().height() * 8)
        self.trace.setToolTip("Double-click or press Enter to open the article at the quote")
        self.trace.itemActivated.connect(self._open_trace)
        layout.addWidget(self.trace)
        self.trace_empty = QLabel("No other article of this project carries this quote.")
        self.trace_empty.setEnabled(False)
        layout.addWidget(self.trace_empty)
        runner.changed.connect(self._on_changed)
        runner.project_opened.connect(lambda _p: self.show_claim(None))
        runner.closing.connect(self._on_closing)
        self.show_claim(None)

    # -- running -----------------------------------------------------------------------------------------

    def show_claim(self, claim_id: str | None) -> None:
        changed = claim_id != self.claim_id
        self.claim_id = claim_id
        self.setVisible(claim_id is not None)
        if changed or claim_id is None:
            self._show(None)
        self.verify()

    def verify(self) -> None:
        """Verify the shown claim again, in the background; a newer request makes an older result stale."""
        self._generation += 1
        project = self.runner.project
        if project is None or self.claim_id is None:
            self.status.setText("")
            return
        self.status.setText("Verifying the quote against its sources…")
        self._pool.start(_VerifyRunnable(self._generation, str(project.path), self.claim_id, self._bridge))

    def wait(self, msecs: int = 10_000) -> bool:
        """Block until no verification is running (closing, tests)."""
        return self._pool.waitForDone(msecs)

    def _on_closing(self) -> None:
        self._generation += 1  # whatever is running now is for a project going away
        self.wait()
        self.claim_id = None
        self._show(None)

    def _on_changed(self, changes: Changes) -> None:
        if self.claim_id is not None and changes.tables & _TABLES:
            self.verify()

    def _on_done(self, generation: int, outcome: _Outcome) -> None:
        if generation != self._generation:
            return  # a newer claim or change is already being verified
        project = self.runner.project
        if outcome.pending and project is not None and not project.read_only:
            from workbench.ops.verify import store_texts

            try:
                store_texts(project, outcome.pending)
            except (WorkbenchError, *dberrors.Error) as exc:  # a cache: the result is shown all the same
                self.runner.show_status(f"The source text was not kept ({exc}).", 5000)
        self._show(outcome)
        self.finished.emit()

    # -- showing -----------------------------------------------------------------------------------------

    def _show(self, outcome: _Outcome | None) -> None:
        self.outcome = outcome
        for view in self.results:
            self.results_box.removeWidget(view)
            view.deleteLater()
        self.results = []
        self.trace.clear()
        if outcome is None:
            self.status.setText("")
            self.trace_label.setVisible(False)
            self.trace.setVisible(False)
            self.trace_empty.setVisible(False)
            return
        if outcome.error:
            self.status.setText(outcome.error)
            return
        cv = outcome.verification
        assert cv is not None
        if not cv.results:
            self.status.setText("Link a source (a transcript, statement or document) to check the quote against it.")
        else:
            best = cv.best
            self.status.setText(f"Best: {verdict_line(best)}" if best is not None else "")
        for r in cv.results:
            view = SourceResultView(r, cv.speaker, self)
            self.results_box.addWidget(view)
            self.results.append(view)
        for hit in outcome.trace:
            d = hit.to_dict()
            item = QTreeWidgetItem([d["published"] or "undated", BADGES[d["status"]][0], d["title"], d["outlet"]])
            item.setData(0, Qt.ItemDataRole.UserRole, (d["article"], d["start"], d["end"]))
            item.setToolTip(2, " ".join(hit.verification.found.split()))
            self.trace.addTopLevelItem(item)
        for column in range(4):
            self.trace.resizeColumnToContents(column)
        self.trace_label.setVisible(True)
        self.trace.setVisible(bool(outcome.trace))
        self.trace_empty.setVisible(not outcome.trace)

    def _open_trace(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        data: Any = item.data(0, Qt.ItemDataRole.UserRole)
        if data:
            article, start, end = data
            self.host.open_article(article, start, end)
