"""A full disk, a folder turned read-only, a project file deleted or replaced while open.

What a journalist must see each time: a clear message naming the change that was not saved and what to
do ("Free some space..."), never a database traceback; the project file still passes ``check()`` and holds
everything saved before; the failed change leaves no trace (no half-stored file, no undo step); and once
the cause is gone, work goes on in the same window or command.

The full disk is made three ways: SQLite's own page limit (in this process), the operating system's file
size limit (in a child process, where writes past it fail like on a full disk), and a real 2 MB tmpfs
when this machine lets the test mount one (as root in a container or VM); elsewhere that case uses the
file size limit too, so it never goes untested.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests.reliability.harness import ROOT, Zygote, content_digest, read_acks
from tests.reliability.worker import BIG, NOBODY, fill_and_recover, story
from workbench import ops
from workbench.core.errors import StorageError
from workbench.importers import import_bytes
from workbench.ops.merge import merge_project
from workbench.ops.sample import create_sample_project
from workbench.store import Project
from workbench.store.queries import list_articles


def _digest(path: Path) -> str:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return content_digest(conn)
    finally:
        conn.close()


@contextlib.contextmanager
def _small_disk(folder: Path) -> Iterator[bool]:
    """Mount a 2 MB tmpfs on ``folder``; yields False (and mounts nothing) where that is not allowed."""
    folder.mkdir()
    try:
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)],
                                 capture_output=True).returncode == 0
    except OSError:  # no mount command
        mounted = False
    try:
        yield mounted
    finally:
        if mounted and subprocess.run(["umount", str(folder)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def _filler(folder: Path, leave: int) -> tuple[Callable[[], None], Callable[[], None]]:
    filler = folder / "other-files.bin"

    def fill() -> None:
        filler.write_bytes(b"\0" * max(0, shutil.disk_usage(folder).free - leave))

    def free() -> None:
        filler.unlink()

    return fill, free


def _page_limit(project: Project) -> tuple[Callable[[], None], Callable[[], None]]:
    def fill() -> None:
        pages = project.conn.execute("PRAGMA page_count").fetchone()[0]
        project.conn.execute(f"PRAGMA max_page_count = {pages + 2}")

    def free() -> None:
        project.conn.execute("PRAGMA max_page_count = 4294967294")

    return fill, free


@pytest.mark.parametrize("full", ["page-limit", "file-size-limit", "small-disk"])
def test_a_full_disk_refuses_the_change_keeps_the_project_and_work_goes_on(
        full: str, tmp_path: Path, zygote: Zygote) -> None:
    with _small_disk(tmp_path / "disk") as mounted:
        folder = tmp_path / "disk" if full == "small-disk" else tmp_path
        path = folder / "full-disk.fcproj"
        with create_sample_project(path, author="Test Author") as sample:
            (articles_before,) = [a.source_file for a in list_articles(sample)]
        if full == "page-limit" or (full == "small-disk" and mounted):
            with Project.open(path) as project:
                fill, free = _page_limit(project) if full == "page-limit" else _filler(folder, 48 * 1024)
                result = fill_and_recover(project, fill, free)
        else:
            acks = tmp_path / "result.jsonl"
            reply = zygote.run("file_size_limit", 60.0, project_path=str(path), ack_path=str(acks))
            assert not reply["killed"]
            (result,) = read_acks(acks)
        for failure in result["failures"]:
            assert failure["type"] == StorageError.__name__, failure
            message = failure["error"]
            assert message.startswith(f"full-disk.fcproj: “{failure['op']}” was not saved")
            assert "everything saved before is safe" in message
            assert "Traceback" not in message and "sqlite" not in message.lower()
            if full != "file-size-limit" and not (full == "small-disk" and not mounted):
                assert "the disk is full. Free some space" in message
        assert result["check_while_full"] == []
        with Project.open(path) as project:
            assert project.check() == []
            # Saved before the disk filled, and after space came back: there. The refused: no trace.
            assert project.row("sources", result["source_id"])["title"] == "Court filing"
            assert [r[0] for r in project.conn.execute("SELECT id FROM source_files")] == result["attached_after"]
            assert [a.source_file for a in list_articles(project)] == [articles_before]
            assert project.conn.execute("SELECT count(*) FROM attachments").fetchone()[0] == 1
            assert project.conn.execute("SELECT count(*) FROM claims").fetchone()[0] == 3


def test_a_merge_on_a_full_disk_changes_nothing(tmp_path: Path) -> None:
    mine = tmp_path / "mine.fcproj"
    create_sample_project(mine, author="Me").close()
    theirs = tmp_path / "theirs.fcproj"
    shutil.copyfile(mine, theirs)
    with Project.open(theirs, author="Colleague") as colleague:
        ops.add_article(colleague, article=import_bytes(story(random.Random(2), 400).encode(),
                                                        "their-long-read.txt"))
    before = _digest(mine)
    with Project.open(mine) as project:
        fill, free = _page_limit(project)
        fill()
        with pytest.raises(StorageError, match=r"“Merge theirs.fcproj” was not saved: the disk is full"):
            merge_project(project, other_path=theirs)
        free()
        assert project.check() == []
    assert _digest(mine) == before
    with Project.open(mine) as project:  # with room again, the same merge goes through
        assert merge_project(project, other_path=theirs).changed_anything
        assert len(list_articles(project)) == 2


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder an unprivileged user owns (outside pytest's root-only temp tree), for the read-only test."""
    folder = Path(tempfile.mkdtemp(prefix="workbench-reliability-readonly-"))
    try:
        folder.chmod(0o755)
        yield folder
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder, ignore_errors=True)


