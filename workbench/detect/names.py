"""What a run of capitalised words in a reporter's text is: a person (titles and honorifics stripped, a
gender when the text or the first name tells), an organisation, a place, or unknown.

``name_runs`` finds the runs (capitalised words with particles such as "del" or "bin" and initials such as
"W."); ``analyse_run`` classifies one ("South Korean Defense Minister Kim Yong-hyun" -> a person, "Kim
Yong-hyun", titled minister). Who those runs refer to across the article is ``entities.Registry``'s work.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from workbench.detect.context import is_title
from workbench.detect.lexicon import (
    DAYS_MONTHS,
    DEMONYMS,
    DOC_NOUNS,
    FEMALE_NAMES,
    GENERATIONS,
    GROUP_ROLES,
    HONORIFIC_GENDER,
    INSTITUTION_PLACES,
    MALE_NAMES,
    MULTIWORD_PLACES,
    NATIONALITY_NOUNS,
    ORG_ROLES,
    ORG_WORDS,
    PARTICLES,
    PERSON_ROLES,
    PLACE_WORDS,
    PLACES,
    POST_NOMINALS,
    STARTERS,
    word_set,
)
from workbench.detect.textindex import TextIndex, Token

PERSON = "person"
ORG = "org"
PLACE = "place"
UNKNOWN = "unknown"
TITLE_ONLY = "title"


@dataclass(frozen=True, slots=True)
class Analysed:
    """What ``analyse_run`` makes of a run: its kind (PERSON, ORG...), the name as reported, the name's own
    words, the titles stripped from it and a gender ("" when unknown)."""

    kind: str
    name: str
    name_tokens: tuple[str, ...]
    titles: tuple[str, ...]
    gender: str


_HONORIFICS = word_set("mr mrs ms miss dr prof sir dame lord lady herr frau m mme monsieur madame")


def uncontracted(word: str) -> str:
    """A word lower-cased without a contraction's tail ("I'm" -> "i"); a possessive stays."""
    low = word.lower().replace("’", "'")
    head, _, tail = low.partition("'")
    return head if tail in ("m", "ll", "ve", "d", "re") else low


_NEVER_IN_NAMES = word_set("their his her its our my your is are was were on with")


def not_a_name(words: list[str] | tuple[str, ...]) -> bool:
    """Does a capitalised run hold a word no name has inside it ("… Share Their … Thoughts On …")?"""
    return any(w.lower() in _NEVER_IN_NAMES for w in words[1:-1])


def _strip_possessive(word: str) -> str:
    for suffix in ("'s", "’s"):
        if word.endswith(suffix) and len(word) > 2:
            return word[: -len(suffix)]
    if word.endswith(("'", "’")) and len(word) > 1:
        return word[:-1]
    return word


def role_of(word: str) -> str:
    """The role noun a word names ("minister", "SPD-Politiker" -> "politiker"), or ""."""
    low = word.lower()
    if low[:2] in ("l'", "l’", "d'", "d’"):
        low = low[2:]  # French elided article: "l'économiste"
    if low.endswith("year-old") or low.endswith("jährige"):
        return "year-old"
    if low in NATIONALITY_NOUNS:
        return "demonym"
    if low in DOC_NOUNS:
        return low
    tail = low.rsplit("-", 1)[-1]
    for w in (low, tail):
        if w in PERSON_ROLES or w in ORG_ROLES or w in GROUP_ROLES:
            return w
    if word[:1].isupper() and is_demonym(word):
        return "demonym"
    return ""


def is_demonym(word: str) -> bool:
    """"Australian", "Russian-born", "South Korean": nationality words, not names."""
    low = word.lower()
    if low in DEMONYMS or low.endswith("-born"):
        return True
    return low.endswith(("ian", "ean", "ese")) and low not in MALE_NAMES and low not in FEMALE_NAMES


def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def analyse_run(words: list[str], had_the: bool = False) -> Analysed:
    """Classify a run of capitalised words and strip titles from it."""
    # Articles repeat the same names over and over; the analysis is pure, so cache it.
    return _analyse_cached(tuple(words), had_the)


