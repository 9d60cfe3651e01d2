"""The real material the verification benchmarks read: White House transcripts and statements.

The White House briefing room's press briefings, speeches and remarks (speaker-turn transcripts:
``MS. JEAN-PIERRE:``, ``THE PRESIDENT:``, ``Q``) and statements (written text), 2021 on, as collected by
the public repository ``brian14708/wh-briefings`` (CC0; the texts are works of the U.S. government, in the
public domain). Nothing of it is committed here: the scripts read a bare git mirror of that repository.

Get it with the workbench's fetch tool (``github:brian14708/wh-briefings``) or ``git clone --mirror`` of the
repository, and point ``WORKBENCH_VERIFY_CORPUS`` at the git directory when it is not at ``DEFAULT``.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

DEFAULT = Path("/work/.mirror/brian14708+wh-briefings/repo")
HOW = ("the verification corpus is missing: fetch github:brian14708/wh-briefings (a bare git mirror) and set "
       f"WORKBENCH_VERIFY_CORPUS to its git directory (default {DEFAULT})")

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
_LINK = re.compile(r"\[([^\]]*)\]\([^)\s]*\)")
_EMPHASIS = re.compile(r"\*\*|__|\\(?=[\[\]_*])")


class CorpusMissing(RuntimeError):
    """The mirror is not where the benchmark looks for it."""


def corpus_dir() -> Path:
    path = Path(os.environ.get("WORKBENCH_VERIFY_CORPUS", DEFAULT))
    if not (path / "HEAD").exists() and not (path / ".git").exists():
        raise CorpusMissing(HOW)
    return path


def _git(args: list[str], data: bytes | None = None) -> bytes:
    return subprocess.run(["git", f"--git-dir={corpus_dir()}", *args], input=data, capture_output=True,
                          check=True).stdout


def list_files(folder: str) -> list[str]:
    """Markdown files under ``folder`` (``press-briefings``, ``speeches-remarks``, ``statements-releases``)."""
    out = _git(["ls-tree", "-r", "--name-only", "HEAD", folder]).decode()
    return sorted(p for p in out.splitlines() if p.endswith(".md"))


def read_files(paths: list[str]) -> dict[str, bytes]:
    """The files' bytes, read in one ``git cat-file --batch``."""
    if not paths:
        return {}
    out = _git(["cat-file", "--batch"], "".join(f"HEAD:{p}\n" for p in paths).encode())
    files: dict[str, bytes] = {}
    pos = 0
    for path in paths:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        size = int(header[2])
        files[path] = out[end + 1:end + 1 + size]
        pos = end + 1 + size + 1
    return files


def plain(markdown: bytes) -> str:
    """A scraped page's text without its YAML header, link targets and emphasis marks (what an importer
    would give for the page), keeping the hard line breaks of the scrape."""
    text = markdown.decode("utf-8", errors="replace")
    text = _FRONT_MATTER.sub("", text, count=1)
    text = _LINK.sub(r"\1", text)
    text = _EMPHASIS.sub("", text)
    return text.replace("\u00a0", " ")
