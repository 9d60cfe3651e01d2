"""How big, deep and attribute-heavy real pages are: the figures the HTML importer's hostile-input limits are set from.

For every page of the real development sets (``realsets.py``) it measures what the limits in
``workbench/importers/html.py`` count — attributes of the largest tag outside scripts, styles and comments, the
attributes of all long tags together — and the page's size and element depth, then prints the maximum and the
99th percentile per set beside the limits, so a limit can be set well above real pages and still below what hurts.

Run::

    nice .venv/bin/python -m benchmarks.importers.page_limits [--sets readability,dragnet]
"""

from __future__ import annotations

import argparse
import sys

from lxml import etree

from benchmarks.importers import realsets
from workbench.core.errors import ImportFailed
from workbench.importers import html as importer
from workbench.importers import html_limits
from workbench.importers.base import MAX_FILE_BYTES


def _depth(data: bytes) -> int:
    tree = importer.parse_html(data, "page.html") if data.strip() else None
    if tree is None:
        return 0
    deepest = 0
    for element in tree.iter():
        depth = sum(1 for _ in element.iterancestors())
        deepest = max(deepest, depth)
    return deepest


def _quantile(values: list[int], q: float) -> int:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", default=",".join(s for s in realsets.SETS))
    args = parser.parse_args(argv)
    print(f"limits: {html_limits.MAX_ATTRIBUTES} attributes per tag, {html_limits.MAX_ATTRIBUTE_WORK:,} as the sum of "
          f"squares of long tags of a page; file size {MAX_FILE_BYTES / 1e6:.0f} MB")
    header = ("set", "pages", "max attrs/tag", "p99", "max sum squares", "max MB", "p99 MB", "max depth", "p99")
    print("  ".join(f"{h:>12}" for h in header))
    for set_name in [s for s in args.sets.split(",") if s]:
        per_tag, total, size, depth = [], [], [], []
        for page in realsets.load(set_name):
            most, _ = html_limits.attribute_counts(page.html, all_tags=True)
            _, together = html_limits.attribute_counts(page.html)
            per_tag.append(most)
            total.append(together)
            size.append(len(page.html))
            try:
                depth.append(_depth(page.html))
            except (ImportFailed, etree.ParserError):
                depth.append(0)
        row = (set_name, len(size), max(per_tag), _quantile(per_tag, 0.99), max(total),
               f"{max(size) / 1e6:.2f}", f"{_quantile(size, 0.99) / 1e6:.2f}", max(depth), _quantile(depth, 0.99))
        print("  ".join(f"{v:>12}" for v in row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
