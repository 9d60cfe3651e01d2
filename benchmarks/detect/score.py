"""Score quote and speaker suggestions on real labelled news (PolNeAR, see ``polnear.py``).

For each split and each detector this prints quote recall, precision, speaker accuracy, what
*Accept all ≥ 0.8* would record (share right), a reliability table (confidence bins -> share right)
and, for ours, the commonest kinds of error with examples. Detectors measured in the same run:

* ``ours``: ``workbench.detect.suggest_quotes`` as it is in this checkout;
* ``v0``: the detector before issue 20 (``workbench/detect`` at commit ``V0_REV``, loaded from git);
* ``nearest``: a rule baseline: every quotation v0's mark reader finds, attributed to the nearest
  capitalised name outside quotation marks in the same paragraph (the classic "nearest named entity").

Matching: a suggestion matches a gold quotation when their spans overlap by at least half of the
longer one; one-to-one. A suggestion is *right* when it matches a gold quotation and its speaker is
one of the gold speaker's accepted forms (case, punctuation, a leading "the", titles and a possessive
ending ignored; one form containing the other as whole words counts, "Trump" ~ "Donald Trump", but a
"Jr." on one side only does not). Quotations whose gold speaker is unknown count for recall and
precision only. Speaker accuracy is over matched quotations with a known gold speaker.

Usage: python -m benchmarks.detect.score [--split train|dev|test ...] [--detector ours|v0|nearest ...]
       [-v] [--errors N] [--json]
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.detect import polnear
from benchmarks.detect.polnear import words

ROOT = Path(__file__).resolve().parents[2]
V0_REV = "5b6c92e"  # main when issue 20 began
BINS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
ACCEPT_AT = 0.8
_TITLE_WORDS = words(
    "mr mrs ms miss dr sen rep gov gen lt col president senator secretary representative governor "
    "chairman chairwoman mayor judge justice sir dame lord lady prof professor rev"
)


@dataclass
class Found:
    start: int
    end: int
    quote: str
    speaker: str
    cue: str
    confidence: float


Detector = Callable[[str], list[Found]]


# -- speakers ------------------------------------------------------------------------------------


def norm_speaker(s: str) -> list[str]:
    s = unicodedata.normalize("NFKC", s).casefold().replace("’", "'").replace("‘", "'")
    s = re.sub(r"'s\b|'", "", s)
    words = re.sub(r"[^\w\s@-]", " ", s).split()
    while words and words[0] in ("the", "a", "an"):
        words = words[1:]
    # titles and middle initials do not tell two people apart ("Sen. Loretta E. Lynch" ~ "Loretta Lynch")
    return [w for w in words if w not in _TITLE_WORDS and (len(w) > 1 or not w.isalpha())]


def _contains(big: list[str], small: list[str]) -> bool:
    n = len(small)
    return any(big[i : i + n] == small for i in range(len(big) - n + 1))


def speaker_ok(found: str, gold: str | list[str]) -> bool:
    golds = [gold] if isinstance(gold, str) else gold
    f = norm_speaker(found)
    for g in golds:
        gw = norm_speaker(g)
        if not gw or not f:
            if not gw and not f:
                return True
            continue
        if ("jr" in gw) != ("jr" in f) and len(f) != len(gw):
            continue  # "Donald Trump" is not "Donald Trump Jr."
        if _contains(f, gw) or _contains(gw, f):
            return True
    return False


def _gold_alts(q: polnear.GoldQuote) -> list[str] | None:
    if q.how == "none":
        return None
    return q.speaker if isinstance(q.speaker, list) else [q.speaker]


# -- detectors -----------------------------------------------------------------------------------


def detector_ours() -> Detector:
    from workbench.detect import suggest_quotes

    def run(text: str) -> list[Found]:
        return [Found(s.start, s.end, s.quote, s.speaker, s.cue, s.confidence) for s in suggest_quotes(text)]

    return run


_V0_MODULE: Any = None


def _load_v0() -> Any:
    """The detector at ``V0_REV``, imported as the package ``_detect_v0`` from a temporary folder."""
    global _V0_MODULE
    if _V0_MODULE is not None:
        return _V0_MODULE
    dest = Path(tempfile.mkdtemp(prefix="detect-v0-"))
    pkg = dest / "_detect_v0"
    pkg.mkdir()
    names = subprocess.run(
        ["git", "-C", str(ROOT), "ls-tree", "--name-only", V0_REV, "workbench/detect/"],
        capture_output=True, text=True, check=True,
    ).stdout.split()
    for name in names:
        src = subprocess.run(
            ["git", "-C", str(ROOT), "show", f"{V0_REV}:{name}"], capture_output=True, text=True, check=True
        ).stdout
        (pkg / Path(name).name).write_text(src.replace("workbench.detect", "_detect_v0"), encoding="utf-8")
    sys.path.insert(0, str(dest))
    _V0_MODULE = importlib.import_module("_detect_v0")
    return _V0_MODULE


def detector_v0() -> Detector:
    mod = _load_v0()

    def run(text: str) -> list[Found]:
        return [Found(s.start, s.end, s.quote, s.speaker, s.cue, s.confidence) for s in mod.suggest_quotes(text)]

    return run


_NAME_RUN = re.compile(r"(?<![\w'’])(?:[A-Z][\w'’.-]+)(?:\s+(?:[A-Z][\w'’.-]+|de|van|von|bin|al))*")
_NOT_NAMES = words(
    "The A An He She It They We I But And In On At As For If When While After Before This That These Those "
    "Mr Mrs Ms Dr His Her Their Its Our What Who Why How Monday Tuesday Wednesday Thursday Friday Saturday "
    "Sunday January February March April May June July August September October November December"
)


def detector_nearest() -> Detector:
    """Every quotation v0 finds; speaker: the nearest capitalised name in its paragraph."""
    marks = importlib.import_module("_detect_v0.marks") if _V0_MODULE else None
    if marks is None:
        _load_v0()
        marks = importlib.import_module("_detect_v0.marks")

    def run(text: str) -> list[Found]:
        spans = marks.find_quotes(text)
        paras = marks.paragraphs(text)
        quoted = [(q.open_at, (q.close_at if q.close_at >= 0 else q.end) + 1) for q in spans]
        out = []
        for q in spans:
            ps, pe = paras[q.para]
            best, best_d = "", 10**9
            for m in _NAME_RUN.finditer(text, ps, pe):
                a, b = m.start(), m.end()
                if any(x <= a < y for x, y in quoted):
                    continue
                words = [w for w in m.group().split() if w.rstrip(".") not in _NOT_NAMES]
                if not words:
                    continue
                d = q.open_at - b if b <= q.open_at else a - q.end
                if 0 <= d < best_d:
                    best, best_d = " ".join(words).rstrip(".,"), d
            out.append(Found(q.start, q.end, text[q.start : q.end], best, "", 0.5))
        return out

    return run


DETECTORS: dict[str, Callable[[], Detector]] = {"ours": detector_ours, "v0": detector_v0, "nearest": detector_nearest}


# -- scoring -------------------------------------------------------------------------------------


def match(found: list[Found], gold: list[polnear.GoldQuote]) -> dict[int, int]:
    """gold index -> found index, one to one, best overlap first."""
    pairs: list[tuple[float, int, int]] = []
    j0 = 0
    for gi, g in enumerate(gold):
        while j0 < len(found) and found[j0].end <= g.start:
            j0 += 1
        for fi in range(max(0, j0 - 3), len(found)):
            f = found[fi]
            if f.start >= g.end:
                break
            ov = min(g.end, f.end) - max(g.start, f.start)
            if ov <= 0:
                continue
            ratio = ov / max(g.end - g.start, f.end - f.start)
            if ratio >= 0.5:
                pairs.append((ratio, gi, fi))
    pairs.sort(reverse=True)
    out: dict[int, int] = {}
    used: set[int] = set()
    for _, gi, fi in pairs:
        if gi in out or fi in used:
            continue
        out[gi] = fi
        used.add(fi)
    return out


@dataclass
class Tally:
    gold: int = 0
    found: int = 0
    matched: int = 0
    judged: int = 0  # matched with a known gold speaker
    speaker_right: int = 0
    seconds: float = 0.0
    # confidence bin -> [judged suggestions, right]
    bins: dict[int, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add_bin(self, conf: float, right: bool) -> None:
        for i in range(len(BINS) - 1):
            if BINS[i] <= conf < BINS[i + 1]:
                self.bins[i][0] += 1
                self.bins[i][1] += int(right)
                return

    def summary(self) -> dict[str, Any]:
        acc_n = sum(v[0] for i, v in self.bins.items() if BINS[i] >= ACCEPT_AT)
        acc_r = sum(v[1] for i, v in self.bins.items() if BINS[i] >= ACCEPT_AT)
        return {
            "gold": self.gold,
            "found": self.found,
            "matched": self.matched,
            "recall": self.matched / self.gold if self.gold else 1.0,
            "precision": self.matched / self.found if self.found else 1.0,
            "speaker": self.speaker_right / self.judged if self.judged else 1.0,
            "accept_0.8_n": acc_n,
            "accept_0.8_right": acc_r / acc_n if acc_n else None,
            "seconds": round(self.seconds, 2),
            "bins": {f"{BINS[i]:.1f}–{min(BINS[i + 1], 1.0):.1f}": list(self.bins[i]) for i in sorted(self.bins)},
        }


def _short(text: str, n: int = 60) -> str:
    t = " ".join(text.split())
    return t if len(t) <= n else t[: n - 1] + "…"


def _error_kind(found: str, gold: list[str]) -> str:
    if not found:
        return "speaker left empty"
    if found[:1].islower():
        return "a description instead of the speaker"
    if any(not g for g in gold):
        return "named someone where the gold has no named speaker"
    return "another name"


def score(articles: list[polnear.Article], detect: Detector, keep_errors: bool) -> Tally:
    t = Tally()
    for art in articles:
        text = art.text
        gold = art.quotes
        started = time.perf_counter()
        found = sorted(detect(text), key=lambda f: f.start)
        t.seconds += time.perf_counter() - started
        m = match(found, gold)
        t.gold += len(gold)
        t.found += len(found)
        t.matched += len(m)
        judged_found: dict[int, bool] = {}
        for gi, fi in m.items():
            alts = _gold_alts(gold[gi])
            if alts is None:
                continue
            ok = speaker_ok(found[fi].speaker, alts)
            t.judged += 1
            t.speaker_right += ok
            judged_found[fi] = ok
            if not ok and keep_errors:
                kind = _error_kind(found[fi].speaker, alts)
                t.errors[kind].append(
                    f"{art.name[:28]} «{_short(found[fi].quote, 50)}» got {found[fi].speaker!r} want {alts[0]!r} "
                    f"[{found[fi].cue or '-'} {found[fi].confidence:.2f}]"
                )
        matched_found = set(m.values())
        for fi, f in enumerate(found):
            if fi in judged_found:
                t.add_bin(f.confidence, judged_found[fi])
            elif fi not in matched_found:
                t.add_bin(f.confidence, False)
                if keep_errors:
                    kind = "spurious (no cue)" if not f.cue else "spurious (with a cue)"
                    t.errors[kind].append(f"{art.name[:28]} «{_short(f.quote)}» ({f.speaker}, {f.confidence:.2f})")
        if keep_errors:
            for gi, g in enumerate(gold):
                if gi in m:
                    continue
                q = text[g.start : g.end]
                overlapping = [f for f in found if f.start < g.end and g.start < f.end]
                kind = "missed (span cut differently)" if overlapping else (
                    "missed (fragment of ≤ 3 words)" if len(q.split()) <= 3 else "missed (sentence)")
                t.errors[kind].append(f"{art.name[:28]} «{_short(q)}» ({g.speaker if g.how != 'none' else '?'})")
    return t


def print_report(name: str, split: str, t: Tally, errors: int) -> None:
    s = t.summary()
    acc = "–" if s["accept_0.8_right"] is None else f"{s['accept_0.8_right']:.3f} of {s['accept_0.8_n']}"
    print(
        f"{split:5} {name:8} gold {s['gold']:5} found {s['found']:5}  recall {s['recall']:.3f}  "
        f"precision {s['precision']:.3f}  speaker {s['speaker']:.3f}  ≥0.8 right {acc}  ({s['seconds']:.1f} s)"
    )
    if name != "nearest":
        cells = "  ".join(f"{k}: {v[1]}/{v[0]}={v[1] / v[0]:.2f}" for k, v in s["bins"].items() if v[0])
        print(f"      reliability  {cells}")
    if errors:
        for kind, items in sorted(t.errors.items(), key=lambda kv: -len(kv[1])):
            print(f"      {len(items):4}  {kind}")
            for line in items[:errors]:
                print(f"              {line}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", action="append", choices=polnear.SPLITS)
    ap.add_argument("--detector", action="append", choices=list(DETECTORS))
    ap.add_argument("--errors", type=int, default=0, help="examples per error kind (ours only)")
    ap.add_argument("--only", help="article name prefix")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    splits = args.split or ["dev", "test"]
    names = args.detector or ["ours", "v0", "nearest"]
    data = polnear.load(tuple(splits))
    results: dict[str, dict[str, Any]] = {}
    for split in splits:
        arts = [a for a in data if a.split == split and (not args.only or a.name.startswith(args.only))]
        for name in names:
            t = score(arts, DETECTORS[name](), keep_errors=bool(args.errors) and name == "ours")
            results.setdefault(split, {})[name] = t.summary()
            if not args.json:
                print_report(name, split, t, args.errors if name == "ours" else 0)
    if args.json:
        print(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
