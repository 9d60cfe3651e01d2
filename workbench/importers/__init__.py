"""File and clipboard importers: every format a journalist has -> ImportedArticle. No Qt, no SQL."""

from __future__ import annotations

from pathlib import Path

from workbench.core.errors import ImportFailed
from workbench.importers.base import MAX_FILE_BYTES, ImportedArticle, sha256_hex
from workbench.importers.text import import_text

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown")


def import_bytes(data: bytes, name: str) -> ImportedArticle:
    """Turn a file's bytes into an article, choosing the importer by the file name's suffix."""
    suffix = Path(name).suffix.lower()
    if not data.strip():
        raise ImportFailed(f"{name}: the file is empty.")
    if suffix == ".txt":
        article = import_text(data, name)
    elif suffix in (".md", ".markdown"):
        article = import_text(data, name, markdown=True)
    else:
        known = ", ".join(SUPPORTED_SUFFIXES)
        raise ImportFailed(f"{name}: files of type '{suffix or 'none'}' cannot be imported (supported: {known}).")
    article.source_file = Path(name).name
    article.source_sha256 = sha256_hex(data)
    return article


def import_file(path: str | Path) -> ImportedArticle:
    """Read and import one file; size is checked before reading so a huge file costs nothing."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ImportFailed(
                f"{path.name}: the file is {size / 1e6:.0f} MB; articles larger than "
                f"{MAX_FILE_BYTES / 1e6:.0f} MB are not imported."
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailed(f"{path.name}: cannot be read ({exc.strerror or exc}).") from exc
    return import_bytes(data, path.name)


__all__ = ["SUPPORTED_SUFFIXES", "ImportFailed", "ImportedArticle", "import_bytes", "import_file"]
