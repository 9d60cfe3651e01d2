"""The window when a project cannot be opened as it is: a damaged file offers restore (only when a backup
exists) or salvage into a new project, which then opens with a report; a file with foreign database
objects offers to remove them; Cancel leaves everything as it was. The damaged file is never opened as if
it were fine, and never changed by salvage."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests.support.cli import sha256
from tests.support.damage import damage_claims_page, many_claims
from workbench.store import Project
from workbench.store.backups import backup_file, list_backups
from workbench.store.queries import list_claims
from workbench.ui import recovery_dialog
from workbench.ui.recovery_dialog import NO_BACKUPS, RecoveryDialog


class Seen:
    """What the patched modal dialogs were shown."""

    def __init__(self) -> None:
        self.dialogs: list[RecoveryDialog] = []
        self.infos: list[str] = []
        self.errors: list[str] = []


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> Seen:
    seen = Seen()
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a, **k: seen.infos.append(text))
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text, *a, **k: seen.errors.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: seen.errors.append(text))
    return seen


def click(monkeypatch: pytest.MonkeyPatch, seen: Seen, name: str | None) -> None:
    """Make the recovery dialog, when shown, press ``name`` (None: Cancel)."""

    def exec_(self: RecoveryDialog) -> int:
        seen.dialogs.append(self)
        if name is None:
            self.reject()
            return 0
        assert self.buttons[name].isEnabled()
        self.buttons[name].click()
        return 1

    monkeypatch.setattr(RecoveryDialog, "exec", exec_)


@pytest.fixture
def damaged(tmp_path: Path) -> tuple[Path, int]:
    path = many_claims(tmp_path / "story.fcproj")
    return path, damage_claims_page(path)


def test_damaged_file_salvaged_into_a_new_project_that_opens_with_a_report(
    window: Any, damaged: tuple[Path, int], seen: Seen, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path, lost = damaged
    before = sha256(path)
    click(monkeypatch, seen, "salvage")
    asked: list[str] = []

    def save_name(_parent: Any, _title: str, default: str, _filter: str, **_options: Any) -> tuple[str, str]:
        asked.append(default)
        return str(tmp_path / "rescued"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    assert window.open_project(path)

    dialog = seen.dialogs[0]
    assert "is damaged" in dialog.message.text()
    assert "backup" not in dialog.message.text()  # none to go back to: the text offers only what there is
    assert not dialog.buttons["restore"].isEnabled()  # no backup of it on this computer
    assert dialog.buttons["restore"].toolTip() == NO_BACKUPS
    assert dialog.reason.text() == NO_BACKUPS
    assert "remove" not in dialog.buttons
    assert asked == [str(tmp_path / "story (salvaged).fcproj")]
    assert window.project.path == tmp_path / "rescued.fcproj"
    assert f"Recovered {303 - lost} of 303 claims" in seen.infos[0]
    assert f"{lost} claims could not be read" in seen.infos[0]
    assert sha256(path) == before
    window.session.close()
    with Project.open(tmp_path / "rescued.fcproj") as rescued:
        assert rescued.check() == []
        assert len(list_claims(rescued)) == 303 - lost


def test_damaged_file_restored_from_its_backup(
    window: Any, tmp_path: Path, seen: Seen, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = many_claims(tmp_path / "story.fcproj")
    backup_file(path, "periodic")
    damage_claims_page(path)
    click(monkeypatch, seen, "restore")
    import workbench.ui.backups_dialog as backups_dialog

    monkeypatch.setattr(backups_dialog, "choose_backup", lambda _parent, p: list_backups(p)[0])
    assert window.open_project(path)
    assert seen.dialogs[0].buttons["restore"].isEnabled()
    assert "go back to a backup" in seen.dialogs[0].message.text()
    assert window.project.path == path
    assert len(list_claims(window.project)) == 303
    assert window.project.check() == []


def test_cancel_keeps_the_open_project_and_changes_nothing(
    window: Any, sample_path: Path, damaged: tuple[Path, int], seen: Seen, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.open_project(sample_path)
    path, _ = damaged
    before = sha256(path)
    click(monkeypatch, seen, None)
    assert not window.open_project(path)
    assert len(seen.dialogs) == 1
    assert window.project is not None and window.project.path == sample_path
    assert sha256(path) == before
    assert [p.name for p in path.parent.iterdir() if p.name.startswith("story")] == ["story.fcproj"]


def test_foreign_objects_removed_and_the_project_opens(
    window: Any, sample_path: Path, seen: Seen, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn = sqlite3.connect(sample_path)
    conn.execute("CREATE TRIGGER wipe AFTER INSERT ON claims BEGIN DELETE FROM claims; END")
    conn.execute("CREATE VIEW everything AS SELECT * FROM claims")
    conn.close()
    click(monkeypatch, seen, "remove")
    assert window.open_project(sample_path)
    dialog = seen.dialogs[0]
    assert 'trigger "wipe", view "everything"' in dialog.message.text()
    assert dialog.buttons["remove"].isDefault()
    assert dialog.buttons["restore"].isEnabled() is False  # no earlier backup than the one removal makes
    assert window.project.path == sample_path
    assert "removed trigger" in window.statusBar().currentMessage()
    assert list_backups(sample_path)
    article_id = window.project.conn.execute("SELECT id FROM articles").fetchone()[0]
    from workbench import ops

    window.runner.run(ops.add_claim, article_id=article_id, quote="North Korean")
    window.session.close()
    with Project.open(sample_path) as project:
        assert len(list_claims(project)) == 4  # the trigger would have left none
        assert project.check() == []


def test_a_foreign_table_of_ours_offers_only_restore_and_salvage(
    window: Any, sample_path: Path, seen: Seen, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn = sqlite3.connect(sample_path)
    conn.execute("ALTER TABLE tags ADD COLUMN planted TEXT")
    conn.close()
    click(monkeypatch, seen, None)
    assert not window.open_project(sample_path)
    assert set(seen.dialogs[0].buttons) == {"restore", "salvage"}
    assert "changed by another program" in seen.dialogs[0].message.text()
    assert 'table "tags" (changed)' in seen.dialogs[0].message.text()


JARGON = ("sqlite", "quick_check", "rowid", "malformed", "workbench ", "--repair", "NEW.fcproj", "pragma")


def test_the_dialog_speaks_plainly_and_escape_cancels(qtbot: Any, damaged: tuple[Path, int]) -> None:
    path, _ = damaged
    from workbench.core.errors import DamagedProjectError

    with pytest.raises(DamagedProjectError) as refused:
        Project.open(path)
    dialog = RecoveryDialog(None, path, refused.value)
    qtbot.addWidget(dialog)
    text = dialog.message.text()
    assert "story.fcproj is damaged" in text and "nothing was written to it" in text
    assert not [word for word in JARGON if word.lower() in text.lower()], text
    assert "malformed" in dialog.message.toolTip()  # the technical detail stays reachable for whoever helps
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == 0 and dialog.choice is None


def test_missing_search_parts_offer_repair_not_removal(qtbot: Any, sample_path: Path) -> None:
    conn = sqlite3.connect(sample_path)
    conn.execute("DROP TRIGGER claims_fts_ai")
    conn.close()
    from workbench.core.errors import ForeignSchemaError

    with pytest.raises(ForeignSchemaError) as refused:
        Project.open(sample_path)
    dialog = RecoveryDialog(None, sample_path, refused.value)
    qtbot.addWidget(dialog)
    assert dialog.buttons["remove"].text() == "Repair and open"
    assert "lacks parts of its search index" in dialog.message.text()
    assert not [word for word in JARGON if word.lower() in dialog.message.text().lower()]


def test_other_refusals_still_show_a_plain_error(window: Any, tmp_path: Path, seen: Seen,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "notes.fcproj"
    path.write_text("not a project at all " * 20, encoding="utf-8")
    shown: list[str] = []
    monkeypatch.setattr(window.runner, "show_error", lambda _title, message: shown.append(message))
    click(monkeypatch, seen, None)
    assert not window.open_project(path)
    assert seen.dialogs == []
    assert "not a Fact-Check Workbench project" in shown[0]
    assert recovery_dialog.offer_recovery(window.session, path, Exception("x")) is False  # type: ignore[arg-type]


def test_a_deleted_project_with_backups_offers_them_and_comes_back(
    window: Any, sample_path: Path, seen: Seen, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Opened from Open recent (or at start-up) after the file was deleted: the window used to say only "no
    # such file", though this computer still had its backups; there was no way to pick a file that is gone.
    backup_file(sample_path, "periodic")
    sample_path.unlink()
    asked: list[str] = []

    def answer(box: QMessageBox) -> int:
        asked.append(box.text())
        box.button(QMessageBox.StandardButton.Cancel).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    assert not window.open_project(sample_path)
    assert "no longer there" in asked[0] and "1 backup" in asked[0]
    assert not sample_path.exists() and seen.errors == []

    import workbench.ui.backups_dialog as backups_dialog

    monkeypatch.setattr(QMessageBox, "exec", lambda box: box.button(QMessageBox.StandardButton.Ok).click())
    monkeypatch.setattr(backups_dialog, "choose_backup", lambda _parent, p: list_backups(p)[0])
    assert window.open_project(sample_path)
    assert window.project.path == sample_path and len(list_claims(window.project)) == 3
    assert "restored" in window.statusBar().currentMessage()


def test_a_deleted_project_without_backups_is_a_plain_error(window: Any, tmp_path: Path, seen: Seen,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(window.runner, "show_error", lambda _title, message: shown.append(message))
    assert not window.open_project(tmp_path / "gone.fcproj")
    assert shown == ["gone.fcproj: no such file."]


def test_salvage_onto_an_existing_file_asks_again_and_replaces_nothing(
    window: Any, damaged: tuple[Path, int], sample_path: Path, seen: Seen, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path
) -> None:
    path, lost = damaged
    before = sha256(path), sha256(sample_path)
    click(monkeypatch, seen, "salvage")
    answers = [str(path), str(sample_path), str(tmp_path / "rescued.fcproj")]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (answers.pop(0), ""))
    assert window.open_project(path)
    assert answers == []
    assert len(seen.errors) == 2 and "never replaces a file" in seen.errors[0]
    assert (sha256(path), sha256(sample_path)) == before
    assert window.project.path == tmp_path / "rescued.fcproj"
    assert len(list_claims(window.project)) == 303 - lost


def test_check_that_finds_damaged_text_offers_salvage_which_keeps_every_claim(
    window: Any, tmp_path: Path, seen: Seen, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A flipped bit in an article's text: the window opens it (the text reads with a replacement character),
    # Tools → Check project file names the damaged article and offers the ways out; salvage keeps it all.
    from tests.support.damage import flip
    from workbench.ops.sample import create_sample_project

    path = tmp_path / "story.fcproj"
    create_sample_project(path, author="Ana").close()
    flip(path, b"Zelensky", 2, 0xFF)
    assert window.open_project(path)
    shown: list[QMessageBox] = []

    def exec_(box: QMessageBox) -> int:
        shown.append(box)
        salvage_button = next(b for b in box.buttons() if b.text().startswith("Salvage"))
        salvage_button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(tmp_path / "rescued"), ""))
    window.act_check.trigger()
    assert "its text is damaged" in shown[0].text()
    assert not next(b for b in shown[0].buttons() if b.text().startswith("Restore")).isEnabled()  # no backup
    assert window.project.path == tmp_path / "rescued.fcproj"
    assert "the text of 1 article was damaged" in seen.infos[0]
    window.session.close()
    with Project.open(tmp_path / "rescued.fcproj", read_only=True) as rescued:
        assert rescued.check() == []
        assert len(list_claims(rescued)) == 3
