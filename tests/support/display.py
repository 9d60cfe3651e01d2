"""The real program on the test X display (tests/display): its window and stderr, waiting for what it shows,
and the warnings it must never print."""

from __future__ import annotations

import sqlite3
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


def wait_for(condition: Callable[[], object], timeout: float = 10.0, what: str = "condition") -> object:
    """Poll ``condition`` until it returns something true; fail naming ``what`` after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.1)


@dataclass
class RunningApp:
    """The workbench running on the test X server, with its window id and captured stderr."""

    display: str
    project: Path
    proc: subprocess.Popen[bytes]
    stderr_path: Path
    window: str = ""
    env: dict[str, str] = field(default_factory=dict)

    def xdotool(self, *args: str) -> str:
        out = subprocess.run(["xdotool", *args], env=self.env, capture_output=True, text=True, timeout=20)
        return out.stdout.strip()

    def key(self, *keys: str) -> None:
        """Press keys as a person would: real X key events to the focused window, one after another."""
        for k in keys:
            self.xdotool("key", "--clearmodifiers", k)
            time.sleep(0.15)

    def type(self, text: str) -> None:
        self.xdotool("type", "--delay", "20", text)

    def title(self) -> str:
        return self.xdotool("getwindowname", self.window)

    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace")

    def query(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        """Read the project file as it is on disk (read-only; the window keeps editing it)."""
        conn = sqlite3.connect(f"file:{self.project}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()

    def screenshot(self, path: Path) -> None:
        subprocess.run(["import", "-window", "root", str(path)], env=self.env, check=False, timeout=20)


def assert_no_qt_warnings(app: RunningApp) -> None:
    """No ambiguous shortcut, no traceback, no Qt warning about the window on stderr."""
    err = app.stderr()
    for bad in ("Ambiguous shortcut", "Traceback", "QAction::event"):
        assert bad not in err, f"{bad!r} on stderr:\n{err}"
