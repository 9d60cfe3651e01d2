"""Fit the antecedent ranker's weights (``workbench/detect/antecedents.py``) on PolNeAR (``polnear.py``).

Every attribution in PolNeAR's **train** split whose Source is a personal pronoun ("he", "she") gives
one ranking problem: the person mentions ``referents.antecedents`` lists before the pronoun, each
labelled by whether it is the gold speaker (``score.speaker_ok``). The fit is listwise (a softmax
over each problem's mentions, the gold speaker's mentions together as the answer) and starts from
the shipped weights, with an L2 pull towards them: those speakers come from CoreNLP's coreference
chains (silver, see ``polnear.py``), so the data may adjust the weights, not replace them. The
previous quotation's gold speaker stands in for the pipeline's last speaker. Problems whose gold
speaker is not among the candidates teach nothing and are skipped.

Reported: top-1 accuracy of the shipped weights and of the fitted ones on train and on the held-out
**dev** split (hand-labelled speakers), and the fitted weights; with ``--out``, also written as JSON.
Adopt fitted weights (paste them into ``antecedents.WEIGHTS``) only when dev and the detector's
speaker accuracy (``score.py``) gain too. The test split is not read.

Usage: python -m benchmarks.detect.train_antecedents [--out PATH] [--l2 5.0]
Needs numpy: pip install -e ".[train]".
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

import numpy as np

from benchmarks.detect import polnear
from benchmarks.detect.score import _gold_alts, speaker_ok
from workbench.detect.antecedents import FEATURES, WEIGHTS
from workbench.detect.entities import Person, Registry
from workbench.detect.marks import find_quotes, normalise_marks
from workbench.detect.names import analyse_run
from workbench.detect.referents import antecedents
from workbench.detect.textindex import build_index

_GENDER = {"he": "m", "she": "f"}

Problem = list[tuple[list[float], bool]]


def problems(articles: list[polnear.Article]) -> list[Problem]:
    """One list of (features, is the gold speaker) per pronoun-sourced attribution."""
    out: list[Problem] = []
    for art in articles:
        text = normalise_marks(art.text)
        reg = Registry(build_index(text, find_quotes(text)))
        last: Person | None = None
        seen: set[int] = set()
        for q in art.quotes:
            alts = _gold_alts(q)
            gender = _GENDER.get(q.source.lower())
            if alts is not None and gender and q.source_start >= 0 and q.source_start not in seen:
                seen.add(q.source_start)  # one problem per attribution, not per quoted piece
                cands = antecedents(reg, q.source_start, gender, last)
                labelled = [(x, any(speaker_ok(p.name, [a]) for a in alts if a)) for p, x in cands]
                if any(y for _, y in labelled):
                    out.append(labelled)
            if alts is not None and alts[0]:
                a = analyse_run(alts[0].split())
                last = reg._find_person(a.name_tokens, q.start) if a.name_tokens else None
    return out


def fit_ranker(probs: list[Problem], start: np.ndarray, l2: float, iters: int = 400) -> np.ndarray:
    """Listwise fit: maximise the log of the probability a softmax over each problem's candidates
    gives to the gold speaker's mentions, with an L2 pull towards ``start`` (the hand-set weights),
    by gradient ascent with a backtracking step."""
    xs = [np.array([f for f, _ in prob]) for prob in probs]
    ys = [np.array([lab for _, lab in prob]) for prob in probs]

    def objective(w: np.ndarray) -> tuple[float, np.ndarray]:
        total, grad = 0.0, np.zeros_like(w)
        for x, y in zip(xs, ys, strict=True):
            s = x @ w
            s = s - s.max()
            e = np.exp(s)
            p_all = e / e.sum()
            p_pos = e[y] / e[y].sum()
            total += float(np.log(e[y].sum() / e.sum()))
            grad += p_pos @ x[y] - p_all @ x
        d = w - start
        return total - l2 * float(d @ d), grad - 2 * l2 * d

    w = start.astype(float).copy()
    value, grad = objective(w)
    step = 1e-3
    for _ in range(iters):
        cand = w + step * grad
        cv, cg = objective(cand)
        if cv > value:
            w, value, grad = cand, cv, cg
            step *= 1.5
        else:
            step *= 0.5
            if step < 1e-9:
                break
    return w


def top1(probs: list[Problem], w: np.ndarray) -> float:
    right = 0
    for prob in probs:
        scores = [float(np.dot(w, x)) for x, _ in prob]
        right += prob[int(np.argmax(scores))][1]
    return right / len(probs) if probs else 0.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, help="write the fitted weights here as JSON")
    ap.add_argument("--l2", type=float, default=5.0)
    args = ap.parse_args(argv)

    train = problems(polnear.load(("train",)))
    dev = problems(polnear.load(("dev",)))
    hand = np.array(WEIGHTS)
    w = fit_ranker(train, hand, args.l2)
    n_cands = sum(len(p) for p in train)
    print(f"train: {len(train)} pronouns, {n_cands} candidates; top-1 shipped {top1(train, hand):.3f} "
          f"trained {top1(train, w):.3f}")
    print(f"dev:   {len(dev)} pronouns; top-1 shipped {top1(dev, hand):.3f} trained {top1(dev, w):.3f}")
    for name, v in zip(FEATURES, w, strict=True):
        print(f"  {name:24} {v:+.3f}")
    if args.out is not None:
        model = {
            "about": "Fitted weights for workbench/detect/antecedents.py (benchmarks/detect/train_antecedents.py).",
            "trained": dt.date.today().isoformat(),
            "train_pronouns": len(train),
            "features": list(FEATURES),
            "weights": [round(float(v), 5) for v in w],
        }
        args.out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