def test_a_folder_turned_read_only_refuses_changes_until_writable_again(
        shared_folder: Path, zygote: Zygote, tmp_path: Path) -> None:
    project_folder = shared_folder / "project"
    data_dir = shared_folder / "data"
    project_folder.mkdir()
    data_dir.mkdir()
    path = project_folder / "read-only.fcproj"
    create_sample_project(path, author="Test Author").close()
    if os.geteuid() == 0:  # the child gives up root (which ignores permissions) and works as this user
        for p in (shared_folder, project_folder, data_dir, path):
            os.chown(p, NOBODY, NOBODY)
    acks = tmp_path / "result.jsonl"
    reply = zygote.run("read_only_folder", 60.0, project_path=str(path), ack_path=str(acks), data_dir=str(data_dir))
    assert not reply["killed"]
    (result,) = read_acks(acks)
    assert result["type"] == StorageError.__name__
    assert result["error"].startswith("read-only.fcproj: “Add source” was not saved: its folder or disk cannot be "
                                      "written any more")
    assert result["check"] == []
    with Project.open(path) as project:
        assert project.check() == []
        titles = sorted(r[0] for r in project.conn.execute("SELECT title FROM sources"))
        assert "Saved before" in titles and "Writable again" in titles and "While read-only" not in titles


def test_a_deleted_project_file_refuses_changes_and_a_copy_keeps_the_work(tmp_path: Path) -> None:
    path = tmp_path / "deleted.fcproj"
    with create_sample_project(path, author="Test Author") as project:
        claim_id = project.conn.execute("SELECT id FROM claims ORDER BY start LIMIT 1").fetchone()[0]
        ops.update_claim(project, claim_id=claim_id, verdict="False", note="Checked with the ministry")
        path.unlink()  # moved to the bin in the file manager while the project is open
        with pytest.raises(StorageError, match=r"was moved, renamed or deleted while it was open\. Use File → "
                                               r"Save a copy"):
            ops.update_claim(project, claim_id=claim_id, speaker="Someone else")
        # Nothing was written in its place, and the work shown is still in the open project: save a copy.
        assert not path.exists()
        assert not path.with_name(path.name + "-journal").exists()
        rescued = project.backup_to(tmp_path / "rescued.fcproj")
    with Project.open(rescued) as copy:
        assert copy.check() == []
        claim = copy.row("claims", claim_id)
        assert (claim["verdict"], claim["note"], claim["speaker"]) == ("False", "Checked with the ministry",
                                                                       "Mark Rutte")


