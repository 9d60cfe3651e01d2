"""Encrypted projects in the window: the passphrase dialog (a wrong one says so and asks again, Cancel changes
nothing), a new project encrypted from its dialog, the File menu's Encrypt a copy…, Decrypt a copy…, Change
passphrase… and Compact project…, the title and recent list naming the file only, and viewing copies of
attachments in a private folder emptied when the project closes. Every result is checked by reopening."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer, QUrl
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QFileDialog, QMessageBox, QWidget

from tests.support.ciphertext import readable
from tests.support.cli import sha256
from workbench import ops
from workbench.ops.sample import create_sample_project
from workbench.store import Project, cipher
from workbench.ui import sources_panel as panel_module
from workbench.ui.encryption import WRONG, NewPassphraseDialog, PassphraseDialog
from workbench.ui.main_window import MainWindow
from workbench.ui.welcome import describe_recent

PASSPHRASE = "lighthouse orchard 1987"
NEW = "quarry lantern velvet"
NOTE = "Nightjar confirmed it by phone"


def drive(qtbot, *steps: tuple[type[QWidget], Callable[[QWidget], None]]) -> list[QWidget]:
    """Answer the modal dialogs that open next, in order: each step waits for a dialog of its class."""
    pending = list(steps)
    seen: list[QWidget] = []

    def poll() -> None:
        if not pending:
            return
        widget = QApplication.activeModalWidget()
        cls, answer = pending[0]
        if isinstance(widget, cls) and widget.isVisible() and widget not in seen:
            pending.pop(0)
            seen.append(widget)
            answer(widget)
        QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    return seen


def type_passphrase(text: str) -> tuple[type[QWidget], Callable[[QWidget], None]]:
    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, PassphraseDialog)
        answer.errors.append(dialog.error.text() if dialog.error.isVisible() else "")  # type: ignore[attr-defined]
        dialog.field.setText(text)
        dialog.accept()

    answer.errors = []  # type: ignore[attr-defined]
    return PassphraseDialog, answer


def cancel(cls: type[QWidget]) -> tuple[type[QWidget], Callable[[QWidget], None]]:
    return cls, lambda d: d.reject()  # type: ignore[attr-defined]


def press_ok(dialog: QWidget) -> None:
    """Click the dialog's OK button, as the journalist would."""
    button = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    assert button is not None and button.isEnabled()
    button.click()


def new_passphrase(text: str, *, tick: bool = False) -> tuple[type[QWidget], Callable[[QWidget], None]]:
    def answer(dialog: QWidget) -> None:
        assert isinstance(dialog, NewPassphraseDialog)
        if tick:
            dialog.encrypt.setChecked(True)
        dialog.first.setText(text)
        dialog.second.setText(text)
        press_ok(dialog)

    return NewPassphraseDialog, answer


SHOWN: list[str] = []  # the text of each message box answered by ``press``


