"""Running hostile input where a regression cannot hurt: a child process with a memory ceiling and a timeout.

A hostile file that gets through is a file that eats all memory or never finishes; run in the test process
it would take the whole test run (and the CI machine) down with it. ``run_limited`` runs the real
``workbench`` command line in a child whose address space may grow at most ``MEMORY_ALLOWANCE`` beyond
what it uses once every importer is loaded, and kills it after ``TIMEOUT`` seconds: a regression then
fails one test with a clear reason instead of hanging.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

MEMORY_ALLOWANCE = 1 << 30  # 1 GiB above the child's baseline
TIMEOUT = 20.0  # seconds

# The child loads every importer first (so their import cost is not counted), then caps its own address
# space relative to what it then uses, blocks the network, and runs the command line.
_CHILD = r"""
import resource, socket, sys
import workbench.cli, workbench.importers, workbench.importers.docx, workbench.importers.html
import workbench.importers.pdf, workbench.ops, workbench.export.html_report
def _vm():
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
limit = _vm() + int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
def _refuse(*args, **kwargs):
    print("NETWORK ACCESS ATTEMPTED", args[:1], file=sys.stderr)
    raise OSError("network access attempted")
socket.create_connection = _refuse
socket.getaddrinfo = _refuse
socket.socket.connect = _refuse
from workbench.__main__ import main
sys.exit(main(sys.argv[2:]))
"""


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str

    @property
    def message_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]


def run_limited(*args: str | Path, timeout: float = TIMEOUT, allowance: int = MEMORY_ALLOWANCE) -> Run:
    """``workbench ARGS...`` in a child with a memory ceiling and a timeout; fails the test on either."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONFAULTHANDLER": "1"}
    try:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, str(allowance), *map(str, args)],
            capture_output=True, text=True, timeout=timeout, env=env, check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"workbench {' '.join(map(str, args))} did not finish within {timeout:.0f} s")
    if "MemoryError" in done.stderr or done.returncode < 0:
        pytest.fail(f"workbench {' '.join(map(str, args))} ran out of its memory allowance or crashed "
                    f"(exit {done.returncode}):\n{done.stderr[-2000:]}")
    assert "NETWORK ACCESS ATTEMPTED" not in done.stderr, done.stderr
    return Run(done.returncode, done.stdout, done.stderr)
