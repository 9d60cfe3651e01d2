"""Fit the matcher's re-ranking weights (``workbench.factchecks.matching.WEIGHTS``) on training data only.

``python -m benchmarks.factchecks.tune`` builds (or reuses) the libraries of ``sets.py``, runs the matcher's
own candidate comparison (``compare_candidates``) for every *training* query, labels each candidate
relevant or not, and fits a logistic regression (Newton's method, a little L2) on the features. It prints
the weights to paste into ``matching.py``, and the training MAP@5 before and after. Test queries are never
seen here: ``python -m benchmarks.factchecks`` reports on them.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from pathlib import Path

from benchmarks.factchecks import sets
from workbench.factchecks import matching


def collect(max_per_set: int) -> tuple[list[str], list[list[float]], list[int], list[int]]:
    """Feature rows of every candidate of every training query (``group`` numbers the queries)."""
    names: list[str] = []
    rows: list[list[float]] = []
    labels: list[int] = []
    groups: list[int] = []
    g = 0
    for bench in sets.training_sets():
        queries = bench.queries
        if len(queries) > max_per_set:
            queries = random.Random(1).sample(queries, max_per_set)
        with bench.open() as lib:
            for q in queries:
                scored = matching.compare_candidates(lib, q.text, speaker=q.speaker, date=q.date)
                if not any(fc.url in q.relevant for fc, _ in scored):
                    continue  # the candidates miss it: nothing to learn about ranking
                for fc, c in scored:
                    if not names:
                        names = list(c.features)
                    rows.append([c.features[n] for n in names])
                    labels.append(1 if fc.url in q.relevant else 0)
                    groups.append(g)
                g += 1
        print(f"{bench.name}: {len(queries)} queries", file=sys.stderr)
    return names, rows, labels, groups


def fit(rows: list[list[float]], labels: list[int], l2: float = 1.0, iterations: int = 12) -> list[float]:
    """Logistic regression by Newton's method; returns ``[bias, w1, w2, ...]``."""
    x = [[1.0, *r] for r in rows]
    d = len(x[0])
    w = [0.0] * d
    for _ in range(iterations):
        grad = [0.0] * d
        hess = [[0.0] * d for _ in range(d)]
        for xi, yi in zip(x, labels, strict=True):
            z = sum(a * b for a, b in zip(w, xi, strict=True))
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            err = p - yi
            s = p * (1 - p)
            for j in range(d):
                grad[j] += err * xi[j]
                sj = s * xi[j]
                row = hess[j]
                for k in range(j, d):
                    row[k] += sj * xi[k]
        for j in range(d):
            for k in range(j):
                hess[j][k] = hess[k][j]
            if j:
                grad[j] += l2 * w[j]
                hess[j][j] += l2
        step = _solve(hess, grad)
        w = [a - b for a, b in zip(w, step, strict=True)]
        if max(abs(s) for s in step) < 1e-6:
            break
    return w


def _listwise_loss(w: list[float], rows: list[list[float]], by: dict[int, list[int]], labels: list[int],
                   l2: float) -> float:
    loss = 0.5 * l2 * sum(v * v for v in w)
    for idx in by.values():
        z = [sum(a * b for a, b in zip(w, rows[i], strict=True)) for i in idx]
        top = max(z)
        log_total = top + math.log(sum(math.exp(v - top) for v in z))
        rel = [n for n, i in enumerate(idx) if labels[i]]
        loss += sum(log_total - z[n] for n in rel) / len(rel)
    return loss


