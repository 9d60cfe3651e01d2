"""The project lock: a second window or process editing the same file is refused with a clear message,
reading never is, a crashed holder never leaves the file locked, and two writers that bypass the lock
still cannot corrupt the file (SQLite's own locking)."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbench import cli
from workbench.core.errors import ProjectFileError, ProjectInUseError, ProjectReadOnlyError
from workbench.store import Project, lock
from workbench.store.lock import lock_path
from workbench.store.queries import list_claims

# A child process that opens a project for editing, says "ready", and keeps it open until stdin closes.
HOLDER = textwrap.dedent("""
    import sys
    from workbench.store import Project
    project = Project.open(sys.argv[1])
    print("ready", flush=True)
    sys.stdin.read()
    project.close()
    print("closed", flush=True)
""")


def _env() -> dict[str, str]:
    return {**os.environ, "WORKBENCH_AUTHOR": "Other Window"}


@pytest.fixture
def holder(sample_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process with the sample project open for editing."""
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(sample_path)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, env=_env())
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    yield proc
    if proc.poll() is None:
        proc.kill()
        proc.wait()


def test_second_process_is_refused_with_the_holders_pid(sample_path: Path,
                                                        holder: subprocess.Popen[str]) -> None:
    with pytest.raises(ProjectInUseError) as info:
        Project.open(sample_path)
    message = str(info.value)
    assert message.startswith("sample.fcproj: is already open in another window")
    assert f"pid {holder.pid}" in message
    assert "open a copy" in message
    assert info.value.pid == holder.pid
    assert isinstance(info.value, ProjectFileError)  # every caller that handles file errors handles this


def test_a_link_to_the_file_meets_the_same_lock(sample_path: Path, holder: subprocess.Popen[str],
                                               capsys: pytest.CaptureFixture[str]) -> None:
    # A second window or a command that reaches the project through a symbolic link (a synced folder, a
    # shortcut on the desktop) is refused like one that named the file itself.
    link = sample_path.parent / "desktop" / "story link.fcproj"
    link.parent.mkdir()
    link.symlink_to(sample_path)
    with pytest.raises(ProjectInUseError, match=f"pid {holder.pid}"):
        Project.open(link)
    article = _first_article(sample_path)
    assert cli.main(["claim", "add", str(link), "--article", article, "--quote", "Rutte"]) == 1
    assert "already open in another window" in capsys.readouterr().err
    assert not lock_path(link).is_relative_to(link.parent)  # no second lock file beside the link
    with Project.open(sample_path, read_only=True) as project:
        assert len(list_claims(project)) == 3


def test_reading_is_never_refused_while_another_window_edits(sample_path: Path,
                                                              holder: subprocess.Popen[str]) -> None:
    with Project.open(sample_path, read_only=True) as project:
        assert len(list_claims(project)) == 3


