"""Speed of ``suggest_quotes`` on a 100,000-character article, as a ratio to a floor.

The article is the labelled corpus concatenated (real quotation density, every style) and cut to
100,000 characters. The floor is one ``re.finditer`` pass over the same text that touches every
word, measured in the same run, so the ratio is comparable across machines. The budget is 200 ms
absolute for 100k characters.

Usage: python benchmarks/detect/speed.py [--chars N] [--repeat R]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from workbench.detect import suggest_quotes

CORPUS = Path(__file__).resolve().parent / "corpus"
BUDGET_MS = 200.0


def make_article(chars: int) -> str:
    parts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    base = "\n\n".join(parts)
    text = base
    while len(text) < chars:
        text += "\n\n" + base
    return text[:chars]


def best_of(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chars", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    text = make_article(args.chars)
    word_re = re.compile(r"\w+")
    floor = best_of(lambda: sum(1 for _ in word_re.finditer(text)), args.repeat)
    found: list = []
    detect = best_of(lambda: found.append(suggest_quotes(text)), args.repeat)
    n = len(found[-1])
    print(f"text {len(text):,} chars, {n} suggestions")
    print(f"floor (one re.finditer word pass): {floor * 1000:.1f} ms")
    print(f"suggest_quotes: {detect * 1000:.1f} ms  = {detect / floor:.1f} x floor")
    verdict = "OK" if detect * 1000 <= BUDGET_MS * args.chars / 100_000 else "OVER BUDGET"
    print(f"budget {BUDGET_MS:.0f} ms per 100k chars: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
