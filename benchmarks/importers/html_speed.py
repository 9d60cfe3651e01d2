"""Speed of the HTML importer against a floor measured in the same run: bare ``trafilatura.extract``.

Imports 200 pages (the evaluation set, repeated) both ways, interleaved so that machine load hits
both alike, and prints the ratio ours / bare. The goal is a ratio of at most 1.3: metadata, boilerplate
pruning and paragraph handling together may cost at most 30% on top of trafilatura's own extraction.

Run: ``.venv/bin/python benchmarks/importers/html_speed.py [N]``
"""

from __future__ import annotations

import sys
import time
from itertools import cycle, islice
from pathlib import Path

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from workbench.importers.html import html_article

PAGES = Path(__file__).resolve().parent / "pages"


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    pages = [(p.name, p.read_bytes()) for p in sorted(PAGES.glob("*.html"))]
    if not pages:
        sys.exit("no pages: run benchmarks/importers/make_pages.py first")
    work = list(islice(cycle(pages), n))
    # warm-up: imports, regex compilation, trafilatura's caches
    for name, data in pages[:5]:
        trafilatura.extract(data)
        html_article(data, name)
    bare = ours = 0.0
    for name, data in work:
        t0 = time.perf_counter()
        trafilatura.extract(data)
        t1 = time.perf_counter()
        html_article(data, name)
        t2 = time.perf_counter()
        bare += t1 - t0
        ours += t2 - t1
    print(
        f"{n} pages: bare trafilatura.extract {bare:.2f} s ({1000 * bare / n:.1f} ms/page), "
        f"ours {ours:.2f} s ({1000 * ours / n:.1f} ms/page)"
    )
    print(f"ratio ours/bare: {ours / bare:.2f}  (goal <= 1.30)")


if __name__ == "__main__":
    main()
