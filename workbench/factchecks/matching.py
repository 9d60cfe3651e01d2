"""Matching a claim against the fact-check library, and judging whether two statements are the same claim.

1. **Candidates**: the claim's content words (plus the folded synonyms of ``text.FOLD``) as one FTS5 ``OR``
   query, best BM25 first (``FactCheckLibrary.candidates``).
2. **Re-ranking**: each candidate is compared with the claim on features that shared words alone miss:
   IDF-weighted word overlap in both directions (rare words matter; the library's own index gives the
   document frequencies), fuzzy token similarity (rapidfuzz), agreement of the numbers stated, of
   negation, of places, of other names, and, when known, of who said it and when. A logistic model over
   these gives the ``score`` (0..1). Its weights were fitted on the training parts of the public
   claim-retrieval sets in ``benchmarks/factchecks`` (never their test parts).
3. **Same claim?** A candidate is judged the same claim when its score reaches ``SAME_SCORE`` or its wording
   alone is close enough (``SAME_CLOSENESS``), and nothing contradicts it: a different number in the same
   role, a negation on one side only, or a different city or country. "The mayor has cut the council's debt
   in half since 2020" is the same claim as "council debt has halved under the current mayor"; the same figure
   said of another city is not. A place or number said on one side only is less detail, not another claim.

``near_duplicates`` uses the same comparison between the claims of one project.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date as Date
from typing import TYPE_CHECKING

from workbench.factchecks import places
from workbench.factchecks.model import FactCheck, Match
from workbench.factchecks.text import FOLD, IRREGULAR, ClaimText, analyse, quantity_conflict, tokens

if TYPE_CHECKING:
    from workbench.factchecks.library import FactCheckLibrary

CANDIDATES = 60  # BM25 candidates re-ranked per claim
MAX_QUERY_TERMS = 16  # the rarest words of a long quote are enough to find it
# Words in more fact-checks than this are left out of the query when 3 others remain: the index reads a word's
# whole posting list, so their cost grows with the library while they rank little.
COMMON_DOCS = 5_000
# A candidate can be the same claim when its score is at least SAME_SCORE, or its wording alone is at least
# SAME_CLOSENESS close; chosen on the training paraphrases (recall ~0.8 with ~4 % of the best wrong candidates,
# some of them fact-checks of the very same claim, judged the same).
SAME_SCORE = 0.7
SAME_CLOSENESS = 0.6
NEAR_CANDIDATES = 10  # claims of a project compared with each claim for near-duplicates ...
NEAR_MIN_CLOSENESS = 0.3  # ... if their words are at least this close

# Logistic weights of the re-ranking features (see ``compare``), fitted by ``python -m benchmarks.factchecks.tune
# --write`` on the training parts of the benchmark's sets: a softmax over each claim's candidates, then calibrated
# so the score reads as the chance that the candidate is a right answer.
WEIGHTS: dict[str, float] = {
    "bias": -10.984,
    "closeness": 1.376,
    "rare_words": 0.083,
    "names": 0.885,
    "bigrams": -0.696,
    "cover_query": -1.216,
    "cover_candidate": 1.281,
    "cover_with_title": 1.112,
    "near_words": 4.514,
    "fuzzy": 2.301,
    "bm25": 5.279,
    "numbers_agree": 0.637,
    "numbers_conflict": -0.330,
    "negation_mismatch": -0.232,
    "place_conflict": -0.270,
    "name_conflict": 0.066,
    "claimant_agrees": 2.986,
    "claimant_differs": -2.986,
    "date_close": 3.000,
}


# -- comparing two statements ----------------------------------------------------------------------------


@dataclass(slots=True)
class Comparison:
    """How a candidate compares with a claim: its features, score and same-claim judgement."""

    features: dict[str, float]
    score: float = 0.0
    closeness: float = 0.0
    same_claim: bool = False
    reasons: list[str] = field(default_factory=list)


Idf = dict[str, float]


def _weight(stem: str, idf: Idf, default: float) -> float:
    return idf.get(stem, default)


def closeness(a: ClaimText, b: ClaimText, idf: Idf | None = None) -> tuple[float, float, float]:
    """IDF-weighted share of ``a``'s content words found in ``b``, of ``b``'s found in ``a``, and their
    harmonic mean: 1.0 for the same words, 0 for none in common. Without IDFs every word weighs the same."""
    idf = idf or {}
    default = max(idf.values(), default=1.0)
    wa = sum(_weight(s, idf, default) for s in a.stem_set)
    wb = sum(_weight(s, idf, default) for s in b.stem_set)
    shared = sum(_weight(s, idf, default) for s in a.stem_set & b.stem_set)
    if not wa or not wb or not shared:
        return 0.0, 0.0, 0.0
    ca, cb = shared / wa, shared / wb
    return ca, cb, 2 * ca * cb / (ca + cb)


def _fuzzy(a: ClaimText, b: ClaimText) -> float:
    from rapidfuzz import fuzz

    return fuzz.token_set_ratio(" ".join(a.stems), " ".join(b.stems)) / 100.0


def _near(a: str, b: str) -> bool:
    """Two stems that are forms of one word the stemmer left apart ("detain"/"detent" no; "elect"/"elector",
    "immigr"/"immigration"): a shared beginning of 5 letters or more covering most of the shorter one."""
    if a == b:
        return True
    if a[:1] != b[:1] or a[:1].isdigit() or min(len(a), len(b)) < 5:
        return False
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n >= 5 and n >= 0.8 * min(len(a), len(b))


def _near_cover(a: ClaimText, b: ClaimText, idf: Idf) -> float:
    """Like the IDF-weighted share of ``a``'s words in ``b``, counting near forms of a word as found."""
    default = max(idf.values(), default=1.0)
    total = found = 0.0
    others = b.stem_set
    for s in a.stem_set:
        w = idf.get(s, default)
        total += w
        if s in others or any(_near(s, t) for t in others):
            found += w
    return found / total if total else 0.0


