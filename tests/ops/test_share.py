"""Sharing a copy: a complete, healthy project file of its own, with exactly what was left out gone from
every corner of the file (history, search index, free pages), the ids kept for merging back, and the
project itself never written."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbench import cli, ops
from workbench.core.errors import ProjectFileError, ValidationError
from workbench.export.json_export import project_to_dict
from workbench.ops.merge import merge_project
from workbench.ops.sample import create_sample_project
from workbench.ops.share import share_project
from workbench.store import Project
from workbench.store.queries import list_claims
from workbench.store.queries_sources import Source, list_sources

SECRET = "Zanzibarquokka"  # a word that occurs nowhere else, to look for in the copy's raw bytes
FILE_CONTENT = b"Minutes of the briefing: Quagmirewombat said nothing on the record."
DETACHED_CONTENT = b"An early draft the journalist removed: Xylophonebadger."


@pytest.fixture
def original(tmp_path: Path) -> Iterator[Project]:
    """The sample project with a private note (edited twice, so the history holds it too), a source
    with an attached file, and a file that was attached and removed again."""
    p = create_sample_project(tmp_path / "original.fcproj", author="Anna")
    claim = list_claims(p)[0].id
    ops.update_claim(p, claim_id=claim, private_note=f"{SECRET} is my source")
    ops.update_claim(p, claim_id=claim, private_note=f"{SECRET} is my source, call after 6")
    source = ops.add_source(p, title="Briefing minutes", claim_id=claim).created("sources")[0]
    ops.attach_file(p, source_id=source, data=FILE_CONTENT, name="minutes.txt")
    removed = ops.attach_file(p, source_id=source, data=DETACHED_CONTENT, name="draft.txt")
    ops.detach_file(p, file_id=removed.created("source_files")[0])
    yield p
    p.close()


def briefing_minutes(project: Project) -> Source:
    """The source the fixture adds (the sample brings a source of its own)."""
    [source] = [s for s in list_sources(project) if s.title == "Briefing minutes"]
    return source


def _bytes(path: Path) -> bytes:
    return path.read_bytes()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _ids_and_revs(project: Project) -> dict[str, list[tuple[str, str]]]:
    return {t: project.conn.execute(f"SELECT id, rev FROM {t} ORDER BY id").fetchall()
            for t in ("articles", "claims", "tags", "claim_tags", "sources", "claim_sources", "verdict_scale")}


def test_a_full_copy_is_the_same_project_in_a_file_of_its_own(original: Project, tmp_path: Path) -> None:
    before = _sha(original.path)
    out = share_project(original, dest=tmp_path / "for-ben.fcproj")
    assert out == tmp_path / "for-ben.fcproj"
    assert _sha(original.path) == before  # the project itself is never written
    with Project.open(out) as copy:
        assert copy.check() == []
        assert project_to_dict(copy) == project_to_dict(original)
        assert _ids_and_revs(copy) == _ids_and_revs(original)  # what lets the copy be merged back
        history = "SELECT count(*) FROM history"
        assert copy.conn.execute(history).fetchone() == original.conn.execute(history).fetchone()
        assert copy.conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["for-ben.fcproj", "original.fcproj",
                                                          "original.fcproj.lock"]


def test_without_private_notes_the_words_are_nowhere_in_the_file(original: Project, tmp_path: Path) -> None:
    out = share_project(original, dest=tmp_path / "for-ben.fcproj", private_notes=False)
    raw = _bytes(out)
    assert SECRET.encode() not in raw and SECRET.lower().encode() not in raw  # text, history, search index
    with Project.open(out) as copy:
        assert copy.check() == []
        assert {c.private_note for c in list_claims(copy)} == {""}
        assert [c.note for c in list_claims(copy)] == [c.note for c in list_claims(original)]
    assert SECRET in list_claims(original)[0].private_note  # the original keeps them


def test_without_history(original: Project, tmp_path: Path) -> None:
    out = share_project(original, dest=tmp_path / "for-ben.fcproj", history=False)
    with Project.open(out) as copy:
        assert copy.conn.execute("SELECT count(*) FROM history").fetchone()[0] == 0
        assert copy.check() == []
        assert project_to_dict(copy) == project_to_dict(original)
    assert f"{SECRET} is my source\"".encode() not in _bytes(out)  # the older note lived only in history


def test_without_attachments_the_sources_travel_but_not_the_files(original: Project, tmp_path: Path) -> None:
    out = share_project(original, dest=tmp_path / "for-ben.fcproj", attachments=False)
    assert b"Quagmirewombat" not in _bytes(out)
    with Project.open(out) as copy:
        assert copy.check() == []
        assert [s.id for s in list_sources(copy)] == [s.id for s in list_sources(original)]
        assert all(s.files == [] for s in list_sources(copy))
        source = briefing_minutes(copy)
        assert source.files == [] and source.claim_count == 1
        assert copy.conn.execute("SELECT count(*) FROM attachments").fetchone()[0] == 0


def test_removed_files_kept_for_undo_never_travel(original: Project, tmp_path: Path) -> None:
    assert DETACHED_CONTENT in _bytes(original.path)  # still stored, so undo could bring it back
    out = share_project(original, dest=tmp_path / "for-ben.fcproj")
    assert b"Xylophonebadger" not in _bytes(out)
    assert FILE_CONTENT in _bytes(out)


def test_a_stripped_copy_merged_back_takes_nothing_away(original: Project, tmp_path: Path) -> None:
    out = share_project(original, dest=tmp_path / "for-ben.fcproj", private_notes=False, history=False,
                        attachments=False)
    sources = [s.id for s in list_sources(original)]
    with Project.open(out, author="Ben") as copy:
        source = briefing_minutes(copy)
        ops.update_source(copy, source_id=source.id, publisher="NATO press office")
    report = merge_project(original, other_path=out)
    assert [s.id for s in list_sources(original)] == sources
    source = briefing_minutes(original)
    assert source.publisher == "NATO press office"
    assert [f.name for f in source.files] == ["minutes.txt"]
    assert SECRET in list_claims(original)[0].private_note
    assert report.deleted == {} and report.conflicts == []


@pytest.mark.parametrize(
    ("name", "error", "message"),
    [
        ("original.fcproj", ValidationError, "the open project itself"),
        ("taken.fcproj", ValidationError, "taken.fcproj already exists"),
        ("no-such-folder/copy.fcproj", ValidationError, "no such folder"),
    ],
    ids=["the-project-itself", "existing-file", "missing-folder"],
)
def test_refused_destinations_write_nothing(original: Project, tmp_path: Path, name: str,
                                            error: type[Exception], message: str) -> None:
    (tmp_path / "taken.fcproj").write_bytes(b"someone else's file")
    listing = sorted(p.name for p in tmp_path.iterdir())
    before = _sha(original.path)
    with pytest.raises(error, match=message):
        share_project(original, dest=tmp_path / name)
    assert sorted(p.name for p in tmp_path.iterdir()) == listing
    assert (tmp_path / "taken.fcproj").read_bytes() == b"someone else's file"
    assert _sha(original.path) == before


def test_overwrite_replaces_a_file_the_dialog_already_asked_about(original: Project, tmp_path: Path) -> None:
    (tmp_path / "old.fcproj").write_bytes(b"an older copy")
    out = share_project(original, dest=tmp_path / "old.fcproj", overwrite=True)
    with Project.open(out) as copy:
        assert copy.check() == []


def test_a_copy_that_fails_its_check_is_not_left_behind(original: Project, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Project, "check", lambda self: ["integrity: simulated damage"])
    with pytest.raises(ProjectFileError, match="failed its check"):
        share_project(original, dest=tmp_path / "for-ben.fcproj")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["original.fcproj", "original.fcproj.lock"]


HOLDER = textwrap.dedent("""
    import sys
    from workbench.store import Project
    project = Project.open(sys.argv[1])
    print("ready", flush=True)
    sys.stdin.read()
