"""Crash safety of everyday edits: SIGKILL the app at random moments, then reopen the project.

Every kill must leave a project that passes ``check()``, holds every edit that had returned (marks,
speakers, tags, sources, attached files, deletions, undos), nothing of the interrupted edit or all of it,
and opens for editing again despite the dead process's lock file.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.reliability.harness import Expectation, Zygote, read_acks, verify_after_kill
from workbench.ops.sample import create_sample_project

KILLS = 60


@pytest.mark.slow  # (seconds: see the slow marker in pyproject.toml)
def test_every_returned_edit_survives_a_kill(zygote: Zygote, tmp_path: Path) -> None:
    path = tmp_path / "crash-edits.fcproj"
    create_sample_project(path, author="Test Author").close()
    expected = Expectation.of(path)
    rng = random.Random(20261125)
    acknowledged = 0
    for round_ in range(KILLS):
        acks_path = tmp_path / f"acks-{round_}.jsonl"
        reply = zygote.run("edits", rng.uniform(0.02, 0.25), project_path=str(path), ack_path=str(acks_path),
                           seed=round_)
        assert reply["killed"], "the worker ended before its kill"
        acks = read_acks(acks_path)
        acknowledged += len(acks)
        verify_after_kill(path, acks, expected)
    assert zygote.kills == KILLS
    # The kills fell both inside and between operations' commits, and real work was acknowledged.
    assert acknowledged > KILLS
    assert expected.in_flight_committed + expected.in_flight_lost == KILLS
