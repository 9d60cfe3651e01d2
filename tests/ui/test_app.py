"""Which project the window opens first: the one given, else the last one, else the bundled sample."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from workbench.store import Project
from workbench.store.queries import list_claims
from workbench.ui import app, session


def test_no_project_and_no_history_opens_the_sample(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(session, "sample_project_path", lambda: tmp_path / "data" / "Sample project.fcproj")
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    path = app.choose_project(None, settings)
    assert path == tmp_path / "data" / "Sample project.fcproj"
    with Project.open(path) as sample:
        assert [c.speaker for c in list_claims(sample)] == ["Mark Rutte", "Kim Yong-hyun", "the Kremlin"]
        # The app made it: its history names the sample, not the computer's login.
        assert {c.created_by for c in list_claims(sample)} == {session.SAMPLE_AUTHOR}
    assert app.choose_project(None, settings) == path  # made once, then reused as it is


def test_last_project_wins_over_the_sample_and_an_argument_over_both(tmp_path: Path, monkeypatch) -> None:
    sample = tmp_path / "data" / "Sample project.fcproj"
    monkeypatch.setattr(session, "sample_project_path", lambda: sample)
    last = tmp_path / "last.fcproj"
    Project.create(last).close()
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue("last_project", str(last))
    assert app.choose_project(None, settings) == last
    assert app.choose_project("other.fcproj", settings) == Path("other.fcproj")
    last.unlink()  # a last project that was moved away falls back to the sample
    assert app.choose_project(None, settings) == sample
