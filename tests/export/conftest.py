"""Fixtures for the export tests: the sample project with more cited sources (the HTML reader and the
in-memory selections they use are in ``tests/support/reports.py``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.reports import add_sources
from workbench.store import Project


@pytest.fixture
def sourced_project(sample_project: Project) -> Iterator[Project]:
    """The sample project with two more cited sources, three in all (see ``add_sources``)."""
    add_sources(sample_project)
    yield sample_project


