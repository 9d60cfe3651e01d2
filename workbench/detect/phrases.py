"""The noun-phrase reader behind attribution: who a stretch of the reporter's words names.

A small hand-written reader over tokens, not a parser: it knows determiners, titles, role nouns,
appositives (", 54," / ", who …,"), auxiliaries ("has also said") and coordination. ``interpret`` makes a
``Ref`` (a pronoun, a name, a role such as "the minister", a group such as "analysts") of a phrase;
``np_forward`` / ``np_backward`` read one from a position on; ``subject_before`` and ``first_subject`` find
the subject of a sentence that ends, or begins, at a quotation. ``attribution`` decides which to read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from workbench.detect.context import is_title
from workbench.detect.cues import cue_at
from workbench.detect.lexicon import (
    APPOSITIVE_OPENERS,
    ATTACH_HEADS,
    AUX_WORDS,
    DAYS_MONTHS,
    DETERMINERS,
    DOC_NOUNS,
    FAMILY_ROLES,
    FINITE_CUES,
    FRENCH_PARTICIPLES,
    GROUP_ROLES,
    NP_PREPOSITIONS,
    NP_STOP_WORDS,
    ORG_ROLES,
    PARTICIPLE_CUES,
    PARTICLES,
    PLACES,
    PRONOUNS,
    STARTERS,
    TIME_WORDS,
    US_STATES,
    word_set,
)
from workbench.detect.names import (
    ORG,
    ORG_CONNECTORS,
    PERSON,
    PLACE,
    UNKNOWN,
    analyse_run,
    org_run,
    role_of,
    uncontracted,
)
from workbench.detect.textindex import Token

DASHES = frozenset("—–-―")
# "an eyewitness told Sky News": the phrase after these verbs is the listener, never the speaker
LISTENER_VERBS = frozenset({"told", "tells", "tell", "telling"})


@dataclass(slots=True)
class Ref:
    """A reference to a speaker as written in the attribution."""

    kind: str  # "pronoun", "name", "role", "group"
    words: tuple[str, ...]
    pos: int
    role: str = ""
    gender: str = ""
    had_the: bool = False

    @property
    def text(self) -> str:
        return " ".join(self.words)


def _pronoun(t: Token) -> Ref | None:
    # "He’s claiming …", "She’d said …": the contraction's pronoun.
    g = PRONOUNS.get(t.lower) or PRONOUNS.get(t.lower.replace("’", "'").split("'")[0])
    if g is None:
        return None
    return Ref("pronoun", (t.text,), t.start, gender=g)


def _is_name_word(t: Token) -> bool:
    return t.is_word and (t.cap or t.lower in PARTICLES)


_KIN = FAMILY_ROLES | word_set("family relatives parents children kids widow widower lawyers attorneys")


def _org_name(run: list[Token]) -> bool:
    """Is a capitalised run an organisation's own name ("Ministry of Defence", "Bank of England")?"""
    return analyse_run([w.text for w in run]).kind == ORG


def _modifying_noun(t: Token) -> bool:
    """A lower-case word between two names that makes the first a modifier of the second ("Bush
    speechwriter Noam Neusner"), rather than a preposition, conjunction or verb."""
    low = t.lower
    return (
        t.is_word
        and t.text.islower()
        and low not in NP_PREPOSITIONS
        and low not in NP_STOP_WORDS
        and low not in ORG_CONNECTORS
        and low not in FINITE_CUES
        and low not in AUX_WORDS
        # a person's noun ("speechwriter", "adviser", "strategist", "confidant"), not a verb
        # ("Hillary Clinton accuses Bernie Sanders", "Trump met Ryan")
        and (low.endswith(_AGENT_ENDINGS) or low in _AGENT_NOUNS)
    )


_AGENT_ENDINGS = ("er", "or", "ist", "ant", "ent", "ian", "ee")
_AGENT_NOUNS = word_set("aide ally chief head pal friend rival protege protégé")


