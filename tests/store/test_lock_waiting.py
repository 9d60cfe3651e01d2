"""Short command-line commands writing one project side by side: a command waits a few seconds for another
command's editing lock instead of failing as if a window held it; a window's lock is refused at once, and
each refusal names the holder for what it is."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.projects import write_sample_article
from workbench import cli
from workbench.core.errors import ProjectInUseError
from workbench.store import Project, lock

_HOLDER = r"""
import sys, time
from pathlib import Path
from workbench.store import lock
if sys.argv[2] == "command":
    with lock.as_command():
        held = lock.acquire(Path(sys.argv[1]))
else:
    held = lock.acquire(Path(sys.argv[1]))
print("held", flush=True)
time.sleep(float(sys.argv[3]))
lock.release(held)
"""


@pytest.fixture
def story(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "story.fcproj"
    return path, write_sample_article(path)


def _hold(path: Path, kind: str, seconds: float) -> subprocess.Popen[str]:
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, str(path), kind, str(seconds)],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    return holder


def _claims(path: Path) -> int:
    with Project.open(path, read_only=True) as p:
        return p.conn.execute("SELECT count(*) FROM claims").fetchone()[0]


def test_a_command_waits_for_another_command_and_then_saves(story: tuple[Path, str]) -> None:
    path, article_id = story
    holder = _hold(path, "command", 1.0)
    try:
        assert cli.main(["claim", "add", str(path), "--article", article_id, "--quote", "hoax"]) == 0
    finally:
        holder.wait(10)
    assert _claims(path) == 4


def test_a_window_is_not_waited_for_and_is_named_as_a_window(
    story: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    path, article_id = story
    holder = _hold(path, "window", 30.0)
    try:
        started = time.monotonic()
        assert cli.main(["claim", "add", str(path), "--article", article_id, "--quote", "hoax"]) == 1
        assert time.monotonic() - started < lock.COMMAND_WAIT  # refused at once, not after the wait
        assert f"already open in another window (pid {holder.pid})" in capsys.readouterr().err
    finally:
        holder.kill()
        holder.wait(10)
    assert _claims(path) == 3


def test_a_command_that_does_not_finish_is_named_as_a_command(story: tuple[Path, str]) -> None:
    path, _article_id = story
    holder = _hold(path, "command", 30.0)
    try:
        with lock.as_command(0.5), pytest.raises(ProjectInUseError,
                                                  match=rf"another workbench command \(pid {holder.pid}\)"):
            Project.open(path)
    finally:
        holder.kill()
        holder.wait(10)
    assert _claims(path) == 3
