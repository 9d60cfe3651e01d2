"""The real development sets for the HTML importer: public pages with hand-made gold text, read from git mirrors.

Nothing here is shipped or committed: the pages stay in the mirrors the ``fetch`` tool brings (bare git
directories under ``$WORKBENCH_MIRROR``, default ``/work/.mirror``), read with ``git cat-file``. Each set:

=================  ============================================  ==========================================
set                mirror (github:owner/name)                    gold
=================  ============================================  ==========================================
``readability``    mozilla/readability                           text of ``expected.html`` (Readability.js)
``l3s-gn1``        geodrome/page-signal (L3S-GN1, Google News)   spans marked "full text" (``x-nc-sel2``)
``dragnet``        j-szulc/html-cleaning-dataset-merged          ``GoldStandard/*.txt`` before the comments
``cleaneval``      j-szulc/html-cleaning-dataset-merged          dev + final ``GoldStandard`` (markers gone)
``cleanportal``    j-szulc/html-cleaning-dataset-merged          CleanPortalEval ``GoldStandard``
``trafilatura``    adbar/trafilatura                             ``tests/evaldata.json``: snippets that must
                                                                 and must not be in the text (no full gold)
=================  ============================================  ==========================================

(The Dragnet set's own repositories keep their HTML in archives too large for the mirror or in Git LFS; the
merged repository holds the same pages and "Corrected" gold text. The scrapinghub article-extraction
benchmark and sets derived from it are deliberately absent: they are the held-out measure.)

Licences: readability Apache-2.0; L3S-GN1 research use only; Dragnet AGPL-3.0 (data); CleanEval and
CleanPortalEval research sets; trafilatura Apache-2.0. Hence: read in place, never copied into the repo.

A fifth of every set is held out (by a hash of set and page name, so it is stable and blind to content):
the importer is not tuned on those pages, and the benchmark reports them separately.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import subprocess
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

MIRROR = Path(os.environ.get("WORKBENCH_MIRROR", "/work/.mirror"))

REPOS = {
    "readability": "mozilla+readability",
    "l3s-gn1": "geodrome+page-signal",
    "dragnet": "j-szulc+html-cleaning-dataset-merged",
    "cleaneval": "j-szulc+html-cleaning-dataset-merged",
    "cleanportal": "j-szulc+html-cleaning-dataset-merged",
    "trafilatura": "adbar+trafilatura",
}
SETS = tuple(REPOS)


@dataclass(slots=True)
class Page:
    """One page of a set: its bytes and either gold text or (trafilatura's set) must/must-not snippets."""

    set: str
    name: str
    html: bytes
    gold: str = ""
    with_: list[str] = field(default_factory=list)
    without: list[str] = field(default_factory=list)

    @property
    def held_out(self) -> bool:
        return held_out(self.set, self.name)


def held_out(set_name: str, page: str) -> bool:
    """One page in five, chosen by a hash of its name: never used for tuning."""
    return hashlib.sha1(f"{set_name}/{page}".encode()).digest()[0] % 5 == 0


class _Repo:
    """Blobs of a bare git mirror by path, through one ``git cat-file --batch`` process."""

    def __init__(self, git_dir: Path) -> None:
        self.git_dir = git_dir
        self._proc = subprocess.Popen(
            ["git", f"--git-dir={git_dir}", "cat-file", "--batch"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )

    def files(self, under: str) -> list[str]:
        out = subprocess.run(
            ["git", f"--git-dir={self.git_dir}", "ls-tree", "-r", "-z", "--name-only", "HEAD", under],
            check=True,
            capture_output=True,
        ).stdout
        return sorted(p.decode("utf-8", "surrogateescape") for p in out.split(b"\0") if p)

    def read(self, path: str) -> bytes | None:
        assert self._proc.stdin is not None and self._proc.stdout is not None
        self._proc.stdin.write(f"HEAD:{path}\n".encode("utf-8", "surrogateescape"))
        self._proc.stdin.flush()
        header = self._proc.stdout.readline().split()
        if len(header) < 3 or header[1] != b"blob":
            return None  # missing (too large for the mirror) or not a file
        data = self._proc.stdout.read(int(header[2]))
        self._proc.stdout.read(1)  # the newline after each blob
        return data

    def close(self) -> None:
        if self._proc.stdin:
            self._proc.stdin.close()
        self._proc.wait()


def _repo(set_name: str) -> _Repo:
    git_dir = MIRROR / REPOS[set_name] / "repo"
    if not git_dir.is_dir():
        owner_name = REPOS[set_name].replace("+", "/")
        raise SystemExit(
            f"{set_name}: no mirror at {git_dir}. Fetch it with the search tool's fetch (github:{owner_name}), "
            "or point $WORKBENCH_MIRROR at a folder holding owner+name/repo bare git directories."
        )
    return _Repo(git_dir)


def element_text(root: etree._Element) -> str:
    """Text of an element tree, blocks on their own lines, scripts and styles left out."""
    etree.strip_elements(root, "script", "style", "noscript", with_tail=False)
    return "\n".join(t for t in root.itertext() if t.strip())


def _decode(data: bytes) -> str:
    # A few of Dragnet's gold files are UTF-16 with a byte-order mark: read as UTF-8/cp1252 every letter became a
    # word of its own and every extractor scored 0 on them (seen on the worst-pages table: "missed e o t a i n").
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _readability(repo: _Repo) -> Iterator[Page]:
    for path in repo.files("test/test-pages"):
        if not path.endswith("/source.html"):
            continue
        folder = path.rsplit("/", 1)[0]
        source, expected = repo.read(path), repo.read(f"{folder}/expected.html")
        if source is None or expected is None:
            continue
        # expected.html has no charset declaration; it is UTF-8 (lxml alone would read it as Latin-1).
        gold = element_text(lxml_html.fromstring(_decode(expected)))
        yield Page("readability", folder.rsplit("/", 1)[1], source, gold=gold)


_GN1 = "L3S-GN1-20100130203947-00001"


def _l3s(repo: _Repo) -> Iterator[Page]:
    for path in repo.files(f"{_GN1}/original"):
        name = path.rsplit("/", 1)[1]
        source, annotated = repo.read(path), repo.read(f"{_GN1}/annotated/{name}")
        if source is None or annotated is None:
            continue
        root = lxml_html.fromstring(_decode(annotated))
        etree.strip_elements(root, "script", "style", with_tail=False)
        parts = [
            "".join(span.itertext())
            for span in root.iter("span")
            if span.get("class") == "x-nc-sel2"
            and not any(a.get("class") == "x-nc-sel2" for a in span.iterancestors("span"))
        ]
        yield Page("l3s-gn1", name.removesuffix(".html"), source, gold="\n".join(parts))


# Dragnet's gold: the content, then this marker and the comments. The marker is mostly written with two spaces,
# on 10 of 1,382 pages with one, three or a tab: matching only the two-space form left those pages' comments
# in the gold (found on the worst-pages table: trafilatura, which keeps comments by default, scored 1.0 there).
_COMMENTS = re.compile(r"!@#\$%\^&\*\(\)\s*COMMENTS")
_CLEANEVAL_MARK = re.compile(r"<(?:p|h|l)>", re.I)


def _gold_pairs(repo: _Repo, set_name: str, folder: str) -> Iterator[Page]:
    for path in repo.files(f"{folder}/input"):
        stem = path.rsplit("/", 1)[1].rsplit(".", 1)[0]
        if not path.endswith((".html", ".htm")):
            continue
        source, gold = repo.read(path), repo.read(f"{folder}/GoldStandard/{stem}.txt")
        if source is None or gold is None:
            continue
        text = _decode(gold)
        if set_name == "dragnet":
            text = _COMMENTS.split(text, maxsplit=1)[0]
        else:
            # CleanEval's format: a "URL: ..." first line, then <p>/<h>/<l> markers at block starts.
            if text.startswith("URL:"):
                text = text.split("\n", 1)[1] if "\n" in text else ""
            text = html.unescape(_CLEANEVAL_MARK.sub("\n", text))
        page_name = f"{folder.split('-')[-1]}-{stem}" if set_name == "cleaneval" else stem
        yield Page(set_name, page_name, source, gold=text)


def _trafilatura(repo: _Repo) -> Iterator[Page]:
    raw = repo.read("tests/evaldata.json")
    if raw is None:
        return
    for item in json.loads(raw).values():
        source = repo.read(f"tests/cache/{item['file']}") or repo.read(f"tests/eval/{item['file']}")
        if source is None:
            continue
        yield Page("trafilatura", item["file"].removesuffix(".html"), source,
                   with_=list(item["with"]), without=list(item["without"]))


# Sets of news pages (CleanEval and CleanPortal are mostly other kinds of web page), for the speed line.
NEWS_SETS = ("readability", "l3s-gn1", "trafilatura", "dragnet")


def available(set_name: str) -> bool:
    """True when the set's mirror is here (``load`` says how to fetch it when it is not)."""
    return (MIRROR / REPOS[set_name] / "repo").is_dir()


def news_pages(n: int) -> list[tuple[str, bytes]]:
    """``n`` real news pages as ``(file name, bytes)``, taken in turn from the news sets whose mirrors are
    here, each set in its stable order; fewer when the sets hold fewer, none when no mirror is here."""
    queues = [load(s) for s in NEWS_SETS if available(s)]
    pages: list[tuple[str, bytes]] = []
    while queues and len(pages) < n:
        for q in list(queues):
            page = next(q, None)
            if page is None:
                queues.remove(q)
            elif len(pages) < n:
                pages.append((f"{page.set}-{page.name}.html", page.html))
    for q in queues:
        q.close()  # ends the set's git reader
    return pages


def load(set_name: str) -> Generator[Page, None, None]:
    """The pages of one set, in a stable order."""
    repo = _repo(set_name)
    try:
        if set_name == "readability":
            yield from _readability(repo)
        elif set_name == "l3s-gn1":
            yield from _l3s(repo)
        elif set_name == "dragnet":
            yield from _gold_pairs(repo, "dragnet", "dragnet_data")
        elif set_name == "cleaneval":
            yield from _gold_pairs(repo, "cleaneval", "cleaneval-dev")
            yield from _gold_pairs(repo, "cleaneval", "cleaneval-final")
        elif set_name == "cleanportal":
            yield from _gold_pairs(repo, "cleanportal", "CleanPortalEval-master")
        elif set_name == "trafilatura":
            yield from _trafilatura(repo)
        else:
            raise ValueError(f"unknown set {set_name!r}; known: {', '.join(SETS)}")
    finally:
        repo.close()
