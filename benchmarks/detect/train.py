"""Train and calibrate the quote detector's confidence model on PolNeAR (``polnear.py``).

1. Run the rules (``workbench.detect.suggest.candidates``) over PolNeAR's **train** split and label
   every quotation they find: is it a gold quotation (``p_quote``), and, for gold quotations with a
   known speaker, is the rules' speaker right (``p_speaker``, see ``score.speaker_ok``).
2. Fit two L2-regularised logistic regressions (Newton's method, numpy — a training-only tool, the
   app reads the weights with plain Python).
3. Choose ``keep_at`` (offer a quotation) for the best F1 with precision at least ``--min-precision``
   on train. The speaker model learns only from speakers PolNeAR names or that were labelled by hand
   (CoreNLP's coreference, the silver labels, is not trusted to teach who spoke).
4. On the held-out **dev** split: ``blank_below`` (leave the speaker empty) where guesses below it
   were right at most 15 % of the time, and the calibration (the 0.8 mark also no lower than where
   train's suggestions were right 95 % of the time): an isotonic fit of "right" (quotation and speaker) on
   ``p_quote × p_speaker``, made conservative at the 0.8 mark: only scores whose suggestions were
   right at least ``--accept-precision`` of the time on dev are shown at 0.8 or more.
5. Write ``resources/models/detect-confidence.json``. The test split is not read.

Usage: python -m benchmarks.detect.train [--out PATH] [--min-precision 0.96] [--accept-precision 0.965]
Needs numpy: pip install -e ".[train]".
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.detect import polnear
from benchmarks.detect.score import Found, _gold_alts, match, speaker_ok
from workbench.detect.confidence import FEATURES, model_from_dict
from workbench.detect.suggest import VETO_BELOW, candidates

OUT = Path(__file__).resolve().parents[2] / "resources" / "models" / "detect-confidence.json"


def collect(articles: list[polnear.Article]) -> list[dict[str, Any]]:
    """Every candidate of every article, with its labels."""
    rows = []
    for art in articles:
        cands = candidates(art.text)
        found = [Found(c.start, c.end, art.text[c.start : c.end], c.speaker, c.cue, c.rule) for c in cands]
        m = match(found, art.quotes)
        gold_of = {fi: gi for gi, fi in m.items()}
        for fi, c in enumerate(cands):
            gi = gold_of.get(fi)
            alts = _gold_alts(art.quotes[gi]) if gi is not None else None
            rows.append({
                "x": c.features,
                "direct": c.direct,
                "rule": c.rule,
                "quote": gi is not None,
                "known": alts is not None,
                # CoreNLP's coreference (silver) is not trusted to teach who spoke
                "trusted": gi is not None and art.quotes[gi].how in ("name", "np", "hand"),
                "speaker_ok": alts is not None and speaker_ok(c.speaker, alts),
                "empty_ok": alts is not None and speaker_ok("", alts),
            })
    return rows


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0, iters: int = 30) -> np.ndarray:
    """L2-regularised logistic regression by Newton's method (the bias, column 0, not penalised)."""
    w = np.zeros(x.shape[1])
    reg = np.full(x.shape[1], l2)
    reg[0] = 0.0
    for _ in range(iters):
        p = 1 / (1 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (p - y) + reg * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(reg) + 1e-9 * np.eye(x.shape[1])
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-7:
            break
    return w


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-np.clip(z, -30, 30)))


def choose_keep_at(pq: np.ndarray, is_quote: np.ndarray, n_gold: int, min_precision: float) -> float:
    best_t, best_f1 = 0.5, -1.0
    for t in np.arange(0.05, 0.96, 0.01):
        kept = pq >= t
        tp = int((kept & is_quote).sum())
        prec = tp / max(1, int(kept.sum()))
        rec = tp / max(1, n_gold)
        f1 = 2 * prec * rec / max(1e-9, prec + rec)
        if prec >= min_precision and f1 > best_f1:
            best_t, best_f1 = float(t), f1
    return round(best_t, 3)


def choose_blank_below(ps: np.ndarray, ok: np.ndarray, empty_ok: np.ndarray) -> float:
    """The highest threshold below which a guessed speaker was right at most 15 % of the time
    (and not much more often than an empty one would have been)."""
    best = 0.0
    for t in np.arange(0.05, 0.6, 0.01):
        below = ps < t
        if below.sum() < 20:
            continue
        if ok[below].mean() <= max(0.15, empty_ok[below].mean() + 0.05):
            best = float(t)
    return round(best, 3)


def isotonic(x: np.ndarray, y: np.ndarray) -> tuple[list[float], list[float], list[int]]:
    """Pool-adjacent-violators: ascending breakpoints, fitted values and block sizes."""
    order = np.argsort(x)
    xs, ys = x[order], y[order].astype(float)
    blocks: list[list[float]] = []  # [sum_y, n, x_lo, x_hi]
    for xi, yi in zip(xs, ys, strict=True):
        blocks.append([yi, 1, xi, xi])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] >= blocks[-1][0] / blocks[-1][1]:
            s, n, _lo, hi = blocks.pop()
            blocks[-1][0] += s
            blocks[-1][1] += n
            blocks[-1][3] = hi
    bx = [float((b[2] + b[3]) / 2) for b in blocks]
    by = [float(b[0] / b[1]) for b in blocks]
    return bx, by, [int(b[1]) for b in blocks]