def _bigram_cover(a: ClaimText, b: ClaimText) -> float:
    """Share of ``a``'s neighbouring content-word pairs that ``b`` has too: word order, roughly."""
    pairs = set(zip(a.stems, a.stems[1:], strict=False))
    if not pairs:
        return 0.0
    other = set(zip(b.stems, b.stems[1:], strict=False))
    return len(pairs & other) / len(pairs)


def _names_conflict(a: ClaimText, b: ClaimText) -> bool:
    # Each side names someone the other does not mention at all ("Obama cut..." vs "Biden cut...").
    only_a = a.names - b.stem_set - b.names
    only_b = b.names - a.stem_set - a.names
    return bool(only_a and only_b)


def _name_tokens(name: str) -> set[str]:
    return {t for t in tokens(name) if len(t) > 1 and t not in ("mr", "mrs", "ms", "dr", "sen", "rep", "gov",
                                                                 "president", "the", "of", "jr", "sr")}


def claimant_agreement(hint: str, claimant: str, claim_text: str = "") -> int:
    """1 when the speaker given matches the fact-check's claimant (a shared surname is enough), -1 when both
    are known and differ, 0 when either is unknown."""
    if not hint or not (claimant or claim_text):
        return 0
    h = _name_tokens(hint)
    if not h:
        return 0
    c = _name_tokens(claimant)
    if h & c:
        return 1
    if not c:
        return 1 if h & set(tokens(claim_text)) else 0
    return -1


def _parse_date(text: str) -> Date | None:
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", text or "")
    if not m:
        return None
    try:
        return Date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def date_closeness(hint: str, fc: FactCheck) -> float:
    """How close the claim's date (an article's date) is to when the fact-checked claim was made: 1 within a
    week, falling to 0 after a year. Repeated claims are still found; this only orders near ties."""
    d = _parse_date(hint)
    if d is None:
        return 0.0
    other = _parse_date(fc.claim_date) or _parse_date(fc.date)
    if other is None:
        return 0.0
    days = abs((d - other).days)
    if days <= 7:
        return 1.0
    return max(0.0, 1.0 - math.log(days / 7) / math.log(365 / 7))


