"""Speech cues: which words in a stretch of tokens say that someone spoke ("said", "told the BBC",
"according to", "a-t-il déclaré", "calling"), and of what kind.

``attribution`` asks this module where the cue is, then reads the speaker around it.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.detect.lexicon import (
    AUX_WORDS,
    DETERMINERS,
    DOC_NOUNS,
    FINITE_CUES,
    FRENCH_PARTICIPLES,
    NOUN_LIKE_CUES,
    NP_PREPOSITIONS,
    NP_STOP_WORDS,
    PARTICIPLE_CUES,
    PRONOUNS,
)
from workbench.detect.names import role_of
from workbench.detect.textindex import Token

# Written things that "read" what they say, beside the documents of ``DOC_NOUNS``.
_WRITTEN = frozenset(
    {"tweet", "sign", "signs", "message", "caption", "headline", "banner", "email", "placard", "ad"}
)


def _subject_like_before(ts: list[Token], i: int) -> bool:
    if i == 0:
        return False
    t = ts[i - 1]
    if t.text in (",", ")"):
        return True
    if not t.is_word:
        return False
    return t.cap or t.lower in PRONOUNS or bool(role_of(t.text)) or t.lower in AUX_WORDS


# Possessive determiners: a speech word right after one is a noun ("its demands", "his remarks"); "her" is
# also an object ("heard her say"), so it is not here.
_POSSESSIVES = frozenset({"its", "his", "their", "our", "my", "your"})


def _after_determiner(ts: list[Token], i: int) -> bool:
    """Does an article stand right before token ``i``, past adverbs ("a swiftly called …")?"""
    k = i - 1
    while k >= 0 and ts[k].is_word and ts[k].lower.endswith("ly") and not ts[k].cap:
        k -= 1
    return k >= 0 and ts[k].lower in ("a", "an", "the")


@dataclass(slots=True)
class Cue:
    first: int  # token index of the first cue word
    last: int  # token index after the cue
    kind: str  # finite, participle, according, french, french_inv, so
    text: str


def cue_at(ts: list[Token], i: int, right_side: bool) -> Cue | None:
    t = ts[i]
    if not t.is_word:
        return None
    low = t.lower
    n = len(ts)
    if low == "put" and i + 1 < n and ts[i + 1].lower == "it" and i > 0 and not ts[i - 1].cap:
        return Cue(i, i + 2, "finite", "put it")  # "as Steven Rosenthal recently put it, “…”"
    if low == "according" and i + 1 < n and ts[i + 1].lower == "to":
        return Cue(i, i + 2, "according", "according to")
    if low == "in" and i + 3 < n and ts[i + 1].lower == "the" and ts[i + 2].lower == "words":
        return Cue(i, i + 4, "according", "in the words of")
    if low in ("selon", "laut", "d'après", "d’après") or (low == "pour" and not right_side):
        return Cue(i, i + 1, "according", t.text)
    if low.startswith("a-t-") and i + 1 < n and ts[i + 1].lower in FRENCH_PARTICIPLES:
        return Cue(i, i + 2, "french_inv", f"{t.text} {ts[i + 1].text}")
    if low == "a" and i + 1 < n and ts[i + 1].lower in FRENCH_PARTICIPLES:
        return Cue(i, i + 2, "french", f"a {ts[i + 1].text}")
    if low in ("read", "reads") and i > 0 and (ts[i - 1].lower in DOC_NOUNS or ts[i - 1].lower in _WRITTEN):
        return Cue(i, i + 1, "finite", t.text)  # "“…,” the statement read", "The sign reads: “…”"
    if low in ("shot", "fired", "hit") and i + 1 < n and ts[i + 1].lower == "back" and _subject_like_before(ts, i):
        return Cue(i, i + 2, "finite", f"{t.text} back")  # "“…,” Bennett shot back"
    if right_side and low == "so" and i + 1 < n and ts[i + 1].cap:
        return Cue(i, i + 1, "so", t.text)
    if low in FINITE_CUES:
        if t.cap and i > 0 and ts[i - 1].is_word:
            return None  # "the United States", "Said Ellis" after a word: a name, not a verb
        inverted = right_side and i == 0 and i + 1 < n and (ts[i + 1].cap or ts[i + 1].lower in DETERMINERS)
        if low in NOUN_LIKE_CUES and not inverted and (
            not _subject_like_before(ts, i) or ts[i - 1].lower.endswith(("'s", "’s", "s'", "s’"))
        ):
            # "calling claims about ...", "the notes", "Mr. Obama's remarks": a noun, not a verb; but right
            # after a quotation, "“…,” writes Nate Silver" is the verb
            return None
        if _after_determiner(ts, i):
            return None  # "a swiftly called meeting", "the stated aim": an adjective, not a verb
        if i > 0 and ts[i - 1].lower in _POSSESSIVES:
            return None  # "if the UK does not meet its demands", "their claims": a noun
        end = i + 1
        text = t.text
        if low in ("told", "tells", "telling") and end < n and ts[end].is_word:
            # "told reporters", "told the BBC", "told BBC Radio Lancashire"
            j = end
            words = []
            while j < n and ts[j].is_word and len(words) < 4 and ts[j].lower not in NP_STOP_WORDS:
                if ts[j].lower in NP_PREPOSITIONS or ts[j].lower in FINITE_CUES:
                    break
                words.append(ts[j].text)
                j += 1
                if not ts[j - 1].cap and ts[j - 1].lower not in DETERMINERS:
                    break
            if words:
                text = f"{text} {' '.join(words)}"
        elif low in ("fügte", "teilte") and end < n:
            pass
        return Cue(i, end, "finite", text)
    if low in PARTICIPLE_CUES:
        return Cue(i, i + 1, "participle", t.text)
    if low in FRENCH_PARTICIPLES and i > 0 and ts[i - 1].lower in ("a", "ont"):
        return None  # handled from the auxiliary
    return None


def find_cues(ts: list[Token], right_side: bool) -> list[Cue]:
    out: list[Cue] = []
    i = 0
    while i < len(ts):
        c = cue_at(ts, i, right_side)
        if c is not None:
            out.append(c)
            i = c.last
        else:
            i += 1
    return out
