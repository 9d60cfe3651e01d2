"""Encrypted projects on the command line: ``new --encrypt``, ``encrypt``, ``decrypt``, ``passphrase``, and
every command opening an encrypted project with ``WORKBENCH_PASSPHRASE`` or ``--passphrase-file`` (never an
argument); a wrong or missing passphrase is exit 1, one line, the file byte-for-byte unchanged."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.ciphertext import readable, sample_words
from tests.support.cli import assert_user_error, run_cli, sha256
from workbench.store import Project, cipher

PASSPHRASE = "lighthouse orchard 1987"
NEW = "quarry lantern velvet"


@pytest.fixture
def encrypted(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "story.fcproj"
    monkeypatch.setenv("WORKBENCH_NEW_PASSPHRASE", PASSPHRASE)
    result = run_cli(capsys, "new", path, "--sample", "--encrypt")
    assert result.code == 0, result.err
    assert "Sample" not in result.out  # the title is content
    monkeypatch.delenv("WORKBENCH_NEW_PASSPHRASE")
    return path


def test_new_encrypt_makes_a_project_nothing_of_which_is_readable(encrypted: Path) -> None:
    assert cipher.looks_encrypted(encrypted)
    assert readable(encrypted, sample_words()) == []
    with Project.open(encrypted, passphrase=PASSPHRASE, read_only=True) as project:
        assert project.conn.execute("SELECT count(*) FROM claims").fetchone()[0] == 3


def test_commands_open_it_with_the_environment_or_a_passphrase_file(
        encrypted: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", PASSPHRASE)
    listed = run_cli(capsys, "claims", encrypted, "--json")
    assert listed.code == 0, listed.err
    assert len(listed.json()) == 3  # type: ignore[arg-type]
    assert run_cli(capsys, "check", encrypted).code == 0
    monkeypatch.delenv("WORKBENCH_PASSPHRASE")
    secret = tmp_path / "pass.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    secret.chmod(0o600)
    result = run_cli(capsys, "--passphrase-file", secret, "claims", encrypted, "--json")
    assert result.code == 0, result.err
    result = run_cli(capsys, "claims", encrypted, "--json", "--passphrase-file", secret)
    assert result.code == 0, result.err
    assert result.err == ""


def test_a_wrong_or_missing_passphrase_is_one_line_and_changes_nothing(
        encrypted: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    before = sha256(encrypted)
    assert_user_error(run_cli(capsys, "claims", encrypted), "is encrypted", "WORKBENCH_PASSPHRASE",
                      "--passphrase-file")
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", "not the passphrase")
    assert_user_error(run_cli(capsys, "claims", encrypted), "passphrase is wrong", "not changed")
    assert_user_error(run_cli(capsys, "claim", "add", encrypted, "--article", "x", "--quote", "y"),
                      "passphrase is wrong")
    assert sha256(encrypted) == before


def test_a_real_process_exits_1_without_a_traceback(encrypted: Path) -> None:
    env = {**os.environ, "WORKBENCH_PASSPHRASE": "not the passphrase"}
    done = subprocess.run([sys.executable, "-m", "workbench", "claims", str(encrypted)], capture_output=True,
                          text=True, env=env, stdin=subprocess.DEVNULL, timeout=120)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "passphrase is wrong" in done.stderr


@pytest.mark.slow  # (seconds: see the slow marker in pyproject.toml)
def test_encrypt_decrypt_and_change_the_passphrase(
        encrypted: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", PASSPHRASE)
    plain = tmp_path / "plain.fcproj"
    result = run_cli(capsys, "decrypt", encrypted, plain)
    assert result.code == 0, result.err
    assert "anyone with that file can read it" in result.out
    assert set(readable(plain, sample_words())) and not cipher.looks_encrypted(plain)

    monkeypatch.delenv("WORKBENCH_PASSPHRASE")
    again = tmp_path / "again.fcproj"
    monkeypatch.setenv("WORKBENCH_NEW_PASSPHRASE", NEW)
    result = run_cli(capsys, "encrypt", plain, again)
    assert result.code == 0, result.err
    assert readable(again, sample_words()) == []
    with Project.open(again, passphrase=NEW, read_only=True) as project:
        assert project.conn.execute("SELECT count(*) FROM claims").fetchone()[0] == 3
    assert_user_error(run_cli(capsys, "encrypt", plain, again), "already exists")

    monkeypatch.setenv("WORKBENCH_PASSPHRASE", PASSPHRASE)
    result = run_cli(capsys, "passphrase", encrypted)
    assert result.code == 0, result.err
    assert "1 backup(s)" in result.out
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", NEW)
    backups = run_cli(capsys, "backups", encrypted, "--json").json()
    assert backups and backups[0]["reason"] == "passphrase"  # type: ignore[index]
    for path in [encrypted] + [Path(b["path"]) for b in backups]:  # type: ignore[union-attr]
        with pytest.raises(cipher.PassphraseError):
            cipher.unlock(path, PASSPHRASE)
        cipher.unlock(path, NEW)
    assert run_cli(capsys, "check", encrypted).code == 0

    monkeypatch.setenv("WORKBENCH_NEW_PASSPHRASE", "short")
    assert_user_error(run_cli(capsys, "passphrase", encrypted), "longer passphrase")
    monkeypatch.delenv("WORKBENCH_NEW_PASSPHRASE")
    assert_user_error(run_cli(capsys, "passphrase", encrypted), "WORKBENCH_NEW_PASSPHRASE")


def test_the_passphrase_is_never_an_argument(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    result = run_cli(capsys, "new", tmp_path / "x.fcproj", "--encrypt", "--passphrase", "secret words")
    assert result.code == 2
    assert not (tmp_path / "x.fcproj").exists()


def test_share_and_compact_leave_no_deleted_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "story.fcproj"
    assert run_cli(capsys, "new", path, "--sample").code == 0
    claim = run_cli(capsys, "claims", path, "--json").json()[0]["id"]  # type: ignore[index]
    assert run_cli(capsys, "claim", "edit", path, claim, "--note", "Nightjar briefed us off the record").code == 0
    assert run_cli(capsys, "claim", "delete", path, claim).code == 0
    clean, full = tmp_path / "clean.fcproj", tmp_path / "full.fcproj"
    assert run_cli(capsys, "share", path, clean).code == 0
    result = run_cli(capsys, "share", path, full, "--full-history")
    assert result.code == 0 and "full change history" in result.out
    assert readable(clean, ["Nightjar"]) == [] and readable(full, ["Nightjar"]) == ["Nightjar"]
    result = run_cli(capsys, "compact", path)
    assert result.code == 0, result.err
    assert "Compacted:" in result.out and "→" in result.out
    assert readable(path, ["Nightjar"]) == []
    assert run_cli(capsys, "check", path).code == 0


def test_share_encrypt_writes_a_copy_under_a_new_passphrase(
        encrypted: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", PASSPHRASE)
    same, new = tmp_path / "same.fcproj", tmp_path / "new.fcproj"
    assert run_cli(capsys, "share", encrypted, same).code == 0
    cipher.unlock(same, PASSPHRASE)  # by default: the project's own passphrase
    monkeypatch.setenv("WORKBENCH_NEW_PASSPHRASE", NEW)
    result = run_cli(capsys, "share", encrypted, new, "--encrypt")
    assert result.code == 0, result.err
    with pytest.raises(cipher.PassphraseError):
        cipher.unlock(new, PASSPHRASE)
    assert readable(new, sample_words()) == []
    with Project.open(new, passphrase=NEW, read_only=True) as project:
        assert project.check() == [] and project.conn.execute("SELECT count(*) FROM claims").fetchone()[0] == 3
    assert [p.name for p in tmp_path.iterdir() if "stage" in p.name or p.name.startswith(".")] == []
