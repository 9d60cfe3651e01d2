"""File → Share a copy… and File → Merge another project… in the real window: the copy on disk has what
the checkboxes said, the merge lands in the file with its report (after a backup, not undoable), a refused merge
changes nothing, and a project open in another window is offered as a copy."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from workbench import ops
from workbench.ops.share import share_project
from workbench.store import Project
from workbench.store.queries import list_claims
from workbench.ui import merge_dialog
from workbench.ui.main_window import MainWindow
from workbench.ui.merge_dialog import MergeReportDialog, ShareDialog


def _claim(project: Project, quote: str) -> Any:
    return next(c for c in list_claims(project) if c.exact == quote)


def _action(window: MainWindow, text: str) -> Any:
    found = [a for a in window.menus["file"].actions() if a.text().replace("&", "") == text]
    assert len(found) == 1, [a.text() for a in window.menus["file"].actions()]
    return found[0]


def _save_to(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(path), "")))


def _open_from(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), "")))


@pytest.fixture
def colleague_copy(sample_path: Path, tmp_path: Path) -> Path:
    """Ben's copy of the sample project, with his edits: one conflicting with Anna's, one not."""
    with Project.open(sample_path, author="Anna") as anna:
        out = share_project(anna, dest=tmp_path / "ben.fcproj")
    with Project.open(out, author="Ben") as ben:
        ops.update_claim(ben, claim_id=_claim(ben, "hoax").id, speaker="Dmitry Peskov")
        ops.update_claim(ben, claim_id=_claim(ben, "highly likely").id, note="Ben's note")
    return out


def test_both_actions_are_in_the_file_menu_and_follow_the_project(window: MainWindow, sample_path: Path) -> None:
    share, merge = _action(window, "Share a copy…"), _action(window, "Merge another project…")
    assert not share.isEnabled() and not merge.isEnabled()
    window.open_project(sample_path)
    assert share.isEnabled() and merge.isEnabled()
    window.session.close()
    assert not share.isEnabled()


def test_share_dialog_leaves_private_notes_out_unless_asked(qtbot) -> None:
    dialog = ShareDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.options() == {"private_notes": False, "history": True, "attachments": True, "full_history": False}
    for box in (dialog.private_notes, dialog.attachments):  # click the box itself, at the left
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert dialog.options() == {"private_notes": True, "history": True, "attachments": False, "full_history": False}


def test_share_a_copy_writes_what_the_checkboxes_say(window: MainWindow, sample_path: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    window.open_project(sample_path)
    claim = _claim(window.project, "hoax").id
    window.runner.run(ops.update_claim, claim_id=claim, private_note="my contact at the embassy")

    def accept_without_history(dialog: ShareDialog) -> int:
        dialog.history.setChecked(False)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ShareDialog, "exec", accept_without_history)
    _save_to(monkeypatch, tmp_path / "for ben")  # the suffix is added
    _action(window, "Share a copy…").trigger()
    out = tmp_path / "for ben.fcproj"
    with Project.open(out) as copy:
        assert copy.check() == []
        assert _claim(copy, "hoax").private_note == ""
        assert copy.conn.execute("SELECT count(*) FROM history").fetchone()[0] == 0
    assert _claim(window.project, "hoax").private_note == "my contact at the embassy"
    assert window.runner.undo_stack.count() == 1  # sharing is not an edit of the project


def test_merge_lands_in_the_file_with_its_report_and_is_not_undoable(window: MainWindow, sample_path: Path,
                                                      colleague_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window.open_project(sample_path)
    window.runner.run(ops.update_claim, claim_id=_claim(window.project, "hoax").id, speaker="Kremlin press office")
    shown: list[MergeReportDialog] = []
    monkeypatch.setattr(MergeReportDialog, "exec", lambda self: shown.append(self) or 0)
    _open_from(monkeypatch, colleague_copy)
    refreshed: list[Any] = []
    window.runner.changed.connect(refreshed.append)
    _action(window, "Merge another project…").trigger()

    with Project.open(sample_path, read_only=True) as stored:
        assert _claim(stored, "highly likely").note == "Ben's note"
        assert _claim(stored, "hoax").speaker == "Kremlin press office"  # Anna's edit is the later one
    (dialog,) = shown
    assert dialog.table.rowCount() == 1
    cells = [dialog.table.item(0, c).text() for c in range(dialog.table.columnCount())]
    assert cells[1:] == ["speaker", "Kremlin press office", "Dmitry Peskov", "edited on both sides"]
    assert "“hoax”" in cells[0]
    assert "Merged ben.fcproj" in dialog.summary.text() and "Restore from backup" in dialog.summary.text()
    assert Path(dialog.report.backup_path).name in dialog.summary.text()
    assert refreshed and refreshed[-1] is dialog.report  # the views refresh from the merge's changes
    # Undoing a merge would record Ben's work as deleted and a later merge would delete it from his copy,
    # so the merge (and the steps before it, whose row images it outdates) leave the undo stack; the
    # backup named in the report is the way back.
    assert window.runner.undo_stack.count() == 0 and not window.act_undo.isEnabled()
    assert dialog.report.backup_path and Path(dialog.report.backup_path).exists()


def test_double_clicking_a_claim_conflict_shows_the_claim(window: MainWindow, sample_path: Path,
                                                          colleague_copy: Path, qtbot,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    window.open_project(sample_path)
    window.runner.run(ops.update_claim, claim_id=_claim(window.project, "hoax").id, speaker="Kremlin press office")
    shown: list[MergeReportDialog] = []
    monkeypatch.setattr(MergeReportDialog, "exec", lambda self: shown.append(self) or 0)
    _open_from(monkeypatch, colleague_copy)
    _action(window, "Merge another project…").trigger()
    dialog = shown[0]
    dialog.table.itemDoubleClicked.emit(dialog.table.item(0, 0))
    assert window.current_claim_id() == _claim(window.project, "hoax").id


def test_nothing_to_merge_says_so_and_adds_no_undo_step(window: MainWindow, sample_path: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    window.open_project(sample_path)
    same = share_project(window.project, dest=tmp_path / "same.fcproj")
    shown: list[MergeReportDialog] = []
    monkeypatch.setattr(MergeReportDialog, "exec", lambda self: shown.append(self) or 0)
    _open_from(monkeypatch, same)
    _action(window, "Merge another project…").trigger()
    assert "Nothing to merge" in shown[0].summary.text()
    assert not shown[0].table.isVisible()
    assert window.runner.undo_stack.count() == 0


def test_a_refused_merge_shows_why_and_changes_nothing(window: MainWindow, sample_path: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    window.open_project(sample_path)
    bogus = tmp_path / "minutes.fcproj"
    bogus.write_text("not a project", encoding="utf-8")
    errors: list[tuple[str, str]] = []
    monkeypatch.setattr(window.runner, "show_error", lambda title, message: errors.append((title, message)))
    monkeypatch.setattr(MergeReportDialog, "exec", lambda self: pytest.fail("no report for a refused merge"))
    _open_from(monkeypatch, bogus)
    _action(window, "Merge another project…").trigger()
    assert len(errors) == 1 and "minutes.fcproj: is not a Fact-Check Workbench project" in errors[0][1]
    assert window.runner.undo_stack.count() == 0
    assert list(tmp_path.glob("*.before-merge-*")) == []


HOLDER = textwrap.dedent("""
    import sys
    from workbench.store import Project
    project = Project.open(sys.argv[1])
    print("ready", flush=True)
    sys.stdin.read()
