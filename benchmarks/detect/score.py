"""Score quote detection against the hand-labelled corpus in ``benchmarks/detect/corpus``.

Each ``NAME.txt`` article has a ``NAME.json`` label file: a list of ``{"quote", "speaker"}`` in text
order (``speaker`` may be a list of acceptable forms). A found suggestion matches a gold quotation
when their spans overlap by at least half of the longer one, or their normalised texts are equal;
matching is one-to-one. Prints quote recall, precision and speaker accuracy (share of matched
quotations whose speaker is right), overall and, with ``-v``, every miss per article.

Speakers are compared after normalising case, apostrophes, punctuation and a leading article;
one containing the other as whole words counts ("the Home Office" ~ "Home Office spokesperson").

Usage: python benchmarks/detect/score.py [-v] [--only PREFIX ...] [--corpus DIR]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

from workbench.detect import Suggestion, suggest_quotes

CORPUS = Path(__file__).resolve().parent / "corpus"


def norm_text(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).casefold().replace("’", "'").replace("‘", "'")
    s = re.sub(r"[^\w\s']", " ", s)
    return " ".join(s.split())


def norm_speaker(s: str) -> str:
    s = norm_text(s)
    s = re.sub(r"'s\b|'", "", s)
    s = re.sub(r"^(the|a|an|le|la|der|die|das) ", "", s)
    return s


def speaker_ok(found: str, gold: str | list[str]) -> bool:
    golds = [gold] if isinstance(gold, str) else gold
    f = norm_speaker(found)
    if not f:
        return not any(norm_speaker(g) for g in golds)
    for g in golds:
        g = norm_speaker(g)
        if not g:
            continue
        if f == g or re.search(rf"\b{re.escape(g)}\b", f) or re.search(rf"\b{re.escape(f)}\b", g):
            return True
    return False


def locate(text: str, quotes: list[str]) -> list[tuple[int, int]]:
    """Spans of the gold quotations, searched in order (a quotation may occur twice)."""
    spans = []
    pos = 0
    for q in quotes:
        i = text.find(q, pos)
        if i < 0:
            i = text.find(q)
        if i < 0:
            raise SystemExit(f"gold quote not found in text: {q!r}")
        spans.append((i, i + len(q)))
        pos = i + len(q)
    return spans


def match(
    found: list[Suggestion], gold_spans: list[tuple[int, int]], gold_quotes: list[str]
) -> dict[int, int]:
    """gold index -> found index."""
    pairs: list[tuple[float, int, int]] = []
    for gi, (gs, ge) in enumerate(gold_spans):
        for fi, f in enumerate(found):
            ov = min(ge, f.end) - max(gs, f.start)
            ratio = ov / max(ge - gs, f.end - f.start) if ov > 0 else 0.0
            if ratio >= 0.5 or (ov > 0 and norm_text(f.quote) == norm_text(gold_quotes[gi])):
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--only", nargs="*", default=None, help="article name prefixes")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    args = ap.parse_args(argv)
    n_gold = n_found = n_match = n_speaker = 0
    for txt in sorted(args.corpus.glob("*.txt")):
        if args.only and not any(txt.name.startswith(p) for p in args.only):
            continue
        text = txt.read_text(encoding="utf-8")
        labels = json.loads(txt.with_suffix(".json").read_text(encoding="utf-8"))
        gold_quotes = [g["quote"] for g in labels]
        gold_spans = locate(text, gold_quotes)
        found = suggest_quotes(text)
        m = match(found, gold_spans, gold_quotes)
        ok = {gi for gi, fi in m.items() if speaker_ok(found[fi].speaker, labels[gi]["speaker"])}
        n_gold += len(labels)
        n_found += len(found)
        n_match += len(m)
        n_speaker += len(ok)
        if args.verbose and (len(m) < len(labels) or len(m) < len(found) or len(ok) < len(m)):
            print(f"== {txt.name}: gold {len(labels)} found {len(found)} matched {len(m)} speaker {len(ok)}")
            for gi, g in enumerate(labels):
                if gi not in m:
                    print(f"   MISSED    {g['quote'][:70]!r}  ({g['speaker']})")
                elif gi not in ok:
                    f = found[m[gi]]
                    print(f"   SPEAKER   {g['quote'][:50]!r}: got {f.speaker!r} want {g['speaker']!r} [{f.cue}]")
            matched = set(m.values())
            for fi, f in enumerate(found):
                if fi not in matched:
                    print(f"   SPURIOUS  {f.quote[:70]!r}  ({f.speaker}, {f.cue}, {f.confidence})")
    recall = n_match / n_gold if n_gold else 1.0
    precision = n_match / n_found if n_found else 1.0
    spk = n_speaker / n_match if n_match else 1.0
    print(f"gold {n_gold}  found {n_found}  matched {n_match}")
    print(f"recall {recall:.3f}  precision {precision:.3f}  speaker accuracy {spk:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