def interpret(words: list[Token], descriptor: bool = False) -> Ref | None:
    """Read a noun phrase (tokens, in order) as a speaker reference. With ``descriptor``, "the"
    plus any one lower-case noun counts as a description of a person ("the fly-half"); only
    safe right next to a speech verb."""
    words = [w for w in words if w.is_word]
    if not words:
        return None
    if len(words) == 1:
        p = _pronoun(words[0])
        if p is not None:
            return p
    has_det = words[0].lower in DETERMINERS or (words[0].lower in _ONE and len(words) > 1)
    det = words[0] if has_det else None
    body = words[1:] if has_det else words
    if not body:
        return None
    # Capitalised runs inside the phrase.
    runs: list[list[Token]] = []
    cur: list[Token] = []
    for k, w in enumerate(body):
        if _is_name_word(w) and (w.cap or cur):
            cur.append(w)
        elif (
            cur
            and w.lower in ORG_CONNECTORS
            and k + 1 < len(body)
            and body[k + 1].cap
            and org_run([c.lower for c in cur])
        ):
            cur.append(w)  # "Securities and Exchange Commission"
        else:
            if cur:
                runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    # "said Tuesday", "said in March": a date is no speaker.
    runs = [r for r in runs if not all(w.lower in DAYS_MONTHS for w in r)]
    for r in runs:
        if r[-1].text.endswith(("'s", "’s")) and r[-1] is not body[-1]:
            continue  # "Gary Johnson's doctor said": the doctor, not Johnson
        nxt = body.index(r[-1]) + 1
        if (
            nxt + 1 < len(body)
            and body[nxt + 1].cap
            and r is not runs[-1]
            and (role_of(body[nxt].text) or _modifying_noun(body[nxt]))
        ):
            # "Acme Rights Watch spokesman Eric Ferrero", "George W. Bush speechwriter Noam Neusner":
            # the one the noun names, not the employer
            continue
        a = analyse_run([w.text for w in r])
        if a.kind == PERSON:
            return Ref("name", tuple(w.text for w in r), r[0].start)
    # The head role: the last role word before the first preposition.
    head = ""
    head_i = -1
    for i, w in enumerate(body):
        if head and (w.lower in NP_PREPOSITIONS or w.lower == "by" or (w.text.islower() and w.lower.endswith("ed"))):
            break
        r = role_of(w.text)
        in_run = w.cap and any(w in run for run in runs)
        if r in DOC_NOUNS and in_run and any(w in run and len(run) > 1 for run in runs):
            continue  # "The New York Post", "the Daily Record": the word is part of a name
        if r in ORG_ROLES and in_run and any(w in run and len(run) > 1 and _org_name(run) for run in runs):
            continue  # "the Ministry of Defence", "the Justice Department": a name, not the role "ministry"
        if r and not (in_run and r == "demonym" and i + 1 < len(body)):
            head, head_i = r, i
    if head:
        # A name right after the role names that person: "Sporting director Edu",
        # "the fly-half Gareth Anscombe", "l'économiste Élie Cohen".
        nxt_i = head_i + 1
        after = [r for r in runs if nxt_i < len(body) and r[0] is body[nxt_i]]
        if after and head not in ATTACH_HEADS and head not in DOC_NOUNS:
            a = analyse_run([w.text for w in after[0]])
            if a.kind in (PERSON, UNKNOWN) and a.name:
                return Ref("name", tuple(w.text for w in after[0]), after[0][0].start)
        if head in DOC_NOUNS or head in ATTACH_HEADS or body[head_i].lower in ATTACH_HEADS:
            # "a spokesman for the Home Office" speaks for the Home Office; "a complaint filed by
            # the SEC" is the SEC's.
            rest = body[head_i + 1 :]
            if rest and rest[0].text.islower() and rest[0].lower.endswith("ed"):
                rest = rest[1:]
            if rest and (rest[0].lower in NP_PREPOSITIONS or rest[0].lower == "by"):
                inner = interpret(rest[1:])
                if inner is not None and inner.kind in ("name", "role"):
                    return inner
        phrase = words[: (1 if has_det else 0) + head_i + 1]
        if head in DOC_NOUNS:
            # "the statement said": never the speaker itself; ``suggest`` looks for who issued it.
            return Ref("group", tuple(w.text for w in phrase), phrase[0].start, role=head)
        if head in FAMILY_ROLES:
            # "her daughter", "the daughter of one victim": someone else, not an antecedent.
            return Ref("group", tuple(w.text for w in phrase), phrase[0].start)
        if head in GROUP_ROLES and not has_det:
            return Ref("group", tuple(w.text for w in phrase), phrase[0].start, role=head)
        return Ref(
            "role",
            tuple(w.text for w in phrase),
            phrase[0].start,
            role=head,
            had_the=bool(det is not None and det.lower == "the"),
        )
    if runs:
        r = runs[-1]
        nxt = body.index(r[-1]) + 1
        if r[-1].text.endswith(("'s", "’s")) and nxt < len(body) and body[nxt].lower in _KIN:
            # "Scott's family said", "Trump's relatives": someone of theirs speaks, not the owner
            return Ref("group", tuple(w.text for w in words[: (1 if has_det else 0) + nxt + 1]), words[0].start)
        if (
            det is not None
            and det.lower in ("a", "an", "one", "another")
            and nxt < len(body)
            and body[nxt].text.islower()
            and body[nxt].lower not in NP_PREPOSITIONS
        ):
            # "a Trump confidant", "one Clinton aide": the name describes someone unnamed
            phrase = words[: (1 if has_det else 0) + nxt + 1]
            return Ref("role", tuple(w.text for w in phrase), phrase[0].start, role="descriptor")
        had_the = det is not None and det.lower == "the" and r[0] is body[0]
        return Ref("name", tuple(w.text for w in r), r[0].start, had_the=had_the)
    if descriptor and det is not None and det.lower == "the" and len(body) == 1 and body[0].text.islower():
        # "the fly-half said": an unlisted descriptor of a person.
        return Ref("role", (det.text, body[0].text), det.start, role="descriptor")
    return None


