"""The benchmark runner: every speed and memory goal, each against a floor measured in the same run.

``python -m benchmarks`` prints the machine, then one line per goal: name, our figure, the floor's, their
ratio, the goal, PASS/FAIL. ``--json`` prints the same as one JSON document. Work is real: projects
and pages come from ``benchmarks.generate`` (cached by seed), and every GUI figure comes from a fresh
process (``benchmarks.probe``) on the offscreen Qt platform. Times are medians of several runs.

Options: ``--only NAME`` (repeatable; a goal's name or a prefix of it), ``--seed N``, ``--rebuild``
(generate the projects again), ``--quick`` (fewer repetitions and queries: for development; figures
are noisier), ``--tiny`` (tiny projects, one repetition: checks the plumbing, figures mean nothing).
Exit status: 0 when every goal measured passed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from benchmarks import generate, scale


@dataclass
class Settings:
    seed: int = generate.DEFAULT_SEED
    quick: bool = False
    tiny: bool = False
    rebuild: bool = False
    log: Callable[[str], None] = print
    rebuilt: set[str] = field(default_factory=set)

    def runs(self, full: int, quick: int) -> int:
        return 1 if self.tiny else quick if self.quick else full

    def project(self, preset: str) -> Path:
        name = "tiny" if self.tiny else preset
        again = self.rebuild and name not in self.rebuilt  # --rebuild: each project once per run
        self.rebuilt.add(name)
        return generate.ensure_project(name, self.seed, rebuild=again, log=self.log)

    @property
    def large(self) -> generate.Preset:
        return generate.PRESETS["tiny" if self.tiny else "large"]


@dataclass
class Result:
    """One goal's line. ``ours``/``floor`` are in ``unit``; ``floor`` None when the goal has none."""

    name: str
    work: str
    ours: float
    floor: float | None
    unit: str
    goal: str
    passed: bool
    details: dict = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        return self.ours / self.floor if self.floor else None


# -- the goals -----------------------------------------------------------------------------------------


def _probe(args: list[str], env: dict[str, str], timeout: float = 300) -> tuple[dict, float]:
    """Run ``benchmarks.probe`` in a fresh process; returns its JSON line and when it was started."""
    started = time.time()
    proc = subprocess.run([sys.executable, "-m", "benchmarks.probe", *args], env=env, capture_output=True,
                          text=True, timeout=timeout, cwd=Path(__file__).resolve().parents[1])
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"probe {args[0]} failed ({proc.returncode}): {proc.stderr.strip()[-2000:]}")
    out = json.loads(lines[-1])
    if "error" in out:
        raise RuntimeError(f"probe {args[0]}: {out['error']}")
    return out, started


def _gui_env(folder: Path) -> dict[str, str]:
    """Offscreen Qt, and settings and per-user data in a folder of their own (never the real ones).

    Bytecode is cached (outside the source tree) even where the shell says PYTHONDONTWRITEBYTECODE, as an
    installed app has its modules compiled: otherwise every start-up would time Python's compiler.
    """
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(folder / "config"),
               WORKBENCH_DATA_DIR=str(folder / "data"), WORKBENCH_AUTHOR="Benchmark",
               PYTHONPYCACHEPREFIX=str(generate.cache_dir() / "pycache"))
    for name in ("PYTHONSTARTUP", "PYTHONDONTWRITEBYTECODE", "PYTHONPROFILEIMPORTTIME"):
        env.pop(name, None)
    return env


def goal_startup(s: Settings) -> Result:
    runs = s.runs(7, 3)
    with tempfile.TemporaryDirectory(prefix="wb-bench-startup-") as tmp:
        env = _gui_env(Path(tmp))
        _probe(["app"], env)  # makes the sample project once, as the first start ever does
        _probe(["bare"], env)
        ours, floor = [], []
        for _ in range(runs):  # interleaved, so machine load hits both alike
            out, t = _probe(["bare"], env)
            floor.append(out["frame_at"] - t)
            out, t = _probe(["app"], env)
            ours.append(out["frame_at"] - t)
    o, f = statistics.median(ours), statistics.median(floor)
    return Result("startup", "start to main window shown with the sample project", o, f, "s", "<= 2x floor",
                  o / f <= 2.0, {"runs": runs, "ours_all": ours, "floor_all": floor, "window_title": out["title"],
                                 "heavy_modules_at_first_frame": out["modules"]})


