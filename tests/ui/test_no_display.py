"""Started where no window can be shown, the app says so in one line and exits 1 (Qt itself would abort the
process with exit 134 and blame a library that is installed)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def _run_window(tmp_path, **env_changes: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    for key, value in env_changes.items():
        if value is not None:
            env[key] = value
    env["WORKBENCH_DATA_DIR"] = str(tmp_path / "data")
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    return subprocess.run([sys.executable, "-m", "workbench"], env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("display", [None, ":987"], ids=["no-DISPLAY", "DISPLAY-nobody-answers"])
def test_no_display_is_one_clear_line_and_exit_1(tmp_path, display: str | None) -> None:
    result = _run_window(tmp_path, DISPLAY=display)
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "cannot open the window" in lines[0]
    assert "workbench --help" in lines[0]
    assert "libxcb-cursor0" not in lines[0]  # the library is not what is missing