def press(button: QMessageBox.StandardButton | str) -> tuple[type[QWidget], Callable[[QWidget], None]]:
    def answer(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        SHOWN.append(box.text())
        if isinstance(button, str):
            [chosen] = [b for b in box.buttons() if b.text() == button]
            chosen.click()
        else:
            box.button(button).click()

    return QMessageBox, answer


@pytest.fixture
def encrypted_path(tmp_path: Path) -> Path:
    path = tmp_path / "border story.fcproj"
    create_sample_project(path, author="Test Author", passphrase=PASSPHRASE).close()
    return path


def open_in_window(window: MainWindow, qtbot, path: Path, passphrase: str = PASSPHRASE) -> None:
    drive(qtbot, type_passphrase(passphrase))
    assert window.session.open(path)
    assert window.project is not None and window.project.encrypted


def test_a_wrong_passphrase_says_so_and_cancel_changes_nothing(window: MainWindow, qtbot, encrypted_path: Path) -> None:
    before = sha256(encrypted_path)
    wrong = type_passphrase("not the passphrase")
    again = type_passphrase("still not it")
    drive(qtbot, wrong, again, cancel(PassphraseDialog))
    assert window.session.open(encrypted_path) is False
    assert again[1].errors == [WRONG]  # type: ignore[attr-defined]
    assert window.project is None
    assert sha256(encrypted_path) == before

    first = type_passphrase("nope, wrong")
    right = type_passphrase(PASSPHRASE)
    drive(qtbot, first, right)
    assert window.session.open(encrypted_path)
    assert right[1].errors == [WRONG]  # type: ignore[attr-defined]
    assert window.project.encrypted
    # The title is content: the window shows the file name, the recent list the name only.
    assert "Sample" not in window.windowTitle() and encrypted_path.name in window.windowTitle()
    name, where = describe_recent(str(encrypted_path))
    assert name == encrypted_path.name and str(encrypted_path.parent.name) not in where


def test_a_new_project_can_be_encrypted_from_its_dialog(window: MainWindow, qtbot, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "sources.fcproj"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    drive(qtbot, new_passphrase("short", tick=True))  # too short: the dialog says so and stays open
    seen = drive(qtbot, new_passphrase(PASSPHRASE, tick=True))
    window.session.new()
    assert seen and window.project is not None and window.project.encrypted
    window.session.close()
    assert cipher.looks_encrypted(path)
    with Project.open(path, passphrase=PASSPHRASE, read_only=True) as project:
        assert project.check() == []


def test_new_projects_stay_plain_unless_encryption_is_ticked(window: MainWindow, qtbot, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "plain.fcproj"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    drive(qtbot, (NewPassphraseDialog, press_ok))
    window.session.new()
    assert window.project is not None and not window.project.encrypted
    window.session.close()
    with Project.open(path, read_only=True) as project:
        assert not project.encrypted


def test_encrypt_and_decrypt_a_copy_from_the_file_menu(window: MainWindow, qtbot, tmp_path: Path, sample_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    encrypt, decrypt, change, _compact = window.encryption_actions
    assert window.session.open(sample_path)
    assert encrypt.isEnabled() and not decrypt.isEnabled() and not change.isEnabled()
    locked = tmp_path / "locked.fcproj"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(locked), ""))
    drive(qtbot, new_passphrase(PASSPHRASE))
    encrypt.trigger()
    assert cipher.looks_encrypted(locked) and readable(locked, ["Rutte"]) == []
    window.session.close()

    open_in_window(window, qtbot, locked)
    assert decrypt.isEnabled() and change.isEnabled()
    plain = tmp_path / "plain again.fcproj"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(plain), ""))
    drive(qtbot, press("Write a plain copy"))
    decrypt.trigger()
    with Project.open(plain, read_only=True) as project:
        assert not project.encrypted
        assert project.conn.execute("SELECT count(*) FROM claims").fetchone()[0] == 3


def test_change_passphrase_from_the_file_menu(window: MainWindow, qtbot, encrypted_path: Path) -> None:
    open_in_window(window, qtbot, encrypted_path)
    _encrypt, _decrypt, change, _compact = window.encryption_actions
    drive(qtbot, cancel(NewPassphraseDialog))
    change.trigger()
    cipher.unlock(encrypted_path, PASSPHRASE)  # cancelled: nothing changed
    drive(qtbot, new_passphrase(NEW))
    change.trigger()
    # The window goes on working with the new key.
    claim_id = window.project.conn.execute("SELECT id FROM claims ORDER BY seq LIMIT 1").fetchone()[0]
    window.runner.run(ops.update_claim, claim_id=claim_id, note="after the change")
    window.session.close()
    with pytest.raises(cipher.PassphraseError):
        cipher.unlock(encrypted_path, PASSPHRASE)
    with Project.open(encrypted_path, passphrase=NEW, read_only=True) as project:
        assert project.row("claims", claim_id)["note"] == "after the change"


