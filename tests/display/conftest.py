"""Real-display fixtures: an Xvfb screen with a window manager, the app started on it with the xcb platform,
and real key events from ``xdotool``.

Offscreen tests cannot see what X11 does with shortcuts (an action that lists a key twice makes it ambiguous
and dead under xcb, not offscreen), focus or window titles; these tests run the real program as a journalist
would. They need ``Xvfb``, ``openbox`` and ``xdotool`` (`.ci/run` installs them). Where they are missing the
tests are skipped, except under CI (``CI`` set), where a missing tool is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.display import RunningApp, wait_for

TOOLS = ("Xvfb", "openbox", "xdotool")
SCREEN = "1280x720x24"
WINDOW_NAME = "Fact-Check Workbench"


def _require_tools() -> None:
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if not missing:
        return
    message = f"real-display tests need {', '.join(missing)} (Debian: apt-get install xvfb openbox xdotool)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def x_display(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A private X server (Xvfb, 1280×720) with the openbox window manager; yields its DISPLAY."""
    _require_tools()
    home = tmp_path_factory.mktemp("xhome")
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", SCREEN, "-nolisten", "tcp", "-noreset"],
        pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    if not number:
        xvfb.kill()
        pytest.fail("Xvfb did not start")
    display = f":{number}"
    env = {**os.environ, "DISPLAY": display, "HOME": str(home)}
    wm = subprocess.Popen(["openbox"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)  # openbox takes the screen before the first window is mapped
    try:
        yield display
    finally:
        for proc in (wm, xvfb):
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()


@pytest.fixture
def launch(x_display: str, tmp_path: Path) -> Iterator[Callable[[Path], RunningApp]]:
    """Start ``python -m workbench PROJECT`` on the test display (xcb), wait for its window and focus it."""
    started: list[RunningApp] = []

    def start(project: Path) -> RunningApp:
        config = tmp_path / "config"
        (config / "Fact-Check Workbench").mkdir(parents=True, exist_ok=True)
        # The author is set, so no first-start question stands between the test and the window.
        (config / "Fact-Check Workbench" / "Fact-Check Workbench.conf").write_text(
            "[General]\nauthor=Display Test\nauthor_asked=true\n")
        env = {
            **os.environ,
            "DISPLAY": x_display,
            "QT_QPA_PLATFORM": "xcb",
            "XDG_CONFIG_HOME": str(config),
            "WORKBENCH_DATA_DIR": str(tmp_path / "data"),
            "PYTHONFAULTHANDLER": "1",
        }
        env.pop("WAYLAND_DISPLAY", None)
        stderr_path = tmp_path / f"app-{len(started)}.stderr"
        with stderr_path.open("wb") as err:
            proc = subprocess.Popen([sys.executable, "-m", "workbench", str(project)], env=env,
                                    stdout=subprocess.DEVNULL, stderr=err)
        app = RunningApp(x_display, project, proc, stderr_path, env=env)
        started.append(app)

        def window_id() -> str:
            if proc.poll() is not None:
                raise AssertionError(f"the app exited ({proc.returncode}): {app.stderr()}")
            found = app.xdotool("search", "--onlyvisible", "--name", WINDOW_NAME).split()
            return found[0] if found else ""

        app.window = str(wait_for(window_id, 30, "the main window"))
        app.xdotool("windowactivate", "--sync", app.window)
        wait_for(lambda: app.xdotool("getactivewindow") == app.window, 10, "the window to take the focus")
        time.sleep(0.5)  # the first frame and the project's first refresh
        return app

    yield start
    for app in started:
        if app.proc.poll() is None:
            app.proc.terminate()
            try:
                app.proc.wait(10)
            except subprocess.TimeoutExpired:
                app.proc.kill()


