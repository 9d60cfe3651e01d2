"""A big project's claims table is filled right after the window has shown the opened project (so opening
50,000 claims does not keep the window blank), with nothing lost: every claim, and a claim selected while
it was loading."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.store import Project
from workbench.store.queries import list_claims
from workbench.ui import claims_table
from workbench.ui.main_window import MainWindow


def test_big_projects_claims_fill_the_table_after_the_first_paint(window: MainWindow, sample_path: Path, qtbot,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    with Project.open(sample_path, read_only=True) as p:
        ids = [c.id for c in list_claims(p)]
    monkeypatch.setattr(claims_table, "DEFER_AT", len(ids) - 1)  # the sample counts as a big project
    assert window.open_project(sample_path)
    table = window.claims_table
    assert table.model.rowCount() == 0
    assert table.search.placeholderText() == "Loading claims…"
    table.select(ids[-1])  # e.g. a highlight clicked before the table is filled
    qtbot.waitUntil(lambda: table.model.rowCount() == len(ids))
    assert table.selected_claim_id() == ids[-1]
    assert table.search.placeholderText() == "Filter claims…"
    assert {table.model.data(table.model.index(r, 0), claims_table.Qt.ItemDataRole.UserRole)
            for r in range(len(ids))} == set(ids)


def test_small_projects_claims_are_listed_at_once(window: MainWindow, sample_path: Path) -> None:
    assert window.open_project(sample_path)
    assert window.claims_table.model.rowCount() == 3
