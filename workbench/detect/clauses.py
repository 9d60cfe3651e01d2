"""The clause reader behind attribution: which noun phrase is the subject of a speech verb.

Built on the noun-phrase reader in ``phrases``: it reads past appositives (", 54," / ", who …,"),
parentheses ("(R-Utah)") and dashes to the phrase a verb belongs to. ``subject_before`` and
``first_subject`` find the subject of a sentence that ends, or begins, at a quotation;
``inverted_subject`` reads one after its verb ("…, sagte Merz"); ``with_appositive`` reads the
appositives after a phrase and prefers a name. ``attribution`` decides which to read.
"""

from __future__ import annotations

from collections.abc import Callable

from workbench.detect.cues import cue_at
from workbench.detect.lexicon import (
    APPOSITIVE_OPENERS,
    AUX_WORDS,
    DETERMINERS,
    FINITE_CUES,
    GROUP_ROLES,
    NP_PREPOSITIONS,
    PARTICIPLE_CUES,
    PARTICLES,
    PLACES,
    PRONOUNS,
    STARTERS,
    TIME_WORDS,
    US_STATES,
)
from workbench.detect.names import (
    ORG,
    PERSON,
    PLACE,
    UNKNOWN,
    analyse_run,
    role_of,
    uncontracted,
)
from workbench.detect.phrases import Ref, is_adverb, is_name_word, np_backward, np_forward, pronoun_ref
from workbench.detect.textindex import Token

DASHES = frozenset("—–-―")
# "an eyewitness told Sky News": the phrase after these verbs is the listener, never the speaker
LISTENER_VERBS = frozenset({"told", "tells", "tell", "telling"})


def _segment_ref(seg: list[Token]) -> Ref | None:
    """A comma-delimited segment that is nothing but a name ("Louise Hellem")."""
    words = [t for t in seg if t.is_word]
    if not words or len(words) > 6:
        return None
    if not all(is_name_word(w) for w in words) or not words[0].cap:
        return None
    if len(words) == 1 and (words[0].lower in US_STATES or words[0].lower in PLACES):
        return None  # "Johnnie Wilson, of Springfield, Va., said"
    a = analyse_run([w.text for w in words])
    if a.kind == PLACE or (a.kind == UNKNOWN and len(a.name_tokens) == 1 and a.name_tokens[0].lower() in PLACES):
        return None
    if a.kind in (PERSON, ORG) or (a.kind == UNKNOWN and a.name):
        return Ref("name", tuple(w.text for w in words), words[0].start)
    return None


def _skip_back(ts: list[Token], k: int) -> int:
    """Step back over auxiliaries, adverbs and time phrases between a subject and its verb."""
    while k >= 0 and ts[k].is_word and (
        (ts[k].lower in AUX_WORDS and not ts[k].cap)  # "Will described Trump as …": George Will
        or ts[k].lower in TIME_WORDS
        or (ts[k].text.isdigit() and len(ts[k].text) == 4)  # "who in 2010 said"
        or is_adverb(ts[k])
    ):
        k -= 1
    return k


