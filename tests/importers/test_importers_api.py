"""The importer package's public surface: suffix dispatch, size limits, file errors, identity."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

import workbench.importers as importers
from workbench.core.errors import ImportFailed
from workbench.importers import (
    SUPPORTED_SUFFIXES,
    file_dialog_filter,
    import_bytes,
    import_file,
    is_supported,
)


@pytest.mark.parametrize("suffix", [".txt", ".md", ".markdown", ".html", ".htm", ".mhtml", ".mht", ".pdf", ".docx"])
def test_every_promised_format_is_supported(suffix: str) -> None:
    assert suffix in SUPPORTED_SUFFIXES
    assert is_supported(f"Story{suffix.upper()}")
    assert f"*{suffix}" in file_dialog_filter()


@pytest.mark.parametrize("name", ["photo.jpg", "archive.zip", "letter.doc", "noext"])
def test_unsupported_types_are_refused_by_name(name: str) -> None:
    assert not is_supported(name)
    with pytest.raises(ImportFailed, match="cannot be imported") as info:
        import_bytes(b"whatever", name)
    assert name in str(info.value)


def test_import_file_records_name_and_hash(write) -> None:  # type: ignore[no-untyped-def]
    data = b"A short article about a bridge closure that lasted all week.\n"
    path: Path = write("Bridge.TXT", data)
    article = import_file(path)
    assert article.source_file == "Bridge.TXT"
    assert article.source_sha256 == hashlib.sha256(data).hexdigest()
    assert article.text == "A short article about a bridge closure that lasted all week."


def test_size_limit_is_checked_before_reading(write, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(importers, "MAX_FILE_BYTES", 1_000_000)
    path = write("huge.txt", b"x" * 2_000_001)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("file was read"))
    with pytest.raises(ImportFailed, match=r"huge.txt: the file is 2 MB; articles larger than 1 MB"):
        import_file(path)


def test_unknown_type_is_refused_without_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("file was read"))
    with pytest.raises(ImportFailed, match=r"'\.mp4' cannot be imported"):
        import_file(tmp_path / "video.mp4")


@pytest.mark.parametrize("kind", ["missing", "directory"])
def test_unreadable_path_fails_with_the_file_name(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "story.txt"
    if kind == "directory":
        path.mkdir()
    with pytest.raises(ImportFailed, match=r"story.txt: cannot be read"):
        import_file(path)


def test_text_longer_than_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("workbench.importers.base.MAX_TEXT_CHARS", 100)
    with pytest.raises(ImportFailed, match="longer than 100 characters"):
        import_bytes(("word " * 100).encode(), "long.txt")