def _big_article(path: Path, s: Settings) -> str:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT id FROM articles ORDER BY length(text) DESC, seq LIMIT 1").fetchone()[0]
    finally:
        conn.close()


_open_cache: dict[tuple[int, str], list[dict]] = {}


def open_runs(s: Settings, preset: str = "large") -> list[dict]:
    """Runs of the ``open`` probe on the ``preset`` project, shared by the open-time and the memory goals."""
    key = (id(s), preset)
    if key not in _open_cache:
        path = s.project(preset)
        article = _big_article(path, s)
        outs = []
        with tempfile.TemporaryDirectory(prefix="wb-bench-open-") as tmp:
            env = _gui_env(Path(tmp))
            _probe(["open", str(path), article], env)  # warm-up: the file into the OS page cache
            for _ in range(s.runs(5, 2)):
                outs.append(_probe(["open", str(path), article], env)[0])
        _open_cache[key] = outs
    return _open_cache[key]


def goal_open(s: Settings) -> Result:
    outs = open_runs(s)
    o = statistics.median(x["open_s"] for x in outs)
    p = s.large
    return Result("open", f"open the large project to first paint ({p.articles:,} articles, {p.claims:,} claims)",
                  o, None, "s", "< 1 s", o < 1.0,
                  {"runs": len(outs), "all": [x["open_s"] for x in outs],
                   "claims_table_filled_s": statistics.median(x["table_filled_s"] for x in outs),
                   "articles_listed": outs[0]["articles"],
                   "claims_listed": outs[0]["claims"]})


def goal_memory(s: Settings) -> Result:
    outs = open_runs(s)
    o = statistics.median(x["peak_rss_mb"] for x in outs)
    with tempfile.TemporaryDirectory(prefix="wb-bench-rss-") as tmp:
        floor = _probe(["bare"], _gui_env(Path(tmp)))[0]["peak_rss_mb"]
    return Result("memory", "peak memory, large project open in the window, then its 1 MB article", o, floor,
                  "MB", "< 300 MB", o < 300,
                  {"all": [x["peak_rss_mb"] for x in outs],
                   "after_open_mb": statistics.median(x["rss_opened_mb"] for x in outs),
                   "floor_is": "bare QMainWindow process"})


def goal_render(s: Settings) -> Result:
    path = s.project("large")
    article = _big_article(path, s)
    with tempfile.TemporaryDirectory(prefix="wb-bench-render-") as tmp:
        out, _ = _probe(["render", str(path), article, str(s.runs(7, 3))], _gui_env(Path(tmp)))
    o, f = out["ours_s"], out["floor_s"]
    return Result("render", f"render a {out['chars']:,}-character article with {out['highlights']:,} highlights "
                  "to its first frame", o, f, "s", "<= 2x floor and < 100 ms", o / f <= 2 and o < 0.100,
                  {**out, "floor_is": "the same text in a bare QPlainTextEdit to its first frame"})


