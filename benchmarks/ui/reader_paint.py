"""Reader speed: load + first paint of a 300,000-character article with 2,000 highlights.

Prints the time of our ArticleReader (text, highlights as character formats, overlap segments) next to a
plain QPlainTextEdit showing the same text with no highlights (the floor, measured in the same run), and
the ratio. Also times re-highlighting after one edit (what every claim change costs) and a scroll through
the whole article. Run: QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/ui/reader_paint.py
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QPlainTextEdit

from workbench.core.model import Claim, Tag
from workbench.ui.reader import ArticleReader

CHARS, HIGHLIGHTS, RUNS = 300_000, 2_000, 5


def make_article(rng: random.Random) -> tuple[str, list[Claim]]:
    prose = ("the minister said that unemployment has fallen while critics called the figures misleading "
             "and demanded an audit of “the forecasts” before the vote")
    words = prose.split()
    paragraphs, size = [], 0
    while size < CHARS:
        para = " ".join(rng.choice(words) for _ in range(rng.randint(40, 120))).capitalize() + "."
        paragraphs.append(para)
        size += len(para) + 2
    text = "\n\n".join(paragraphs)[:CHARS]
    tags = [Tag(f"t{i}", f"Tag {i}", color) for i, color in enumerate(("#ffd54f", "#81d4fa", "#a5d6a7"))]
    claims = []
    for i in range(HIGHLIGHTS):
        start = rng.randrange(0, len(text) - 200)
        end = start + rng.randint(10, 150)  # random spans: many overlap, as in a busy article
        claims.append(Claim(f"c{i}", "a", start, end, text[start:end], tags=[tags[i % 3]] if i % 4 else []))
    return text, claims


def paint(widget) -> None:
    widget.show()
    widget.viewport().repaint()  # a synchronous paint of what is on screen
    QApplication.processEvents()


def time_plain(text: str) -> float:
    edit = QPlainTextEdit()
    edit.resize(900, 700)
    t = time.perf_counter()
    edit.setPlainText(text)
    paint(edit)
    elapsed = time.perf_counter() - t
    edit.close()
    edit.deleteLater()
    return elapsed


def time_reader(text: str, claims: list[Claim]) -> tuple[float, float, float]:
    reader = ArticleReader()
    reader.resize(900, 700)
    t = time.perf_counter()
    reader.show_article("a", text, claims)
    paint(reader)
    load = time.perf_counter() - t
    t = time.perf_counter()
    reader.set_claims(claims[:-1])  # one claim deleted: every highlight is redrawn
    paint(reader)
    rehighlight = time.perf_counter() - t
    bar = reader.verticalScrollBar()
    t = time.perf_counter()
    for value in range(0, bar.maximum(), max(1, bar.maximum() // 50)):
        bar.setValue(value)
        reader.viewport().repaint()
    scroll = (time.perf_counter() - t) / 50
    reader.close()
    reader.deleteLater()
    return load, rehighlight, scroll


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    text, claims = make_article(random.Random(7))
    time_plain(text)  # warm-up: fonts, glyph caches
    plain = statistics.median(time_plain(text) for _ in range(RUNS))
    results = [time_reader(text, claims) for _ in range(RUNS)]
    load = statistics.median(r[0] for r in results)
    rehighlight = statistics.median(r[1] for r in results)
    scroll = statistics.median(r[2] for r in results)
    print(f"article: {len(text):,} characters, {len(claims):,} highlights (overlapping)")
    print(f"plain QPlainTextEdit load + first paint: {plain * 1000:8.1f} ms  (floor)")
    print(f"ArticleReader load + first paint:        {load * 1000:8.1f} ms  ratio {load / plain:5.2f}x")
    print(f"re-highlight after one change:           {rehighlight * 1000:8.1f} ms  ratio {rehighlight / plain:5.2f}x")
    print(f"one scroll step + repaint:               {scroll * 1000:8.1f} ms")
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