def subject_before(
    ts: list[Token], verb: int, clause: Callable[[], list[Token]] | None = None
) -> Ref | None:
    """Subject of the verb at ``verb``: "Smith said", "Smith, 54, who …, said", "He has also said".
    ``clause`` (the sentence up to the verb) is where a coordinated verb finds its subject."""
    k = _skip_back(ts, verb - 1)
    if k < 0:
        return None
    t = ts[k]
    if t.text in DASHES and k > 0:
        # "Gingrich — mentioned by Newsmax as the leading choice — told Bill O’Reilly": the subject
        # stands before the parenthesis
        m = k
        while m > 0 and ts[m - 1].text in DASHES:
            m -= 1  # "--"
        j = next((i for i in range(m - 1, max(-1, m - 30), -1) if ts[i].text in DASHES), -1)
        while j > 0 and ts[j - 1].text in DASHES:
            j -= 1
        if j > 0 and ts[j - 1].is_word:
            ref = subject_before(ts, j, clause)
            o = j
            while o < m and ts[o].text in DASHES:
                o += 1
            inner, _ = np_forward(ts, o)
            if (ref is None or ref.kind != "name") and inner is not None and inner.kind == "name":
                return inner  # "A former candidate -- John McCain, who lost in 2008 -- said"
            return ref
    if t.lower == "which" and k > 0:
        # "the Chicago Police Department, which reported …": the phrase the relative clause hangs on
        b = k - 1 if ts[k - 1].text != "," else k - 2
        ref = np_backward(ts, b + 1) if b >= 0 else None
        return ref if ref is not None and ref.kind in ("name", "role") else None
    if t.text == ",":
        # "Die Regierung verschiebe Probleme, sagte Merz." / "…, antwortete Lindner knapp:": the
        # subject follows the verb when a name closes the clause.
        inv, j = inverted_subject(ts, verb + 1)
        if inv is None or (j < len(ts) and ts[j].is_word):
            inv = None
        return _appositive_subject(ts, k, inv)
    if t.text == ")":
        # "Christian Lindner (FDP) betonte": skip the parenthesis
        j = k
        while j >= 0 and ts[j].text != "(":
            j -= 1
        return np_backward(ts, j) if j > 0 else None
    if t.lower in ("and", "but", "or", "und", "et"):
        return first_subject(clause() if clause is not None else ts[:k])
    if t.lower == "who":
        return Ref("pronoun", (t.text,), t.start, gender="w")
    ref = np_backward(ts, k + 1)
    opened = _unclosed_appositive(ts, ref, k)
    if opened is not None:
        return opened
    for _ in range(3):
        # "Stacy Baker of Columbia, South Carolina says": the place closes the speaker's phrase
        if ref is None or ref.kind != "name" or not place_or_time(ref.words):
            break
        j = next((i for i in range(k, -1, -1) if ts[i].start == ref.pos), -1)
        if j < 1 or ts[j - 1].text != ",":
            break
        k = j - 2
        earlier = np_backward(ts, j - 1)
        if earlier is None or earlier.kind != "name":
            break
        ref = earlier
    return ref


def inverted_subject(ts: list[Token], i: int) -> tuple[Ref | None, int]:
    """A name read as the subject after its verb ("…, sagte Merz", "…, said Labour leader Keir
    Starmer"), from token ``i``; None when the phrase is the verb's object: "accused the leadership
    in Nevada of …" (a preposition before the name, or "of"/"for"/"as" after it)."""
    ref, j = np_forward(ts, i)
    if ref is None or ref.kind != "name":
        return None, j
    if any(t.is_word and t.lower in NP_PREPOSITIONS for t in ts[i:j] if t.start < ref.pos):
        return None, j
    if j < len(ts) and ts[j].lower in ("of", "for", "as", "to", "that", "about", "over", "with"):
        return None, j
    return ref, j


def _unclosed_appositive(ts: list[Token], ref: Ref | None, k: int) -> Ref | None:
    """"Sam Lau, the communications director for the Iowa Democratic Party said", "Katie Packer, who is
    chairman of Our Principles PAC said": an appositive whose closing comma is missing; the person
    named before it, at the start of the clause, is the subject. None when the pattern does not hold."""
    if ref is None:
        return None
    j = next((i for i in range(k, -1, -1) if ts[i].start == ref.pos), -1)
    c = j - 1
    while c >= 0 and j - c < 25 and ts[c].text != "," and (ts[c].is_word or ts[c].text in ".'’-"):
        if ts[c].lower in FINITE_CUES or ts[c].lower in PARTICIPLE_CUES:
            return None
        c -= 1
    if c < 1 or ts[c].text != "," or c + 1 >= len(ts):
        return None
    opener = ts[c + 1]
    if not (opener.lower in ("who", "a", "an", "the") or (role_of(opener.text) and not opener.cap)):
        return None
    name = np_backward(ts, c)
    if name is None or name.kind != "name" or analyse_run(list(name.words)).kind != PERSON:
        return None
    n0 = next((i for i in range(c - 1, -1, -1) if ts[i].start == name.pos), -1)
    if n0 > 0 and ts[n0 - 1].is_word and ts[n0 - 1].lower not in ("and", "but"):
        return None  # the name must open its clause
    return name