def test_a_replaced_project_file_is_never_written_over(tmp_path: Path) -> None:
    path = tmp_path / "replaced.fcproj"
    other = tmp_path / "older-version.fcproj"
    create_sample_project(other, author="Colleague").close()
    replacement = other.read_bytes()
    with create_sample_project(path, author="Test Author") as project:
        os.replace(other, path)  # an older copy dragged over it from a USB stick
        with pytest.raises(StorageError, match="was moved, renamed or deleted while it was open"):
            ops.set_project_title(project, title="Mine")
    assert path.read_bytes() == replacement  # the file now there is left exactly as it was put there


# -- the window --------------------------------------------------------------------------------------------


def _window_on_sample(qtbot: Any, settings: Any, path: Path,
                      monkeypatch: pytest.MonkeyPatch) -> tuple[Any, list[tuple[str, str]]]:
    """A real window with the sample project open at ``path``, and the errors it shows (collected)."""
    from workbench.ui.main_window import MainWindow

    create_sample_project(path, author="Test Author").close()
    window = MainWindow(settings)
    qtbot.addWidget(window)
    errors: list[tuple[str, str]] = []
    monkeypatch.setattr(window.runner, "show_error", lambda title, message: errors.append((title, message)))
    assert window.open_project(path)
    return window, errors


def _first_claim(window: Any) -> str:
    return window.project.conn.execute("SELECT id FROM claims ORDER BY start LIMIT 1").fetchone()[0]


def test_window_full_disk_shows_a_dialog_and_work_goes_on(qtbot: Any, settings: Any, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "window.fcproj"
    long_read = tmp_path / "long-read.txt"
    long_read.write_text(story(random.Random(4), 3000), encoding="utf-8")
    window, errors = _window_on_sample(qtbot, settings, path, monkeypatch)
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    steps = window.runner.undo_stack.count()
    fill, free = _page_limit(window.project)
    fill()
    window.importer.import_paths([str(long_read)])
    qtbot.waitUntil(lambda: not window.importer.running, timeout=10_000)
    assert errors == [("Not saved", "window.fcproj: “Add article” was not saved: the disk is full. Free some "
                                    "space on it and try again; everything saved before is safe.")]
    assert window.runner.undo_stack.count() == steps  # no undo step for a change that did not happen
    assert window.project.check() == []
    free()
    window.importer.import_paths([str(long_read)])  # the same action, once there is room again
    qtbot.waitUntil(lambda: not window.importer.running, timeout=10_000)
    assert len(errors) == 1
    assert window.runner.undo_stack.count() == steps + 1
    window.close()
    with Project.open(path) as project:
        assert project.check() == []
        assert [a.source_file for a in list_articles(project)][-1] == "long-read.txt"


def test_window_deleted_file_then_save_a_copy_keeps_the_work(qtbot: Any, settings: Any, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "vanishing.fcproj"
    window, errors = _window_on_sample(qtbot, settings, path, monkeypatch)
    claim_id = _first_claim(window)
    assert window.runner.run(ops.update_claim, claim_id=claim_id, status="Checked") is not None
    path.unlink()
    assert window.runner.run(ops.update_claim, claim_id=claim_id, verdict="False") is None
    assert errors and errors[0][0] == "Not saved" and "Save a copy" in errors[0][1]
    copy = tmp_path / "vanishing rescued.fcproj"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(copy), ""))
    window.act_copy.trigger()
    assert len(errors) == 1
    window.close()
    with Project.open(copy) as rescued:
        assert rescued.check() == []
        assert rescued.row("claims", claim_id)["status"] == "Checked"