@lru_cache(maxsize=4096)
def _analyse_cached(run: tuple[str, ...], had_the: bool) -> Analysed:
    words = list(run)
    words = [_strip_possessive(w) if i == len(words) - 1 else w for i, w in enumerate(words)]
    # Leading sentence starters ("But", "The") are not part of a name.
    # "I'm", "We'll": a pronoun's contraction opens a sentence, never a name
    while words and uncontracted(words[0]) in STARTERS and not is_title(words[0]):
        if words[0].lower() == "the":
            had_the = True
        words = words[1:]
    while words and (
        words[-1].lower() in PARTICLES or (words[-1].lower() in POST_NOMINALS and words[-1].lower() not in GENERATIONS)
    ):
        words = words[:-1]
    if not words or not_a_name(words):
        # "Latinos Share Their Most Honest Thoughts On Donald Trump": a Title Case headline, no name
        return Analysed(UNKNOWN, "", (), (), "")
    lows = [w.lower() for w in words]
    last_title = -1
    for i, w in enumerate(words):
        if i > 0 and lows[i - 1].rstrip(".") in _HONORIFICS and i == last_title + 1:
            break  # "Mr. King", "Ms. Bishop": after an honorific comes the name, whatever it means
        if not is_title(w) and (lows[i] in MALE_NAMES or lows[i] in FEMALE_NAMES) and i + 1 < len(words):
            break  # "Charlie King", "Howard Dean": a first name starts the name, titles come before it
        if is_title(w) and not (i == len(words) - 1 and lows[i] in ORG_WORDS):
            last_title = i
        elif i == 0 and len(words) > 1 and lows[0] in PERSON_ROLES and lows[1] not in PERSON_ROLES:
            last_title = i  # "Columnist Grace Will", "Striker Marcus Reed": a role capitalised by position
    titles = tuple(lows[: last_title + 1])
    name = words[last_title + 1 :]
    if last_title >= 0 and len(name) > 2 and name[0].lower() in ("of", "for"):
        # "Secretary of State Antony Blinken", "Minister for Health Anna Lis": the portfolio belongs to
        # the title; the name is what is left from a first name on (or the last word).
        k = 2
        while len(name) - k > 2 and name[k].lower() not in MALE_NAMES and name[k].lower() not in FEMALE_NAMES:
            k += 1
        titles = titles + tuple(w.lower() for w in name[:k])
        name = name[k:]
    gender = ""
    for t in titles:
        g = HONORIFIC_GENDER.get(t)
        if g:
            gender = g
    joined_low = " ".join(lows)
    if name and last_title >= 0 and not any(w.lower() in ORG_WORDS for w in name):
        return _person(name, titles, gender)
    if joined_low in MULTIWORD_PLACES and joined_low not in INSTITUTION_PLACES:
        return Analysed(PLACE, " ".join(words), tuple(words), titles, "")
    if any(w in ORG_WORDS for w in lows) or joined_low in INSTITUTION_PLACES:
        text = " ".join(words)
        return Analysed(ORG, ("the " + text) if had_the else text, tuple(words), titles, "")
    if not name:
        return Analysed(TITLE_ONLY, " ".join(words), (), titles, gender)
    # Nationality and party adjectives before a name are not part of it.
    while len(name) > 1 and name[0].lower() in DEMONYMS:
        name = name[1:]
    if all(is_demonym(w) for w in name) or _group_noun(name[-1]):
        # "African Americans", "House Republicans": a group, not a person
        return Analysed(UNKNOWN, "", (), titles, "")
    low_name = " ".join(w.lower() for w in name)
    first_low = name[0].lower()
    if (
        low_name in MULTIWORD_PLACES
        or (len(name) == 1 and low_name in PLACES)
        # "London Euston", "Paris Orly"; but not "Jack London"
        or (len(name) == 2 and first_low in PLACES and first_low not in MALE_NAMES | FEMALE_NAMES)
    ):
        return Analysed(PLACE, " ".join(name), tuple(name), titles, "")
    first_name = len(name) > 1 and (first_low in MALE_NAMES or first_low in FEMALE_NAMES)
    if name[-1].lower() in PLACE_WORDS and not first_name:
        # "Hyde Park", but "Linda Park", "Veronica Lake": a first name makes it a person
        return Analysed(PLACE, " ".join(name), tuple(name), titles, "")
    if len(name) == 1 and _is_acronym(name[0]):
        return Analysed(ORG, name[0], tuple(name), titles, "")
    if len(name) == 1 and name[0].lower() in DEMONYMS:
        return Analysed(UNKNOWN, "", (), titles, "")
    if had_the and len(name) >= 1:
        text = " ".join(name)
        return Analysed(ORG, "the " + text, tuple(name), titles, "")
    first = name[0].lower()
    if gender or first in MALE_NAMES or first in FEMALE_NAMES or titles:
        return _person(name, titles, gender)
    if (
        len(name) >= 2
        and not any(w.lower() in DAYS_MONTHS for w in name)
        and all(w[0].isupper() or w.lower() in PARTICLES for w in name)
    ):
        return _person(name, titles, gender)
    return Analysed(UNKNOWN, " ".join(name), tuple(name), titles, "")