def compare(query: ClaimText, fc: FactCheck, *, idf: Idf | None = None, bm25: float = 0.0, speaker: str = "",
            date: str = "") -> Comparison:
    """Compare a claim with one fact-check (its claim text, claimant and dates)."""
    cand = analyse(fc.claim)
    cover_q, cover_c, close = closeness(query, cand, idf)
    with_title = cover_q
    if fc.title:
        # The review's title often says the claim in other words: words of the claim found there count too.
        with_title = closeness(query, analyse(fc.claim + " " + fc.title), idf)[0]
    rare = sorted(query.stem_set, key=lambda t: -(idf or {}).get(t, 0.0))[:3]
    target = cand.stem_set | (analyse(fc.title).stem_set if fc.title else frozenset())
    named = query.names | {w for p in query.places for w in p.split()}
    f: dict[str, float] = {
        "closeness": close,
        "rare_words": sum(1 for t in rare if t in target) / len(rare) if rare else 0.0,
        "names": (sum(1 for n in named if n in target or n in cand.names) / len(named)) if named else 0.0,
        "bigrams": _bigram_cover(query, analyse(fc.claim + " " + fc.title) if fc.title else cand),
        "cover_query": cover_q,
        "cover_candidate": cover_c,
        "cover_with_title": with_title,
        "near_words": _near_cover(query, analyse(fc.claim + " " + fc.title) if fc.title else cand, idf or {}),
        "fuzzy": _fuzzy(query, cand),
        "bm25": bm25,
    }
    reasons: list[str] = []
    numbers = quantity_conflict(query.quantities, cand.quantities)
    agree = any(q.kind != "year" and any(q.agrees(r) for r in cand.quantities) for q in query.quantities)
    f["numbers_agree"] = 1.0 if agree else 0.0
    f["numbers_conflict"] = 1.0 if numbers else 0.0
    if numbers:
        reasons.append(f"different number: “{numbers[0].text}” vs “{numbers[1].text}”")
    f["negation_mismatch"] = 1.0 if query.negated != cand.negated else 0.0
    if f["negation_mismatch"]:
        reasons.append("one of them is negated (not/never/no…), the other is not")
    where = places.conflict(query.places, cand.places)
    f["place_conflict"] = 1.0 if where else 0.0
    if where:
        reasons.append(f"different place: {where[0].title()} vs {where[1].title()}")
    f["name_conflict"] = 1.0 if _names_conflict(query, cand) else 0.0
    who = claimant_agreement(speaker, fc.claimant, fc.claim)
    f["claimant_agrees"] = 1.0 if who > 0 else 0.0
    f["claimant_differs"] = 1.0 if who < 0 else 0.0
    f["date_close"] = date_closeness(date, fc)
    z = WEIGHTS["bias"] + sum(WEIGHTS.get(k, 0.0) * v for k, v in f.items())
    score = 1.0 / (1.0 + math.exp(-z))
    same = (score >= SAME_SCORE or close >= SAME_CLOSENESS) and not (numbers or where or f["negation_mismatch"])
    if same:
        reasons.insert(0, "same claim: close wording, same numbers, places and polarity")
    elif not same and not reasons:
        reasons.append("related, but worded too differently to be sure it is the same claim")
    return Comparison(f, score, close, same, reasons)


def same_claim(a: str, b: str) -> bool:
    """Whether two statements make the same claim (no library needed: every word weighs the same)."""
    # Compared as a library's best candidate would be (BM25 at its top).
    return compare(analyse(a), FactCheck(url="", claim=b), bm25=1.0).same_claim


# -- the library -------------------------------------------------------------------------------------------


def _fts_terms(ct: ClaimText) -> dict[str, str]:
    """FTS5 terms for a claim, each with the stem it stands for: its content words (numbers as the tokens FTS
    sees: "4,000" → "4 000"), and other forms of folded synonyms ("halved" also looks for "half")."""
    from workbench.factchecks.text import NEGATORS, STOPWORDS, content_stems

    terms: dict[str, str] = {}
    for w in ct.words:
        if w in STOPWORDS or w in NEGATORS or (len(w) < 2 and not w.isdigit()):
            continue
        s = content_stems([w])[0]
        terms.setdefault('"' + re.sub(r"[.,]", " ", w) + '"', s)
        canon = FOLD.get(w) or IRREGULAR.get(w)
        if canon and canon.isalpha():  # one other form only: more would drown the claim's own words
            terms.setdefault('"' + canon + '"', s)
    return terms


