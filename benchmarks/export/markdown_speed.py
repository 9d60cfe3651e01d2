"""Markdown report speed: 20,000 claims in 200 articles, with tags, notes, overlapping claims and 500
sources cited by half of the claims.

Prints the time of ``export_markdown`` (reading everything from the project file and writing the
report) next to two floors measured in the same run on the same file: reading the same claims with the
store's own query and joining their quotes (what any report must at least do), and a bare string join
of the quotes. Goal: under 2 seconds. Also prints, for scale, the HTML, CSV and ClaimReview exports.

Run: .venv/bin/python benchmarks/export/markdown_speed.py [--claims N] [--articles N]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from workbench.core.anchor import make_anchor
from workbench.export import ExportOptions, export
from workbench.export.markdown_report import export_markdown, render_markdown
from workbench.export.selection import select
from workbench.export.template import load_template
from workbench.store import Project
from workbench.store.queries import list_claims
from workbench.store.schema import STATUSES

PROSE = ("the minister said unemployment has fallen while critics called figures misleading and demanded "
         "an audit of forecasts before vote budget deficit growth *rate* [revised] 3.5% taxes | hospital "
         "waiting lists schools police Zürich São Paulo Łódź")
WORDS = PROSE.split(" ")
SPEAKERS = ("Jane Doe", "John Roe", "the Ministry of Finance", "Kim Yong-hyun", "Mark Rutte", "an adviser")
VERDICTS = ("True", "Mostly true", "Half true", "Mostly false", "False", "Unverifiable", "")


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def make_project(path: Path, articles: int, claims: int, sources: int, rng: random.Random) -> Project:
    project = Project.create(path, title="Benchmark: budget season", author="Bench")
    per_article = claims // articles
    with project.transaction("Benchmark data") as tx:
        tag_ids = [tx.insert("tags", {"name": name, "color": "#ffd54f"})["id"]
                   for name in ("Economy", "Health", "Crime")]
        source_ids = [tx.insert("sources", {"title": f"Report {i}: {sentence(rng, 6)}",
                                            "url": f"https://stats.example.org/report/{i}?year=2024",
                                            "publisher": "Statistics Office", "accessed": "2024-10-21"})["id"]
                      for i in range(sources)]
        for a in range(articles):
            paragraphs, spans, size = [], [], 0
            for _ in range(per_article):
                before, quote, after = sentence(rng, 12) + ", she said, “", sentence(rng, 10), "” and added more."
                start = size + len(before)
                spans.append((start, start + len(quote)))
                para = before + quote + after
                paragraphs.append(para)
                size += len(para) + 2
            text = "\n\n".join(paragraphs)
            article_id = tx.insert("articles", {
                "title": f"Article {a}: {sentence(rng, 7)}", "outlet": "The Daily Example",
                "published": "2024-10-20", "url": f"https://news.example.com/{a}",
                "text_sha256": f"{a:064x}", "text": text,
            })["id"]
            for i, (start, end) in enumerate(spans):
                if i % 20 == 19:  # every twentieth claim overlaps the one before it
                    start = spans[i - 1][1] - 5
                anchor = make_anchor(text, start, end)
                claim_id = tx.insert("claims", {
                    "article_id": article_id, "start": anchor.start, "end": anchor.end, "exact": anchor.exact,
                    "prefix": anchor.prefix, "suffix": anchor.suffix, "speaker": rng.choice(SPEAKERS),
                    "status": rng.choice(STATUSES), "verdict": rng.choice(VERDICTS),
                    "note": sentence(rng, 15) if rng.random() < 0.5 else "",
                    "private_note": sentence(rng, 8) if rng.random() < 0.2 else "",
                })["id"]
                if rng.random() < 0.6:
                    tx.insert("claim_tags", {"claim_id": claim_id, "tag_id": rng.choice(tag_ids)})
                if rng.random() < 0.5:
                    tx.insert("claim_sources", {"claim_id": claim_id, "source_id": rng.choice(source_ids),
                                                "relation": rng.choice(("supports", "refutes", "context")),
                                                "excerpt": sentence(rng, 8), "locator": "p. 4"})
    return project


def timed(fn: Callable[[], object], runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=20_000)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--sources", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        project = make_project(Path(tmp) / "bench.fcproj", args.articles, args.claims, args.sources, rng)
        print(f"made {args.claims:,} claims in {args.articles} articles in {time.perf_counter() - t:.1f} s")
        with project:
            options = ExportOptions(private_notes=True)
            report_s, report = timed(lambda: export_markdown(project, options), args.runs)
            select_s, selection = timed(lambda: select(project, options), args.runs)
            template = load_template()
            render_s, _ = timed(lambda: render_markdown(selection, options, template), args.runs)
            read_floor_s, _ = timed(lambda: "\n".join(c.exact for c in list_claims(project)), args.runs)
            quotes = [c.exact for c in selection.claims()]
            join_floor_s, _ = timed(lambda: "\n".join(quotes), args.runs)
            print(f"markdown report: {report_s:.3f} s for {len(report):,} characters "
                  f"(reading {select_s:.3f} s + writing {render_s:.3f} s)  goal < 2 s: "
                  f"{'met' if report_s < 2 else 'MISSED'}")
            print(f"floor 1, list_claims + join quotes: {read_floor_s:.3f} s   ratio {report_s / read_floor_s:.2f}x")
            print(f"floor 2, bare join of the quotes:   {join_floor_s * 1000:.2f} ms  "
                  f"ratio {report_s / join_floor_s:,.0f}x")
            excerpts_s, _ = timed(lambda: export_markdown(project, ExportOptions(full_text=False)), 1)
            print(f"for scale, markdown with excerpts only: {excerpts_s:.2f} s")
            for fmt in ("html", "csv", "claimreview"):
                seconds, text = timed(lambda f=fmt: export(project, f, options), 1)
                print(f"for scale, {fmt}: {seconds:.2f} s ({len(text):,} characters)")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