def np_forward(ts: list[Token], i: int, descriptor: bool = False) -> tuple[Ref | None, int]:
    """The noun phrase starting at token ``i``; returns (ref, index after it)."""
    n = len(ts)
    if i >= n or not ts[i].is_word:
        return None, i
    p = _pronoun(ts[i])
    if p is not None:
        if ts[i].lower == "who":
            return None, i
        return p, i + 1
    j = i
    words: list[Token] = []
    while j < n and len(words) < 10:
        t = ts[j]
        if t.text == "." and words and ts[j - 1].end == t.start and (
            len(ts[j - 1].text) == 1 or is_title(ts[j - 1].text)
        ):
            j += 1
            continue
        if not t.is_word:
            if (
                t.text in ("/", "-")
                and words
                and words[-1].text.isdigit()
                and j + 1 < n
                and ts[j + 1].start == t.end
                and t.start == words[-1].end
            ):
                j += 1  # "9/11 widow Terry Strada"
                continue
            break
        low = t.lower
        if words and words[-1].cap and t.cap and len(t.text) == 1 and j + 1 < n and ts[j + 1].text == ".":
            words.append(t)  # a middle initial, "James A. Baker": not the article "a"
            j += 1
            continue
        if (
            words
            and low in ORG_CONNECTORS
            and j + 1 < n
            and ts[j + 1].cap
            and org_run([w.lower for w in words if w.cap])
        ):
            words.append(t)
            j += 1
            continue
        if words and words[-1].cap and t.text.islower() and ((low.endswith("ed") and len(low) > 4) or is_adverb(t)):
            break  # "Kasich bemoaned …", "Trump openly admires …": the verb or adverb ends the subject
        if words and (
            low in FINITE_CUES
            or low in PARTICIPLE_CUES
            or low in AUX_WORDS
            or low in NP_STOP_WORDS
            or low in PRONOUNS
            or (low == "a" and j + 1 < n and ts[j + 1].lower in FRENCH_PARTICIPLES)
            or low.startswith("a-t-")
            or (low in ("read", "reads") and words[-1].lower in DOC_NOUNS)  # "the statement read"
        ):
            break
        if low in NP_PREPOSITIONS and not t.cap and words and not any(role_of(w.text) in ATTACH_HEADS for w in words):
            if not any(role_of(w.text) for w in words):
                break
            # keep "of"/"du" only to let interpret() stop there; the tail is not needed
            words.append(t)
            j += 1
            # read the attached phrase up to the next boundary
            continue
        words.append(t)
        j += 1
    if not words:
        return None, i
    if words[0].lower in _PREPOSITIONS or words[0].lower in NP_PREPOSITIONS:
        return None, i  # "“…” about the decision, said X": a prepositional phrase names no one
    if not words[0].cap and words[0].lower not in DETERMINERS and words[0].lower not in _ONE and not role_of(
        words[0].text
    ):
        # Lower-case modifiers before a role are part of the phrase: "port spokesperson Krzysztof
        # Lewandowski", "regional water commissioner Elena Martínez-Soler".
        lead = next(
            (
                k
                for k, w in enumerate(words[:6])
                if (role_of(w.text) and not w.cap)
                or (w.cap and is_title(w.text) and k + 1 < len(words) and words[k + 1].cap)
                # "former George W. Bush speechwriter Noam Neusner"
                or (k > 0 and words[k - 1].cap and _modifying_noun(w) and k + 1 < len(words) and words[k + 1].cap)
            ),
            -1,
        )
        if lead < 1 or any(w.lower in NP_STOP_WORDS or w.lower in NP_PREPOSITIONS for w in words[:lead]):
            return None, i  # ("retired Air Force general Lloyd Newton" is fine)
    return interpret(words, descriptor), j