""")


def test_cli_share_works_while_a_window_edits_the_project(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "original.fcproj"
    create_sample_project(path, author="Anna").close()
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, env={**os.environ})
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        status = cli.main(["share", str(path), str(tmp_path / "for-ben.fcproj"), "--no-private-notes",
                           "--no-history"])
        assert status == 0
        out = capsys.readouterr().out
        assert "for-ben.fcproj" in out and "without private notes, history" in out
    finally:
        holder.kill()
        holder.wait()
    with Project.open(tmp_path / "for-ben.fcproj") as copy:
        assert copy.check() == [] and len(list_claims(copy)) == 3


def test_cli_share_refuses_an_existing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "original.fcproj"
    create_sample_project(path, author="Anna").close()
    (tmp_path / "taken.fcproj").write_bytes(b"x")
    assert cli.main(["share", str(path), str(tmp_path / "taken.fcproj")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("workbench: taken.fcproj already exists") and err.count("\n") == 1


KILLED_SHARE = textwrap.dedent("""
    import os, signal, sys
    from workbench.ops import share
    from workbench.store import Project

    def killed(path, **_options):
        os.kill(os.getpid(), signal.SIGKILL)  # the laptop dies mid-share, before anything is stripped

    share._strip = killed
    with Project.open(sys.argv[1], read_only=True) as project:
        share.share_project(project, dest=sys.argv[2], private_notes=False)
""")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_killed_share_leaves_no_copy_with_private_notes_beside_the_destination(
        original: Project, tmp_path: Path) -> None:
    # The full, unstripped copy is only ever in a private folder of the data folder (removed by the next
    # share); the destination folder (a shared drive, a USB stick) never holds more than the stripped file.
    original.close()
    usb = tmp_path / "usb"
    usb.mkdir()
    env = {**os.environ, "WORKBENCH_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run([sys.executable, "-c", KILLED_SHARE, str(original.path), str(usb / "for-ben.fcproj")],
                          env=env, timeout=60)
    assert done.returncode == -9
    for leftover in usb.iterdir():
        assert SECRET.encode() not in leftover.read_bytes(), leftover.name
    staging = tmp_path / "data" / "sharing"
    assert oct(staging.stat().st_mode & 0o777) == "0o700"
    assert any(SECRET.encode() in f.read_bytes() for f in staging.iterdir())  # where the kill left it
    subprocess.run([sys.executable, "-m", "workbench", "share", str(original.path), str(usb / "again.fcproj"),
                    "--no-private-notes"], env=env, check=True, timeout=60)
    assert list(staging.iterdir()) == []  # the dead share's copy was removed
    assert SECRET.encode() not in (usb / "again.fcproj").read_bytes()