""")


def test_a_project_open_in_another_window_can_be_opened_as_a_copy(window: MainWindow, sample_path: Path,
                                                                   tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(sample_path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, env={**os.environ})
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        try:
            Project.open(sample_path)
        except Exception as exc:  # the error under test
            error = exc
        assert f"pid {holder.pid}" in str(error)
        asked: list[str] = []

        def answer(box: QMessageBox) -> int:
            asked.append(box.text())
            for button in box.buttons():
                if button.text() == "Open a copy":
                    button.click()
            return 0

        monkeypatch.setattr(QMessageBox, "exec", answer)
        _save_to(monkeypatch, tmp_path / "my copy.fcproj")
        assert merge_dialog.offer_copy(window.session, sample_path, error) is True
        assert "already open in another window" in asked[0]
        assert window.project is not None and window.project.path == tmp_path / "my copy.fcproj"
        assert len(list_claims(window.project)) == 3
        assert not window.project.read_only
    finally:
        holder.kill()
        holder.wait()


def test_other_errors_are_not_offered_a_copy(window: MainWindow, tmp_path: Path) -> None:
    from workbench.core.errors import ProjectFileError

    assert merge_dialog.offer_copy(window.session, tmp_path / "x.fcproj", ProjectFileError("damaged")) is False


def test_a_long_value_never_pushes_the_other_value_out_of_view(window: MainWindow, sample_path: Path,
                                                               colleague_copy: Path, qtbot,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    window.open_project(sample_path)
    long_note = "Checked against the ministry's transcript and the video of the briefing. " * 6
    window.runner.run(ops.update_claim, claim_id=_claim(window.project, "highly likely").id, note=long_note)
    shown: list[MergeReportDialog] = []
    monkeypatch.setattr(MergeReportDialog, "exec", lambda self: shown.append(self) or 0)
    _open_from(monkeypatch, colleague_copy)
    _action(window, "Merge another project…").trigger()
    dialog = shown[0]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    table = dialog.table
    row = next(r for r in range(table.rowCount()) if table.item(r, 1).text() == "note")
    other = MergeReportDialog.COLUMNS.index("Other value")
    assert table.columnViewportPosition(other) + 40 < table.viewport().width()  # in view, not scrolled away
    assert table.item(row, other).text() == "Ben's note"
