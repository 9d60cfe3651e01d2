"""``workbench --self-test``: the headless check the desktop bundle runs (build/check-bundle runs it from the
bundle; here it runs from the venv)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from workbench import selftest
from workbench.cli import main as cli_main


def test_self_test_passes_headless_without_a_display_setting(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    env["WORKBENCH_DATA_DIR"] = str(tmp_path / "user-data")
    done = subprocess.run([sys.executable, "-m", "workbench", "--self-test"], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert [line.split(":")[0] for line in lines[1:-1]] == [
        f"{n}/{len(selftest.STEPS)} ok {name}" for n, (name, _step) in enumerate(selftest.STEPS, 1)]
    assert "3 claims: Mark Rutte, Kim Yong-hyun, the Kremlin" in done.stdout
    assert "platform offscreen, 3 claims in the table" in done.stdout
    assert lines[-1] == "self-test passed"
    # It worked in a folder of its own: nothing left in the user's data folder.
    assert not (tmp_path / "user-data").exists()


def test_a_failing_step_is_named_and_exits_1(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    # An installation that lost its resources folder: the sample article cannot be imported.
    monkeypatch.setattr("workbench.core.paths.resources_dir", lambda: tmp_path / "missing-resources")
    assert selftest.main() == 1
    out = capsys.readouterr().out
    assert "1/7 ok create a project" in out
    assert "2/7 FAILED import the sample article: " in out
    assert "menafn-2024-10-20-nato-rutte.txt" in out
    assert out.rstrip().endswith("self-test failed")
    assert "3/7" not in out


def test_self_test_with_other_arguments_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli_main(["--self-test", "check", "x.fcproj"])
    assert exit_info.value.code == 2
    assert "--self-test takes no other arguments" in capsys.readouterr().err


def test_help_explains_self_test(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli_main(["--help"])
    assert "--self-test" in capsys.readouterr().out
