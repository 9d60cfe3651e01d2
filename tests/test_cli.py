"""The ``workbench`` command: the acceptance flow a journalist (or a script) runs, exit statuses
(0 ok, 1 + one line on stderr for user errors, 2 for usage errors), JSON that is only JSON, and
refused files left untouched."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.cli import Result, assert_user_error, sha256
from workbench import __version__
from workbench.ops.sample import create_sample_project
from workbench.store import Project
from workbench.store.queries import list_claims
from workbench.store.schema import SCHEMA_VERSION

RUTTE = "I cannot confirm these reports, but obviously they are concerning."

def assert_usage_error(result: Result) -> None:
    assert result.code == 2, (result.out, result.err)
    assert result.out == ""
    assert "usage: workbench" in result.err
    assert "Traceback" not in result.err


def test_version(cli: Callable[..., Result]) -> None:
    result = cli("--version")
    assert (result.code, result.out.strip()) == (0, f"workbench {__version__}")


# -- the acceptance flow -----------------------------------------------------------------------------------


def test_new_import_mark_list_reopen_check(
    cli: Callable[..., Result], tmp_path: Path, sample_article_path: Path
) -> None:
    path = tmp_path / "nato.fcproj"
    result = cli("new", path, "--title", "NATO and North Korea")
    assert result.code == 0 and "NATO and North Korea" in result.out

    result = cli("import", path, sample_article_path, "--json")
    assert result.code == 0, result.err
    (imported,) = result.json()  # type: ignore[misc]
    assert imported["source_file"] == sample_article_path.name
    assert imported["published"] == "2024-10-20"
    article_id = imported["id"]

    result = cli("claim", "add", path, "--article", article_id, "--quote", RUTTE, "--speaker", "Mark Rutte",
                 "--tag", "NATO", "--tag", "Ukraine", "--verdict", "mostly true", "--status", "checked",
                 "--note", "Press briefing, Wednesday", "--json")
    assert result.code == 0, result.err
    added = result.json()
    assert isinstance(added, dict)
    assert (added["exact"], added["speaker"], added["tags"], added["verdict"], added["status"]) == (
        RUTTE, "Mark Rutte", ["NATO", "Ukraine"], "Mostly true", "Checked")

    result = cli("claims", path, "--json")
    assert result.code == 0
    listed = result.json()
    assert listed == [added]

    # Reopened in a new process of thought: the file alone holds everything, identically.
    with Project.open(path, read_only=True) as project:
        (claim,) = list_claims(project)
        assert (claim.id, claim.exact, claim.speaker, [t.name for t in claim.tags]) == (
            added["id"], RUTTE, "Mark Rutte", ["NATO", "Ukraine"])
    assert cli("claims", path, "--json").json() == listed
    assert cli("claims", path, "--article", article_id, "--json").json() == listed

    result = cli("check", path)
    assert (result.code, result.err) == (0, "")
    assert "healthy" in result.out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nato.fcproj"]


def test_plain_text_listings(cli: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "sample.fcproj"
    assert cli("new", path, "--sample").code == 0
    articles = cli("articles", path)
    assert articles.code == 0 and "3 claim(s)" in articles.out
    claims = cli("claims", path)
    assert claims.code == 0
    assert len(claims.out.splitlines()) == 3
    assert "Mark Rutte" in claims.out and "NATO" in claims.out


def test_console_script_runs_as_a_real_process(tmp_path: Path) -> None:
    path = tmp_path / "sample.fcproj"
    create_sample_project(path, author="Ana").close()
    script = shutil.which("workbench", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "workbench"]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([*command, "claims", str(path), "--json"], capture_output=True, text=True,
                          timeout=60, env=env, check=False)
    assert proc.returncode == 0, proc.stderr
    claims = json.loads(proc.stdout)
    assert [c["speaker"] for c in claims] == ["Mark Rutte", "Kim Yong-hyun", "the Kremlin"]
    assert proc.stderr == ""


# -- user errors: exit 1, one line, nothing changed --------------------------------------------------------


def _other_program(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.commit()
    conn.close()


def _text(path: Path) -> None:
    path.write_text("not a project\n", encoding="utf-8")


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _truncated(path: Path) -> None:
    full = path.with_name("full.fcproj")
    create_sample_project(full, author="Ana").close()
    data = full.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _newer(path: Path) -> None:
    Project.create(path, author="Ana").close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()


REFUSED = {
    "other-program": (_other_program, "another program"),
    "text-file": (_text, "not a Fact-Check Workbench project"),
    "empty-file": (_empty, "not a Fact-Check Workbench project"),
    "truncated": (_truncated, "incomplete"),
    "newer-format": (_newer, "newer version"),
}


@pytest.mark.parametrize("kind", list(REFUSED))
@pytest.mark.parametrize("command", [["claims", "{p}", "--json"], ["check", "{p}"], ["export", "{p}", "--format",
                                     "json"], ["import", "{p}", "{article}"]], ids=["claims", "check", "export",
                                                                                    "import"])
def test_refused_files_exit_1_with_one_line_and_stay_untouched(
    cli: Callable[..., Result], tmp_path: Path, sample_article_path: Path, kind: str, command: list[str]
) -> None:
    make, message = REFUSED[kind]
    path = tmp_path / "refused.fcproj"
    make(path)
    before = sha256(path)
    argv = [a.format(p=path, article=sample_article_path) for a in command]
    assert_user_error(cli(*argv), "refused.fcproj", message)
    assert sha256(path) == before


@pytest.fixture
def sample(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "sample.fcproj"
    with create_sample_project(path, author="Ana") as project:
        article_id = list_claims(project)[0].article_id
    return path, article_id


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["--article", "no-such-id", "--quote", "hoax"], ["no article with id no-such-id"]),
        (["--quote", "hoax", "--verdict", "Pants on fire"], ["'Pants on fire' is not on this project's verdict"]),
        (["--quote", "hoax", "--status", "Done"], ["'Done' is not a claim status"]),
        (["--quote", "this sentence is not in the article"], ["does not occur in the article"]),
        (["--quote", "hoax", "--occurrence", "9"], ["occurs only 1 time(s)", "not 9"]),
        (["--quote", "hoax", "--tag", " "], ["tag name cannot be empty"]),
    ],
    ids=["unknown-article", "bad-verdict", "bad-status", "quote-not-found", "occurrence-beyond", "empty-tag"],
)
def test_claim_add_user_errors_exit_1_and_change_nothing(
    cli: Callable[..., Result], sample: tuple[Path, str], args: list[str], fragments: list[str]
) -> None:
    path, article_id = sample
    before = sha256(path)
    argv = ["claim", "add", path, *args]
    if "--article" not in args:
        argv[3:3] = ["--article", article_id]
    assert_user_error(cli(*argv), *fragments)
    assert sha256(path) == before


def test_claims_of_an_unknown_article_is_an_error_not_an_empty_list(
    cli: Callable[..., Result], sample: tuple[Path, str]
) -> None:
    assert_user_error(cli("claims", sample[0], "--article", "nope", "--json"), "no article with id nope")


def test_new_refuses_to_overwrite(cli: Callable[..., Result], sample: tuple[Path, str]) -> None:
    before = sha256(sample[0])
    assert_user_error(cli("new", sample[0]), "already exists")
    assert sha256(sample[0]) == before


def test_missing_project_file(cli: Callable[..., Result], tmp_path: Path) -> None:
    assert_user_error(cli("claims", tmp_path / "nowhere.fcproj"), "no such file")
    assert not (tmp_path / "nowhere.fcproj").exists()


# -- usage errors: exit 2 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["frobnicate", "x.fcproj", "y"],
        ["claim"],
        ["claim", "add", "{p}", "--quote", "hoax"],
        ["claim", "add", "{p}", "--article", "a", "--quote", "hoax", "--occurrence", "two"],
        ["export", "{p}"],
        ["export", "{p}", "--format", "xml"],
        ["claims"],
        ["check", "{p}", "--bogus"],
    ],
    ids=["nothing", "unknown-command", "claim-without-action", "missing-article", "occurrence-not-a-number",
         "export-without-format", "unknown-format", "missing-project", "unknown-option"],
)
def test_usage_errors_exit_2(cli: Callable[..., Result], sample: tuple[Path, str], argv: list[str]) -> None:
    before = sha256(sample[0])
    assert_usage_error(cli(*[a.format(p=sample[0]) for a in argv]))
    assert sha256(sample[0]) == before


def test_help_of_a_command_group_is_its_own(cli: Callable[..., Result]) -> None:
    result = cli("claim")
    assert "usage: workbench claim" in result.err


# -- import ------------------------------------------------------------------------------------------------


def test_import_of_a_duplicate_is_reported_and_skipped(
    cli: Callable[..., Result], tmp_path: Path, sample_article_path: Path
) -> None:
    path = tmp_path / "p.fcproj"
    cli("new", path)
    first = cli("import", path, sample_article_path)
    assert first.code == 0 and len(first.out.splitlines()) == 1

    again = cli("import", path, sample_article_path, "--json")
    assert again.code == 0
    assert again.json() == []
    assert "already in the project" in again.err and "skipped" in again.err

    # The same text under another name is a duplicate too.
    copy = tmp_path / "renamed copy.txt"
    copy.write_bytes(sample_article_path.read_bytes())
    assert "already in the project" in cli("import", path, copy).err
    assert len(cli("articles", path, "--json").json()) == 1  # type: ignore[arg-type]

    forced = cli("import", path, sample_article_path, "--allow-duplicates", "--json")
    assert forced.code == 0 and len(forced.json()) == 1  # type: ignore[arg-type]
    assert len(cli("articles", path, "--json").json()) == 2  # type: ignore[arg-type]


def test_import_failure_is_reported_and_other_files_still_imported(
    cli: Callable[..., Result], tmp_path: Path, sample_article_path: Path
) -> None:
    path = tmp_path / "p.fcproj"
    cli("new", path)
    bad = tmp_path / "photo.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    result = cli("import", path, bad, sample_article_path, "--json")
    assert result.code == 1
    assert [a["source_file"] for a in result.json()] == [sample_article_path.name]  # type: ignore[union-attr]
    assert "photo.txt" in result.err and "Traceback" not in result.err


# -- JSON output -------------------------------------------------------------------------------------------


def test_json_output_is_only_json(cli: Callable[..., Result], sample: tuple[Path, str]) -> None:
    path, article_id = sample
    for argv in (["articles", path, "--json"], ["claims", path, "--json"],
                 ["claim", "add", path, "--article", article_id, "--quote", "highly likely", "--occurrence", "1",
                  "--json"],
                 ["export", path, "--format", "json"]):
        result = cli(*argv)
        assert result.code == 0, result.err
        result.json()
        assert result.out.endswith("\n")


def test_export_json_holds_the_whole_project(cli: Callable[..., Result], sample: tuple[Path, str]) -> None:
    path, article_id = sample
    with Project.open(path) as project, project.transaction("Add source") as tx:
        tx.insert("sources", {"title": "NATO press conference transcript", "url": "https://example.org/nato"})
    result = cli("export", path, "--format", "json")
    assert result.code == 0
    data = result.json()
    assert isinstance(data, dict)
    (article,) = data["articles"]
    assert article["id"] == article_id
    assert RUTTE in article["text"] and len(article["text"]) > 2000
    assert article["source_file"] == "menafn-2024-10-20-nato-rutte.txt"
    assert [c["speaker"] for c in data["claims"]] == ["Mark Rutte", "Kim Yong-hyun", "the Kremlin"]
    assert all(c["article_id"] == article_id for c in data["claims"])
    assert sorted(t["name"] for t in data["tags"]) == ["NATO", "North Korea", "Russia"]
    assert sorted(s["title"] for s in data["sources"]) == [  # the sample's source and the one added here
        "NATO Secretary General: press conference transcripts", "NATO press conference transcript"]
    assert data["verdict_scale"][0]["label"] == "True"
    assert data["project"]["title"] == "Sample: NATO on North Korean troops"


def test_export_to_a_file_and_without_private_notes(
    cli: Callable[..., Result], sample: tuple[Path, str], tmp_path: Path
) -> None:
    path, _ = sample
    with Project.open(path) as project:
        from workbench import ops

        claim_id = list_claims(project)[0].id
        ops.update_claim(project, claim_id=claim_id, private_note="source: a diplomat")
    out = tmp_path / "export.json"
    result = cli("export", path, "--format", "json", "-o", out, "--no-private-notes")
    assert (result.code, result.out) == (0, "")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert "a diplomat" not in out.read_text(encoding="utf-8")
    assert all("private_note" not in c for c in data["claims"])
    full = cli("export", path, "--format", "json").json()
    assert full["claims"][0]["private_note"] == "source: a diplomat"  # type: ignore[index]


# -- check -------------------------------------------------------------------------------------------------


def test_check_reports_a_damaged_file_with_exit_1(cli: Callable[..., Result], sample: tuple[Path, str]) -> None:
    path, _ = sample
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM claims_fts_data WHERE id > 10")
    conn.commit()
    conn.close()
    result = cli("check", path)
    assert result.code == 1
    assert "search index of claims" in result.err
    assert "problem(s) found" in result.err
    assert "Traceback" not in result.err


def test_check_notes_orphaned_claims_but_passes(cli: Callable[..., Result], sample: tuple[Path, str]) -> None:
    path, _ = sample
    conn = sqlite3.connect(path)
    # Rewritten by another program with a matching checksum (a mismatching one is reported as damage).
    (article_id, text), = conn.execute("SELECT id, text FROM articles").fetchall()
    text = text.replace("hoax", "fabrication")
    conn.execute("UPDATE articles SET text = ?, text_sha256 = ? WHERE id = ?",
                 (text, hashlib.sha256(text.encode()).hexdigest(), article_id))
    conn.commit()
    conn.close()
    result = cli("check", path)
    assert result.code == 0
    assert "cannot be found in its article text" in result.err and "hoax" in result.err


def test_check_a_read_only_file(cli: Callable[..., Result], sample: tuple[Path, str]) -> None:
    path, _ = sample
    path.chmod(0o444)
    try:
        before = sha256(path)
        result = cli("check", path)
        assert result.code == 0 and "healthy" in result.out
        assert sha256(path) == before
    finally:
        path.chmod(0o644)


def test_check_a_project_in_a_read_only_folder(cli: Callable[..., Result], sample: tuple[Path, str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    # A folder where no lock file can be made (a read-only share, a write-protected stick): check only
    # reads, so it checks (as root, which these tests may run as, a chmod would not stop it: the lock's
    # own refusal is simulated instead).
    from workbench.core.errors import ProjectReadOnlyError
    from workbench.store import lock

    path, _ = sample

    def read_only_folder(project_path: object) -> None:
        raise ProjectReadOnlyError(f"{Path(project_path).name}: its folder is read-only")

    monkeypatch.setattr(lock, "acquire", read_only_folder)
    before = sha256(path)
    result = cli("check", path)
    assert result.code == 0 and "healthy" in result.out, result.err
    assert "search indexes were not checked" in result.err
    assert sha256(path) == before


# -- layering ----------------------------------------------------------------------------------------------


def test_non_gui_packages_never_import_qt() -> None:
    code = (
        "import workbench.store, workbench.ops, workbench.cli, workbench.export, workbench.importers, "
        "workbench.detect; import sys; "
        "bad = sorted(m for m in sys.modules if m.startswith('PySide6')); assert not bad, bad"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
