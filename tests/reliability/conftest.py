"""Fixtures for the reliability tests: the crash-test zygote (see worker.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability.harness import Zygote


@pytest.fixture
def zygote(tmp_path: Path) -> Iterator[Zygote]:
    """A worker process that forks, runs and SIGKILLs children on request (started after the per-test
    user data folder is set, so its children never touch the real one)."""
    z = Zygote(tmp_path / "worker-errors.txt")
    yield z
    z.close()
