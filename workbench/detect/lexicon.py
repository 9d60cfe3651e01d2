"""Word lists the rule-based detector leans on: speech verbs, titles, organisation words, names.

Everything here is plain data (frozensets of lower-case words unless said otherwise) so the rules in
the other modules stay readable. The long lists live in ``resources/lexicon/words.txt``, a text file with
a line saying what each list is for, so that a journalist-facing fix ("it missed 'fumed'") is a one-word
edit there; short lists and the word-to-gender tables stay below. The lists are deliberately generic
news vocabulary, not tuned to any one article; English is
the main language, with the commonest German and French attribution words because wire copy in
those languages uses the same quotation patterns.
"""

from __future__ import annotations

import re

from workbench.core.paths import resource_path


def word_set(text: str) -> frozenset[str]:
    """A set of white-space separated words: keeps long lists readable as plain text."""
    return frozenset(text.split())


def phrase_set(text: str) -> frozenset[str]:
    """A set of "|"-separated phrases (which may contain spaces)."""
    return frozenset(p.strip() for p in text.split("|") if p.strip())


_SECTION = re.compile(r"^\[(\w+)(: phrases)?\]$", re.M)


def read_lists(text: str) -> dict[str, frozenset[str]]:
    """The sections of the lexicon's data file (``resources/lexicon/words.txt``, whose first lines say the
    format), by name."""
    text = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    parts = _SECTION.split(text)  # text before the first section, then (name, phrases, body) per section
    return {name: (phrase_set if phrases else word_set)(body) for name, phrases, body in
            zip(parts[1::3], parts[2::3], parts[3::3], strict=True)}


# The long lists are data: they live in a text file of their own, each with a line saying what it is for.
_LISTS = read_lists(resource_path("lexicon/words.txt").read_text(encoding="utf-8"))
FINITE_CUES = _LISTS["finite_cues"]
PARTICIPLE_CUES = _LISTS["participle_cues"]
FRENCH_PARTICIPLES = _LISTS["french_participles"]
AUX_WORDS = _LISTS["aux_words"]
TIME_WORDS = _LISTS["time_words"]
PERSON_ROLES = _LISTS["person_roles"]
NATIONALITY_NOUNS = _LISTS["nationality_nouns"]
DOC_NOUNS = _LISTS["doc_nouns"]
ORG_ROLES = _LISTS["org_roles"]
GROUP_ROLES = _LISTS["group_roles"]
TITLES = _LISTS["titles"]
ORG_WORDS = _LISTS["org_words"]
PLACE_WORDS = _LISTS["place_words"]
PLACES = _LISTS["places"]
MULTIWORD_PLACES = _LISTS["multiword_places"]
DEMONYMS = _LISTS["demonyms"]
US_STATES = _LISTS["us_states"]
STARTERS = _LISTS["starters"]
NAMING_MARKERS = _LISTS["naming_markers"]
WORK_NOUNS = _LISTS["work_nouns"]
DAYS_MONTHS = _LISTS["days_months"]
ABBREVIATIONS = _LISTS["abbreviations"]
MALE_NAMES = _LISTS["male_names"]
FEMALE_NAMES = _LISTS["female_names"]


# Pronouns that can be speakers, with gender: m, f, n (neutral/plural), o (organisation).
PRONOUNS = {
    "he": "m",
    "she": "f",
    "they": "n",
    "it": "o",
    "we": "n",
    "il": "m",
    "elle": "f",
    "ils": "n",
    "elles": "n",
    "er": "m",
    "sie": "n",
    "who": "w",
}


# Letters after a name: "Simon Ashby KC", "John Smith Jr".
POST_NOMINALS = word_set("kc qc mp mep obe mbe cbe jr jr. sr sr. ii iii iv phd md")
# ... of which these tell a son from his father, so they stay part of the name.
GENERATIONS = word_set("jr jr. sr sr. ii iii iv")


TITLE_SUFFIXES = ("minister", "ministerin", "kanzler", "sprecher", "sprecherin", "präsident", "chef")

HONORIFIC_GENDER = {
    "mr": "m",
    "mr.": "m",
    "sir": "m",
    "lord": "m",
    "king": "m",
    "prince": "m",
    "herr": "m",
    "m.": "m",
    "monsieur": "m",
    "father": "m",
    "mrs": "f",
    "mrs.": "f",
    "ms": "f",
    "ms.": "f",
    "miss": "f",
    "dame": "f",
    "lady": "f",
    "queen": "f",
    "princess": "f",
    "frau": "f",
    "mme": "f",
    "mme.": "f",
    "madame": "f",
    "spokeswoman": "f",
    "chairwoman": "f",
    "congresswoman": "f",
    "kanzlerin": "f",
    "präsidentin": "f",
    "ministerin": "f",
    "sprecherin": "f",
}


# "White House", "Downing Street" and "European Union" speak as institutions, though.
INSTITUTION_PLACES = frozenset({"white house", "downing street", "european union", "wall street"})


# Lower-case particles inside names: "Borja del Pozo Cruz", "Erik ten Hag", "Abdulaziz bin Salman".
PARTICLES = word_set("de da del della di du dos das van von der den ten ter bin ibn al el la le y")


# Given to men and women alike: in both lists, so they make a run a person but give no gender.
UNISEX_NAMES = word_set("terry jordan kim kelly jean leslie dana robin jamie casey taylor alex")
MALE_NAMES = MALE_NAMES | UNISEX_NAMES
FEMALE_NAMES = FEMALE_NAMES | UNISEX_NAMES

# Relatives: "her daughter said" is someone else, not an antecedent.
FAMILY_ROLES = word_set(
    "daughter son wife husband mother father sister brother neighbour neighbor friend partner cousin "
    "uncle aunt grandson granddaughter"
)

# Words opening an appositive segment (", who ...,", ", a former ...,"): not the subject.
APPOSITIVE_OPENERS = word_set(
    "who which whose a an the of aged speaking however meanwhile too also himself herself themselves "
    "itself best formerly now then in at on from with speaking writing"
)

# Speech verbs that are also plural nouns; they count as verbs only after a subject.
NOUN_LIKE_CUES = word_set(
    "claims calls notes states remarks comments answers replies promises pledges vows rules reports "
    "warns insists argues admits urges denies asks tells writes posts"
)

# Words the noun-phrase reader (phrases.py) stops at, and the heads that hand a quotation on.
DETERMINERS = word_set(
    "the a an his her their its our le la les l un une der die das ein eine ihr ihre sein seine"
)
NP_STOP_WORDS = word_set(
    "that who which whose and but or as to than when while after before because if where whether what "
    "how why dass ob que qui"
)
NP_PREPOSITIONS = word_set("of for at from with in on du de des d am im vom von bei sur aux au")
# Role words that hand the attribution on to the organisation after "for"/"of": "a spokesman for
# the agency", "a statement from the ministry".
ATTACH_HEADS = word_set(
    "spokesman spokeswoman spokesperson statement official officials representative source sources "
    "sprecher sprecherin porte-parole"
)
