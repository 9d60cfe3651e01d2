"""What the window accepts as the name written on a journalist's changes (Tools → Your name…)."""

from __future__ import annotations

import pytest

from workbench.store.author import author_name_problem


@pytest.mark.parametrize("name", ["Dana Reporter", "Ana Lima-Sørensen", "AP/Reuters desk", "Dana Reporter / Politics",
                                  "O'Brien", "李明", "Politics desk 2"])
def test_names_people_and_desks_use_are_accepted(name: str) -> None:
    assert author_name_problem(name) is None


@pytest.mark.parametrize(("name", "reason"), [
    ("/home/dana/Desktop/story.fcproj", "file path"),
    ("C:\\Users\\dana\\story.fcproj", "file path"),
    ("~/Desktop", "file path"),
    ("reports/2026/march", "file path"),
    ("https://example.org/dana", "web address"),
    ("12345", "needs letters"),
    ("x" * 81, "longer than a name"),
])
def test_what_is_plainly_no_name_is_refused_with_the_reason(name: str, reason: str) -> None:
    problem = author_name_problem(name)
    assert problem is not None and reason in problem
