"""Names that are not plain files: a restore never replaces what is not the project (a link to a text
file) and keeps a read-only project read-only; an export to a device, a pipe or a link writes into what
the name leads to and never renames over it (``-o /dev/null`` once replaced the machine's /dev/null)."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from workbench import cli, ops
from workbench.core.errors import ProjectFileError
from workbench.ops.sample import create_sample_project
from workbench.store import Project
from workbench.store.backups import list_backups, make_backup, project_folder, restore_backup
from workbench.store.queries import list_claims


@pytest.fixture
def story(tmp_path: Path) -> Path:
    path = tmp_path / "story.fcproj"
    with create_sample_project(path) as p:
        make_backup(p, "manual")
        ops.delete_claim(p, claim_id=list_claims(p)[0].id)
    return path


def test_restore_over_a_link_to_a_file_that_is_not_a_project_is_refused(story: Path, tmp_path: Path) -> None:
    (backup,) = list_backups(story)
    notes = tmp_path / "notes.txt"
    notes.write_text("my own notes, not a project\n")
    link = tmp_path / "linked.fcproj"
    link.symlink_to(notes)
    with pytest.raises(ProjectFileError, match=r"Not restored: linked\.fcproj \(which leads to .*notes\.txt\) is "
                                               r"not a project file"):
        restore_backup(link, backup)
    assert notes.read_text() == "my own notes, not a project\n"
    assert link.is_symlink()
    folder = project_folder(link)
    assert not folder.exists() or not list(folder.iterdir())  # nothing stashed in the data folder either


# Never the real /dev/null here: a regression would replace the machine's device node (as root). A pipe
# made by the test takes the same path through the code (any device, pipe or socket).
def test_restore_over_a_link_to_a_pipe_is_refused(story: Path, tmp_path: Path) -> None:
    (backup,) = list_backups(story)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "piped.fcproj"
    link.symlink_to(fifo)
    with pytest.raises(ProjectFileError, match="not a file but a folder, device or pipe"):
        restore_backup(link, backup)
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_restore_keeps_a_read_only_project_read_only(story: Path) -> None:
    (backup,) = list_backups(story)
    story.chmod(0o444)
    restore_backup(story, backup)
    assert stat.S_IMODE(story.stat().st_mode) == 0o444
    with Project.open(story, read_only=True) as p:
        assert len(list_claims(p)) == 3


@pytest.mark.parametrize("through_link", [False, True], ids=["pipe", "link-to-pipe"])
def test_export_to_a_pipe_writes_into_it_and_keeps_it(story: Path, tmp_path: Path, through_link: bool) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    out = fifo
    if through_link:
        out = tmp_path / "out.csv"
        out.symlink_to(fifo)
    received: list[bytes] = []

    def read() -> None:
        with fifo.open("rb") as fh:
            received.append(fh.read())

    reader = threading.Thread(target=read)
    reader.start()
    try:
        assert cli.main(["export", str(story), "--format", "csv", "-o", str(out)]) == 0
    finally:
        if reader.is_alive():  # the export failed before opening the pipe: let the reader go
            with fifo.open("wb"):
                pass
        reader.join(5)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert out.is_symlink() == through_link
    assert received and b"Rutte" in received[0]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".workbench-")]


def test_export_to_a_pipe_nobody_reads_fails_at_once(story: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert cli.main(["export", str(story), "--format", "csv", "-o", str(fifo)]) == 1
    assert "cannot be written" in capsys.readouterr().err
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_export_through_a_link_replaces_the_target_and_keeps_the_link(story: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("old")
    link = tmp_path / "latest.md"
    link.symlink_to(target)
    assert cli.main(["export", str(story), "--format", "markdown", "-o", str(link)]) == 0
    assert link.is_symlink()
    assert "Rutte" in target.read_text()