def _appositive_subject(ts: list[Token], comma: int, after: Ref | None = None) -> Ref | None:
    """Subject of a verb preceded by a comma: a name set off by commas ("Its chief economist,
    Louise Hellem, said"), else ``after`` (an inverted subject), else the clause's first phrase."""
    segs: list[list[Token]] = []
    end = comma
    while len(segs) < 6:
        b = end - 1
        if b >= 0 and ts[b].text == ")":
            # "Attorney General Roy Cooper (D), …": the name before the parenthesis
            while b >= 0 and ts[b].text != "(" and end - b < 12:
                b -= 1
            end = b
            b -= 1
        # up to 40 tokens: an appositive with a relative clause ("a top GOP operative who played … and is now …")
        while b >= 0 and ts[b].text not in (",", ";", ":", "(", ")") and end - b < 40:
            b -= 1
        segs.append(ts[b + 1 : end])
        if b < 0 or ts[b].text != ",":
            break
        end = b
    refs = [r for r in (_segment_ref(seg) for seg in segs) if r is not None]
    # "Dean Johnson, a salesman from Sumter, South Carolina, says": the person, not the place
    for r in refs:
        if analyse_run(list(r.words)).kind == PERSON:
            return r
    if refs:
        return refs[0]
    if after is not None:
        return after
    for n, seg in enumerate(reversed(segs)):
        words = [t for t in seg if t.is_word]
        if not words:
            continue
        # Only a segment after a comma can be an appositive ("the world No. 6", "who ...").
        if n > 0 and (words[0].lower in APPOSITIVE_OPENERS or words[0].text[0].isdigit()):
            continue
        if words[0].lower in _OPENING_PREPOSITIONS and n + 1 < len(segs):
            continue  # "In Texas, the journalist Mary Lane, …, described": the place opens the sentence

        r = np_backward(seg, len(seg))
        if r is None:
            r = first_subject(seg)
        if r is not None:
            return r
    return None


def first_subject(ts: list[Token]) -> Ref | None:
    """The subject of a clause: its first noun phrase after an opening adverbial."""
    if not ts:
        return None
    start = 0
    first_word = next((t for t in ts if t.is_word), None)
    if first_word is None:
        return None
    if first_word.text.isupper() and len(first_word.text) > 2:
        # "PHILADELPHIA, July 25 (UPI) — The committee released …": a dateline, then the sentence
        dash = next((k for k, t in enumerate(ts[:14]) if t.text in DASHES or t.text == "--"), -1)
        if dash >= 0:
            ts = ts[dash + 1 :]
            first_word = next((t for t in ts if t.is_word), None)
            if first_word is None:
                return None
    opener = first_word.lower in STARTERS or (first_word.lower.endswith("ing") and len(first_word.lower) > 5)
    fi = ts.index(first_word)
    if opener and first_word.lower in PARTICLES and fi + 1 < len(ts) and ts[fi + 1].cap:
        opener = False  # "De Blasio, speaking on WOR710, said": a name's particle, not the French "de"
    if opener and fi + 1 < len(ts) and first_word.lower in _SENTENCE_ADVERBS and pronoun_ref(ts[fi + 1]) is not None:
        return pronoun_ref(ts[fi + 1])  # "Then he cut into Bush, calling him …": the pronoun after the adverb
    if opener and first_word.lower not in DETERMINERS and pronoun_ref(first_word) is None:
        # "After the vote, …", "Following a meeting, the Council …": the subject comes after the comma
        for k, t in enumerate(ts[:20]):
            if t.text == ",":
                start = k + 1
                break
    k = start
    while k < min(len(ts), start + 25):
        t = ts[k]
        k += 1
        if not t.is_word:
            continue
        if t.lower in ("which", "where", "when") and k > 1 and ts[k - 2].text == ",":
            # ", which is set to host …, Bush said": skip the relative clause to its comma
            while k < len(ts) and ts[k].text != ",":
                k += 1
            continue
        if pronoun_ref(t) is not None and t.lower != "who":
            return pronoun_ref(t)
        after_subject = any(x.is_word for x in ts[start : k - 1])
        if t.lower in FINITE_CUES and not t.cap and (t.lower in LISTENER_VERBS or after_subject):
            # "an eyewitness told Sky News": past a verb that follows its subject come its objects;
            # only a clause that opens with the verb ("added another Democrat") names the speaker after it
            return None
        if t.cap or t.lower in DETERMINERS or role_of(t.text) in GROUP_ROLES:
            if uncontracted(t.text) in STARTERS and t.lower not in DETERMINERS:
                continue  # "But", "I'm old enough to remember …"
            r, j = np_forward(ts, k - 1)
            if r is not None and r.kind == "role" and j + 1 < len(ts) and ts[j].lower == "and":
                # "Former prosecutor and New York City Mayor Rudy Giuliani, who …": two titles, one person
                r2, _ = np_forward(ts, j + 1)
                if r2 is not None and r2.kind == "name" and analyse_run(list(r2.words)).kind == PERSON:
                    return r2
            if r is not None and r.kind == "name" and place_or_time(r.words):
                # "Speaking in Salem, New Hampshire, Trump went after Bush": a place is no subject
                k = max(k, j)
                continue
            if r is not None:
                return r
    return None


