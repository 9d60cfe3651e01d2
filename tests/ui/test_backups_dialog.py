"""File → Restore from backup… in the window, the periodic backups the window makes, and restoring a project
that cannot be opened (the path the recovery dialog uses)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from tests.support.dialogs import Answers
from tests.support.projects import saved_claims
from workbench import ops
from workbench.store import Project
from workbench.store.backups import list_backups, make_backup
from workbench.store.queries import list_claims
from workbench.ui import backups_dialog
from workbench.ui.backups_dialog import BackupsDialog, choose_and_restore
from workbench.ui.main_window import MainWindow
from workbench.ui.operations import OperationRunner


def claim_ids(path: Path) -> list[str]:
    return sorted(c.id for c in saved_claims(path))


@pytest.fixture
def fast_window(settings: QSettings, request: pytest.FixtureRequest) -> MainWindow:
    """A window whose periodic backups come every 0.2 s instead of every 10 minutes."""
    settings.setValue("backups/interval_seconds", 0.2)
    return request.getfixturevalue("window")  # made after the setting, which the window reads once


def test_the_file_menu_offers_restore(window: MainWindow, sample_path: Path) -> None:
    texts = [a.text().replace("&", "") for a in window.menus["file"].actions()]
    assert "Restore from backup…" in texts
    window.open_project(sample_path)
    assert window.restore_backup_action.isEnabled()


def test_restore_in_the_window_round_trip(window: MainWindow, sample_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    assert window.open_project(sample_path)
    at_backup = claim_ids(sample_path)
    backup = make_backup(window.project, "manual")
    claim_id = list_claims(window.project)[0].id
    window.select_claim(claim_id)
    window.act_delete_claim.trigger()
    assert window.project.row("claims", claim_id) is None
    answers = Answers(monkeypatch, row=0)

    assert backups_dialog.restore_from_backup(window.session)

    assert answers.listed[0][1] == "Made by you"  # reason in words, newest first
    assert answers.listed[0][3] == "Sample: NATO on North Korean troops"
    assert answers.listed[0][2].endswith("KB")
    assert "kept as a backup" in answers.questions[0] and "cannot be undone with Ctrl+Z" in answers.questions[0]
    # The window has the project open again, restored, with nothing to undo.
    assert window.project is not None and window.project.path == sample_path
    assert sorted(c.id for c in list_claims(window.project)) == at_backup
    assert window.project.row("claims", claim_id) is not None
    assert not window.runner.undo_stack.canUndo()
    assert claim_id in window.reader.claim_ids_in_order()
    window.session.close()
    assert claim_ids(sample_path) == at_backup
    # The state it replaced (claim deleted) is the newest backup.
    newest = list_backups(sample_path)[0]
    assert newest.reason == "before-restore" and claim_id not in claim_ids(newest.path)
    assert backup in list_backups(sample_path)


def test_cancelling_the_confirmation_changes_nothing(window: MainWindow, sample_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    window.open_project(sample_path)
    make_backup(window.project, "manual")
    ops_count = len(list_claims(window.project))
    window.runner.run(ops.delete_claim, claim_id=list_claims(window.project)[0].id)
    Answers(monkeypatch, row=0, confirm=False)
    assert not backups_dialog.restore_from_backup(window.session)
    assert window.project is not None and window.runner.undo_stack.canUndo()  # still the same session
    assert len(list_claims(window.project)) == ops_count - 1
    assert len(list_backups(sample_path)) == 1


def test_a_refused_restore_leaves_the_project_open_and_unchanged(window: MainWindow, sample_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    window.open_project(sample_path)
    backup = make_backup(window.project, "manual")
    window.runner.run(ops.set_project_title, title="Kept")
    backup.path.write_bytes(b"overwritten by something else")  # the backup went bad after being listed
    Answers(monkeypatch, row=0)
    errors: list[str] = []
    monkeypatch.setattr(backups_dialog, "show_error", lambda _p, _t, message: errors.append(message))
    assert not backups_dialog.restore_from_backup(window.session)
    assert "Not restored" in errors[0] and "sample.fcproj was not changed" in errors[0]
    assert window.project is not None and window.project.title == "Kept"
    window.session.close()
    with Project.open(sample_path, read_only=True) as p:
        assert p.title == "Kept"


def _ticks(qtbot, window: MainWindow, n: int) -> None:
    """Wait until the periodic backup timer has fired ``n`` more times (and any copy it began is done)."""
    backups = window.periodic_backups
    fired = [0]
    backups.timer.timeout.connect(lambda: fired.__setitem__(0, fired[0] + 1))
    qtbot.waitUntil(lambda: fired[0] >= n and backups.worker is None, timeout=5000)


def test_periodic_backups_only_after_changes(fast_window: MainWindow, sample_path: Path, qtbot) -> None:
    fast_window.open_project(sample_path)
    _ticks(qtbot, fast_window, 3)  # three intervals without a change: no backup
    assert list_backups(sample_path) == []
    claim_id = list_claims(fast_window.project)[0].id
    with qtbot.waitSignal(fast_window.periodic_backups.backed_up, timeout=5000) as blocker:
        fast_window.runner.run(ops.update_claim, claim_id=claim_id, speaker="Mark Rutte, NATO")
    backup = blocker.args[0]
    assert backup.reason == "periodic"
    with Project.open(backup.path, read_only=True) as copy:
        assert copy.row("claims", claim_id)["speaker"] == "Mark Rutte, NATO"
    _ticks(qtbot, fast_window, 3)  # nothing changed since: no second backup
    assert list_backups(sample_path) == [backup]


def test_a_failed_periodic_backup_is_a_status_bar_warning(fast_window: MainWindow, sample_path: Path, qtbot,
                                                          tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast_window.open_project(sample_path)
    blocker = tmp_path / "full-disk"
    blocker.write_text("x")
    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(blocker))
    fast_window.runner.run(ops.set_project_title, title="Still saved")
    qtbot.waitUntil(lambda: "Automatic backup failed" in fast_window.statusBar().currentMessage(), timeout=5000)
    assert "saved in the project file" in fast_window.statusBar().currentMessage()
    assert fast_window.periodic_backups.dirty  # tried again at the next interval
    assert not fast_window.findChildren(QMessageBox)
    assert fast_window.project.title == "Still saved"


def test_closing_the_window_waits_for_a_backup_in_progress(fast_window: MainWindow, sample_path: Path,
                                                           qtbot) -> None:
    fast_window.open_project(sample_path)
    # The timer is stopped and the tick made by hand, so the copy is surely still running at close (on a busy
    # machine a timer-started copy could finish before the test saw it start).
    fast_window.periodic_backups.timer.stop()
    fast_window.runner.run(ops.set_project_title, title="Last edit")
    fast_window.periodic_backups.tick()
    assert fast_window.periodic_backups.worker is not None
    fast_window.close()
    # Closed only once the copy was complete: it is there at once, without waiting for anything.
    (backup,) = list_backups(sample_path)
    assert fast_window.periodic_backups.worker is None or fast_window.periodic_backups.worker.isFinished()
    with Project.open(backup.path, read_only=True) as copy:
        assert copy.title == "Last edit"


def test_choose_and_restore_a_project_that_no_longer_opens(window: MainWindow, sample_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    with Project.open(sample_path) as p:
        make_backup(p, "manual")
        good = sorted(c.id for c in list_claims(p))
    sample_path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 300)  # damaged
    errors: list[str] = []
    monkeypatch.setattr(OperationRunner, "show_error", lambda _self, _t, message: errors.append(message))
    assert not window.open_project(sample_path) and errors
    Answers(monkeypatch, row=0)
    assert choose_and_restore(window, sample_path)
    assert window.open_project(sample_path)
    assert sorted(c.id for c in list_claims(window.project)) == good


def test_a_backup_is_put_off_while_edits_keep_coming_but_not_for_ever(
        fast_window: MainWindow, sample_path: Path, qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[bool] = []
    real = backups_dialog.backup_file

    def busy_unless_waiting(path: Path, reason: str, *, wait_if_busy: bool) -> object:
        calls.append(wait_if_busy)
        if not wait_if_busy:
            raise backups_dialog.BackupBusy("the project kept changing during the copy")
        return real(path, reason, wait_if_busy=True)

    monkeypatch.setattr(backups_dialog, "backup_file", busy_unless_waiting)
    fast_window.open_project(sample_path)
    with qtbot.waitSignal(fast_window.periodic_backups.backed_up, timeout=5000):
        fast_window.runner.run(ops.set_project_title, title="Busy afternoon")
    assert calls == [False, False, True]  # put off twice, silently; then made
    assert fast_window.statusBar().currentMessage() == ""
    (backup,) = list_backups(sample_path)
    with Project.open(backup.path, read_only=True) as copy:
        assert copy.title == "Busy afternoon"


def test_backups_made_at_another_place_say_where(qtbot, sample_path: Path, tmp_path: Path) -> None:
    # A moved project lists the backups made where it was before (or where a since-deleted copy of it was):
    # the list must say so, or a colleague's copy could be restored as if it were the journalist's own.
    with Project.open(sample_path) as project:
        make_backup(project, "manual")
    moved = tmp_path / "moved" / "story.fcproj"
    moved.parent.mkdir()
    sample_path.rename(moved)
    with Project.open(moved) as project:
        make_backup(project, "manual")
    dialog = BackupsDialog(moved)
    qtbot.addWidget(dialog)
    titles = [dialog.table.item(row, 3).text() for row in range(dialog.table.rowCount())]
    assert "then at" not in titles[0]
    assert f"then at {sample_path}" in titles[1]