def search_queries(path: Path, seed: int, n: int) -> list[str]:
    """``n`` queries of the kinds journalists type, from frequent words to rare ones, deterministic."""
    rng = random.Random(f"queries-{seed}")
    vocab = generate.Words(random.Random(seed)).vocab  # the very vocabulary the project was written in
    ranked = [vocab[min(len(vocab) - 1, int(1.25 ** i))] for i in range(0, 45)]  # frequent ... rare
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    quotes = [r[0] for r in conn.execute("SELECT exact FROM claims ORDER BY seq LIMIT 2000")]
    conn.close()
    words = [w for w in ranked if w.isalpha()]
    queries: list[str] = []
    kinds = ["word"] * 20 + ["and"] * 8 + ["phrase"] * 8 + ["prefix"] * 6 + ["or"] * 4 + ["not"] * 4
    for i, kind in enumerate(kinds):
        w1, w2 = words[i % len(words)], rng.choice(words)
        if kind == "word":
            queries.append(w1)
        elif kind == "and":
            queries.append(f"{w1} {w2}")
        elif kind == "phrase":
            tokens = rng.choice(quotes).split()
            start = rng.randrange(max(1, len(tokens) - 3))
            queries.append('"' + " ".join(tokens[start:start + 3]).strip(".,“”") + '"')
        elif kind == "prefix":
            queries.append(w1[:3] + "*")
        elif kind == "or":
            queries.append(f"{w1} OR {w2}")
        else:
            queries.append(f"{w1} NOT {w2}")
    return [queries[i * len(queries) // n] for i in range(n)]


PAGE = 50  # the first page of results: what a journalist sees first


def _raw_match(conn: sqlite3.Connection, fts: str) -> int:
    """The floor: the same FTS5 query on the same three indexes, the first page's rows with snippets."""
    rows = 0
    for table in ("articles_fts", "claims_fts", "sources_fts"):
        rows += len(conn.execute(f"SELECT rowid, snippet({table}, -1, '[', ']', '…', 16), rank FROM {table} "
                                 f"WHERE {table} MATCH ? ORDER BY rank LIMIT {PAGE}", (fts,)).fetchall())
    return rows


def goal_search(s: Settings) -> Result:
    from workbench.store import Project
    from workbench.store.fts import parse_query
    from workbench.store.search import search

    path = s.project("large")
    queries = search_queries(path, s.seed, 50 if not (s.quick or s.tiny) else 10)
    runs = s.runs(5, 2)
    project = Project.open(path, read_only=True)
    raw = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    per_query = []
    try:
        for q in queries:
            fts = parse_query(q).fts  # the same query, written as FTS5 syntax (not timed)
            search(project, q, limit=PAGE)  # warm the page cache and statement cache for both
            _raw_match(raw, fts)
            ours, floor = [], []
            for _ in range(runs):
                t = time.perf_counter()
                hits = search(project, q, limit=PAGE)
                ours.append(time.perf_counter() - t)
                t = time.perf_counter()
                _raw_match(raw, fts)
                floor.append(time.perf_counter() - t)
            per_query.append({"query": q, "fts": fts, "hits": len(hits), "ours_s": statistics.median(ours),
                              "floor_s": statistics.median(floor)})
    finally:
        project.close()
        raw.close()
    o = statistics.median(x["ours_s"] for x in per_query)
    f = statistics.median(x["floor_s"] for x in per_query)
    return Result("search", f"FTS search, first page (top {PAGE} of each kind with snippets), median of "
                  f"{len(queries)} queries", o, f, "s", "<= 1.5x floor", o / f <= 1.5,
                  {"floor_is": f"raw FTS5 top {PAGE} with snippets on the same three indexes",
                   "runs_per_query": runs, "queries": per_query,
                   "median_of_ratios": statistics.median(x["ours_s"] / x["floor_s"] for x in per_query)})


def goal_report(s: Settings) -> Result:
    from workbench.export import ExportOptions
    from workbench.export.markdown_report import export_markdown
    from workbench.store import Project

    path = s.project("report")
    times = []
    with Project.open(path, read_only=True) as project:
        claims = project.conn.execute("SELECT count(*) FROM claims").fetchone()[0]
        for _ in range(s.runs(3, 1)):
            t = time.perf_counter()
            text = export_markdown(project, ExportOptions(private_notes=True))
            times.append(time.perf_counter() - t)
    o = statistics.median(times)
    return Result("report", f"Markdown report, {claims:,} claims", o, None, "s", "< 2 s", o < 2,
                  {"all": times, "characters": len(text)})


def goal_import(s: Settings) -> Result:
    import trafilatura

    from benchmarks.importers.realsets import news_pages
    from workbench.core.errors import ImportFailed
    from workbench.importers import import_bytes

    n = 20 if s.tiny else 200
    # Real news pages (the HTML importer's development sets) when their mirrors are here; else generated ones.
    pages = news_pages(n)
    kind = "real news pages" if len(pages) == n else "generated news pages"
    if len(pages) < n:
        pages = generate.html_pages(n, s.seed)
    refused: set[str] = set()
    for name, data in pages[:5]:  # warm-up: imports, regex compilation, trafilatura's caches
        trafilatura.extract(data)
        with contextlib.suppress(ImportFailed):
            import_bytes(data, name)
    ours, floor = [], []
    for _ in range(s.runs(3, 1)):
        o = f = 0.0
        for name, data in pages:  # interleaved page by page, so machine load hits both alike
            t0 = time.perf_counter()
            trafilatura.extract(data)
            t1 = time.perf_counter()
            try:
                import_bytes(data, name)
            except ImportFailed:
                refused.add(name)  # (timed all the same: a refusal is work the journalist waits for too)
            t2 = time.perf_counter()
            f += t1 - t0
            o += t2 - t1
        ours.append(o)
        floor.append(f)
    o, f = statistics.median(ours), statistics.median(floor)
    return Result("import", f"import {n} {kind}", o, f, "s", "<= 1.3x floor", o / f <= 1.3,
                  {"passes": len(ours), "ours_all": ours, "floor_all": floor, "pages": kind,
                   "bytes": sum(len(d) for _, d in pages), "refused": sorted(refused)})


def goal_typing(s: Settings) -> Result:
    path = s.project("large")
    with tempfile.TemporaryDirectory(prefix="wb-bench-typing-") as tmp:
        out, _ = _probe(["typing", str(path)], _gui_env(Path(tmp)))
    o = out["blocked_ms"] / 1000
    return Result("typing", "longest window freeze while typing 7 searches into Find in project", o, None, "s",
                  "< 50 ms", o < 0.050, out)


_BULK: dict[str, dict] = {}


def _bulk(s: Settings) -> dict:
    """One window run for the three bulk lines: accept every suggestion of a long article, undo, redo."""
    if "out" not in _BULK:
        with tempfile.TemporaryDirectory(prefix="wb-bench-bulk-") as tmp:
            _BULK["out"], _ = _probe(["bulk", tmp, "20" if s.tiny else "1000"], _gui_env(Path(tmp)))
    return _BULK["out"]


def _bulk_goal(name: str, what: str) -> Callable[[Settings], Result]:
    def goal(s: Settings) -> Result:
        out = _bulk(s)
        o = out[name]
        return Result(f"bulk_{name}", f"{what} {out['suggestions']:,} suggestions in one step (window refreshed)",
                      o, None, "s", "< 1 s", o < 1.0, out)
    return goal


def goal_detect(s: Settings) -> Result:
    import re

    from benchmarks.detect.speedtext import text_100k
    from workbench.detect import suggest_quotes

    text, source = text_100k()
    words = re.compile(r"\w+")
    ours, floor = [], []
    for _ in range(s.runs(5, 2)):
        t = time.perf_counter()
        sum(1 for _ in words.finditer(text))
        floor.append(time.perf_counter() - t)
        t = time.perf_counter()
        found = suggest_quotes(text)
        ours.append(time.perf_counter() - t)
    o, f = statistics.median(ours), statistics.median(floor)
    return Result("detect", f"quote suggestions on a 100,000-character article ({len(found)} found)", o, f, "s",
                  "< 200 ms", o < 0.200, {"floor_is": "one re.finditer word pass", "text": source})


def _factcheck_size(s: Settings) -> int:
    from benchmarks.factchecks import speed

    return speed.TINY if s.tiny else speed.SIZE


_import_cache: dict[int, dict] = {}


def _factcheck_import_runs(s: Settings) -> dict:
    """Imports of the 200,000 fact-checks, shared by the time and the size goals."""
    from benchmarks.factchecks import speed

    if id(s) not in _import_cache:
        _import_cache[id(s)] = speed.measure_import(s.runs(3, 1), _factcheck_size(s))
    return _import_cache[id(s)]


def goal_factcheck_import(s: Settings) -> Result:
    out = _factcheck_import_runs(s)
    o, f = out["ours_s"], out["floor_s"]
    return Result("factcheck_import", f"import {out['imported']:,} fact-checks (Google Fact Check Tools JSON, "
                  f"{out['json_bytes'] / 2**20:,.0f} MB) into a new library", o, f, "s", "< 60 s", o < 60,
                  {k: v for k, v in out.items() if k not in ("ours_s", "floor_s")}
                  | {"floor_is": "json.loads + executemany into a bare table, same file"})


def goal_factcheck_size(s: Settings) -> Result:
    out = _factcheck_import_runs(s)
    o, f = out["library_bytes"] / 2**20, out["json_bytes"] / 2**20
    return Result("factcheck_size", f"library file of {out['imported']:,} fact-checks vs the JSON imported", o, f,
                  "MB", "< 2x the JSON", o < 2 * f, {"floor_is": "the imported JSON file"})


def goal_factcheck_match(s: Settings) -> Result:
    from benchmarks.factchecks import speed

    out = speed.measure_match(10 if s.tiny else 30 if s.quick else 100, s.runs(5, 2), _factcheck_size(s))
    o, f = out["ours_s"], out["floor_s"]
    return Result("factcheck_match", f"match a claim against {out['library']:,} fact-checks (median of "
                  f"{out['queries']} claims; p90 {out['p90_s'] * 1000:.0f} ms)", o, f, "s", "< 100 ms", o < 0.100,
                  {k: v for k, v in out.items() if k not in ("ours_s", "floor_s")}
                  | {"floor_is": "the raw FTS5 MATCH of the claim's words alone (top 60 by rank)"})


def goal_verify(s: Settings) -> Result:
    from benchmarks.verify.speed import measure

    out = measure(words=20_000 if s.tiny else 200_000, quotes=s.runs(60, 30), seed=s.seed)
    o, f = out["ours_s"], out["floor_s"]
    return Result("verify", f"verify a 30-word quote in a {out['words']:,}-word transcript (median of "
                  f"{out['quotes']}; slowest {out['max_s'] * 1000:.0f} ms, first with index build "
                  f"{out['cold_s'] * 1000:.0f} ms)", o, f, "s", "slowest < 200 ms", out["max_s"] < 0.200,
                  {**out, "floor_is": "str.find of the quote in the source text"})


def goal_open_encrypted(s: Settings) -> Result:
    """The window's open of the encrypted large project to first paint, against the plain one (``open``'s
    work) in the same run, interleaved. The key is derived before the clock starts and reported beside it
    (``kdf_s``): once per passphrase entry, slow on purpose (docs/encryption.md)."""
    from benchmarks.store.encryption import PASSPHRASE, encrypted_copy

    plain = s.project("large")
    encrypted = encrypted_copy(plain)
    article = _big_article(plain, s)
    ours, floor, kdf = [], [], []
    with tempfile.TemporaryDirectory(prefix="wb-bench-open-enc-") as tmp:
        env = dict(_gui_env(Path(tmp)), WORKBENCH_PASSPHRASE=PASSPHRASE)
        for path in (plain, encrypted):  # warm-up: the files into the OS page cache, both vouched for
            _probe(["open", str(path), article], env)
        for _ in range(s.runs(5, 2)):
            floor.append(_probe(["open", str(plain), article], env)[0]["open_s"])
            out = _probe(["open", str(encrypted), article], env)[0]
            ours.append(out["open_s"])
            kdf.append(out["kdf_s"])
    o, f = statistics.median(ours), statistics.median(floor)
    return Result("open_encrypted", "open the encrypted large project to first paint (key derived before: "
                  f"{statistics.median(kdf) * 1000:.0f} ms)", o, f, "s", "<= 1.15x floor", o / f <= 1.15,
                  {"floor_is": "the plain large project, same probe, interleaved", "runs": len(ours),
                   "ours_all": ours, "floor_all": floor, "kdf_s": statistics.median(kdf)})


def goal_search_encrypted(s: Settings) -> Result:
    """``store.search`` on the encrypted large project against the same search on the plain one, query by
    query in the same run."""
    from benchmarks.store.encryption import PASSPHRASE, encrypted_copy
    from workbench.store import Project
    from workbench.store.search import search

    path = s.project("large")
    encrypted = encrypted_copy(path)
    queries = search_queries(path, s.seed, 50 if not (s.quick or s.tiny) else 10)
    runs = s.runs(5, 2)
    plain_p = Project.open(path, read_only=True)
    enc_p = Project.open(encrypted, read_only=True, passphrase=PASSPHRASE)
    per_query = []
    try:
        for q in queries:
            search(plain_p, q, limit=PAGE)  # warm both
            search(enc_p, q, limit=PAGE)
            ours, floor = [], []
            for _ in range(runs):
                t = time.perf_counter()
                search(enc_p, q, limit=PAGE)
                ours.append(time.perf_counter() - t)
                t = time.perf_counter()
                search(plain_p, q, limit=PAGE)
                floor.append(time.perf_counter() - t)
            per_query.append({"query": q, "ours_s": statistics.median(ours), "floor_s": statistics.median(floor)})
    finally:
        plain_p.close()
        enc_p.close()
    o = statistics.median(x["ours_s"] for x in per_query)
    f = statistics.median(x["floor_s"] for x in per_query)
    return Result("search_encrypted", f"store.search on the encrypted large project, median of {len(queries)} "
                  "queries", o, f, "s", "<= 1.15x floor", o / f <= 1.15,
                  {"floor_is": "the same search on the plain large project", "runs_per_query": runs,
                   "queries": per_query})


GOALS: dict[str, Callable[[Settings], Result]] = {
    "startup": goal_startup,
    "open": goal_open,
    "render": goal_render,
    "search": goal_search,
    "report": goal_report,
    "import": goal_import,
    "memory": goal_memory,
    # Not in the table, kept from the per-area scripts this runner replaced:
    "typing": goal_typing,
    "bulk_accept": _bulk_goal("accept", "accept"),
    "bulk_undo": _bulk_goal("undo", "undo accepting"),
    "bulk_redo": _bulk_goal("redo", "redo accepting"),
    "detect": goal_detect,
    # Issue 22: the fact-check library.
    "factcheck_import": goal_factcheck_import,
    "factcheck_size": goal_factcheck_size,
    "factcheck_match": goal_factcheck_match,
    # Issue 21: quote verification.
    "verify": goal_verify,
    # Issue 23: encrypted projects.
    "open_encrypted": goal_open_encrypted,
    "search_encrypted": goal_search_encrypted,
    # Issue 26: 100,000 claims and huge pages (benchmarks/scale.py).
    **scale.GOALS,
}


# -- output --------------------------------------------------------------------------------------------


def machine() -> dict[str, object]:
    """What the figures were measured on."""
    cpu = platform.processor() or platform.machine()
    ram_gb = None
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), cpu)
        with open("/proc/meminfo", encoding="ascii") as f:
            kb = next(int(line.split()[1]) for line in f if line.startswith("MemTotal"))
            ram_gb = round(kb / 1024 / 1024, 1)
    except (OSError, StopIteration):
        pass
    import PySide6
    from PySide6.QtCore import qVersion

    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gb": ram_gb, "os": platform.platform(),
            "python": platform.python_version(), "pyside6": PySide6.__version__, "qt": qVersion(),
            "sqlite": sqlite3.sqlite_version, "load_avg": [round(x, 2) for x in os.getloadavg()]}


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "s":
        return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
    return f"{value:.0f} {unit}"