def match_claim(library: FactCheckLibrary, quote: str, *, speaker: str = "", date: str = "", limit: int = 5,
                candidates: int = CANDIDATES) -> list[Match]:
    """The fact-checks in ``library`` closest to a claim, best first (at most ``limit``).

    ``speaker`` (who said it) and ``date`` (the article's date, ``YYYY-MM-DD``) are hints: they raise the
    fact-checks of the same person's claims around that time, and never hide the others.
    """
    scored = compare_candidates(library, quote, speaker=speaker, date=date, candidates=candidates)
    scored.sort(key=lambda p: -p[1].score)
    return [Match(fc, c.score, c.same_claim, c.reasons) for fc, c in scored[:limit]]


def compare_candidates(library: FactCheckLibrary, quote: str, *, speaker: str = "", date: str = "",
                       candidates: int = CANDIDATES) -> list[tuple[FactCheck, Comparison]]:
    """Every BM25 candidate for a claim with its comparison, in BM25 order (``match_claim`` re-sorts them;
    the benchmark's tuning reads their features)."""
    ct = analyse(quote)
    terms = _fts_terms(ct)
    if not terms:
        return []
    # The rarest words find it: words in many fact-checks cost the index most time and rank little.
    idf = library.idf(set(terms.values()))
    kept = {t: s for t, s in terms.items() if library.docs_with(s) <= COMMON_DOCS}
    if len(kept) >= 3:
        terms = kept
    if len(terms) > MAX_QUERY_TERMS:
        terms = dict(sorted(terms.items(), key=lambda t: -idf.get(t[1], 0.0))[:MAX_QUERY_TERMS])
    found = library.candidates(" OR ".join(terms), limit=candidates)
    if not found:
        return []
    top = max(score for _, score in found) or 1.0
    stems = set(ct.stem_set)
    for fc, _ in found:
        stems |= analyse(fc.claim).stem_set | (analyse(fc.title).stem_set if fc.title else frozenset())
    idf = library.idf(stems)
    return [(fc, compare(ct, fc, idf=idf, bm25=bm25 / top, speaker=speaker, date=date)) for fc, bm25 in found]


# -- within a project ------------------------------------------------------------------------------------


def near_duplicates(claims: Sequence[tuple[str, str]] | Iterable[tuple[str, str]]
                    ) -> dict[str, list[tuple[str, float]]]:
    """Claims of a project that say the same thing: ``{claim id: [(other id, score), ...]}`` (closest first)
    for every claim with at least one such other claim, from ``(id, quote)`` pairs.

    Words are weighted by how rare they are among these claims, candidates come from shared rare words
    (not all pairs), and a pair counts only when ``compare`` judges them the same claim. The order of the
    pairs does not matter: a pair found from either side is compared once.
    """
    items = [(cid, analyse(text)) for cid, text in claims]
    n = len(items)
    df: dict[str, int] = {}
    for _, ct in items:
        for s in ct.stem_set:
            df[s] = df.get(s, 0) + 1
    idf = {s: math.log(1 + n / d) for s, d in df.items()}
    # Words in many claims do not find pairs (a rare shared word does); each claim is compared with the
    # NEAR_CANDIDATES others that share the most rare-word weight with it, so a big project stays quick.
    limit = max(20, min(n // 10, 200))
    postings: dict[str, list[int]] = {}
    for i, (_, ct) in enumerate(items):
        for s in ct.stem_set:
            if df[s] <= limit:
                postings.setdefault(s, []).append(i)
    out: dict[str, list[tuple[str, float]]] = {}
    done: set[tuple[int, int]] = set()
    for i, (cid, ct) in enumerate(items):
        shared: dict[int, float] = {}
        for s in ct.stem_set:
            for j in postings.get(s, ()):
                if j != i:
                    shared[j] = shared.get(j, 0.0) + idf[s]
        for j in sorted(shared, key=lambda j: -shared[j])[:NEAR_CANDIDATES]:
            pair = (min(i, j), max(i, j))
            if pair in done:
                continue
            done.add(pair)
            other_id, other = items[j]
            if closeness(ct, other, idf)[2] < NEAR_MIN_CLOSENESS:
                continue  # too few words in common to be the same claim: not worth the full comparison
            c = compare(ct, FactCheck(url="", claim=other.text), idf=idf, bm25=1.0)
            if c.same_claim:
                out.setdefault(cid, []).append((other_id, c.score))
                out.setdefault(other_id, []).append((cid, c.score))
    for v in out.values():
        v.sort(key=lambda p: -p[1])
    return out
