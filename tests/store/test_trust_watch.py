"""The first full read of a file this machine cannot vouch for (issue 23: "Checking…" with Cancel): the
watcher is called while it runs, and stopping it cancels the open with the file unchanged."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from workbench.core.errors import OpenCancelled
from workbench.ops.sample import create_sample_project
from workbench.store import Project, trust


@pytest.fixture
def colleague_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # The sample is small: the watcher is called every few hundred steps of the read, not thousands.
    monkeypatch.setattr(trust, "_WATCH_EVERY", 100)
    mine = tmp_path / "mine.fcproj"
    create_sample_project(mine).close()  # closed cleanly here: vouched for
    theirs = tmp_path / "theirs.fcproj"
    shutil.copyfile(mine, theirs)  # never seen here: read through on open
    assert trust.is_vouched_for(mine) and not trust.is_vouched_for(theirs)
    return theirs


def test_the_watcher_is_called_during_the_full_read_and_the_open_goes_on(colleague_copy: Path) -> None:
    calls: list[int] = []
    with trust.watching(lambda: calls.append(1) is None and False), \
            Project.open(colleague_copy, read_only=True) as project:
        assert project.title
    assert calls  # the read reported its progress


def test_stopping_the_full_read_cancels_the_open_and_changes_nothing(colleague_copy: Path) -> None:
    before = hashlib.sha256(colleague_copy.read_bytes()).hexdigest()
    with trust.watching(lambda: True), pytest.raises(OpenCancelled, match="cancelled; the file was not changed"):
        Project.open(colleague_copy)
    assert hashlib.sha256(colleague_copy.read_bytes()).hexdigest() == before
    assert not list(colleague_copy.parent.glob("theirs.fcproj-*"))  # no journal, no lock left behind
    with Project.open(colleague_copy) as project:  # and it opens normally afterwards
        assert project.check() == []


def test_a_vouched_for_file_is_not_read_through_so_the_watcher_is_never_called(tmp_path: Path) -> None:
    path = tmp_path / "mine.fcproj"
    create_sample_project(path).close()
    with trust.watching(lambda: pytest.fail("a vouched-for file was read through")):
        Project.open(path).close()
