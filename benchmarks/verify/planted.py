"""Planted-edit benchmark for quote verification, on real transcripts and statements.

Quotes are cut from real White House press briefings and speeches (speaker-turn transcripts) and
statements (written text) — see ``corpus.py`` for where they come from — and edited the ways quotes go
wrong in print:

- ``typography``: verbatim, but with straight/curly quotes swapped, dashes rewritten, line breaks and
  double spaces, a word hyphenated at a line end, the first letter's case changed, outer quote marks or a
  trailing "…" (expected: verbatim);
- ``substitution``, ``negation_dropped``, ``negation_added``, ``number_changed``, ``insertion``,
  ``word_dropped`` (expected: altered, and the diff must show the planted change);
- ``splice_marked`` / ``splice_silent``: two pieces of the same speaker's words, from nearby sentences or
  from far apart, joined with "…", "...", "[…]" or silently (expected: spliced, ``ellipsis`` right);
- ``elsewhere``: a quote from another document, none of whose 4-word phrases is in the source (expected:
  not_found).

Every quote is verified against its whole source document. Printed: accuracy per kind and for the two
goals (alterations and splices ≥ 98 %, typography-only quotes verbatim ≥ 99 %), beside a baseline measured
in the same run — the usual quick check: exact match after folding case and whitespace, else rapidfuzz
``partial_ratio`` ≥ 90 means altered — and the same classifier with each word aligner
(``difflib.SequenceMatcher``, rapidfuzz ``Indel.opcodes``, diff-match-patch over word-encoded text).

Usage: python -m benchmarks.verify.planted [--seed N] [--sources N] [--per-kind N] [-v] [--aligners]
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from benchmarks.verify import corpus
from workbench.importers.transcripts import read_transcript
from workbench.verify import SourceText, verify_quote
from workbench.verify.text import parse_quote

ALTERATIONS = ("substitution", "negation_dropped", "negation_added", "number_changed", "insertion",
               "word_dropped")
SPLICES = ("splice_marked", "splice_silent")
KINDS = ("typography", *ALTERATIONS, *SPLICES, "elsewhere")
EXPECTED = {"typography": "verbatim", **dict.fromkeys(ALTERATIONS, "altered"), **dict.fromkeys(SPLICES, "spliced"),
            "elsewhere": "not_found"}


@dataclass
class Doc:
    name: str
    source: SourceText
    # (speaker, passage text) of each passage a quote may come from
    passages: list[tuple[str | None, str]]
    raw: list = field(default_factory=list)  # the transcript's passages, for --haystack volumes


@dataclass
class Case:
    kind: str
    doc: int
    quote: str
    speaker: str | None
    planted: tuple[str, str] = ("", "")  # (source words, quote words) of an alteration
    marked: bool = False


# -- the documents -------------------------------------------------------------------------------------


def load_docs(n_sources: int, seed: int) -> list[Doc]:
    """``n_sources`` documents: three transcripts for every statement, picked by seed from the corpus."""
    rng = random.Random(f"docs-{seed}")
    briefings = corpus.list_files("press-briefings") + corpus.list_files("speeches-remarks")
    statements = corpus.list_files("statements-releases")
    picked = rng.sample(briefings, min(len(briefings), n_sources * 3)) + rng.sample(statements, n_sources)
    data = corpus.read_files(picked)
    transcripts: list[Doc] = []
    texts: list[Doc] = []
    for path in picked:
        text = corpus.plain(data[path])
        if len(text.split()) < 400:
            continue
        name = path.rsplit("/", 1)[-1]
        if path.startswith("statements"):
            if len(texts) < n_sources // 4:
                source = SourceText.from_text(text)
                texts.append(Doc(name, source, [(None, source.text[p.start:p.end]) for p in source.passages]))
            continue
        if len(transcripts) >= n_sources - n_sources // 4:
            continue
        try:
            transcript = read_transcript(text.encode(), name.replace(".md", ".txt"))
        except Exception:  # a page with no speaker turns (a proclamation): not a transcript
            continue
        said = [(p.speaker, p.text) for p in transcript.passages if p.speaker and p.speaker != "Q"]
        if len(said) < 10:
            continue
        transcripts.append(Doc(name, SourceText.from_transcript(transcript.passages), said, transcript.passages))
    return transcripts + texts


def into_volumes(docs: list[Doc], words: int) -> None:
    """Verify each transcript's quotes against a volume of about ``words`` words that holds it and other
    transcripts (a day of hearings in one file): more places for common phrases to be found."""
    volume: list[Doc] = []
    size = 0
    for doc in [*docs, None]:
        if doc is not None and doc.source.kind != "transcript":
            continue
        if doc is None or (volume and size + len(doc.source.index) > words):
            if volume:
                source = SourceText.from_transcript([p for d in volume for p in d.raw])
                for d in volume:
                    d.source = source
            volume, size = [], 0
        if doc is not None:
            volume.append(doc)
            size += len(doc.source.index)


# -- cutting quotes ------------------------------------------------------------------------------------

# A sentence ends at . ! ? (and a closing quote) before a space and a capital, but not after an initial or a
# common abbreviation ("U.S.", "Mr.", "Dr."), nor inside a number ("3.5").
_SENTENCE_END = re.compile(r"(?<![A-Z])(?<!\bMr)(?<!\bMs)(?<!\bMrs)(?<!\bDr)(?<!\bSt)(?<!\bNo)(?<!\bJr)"
                           r"[.!?]+[”\"’']?(?=\s+[“\"(]?[A-Z])")


def sentences(text: str) -> list[str]:
    out = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        out.append(text[start:m.end()].strip())
        start = m.end()
    out.append(text[start:].strip())
    # a sentence as quoted: starts with a capital, holds no omission mark or list of its own
    return [s for s in out if s[:1].isupper() and "…" not in s and "..." not in s and "\n-" not in s]


def n_words(text: str) -> int:
    return len(parse_quote(text).tokens)


def pick_sentence(rng: random.Random, doc: Doc, lo: int = 6, hi: int = 40,
                  test: Callable[[str], bool] | None = None) -> tuple[int, int, str] | None:
    """(passage, sentence number, sentence) of lo..hi words, passing ``test``."""
    for _ in range(60):
        pi = rng.randrange(len(doc.passages))
        sents = sentences(doc.passages[pi][1])
        if not sents:
            continue
        si = rng.randrange(len(sents))
        s = sents[si]
        if lo <= n_words(s) <= hi and (test is None or test(s)):
            return pi, si, s
    return None


def fragment(rng: random.Random, sentence: str) -> str:
    """Sometimes a part of the sentence (news quotes are often fragments: "highly likely")."""
    words = sentence.split()
    if len(words) < 8 or rng.random() < 0.6:
        return sentence
    size = rng.randint(4, min(12, len(words) - 1))
    start = rng.randrange(0, len(words) - size + 1)
    return " ".join(words[start:start + size])


# -- the edits -----------------------------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z]{4,}")
_NEGATION = re.compile(r"\b(?:not|never|cannot|can['’]t|won['’]t|\w+n['’]t)\b", re.IGNORECASE)
_AUX = re.compile(r"\b(is|are|was|were|will|would|can|could|should|must|do|does|did|has|have|had)\s+(?!not\b|n['’]t)"
                  r"(?=[a-z])")
_NUMBER = re.compile(r"\b\d[\d,.]*\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|"
                     r"thirty|forty|fifty|hundred|thousand|million|billion|trillion)\b", re.IGNORECASE)
_NUMBER_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                 "twenty", "thirty", "forty", "fifty"]
_SCALE = {"hundred": "thousand", "thousand": "million", "million": "billion", "billion": "million",
          "trillion": "billion"}
_EMBELLISH = ["very", "really", "absolutely", "completely", "clearly", "deeply", "totally", "always", "only",
              "still", "certainly", "frankly", "entirely", "just", "also", "fully"]
_STOP = frozenset(["that", "this", "with", "from", "have", "they", "their", "there", "what", "which", "when", "were",
                   "been", "will", "would", "about", "into", "your", "just", "also", "than", "then", "them", "these",
                   "those", "more", "some", "very", "much", "such"])


def typography(rng: random.Random, q: str) -> str:
    edits = [
        lambda s: s.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"'),
        lambda s: s.replace("'", "’"),
        lambda s: re.sub(r"\s*—\s*", rng.choice([" -- ", " – ", "—", " - "]), s),
        lambda s: s.replace(" ", "\n", 1) if " " in s else s,
        lambda s: re.sub(r" (?=\S)", "  ", s, count=2),
        lambda s: _hyphenate(rng, s),
        lambda s: (s[0].lower() if s[0].isupper() else s[0].upper()) + s[1:] if s[:1].isalpha() else s,
        lambda s: f"“{s}”",
        lambda s: s.rstrip(".") if s.endswith(".") else s,
        lambda s: s.rstrip(".") + "…",
    ]
    out = q
    for edit in rng.sample(edits, rng.randint(1, 3)):
        out = edit(out)
    return out


def _hyphenate(rng: random.Random, s: str) -> str:
    long = [m for m in re.finditer(r"(?<![(\[])\b[a-z]{8,}\b(?![)\]])", s)]
    if not long:
        return s
    m = rng.choice(long)
    cut = m.start() + rng.randint(3, len(m.group()) - 3)
    return s[:cut] + "-\n" + s[cut:]


def substitution(rng: random.Random, q: str, vocab: list[str]) -> tuple[str, tuple[str, str]] | None:
    words = [m for m in _WORD.finditer(q) if m.group().lower() not in _STOP and not _NEGATION.fullmatch(m.group())]
    if not words:
        return None
    m = rng.choice(words)
    old = m.group()
    new = rng.choice(vocab)
    if new.lower() == old.lower():
        return None
    if old[0].isupper():
        new = new.capitalize()
    return q[:m.start()] + new + q[m.end():], (old, new)


def _pick(rng: random.Random, pattern: re.Pattern[str], q: str) -> re.Match[str] | None:
    """One match of ``pattern`` in ``q``, chosen by ``rng``; None when there is none."""
    found = list(pattern.finditer(q))
    return rng.choice(found) if found else None


_DROP_NEGATION = {"cannot": "can", "can't": "can", "can’t": "can", "won't": "will", "won’t": "will"}


def negation_dropped(rng: random.Random, q: str) -> tuple[str, tuple[str, str]] | None:
    m = _pick(rng, _NEGATION, q)
    if m is None:
        return None
    word = m.group()
    low = word.lower()
    if low in ("not", "never"):
        new = re.sub(r"\s+", " ", q[:m.start()] + q[m.end():]).replace(" ,", ",")
        return new.strip(), (word, "")
    repl = _DROP_NEGATION.get(low) or re.sub(r"n['’]t$", "", word, flags=re.I)
    if word[0].isupper():
        repl = repl.capitalize()
    return q[:m.start()] + repl + q[m.end():], (word, repl)


def negation_added(rng: random.Random, q: str) -> tuple[str, tuple[str, str]] | None:
    m = _pick(rng, _AUX, q)
    if m is None:
        return None
    word = rng.choice(["not", "not", "never"])
    return q[:m.end()] + word + " " + q[m.end():], ("", word)


def number_changed(rng: random.Random, q: str) -> tuple[str, tuple[str, str]] | None:
    m = _pick(rng, _NUMBER, q)
    if m is None:
        return None
    old = m.group()
    low = old.lower()
    if low in _SCALE:
        new = _SCALE[low]
    elif low in _NUMBER_WORDS:
        new = rng.choice([w for w in _NUMBER_WORDS if w != low])
    else:
        digits = [i for i, ch in enumerate(old) if ch.isdigit()]
        i = rng.choice(digits)
        new = old[:i] + str((int(old[i]) + rng.randint(1, 8)) % 10) + old[i + 1:]
        if new.lstrip("0") == "" or new == old:
            return None
    if old[0].isupper():
        new = new.capitalize()
    return q[:m.start()] + new + q[m.end():], (old, new)


def insertion(rng: random.Random, q: str, vocab: list[str]) -> tuple[str, tuple[str, str]] | None:
    spaces = [m.start() for m in re.finditer(r" (?=[a-z])", q)]
    if not spaces:
        return None
    at = rng.choice(spaces)
    words = rng.choice([[rng.choice(_EMBELLISH)], [rng.choice(vocab).lower()],
                        [rng.choice(_EMBELLISH), rng.choice(vocab).lower()]])
    added = " ".join(words)
    return q[:at] + " " + added + q[at:], ("", added)


def word_dropped(rng: random.Random, q: str) -> tuple[str, tuple[str, str]] | None:
    words = [m for m in re.finditer(r" ([A-Za-z]{3,})(?= )", q) if not _NEGATION.fullmatch(m.group(1))]
    if not words:
        return None
    m = rng.choice(words)
    return q[:m.start()] + q[m.end():], (m.group(1), "")


_MARKS = [" … ", " ... ", " […] ", " [...] ", "… ", " . . . "]


def splice(rng: random.Random, doc: Doc, marked: bool) -> tuple[str, str | None] | None:
    """Two pieces of one speaker's words joined: from nearby sentences, inside one long sentence, or far."""
    way = rng.choice(["near", "near", "within", "far"])
    if way == "within":
        picked = pick_sentence(rng, doc, 16, 60)
        if picked is None:
            return None
        pi, _, s = picked
        words = s.split()
        a = rng.randint(4, len(words) // 2 - 2)
        gap = rng.randint(3, max(3, len(words) - a - 5))
        first, second = " ".join(words[:a]), " ".join(words[a + gap:])
        if n_words(second) < 3:
            return None
    else:
        picked = pick_sentence(rng, doc, 5, 30)
        if picked is None:
            return None
        pi, si, first = picked
        speaker = doc.passages[pi][0]
        if way == "near":
            later = sentences(doc.passages[pi][1])[si + 2:si + 5]
            if not later and pi + 1 < len(doc.passages) and doc.passages[pi + 1][0] == speaker:
                later = sentences(doc.passages[pi + 1][1])[:3]
        else:
            far = [i for i, (sp, _) in enumerate(doc.passages) if sp == speaker and abs(i - pi) >= 5]
            later = sentences(doc.passages[rng.choice(far)][1]) if far else []
        later = [s for s in later if 5 <= n_words(s) <= 30]
        if not later:
            return None
        second = rng.choice(later)
    first = first.rstrip(".!?;,")
    if marked:
        joint = rng.choice(_MARKS)
    else:
        joint = rng.choice([", ", " ", "; "])
        if joint != ". " and rng.random() < 0.7 and second[:1].isupper() and second.split(" ", 1)[0] != "I":
            second = second[0].lower() + second[1:]
    return first + joint + second, doc.passages[pi][0]


# -- building the cases --------------------------------------------------------------------------------


def build_cases(docs: list[Doc], per_kind: int, seed: int) -> list[Case]:
    rng = random.Random(f"cases-{seed}")
    vocab = sorted({w for d in docs for _, t in d.passages[:40] for w in _WORD.findall(t) if w.islower()})
    cases: list[Case] = []
    counts: Counter[str] = Counter()
    tries = 0
    while min(counts[k] for k in KINDS) < per_kind and tries < per_kind * len(KINDS) * 40:
        tries += 1
        kind = min(KINDS, key=lambda k: (counts[k], rng.random()))
        d = rng.randrange(len(docs))
        doc = docs[d]
        case = _make(rng, kind, d, doc, docs, vocab)
        if case is None:
            continue
        cases.append(case)
        counts[kind] += 1
    return cases


def _make(rng: random.Random, kind: str, d: int, doc: Doc, docs: list[Doc], vocab: list[str]) -> Case | None:
    index = doc.source.index
    if kind in SPLICES:
        made = splice(rng, doc, kind == "splice_marked")
        if made is None:
            return None
        quote, speaker = made
        if index.find_all([t.key for t in parse_quote(quote).tokens]):
            return None  # the joint happens to be in the source as it is
        return Case(kind, d, quote, speaker, marked=kind == "splice_marked")
    if kind == "elsewhere":
        other = rng.randrange(len(docs))
        if other == d:
            return None
        picked = pick_sentence(rng, docs[other], 8, 40)
        if picked is None:
            return None
        quote = picked[2]
        keys = [t.key for t in parse_quote(quote).tokens]
        if any(index.find_all(keys[i:i + 4], limit=1) for i in range(len(keys) - 3)):
            return None  # shared talking points: the quote may well be in this source too
        return Case(kind, d, quote, docs[other].passages[picked[0]][0])
    test = {"negation_dropped": lambda s: bool(_NEGATION.search(s)),
            "negation_added": lambda s: bool(_AUX.search(s)),
            "number_changed": lambda s: bool(_NUMBER.search(s))}.get(kind)
    picked = pick_sentence(rng, doc, 4 if kind != "word_dropped" else 6, 40, test)
    if picked is None:
        return None
    pi, _, sentence = picked
    speaker = doc.passages[pi][0]
    quote = sentence if kind in ("negation_dropped", "negation_added", "number_changed") else fragment(rng, sentence)
    if kind == "typography":
        return Case(kind, d, typography(rng, quote), speaker)
    edit = {"substitution": lambda: substitution(rng, quote, vocab),
            "negation_dropped": lambda: negation_dropped(rng, quote),
            "negation_added": lambda: negation_added(rng, quote),
            "number_changed": lambda: number_changed(rng, quote),
            "insertion": lambda: insertion(rng, quote, vocab),
            "word_dropped": lambda: word_dropped(rng, quote)}[kind]()
    if edit is None:
        return None
    new, planted = edit
    if index.find_all([t.key for t in parse_quote(new).tokens], limit=1):
        return None  # the edited words are in the source too (a repeated phrase): not an alteration
    return Case(kind, d, new, speaker, planted)


# -- scoring -------------------------------------------------------------------------------------------


def _norm(s: str) -> str:
    return " ".join(s.lower().replace("’", "'").replace("\n", " ").split()).strip(" .,;:!?\"'“”…-")


def diff_shows(result_changes: list[tuple[str, str]], planted: tuple[str, str]) -> bool:
    """Whether the reported changes include the planted one (the words removed and the words added)."""
    old, new = (_norm(planted[0]), _norm(planted[1]))
    for a, b in result_changes:
        a, b = _norm(a), _norm(b)
        if (not old or old in a) and (not new or new in b) and ((old and a) or (new and b)):
            return True
    return False


def judge(case: Case, status: str, ellipsis: bool | None) -> bool:
    if status != EXPECTED[case.kind]:
        return False
    return not (case.kind in SPLICES and ellipsis is not None and ellipsis != case.marked)


def baseline(case: Case, docs_plain: list[str]) -> str:
    """The quick check: exact after folding case and whitespace, else partial_ratio >= 90 means altered."""
    text = docs_plain[case.doc]
    q = " ".join(case.quote.lower().split()).strip("“”\"")
    if q and q in text:
        return "verbatim"
    return "altered" if fuzz.partial_ratio(q, text) >= 90 else "not_found"


def run_cases(docs: list[Doc], cases: list[Case]) -> tuple[list[dict], float]:
    results = []
    t0 = time.perf_counter()
    for case in cases:
        r = verify_quote(case.quote, docs[case.doc].source, speaker=case.speaker)
        results.append({"status": r.status, "ellipsis": r.ellipsis, "changes": r.changes,
                        "similarity": r.similarity, "found": r.found})
    return results, time.perf_counter() - t0


def score(cases: list[Case], results: list[dict]) -> dict[str, tuple[int, int]]:
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for case, r in zip(cases, results, strict=True):
        ok = judge(case, r["status"], r["ellipsis"])
        out[case.kind][0] += ok
        out[case.kind][1] += 1
    return {k: (v[0], v[1]) for k, v in out.items()}


def _pct(ok: int, n: int) -> str:
    return f"{100 * ok / n:5.1f} % ({ok}/{n})" if n else "–"


def _group(scores: dict[str, tuple[int, int]], kinds: tuple[str, ...]) -> tuple[int, int]:
    return sum(scores.get(k, (0, 0))[0] for k in kinds), sum(scores.get(k, (0, 0))[1] for k in kinds)


# -- word aligners compared ----------------------------------------------------------------------------


class _IndelMatcher:
    """rapidfuzz's LCS (Indel) alignment with difflib's interface."""

    def __init__(self, _junk: object, a: list[str], b: list[str], autojunk: bool = False) -> None:
        from rapidfuzz.distance import Indel

        self.ops = Indel.opcodes(a, b)
        self.a, self.b = a, b

    def get_matching_blocks(self) -> list[tuple[int, int, int]]:
        blocks = [(o.src_start, o.dest_start, o.src_end - o.src_start) for o in self.ops if o.tag == "equal"]
        return [*blocks, (len(self.a), len(self.b), 0)]


class _DmpMatcher:
    """diff-match-patch over words encoded as characters (its line-mode trick, for words)."""

    def __init__(self, _junk: object, a: list[str], b: list[str], autojunk: bool = False) -> None:
        from diff_match_patch import diff_match_patch

        codes: dict[str, str] = {}
        enc = lambda seq: "".join(codes.setdefault(w, chr(0x100 + len(codes))) for w in seq)  # noqa: E731
        dmp = diff_match_patch()
        dmp.Diff_Timeout = 0
        diffs = dmp.diff_main(enc(a), enc(b), False)
        self.blocks = []
        i = j = 0
        for op, text in diffs:
            if op == 0:
                self.blocks.append((i, j, len(text)))
                i += len(text)
                j += len(text)
            elif op == -1:
                i += len(text)
            else:
                j += len(text)
        self.end = (len(a), len(b), 0)

    def get_matching_blocks(self) -> list[tuple[int, int, int]]:
        return [*self.blocks, self.end]


def aligners() -> dict[str, type]:
    from difflib import SequenceMatcher

    found: dict[str, type] = {"difflib.SequenceMatcher": SequenceMatcher, "rapidfuzz Indel.opcodes": _IndelMatcher}
    try:
        import diff_match_patch  # noqa: F401
    except ImportError:
        pass
    else:
        found["diff-match-patch (words)"] = _DmpMatcher
    return found


# -- main ----------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.verify.planted", description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sources", type=int, default=100, help="documents to plant quotes in")
    parser.add_argument("--per-kind", type=int, default=150, help="quotes per kind of edit")
    parser.add_argument("--aligners", action="store_true", help="also run with each word aligner")
    parser.add_argument("--haystack", type=int, default=0, metavar="WORDS",
                        help="verify against volumes of about WORDS words of transcripts instead of one document")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every miss")
    args = parser.parse_args(argv)
    try:
        docs = load_docs(args.sources, args.seed)
    except corpus.CorpusMissing as exc:
        print(exc, file=sys.stderr)
        return 2
    words = sum(len(d.source.index) for d in docs)
    if args.haystack:
        into_volumes(docs, args.haystack)
    kinds = Counter("transcript" if d.source.kind == "transcript" else "text" for d in docs)
    print(f"{len(docs)} documents ({kinds['transcript']} transcripts, {kinds['text']} statements), "
          f"{words:,} words; seed {args.seed}")
    cases = build_cases(docs, args.per_kind, args.seed)
    results, elapsed = run_cases(docs, cases)
    scores = score(cases, results)
    plain = [" ".join(d.source.text.lower().replace("\n", " ").split()) for d in docs]
    base = score(cases, [{"status": baseline(c, plain), "ellipsis": None} for c in cases])
    shown = [diff_shows(r["changes"], c.planted) for c, r in zip(cases, results, strict=True)
             if c.kind in ALTERATIONS and r["status"] == "altered"]

    print(f"\n{'kind':<18} {'expected':<10} {'ours':>20} {'baseline':>20}")
    for kind in KINDS:
        ours, theirs = _pct(*scores.get(kind, (0, 0))), _pct(*base.get(kind, (0, 0)))
        print(f"{kind:<18} {EXPECTED[kind]:<10} {ours:>20} {theirs:>20}")
    alt, spl, typo = _group(scores, ALTERATIONS), _group(scores, SPLICES), _group(scores, ("typography",))
    both = (alt[0] + spl[0], alt[1] + spl[1])
    b_both = _group(base, ALTERATIONS + SPLICES)
    print(f"\nalterations and splices right: {_pct(*both)}   goal >= 98 %   "
          f"{'PASS' if both[1] and both[0] / both[1] >= 0.98 else 'FAIL'}   (baseline {_pct(*b_both)})")
    print(f"typography-only quotes verbatim: {_pct(*typo)}   goal >= 99 %   "
          f"{'PASS' if typo[1] and typo[0] / typo[1] >= 0.99 else 'FAIL'}   "
          f"(baseline {_pct(*base.get('typography', (0, 0)))})")
    print(f"planted change visible in the diff of the alterations found: {_pct(sum(shown), len(shown))}")
    print(f"quotes: {len(cases):,}; {1000 * elapsed / len(cases):.1f} ms per quote (median source "
          f"{statistics.median(len(docs[c.doc].source.index) for c in cases):,.0f} words)")
    if args.verbose:
        for case, r in zip(cases, results, strict=True):
            hidden = (case.kind in ALTERATIONS and r["status"] == "altered"
                      and not diff_shows(r["changes"], case.planted))
            if not judge(case, r["status"], r["ellipsis"]) or hidden:
                print(f"\n[{case.kind}] got {r['status']} (ellipsis {r['ellipsis']}, sim {r['similarity']:.2f}) "
                      f"in {docs[case.doc].name}\n  quote: {case.quote!r}\n  found: {r['found']!r}\n"
                      f"  planted: {case.planted}  changes: {r['changes']}")
    if args.aligners:
        from workbench.verify import match

        print(f"\n{'word aligner':<26} {'alterations+splices':>22} {'typography':>20} {'time':>9}")
        original = match.SequenceMatcher
        try:
            for name, cls in aligners().items():
                match.SequenceMatcher = cls
                res, t = run_cases(docs, cases)
                sc = score(cases, res)
                print(f"{name:<26} {_pct(*_group(sc, ALTERATIONS + SPLICES)):>22} "
                      f"{_pct(*_group(sc, ('typography',))):>20} {1000 * t / len(cases):6.1f} ms")
        finally:
            match.SequenceMatcher = original
    return 0 if both[1] and both[0] / both[1] >= 0.98 and typo[1] and typo[0] / typo[1] >= 0.99 else 1


if __name__ == "__main__":
    sys.exit(main())
