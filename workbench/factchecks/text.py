"""What the matcher reads off a claim's text: stemmed content words (with a few synonyms folded together),
the quantities it states, whether it is negated, the places and other names it mentions.

Stems come from the Porter stemmer, the same algorithm as SQLite's ``porter`` tokenizer, so words compare
the way the library's full-text index found them. ``analyse`` caches its results: a library's popular
fact-checks come back as candidates again and again.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from workbench.factchecks import places


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that say nothing about which claim it is. Negations are not here: they are read separately.
STOPWORDS = _words("""
a about above after again all also am an and any are as at be because been before being below between both but
by can could did do does doing down during each few for from further had has have having he her here hers
herself him himself his how i if in into is it its itself just me more most my myself of off on once only or
other our ours ourselves out over own same she should so some such than that the their theirs them themselves
then there these they this those through to too under until up very was we were what when where which while
who whom why will with would you your yours yourself yourselves says say said saying claim claims claimed
according stated states state statement one ones s t re ve ll d m since current currently now
still ever even already yet among across per via upon within around almost nearly approximately roughly least
may might must shall also actually really
""")
_CALENDAR = _words("""
january february march april may june july august september october november december monday tuesday wednesday
thursday friday saturday sunday
""")

# Synonyms folded to one stem, so paraphrases share words: "halved" ~ "cut in half", "rose" ~ "increased".
_FOLD_WORDS = {
    "half": ("halved", "halve", "halves", "halving", "halfs"),
    "double": ("doubled", "doubles", "doubling", "twice"),
    "triple": ("tripled", "triples", "tripling", "thrice"),
    "cut": ("reduce", "reduced", "reduces", "reducing", "reduction", "slash", "slashed", "lower", "lowered",
            "decrease", "decreased", "decreases", "decline", "declined", "fell", "fall", "falls", "fallen",
            "drop", "dropped", "drops", "shrink", "shrank", "shrunk", "cuts", "cutting"),
    "rise": ("increase", "increased", "increases", "increasing", "rose", "risen", "rising", "rises", "grew", "grow",
             "grown", "grows", "growing", "growth", "raise", "raised", "raises", "soar", "soared", "jump", "jumped",
             "surge", "surged", "climb", "climbed", "spike", "spiked", "boost", "boosted", "hike", "hiked"),
    "die": ("died", "dies", "dying", "dead", "death", "deaths", "killed", "kill", "kills", "fatal", "fatalities"),
    "child": ("children", "kids", "kid", "childs"),
    "vaccin": ("vaccine", "vaccines", "vaccinated", "vaccination", "vaccinations", "jab", "jabs"),
    "immigr": ("immigrant", "immigrants", "migrant", "migrants", "immigration", "migration"),
    "job": ("jobs", "employment", "employed"),
    "money": ("funds", "funding", "funded"),
    "presid": ("president", "presidents", "presidential", "pres"),
    "govern": ("government", "governments", "govt", "administration", "administrations"),
    "us": ("america", "american", "americans", "usa", "u.s", "u.s.a"),
    "percent": ("per cent", "pct", "%"),
}
FOLD = {w: canon for canon, words in _FOLD_WORDS.items() for w in words}

# Irregular English verbs, which stemming leaves apart from their base ("told" / "tells"): past form → base.
IRREGULAR = dict(pair.split(":", 1) for pair in _words("""
told:tell wrote:write written:write stole:steal stolen:steal took:take taken:take gave:give given:give
made:make went:go gone:go came:come saw:see seen:see found:find paid:pay sold:sell bought:buy won:win
lost:lose left:leave met:meet held:hold ran:run began:begin begun:begin chose:choose chosen:choose drove:drive
driven:drive forgot:forget forgotten:forget knew:know known:know thought:think brought:bring built:build
caught:catch fought:fight hid:hide hidden:hide kept:keep led:lead meant:mean sent:send spent:spend stood:stand
taught:teach threw:throw thrown:throw understood:understand wore:wear worn:wear shot:shoot struck:strike
spoke:speak spoken:speak broke:break broken:break hung:hang sat:sit slept:sleep swore:swear sworn:swear
fled:flee flew:fly flown:fly ate:eat eaten:eat fed:feed felt:feel heard:hear became:become forgave:forgive
bit:bite bitten:bite blew:blow blown:blow drew:draw drawn:draw grew:grow rode:ride ridden:ride rang:ring
rung:ring rose:rise risen:rise sang:sing sung:sing sank:sink sunk:sink shook:shake shaken:shake stuck:stick
swam:swim swum:swim tore:tear torn:tear woke:wake woken:wake
"""))

NEGATORS = _words("""
not no never none nobody nothing neither nor without cannot cant dont doesnt didnt isnt wasnt arent werent
wont wouldnt couldnt shouldnt hasnt havent hadnt aint nowhere
""")
# Verbs that deny what follows: "refused to", "opposed" read like "did not" for polarity.
NEGATIVE_VERBS = _words("""
refuse refused refuses refusing deny denied denies denying oppose opposed opposes opposing fail failed fails
failing reject rejected rejects rejecting lack lacked lacks
""")

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W_]+(?:['’][^\W_]+)*|%", re.UNICODE)
_URL = re.compile(r"https?://\S+|pic\.twitter\.com/\S+|@\w+|#")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return _stemmer().stemWord(word)


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer  # here: only matching needs it

    return snowballstemmer.stemmer("porter")


def fold_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def tokens(text: str) -> list[str]:
    """Lower-case words of a text, accents folded, "don't" as "dont" (links and @handles dropped)."""
    text = fold_accents(_URL.sub(" ", text)).lower()
    out = []
    for t in _TOKEN.findall(text):
        if t[:1].isdigit():
            out.append(t.replace(",", "") if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", t) else t)
        else:
            out.append(t.replace("'", "").replace("’", ""))
    return out


def content_stems(words: list[str]) -> list[str]:
    """Stems of the words that carry meaning, synonyms folded; numbers kept as they are."""
    out = []
    for w in words:
        if w in STOPWORDS or w in NEGATORS:
            continue
        w = FOLD.get(w) or IRREGULAR.get(w, w)
        out.append(w if w in _FOLD_WORDS or w[:1].isdigit() else FOLD.get(stem(w), stem(w)))
    return out


# -- quantities ----------------------------------------------------------------------------------------

_UNITS = {"thousand": 1e3, "k": 1e3, "million": 1e6, "millions": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9,
          "billions": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "trillions": 1e12, "tn": 1e12}
_SMALL = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
          "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
          "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12}
# Fractions and multiples as percentages: "halved" and "cut by 50%" state the same quantity.
_RATIOS = {"half": 50.0, "halved": 50.0, "halve": 50.0, "halving": 50.0, "third": 100 / 3, "thirds": 200 / 3,
           "quarter": 25.0, "quarters": 75.0, "double": 200.0, "doubled": 200.0, "twice": 200.0,
           "triple": 300.0, "tripled": 300.0}
_NUMBER = re.compile(
    r"(?<![\w.,/-])(?P<cur>[$£€])?\s?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<pct>\s?(?:%|per\s?cent\b|percent\b|pct\b))?"
    r"(?:\s?(?P<unit>thousand|millions?|billions?|trillions?|mn|bn|tn|k|m|b)\b)?"
    r"(?![\w/]|[.,]\d|-\d)", re.IGNORECASE)
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DAY_OF_MONTH = re.compile(rf"\b{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?"
                           rf"{_MONTHS}", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number a claim states: ``kind`` is "year", "percent" or "amount"; ``text`` as written."""

    kind: str
    value: float
    text: str

    def agrees(self, other: Quantity) -> bool:
        """The same quantity, allowing the rounding of the rounder one: "over $4,000" agrees with "$4,300",
        "5%" does not agree with "6%", and years must be equal."""
        if self.kind != other.kind:
            return False
        if self.kind == "year":
            return self.value == other.value
        a, b = self.value, other.value
        if a == b:
            return True
        if a == 0 or b == 0:
            return False
        rough, fine = (a, b) if _significant(a) <= _significant(b) else (b, a)
        return _round_sig(fine, _significant(rough)) == rough


