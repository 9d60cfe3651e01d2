"""What an article itself says about its capitalised words, read once before names are classified.

Word lists cannot know that "Charlotte" is a city in one story and a woman in another, or that
"Injecting" opens a sentence but names nobody. The article usually tells:

* **common words**: a capitalised word whose lower-case form the article also writes in lower
  case ("Neither", "Days", "Railing") is an ordinary word where it opens a sentence or a headline;
* **places**: a name after "in", "near", "outside" …, before ", N.C." or ", Texas", or in
  "Gdańsk-based", is a place in this article — a place does not speak and is no "she";
* **headlines**: a paragraph in Title Case (every word capitalised but the small ones) capitalises
  every word, so its capitals say nothing
  about names; only words the body also capitalises count there;
* **body capitals**: the words the article capitalises mid-sentence outside headlines.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.detect.lexicon import (
    FEMALE_NAMES,
    FINITE_CUES,
    MALE_NAMES,
    MULTIWORD_PLACES,
    PLACES,
    TITLE_SUFFIXES,
    TITLES,
    US_STATES,
    word_set,
)
from workbench.detect.textindex import TextIndex, Token

_LOCATIVE = word_set("in near outside across throughout around into inside towards toward")
# Small words a Title Case headline leaves in lower case.
_HEADLINE_SMALL = word_set(
    "a an the and or of in on at to for by with from as but nor vs v if is are be was were up out off over "
    "into onto than that so via per"
)


@dataclass(frozen=True, slots=True)
class Context:
    common: frozenset[str]  # lower-cased words written in lower case somewhere in the article
    places: frozenset[str]  # lower-cased single words seen in a place's position
    headline_paras: frozenset[int]  # paragraph numbers of Title Case paragraphs
    body_caps: frozenset[str]  # lower-cased words capitalised mid-sentence outside headlines

    def is_headline(self, index: TextIndex, pos: int) -> bool:
        return _para_of(index, pos) in self.headline_paras


def _para_of(index: TextIndex, pos: int) -> int:
    from bisect import bisect_right

    return max(0, bisect_right(index.para_starts, pos) - 1)


def build_context(index: TextIndex) -> Context:
    toks = index.tokens
    text = index.text
    common: set[str] = set()
    for t in toks:
        if t.is_word and not t.cap and t.text.isalpha():
            common.add(t.lower)
    headline_paras = _headlines(index)
    sent_starts = set(index.sentence_starts)
    body_caps: set[str] = set()
    places: set[str] = set()
    n = len(toks)
    for i, t in enumerate(toks):
        if not t.is_word or not t.cap or t.in_quote:
            continue
        if t.start not in sent_starts and _para_of(index, t.start) not in headline_paras:
            prev = toks[i - 1] if i else None
            if prev is not None and prev.text not in ("“", '"', "‘", "'", ":"):
                body_caps.add(t.lower)
        prev = toks[i - 1] if i else None
        prev2 = toks[i - 2] if i > 1 else None
        # "in Charlotte", "in the Bronx" — but not "in Trump's words", "in Clinton campaign ads".
        after = toks[i + 1] if i + 1 < n else None
        locative = prev is not None and (
            prev.lower in _LOCATIVE or (prev.lower == "the" and prev2 is not None and prev2.lower in _LOCATIVE)
        )
        if (
            locative
            and not t.text.endswith(("'s", "’s"))
            and (after is None or not (after.is_word and not after.cap and after.lower not in _FOLLOWS_PLACE))
        ):
            places.add(t.lower)
        # "Springfield, Va.", "Mannheim, Germany": a town and its state or country.
        if (
            after is not None
            and after.text == ","
            and i + 2 < n
            and (toks[i + 2].lower in US_STATES or toks[i + 2].lower in PLACES)
        ):
            places.add(t.lower)
        # "a Gdańsk-based firm"
        if t.lower.endswith("-based"):
            places.add(t.lower[: -len("-based")])
        if _joined(text, t.end) and t.lower in US_STATES:
            places.add(t.lower)
    places |= {p for p in PLACES}
    places |= {p for p in MULTIWORD_PLACES if " " not in p}
    return Context(frozenset(common), frozenset(places), frozenset(headline_paras), frozenset(body_caps))


# Lower-case words that may follow a place without making it a modifier ("in Charlotte on
# Tuesday", "in Ohio and Florida", "in Gdańsk said").
_FOLLOWS_PLACE = word_set(
    "on and or but as last this next after before during when while where which that said says told "
    "is was were has had have will would could to from for with at by of in since until"
)


def _joined(text: str, end: int) -> bool:
    """Is the token ending at ``end`` followed by a full stop (an abbreviation such as "Va.")?"""
    return end < len(text) and text[end] == "."


def _headlines(index: TextIndex) -> set[int]:
    """Paragraphs in Title Case: at least four words, and every word capitalised but the small ones."""
    out: set[int] = set()
    toks = index.tokens
    j = 0
    for pno, (ps, pe) in enumerate(index.paras):
        words = []
        while j < len(toks) and toks[j].start < ps:
            j += 1
        k = j
        while k < len(toks) and toks[k].end <= pe:
            if toks[k].is_word and toks[k].text[0].isalpha():
                words.append(toks[k])
            k += 1
        if len(words) < 4 or len(words) > 30:
            continue
        significant = [w for w in words[1:] if w.lower not in _HEADLINE_SMALL]
        if len(significant) >= 3 and all(w.cap for w in significant):
            out.add(pno)
    return out


# Nouns that a name in front of them describes ("Trump supporters", "the Obama era").
POST_NAME_NOUNS = word_set(
    """
    supporters voters aides allies campaign camp administration era presidency foundation family
    rally rallies tweets tweet speech speeches plan plans policy policies website emails email
    server brand tower hotel organization empire loyalists backers surrogates critics opponents fans
    """
)


def speaks(toks: list[Token], first: int, last: int) -> bool:
    """Is the run the subject of a speech verb right after it, or right after one ("said Kall")?"""
    nxt = toks[last] if last < len(toks) else None
    prev = toks[first - 1] if first > 0 else None
    if toks[last - 1].lower.endswith(("'s", "’s")):
        return False  # "Donald Trump's continued appeal": an owner, not the subject of "continued"
    if nxt is not None and nxt.lower in FINITE_CUES and not nxt.cap:
        return True
    # "Fallon fired back: “…”": a verb of at most two words, a colon and a quotation
    for k in range(last, min(last + 3, len(toks) - 1)):
        t = toks[k]
        if t.text == ":":
            return k > last and toks[k + 1].in_quote
        if not t.is_word or t.cap:
            break
    # "… said Kall." / "said Kall, a …" / "said Kall on Monday"; but in "McLenney said Clinton doesn't
    # show …" Clinton is the subject of the reported clause, not a speaker.
    # "Asked who leads the party, he said Ryan." / "He has declared Cruz to be": the verb has its subject
    # (or an auxiliary) before it; Ryan is what he said.
    prev2 = toks[first - 2] if first > 1 else None
    return (
        prev is not None
        and prev.lower in FINITE_CUES
        and not prev.cap
        and (nxt is None or not nxt.is_word or nxt.lower in _AFTER_SPEAKER)
        and (prev2 is None or prev2.in_quote or prev2.lower not in _SUBJECT_OR_AUX)
    )


_SUBJECT_OR_AUX = word_set("he she they we i you has have had is was were will would did does")
_AFTER_SPEAKER = word_set(
    "on in at of during after before when while who and to from for as with via last this an a the "
    "monday tuesday wednesday thursday friday saturday sunday yesterday today"
)


def is_title(word: str) -> bool:
    """Is the word a title before a name ("Minister", "Dr.", "Bundeskanzlerin")?"""
    low = word.lower()
    return low in TITLES or low.rstrip(".") in TITLES or (len(low) > 6 and low.endswith(TITLE_SUFFIXES))


def _verb_form(low: str) -> bool:
    """Does a word read as a participle ("debating", "understated"), never a first name?"""
    return len(low) > 5 and low.endswith(("ing", "ed")) and low not in MALE_NAMES and low not in FEMALE_NAMES


def trim_run(idx: TextIndex, ctx: Context, sent_starts: set[int], first: int, last: int) -> tuple[int, int]:
    """Drop the words of a capitalised run that are capitalised only by position: an ordinary word
    opening a sentence ("Injecting Clinton" -> "Clinton") and, in a Title Case headline, words
    the body of the article never capitalises ("Obama Sees …" -> "Obama")."""
    toks = idx.tokens
    t = toks[first]
    if last - first >= 2 and _verb_form(t.lower) and (t.start in sent_starts or ctx.is_headline(idx, t.start)):
        # "Debating Clinton's character", "Understated Perez raises …": a verb form opening a
        # sentence or headline is capitalised by position, not part of the name after it
        first += 1
    if ctx.is_headline(idx, toks[first].start):
        while first < last and toks[first].lower not in ctx.body_caps and not is_title(toks[first].text):
            first += 1
        while last > first and toks[last - 1].lower.rstrip("'’s") not in ctx.body_caps:
            last -= 1
        for k in range(first, last):
            if toks[k].is_word and toks[k].lower not in ctx.body_caps and not is_title(toks[k].text):
                last = k  # "Clinton Breaks With Obama": the name ends before the verb
                break
        return first, last
    t = toks[first]
    if (
        t.start in sent_starts
        and t.lower in ctx.common
        and not is_title(t.text)
        and t.lower not in MALE_NAMES
        and t.lower not in FEMALE_NAMES
    ):
        first += 1
    return first, last
