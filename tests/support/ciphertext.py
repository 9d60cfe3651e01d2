"""What of a project file can be read without its key: the sample's words a journalist would not want read
from a lost laptop, and which of them a file's bytes hold."""

from __future__ import annotations

from pathlib import Path

from workbench.core.paths import resource_path
from workbench.ops.sample import SAMPLE_ARTICLE, SAMPLE_CLAIMS


def sample_words() -> list[str]:
    """Words a journalist would not want read from a lost laptop: the article's rarer words, every quote,
    speaker and note of the sample."""
    text = resource_path(SAMPLE_ARTICLE).read_text(encoding="utf-8")
    article = sorted({w.strip(".,“”\"'()") for w in text.split() if len(w.strip(".,“”\"'()")) >= 9})[:40]
    claims = [c["quote"] for c in SAMPLE_CLAIMS] + [c["speaker"] for c in SAMPLE_CLAIMS]
    notes = [c["note"] for c in SAMPLE_CLAIMS if c["note"]]
    return [w for w in article + claims + notes if len(w) >= 4]


def readable(path: Path, words: list[str]) -> list[str]:
    """The words found in ``path``'s bytes as text (any case: search indexes store them folded)."""
    if not path.exists():
        return []
    data = path.read_bytes().lower()
    return [w for w in words if w.lower().encode("utf-8") in data]