def test_window_deleted_file_saved_back_in_its_place_and_work_goes_on_there(
        qtbot: Any, settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "vanishing.fcproj"
    window, errors = _window_on_sample(qtbot, settings, path, monkeypatch)
    claim_id = _first_claim(window)
    assert window.runner.run(ops.update_claim, claim_id=claim_id, status="Checked") is not None
    path.unlink()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    window.act_copy.trigger()
    assert errors == []
    # The window now edits the saved file, so the next change lands on disk instead of failing.
    assert window.runner.run(ops.update_claim, claim_id=claim_id, verdict="False") is not None
    window.close()
    with Project.open(path) as rescued:
        assert rescued.check() == []
        assert rescued.row("claims", claim_id)["status"] == "Checked"
        assert rescued.row("claims", claim_id)["verdict"] == "False"


# -- the command line --------------------------------------------------------------------------------------


def _file_size_limit(size: int) -> Callable[[], None]:
    def limit() -> None:  # runs in the child before it starts Python: only the command is limited
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # ignored signals stay ignored across exec
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, resource.RLIM_INFINITY))

    return limit


def test_cli_import_on_a_full_disk_exits_1_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "cli.fcproj"
    create_sample_project(path, author="Test Author").close()
    before = _digest(path)
    long_read = tmp_path / "long-read.txt"
    long_read.write_text(story(random.Random(6), 3000), encoding="utf-8")
    assert long_read.stat().st_size > BIG / 2
    command = [sys.executable, "-m", "workbench", "import", str(path), str(long_read)]
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60,
                         preexec_fn=_file_size_limit(path.stat().st_size + 8192))
    assert run.returncode == 1, run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("cli.fcproj: “Add article” was not saved: "), run.stderr
    assert "Traceback" not in run.stderr and run.stdout == ""
    assert _digest(path) == before
    with Project.open(path) as project:
        assert project.check() == []
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr


def test_window_undo_that_cannot_be_saved_can_be_tried_again(qtbot: Any, settings: Any, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "undo.fcproj"
    window, errors = _window_on_sample(qtbot, settings, path, monkeypatch)
    claim_id = _first_claim(window)

    def note() -> str:
        return window.project.row("claims", claim_id)["note"]

    first = note()
    window.runner.run(ops.update_claim, claim_id=claim_id, speaker="Rutte, NATO")
    window.runner.run(ops.update_claim, claim_id=claim_id, note="Confirmed by the ministry")
    steps = window.runner.undo_stack.index()

    # The medium turns read-only (SQLite refuses every write on this connection, as on a locked SD card).
    window.project.conn.execute("PRAGMA query_only = 1")
    window.runner.undo()
    assert errors and errors[0][0] == "Undo" and "was not saved" in errors[0][1]
    # The stack steps back to match the file: the note is still there, and Undo still offers to take it back.
    qtbot.waitUntil(lambda: window.runner.undo_stack.index() == steps, timeout=2_000)
    assert note() == "Confirmed by the ministry"
    window.project.conn.execute("PRAGMA query_only = 0")
    window.runner.undo()  # tried again once writable: the same step, not the one before it
    assert note() == first
    assert window.project.row("claims", claim_id)["speaker"] == "Rutte, NATO"
    assert window.runner.undo_stack.index() == steps - 1
    window.project.conn.execute("PRAGMA query_only = 1")
    window.runner.redo()
    qtbot.waitUntil(lambda: window.runner.undo_stack.index() == steps - 1, timeout=2_000)
    assert note() == first and len(errors) == 2
    window.project.conn.execute("PRAGMA query_only = 0")
    window.runner.redo()
    assert note() == "Confirmed by the ministry" and window.runner.undo_stack.index() == steps
    window.close()
    with Project.open(path) as project:
        assert project.check() == []
        assert project.row("claims", claim_id)["note"] == "Confirmed by the ministry"


def test_cli_new_project_on_a_full_disk_exits_1_and_leaves_nothing(tmp_path: Path) -> None:
    with _small_disk(tmp_path / "stick") as mounted:
        folder = tmp_path / "stick"
        command = [sys.executable, "-m", "workbench", "new", str(folder / "story.fcproj")]
        fill, free = _filler(folder, 8 * 1024) if mounted else ((lambda: None), (lambda: None))
        fill()
        try:
            run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60,
                                 preexec_fn=None if mounted else _file_size_limit(16 * 1024))
        finally:
            free()
        assert run.returncode == 1, run.stderr
        lines = run.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("workbench: story.fcproj: cannot be created ("), run.stderr
        if mounted:
            assert lines[0].endswith("(the disk is full; free some space and try again).")
        assert list(folder.iterdir()) == []  # no half-made project, under its name or a temporary one
        assert subprocess.run(command, cwd=ROOT, capture_output=True, timeout=60).returncode == 0  # room again


