"""Public claim-retrieval data for the fact-check matching benchmark, read where it was fetched to.

Nothing here is committed data: each set is read from a copy of its public repository, a bare git directory
(as the workplace's fetch tool leaves it: ``$FACTCHECK_BENCH_DATA/<owner>+<name>/repo``) or an ordinary
clone (``$FACTCHECK_BENCH_DATA/<name>``). ``FACTCHECK_BENCH_DATA`` defaults to ``/work/.mirror``.

- **CLEF-2020 CheckThat! Task 2** (repository ``sshaar/clef2020-factchecking-task2``): 1,003 training and
  200 test tweets, each paired with the Snopes fact-check(s) that verify it, among 10,373 Snopes verified
  claims (``data/v3.zip``, ``test-input/test-input.zip``).
- **CLEF-2022 CheckThat! Task 2B** (the organisers' data as kept in ``harel-coffee/CLEFCheckThat2bSimBa-auto``,
  ``subtask_2b/data``): sentences said in US political debates and speeches, each paired with the PolitiFact
  fact-check of that claim, among 19,250 PolitiFact fact-checks (speaker, claim, rating, date, title, and the
  article). Test sentences come with the transcripts, so the speaker of each is known, as a journalist knows
  who said a quote; every query's date is in its id (the debate's date).

The PolitiFact articles' own sentences also give real text to fill a 200,000-record library for the speed
goals (``filler_factchecks``).
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from workbench.factchecks.formats import iso_date
from workbench.factchecks.model import FactCheck

CLEF2020 = "sshaar/clef2020-factchecking-task2"
CLEF2022_2B = "harel-coffee/CLEFCheckThat2bSimBa-auto"


class MissingData(RuntimeError):
    """A data set is not on this machine; the message says how to get it."""


@dataclass(slots=True)
class Query:
    """A claim to look up, with what a journalist would know beside it and the right answers (keys)."""

    id: str
    text: str
    relevant: set[str]
    speaker: str = ""
    date: str = ""


@dataclass(slots=True)
class Dataset:
    name: str
    factchecks: list[FactCheck]
    splits: dict[str, list[Query]] = field(default_factory=dict)


def data_root() -> Path:
    return Path(os.environ.get("FACTCHECK_BENCH_DATA", "/work/.mirror"))


class Repo:
    """Files of one public repository, from a bare git directory or a checkout."""

    def __init__(self, name: str) -> None:
        root = data_root()
        owner, repo = name.split("/")
        bare = root / f"{owner}+{repo}" / "repo"
        checkout = root / repo
        if bare.is_dir():
            self.git_dir, self.tree = bare, None
        elif checkout.is_dir():
            self.git_dir, self.tree = None, checkout
        else:
            raise MissingData(
                f"the public repository {name} is not in {root}: fetch it there (as {owner}+{repo}/repo, a bare "
                f"git directory) or clone it as {checkout}, or point FACTCHECK_BENCH_DATA at where it is.")

    def read(self, path: str) -> bytes:
        if self.tree is not None:
            return (self.tree / path).read_bytes()
        return subprocess.run(["git", "--git-dir", str(self.git_dir), "show", f"HEAD:{path}"],
                              capture_output=True, check=True).stdout

    def list(self, folder: str) -> list[str]:
        if self.tree is not None:
            return sorted(str(p.relative_to(self.tree)) for p in (self.tree / folder).iterdir())
        out = subprocess.run(["git", "--git-dir", str(self.git_dir), "ls-tree", "--name-only", "HEAD", folder + "/"],
                             capture_output=True, check=True, text=True).stdout
        return sorted(out.split())

    def read_folder(self, folder: str) -> Iterator[tuple[str, bytes]]:
        """Every file of a folder, by blob id through one ``git cat-file --batch`` (naming 19,000 files by
        path makes git walk the tree for each: minutes instead of a second)."""
        if self.tree is not None:
            for p in sorted((self.tree / folder).iterdir()):
                yield str(p.relative_to(self.tree)), p.read_bytes()
            return
        listing = subprocess.run(["git", "--git-dir", str(self.git_dir), "ls-tree", "HEAD", folder + "/"],
                                 capture_output=True, check=True, text=True).stdout
        entries = [(line.split("\t", 1)[1], line.split()[2]) for line in listing.splitlines() if " blob " in line]
        proc = subprocess.run(["git", "--git-dir", str(self.git_dir), "cat-file", "--batch"],
                              input="".join(f"{sha}\n" for _, sha in entries).encode(), capture_output=True,
                              check=True)
        out, pos = proc.stdout, 0
        for path, _ in entries:
            end = out.index(b"\n", pos)
            size = int(out[pos:end].split()[2])
            yield path, out[end + 1:end + 1 + size]
            pos = end + 1 + size + 1


# -- CLEF-2020 Task 2: tweets -> Snopes ----------------------------------------------------------------


def _tsv(data: bytes) -> list[list[str]]:
    return [line.split("\t") for line in data.decode("utf-8").splitlines() if line.strip()]


def clef2020() -> Dataset:
    repo = Repo(CLEF2020)
    train = zipfile.ZipFile(io.BytesIO(repo.read("data/v3.zip")))
    test = zipfile.ZipFile(io.BytesIO(repo.read("test-input/test-input.zip")))
    factchecks = []
    import csv

    reader = csv.reader(io.StringIO(train.read("v3.0/verified_claims.docs.tsv").decode("utf-8")), delimiter="\t")
    next(reader)
    for row in reader:
        if len(row) >= 3:
            factchecks.append(FactCheck(url=f"urn:snopes:{row[0]}", claim=row[1].strip(), title=row[2].strip(),
                                        publisher="Snopes", publisher_site="snopes.com"))

    def split(tweets: bytes, qrels: bytes) -> list[Query]:
        rel: dict[str, set[str]] = {}
        for row in _tsv(qrels):
            if len(row) >= 4 and row[3].strip() == "1":
                rel.setdefault(row[0], set()).add(f"urn:snopes:{row[2]}")
        out = []
        for row in _tsv(tweets)[1:]:
            if len(row) >= 2 and row[0] in rel:
                text = row[1]
                m = re.search(r"—[^—]*\((@\w+)\)\s+(\w+ \d{1,2}, \d{4})\s*$", text)
                date = iso_date(m[2]) if m else ""
                out.append(Query(row[0], text, rel[row[0]], date=date))
        return out

    splits = {
        "train": split(train.read("v3.0/train/tweets.queries.tsv"), train.read("v3.0/train/tweet-vclaim-pairs.qrels"))
        + split(train.read("v3.0/dev/tweets.queries.tsv"), train.read("v3.0/dev/tweet-vclaim-pairs.qrels")),
        "test": split(test.read("tweets.queries.tsv"), test.read("tweet-vclaim-pairs.qrels")),
    }
    return Dataset("CLEF-2020 2 (tweets → Snopes)", factchecks, splits)


# -- CLEF-2022 Task 2B: debates -> PolitiFact -----------------------------------------------------------

_B = "subtask_2b/data"
_MONTH = {m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                      "dec"], start=1)}


def _politifact(repo: Repo) -> list[dict]:
    return [json.loads(data) for path, data in repo.read_folder(f"{_B}/politifact-vclaims") if path.endswith(".json")]


def _query_date(qid: str) -> str:
    m = re.match(r"(\d{4})(\d{2})(\d{2})_", qid)
    if m:
        return f"{m[1]}-{m[2]}-{m[3]}"
    m = re.match(r"(\d{4})_([a-z]{3})_(\d{2})_", qid)
    return f"{m[1]}-{_MONTH[m[2]]:02d}-{m[3]}" if m else ""


def politifact_record(v: dict) -> FactCheck:
    return FactCheck(url="https://www.politifact.com" + v["url"], claim=v["vclaim"].strip(),
                     claimant=v.get("speaker", "").strip(), claim_date=iso_date(v.get("date", "")),
                     rating=v.get("truth_label", ""), publisher="PolitiFact", publisher_site="politifact.com",
                     title=v.get("title", "").strip(), date=_url_date(v["url"]))


def _url_date(url: str) -> str:
    m = re.search(r"/(\d{4})/([a-z]{3})/(\d{1,2})/", url)
    return f"{m[1]}-{_MONTH[m[2]]:02d}-{int(m[3]):02d}" if m and m[2] in _MONTH else ""


def clef2022_2b(raw: list[dict] | None = None) -> Dataset:
    repo = Repo(CLEF2022_2B)
    raw = raw if raw is not None else _politifact(repo)
    factchecks = [politifact_record(v) for v in raw]
    key = {v["vclaim_id"]: f.url for v, f in zip(raw, factchecks, strict=True)}
    speech = f"{_B}/original_speech_data"

    def qrels(path: str) -> dict[str, set[str]]:
        rel: dict[str, set[str]] = {}
        for row in _tsv(repo.read(path)):
            if len(row) >= 4 and row[3].strip() == "1" and row[2] in key:
                rel.setdefault(row[0], set()).add(key[row[2]])
        return rel

    texts = {row[0]: row[1] for row in _tsv(repo.read(f"{speech}/training_data/CT2022-Task2B-EN-Train-Dev_Queries.tsv"))
             if len(row) >= 2}
    splits = {}
    for name, path in (("train", "training_data/CT2022-Task2B-EN-Train_QRELs.tsv"),
                       ("dev", "training_data/CT2022-Task2B-EN-Dev_QRELs.tsv")):
        rel = qrels(f"{speech}/{path}")
        splits[name] = [Query(q, texts[q], r, date=_query_date(q)) for q, r in rel.items() if q in texts]
    # Test: sentences with their transcript (and so their speaker).
    rel = qrels(f"{speech}/test_data/task2b-test.tsv")
    speakers: dict[tuple[str, str], str] = {}
    for path in repo.list(f"{speech}/TEST/transcripts"):
        event = Path(path).stem
        for row in _tsv(repo.read(path)):
            if len(row) >= 3:
                speakers[(event, row[0].zfill(4))] = row[1]
    tests = []
    for row in _tsv(repo.read(f"{speech}/TEST/test_TEST.tsv")):
        event, line = row[0].rsplit("_", 1)
        short = "_".join(event.split("_")[:3]) + "_" + str(int(line))
        if short in rel:
            tests.append(Query(row[0], row[1], rel[short], speaker=speakers.get((event, line.zfill(4)), ""),
                               date=_query_date(event + "_")))
    splits["test"] = tests
    return Dataset("CLEF-2022 2B (debates → PolitiFact)", factchecks, splits)


# -- filler for the 200,000-record library --------------------------------------------------------------

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def filler_factchecks(raw: list[dict], n: int) -> list[FactCheck]:
    """``n`` fact-check records whose claims are real sentences from PolitiFact's articles (each used once),
    with the article's speaker, rating and date: text with the word statistics of real fact-checks."""
    out: list[FactCheck] = []
    publishers = ["PolitiFact", "FactCheck.org", "Full Fact", "AFP Fact Check", "Snopes", "Reuters Fact Check",
                  "Africa Check", "Correctiv", "Maldita", "Les Décodeurs"]
    seen: set[str] = set()
    while len(out) < n:
        before = len(out)
        for i, v in enumerate(raw):
            base = politifact_record(v)
            for j, s in enumerate(_SENTENCE.split(v.get("text", ""))):
                s = " ".join(s.split())
                if not 40 <= len(s) <= 400 or s in seen:
                    continue
                seen.add(s)
                pub = publishers[(i + j) % len(publishers)]
                out.append(FactCheck(url=f"{base.url}#s{j}-{len(out)}", claim=s, claimant=base.claimant,
                                     claim_date=base.claim_date, rating=base.rating, publisher=pub,
                                     publisher_site=pub.lower().replace(" ", "") + ".example", date=base.date,
                                     title=base.title, language="en"))
                if len(out) >= n:
                    return out
        if len(out) == before:
            raise MissingData(f"only {len(out):,} distinct article sentences; cannot fill {n:,}")
    return out