def _significant(x: float) -> int:
    digits = f"{abs(x):.6g}".replace(".", "").lstrip("0").rstrip("0")
    return max(1, len(digits))


def _round_sig(x: float, sig: int) -> float:
    if x == 0:
        return 0.0
    return round(x, -math.floor(math.log10(abs(x))) + sig - 1)


def quantities(text: str) -> tuple[Quantity, ...]:
    """The years, percentages and amounts a text states (not numbers inside names: COVID-19, F-35, 9/11)."""
    found: list[Quantity] = []
    masked = _DAY_OF_MONTH.sub(lambda m: " " * len(m.group()), text)
    for m in _NUMBER.finditer(masked):
        raw = m["num"].replace(",", "")
        try:
            value = float(raw)
        except ValueError:
            continue
        if m["pct"]:
            found.append(Quantity("percent", value, m.group().strip()))
        elif not m["cur"] and not m["unit"] and raw.isdigit() and len(raw) == 4 and 1800 <= value <= 2100:
            found.append(Quantity("year", value, raw))
        else:
            unit = (m["unit"] or "").lower()
            if unit in ("m", "b", "k") and not m["cur"]:
                unit = ""  # "5 m" is more often metres than millions
            found.append(Quantity("amount", value * _UNITS.get(unit, 1.0), m.group().strip()))
    words = tokens(masked)
    for i, w in enumerate(words):
        if w in _RATIOS:
            found.append(Quantity("percent", _RATIOS[w], w))
        elif w in _SMALL and w not in ("one", "zero") and not (i + 1 < len(words) and words[i + 1] in ("of",)):
            value = float(_SMALL[w])
            nxt = words[i + 1] if i + 1 < len(words) else ""
            found.append(Quantity("amount", value * _UNITS.get(nxt, 1.0) if nxt not in ("m", "b", "k") else value, w))
    return tuple(found)


