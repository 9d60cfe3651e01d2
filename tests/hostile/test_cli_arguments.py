"""Command-line arguments a terminal or a script can send that are not clean text or sane numbers: bytes
of a Latin-1 or Windows-1252 terminal (``--speaker $'Jos\\xe9'``), bytes no encoding reads, lone
surrogates, and numbers past any integer SQLite holds. Each is read as the journalist meant it or refused
in one line naming the argument (exit 2); never a traceback. Run as a real process: the bytes reach
``sys.argv`` exactly as a terminal sends them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.projects import write_sample_article
from workbench import cli
from workbench.ops.sample import create_sample_project
from workbench.store import Project


def workbench(*args: str | bytes | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}
    argv = [sys.executable, "-m", "workbench", *[a if isinstance(a, bytes) else str(a) for a in args]]
    return subprocess.run(argv, capture_output=True, text=True, encoding="utf-8", errors="replace",
                          env=env, timeout=60, check=False)


@pytest.fixture
def story(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "story.fcproj"
    return path, write_sample_article(path)


def test_latin1_bytes_in_text_arguments_are_read_as_the_journalist_typed_them(story: tuple[Path, str]) -> None:
    path, article_id = story
    run = workbench("claim", "add", path, "--article", article_id, "--quote", "hoax",
                    "--speaker", b"Jos\xe9", "--tag", b"Econom\xeda", "--note", b"v\xe9rifi\xe9 \x80 5", "--json")
    assert run.returncode == 0, run.stderr
    claim_id = json.loads(run.stdout)["id"]
    run = workbench("source", "add", path, "--title", b"Communiqu\xe9", "--url", b"https://example.org/caf\xe9")
    assert run.returncode == 0, run.stderr
    with Project.open(path, read_only=True) as p:
        speaker, note = p.conn.execute("SELECT speaker, note FROM claims WHERE id = ?", (claim_id,)).fetchone()
        tags = [r[0] for r in p.conn.execute("SELECT name FROM tags")]
        title, url = p.conn.execute("SELECT title, url FROM sources WHERE title LIKE 'Commun%'").fetchone()
    assert (speaker, note) == ("José", "vérifié € 5")
    assert "Economía" in tags
    assert (title, url) == ("Communiqué", "https://example.org/café")


@pytest.mark.parametrize("command", [
    ["claim", "add", "{p}", "--article", "{a}", "--quote", "hoax", "--speaker", b"Jos\x81"],
    ["claim", "add", "{p}", "--article", "{a}", "--quote", "hoax", b"--note=caf\x8d"],
    ["new", "{d}/new.fcproj", "--title", b"\x90\x9d"],
], ids=["speaker", "note-with-equals", "title"])
def test_bytes_no_encoding_reads_are_refused_naming_the_argument(
    story: tuple[Path, str], command: list[str | bytes]
) -> None:
    path, article_id = story
    before = path.read_bytes()
    args = [a.format(p=path, a=article_id, d=path.parent) if isinstance(a, str) else a for a in command]
    run = workbench(*args)
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    option = {"speaker": "--speaker", "note-with-equals": "--note", "title": "--title"}
    last = run.stderr.strip().splitlines()[-1]
    assert "is not valid text" in last and any(f"argument {o}" in last for o in option.values()), last
    assert path.read_bytes() == before
    assert not (path.parent / "new.fcproj").exists()


def test_lone_surrogates_are_refused_naming_the_argument(
    story: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    path, article_id = story
    with pytest.raises(SystemExit) as info:
        cli.main(["claim", "add", str(path), "--article", article_id, "--quote", "hoax", "--speaker", "Jos\ud800"])
    assert info.value.code == 2
    assert "argument --speaker: contains characters that are not text" in capsys.readouterr().err


@pytest.mark.parametrize("args", [
    ["search", "{p}", "NATO", "--limit", "99999999999999999999"],
    ["search", "{p}", "NATO", "--limit", "-5"],
    ["claim", "add", "{p}", "--article", "{a}", "--quote", "hoax", "--occurrence", "99999999999999999999"],
    ["claim", "add", "{p}", "--article", "{a}", "--quote", "hoax", "--occurrence", "0"],
], ids=["huge-limit", "negative-limit", "huge-occurrence", "zero-occurrence"])
def test_numbers_are_bounded(story: tuple[Path, str], args: list[str]) -> None:
    path, article_id = story
    before = path.read_bytes()
    run = workbench(*[a.format(p=path, a=article_id) for a in args])
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    assert "must be a whole number from 1 to 1,000,000,000" in run.stderr
    assert path.read_bytes() == before


def test_a_file_named_in_latin1_bytes_is_still_found(tmp_path: Path) -> None:
    name = os.fsdecode(b"r\xe9sum\xe9.fcproj")
    path = tmp_path / name
    create_sample_project(path).close()
    run = workbench("articles", os.fsencode(path))
    assert run.returncode == 0, run.stderr
    assert "NATO" in run.stdout