def _group_noun(word: str) -> bool:
    """Does a capitalised run end in a plural party or nationality noun ("Democrats", "African
    Americans")? Such a run names a group, never one person ("a New York Democrat" is one)."""
    low = word.lower()
    if low in _PARTY_PLURALS:
        return True
    return low.endswith("s") and len(low) > 4 and (low[:-1] in DEMONYMS or low.endswith("ians")) and (
        low[:-1] not in _NOT_GROUP
    )


_PARTY_PLURALS = word_set("democrats republicans libertarians independents conservatives liberals progressives")
_NOT_GROUP = word_set("national federal local former senior north south east west green")


def gender_ok(known: str, wanted: str) -> bool:
    """Whether a person of gender ``known`` may be the one meant by ``wanted`` ("" is either)."""
    return not known or not wanted or known == wanted


def _person(name: list[str], titles: tuple[str, ...], gender: str) -> Analysed:
    if not gender:
        first = name[0].lower()
        if first in MALE_NAMES and first not in FEMALE_NAMES:
            gender = "m"
        elif first in FEMALE_NAMES and first not in MALE_NAMES:
            gender = "f"
    return Analysed(PERSON, " ".join(name), tuple(name), titles, gender)


ORG_CONNECTORS = frozenset({"of", "and", "&", "for"})


def org_run(lows: list[str]) -> bool:
    """Is a run of capitalised words (lower-cased) an organisation's name so far, so that "of",
    "and", "&" or "for" followed by a capitalised word continue it?"""
    return any(w in ORG_WORDS for w in lows)


def _joinable(text: str, prev: Token, tok: Token) -> bool:
    """May ``tok`` continue the name run that ends with ``prev``? Only plain spaces (or the full
    stop of an initial or abbreviated title) may sit between the words of a name."""
    return text[prev.end : tok.start] in (" ", "\u00a0")


def is_full_person(words: Sequence[str]) -> bool:
    """Is a run of capitalised words a person's full name, first name and surname ("Mayor Alice Green")?"""
    a = analyse_run(list(words))
    return a.kind == PERSON and len(a.name_tokens) >= 2


def _ends_in_person(words: list[str]) -> bool:
    """Does a run of words end in a person's full name ("Police Chief Tom Brown")?"""
    return is_full_person([w for w in words if w[:1].isupper()])