def test_cli_salvage_on_a_full_disk_names_the_new_file_and_leaves_nothing(tmp_path: Path) -> None:
    damaged = tmp_path / "story.fcproj"
    create_sample_project(damaged).close()
    before = damaged.read_bytes()
    command = [sys.executable, "-m", "workbench", "salvage", str(damaged), str(tmp_path / "rescued.fcproj")]
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60,
                         preexec_fn=_file_size_limit(64 * 1024))
    assert run.returncode == 1, run.stderr
    (line,) = run.stderr.strip().splitlines()
    assert line.startswith("workbench: rescued.fcproj: the salvaged project could not be written (") and \
        "story.fcproj was not changed" in line, line
    assert ".workbench-" not in line and "salvaging" not in line  # never the temporary file's name
    assert sorted(p.name for p in tmp_path.iterdir()) == ["story.fcproj"] and damaged.read_bytes() == before


def test_cli_salvage_when_the_disk_fills_during_the_copy_says_so_and_leaves_nothing(tmp_path: Path) -> None:
    # The new project is made, then the disk fills while the damaged file's rows are copied into it: the
    # journalist is told the disk is full, of the file they named, and nothing is left half-written.
    damaged = tmp_path / "story.fcproj"
    create_sample_project(damaged).close()
    long_read = tmp_path / "long-read.txt"
    long_read.write_text(story(random.Random(7), 3000), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "workbench", "import", str(damaged), str(long_read)], cwd=ROOT,
                   capture_output=True, check=True, timeout=60)
    before = damaged.read_bytes()
    empty = tmp_path / "empty.fcproj"
    Project.create(empty).close()
    room = empty.stat().st_size + 64 * 1024  # a new project fits; the article's 400 KB do not
    empty.unlink()
    with _small_disk(tmp_path / "stick") as mounted:
        folder = tmp_path / "stick"
        command = [sys.executable, "-m", "workbench", "salvage", str(damaged), str(folder / "rescued.fcproj")]
        fill, free = _filler(folder, room) if mounted else ((lambda: None), (lambda: None))
        fill()
        try:
            run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60,
                                 preexec_fn=None if mounted else _file_size_limit(room))
            left = sorted(p.name for p in folder.iterdir() if p.name != "other-files.bin")
        finally:
            free()
        assert run.returncode == 1, run.stderr
        lines = run.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in run.stderr, run.stderr
        assert lines[0].startswith("workbench: rescued.fcproj: the salvaged project could not be written (")
        assert lines[0].endswith("No new project was made, and story.fcproj was not changed."), lines[0]
        if mounted:
            assert "(the disk is full; free some space and try again)" in lines[0]
        assert left == [] and damaged.read_bytes() == before
        assert subprocess.run(command, cwd=ROOT, capture_output=True, timeout=60).returncode == 0  # room again
        with Project.open(folder / "rescued.fcproj") as rescued:
            assert rescued.conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
