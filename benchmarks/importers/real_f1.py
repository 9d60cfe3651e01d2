"""Word-level F1 of HTML main-text extraction on real pages: our importer, trafilatura's defaults and
readability-lxml, all measured in the same run.

Sets and gold: see ``realsets.py`` (public sets read from git mirrors, never copied into the repo).

Score: each text and its gold become a bag of words — lower-cased Unicode ``\\w+`` tokens (so "U.S." is
"u" "s", "don't" is "don" "t"), counted with multiplicity; precision = shared / extracted,
recall = shared / gold, F1 their harmonic mean, per page; a set's figure is the mean over its pages
(macro). A refused page scores 0. Trafilatura's own evaluation set has no full gold text, only snippets
that must and must not appear: there the score is its own (whitespace-normalised substring matches,
counted over the whole set, as ``tests/eval_common.py`` there does).

Run (``nice``: it takes a while on a shared machine)::

    .venv/bin/pip install -e ".[test]"   # readability-lxml is an app dependency (the importer uses it)
    nice .venv/bin/python -m benchmarks.importers.real_f1 [--sets readability,l3s-gn1] [--split dev]
        [--worst 25] [--jobs 2] [--fresh] [--markdown] [-v]

The baselines' outputs are cached per page and library version in ``$WORKBENCH_BENCH_CACHE`` (default
``$TMPDIR/workbench-benchmarks/extract``) so a tuning run re-extracts only with our importer;
``--fresh`` measures all three again in this run (as for the figures in BENCHMARKS.md).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from importlib.metadata import version
from pathlib import Path
from statistics import mean

from benchmarks.importers import realsets
from benchmarks.importers.html_f1 import prf, tokens

EXTRACTORS = ("ours", "trafilatura", "readability")


def _norm(text: str) -> str:
    return " ".join(text.split())


def snippet_counts(page: realsets.Page, text: str) -> tuple[int, int, int, int]:
    """(tp, fp, fn, tn) of trafilatura's snippet evaluation for one page."""
    resn = _norm(text)
    tp = sum(1 for w in page.with_ if _norm(w) in resn)
    fp = sum(1 for w in page.without if _norm(w) in resn)
    return tp, fp, len(page.with_) - tp, len(page.without) - fp


# --- the three extractors -------------------------------------------------------------------------------


def run_ours(data: bytes) -> tuple[str, str]:
    from workbench.core.errors import ImportFailed
    from workbench.importers.html import html_article

    try:
        return html_article(data, "page.html").text, ""
    except ImportFailed as exc:
        return "", str(exc)
    except Exception as exc:  # a crash is a bug of ours: score it as a refusal and say so
        return "", f"page.html: CRASH {type(exc).__name__}: {exc}"


def run_trafilatura(data: bytes) -> tuple[str, str]:
    import trafilatura

    try:
        return trafilatura.extract(data) or "", ""
    except Exception as exc:  # a baseline's crash is a miss, as in trafilatura's own evaluation
        return "", f"{type(exc).__name__}: {exc}"


def run_readability(data: bytes) -> tuple[str, str]:
    try:
        from lxml import html as lxml_html
        from readability import Document
    except ImportError:
        return "", "readability-lxml is not installed (pip install -e .)"
    try:
        summary = Document(data).summary(html_partial=True)
        return realsets.element_text(lxml_html.fromstring(summary)), ""
    except Exception as exc:
        return "", f"{type(exc).__name__}: {exc}"


RUNNERS: dict[str, Callable[[bytes], tuple[str, str]]] = {
    "ours": run_ours,
    "trafilatura": run_trafilatura,
    "readability": run_readability,
}


def _versions() -> dict[str, str]:
    def v(name: str) -> str:
        try:
            return version(name)
        except Exception:
            return "missing"

    return {"trafilatura": v("trafilatura"), "readability": v("readability-lxml")}


