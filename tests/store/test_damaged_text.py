"""One flipped bit in an article's text (issue 26 items 3 and 4): the project still lists, searches and
exports; `check` names the damaged article whether the bit left valid UTF-8 ("S" -> "s") or not; salvage
keeps the article and every claim in a healthy new project and says what was damaged."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.damage import flip
from workbench import cli
from workbench.ops.sample import create_sample_project
from workbench.store import Project
from workbench.store.queries import list_claims
from workbench.store.salvage import salvage


@pytest.fixture(params=["still-utf8", "not-utf8"])
def damaged(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    path = tmp_path / "story.fcproj"
    create_sample_project(path, author="Ana").close()
    if request.param == "still-utf8":
        flip(path, b"(MENAFN) Secretary General", len("(MENAFN) "), ord("s"))  # in the article text
    else:
        flip(path, b"Zelensky", 2, 0xFF)
    return path


def test_damaged_text_is_found_by_check_and_everything_else_still_works(
        damaged: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", str(damaged)]) == 1
    err = capsys.readouterr().err
    assert "its text is damaged" in err and "NATO cannot verify" in err
    assert cli.main(["claims", str(damaged), "--json"]) == 0
    assert "Mark Rutte" in capsys.readouterr().out
    assert cli.main(["export", str(damaged), "--format", "markdown", "-o", str(tmp_path / "r.md")]) == 0
    assert "highly likely" in (tmp_path / "r.md").read_text(encoding="utf-8")


def test_salvage_keeps_the_damaged_article_and_all_its_claims(damaged: Path, tmp_path: Path) -> None:
    before = damaged.read_bytes()
    report = salvage(damaged, tmp_path / "saved.fcproj")
    assert report.tables["claims"].recovered == report.tables["claims"].found == 3
    assert report.damaged_texts == ["NATO cannot verify reports of North Korean troops in Ukraine, Rutte says"]
    assert "the text of 1 article was damaged" in report.summary() and not report.complete
    assert damaged.read_bytes() == before
    with Project.open(tmp_path / "saved.fcproj", read_only=True) as saved:
        assert saved.check() == []
        assert [c.speaker for c in list_claims(saved)] == ["Mark Rutte", "Kim Yong-hyun", "the Kremlin"]