def mark_at(raw: np.ndarray, right: np.ndarray, precision: float) -> float:
    """The lowest raw score above which suggestions were right at least ``precision`` of the time."""
    order = np.argsort(-raw)
    cum = np.cumsum(right[order]) / np.arange(1, len(raw) + 1)
    ok = np.where(cum >= precision)[0]
    # the longest prefix (highest scores) that keeps the precision
    return float(raw[order][ok[-1]]) if len(ok) else float(raw.max()) + 1e-6


def calibrate(raw: np.ndarray, right: np.ndarray, r80: float) -> tuple[list[float], list[float], float]:
    """Isotonic calibration, made conservative at 0.8: raw scores from ``r80`` up show at least 0.8,
    those below it less."""
    bx, by, _ = isotonic(raw, right)
    xs, ys = [], []
    for x, y in zip(bx, by, strict=True):
        y = max(y, 0.8) if x >= r80 else min(y, 0.79)
        xs.append(round(x, 5))
        ys.append(round(y, 4))
    # pin the jump at r80 so interpolation cannot cross 0.8 early
    xs.append(round(r80, 5))
    ys.append(0.8)
    pts = sorted(zip(xs, ys, strict=True))
    fixed_x, fixed_y = [], []
    for x, y in pts:
        y = max(y, fixed_y[-1]) if fixed_y else y
        if fixed_x and x == fixed_x[-1]:
            fixed_y[-1] = max(fixed_y[-1], y)
            continue
        fixed_x.append(x)
        fixed_y.append(y)
    return fixed_x, fixed_y, r80


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--min-precision", type=float, default=0.96)
    ap.add_argument("--accept-precision", type=float, default=0.965)
    args = ap.parse_args(argv)

    train = polnear.load(("train",))
    rows = collect(train)
    x = np.array([r["x"] for r in rows], dtype=float)
    yq = np.array([r["quote"] for r in rows])
    wq = fit_logistic(x, yq.astype(float))
    spk = np.array([r["known"] and r["trusted"] for r in rows]) & yq
    ys = np.array([r["speaker_ok"] for r in rows])
    ws = fit_logistic(x[spk], ys[spk].astype(float))
    pq = sigmoid(x @ wq) * (np.array([r["rule"] for r in rows]) >= VETO_BELOW)
    ps = sigmoid(x @ ws)
    n_gold = sum(len(a.quotes) for a in train)
    keep_at = choose_keep_at(pq, yq, n_gold, args.min_precision)
    print(f"train: {len(rows)} quotations, {int(yq.sum())} gold of {n_gold}; keep_at {keep_at}")

    dev = polnear.load(("dev",))
    drows = collect(dev)
    dx = np.array([r["x"] for r in drows], dtype=float)
    dpq, dps = sigmoid(dx @ wq), sigmoid(dx @ ws)
    kept = (dpq >= keep_at) & (np.array([r["rule"] for r in drows]) >= VETO_BELOW)
    dk = kept & np.array([r["quote"] and r["known"] and not r["direct"] for r in drows])
    blank_below = choose_blank_below(
        dps[dk], np.array([r["speaker_ok"] for r in drows])[dk], np.array([r["empty_ok"] for r in drows])[dk]
    )
    judged = kept & (~np.array([r["quote"] for r in drows]) | np.array([r["known"] for r in drows]))
    blank = (dps < blank_below) & ~np.array([r["direct"] for r in drows])
    right = np.array([
        r["quote"] and (r["empty_ok"] if b else r["speaker_ok"]) for r, b in zip(drows, blank, strict=True)
    ])
    raw = dpq * dps
    # The 0.8 mark: right at least --accept-precision of the time on held-out dev, and at least 95 %
    # on train (silver speakers, so a stricter judge), whichever is higher — one small dev split
    # alone would set it by chance.
    tj = (pq >= keep_at) & (~yq | np.array([r["known"] for r in rows]))
    t_right = yq & np.array([r["speaker_ok"] for r in rows])
    r80 = max(mark_at(raw[judged], right[judged], args.accept_precision), mark_at((pq * ps)[tj], t_right[tj], 0.95))
    cx, cy, r80 = calibrate(raw[judged], right[judged], r80)
    print(f"dev: {int(kept.sum())} kept, {int(judged.sum())} judged; blank_below {blank_below}, "
          f"0.8 mark at raw {r80:.3f}")

    model = {
        "about": "Quote-detector confidence (workbench/detect/confidence.py). Logistic regressions trained on "
        "PolNeAR's train split, calibrated on its dev split, by benchmarks/detect/train.py.",
        "trained": dt.date.today().isoformat(),
        "train_quotations": len(rows),
        "calibration_quotations": int(judged.sum()),
        "features": list(FEATURES),
        "quote": [round(float(v), 5) for v in wq],
        "speaker": [round(float(v), 5) for v in ws],
        "keep_at": keep_at,
        "blank_below": blank_below,
        "calibration_x": cx,
        "calibration_y": cy,
    }
    model_from_dict(model)  # the app must be able to read what we write
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