def _cache_dir() -> Path:
    base = os.environ.get("WORKBENCH_BENCH_CACHE") or os.path.join(tempfile.gettempdir(), "workbench-benchmarks")
    path = Path(base) / "extract"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _extract(job: tuple[str, str, bytes, tuple[str, ...], bool]) -> dict[str, tuple[str, str, float]]:
    """Run the wanted extractors on one page (in a worker process); baselines from the cache if allowed."""
    _set, _name, data, wanted, fresh = job
    versions = _versions()
    digest = hashlib.sha1(data).hexdigest()
    out: dict[str, tuple[str, str, float]] = {}
    for extractor in wanted:
        cache = None
        if extractor != "ours":
            cache = _cache_dir() / f"{extractor}-{versions[extractor]}-{digest}.json"
            if not fresh and cache.exists():
                out[extractor] = tuple(json.loads(cache.read_text(encoding="utf-8")))  # type: ignore[assignment]
                continue
        start = time.perf_counter()
        text, error = RUNNERS[extractor](data)
        result = (text, error, time.perf_counter() - start)
        if cache is not None and "not installed" not in error:
            cache.write_text(json.dumps(result), encoding="utf-8")
        out[extractor] = result
    return out


# --- reporting ------------------------------------------------------------------------------------------


def _what_went_wrong(page: realsets.Page, text: str, error: str, p: float, r: float) -> str:
    if error:
        return "refused: " + error.split(": ", 1)[-1][:90]
    got, gold = tokens(text), tokens(page.gold)
    missing, extra = gold - got, got - gold
    parts = []
    if r < 0.95:
        top = " ".join(w for w, _ in missing.most_common(6))
        parts.append(f"missed {sum(missing.values())} of {sum(gold.values())} words ({top})")
    if p < 0.95:
        top = " ".join(w for w, _ in extra.most_common(6))
        parts.append(f"{sum(extra.values())} extra words ({top})")
    return "; ".join(parts) or "small differences"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", default=",".join(realsets.SETS), help="comma-separated (default: all)")
    parser.add_argument("--split", choices=("dev", "held-out", "all"), default="all")
    parser.add_argument("--extractors", default=",".join(EXTRACTORS))
    parser.add_argument("--worst", type=int, default=20, help="rows in the worst-pages table")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--fresh", action="store_true", help="run the baselines again instead of using the cache")
    parser.add_argument("--markdown", action="store_true", help="tables as Markdown (for BENCHMARKS.md)")
    parser.add_argument("--limit", type=int, default=0, help="at most this many pages per set (quick checks)")
    parser.add_argument("--page", default="", help="only pages whose name contains this")
    parser.add_argument("-v", "--verbose", action="store_true", help="one line per page")
    args = parser.parse_args(argv)
    wanted = tuple(e for e in args.extractors.split(",") if e)
    started = time.time()

    rows: list[dict] = []  # one per page and split
    snippet: dict[tuple[str, str], list[int]] = {}
    for set_name in [s for s in args.sets.split(",") if s]:
        pages = [
            p for p in realsets.load(set_name)
            if (args.split == "all" or (args.split == "held-out") == p.held_out) and args.page in p.name
        ]
        if args.limit:
            pages = pages[: args.limit]
        jobs = [(p.set, p.name, p.html, wanted, args.fresh) for p in pages]
        if args.jobs > 1:
            with ProcessPoolExecutor(args.jobs) as pool:
                results = list(pool.map(_extract, jobs, chunksize=4))
        else:
            results = [_extract(job) for job in jobs]
        for page, result in zip(pages, results, strict=True):
            split = "held-out" if page.held_out else "dev"
            row: dict = {"set": set_name, "page": page.name, "split": split}
            for extractor, (text, error, seconds) in result.items():
                row[f"{extractor}_s"] = seconds
                row[f"{extractor}_error"] = error
                if set_name == "trafilatura":
                    counts = snippet_counts(page, text)
                    acc = snippet.setdefault((f"{set_name}/{split}", extractor), [0, 0, 0, 0])
                    for i, c in enumerate(counts):
                        acc[i] += c
                    tp, fp, fn, _ = counts
                    row[extractor] = (tp / max(1, tp + fp), tp / max(1, tp + fn),
                                      2 * tp / max(1, 2 * tp + fp + fn))
                else:
                    row[extractor] = prf(text, page.gold)
                if extractor == "ours":
                    row["wrong"] = (
                        _what_went_wrong(page, text, error, *row["ours"][:2]) if set_name != "trafilatura"
                        else ("refused: " + error[:90] if error else "snippets")
                    )
            rows.append(row)
            if args.verbose:
                figures = "  ".join(f"{e} {row[e][2]:.3f}" for e in wanted)
                print(f"{set_name:12} {split:8} {page.name[:40]:40} {figures}  {row.get('wrong', '')[:80]}")

    _print_summary(rows, snippet, wanted, args)
    minutes = (time.time() - started) / 60
    print(f"\n{len(rows)} pages in {minutes:.1f} min; trafilatura {_versions()['trafilatura']}, "
          f"readability-lxml {_versions()['readability']}"
          + ("" if args.fresh else " (baselines from the cache where present; --fresh to re-run them)"))
    return 0


