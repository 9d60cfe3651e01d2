"""Word-level F1 of HTML main-text extraction: our importer vs. trafilatura's defaults.

For every ``pages/*.html`` with a gold ``.txt`` beside it, both extractors' text is compared with
the gold as bags of words (lower-cased ``\\w+`` tokens, counted with multiplicity):
precision = shared / extracted, recall = shared / gold, F1 their harmonic mean.
Pages are split into dev (``d*``, used for tuning) and held-out (``h*``); means are printed for each.

Run: ``.venv/bin/python benchmarks/importers/html_f1.py [-v]`` (``-v`` prints what each page got wrong).
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path
from statistics import mean

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from workbench.core.errors import ImportFailed
from workbench.importers.html import html_article

PAGES = Path(__file__).resolve().parent / "pages"
_TOKEN = re.compile(r"\w+")


def tokens(text: str) -> Counter[str]:
    return Counter(_TOKEN.findall(text.lower()))


def prf(predicted: str, gold: str) -> tuple[float, float, float]:
    p, g = tokens(predicted), tokens(gold)
    shared = sum((p & g).values())
    precision = shared / max(1, sum(p.values()))
    recall = shared / max(1, sum(g.values()))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def ours(data: bytes, name: str) -> str:
    try:
        return html_article(data, name).text
    except ImportFailed:
        return ""


def default(data: bytes, name: str) -> str:
    return trafilatura.extract(data) or ""


def main() -> None:
    verbose = "-v" in sys.argv
    pages = sorted(PAGES.glob("*.html"))
    if not pages:
        sys.exit("no pages: run benchmarks/importers/make_pages.py first")
    rows: dict[str, list[tuple[float, float]]] = {"d": [], "h": []}
    print(f"{'page':44} {'default F1':>10} {'ours P':>7} {'ours R':>7} {'ours F1':>8}")
    for page in pages:
        gold = page.with_suffix(".txt").read_text(encoding="utf-8")
        data = page.read_bytes()
        d_f1 = prf(default(data, page.name), gold)[2]
        text = ours(data, page.name)
        p, r, f1 = prf(text, gold)
        rows[page.name[0]].append((d_f1, f1))
        print(f"{page.stem[:44]:44} {d_f1:10.3f} {p:7.3f} {r:7.3f} {f1:8.3f}")
        if verbose and f1 < 0.999:
            extra = tokens(text) - tokens(gold)
            missing = tokens(gold) - tokens(text)
            print("    extra:  ", " ".join(sorted(extra.elements()))[:300])
            print("    missing:", " ".join(sorted(missing.elements()))[:300])
    for split, label in (("d", "dev"), ("h", "held-out")):
        if rows[split]:
            d_mean, o_mean = mean(x for x, _ in rows[split]), mean(y for _, y in rows[split])
            print(f"mean F1 {label:9} ({len(rows[split]):2} pages): default {d_mean:.3f}  ours {o_mean:.3f}")
    allrows = rows["d"] + rows["h"]
    print(
        f"mean F1 all       ({len(allrows):2} pages): default {mean(x for x, _ in allrows):.3f}"
        f"  ours {mean(y for _, y in allrows):.3f}"
    )


if __name__ == "__main__":
    main()
