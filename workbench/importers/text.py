"""Plain-text and Markdown articles (``.txt``, ``.md``) in any common encoding."""

from __future__ import annotations

import re

from charset_normalizer import from_bytes

from workbench.core.errors import ImportFailed
from workbench.importers.base import ImportedArticle, finish_article


def decode_text(data: bytes, name: str, warnings: list[str]) -> str:
    """Decode bytes of a text file: BOMs first, then strict UTF-8, then charset-normalizer's best guess."""
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom) :].decode(enc, errors="replace")
    if b"\x00" in data[:4096] and not _looks_utf16(data):
        raise ImportFailed(f"{name}: this looks like a binary file, not text (it contains NUL bytes).")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise ImportFailed(f"{name}: the text encoding could not be recognised; save it as UTF-8 and try again.")
    warnings.append(f"{name}: not UTF-8; read as {best.encoding}.")
    return str(best)


def _looks_utf16(data: bytes) -> bool:
    head = data[:4096]
    return head[1::2].count(0) > len(head) // 4 or head[0::2].count(0) > len(head) // 4


_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", re.M)
_MD_EMPH = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_CODE = re.compile(r"`([^`]*)`")
_MD_LIST = re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)])\s+", re.M)
_MD_QUOTE = re.compile(r"^\s{0,3}>\s?", re.M)
_MD_RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$", re.M)


def strip_markdown(md: str) -> tuple[str, str]:
    """Readable text from Markdown, and the first heading (a title) if there is one."""
    m = _MD_HEADING.search(md)
    title = m.group(1) if m else ""
    text = _MD_RULE.sub("", md)
    text = _MD_HEADING.sub(r"\1", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_CODE.sub(r"\1", text)
    text = _MD_EMPH.sub(r"\2", text)
    text = _MD_QUOTE.sub("", text)
    text = _MD_LIST.sub("", text)
    return text, title


def import_text(data: bytes, name: str, *, markdown: bool = False, fmt: str | None = None) -> ImportedArticle:
    """A ``.txt`` or ``.md`` file's bytes as an article."""
    warnings: list[str] = []
    raw = decode_text(data, name, warnings)
    return text_article(raw, name, markdown=markdown, fmt=fmt, warnings=warnings)


def text_article(
    raw: str, name: str, *, markdown: bool = False, fmt: str | None = None, warnings: list[str] | None = None
) -> ImportedArticle:
    """Already-decoded plain text (or Markdown) as an article; shared by files and the clipboard."""
    title = ""
    if markdown:
        raw, title = strip_markdown(raw)
    return finish_article(
        raw,
        name,
        fmt=fmt or ("md" if markdown else "txt"),
        title=title,
        warnings=warnings,
        empty_message=f"{name}: the file has no text.",
    )