def test_compact_project_from_the_file_menu(window: MainWindow, qtbot, encrypted_path: Path) -> None:
    open_in_window(window, qtbot, encrypted_path)
    project = window.project
    claim_id = project.conn.execute("SELECT id FROM claims ORDER BY seq LIMIT 1").fetchone()[0]
    window.runner.run(ops.update_claim, claim_id=claim_id, note=NOTE)
    window.runner.run(ops.delete_claim, claim_id=claim_id)
    assert window.runner.undo_stack.canUndo()
    *_rest, compact = window.encryption_actions
    SHOWN.clear()
    drive(qtbot, press("Compact"), press(QMessageBox.StandardButton.Ok))
    compact.trigger()
    assert len(SHOWN) == 2 and "→" in SHOWN[1]
    assert not window.runner.undo_stack.canUndo()
    window.session.close()
    plain = encrypted_path.with_name("check.fcproj")
    cipher.write_copy(encrypted_path, cipher.unlock(encrypted_path, PASSPHRASE), plain, None)
    assert readable(plain, ["Nightjar"]) == []
    with Project.open(encrypted_path, passphrase=PASSPHRASE, read_only=True) as reopened:
        assert reopened.row("claims", claim_id) is None and reopened.check() == []


def test_attachments_are_viewed_from_a_private_folder_emptied_on_close(
        window: MainWindow, qtbot, encrypted_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    open_in_window(window, qtbot, encrypted_path)
    changes = window.runner.run(ops.add_source, title="Ministry letter")
    source_id = changes.id or changes.created("sources")[0]
    window.runner.run(ops.attach_file, source_id=source_id, data=b"%PDF-1.4 letter", name="letter.pdf")
    panel = window.sources_panel
    assert panel.select(source_id)
    panel.files.setCurrentItem(panel.files.topLevelItem(0))
    opened: list[QUrl] = []
    warned: list[str] = []
    monkeypatch.setattr(panel_module, "open_url", lambda url: opened.append(url) or True)
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: warned.append(text))
    panel.act_open.trigger()
    panel.act_open.trigger()
    assert len(warned) == 1 and "own copy" in warned[0]  # once, not every time
    copies = [Path(u.toLocalFile()) for u in opened]
    assert all(c.read_bytes() == b"%PDF-1.4 letter" for c in copies)
    root = copies[0].parent.parent
    assert stat.S_IMODE(root.stat().st_mode) == 0o700
    window.session.close()
    assert not any(c.exists() for c in copies) and list(root.iterdir()) == []


def test_dialog_classes_are_real_dialogs() -> None:
    assert issubclass(PassphraseDialog, QDialog) and issubclass(NewPassphraseDialog, QDialog)


def test_merging_a_copy_under_another_passphrase_asks_for_it(window: MainWindow, qtbot, encrypted_path: Path,
                                                             tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.ops.encryption import write_converted_copy
    from workbench.ui.merge_dialog import MergeReportDialog

    other = tmp_path / "from ben.fcproj"
    write_converted_copy(encrypted_path, other, source_key=cipher.unlock(encrypted_path, PASSPHRASE),
                         dest_key=cipher.new_key(NEW))
    with Project.open(other, passphrase=NEW, author="Ben Okoro") as project:
        claim_id = project.conn.execute("SELECT id FROM claims ORDER BY seq LIMIT 1").fetchone()[0]
        ops.update_claim(project, claim_id=claim_id, note=NOTE)
    open_in_window(window, qtbot, encrypted_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(other), "")))
    shown: list[MergeReportDialog] = []
    monkeypatch.setattr(MergeReportDialog, "exec", lambda self: shown.append(self) or 0)
    drive(qtbot, cancel(PassphraseDialog))
    window.merge_action.trigger()
    assert not shown and window.project.row("claims", claim_id)["note"] != NOTE  # cancelled: nothing merged
    drive(qtbot, type_passphrase(NEW))
    window.merge_action.trigger()
    assert shown and window.project.row("claims", claim_id)["note"] == NOTE
    window.session.close()
    with Project.open(encrypted_path, passphrase=PASSPHRASE, read_only=True) as project:
        assert project.row("claims", claim_id)["note"] == NOTE


