"""Hard negatives made from real claims: the same sentence about the same topic, with one thing changed that
makes it another claim: a **number** (another figure, another year), a **place** (another city, state or
country of the same kind), or its **polarity** (a negation dropped or added).

Each is paired with the fact-check it came from: the matcher must not judge them the same claim. The
changes are mechanical and deterministic (a seeded choice per claim), so every run tests the same pairs.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from workbench.factchecks import places
from workbench.factchecks.model import FactCheck
from workbench.factchecks.text import quantities


@dataclass(frozen=True, slots=True)
class Negative:
    kind: str  # "number", "place", "negation"
    original: FactCheck
    changed: str  # the claim with one thing changed


_AUX = re.compile(r"\b(is|was|are|were|has|have|had|will|can|did|does|do|would|could|should)\b(?! not\b)(?!n[’']t)")
_NEG = re.compile(r"\s(?:not|never)\b|n[’']t\b", re.IGNORECASE)


def change_number(text: str, rng: random.Random) -> str | None:
    qs = [q for q in quantities(text) if q.text[:1].isdigit() or q.text[:1] in "$£€"]
    if not qs:
        return None
    q = rng.choice(sorted(qs, key=lambda q: q.text))
    digits = re.search(r"\d[\d,]*(?:\.\d+)?", q.text)
    if digits is None:
        return None
    raw = digits.group()
    value = float(raw.replace(",", ""))
    if q.kind == "year":
        new = str(int(value) + rng.choice([-3, -2, 2, 3]))
    else:
        factor = rng.choice([0.5, 2.0, 3.0, 0.25])
        number = value * factor
        new = f"{number:,.0f}" if "," in raw else (f"{number:g}" if "." in raw else f"{round(number)}")
        if new == raw:
            new = str(int(value) + 7)
    m = re.search(rf"(?<![\w.,]){re.escape(raw)}(?![\w]|[.,]\d)", text)
    if m is None:
        return None
    return text[:m.start()] + new + text[m.end():]


_SAME_KIND: dict[str, list[str]] = {}


def _kind(place: str) -> str:
    parent = places.PARENT.get(place, "")
    if parent == "us":
        return "us-state" if place not in ("new york", "washington dc") else "us-city"
    if parent in places.PARENT and places.PARENT[parent] == "us":
        return "us-city"
    if parent in ("england", "scotland", "wales", "northern ireland") or parent == "uk":
        return "uk"
    if parent in ("", "world"):
        return "region" if parent == "world" else "country"
    return "city"


def change_place(text: str, rng: random.Random) -> str | None:
    """Another place of the same kind for one the claim names, everywhere it is named ("America" and
    "American" alike); only a place with no other named place inside it (not "Wisconsin" beside "Milwaukee")."""
    found = sorted(places.places_in(text))
    free = [p for p in found if not any(q != p and p in places.chain(q) for q in found)]
    if not free:
        return None
    target = rng.choice(free)
    kind = _kind(target)
    pool = [p for p in set(places.NAMES.values()) if "-" not in p and _kind(p) == kind
            and not places.compatible(p, target)
            and p not in found]
    if not pool:
        return None
    replacement = rng.choice(sorted(pool))
    new = replacement.upper() if replacement in ("us", "uk") else replacement.title().removesuffix(" State")
    names = sorted((n for n, p in places.NAMES.items() if p == target), key=len, reverse=True)
    changed = text
    for name in names:
        pattern = re.compile(rf"(?<![\w.]){re.escape(name)}(?![\w])", re.IGNORECASE)
        careful = name in places.CASE_SENSITIVE
        changed = pattern.sub(lambda m, careful=careful: m.group() if careful and not m.group()[:1].isupper()
                              else new, changed)
    if target in places.places_in(changed):
        return None  # a mention the patterns could not replace
    return changed if changed != text else None


def change_polarity(text: str, rng: random.Random) -> str | None:
    m = _NEG.search(text)
    if m:  # drop the negation
        before = text[:m.start()]
        if m.group().lower().startswith("n"):  # "can't" → "can", "won't" → "will", "doesn't" → "does"
            if before.lower().endswith("wo"):
                before = before[:-2] + "will"
            elif before.lower().endswith("ca"):
                before += "n"
        return before + text[m.end():]
    m = _AUX.search(text)
    if m:  # add one
        return text[:m.end()] + " not" + text[m.end():]
    return None


def make(factchecks: list[FactCheck], *, per_kind: int, seed: int = 22) -> list[Negative]:
    """Up to ``per_kind`` negatives of each kind, from the given (real) fact-checks."""
    rng = random.Random(seed)
    order = list(factchecks)
    rng.shuffle(order)
    out: list[Negative] = []
    for kind, change in (("number", change_number), ("place", change_place), ("negation", change_polarity)):
        n = 0
        for fc in order:
            if n >= per_kind:
                break
            changed = change(fc.claim, random.Random(f"{seed}-{kind}-{fc.url}"))
            if changed and changed != fc.claim:
                out.append(Negative(kind, fc, changed))
                n += 1
    return out