def _segment_ref(seg: list[Token]) -> Ref | None:
    """A comma-delimited segment that is nothing but a name ("Louise Hellem")."""
    words = [t for t in seg if t.is_word]
    if not words or len(words) > 6:
        return None
    if not all(_is_name_word(w) for w in words) or not words[0].cap:
        return None
    if len(words) == 1 and (words[0].lower in US_STATES or words[0].lower in PLACES):
        return None  # "Johnnie Wilson, of Springfield, Va., said"
    a = analyse_run([w.text for w in words])
    if a.kind == PLACE or (a.kind == UNKNOWN and len(a.name_tokens) == 1 and a.name_tokens[0].lower() in PLACES):
        return None
    if a.kind in (PERSON, ORG) or (a.kind == UNKNOWN and a.name):
        return Ref("name", tuple(w.text for w in words), words[0].start)
    return None


def np_backward(ts: list[Token], end: int) -> Ref | None:
    """The noun phrase that ends just before token ``end``."""
    k = end - 1
    if k < 0 or not (ts[k].is_word or ts[k].text in ("'", "’")):
        return None
    p = _pronoun(ts[k])
    if p is not None:
        return p
    words: list[Token] = []
    lower_plain = 0
    while k >= 0 and len(words) < 9:
        t = ts[k]
        if t.text == "." and k > 0 and ts[k - 1].end == t.start and (
            len(ts[k - 1].text) == 1 or is_title(ts[k - 1].text)
        ):
            k -= 1
            continue
        if t.text in ("'", "’") and k > 0 and ts[k - 1].end == t.start and ts[k - 1].lower.endswith("s"):
            k -= 1  # plural possessive: "the airline's pilots' union"
            continue
        if not t.is_word:
            break
        low = t.lower
        if low in NP_STOP_WORDS or low in PRONOUNS or low in FINITE_CUES or low in PARTICIPLE_CUES:
            break
        if low in AUX_WORDS and words:
            break
        words.append(t)
        if low in DETERMINERS:
            break
        if not t.cap and not role_of(t.text) and low not in PARTICLES:
            lower_plain += 1
            if lower_plain > 3:
                break
        k -= 1
    words.reverse()
    # Drop leading lower-case words that are not part of the phrase ("a move analysts").
    while words and not words[0].cap and words[0].lower not in DETERMINERS and not role_of(words[0].text):
        if any(w.cap or role_of(w.text) for w in words[1:]):
            words = words[1:]
        else:
            return None
    return interpret(words)


def is_adverb(t: Token) -> bool:
    """Is a lower-case word an adverb ("openly", "recently")? Not the nouns that end like one."""
    return t.lower.endswith("ly") and not t.cap and len(t.text) > 4 and t.lower not in _LY_NOUNS


# "Scott's family said", "the assembly voted": nouns a speaker's phrase can end in
_LY_NOUNS = word_set(
    "family assembly rally ally supply anomaly monopoly homily bully jelly belly folly reply daily weekly "
    "quarterly monthly"
)


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
    if opener and fi + 1 < len(ts) and first_word.lower in _SENTENCE_ADVERBS and _pronoun(ts[fi + 1]) is not None:
        return _pronoun(ts[fi + 1])  # "Then he cut into Bush, calling him …": the pronoun after the adverb
    if opener and first_word.lower not in DETERMINERS and _pronoun(first_word) is None:
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
        if _pronoun(t) is not None and t.lower != "who":
            return _pronoun(t)
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


# "said one Trump confidant", "another senior aide said": a determiner of someone unnamed.
_ONE = frozenset({"one", "another"})
_PREPOSITIONS = word_set(
    """about after before during since until over under against among between without within toward towards
    upon across around near amid despite into through to by as like than"""
)
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