def test_cli_reads_work_and_cli_writes_are_refused_while_held(
    sample_path: Path, holder: subprocess.Popen[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["claims", str(sample_path), "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 3
    article = _first_article(sample_path)
    status = cli.main(["claim", "add", str(sample_path), "--article", article, "--quote", "Rutte"])
    assert status == 1
    assert "already open in another window" in capsys.readouterr().err
    with Project.open(sample_path, read_only=True) as project:
        assert len(list_claims(project)) == 3  # nothing written


def test_check_works_while_a_window_edits_the_project(
    sample_path: Path, holder: subprocess.Popen[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["check", str(sample_path)]) == 0  # checking only reads: the window's lock is no obstacle
    captured = capsys.readouterr()
    assert "healthy" in captured.out and "search indexes were not checked" in captured.err
    assert cli.main(["check", "--repair", str(sample_path)]) == 1  # repairing writes: refused while held
    assert "already open in another window" in capsys.readouterr().err


def test_lock_is_released_when_the_holder_closes(sample_path: Path, holder: subprocess.Popen[str]) -> None:
    assert holder.stdin is not None and holder.stdout is not None
    holder.stdin.close()
    assert holder.stdout.readline().strip() == "closed"
    holder.wait(timeout=10)
    assert not lock_path(sample_path).exists()  # no clutter beside the journalist's file
    with Project.open(sample_path) as project:
        assert len(list_claims(project)) == 3


def test_a_crashed_holder_never_leaves_the_file_locked(sample_path: Path,
                                                       holder: subprocess.Popen[str]) -> None:
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=10)
    assert lock_path(sample_path).exists()  # the sidecar stays behind...
    with Project.open(sample_path) as project:  # ...but nobody holds it, so it is taken over
        assert project.check() == []
    assert not lock_path(sample_path).exists()


def test_same_process_may_reopen_and_the_lock_lasts_until_the_last_close(sample_path: Path) -> None:
    first = Project.open(sample_path)
    second = Project.open(sample_path)
    assert lock_path(sample_path).exists()
    first.close()
    assert lock_path(sample_path).exists()
    assert _other_process_can_open(sample_path) is False
    second.close()
    assert not lock_path(sample_path).exists()
    assert _other_process_can_open(sample_path) is True


def test_a_folder_where_no_lock_file_can_be_made_is_read_only(sample_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    # Running tests as root makes chmod meaningless, so the read-only folder is simulated where the lock
    # module creates its sidecar.
    real_open = os.open

    def refuse(path: str | os.PathLike[str], flags: int, mode: int = 0o777) -> int:
        if str(path).endswith(".lock"):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, mode)

    monkeypatch.setattr(lock.os, "open", refuse)
    with pytest.raises(ProjectReadOnlyError, match=r"read-only here.*Open a copy"):
        Project.open(sample_path)
    monkeypatch.undo()
    with Project.open(sample_path) as project:  # and nothing was left half-open
        assert project.check() == []


def test_a_file_system_without_locking_still_opens(sample_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def unsupported(_handle: object) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(lock, "_os_lock", unsupported)
    with Project.open(sample_path) as project:
        assert len(list_claims(project)) == 3


WRITER = textwrap.dedent("""
    import sys
    from workbench.store import Project, lock
    from workbench import ops

    # Bypass the app's lock (as on a network share that cannot lock): SQLite alone must keep the file whole.
    lock.acquire = lambda path: None
    path, article, name, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    project = Project.open(path, author=name)
    for i in range(count):
        ops.add_claim(project, article_id=article, quote="Rutte", speaker=f"{name} {i}")
        ops.tag_claim(project, claim_id=ops.add_claim(project, article_id=article, quote="NATO")
                      .created("claims")[0], name=name)
    project.close()
""")


def test_two_processes_writing_at_once_never_corrupt_the_file(sample_path: Path) -> None:
    article = _first_article(sample_path)
    count = 40
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(sample_path), article, name, str(count)],
                              env=_env(), stderr=subprocess.PIPE, text=True)
             for name in ("Anna", "Ben")]
    for proc in procs:
        _out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    with Project.open(sample_path) as project:
        assert project.check() == []
        claims = list_claims(project)
        assert len(claims) == 3 + 2 * 2 * count  # every write of both processes arrived, none twice
        speakers = {c.speaker for c in claims}
        assert {f"Anna {i}" for i in range(count)} <= speakers
        assert {f"Ben {i}" for i in range(count)} <= speakers
        tagged = {t.name for c in claims for t in c.tags}
        assert {"Anna", "Ben"} <= tagged


def _first_article(path: Path) -> str:
    with Project.open(path, read_only=True) as project:
        return project.conn.execute("SELECT id FROM articles ORDER BY seq LIMIT 1").fetchone()[0]


def _other_process_can_open(path: Path) -> bool:
    code = textwrap.dedent("""
        import sys
        from workbench.store import Project
        from workbench.core.errors import ProjectInUseError
        try:
            Project.open(sys.argv[1]).close()
        except ProjectInUseError:
            sys.exit(3)
    """)
    result = subprocess.run([sys.executable, "-c", code, str(path)], env=_env(), timeout=60)
    assert result.returncode in (0, 3)
    return result.returncode == 0
