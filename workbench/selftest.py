"""``workbench --self-test``: prove that an installation (above all the desktop bundle) works, without a
screen and without touching the user's projects, settings or data folder.

It creates a project in a temporary folder, imports the bundled sample article through the real
importer, accepts the three quote suggestions, imports a saved web page with a date in its text
(trafilatura + htmldate, the parts most easily broken by trimming the bundle), exports the Markdown and
HTML reports and checks they name the three speakers, checks the project file, and opens it in the real
main window offscreen (which proves the Qt platform plugins are there). One line per step; exit 0 with
"self-test passed", or exit 1 naming the step that failed.
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from workbench.core.paths import DATA_DIR_ENV

# The sample story's three quotes, as the quote suggester attributes them.
EXPECTED_SPEAKERS = ("Mark Rutte", "Kim Yong-hyun", "the Kremlin")


class SelfTestFailure(Exception):
    """A check of the self-test did not hold; the message says what was found instead."""


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise SelfTestFailure(message)


@dataclass
class _State:
    folder: Path
    project_path: Path = field(init=False)
    article_id: str = ""

    def __post_init__(self) -> None:
        self.project_path = self.folder / "self-test.fcproj"


def _create_project(state: _State) -> str:
    from workbench.store import Project

    Project.create(state.project_path, title="Self-test", author="Self-test").close()
    _require(state.project_path.is_file(), f"{state.project_path} was not written")
    return str(state.project_path)


def _import_sample(state: _State) -> str:
    from workbench.core.paths import resource_path
    from workbench.importers import import_file
    from workbench.ops import add_article
    from workbench.ops.sample import SAMPLE_ARTICLE
    from workbench.store import Project

    article = import_file(resource_path(SAMPLE_ARTICLE))
    with Project.open(state.project_path, author="Self-test") as project:
        state.article_id = add_article(project, article=article).created("articles")[0]
    _require(article.published == "2024-10-20", f"sample's date read as {article.published!r}, not 2024-10-20")
    return f"{len(article.text)} characters, dated {article.published}, from {article.outlet}"


def _accept_quote_suggestions(state: _State) -> str:
    from workbench.ops.suggestions import accept_suggestions, suggestions_for_article
    from workbench.store import Project
    from workbench.store.queries import list_claims

    with Project.open(state.project_path, author="Self-test") as project:
        suggestions = suggestions_for_article(project, state.article_id)
        speakers = tuple(s.speaker for s in suggestions)
        _require(speakers == EXPECTED_SPEAKERS, f"suggested speakers {speakers}, expected {EXPECTED_SPEAKERS}")
        accept_suggestions(project, article_id=state.article_id, suggestions=suggestions)
    with Project.open(state.project_path, read_only=True) as project:
        claims = list_claims(project, state.article_id)
    _require(tuple(c.speaker for c in claims) == EXPECTED_SPEAKERS,
             f"claims after reopening: {[c.speaker for c in claims]}")
    return "3 claims: " + ", ".join(EXPECTED_SPEAKERS)


def _import_web_page(state: _State) -> str:
    from workbench.core.paths import resource_path
    from workbench.importers import import_bytes
    from workbench.ops.sample import SAMPLE_ARTICLE

    # The sample's paragraphs as a saved news page whose date is only in the text, as on many sites.
    paragraphs = resource_path(SAMPLE_ARTICLE).read_text(encoding="utf-8").split("\n\n")[1:]
    body = "".join(f"<p>{p.strip()}</p>" for p in paragraphs if p.strip())
    page = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>NATO cannot verify reports'
            '</title></head><body><nav><a href="/">Home</a></nav><article><h1>NATO cannot verify reports'
            f'</h1><p class="date">Published 21 October 2024</p>{body}</article></body></html>')
    article = import_bytes(page.encode("utf-8"), "self-test.html")
    _require(article.published == "2024-10-21", f"page date read as {article.published!r}, not 2024-10-21")
    _require("highly likely" in article.text, "the page's article text was not extracted")
    return f"{len(article.text)} characters, dated {article.published}"


def _export_reports(state: _State) -> str:
    from workbench.export import export, write_export
    from workbench.store import Project

    written = []
    with Project.open(state.project_path, read_only=True) as project:
        for fmt, suffix in (("markdown", ".md"), ("html", ".html")):
            path = write_export(export(project, fmt), state.folder / f"report{suffix}")
            text = path.read_text(encoding="utf-8")
            missing = [s for s in EXPECTED_SPEAKERS if s not in text]
            _require(not missing, f"{path.name} does not name {', '.join(missing)}")
            written.append(f"{path.name} ({len(text)} characters)")
    return ", ".join(written)


def _check_project(state: _State) -> str:
    from workbench.store import Project

    with Project.open(state.project_path, author="Self-test") as project:
        problems = project.check()
    _require(not problems, "; ".join(problems))
    return "healthy"


def _open_window(state: _State) -> str:
    from PySide6.QtCore import QSettings

    from workbench.ui.app import create_application
    from workbench.ui.main_window import MainWindow

    app = create_application()
    settings = QSettings(str(state.folder / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("author", "Self-test")
    window = MainWindow(settings)
    try:
        window.show()
        _require(window.open_project(state.project_path), "the window refused the project")
        app.processEvents()
        rows = window.claims_table.model.rowCount()
        _require(rows == 3, f"the claims table shows {rows} claims, not 3")
        _require(not app.windowIcon().isNull(), "the application icon was not found")
    finally:
        window.close()
        app.processEvents()
    return f"platform {app.platformName()}, {rows} claims in the table"


STEPS: tuple[tuple[str, Callable[[_State], str]], ...] = (
    ("create a project", _create_project),
    ("import the sample article", _import_sample),
    ("accept the three quote suggestions", _accept_quote_suggestions),
    ("import a web page with a date", _import_web_page),
    ("export the Markdown and HTML reports", _export_reports),
    ("check the project file", _check_project),
    ("open the project in the window", _open_window),
)


def main() -> int:
    """Run every step; 0 if all passed, 1 at the first failure."""
    from workbench import __version__

    # Headless unless told otherwise; must be set before Qt starts.
    if not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    print(f"Fact-Check Workbench {__version__} self-test ({'bundle' if getattr(sys, 'frozen', False) else 'Python'})")
    with tempfile.TemporaryDirectory(prefix="workbench-self-test-") as tmp:
        state = _State(Path(tmp))
        saved_data_dir = os.environ.get(DATA_DIR_ENV)
        os.environ[DATA_DIR_ENV] = str(Path(tmp) / "data")  # never the user's backups or sample
        try:
            for number, (name, step) in enumerate(STEPS, 1):
                try:
                    detail = step(state)
                except Exception as exc:  # any failure is the answer we are looking for, reported not raised
                    print(f"{number}/{len(STEPS)} FAILED {name}: {exc}", flush=True)
                    if not isinstance(exc, SelfTestFailure):
                        traceback.print_exc()
                    print("self-test failed")
                    return 1
                print(f"{number}/{len(STEPS)} ok {name}: {detail}", flush=True)
        finally:
            if saved_data_dir is None:
                os.environ.pop(DATA_DIR_ENV, None)
            else:
                os.environ[DATA_DIR_ENV] = saved_data_dir
    print("self-test passed")
    return 0
