"""Running ``workbench`` in the test's process (``run_cli``; the ``cli`` fixture of tests/conftest.py wraps
it) and checking a refusal (exit 1, one line on stderr naming what was wrong, never a traceback)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from workbench.cli import main


class Result:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    def json(self) -> object:
        return json.loads(self.out)  # the whole of stdout must be one JSON document

    def __iter__(self) -> Iterator[object]:
        """``code, out, err = cli(...)``."""
        return iter((self.code, self.out, self.err))


Cli = Callable[..., Result]  # the ``cli`` fixture of tests/conftest.py


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> Result:
    """Run one ``workbench`` command; its exit status and what it printed."""
    capsys.readouterr()
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:  # argparse exits for --version, --help and usage errors
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return Result(code, out, err)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_user_error(result: Result, *fragments: str) -> None:
    """Exit 1, nothing on stdout, one line on stderr holding every fragment."""
    assert result.code == 1, (result.out, result.err)
    assert result.out == ""
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("workbench: ") and "Traceback" not in result.err
    for fragment in fragments:
        assert fragment in lines[0]