def fit_listwise(rows: list[list[float]], labels: list[int], groups: list[int], l2: float = 1.0,
                 iterations: int = 20) -> list[float]:
    """Weights that put a query's right fact-checks first: a softmax over each query's candidates (damped
    Newton's method), then a logistic calibration of the resulting score so it reads as a probability (0..1).
    Returns ``[bias, w1, w2, ...]`` like ``fit``."""
    d = len(rows[0])
    by: dict[int, list[int]] = {}
    for i, g in enumerate(groups):
        by.setdefault(g, []).append(i)
    by = {g: idx for g, idx in by.items() if any(labels[i] for i in idx)}
    w = [0.0] * d
    loss = _listwise_loss(w, rows, by, labels, l2)
    for _ in range(iterations):
        grad = [l2 * v for v in w]
        hess = [[l2 if j == k else 0.0 for k in range(d)] for j in range(d)]
        for idx in by.values():
            rel = sum(1 for i in idx if labels[i])
            z = [sum(a * b for a, b in zip(w, rows[i], strict=True)) for i in idx]
            top = max(z)
            e = [math.exp(v - top) for v in z]
            total = sum(e)
            p = [v / total for v in e]
            mean = [sum(p[n] * rows[i][j] for n, i in enumerate(idx)) for j in range(d)]
            for n, i in enumerate(idx):
                t = 1.0 / rel if labels[i] else 0.0
                xi = rows[i]
                for j in range(d):
                    grad[j] += (p[n] - t) * xi[j]
                    pj = p[n] * xi[j]
                    row = hess[j]
                    for k in range(j, d):
                        row[k] += pj * xi[k]
            for j in range(d):
                for k in range(j, d):
                    hess[j][k] -= mean[j] * mean[k]
        for j in range(d):
            for k in range(j):
                hess[j][k] = hess[k][j]
        step = _solve(hess, grad)
        scale = 1.0
        while scale > 1e-4:
            trial = [a - scale * b for a, b in zip(w, step, strict=True)]
            new = _listwise_loss(trial, rows, by, labels, l2)
            if new <= loss:
                break
            scale /= 2
        if new > loss or loss - new < 1e-7:
            break
        w, loss = trial, new
    scores = [[sum(a * b for a, b in zip(w, r, strict=True))] for r in rows]
    a = fit(scores, labels, l2=0.0)  # [bias, scale]
    return [a[0], *(a[1] * v for v in w)]


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    n = len(b)
    m = [[*row, b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        piv = m[c][c] or 1e-12
        for r in range(c + 1, n):
            f = m[r][c] / piv
            for k in range(c, n + 1):
                m[r][k] -= f * m[c][k]
    out = [0.0] * n
    for r in range(n - 1, -1, -1):
        out[r] = (m[r][n] - sum(m[r][k] * out[k] for k in range(r + 1, n))) / (m[r][r] or 1e-12)
    return out


def map5(rows: list[list[float]], labels: list[int], groups: list[int], w: list[float]) -> float:
    by: dict[int, list[tuple[float, int]]] = {}
    for r, y, g in zip(rows, labels, groups, strict=True):
        by.setdefault(g, []).append((w[0] + sum(a * b for a, b in zip(w[1:], r, strict=True)), y))
    total = 0.0
    for items in by.values():
        items.sort(key=lambda t: -t[0])
        rel = sum(y for _, y in items)
        hits, s = 0, 0.0
        for i, (_, y) in enumerate(items[:5], start=1):
            if y:
                hits += 1
                s += hits / i
        total += s / min(rel, 5)
    return total / max(1, len(by))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-per-set", type=int, default=1500, help="training queries used per set")
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--write", action="store_true", help="write the fitted weights into matching.py")
    args = parser.parse_args(argv)
    names, rows, labels, groups = collect(args.max_per_set)
    current = [matching.WEIGHTS.get("bias", 0.0), *(matching.WEIGHTS.get(n, 0.0) for n in names)]
    w = fit_listwise(rows, labels, groups, l2=args.l2)
    print(f"{len(set(groups))} queries, {len(rows)} candidates; training MAP@5 with the current weights "
          f"{map5(rows, labels, groups, current):.3f}, with the fitted ones {map5(rows, labels, groups, w):.3f}")
    block = "WEIGHTS: dict[str, float] = {\n" + f'    "bias": {w[0]:.3f},\n' + "".join(
        f'    "{n}": {v:.3f},\n' for n, v in zip(names, w[1:], strict=True)) + "}\n"
    print(block, end="")
    if args.write:
        path = Path(matching.__file__)
        text = path.read_text(encoding="utf-8")
        start = text.index("WEIGHTS: dict[str, float] = {")
        end = text.index("}\n", start) + 2
        path.write_text(text[:start] + block + text[end:], encoding="utf-8")
        print(f"written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