def quantity_conflict(a: Iterable[Quantity], b: Iterable[Quantity]) -> tuple[Quantity, Quantity] | None:
    """Two different numbers in the same role: after pairing off the quantities that agree (one with one:
    "3 times in 3 countries" is not "6 times in 3 countries"), both sides still state one of the same kind
    (a number missing on one side is not a contradiction: less detail, same claim)."""
    for kind in ("year", "percent", "amount"):
        qa = sorted((q for q in a if q.kind == kind), key=lambda q: q.value)
        qb = sorted((q for q in b if q.kind == kind), key=lambda q: q.value)
        if not qa or not qb:
            continue
        left = list(qb)
        only_a = []
        for q in qa:
            partner = next((r for r in left if q.agrees(r)), None)
            if partner is None:
                only_a.append(q)
            else:
                left.remove(partner)
        if only_a and left:
            return only_a[0], left[0]
    return None


# -- the analysis ---------------------------------------------------------------------------------------

_CAPITALISED = re.compile(r"(?<![.!?:\"“]\s)(?<!^)\b([A-Z][a-z]+(?:[-'][A-Z][a-z]+)?)\b")


@dataclass(frozen=True, slots=True)
class ClaimText:
    """One claim's text as the matcher compares it."""

    text: str
    words: tuple[str, ...]
    stems: tuple[str, ...]
    stem_set: frozenset[str]
    quantities: tuple[Quantity, ...]
    negations: int
    places: frozenset[str]
    names: frozenset[str]  # other capitalised words (people, organisations), stemmed

    @property
    def negated(self) -> bool:
        return self.negations % 2 == 1


@lru_cache(maxsize=100_000)
def analyse(text: str) -> ClaimText:
    words = tokens(text)
    stems = content_stems(words)
    negations = sum(1 for w in words if w in NEGATORS or w in NEGATIVE_VERBS)
    found_places = places.places_in(text)
    # Names: capitalised words not at a sentence start, unless the text is in title case (a headline).
    caps = _CAPITALISED.findall(text)
    lower_words = sum(1 for w in re.findall(r"\b[a-z][a-z]+\b", text))
    names: frozenset[str] = frozenset()
    if caps and lower_words >= len(caps):
        place_words = {w for p in found_places for w in p.split()}
        names = frozenset(stem(w.lower()) for w in caps
                          if w.lower() not in STOPWORDS and w.lower() not in place_words and w.lower() not in _CALENDAR
                          and places.NAMES.get(w.lower()) is None and w.lower() not in FOLD)
    return ClaimText(text, tuple(words), tuple(stems), frozenset(stems), quantities(text), negations,
                     found_places, names)
