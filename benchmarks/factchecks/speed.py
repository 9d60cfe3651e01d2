"""The fact-check library's speed and size goals, run by ``python -m benchmarks`` (goals ``factcheck_import``,
``factcheck_size`` and ``factcheck_match``), each against a floor measured in the same run.

The 200,000 fact-checks are real text: the 29,625 claims of the two CLEF sets (``data.py``) and, to make up
the number, sentences of PolitiFact's own fact-check articles (each used once), with real speakers, ratings
and dates, written as one Google Fact Check Tools response (the format with the most fields per review). The
file is built once and cached beside the benchmark projects.
"""

from __future__ import annotations

import json
import os
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.factchecks import data, sets
from workbench.factchecks import FactCheckLibrary
from workbench.factchecks.matching import _fts_terms, match_claim
from workbench.factchecks.model import FactCheck
from workbench.factchecks.text import analyse

SIZE = 200_000
FILE_VERSION = 1


def google_json(records: list[FactCheck]) -> dict[str, Any]:
    claims = []
    for r in records:
        claims.append({
            "text": r.claim,
            "claimant": r.claimant,
            "claimDate": f"{r.claim_date}T00:00:00Z" if len(r.claim_date) == 10 else r.claim_date,
            "claimReview": [{
                "publisher": {"name": r.publisher, "site": r.publisher_site},
                "url": r.url if r.url.startswith("http") else f"https://fact-checks.example/{r.url.split(':')[-1]}",
                "title": r.title,
                "reviewDate": f"{r.date}T00:00:00Z" if len(r.date) == 10 else r.date,
                "textualRating": r.rating,
                "languageCode": "en",
            }],
        })
    return {"claims": claims}


TINY = 5_000  # ``--tiny``: the plumbing only, from the sentences of the detect speed text (no download)


def _tiny_records(size: int) -> list[FactCheck]:
    from benchmarks.detect.speedtext import text_100k

    text, _source = text_100k()
    sentences = [" ".join(s.split()) for s in data._SENTENCE.split(text) if 30 <= len(s.strip()) <= 300]
    return [FactCheck(url=f"https://fact-checks.example/tiny/{i}", claim=sentences[i % len(sentences)],
                      publisher="Example Checks", publisher_site="fact-checks.example", date="2024-01-01",
                      rating="False") for i in range(size)]


def library_file(size: int = SIZE) -> Path:
    """The cached JSON file of ``size`` fact-checks (built on first use)."""
    path = sets.cache_dir() / f"factchecks-{size}-v{FILE_VERSION}.json"
    if not path.exists():
        if size <= TINY:
            records = _tiny_records(size)
        else:
            real = sets.clef2020().factchecks + sets.clef2022().factchecks
            filler = data.filler_factchecks(sets._raw_politifact(), max(0, size - len(real)))
            records = (real + filler)[:size]
        tmp = path.with_name(path.name + ".building")
        tmp.write_text(json.dumps(google_json(records), ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
    return path


def _floor_import(source: Path, target: Path) -> float:
    """The least any import must do: parse the JSON and write the reviews' fields into a bare table."""
    t = time.perf_counter()
    doc = json.loads(source.read_bytes())
    rows = [(r["url"], c["text"], c.get("claimant", ""), c.get("claimDate", ""), r["textualRating"],
             r["publisher"]["name"], r["publisher"]["site"], r["reviewDate"], r["title"], r["languageCode"])
            for c in doc["claims"] for r in c["claimReview"]]
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE t (url, claim, claimant, claim_date, rating, publisher, site, date, title, lang)")
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.execute("COMMIT")
    conn.close()
    return time.perf_counter() - t


def measure_import(runs: int, size: int = SIZE) -> dict[str, Any]:
    source = library_file(size)
    ours, floor, sizes = [], [], []
    report = None
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="wb-bench-fclib-") as tmp:
            floor.append(_floor_import(source, Path(tmp) / "floor.sqlite"))
            path = Path(tmp) / "library.fclib"
            t = time.perf_counter()
            with FactCheckLibrary.open(path) as lib:
                report = lib.import_files([source])
            ours.append(time.perf_counter() - t)
            sizes.append(path.stat().st_size)
    assert report is not None
    return {"ours_s": statistics.median(ours), "floor_s": statistics.median(floor), "ours_all": ours,
            "floor_all": floor, "imported": report.imported, "skipped": len(report.skipped),
            "json_bytes": source.stat().st_size, "library_bytes": statistics.median(sizes)}


def built_library(size: int = SIZE) -> Path:
    """A library of the ``size`` fact-checks, imported once and cached (for the match goal)."""
    path = sets.cache_dir() / f"factchecks-{size}-v{FILE_VERSION}.fclib"
    if not path.exists():
        tmp = path.with_name(path.name + ".building")
        tmp.unlink(missing_ok=True)
        with FactCheckLibrary.open(tmp) as lib:
            lib.import_files([library_file(size)])
        os.replace(tmp, path)
    return path


def match_queries(n: int, size: int = SIZE) -> list[data.Query]:
    """Claims as a journalist marks them: the CLEF test sentences and tweets (with their hints)."""
    if size <= TINY:
        return [data.Query(str(i), r.claim, {r.url}) for i, r in enumerate(_tiny_records(n * 7)[::7])]
    qs = sets.clef2022().splits["test"] + sets.clef2022().splits["dev"] + sets.clef2020().splits["test"]
    step = max(1, len(qs) // n)
    return qs[::step][:n]


def measure_match(n_queries: int, runs: int, size: int = SIZE) -> dict[str, Any]:
    """Median time of ``match_claim`` over the queries, beside the raw FTS5 query it sends (the floor)."""
    path = built_library(size)
    queries = match_queries(n_queries, size)
    per_query = []
    with FactCheckLibrary.open(path, read_only=True) as lib:
        raw = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            for q in queries:
                fts = " OR ".join(_fts_terms(analyse(q.text)))
                match_claim(lib, q.text, speaker=q.speaker, date=q.date)  # warm: page cache, statements
                raw.execute("SELECT rowid FROM factchecks_fts WHERE factchecks_fts MATCH ? ORDER BY rank LIMIT 60",
                            (fts,)).fetchall()
                ours, floor = [], []
                for _ in range(runs):
                    t = time.perf_counter()
                    raw.execute("SELECT rowid FROM factchecks_fts WHERE factchecks_fts MATCH ? ORDER BY rank "
                                "LIMIT 60", (fts,)).fetchall()
                    floor.append(time.perf_counter() - t)
                    lib._idf.clear()  # every run pays for its word statistics, as a first match would
                    t = time.perf_counter()
                    match_claim(lib, q.text, speaker=q.speaker, date=q.date)
                    ours.append(time.perf_counter() - t)
                per_query.append({"query": q.text[:80], "ours_s": statistics.median(ours),
                                  "floor_s": statistics.median(floor)})
        finally:
            raw.close()
    return {"ours_s": statistics.median(p["ours_s"] for p in per_query),
            "floor_s": statistics.median(p["floor_s"] for p in per_query),
            "p90_s": sorted(p["ours_s"] for p in per_query)[int(0.9 * (len(per_query) - 1))],
            "slowest_s": max(p["ours_s"] for p in per_query), "queries": len(per_query), "library": size,
            "per_query": per_query}