# Prepositions that open an adverbial phrase set off by a comma before the subject.
_OPENING_PREPOSITIONS = frozenset(
    {"in", "at", "on", "from", "after", "before", "during", "under", "since", "across", "inside", "outside"}
)
# Adverbs that open a sentence without a comma before its subject ("Then he …", "Later she …").
_SENTENCE_ADVERBS = frozenset({"then", "later", "still", "now", "so", "yet", "instead", "also", "finally"})


def place_or_time(words: tuple[str, ...]) -> bool:
    """Is the run a place or a time ("South Carolina", "Tuesday"), never a speaker?"""
    a = analyse_run(list(words))
    low = " ".join(words).lower()
    return a.kind == PLACE or low in US_STATES or low in PLACES or low in TIME_WORDS


def with_appositive(ts: list[Token], ref: Ref | None, j: int) -> tuple[Ref | None, int]:
    """After a noun phrase, read parentheses ("(R-Utah)") and appositives (", Denise Carter," /
    ", 54," / ", the attorney general of Oklahoma, one of the states suing,") and prefer a name.
    Returns the index of the verb after the last appositive when one follows."""
    n = len(ts)
    j = _skip_parenthesis(ts, j)
    for _ in range(6):  # "Harry Bond, 30, of Raleigh, N.C., who was among those polled, said"
        if j >= n or ts[j].text != ",":
            break
        if j + 1 < n and ts[j + 1].lower in FINITE_CUES:
            return ref, j + 1  # ", said": the verb after the last appositive
        k = j + 1
        while k < n and ts[k].text not in (",", ".", ";", ":") and k - j < 22:
            k += 1
            if k + 1 < n and ts[k].text == "." and ts[k + 1].text == "," and ts[k - 1].end == ts[k].start:
                k += 1  # ", R-Ky., said": an abbreviation's full stop does not end the appositive
        seg = ts[j + 1 : k]
        seg_ref = _segment_ref(seg)
        if seg_ref is not None and (ref is None or ref.kind != "name"):
            ref = seg_ref
        if k >= n or ts[k].text != ",":
            # No closing comma: the segment is the rest of the sentence, not an appositive — unless
            # an unclosed one ends in the speech verb ("…,” Nate Silver, the polling guru who founded
            # fivethirtyeight.com tweeted on Wednesday.).
            first = ts[j + 1] if j + 1 < n else None
            if first is not None and (first.lower in ("a", "an", "the") or role_of(first.text)):
                for c in range(j + 2, k):
                    if ts[c].lower in PRONOUNS or ts[c].lower in ("who", "which", "that", "where", "when"):
                        break
                    cue = cue_at(ts, c, right_side=True)
                    if cue is not None and cue.kind == "finite" and ts[c - 1].is_word and not ts[c - 1].cap:
                        return ref, c
            return ref, j
        j = k
    if j + 1 < n and ts[j].text == "," and ts[j + 1].lower in FINITE_CUES:
        return ref, j + 1
    return ref, j


def _skip_parenthesis(ts: list[Token], j: int) -> int:
    """Past "(R-Utah)", "(D-Md.)" after a name."""
    if j < len(ts) and ts[j].text == "(":
        k = j + 1
        while k < len(ts) and ts[k].text != ")" and k - j < 12:
            k += 1
        if k < len(ts) and ts[k].text == ")":
            return k + 1
    return j