def test_restoring_an_encrypted_project_from_a_backup_in_the_window(
        window: MainWindow, qtbot, encrypted_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.support.dialogs import Answers
    from workbench.store.backups import make_backup
    from workbench.ui import backups_dialog

    open_in_window(window, qtbot, encrypted_path)
    make_backup(window.project, "manual")
    claim_id = window.project.conn.execute("SELECT id FROM claims ORDER BY seq LIMIT 1").fetchone()[0]
    window.runner.run(ops.delete_claim, claim_id=claim_id)
    answers = Answers(monkeypatch, row=0)
    assert backups_dialog.restore_from_backup(window.session)  # no passphrase asked: the project's key
    assert answers.listed[0][3] == ""  # an encrypted backup's manifest keeps no title
    assert window.project is not None and window.project.encrypted
    assert window.project.row("claims", claim_id) is not None
    window.session.close()
    with Project.open(encrypted_path, passphrase=PASSPHRASE, read_only=True) as project:
        assert project.row("claims", claim_id) is not None


def test_share_a_copy_under_a_new_passphrase_from_the_window(window: MainWindow, qtbot, sample_path: Path,
                                                             tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.ui.merge_dialog import ShareDialog

    assert window.session.open(sample_path)  # a plain project: its shared copy can still be encrypted
    claim_id = window.project.conn.execute("SELECT id FROM claims ORDER BY seq LIMIT 1").fetchone()[0]
    window.runner.run(ops.update_claim, claim_id=claim_id, note=NOTE)
    window.runner.run(ops.delete_claim, claim_id=claim_id)
    dest = tmp_path / "for ben.fcproj"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(dest), "")))

    def choose(dialog: QWidget) -> None:
        assert isinstance(dialog, ShareDialog)
        assert not dialog.full_history.isChecked()  # nothing deleted travels unless asked
        dialog.encrypt.setChecked(True)
        dialog.accept()

    drive(qtbot, (ShareDialog, choose), new_passphrase(NEW))
    window.share_action.trigger()
    window.session.close()
    assert cipher.looks_encrypted(dest)
    plain = tmp_path / "grep.fcproj"
    cipher.write_copy(dest, cipher.unlock(dest, NEW), plain, None)
    assert readable(plain, ["Nightjar"]) == []
    with Project.open(dest, passphrase=NEW, read_only=True) as project:
        assert project.row("claims", claim_id) is None and project.check() == []


def test_after_a_session_nothing_of_an_encrypted_project_is_readable_anywhere(
        window: MainWindow, qtbot, encrypted_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Edits, a periodic backup, a shared copy and a compaction: neither the project, its backups and their
    manifests, the shared copy, the data folder (records of projects seen) nor the window's settings hold
    any article word, quote, speaker or note in plain text."""
    from tests.support.ciphertext import sample_words
    from workbench.core.paths import user_data_dir
    from workbench.ui.merge_dialog import ShareDialog

    open_in_window(window, qtbot, encrypted_path)
    article_id = window.project.conn.execute("SELECT id FROM articles").fetchone()[0]
    claim_id = window.project.conn.execute("SELECT id FROM claims ORDER BY seq LIMIT 1").fetchone()[0]
    window.runner.run(ops.update_claim, claim_id=claim_id, note=NOTE, speaker="Olena Kovalenko",
                      private_note="Nightjar's phone number")
    window.select_claim(claim_id)
    periodic = window.periodic_backups
    periodic.tick()
    qtbot.waitUntil(lambda: periodic.worker is None, timeout=20000)
    shared = tmp_path / "shared.fcproj"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(shared), "")))
    drive(qtbot, (ShareDialog, lambda d: d.accept()))  # type: ignore[attr-defined]
    window.share_action.trigger()
    assert shared.exists()
    window.runner.run(ops.delete_article, article_id=article_id)
    drive(qtbot, press("Compact"), press(QMessageBox.StandardButton.Ok))
    window.encryption_actions[3].trigger()
    window.session.close()
    window.settings.sync()

    words = [*sample_words(), "Kovalenko", "Nightjar", "Sample: NATO"]
    files = [p for p in (*tmp_path.rglob("*"), *user_data_dir().rglob("*")) if p.is_file()]
    backups = [p for p in user_data_dir().rglob("*.fcproj")]
    assert len(backups) >= 3  # the periodic one, before the bulk delete, before compacting
    assert shared in files and Path(window.settings.fileName()) in files
    found = {str(p): readable(p, words) for p in files}
    assert {p: w for p, w in found.items() if w} == {}
