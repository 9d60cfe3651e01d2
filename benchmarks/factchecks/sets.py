"""The matching benchmark's query sets, each with the library it searches (built once, cached).

Retrieval, as in the CLEF CheckThat! labs (queries paired with the fact-checks that verify them):

- ``clef2020``: tweets → 10,375 Snopes fact-checks (claim and title indexed). Train: the lab's train and
  dev tweets; test: its 200 test tweets.
- ``clef2022-2b``: sentences said in US debates and speeches → 19,250 PolitiFact fact-checks. Train: the
  lab's train queries; test: its dev queries and its test queries (the test ones with their speaker, from
  the transcripts, as a journalist knows who said a quote; all with the debate's date).

Paraphrases, real ones written by fact-checkers: each fact-check's **headline** as the query, its **claim**
the one right answer, in a library of the claims alone (titles left out, or the query would find itself):

- ``snopes-headlines``: "Did 122 Prisoners Released from Guantanamo by President Obama Return to the
  Battlefield?" → "122 detainees released from confinement at Guantanamo Bay under President Obama have
  re-engaged in terrorist activities." Train: even ids, test: odd ids.
- ``politifact-headlines``: "Obama says Romney opposed any government help to rescue carmakers" → "Says
  Mitt Romney was clear that he 'would not provide government assistance to the U.S. auto companies…'", with
  the claimant as the speaker hint. Train: even positions, test: odd.
"""

from __future__ import annotations

import dataclasses
import pickle
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from benchmarks import generate
from benchmarks.factchecks import data
from workbench.factchecks import FactCheckLibrary
from workbench.factchecks.library import LIBRARY_VERSION
from workbench.factchecks.model import FactCheck

SETS_VERSION = 1  # bump when what a set holds changes (the cached libraries are rebuilt)


@dataclass
class Bench:
    name: str
    library: str  # cache key of the library it searches
    queries: list[data.Query]
    factchecks: Callable[[], list[FactCheck]]

    def path(self) -> Path:
        return cache_dir() / f"{self.library}-lib{LIBRARY_VERSION}-sets{SETS_VERSION}.fclib"

    def open(self) -> FactCheckLibrary:
        path = self.path()
        if not path.exists():
            tmp = path.with_name(path.name + ".building")
            tmp.unlink(missing_ok=True)
            with FactCheckLibrary.open(tmp) as lib:
                lib.import_records(self.factchecks(), source=self.library)
            tmp.replace(path)
        return FactCheckLibrary.open(path, read_only=True)


def cache_dir() -> Path:
    folder = generate.cache_dir() / "factchecks"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@cache
def _raw_politifact() -> list[dict]:
    path = cache_dir() / f"politifact-raw-sets{SETS_VERSION}.pickle"
    if path.exists():
        return pickle.loads(path.read_bytes())
    raw = data._politifact(data.Repo(data.CLEF2022_2B))
    path.write_bytes(pickle.dumps(raw))
    return raw


@cache
def clef2020() -> data.Dataset:
    return data.clef2020()


@cache
def clef2022() -> data.Dataset:
    return data.clef2022_2b(_raw_politifact())


def _untitled(fcs: list[FactCheck]) -> list[FactCheck]:
    return [dataclasses.replace(f, title="") for f in fcs]


# Headlines that restate the claim: Snopes' yes/no questions ("Did X do Y?"), PolitiFact's "X says Y". Others
# ("Seniors Beware", "Etymology of 'Tag'") name a topic, not a claim, and are left out.
_QUESTION = re.compile(r"^(?:did|does|do|is|was|are|were|has|have|had|can|could|will|would|should)\b.{12,}\?$",
                       re.IGNORECASE)
_SAYS = re.compile(r"\b(?:says|said|claims|claimed)\b", re.IGNORECASE)


def _headlines(fcs: list[FactCheck], *, speaker: bool, form: re.Pattern[str]) -> list[data.Query]:
    """Headline → claim queries. A fact-checker sometimes checked one claim twice: every fact-check with the
    very same claim text is a right answer."""
    def key(text: str) -> str:  # the same words, whatever the quotes and punctuation
        return " ".join(re.findall(r"\w+", text.lower()))

    same: dict[str, set[str]] = {}
    for f in fcs:
        same.setdefault(key(f.claim), set()).add(f.url)
    return [data.Query(f.url, f.title, same[key(f.claim)],
                       speaker=f.claimant if speaker else "")
            for f in fcs if f.title and f.claim and form.search(f.title.strip())]


def all_sets() -> dict[str, dict[str, Bench]]:
    """``{set: {"train": Bench, "test": Bench, ...}}``."""
    c20, c22 = clef2020(), clef2022()
    snopes = _headlines(c20.factchecks, speaker=False, form=_QUESTION)
    pf = _headlines(c22.factchecks, speaker=True, form=_SAYS)
    return {
        "clef2020": {
            "train": Bench("CLEF-2020 tweets → Snopes (train)", "snopes", c20.splits["train"], lambda: c20.factchecks),
            "test": Bench("CLEF-2020 tweets → Snopes (test)", "snopes", c20.splits["test"], lambda: c20.factchecks),
        },
        "clef2022-2b": {
            "train": Bench("CLEF-2022 2B debates → PolitiFact (train)", "politifact", c22.splits["train"],
                           lambda: c22.factchecks),
            "dev": Bench("CLEF-2022 2B debates → PolitiFact (dev)", "politifact", c22.splits["dev"],
                         lambda: c22.factchecks),
            "test": Bench("CLEF-2022 2B debates → PolitiFact (test, with speakers)", "politifact", c22.splits["test"],
                          lambda: c22.factchecks),
        },
        "snopes-headlines": {
            "train": Bench("Snopes headline → claim (train)", "snopes-untitled",
                           [q for q in snopes if int(q.id.rsplit(":", 1)[1]) % 2 == 0],
                           lambda: _untitled(c20.factchecks)),
            "test": Bench("Snopes headline → claim (test)", "snopes-untitled",
                          [q for q in snopes if int(q.id.rsplit(":", 1)[1]) % 2 == 1],
                          lambda: _untitled(c20.factchecks)),
        },
        "politifact-headlines": {
            "train": Bench("PolitiFact headline → claim, with speaker (train)", "politifact-untitled", pf[0::2],
                           lambda: _untitled(c22.factchecks)),
            "test": Bench("PolitiFact headline → claim, with speaker (test)", "politifact-untitled", pf[1::2],
                          lambda: _untitled(c22.factchecks)),
        },
    }


def training_sets() -> list[Bench]:
    return [splits["train"] for splits in all_sets().values()]
