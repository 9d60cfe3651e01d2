"""The article list of a project just opened: titles at once, claim counts once the list is on screen."""

from __future__ import annotations

import shutil
from pathlib import Path

from workbench import ops
from workbench.ui.main_window import MainWindow


def _second_lines(window: MainWindow) -> list[str]:
    items = [window.article_list.topLevelItem(i) for i in range(window.article_list.topLevelItemCount())]
    return [item.text(0).split("\n")[1] for item in items]


def test_counts_follow_the_titles_once_the_list_is_painted(window: MainWindow, sample_path: Path, qtbot) -> None:
    assert window.open_project(sample_path)
    assert _second_lines(window) == ["MENAFN · 2024-10-20"]  # the open's first frame: no index walked yet
    qtbot.waitUntil(lambda: _second_lines(window) == ["MENAFN · 2024-10-20 · 3 claims"])


def test_counts_come_for_a_second_project_opened_in_the_same_window(window: MainWindow, sample_path: Path,
                                                                    tmp_path: Path, qtbot) -> None:
    other = tmp_path / "other.fcproj"
    shutil.copy(sample_path, other)
    assert window.open_project(sample_path)
    qtbot.waitUntil(lambda: _second_lines(window) == ["MENAFN · 2024-10-20 · 3 claims"])
    assert window.open_project(other)  # the window is on screen: only the list's rows are repainted
    qtbot.waitUntil(lambda: _second_lines(window) == ["MENAFN · 2024-10-20 · 3 claims"])


def test_an_edit_shows_the_new_count_at_once(window: MainWindow, sample_path: Path, qtbot) -> None:
    assert window.open_project(sample_path)
    qtbot.waitUntil(lambda: _second_lines(window)[0].endswith("3 claims"))
    claim_id = window.claims_table.model.claims[0].id
    window.runner.run(ops.delete_claim, claim_id=claim_id)
    assert _second_lines(window) == ["MENAFN · 2024-10-20 · 2 claims"]