def _table(header: list[str], lines: list[list[str]], markdown: bool) -> None:
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "|".join("---" for _ in header) + "|")
        for line in lines:
            print("| " + " | ".join(line) + " |")
    else:
        widths = [max(len(h), *(len(line[i]) for line in lines)) if lines else len(h) for i, h in enumerate(header)]
        print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
        for line in lines:
            print("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)))


def _print_summary(rows: list[dict], snippet: dict, wanted: tuple[str, ...], args: argparse.Namespace) -> None:
    print()
    header = ["set", "split", "pages", *[f"{e} F1" for e in wanted], "ours P", "ours R", "ours refused"]
    lines = []
    groups: dict[tuple[str, str], list[dict]] = {}
    for row in rows:
        groups.setdefault((row["set"], row["split"]), []).append(row)
        groups.setdefault((row["set"], "all"), []).append(row)
    order = ["dev", "held-out", "all"]
    for (set_name, split), group in sorted(groups.items(), key=lambda kv: (kv[0][0], order.index(kv[0][1]))):
        if set_name == "trafilatura":
            figures = []
            for e in wanted:
                keys = [(f"{set_name}/{s}", e) for s in (("dev", "held-out") if split == "all" else (split,))]
                tp, fp, fn, _ = (sum(snippet.get(k, [0] * 4)[i] for k in keys) for i in range(4))
                figures.append(f"{2 * tp / max(1, 2 * tp + fp + fn):.3f}*")
        else:
            figures = [f"{mean(r[e][2] for r in group):.3f}" for e in wanted]
        ours_p = f"{mean(r['ours'][0] for r in group):.3f}" if "ours" in wanted else "-"
        ours_r = f"{mean(r['ours'][1] for r in group):.3f}" if "ours" in wanted else "-"
        refused = str(sum(1 for r in group if r.get("ours_error"))) if "ours" in wanted else "-"
        lines.append([set_name, split, str(len(group)), *figures, ours_p, ours_r, refused])
    _table(header, lines, args.markdown)
    if any(r["set"] == "trafilatura" for r in rows):
        print("* trafilatura's set: its own snippet F1 over the whole set (no full gold text), not word F1.")

    if "ours" in wanted and args.worst:
        print()
        scored = [r for r in rows if r["set"] != "trafilatura"]
        worst = sorted(scored, key=lambda r: r["ours"][2])[: args.worst]
        header = ["set", "page", "split", "ours F1", "P", "R", *[f"{e} F1" for e in wanted if e != "ours"],
                  "what went wrong"]
        lines = [
            [r["set"], r["page"][:36], r["split"], f"{r['ours'][2]:.3f}", f"{r['ours'][0]:.2f}", f"{r['ours'][1]:.2f}",
             *[f"{r[e][2]:.3f}" for e in wanted if e != "ours"], r["wrong"]]
            for r in worst
        ]
        _table(header, lines, args.markdown)


if __name__ == "__main__":
    sys.exit(main())
