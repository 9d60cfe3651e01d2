"""The shortcuts a journalist uses, pressed as real keys on a real X display (Xvfb + openbox, xcb platform).

Each test checks what the key did in the project file on disk, and that Qt printed no ambiguous-shortcut
warning or traceback: under xcb an action that registers a key twice silently does nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.display import assert_no_qt_warnings, wait_for
from workbench.ops.sample import create_sample_project

pytestmark = pytest.mark.slow


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "story.fcproj"
    create_sample_project(path, author="Display Test").close()
    return path


def _status(app, claim_id: str) -> str:
    return app.query("SELECT status FROM claims WHERE id = ?", (claim_id,))[0][0]


def _first_claim(app) -> tuple[str, str]:
    """The first claim in reading order (what F8 selects first) and its status."""
    return app.query("SELECT id, status FROM claims ORDER BY start LIMIT 1")[0]


def test_f8_status_keys_undo_redo_and_close(launch, sample: Path) -> None:
    app = launch(sample)
    claim, before = _first_claim(app)
    assert before != "Published"

    app.key("F8", "ctrl+4")
    wait_for(lambda: _status(app, claim) == "Published", what="Ctrl+4 to publish the claim F8 selected")
    app.key("ctrl+z")
    wait_for(lambda: _status(app, claim) == before, what="Ctrl+Z to undo the status change")
    app.key("ctrl+shift+z")
    wait_for(lambda: _status(app, claim) == "Published", what="Ctrl+Shift+Z to redo it")
    for n, status in ((1, "To check"), (2, "In progress"), (3, "Checked")):
        app.key(f"ctrl+{n}")
        wait_for(lambda s=status: _status(app, claim) == s, what=f"Ctrl+{n} to set '{status}'")

    open_title = app.title()
    assert "NATO" in open_title
    app.key("ctrl+w")
    wait_for(lambda: "NATO" not in app.title(), what="Ctrl+W to close the project")
    assert app.proc.poll() is None, "Ctrl+W closes the project, not the app"
    assert_no_qt_warnings(app)


def test_ctrl_m_marks_the_selected_words_and_the_speaker_follows(launch, sample: Path) -> None:
    app = launch(sample)
    count = app.query("SELECT count(*) FROM claims")[0][0]

    app.key("alt+2", "ctrl+Home", "ctrl+shift+Right", "ctrl+shift+Right")
    app.key("ctrl+m")
    wait_for(lambda: app.query("SELECT count(*) FROM claims")[0][0] == count + 1, what="Ctrl+M to mark a claim")
    quote, claim = app.query("SELECT exact, id FROM claims ORDER BY seq DESC LIMIT 1")[0]
    assert quote == "date 2024"  # the sample's text opens with its dateline, "date 2024-10-20 (MENAFN)"
    # The cursor is in Speaker now: typing and Enter records who said it.
    app.type("Mark Rutte")
    app.key("Return")
    wait_for(lambda: app.query("SELECT speaker FROM claims WHERE id = ?", (claim,))[0][0] == "Mark Rutte",
             what="the speaker typed after Ctrl+M")
    assert_no_qt_warnings(app)


def test_ctrl_e_opens_the_export_preview(launch, sample: Path) -> None:
    app = launch(sample)
    app.key("ctrl+e")
    dialog = wait_for(lambda: app.xdotool("search", "--onlyvisible", "--name", "^Export").split(),
                      what="Ctrl+E to open the export dialog")
    app.key("Escape")
    wait_for(lambda: not app.xdotool("search", "--onlyvisible", "--name", "^Export").split(),
             what="Esc to close the export dialog")
    assert dialog
    assert_no_qt_warnings(app)


def test_alt_letters_reach_the_menus_while_the_claim_form_shows(launch, sample: Path) -> None:
    # The claim form's labels once took Alt+T (Tags), Alt+V (Verdict) and Alt+A (Status): with a claim selected,
    # Alt+T opened no Tools menu, so Tools → Project history could not be reached from the keyboard.
    app = launch(sample)
    app.key("F8")  # selects the first claim: the claim form is on screen
    app.key("alt+t")
    app.key("h")
    wait_for(lambda: app.xdotool("search", "--onlyvisible", "--name", "^Project history").split(),
             what="Alt+T, H to open Tools → Project history")
    app.key("Escape")
    wait_for(lambda: not app.xdotool("search", "--onlyvisible", "--name", "^Project history").split(),
             what="Esc to close the history")
    assert_no_qt_warnings(app)