def format_line(r: Result) -> str:
    ratio = "–" if r.ratio is None else f"{r.ratio:.2f}x"
    return (f"{r.name:<16} {_fmt(r.ours, r.unit):>9} {_fmt(r.floor, r.unit):>9} {ratio:>7}  {r.goal:<26} "
            f"{'PASS' if r.passed else 'FAIL'}  {r.work}")


HEADER = f"{'goal':<16} {'ours':>9} {'floor':>9} {'ratio':>7}  {'target':<26} {'':4}  work"


def select_goals(only: list[str] | None) -> list[str]:
    if not only:
        return list(GOALS)
    # A goal's whole name picks that goal alone ("search", not "search_encrypted" too); else a prefix.
    wanted = [o.lower() for o in only]
    chosen = [g for g in GOALS if any(g == o or (o not in GOALS and g.startswith(o)) for o in wanted)]
    if not chosen:
        raise SystemExit(f"no goal named {', '.join(only)}; goals: {', '.join(GOALS)}")
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print one JSON document instead of lines")
    parser.add_argument("--only", action="append", metavar="NAME", help=f"run only this goal ({', '.join(GOALS)})")
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED, help="generator seed")
    parser.add_argument("--rebuild", action="store_true", help="generate the projects again even if cached")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (noisier), for development")
    parser.add_argument("--tiny", action="store_true", help="tiny projects, one repetition: plumbing only")
    args = parser.parse_args(argv)
    names = select_goals(args.only)
    say = (lambda _m: None) if args.json else print
    settings = Settings(seed=args.seed, quick=args.quick, tiny=args.tiny, rebuild=args.rebuild,
                        log=lambda m: print(m, file=sys.stderr))
    info = machine()
    say(f"machine: {info['cpu']}, {info['cores']} cores, {info['ram_gb']} GB RAM; Python {info['python']}, "
        f"PySide6 {info['pyside6']} (Qt {info['qt']}), SQLite {info['sqlite']}; load {info['load_avg']}")
    say(f"seed {args.seed}{', quick' if args.quick else ''}{', TINY (plumbing only)' if args.tiny else ''}")
    say(HEADER)
    results = []
    for name in names:
        try:
            r = GOALS[name](settings)
        except Exception as exc:  # one broken goal must not hide the others' figures
            r = Result(name, f"ERROR: {exc}", float("nan"), None, "s", "", False)
        results.append(r)
        say(format_line(r))
    if args.json:
        print(json.dumps({"machine": info, "seed": args.seed, "quick": args.quick, "tiny": args.tiny,
                          "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                          "results": [{**asdict(r), "ratio": r.ratio} for r in results]}, indent=1))
    return 0 if all(r.passed for r in results) else 1
