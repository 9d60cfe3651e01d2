"""Attachment and original-file names from a crafted project (a "colleague's" file edited with SQL).

Wherever the app writes an attached file or an article's original to disk (a viewing copy, "Save as…",
"Save original file as…"), the stored name is reduced to one safe file name and the file lands inside the
folder meant for it; a program disguised by its name is never opened.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QUrl
from PySide6.QtWidgets import QFileDialog

from workbench import ops
from workbench.importers import ImportedArticle
from workbench.ops.sources import safe_file_name, why_not_opened
from workbench.store import Project
from workbench.store.queries_sources import get_source_file
from workbench.ui import sources_panel as panel_module
from workbench.ui.main_window import MainWindow

CONTENT = b"%PDF-1.4 harmless bytes"

# (stored name, the name a file may be written under)
HOSTILE_NAMES = [
    ("../../.bashrc", "bashrc"),
    ("/etc/passwd", "passwd"),
    ("C:\\Windows\\System32\\x.dll", "x.dll"),
    ("..\\..\\AppData\\evil.pdf", "evil.pdf"),
    ("con.txt", "_con.txt"),
    ("NUL", "_NUL"),
    ("report\x00.pdf", "report.pdf"),
    ("line\nbreak.pdf", "linebreak.pdf"),
    ("invoice\u202efdp.exe", "invoicefdp.exe"),
    ("evil.exe. . ", "evil.exe"),
    ("..", "attachment"),
    ("what: why?.pdf", "what_ why_.pdf"),
    ("é" * 300 + ".pdf", "é" * 125 + ".pdf"),
]
IDS = ["dotdot-hidden", "absolute", "windows-path", "windows-relative", "device-name", "device-bare", "nul-byte",
       "newline", "rtl-override", "trailing-dots", "only-dots", "forbidden-chars", "too-long-utf8"]


def _crafted(path: Path, stored: str) -> tuple[str, str]:
    """A project with one attached file and one article original, both renamed to ``stored`` by SQL."""
    with Project.create(path, title="From a colleague", author="Colleague") as project:
        source_id = ops.add_source(project, title="Leaked memo").created("sources")[0]
        file_id = ops.attach_file(project, source_id=source_id, data=CONTENT,
                                  name="memo.pdf").created("source_files")[0]
        article = ImportedArticle(text="The mayor said the budget was approved on Tuesday.", title="Budget",
                                  source_file="budget.pdf", source_sha256=hashlib.sha256(CONTENT).hexdigest(),
                                  format="pdf")
        article_id = ops.add_article(project, article=article, original=CONTENT).created("articles")[0]
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE source_files SET name = ? WHERE id = ?", (stored, file_id))
        conn.execute("UPDATE articles SET source_file = ? WHERE id = ?", (stored, article_id))
    conn.close()
    return file_id, article_id


@pytest.mark.parametrize(("stored", "safe"), HOSTILE_NAMES, ids=IDS)
def test_safe_file_name_keeps_one_harmless_component(stored: str, safe: str) -> None:
    assert safe_file_name(stored) == safe
    assert len(safe.encode("utf-8")) <= 255


@pytest.mark.parametrize(("stored", "safe"), HOSTILE_NAMES, ids=IDS)
def test_viewing_copy_is_written_inside_its_own_folder_under_a_safe_name(tmp_path: Path, stored: str,
                                                                        safe: str) -> None:
    file_id, _article_id = _crafted(tmp_path / "crafted.fcproj", stored)
    with Project.open(tmp_path / "crafted.fcproj", read_only=True) as project:
        assert get_source_file(project, file_id).name == stored  # the crafted name really is in the file
        copy = panel_module.write_viewing_copy(project, file_id)
    viewing = panel_module._viewing_dir()
    assert copy.name == safe
    assert copy.resolve().parent.parent == viewing.resolve()
    assert copy.read_bytes() == CONTENT


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("author", "Test Author")
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()


@pytest.mark.parametrize(("stored", "safe"), HOSTILE_NAMES, ids=IDS)
def test_save_dialogs_suggest_a_safe_name_inside_the_folder(window: MainWindow, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch, stored: str,
                                                            safe: str) -> None:
    project_dir = tmp_path / "projects"
    project_dir.mkdir()
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: home))
    _file_id, article_id = _crafted(project_dir / "crafted.fcproj", stored)
    assert window.open_project(project_dir / "crafted.fcproj")
    suggested: list[Path] = []

    def accept_suggestion(parent, caption, start, *args, **kwargs):  # the journalist just presses Save
        suggested.append(Path(start))
        return start, ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", accept_suggestion)

    panel = window.sources_panel
    assert panel.select(window.project.conn.execute("SELECT source_id FROM source_files").fetchone()[0])
    panel.files.setCurrentItem(panel.files.topLevelItem(0))
    assert panel.files.topLevelItem(0).text(0) == safe  # shown as it would be saved (no bidi trickery)
    panel.save_file_as()
    window.open_article(article_id)
    window.articles.save_original()

    # Both dialogs start beside the project (not in the hidden data folder, not elsewhere).
    assert suggested == [project_dir / safe, project_dir / safe]
    assert (project_dir / safe).read_bytes() == CONTENT
    # Nothing was written anywhere else.
    assert list(home.iterdir()) == []
    assert {p.name for p in project_dir.iterdir()} <= {"crafted.fcproj", "crafted.fcproj.lock", safe}


@pytest.mark.parametrize("stored", ["evil.desktop\n", "run.sh\x00", "invoice\u202efdp.exe", "tool.exe. "])
def test_programs_hidden_by_odd_names_are_never_opened(window: MainWindow, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch, stored: str) -> None:
    assert why_not_opened(stored) is not None
    _file_id, article_id = _crafted(tmp_path / "crafted.fcproj", stored)
    assert window.open_project(tmp_path / "crafted.fcproj")
    opened: list[QUrl] = []
    errors: list[str] = []
    monkeypatch.setattr(panel_module, "open_url", lambda url: opened.append(url) or True)
    monkeypatch.setattr(window.runner, "show_error", lambda title, message: errors.append(message))
    window.open_article(article_id)

    window.articles.open_original()

    assert opened == []
    assert "is a program or script" in errors[0]


# Types the old deny-list let through to the system viewer (an outside review's list): each would run
# something on some system. With the allow-list they are only offered for saving, with the reason.
NEVER_OPENED = [".chm", ".appref-ms", ".settingcontent-ms", ".library-ms", ".searchConnector-ms", ".xll", ".iqy",
                ".slk", ".msp", ".psm1", ".msix", ".appinstaller", ".wsc", ".sct", ".scf", ".jnlp", ".fileloc",
                ".inetloc", ".terminal", ".html", ".svg", ".docm", ".unknowntype", ""]


@pytest.mark.parametrize("suffix", NEVER_OPENED, ids=[s or "no-type" for s in NEVER_OPENED])
def test_only_types_that_cannot_run_anything_are_opened_the_rest_saved_with_the_reason(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    stored = "memo" + suffix
    file_id, _article_id = _crafted(tmp_path / "crafted.fcproj", stored)
    assert window.open_project(tmp_path / "crafted.fcproj")
    opened: list[QUrl] = []
    warnings: list[str] = []
    saved: list[bool] = []
    monkeypatch.setattr(panel_module, "open_url", lambda url: opened.append(url) or True)
    monkeypatch.setattr(panel_module.QMessageBox, "warning",
                        lambda _parent, _title, text, *_a: warnings.append(text) or
                        panel_module.QMessageBox.StandardButton.Save)
    panel = window.sources_panel
    monkeypatch.setattr(panel, "save_file_as", lambda: saved.append(True))
    assert panel.select(window.project.conn.execute("SELECT source_id FROM source_files").fetchone()[0])
    panel.files.setCurrentItem(panel.files.topLevelItem(0))
    assert panel.current_file_id() == file_id

    panel.open_file()

    assert opened == []
    assert saved == [True]  # offered for saving, and saved when the journalist chose to
    (text,) = warnings
    assert f"“{stored}”" in text and "does not open it" in text
    assert any(why in text for why in ("program or script", "scripts or macros", "opens only documents"))


@pytest.mark.parametrize("name", ["memo.pdf", "photo.JPG", "notes.txt", "data.csv", "letter.docx", "sheet.odt",
                                  "interview.mp3", "clip.mp4"])
def test_documents_pictures_text_sound_and_video_are_opened(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    _crafted(tmp_path / "crafted.fcproj", name)
    assert window.open_project(tmp_path / "crafted.fcproj")
    opened: list[QUrl] = []
    monkeypatch.setattr(panel_module, "open_url", lambda url: opened.append(url) or True)
    panel = window.sources_panel
    assert panel.select(window.project.conn.execute("SELECT source_id FROM source_files").fetchone()[0])
    panel.files.setCurrentItem(panel.files.topLevelItem(0))
    panel.open_file()
    assert len(opened) == 1 and opened[0].toLocalFile().endswith(name)
