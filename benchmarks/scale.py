"""Issue 26's scale lines: a project of 100,000 claims (``generate`` preset ``scale``) exported in each
format, merged back from a shared copy and opened in the window, and a huge single web page imported; each
command run as the real ``workbench`` in its own process, timed, with its peak memory (``ru_maxrss``).

Goals (issue 26 item 11): every export of 100,000 claims under 10 s and 500 MB, a merge under 500 MB, the
window's first paint under 1 s; the import of a huge page linear in its size. Floors, measured in the same
run: reading the same claims straight from SQLite and writing them out as JSON lines (the least an export
does), and for the page import, the same page at half the size (linear work: 2x).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from benchmarks.run import Result, Settings

ROOT = Path(__file__).resolve().parents[1]
_MEASURE = """
import resource, subprocess, sys, time
t = time.perf_counter()
done = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=float(sys.argv[1]))
took = time.perf_counter() - t
if done.returncode:
    sys.exit(f"exit {done.returncode}: {done.stderr.decode(errors='replace')[-500:]}")
print(took, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
"""
_FLOOR = """
import json, sqlite3, sys
conn = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for row in conn.execute("SELECT * FROM claims ORDER BY article_id, start"):
        out.write(json.dumps(row, ensure_ascii=False) + "\\n")
"""


def measure(command: list[str], timeout: float) -> tuple[float, float] | None:
    """(seconds, peak MB) of ``command`` in a process of its own; None if it ran past ``timeout``."""
    try:
        out = subprocess.run([sys.executable, "-c", _MEASURE, str(timeout), *command], capture_output=True,
                             text=True, timeout=timeout + 30, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return None
    if out.returncode:
        if "TimeoutExpired" in out.stderr:
            return None
        raise RuntimeError(f"{command[2:4]} failed: {out.stderr.strip()[-800:]}")
    took, peak = out.stdout.split()
    return float(took), float(peak)


def _workbench(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "workbench", *map(str, args)]


def _export_goal(fmt: str) -> Callable[[Settings], Result]:
    def goal(s: Settings) -> Result:
        from benchmarks.run import Result

        project = s.project("scale")
        limit = 10 if s.tiny else 120
        with tempfile.TemporaryDirectory(prefix="wb-bench-scale-") as tmp:
            floor = measure([sys.executable, "-c", _FLOOR, str(project), f"{tmp}/floor.jsonl"], limit)
            ours = measure(_workbench("export", project, "--format", fmt, "-o", f"{tmp}/out"), limit)
        assert floor is not None
        if ours is None:
            return Result(f"export_100k_{fmt}", f"export of the 100,000-claim project as {fmt}", limit, floor[0],
                          "s", "< 10 s and < 500 MB", False, {"timed_out_after_s": limit, "floor_peak_mb": floor[1]})
        return Result(f"export_100k_{fmt}", f"export of the 100,000-claim project as {fmt} (peak {ours[1]:.0f} MB)",
                      ours[0], floor[0], "s", "< 10 s and < 500 MB", ours[0] < 10 and ours[1] < 500,
                      {"peak_mb": ours[1], "floor_is": "the claims read from SQLite and written as JSON lines",
                       "floor_peak_mb": floor[1]})

    return goal


def goal_claims_json_100k(s: Settings) -> Result:
    """``workbench claims --json`` of the 100,000-claim project (its output is read, then dropped)."""
    from benchmarks.run import Result

    project = s.project("scale")
    limit = 10 if s.tiny else 120
    with tempfile.TemporaryDirectory(prefix="wb-bench-scale-") as tmp:
        floor = measure([sys.executable, "-c", _FLOOR, str(project), f"{tmp}/floor.jsonl"], limit)
        ours = measure(_workbench("claims", project, "--json"), limit)
    assert floor is not None
    if ours is None:
        return Result("claims_json_100k", "workbench claims --json of the 100,000-claim project", limit, floor[0],
                      "s", "< 10 s and < 500 MB", False, {"timed_out_after_s": limit, "floor_peak_mb": floor[1]})
    return Result("claims_json_100k", f"workbench claims --json of the 100,000-claim project (peak {ours[1]:.0f} MB)",
                  ours[0], floor[0], "s", "< 10 s and < 500 MB", ours[0] < 10 and ours[1] < 500,
                  {"peak_mb": ours[1], "floor_is": "the claims read from SQLite and written as JSON lines",
                   "floor_peak_mb": floor[1]})


def goal_open_100k(s: Settings) -> Result:
    """The window opening the 100,000-claim project to its first paint (the ``open`` probe of ``run.py``)."""
    import statistics

    from benchmarks.run import Result, open_runs

    outs = open_runs(s, "scale")
    o = statistics.median(x["open_s"] for x in outs)
    return Result("open_100k", "open the 100,000-claim project in the window to first paint", o, None, "s",
                  "< 1 s", o < 1.0,
                  {"runs": len(outs), "all": [x["open_s"] for x in outs],
                   "claims_table_filled_s": statistics.median(x["table_filled_s"] for x in outs),
                   "peak_rss_mb": statistics.median(x["peak_rss_mb"] for x in outs)})


def goal_merge_100k(s: Settings) -> Result:
    """A shared copy of the 100,000-claim project merged back into a copy of it."""
    from benchmarks.run import Result

    project = s.project("scale")
    with tempfile.TemporaryDirectory(prefix="wb-bench-merge-") as tmp:
        mine, theirs = Path(tmp) / "mine.fcproj", Path(tmp) / "theirs.fcproj"
        mine.write_bytes(project.read_bytes())
        subprocess.run(_workbench("share", mine, theirs), check=True, capture_output=True, cwd=ROOT)
        floor = measure([sys.executable, "-c", _FLOOR, str(theirs), f"{tmp}/floor.jsonl"], 120)
        ours = measure(_workbench("merge", mine, theirs), 600)
    assert floor is not None and ours is not None
    return Result("merge_100k", f"merge a shared copy of the 100,000-claim project back (peak {ours[1]:.0f} MB)",
                  ours[0], floor[0], "s", "< 500 MB", ours[1] < 500,
                  {"peak_mb": ours[1], "floor_is": "the other copy's claims read from SQLite",
                   "floor_peak_mb": floor[1]})


def _page(paragraphs: int) -> bytes:
    """A single huge page: the sample wire story's paragraphs over and over (real sentences)."""
    from workbench.core.paths import resource_path
    from workbench.ops.sample import SAMPLE_ARTICLE

    text = resource_path(SAMPLE_ARTICLE).read_text(encoding="utf-8")
    story = [p.strip() for p in text.split("\n\n") if p.strip()]
    body = "".join(f"<p>{story[i % len(story)]}</p>\n" for i in range(paragraphs))
    return f"<html><head><title>Live blog</title></head><body><article>{body}</article></body></html>".encode()


def goal_import_huge_html(s: Settings) -> Result:
    """One huge page imported; the floor is the same page at half the size (linear work: 2x)."""
    from benchmarks.run import Result

    # Under the 5,000,000-character limit of an article (the sample's paragraphs are ~430 characters).
    n = 1_000 if s.tiny else 10_000
    with tempfile.TemporaryDirectory(prefix="wb-bench-page-") as tmp:
        times = {}
        for size in (n // 2, n):
            page = Path(tmp) / f"page-{size}.html"
            page.write_bytes(_page(size))
            project = Path(tmp) / f"p{size}.fcproj"
            subprocess.run(_workbench("new", project), check=True, capture_output=True, cwd=ROOT)
            took = measure(_workbench("import", project, page), 600)
            assert took is not None
            times[size] = took
    (half_s, _), (full_s, peak) = times[n // 2], times[n]
    mb = len(_page(n)) / 2**20
    return Result("import_huge_html", f"import one {mb:.0f} MB page of {n:,} paragraphs (peak {peak:.0f} MB)",
                  full_s, half_s, "s", "<= 2.5x the half-size page (linear)", full_s / half_s <= 2.5,
                  {"peak_mb": peak, "floor_is": f"the same page with {n // 2:,} paragraphs"})


GOALS: dict[str, Callable[[Settings], Result]] = {
    "export_100k_annotations": _export_goal("annotations"),
    "export_100k_json": _export_goal("json"),
    "export_100k_csv": _export_goal("csv"),
    "export_100k_markdown": _export_goal("markdown"),
    "export_100k_html": _export_goal("html"),
    "claims_json_100k": goal_claims_json_100k,
    "merge_100k": goal_merge_100k,
    "open_100k": goal_open_100k,
    "import_huge_html": goal_import_huge_html,
}
