"""Fixtures for the importer tests: real files of each format, written during the test run.

PDFs are written by hand (tests.support.pdf), not with pypdf, so the tests do not check pypdf against
itself. DOCX files are written with python-docx.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.pdf import text_pdf


@pytest.fixture
def make_pdf() -> Callable[..., bytes]:
    return text_pdf


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, bytes | str], Path]:
    """Write bytes (or UTF-8 text) to a file in tmp_path and return its path."""

    def _write(name: str, data: bytes | str) -> Path:
        path = tmp_path / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path

    return _write