def org_ahead(toks: list[Token], j: int, before: list[str]) -> bool:
    """Do the capitalised words from ``toks[j]`` end an organisation's name, so that the "and" before
    them joins two words of one name ("Universities and Colleges Employers' Association", "Food and
    Drug Administration")? ``before``: the run's lower-cased words so far. Not after a place or a
    first name: "Britain and European Union officials" are two, and so are "Sonia and Rahul"."""
    if any(w in PLACES or w in DEMONYMS or w in MALE_NAMES or w in FEMALE_NAMES for w in before):
        return False
    last = None
    for t in toks[j : j + 5]:
        if t.text in ("'", "’") and last is not None and last.lower.endswith("s"):
            continue  # "Employers' Association"
        if not (t.is_word and t.cap and not t.in_quote):
            break
        last = t
    return last is not None and last.lower in ORG_WORDS


def plural_possessive_in_name(toks: list[Token], j: int) -> bool:
    """Is ``toks[j]`` the apostrophe of a plural possessive inside a name ("Employers' Association",
    "Teachers' Union"): after a word ending in s, before a capitalised organisation word?"""
    t = toks[j]
    if t.text not in ("'", "’") or j == 0 or j + 1 >= len(toks):
        return False
    prev, nxt = toks[j - 1], toks[j + 1]
    return prev.lower.endswith("s") and prev.end == t.start and nxt.cap and nxt.lower in ORG_WORDS


def name_runs(index: TextIndex, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(first, last+1) token index ranges of capitalised runs in [start, end) outside quotations."""
    toks = index.tokens
    text = index.text
    i = index.token_at_or_after(start)
    stop = len(toks) if end is None else index.token_at_or_after(end)
    runs: list[tuple[int, int]] = []
    run_start = -1
    last_cap = -1
    while i < stop:
        t = toks[i]
        word_ok = t.is_word and not t.in_quote
        is_cap = word_ok and (t.cap or (t.lower.startswith(("al-", "el-")) and len(t.text) > 3))
        if run_start >= 0:
            prev = toks[i - 1]
            # Dotted initials and abbreviated titles: "George W. Bush", "Dr. Okafor".
            if t.text == "." and prev.is_word and (len(prev.text) == 1 or is_title(prev.text)):
                i += 1
                continue
            if i + 1 < stop and plural_possessive_in_name(toks, i):
                i += 1  # "Universities and Colleges Employers' Association"
                continue
            gap_prev = toks[i - 1]
            gap_ok = _joinable(text, gap_prev, t)
            if gap_prev.text in ("'", "’") and i >= 2 and toks[i - 2].end == gap_prev.start:
                gap_ok = gap_ok or (is_cap and t.lower in ORG_WORDS and _joinable(text, gap_prev, t))
            nxt = toks[i + 1] if i + 1 < stop else None
            if (
                gap_ok
                and t.lower in ORG_CONNECTORS
                and nxt is not None
                and nxt.cap
                and not nxt.in_quote
                and _joinable(text, t, nxt)
                and (
                    org_run(so_far := [toks[k].lower for k in range(run_start, i)])
                    or (t.lower in ("and", "&") and org_ahead(toks, i + 1, so_far))
                )
                # "Police Chief Tom Brown and Mayor Alice Green": a person's name ends before "and"
                and not (t.lower == "and" and _ends_in_person([toks[k].text for k in range(run_start, i)]))
            ):
                i += 1  # "Department of Homeland Security", "Securities and Exchange Commission"
                continue
            if gap_ok and (is_cap or (word_ok and t.lower in PARTICLES)):
                if is_cap:
                    last_cap = i
                if is_cap and (t.text.endswith(("'s", "’s"))):
                    runs.append((run_start, i + 1))
                    run_start = -1
                i += 1
                continue
            runs.append((run_start, last_cap + 1))
            run_start = -1
        if is_cap:
            run_start = i
            last_cap = i
            if t.text.endswith(("'s", "’s")):
                runs.append((run_start, i + 1))
                run_start = -1
        i += 1
    if run_start >= 0:
        runs.append((run_start, last_cap + 1))
    return runs


def runword_set(index: TextIndex, first: int, last: int) -> list[str]:
    return [t.text for t in index.tokens[first:last] if t.is_word]
