"""Plain dataclasses for what the store holds, as the UI, CLI and exporters see it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Article:
    id: str
    title: str
    outlet: str = ""
    author: str = ""
    published: str = ""
    url: str = ""
    language: str = ""
    source_file: str = ""
    source_sha256: str = ""
    format: str = ""
    text_sha256: str = ""
    created_at: str = ""
    updated_at: str = ""
    created_by: str = ""
    claim_count: int = 0
    chars: int = 0
    # True when the original file (PDF, DOCX...) is stored in the project beside the extracted text.
    has_original: bool = False


@dataclass(slots=True)
class Tag:
    id: str
    name: str
    color: str
    claim_count: int = 0


@dataclass(slots=True)
class Claim:
    id: str
    article_id: str
    start: int
    end: int
    exact: str
    prefix: str = ""
    suffix: str = ""
    speaker: str = ""
    status: str = "To check"
    verdict: str = ""
    note: str = ""
    private_note: str = ""
    created_at: str = ""
    updated_at: str = ""
    created_by: str = ""
    updated_by: str = ""
    tags: list[Tag] = field(default_factory=list)
    article_title: str = ""
    # False when the quote could not be found again in the article text (shown as an orphan).
    anchored: bool = True


@dataclass(slots=True)
class Verdict:
    id: str
    label: str
    position: int
    color: str
    description: str = ""


def title_line(text: str, title: str) -> int:
    """How many characters of ``text`` its first line takes when that line is the article's title (a
    headline left in the text by a .txt, PDF or Word import), else 0. The text keeps its headline (claims
    point into the text by offset, and a headline may hold a quote to check); whoever shows the text under the
    title uses this not to show the headline twice."""
    first = text.split("\n", 1)[0]
    return len(first) if title and " ".join(first.split()) == " ".join(title.split()) else 0
