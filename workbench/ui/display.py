"""Can a window be shown here? Checked before Qt starts, because Qt aborts the whole process (exit 134) with
a message that blames a library when there is simply no display (an SSH session, a container, a server)."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

# What the README tells Linux users to install for Qt's xcb window.
XCB_PACKAGES = ("libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 "
                "libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1")
_LOCAL_X = re.compile(r"^(?:unix)?:(\d+)(?:\.\d+)?$")
ADVICE = "Run it in a desktop session, or use the command line instead (workbench --help, workbench --self-test)."


def _can_connect(address: str | bytes) -> bool:
    import socket  # here: the check runs only without QT_QPA_PLATFORM, and every start-up would pay the import

    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(2)
        try:
            s.connect(address)
        except OSError:
            return False
    return True


def _x_server_answers(display: str) -> bool:
    local = _LOCAL_X.match(display)
    if not local:
        return True  # a remote display (ssh -X, host:0): only Qt can tell; let it try
    path = f"/tmp/.X11-unix/X{local.group(1)}"
    # Linux X servers listen on an abstract socket as well as on the file; either will do.
    return _can_connect(b"\0" + path.encode()) or _can_connect(path)


def _wayland_answers(name: str) -> bool:
    path = Path(name) if os.path.isabs(name) else Path(os.environ.get("XDG_RUNTIME_DIR", "/nonexistent")) / name
    return _can_connect(str(path))


def display_problem() -> str | None:
    """One line saying why no window can be opened here, or None when it can (or only Qt can tell)."""
    if sys.platform in ("win32", "darwin") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    wayland = os.environ.get("WAYLAND_DISPLAY")
    if wayland and _wayland_answers(wayland):
        return None
    display = os.environ.get("DISPLAY")
    if not display:
        return f"cannot open the window: there is no display here (DISPLAY is not set). {ADVICE}"
    if not _x_server_answers(display):
        return f"cannot open the window: no display answers at DISPLAY={display}. {ADVICE}"
    if not getattr(sys, "frozen", False):  # the desktop bundle carries its own copy
        import ctypes

        try:
            ctypes.CDLL("libxcb-cursor.so.0")
        except OSError:
            return ("cannot open the window: Qt needs the system library libxcb-cursor0 for a window on X11. "
                    f"On Debian/Ubuntu: sudo apt-get install {XCB_PACKAGES}")
    return None
