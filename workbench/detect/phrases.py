"""The noun-phrase reader behind attribution: who a stretch of the reporter's words names.

A small hand-written reader over tokens, not a parser: it knows determiners, titles, role nouns,
auxiliaries ("has also said") and coordination. ``interpret`` makes a ``Ref`` (a pronoun, a name, a
role such as "the minister", a group such as "analysts") of a phrase; ``np_forward`` / ``np_backward``
read one from a position on. ``clauses`` reads the clause around a phrase (its subject, appositives);
``attribution`` decides which to read.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.detect.context import is_title
from workbench.detect.lexicon import (
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
    PRONOUNS,
    word_set,
)
from workbench.detect.names import (
    ORG,
    ORG_CONNECTORS,
    PERSON,
    UNKNOWN,
    analyse_run,
    org_ahead,
    org_run,
    plural_possessive_in_name,
    role_of,
)
from workbench.detect.textindex import Token


@dataclass(slots=True)
class Ref:
    """A reference to a speaker as written in the attribution."""

    kind: str  # "pronoun", "name", "role", "group"
    words: tuple[str, ...]
    pos: int
    role: str = ""
    gender: str = ""
    had_the: bool = False
    # "Tom Carper, Patrick Leahy and Ben Cardin said": the other people of a joint attribution, in text
    # order, named before this one (``others_first``) or after it
    others: tuple[Ref, ...] = ()
    others_first: bool = False

    @property
    def text(self) -> str:
        return " ".join(self.words)


def pronoun_ref(t: Token) -> Ref | None:
    """The pronoun reference a word makes ("he", "they", "who"), or None when it is no pronoun."""
    # "He’s claiming …", "She’d said …": the contraction's pronoun.
    g = PRONOUNS.get(t.lower) or PRONOUNS.get(t.lower.replace("’", "'").split("'")[0])
    if g is None:
        return None
    return Ref("pronoun", (t.text,), t.start, gender=g)


def is_name_word(t: Token) -> bool:
    """Can the word be part of a name: capitalised, or a particle such as "del" or "bin"?"""
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


def _names_employer(body: list[Token], run: list[Token], after: list[Token]) -> bool:
    """Whether ``run`` is followed, before the next name ``after``, by at most three lower-case words that
    end in a person's noun ("spokesman", "anti-whaling campaigner", "senior policy adviser"): then the run
    only says whom that person works for."""
    between = body[body.index(run[-1]) + 1 : body.index(after[0])]
    if not 1 <= len(between) <= 3 or not (role_of(between[-1].text) or _modifying_noun(between[-1])):
        return False
    return all(
        not w.cap
        and w.lower not in NP_PREPOSITIONS
        and w.lower not in NP_STOP_WORDS
        and w.lower not in ORG_CONNECTORS
        and w.lower not in FINITE_CUES
        and w.lower not in AUX_WORDS
        for w in between
    )


def interpret(words: list[Token], descriptor: bool = False) -> Ref | None:
    """Read a noun phrase (tokens, in order) as a speaker reference. With ``descriptor``, "the"
    plus any one lower-case noun counts as a description of a person ("the fly-half"); only
    safe right next to a speech verb."""
    words = [w for w in words if w.is_word]
    if not words:
        return None
    if len(words) == 1:
        p = pronoun_ref(words[0])
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
        if is_name_word(w) and (w.cap or cur):
            cur.append(w)
        elif (
            cur
            and w.lower in ORG_CONNECTORS
            and k + 1 < len(body)
            and body[k + 1].cap
            and (
                org_run([c.lower for c in cur])
                or (w.lower in ("and", "&") and org_ahead(body, k + 1, [c.lower for c in cur]))
            )
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
        if r is not runs[-1] and _names_employer(body, r, runs[runs.index(r) + 1]):
            # "Acme Rights Watch spokesman Eric Ferrero", "George W. Bush speechwriter Noam Neusner",
            # "Greenpeace Japan anti-whaling campaigner Sakyo Noda": the one the noun names, not the employer
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
            # "the statement said": never the speaker itself; ``speakers`` looks for who issued it.
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
    p = pronoun_ref(ts[i])
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
            if words and plural_possessive_in_name(ts, j):
                j += 1  # "the Teachers' Union said"
                continue
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
            and (
                org_run([w.lower for w in words if w.cap])
                or (low in ("and", "&") and org_ahead(ts, j + 1, [w.lower for w in words if w.cap]))
            )
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


def np_backward(ts: list[Token], end: int) -> Ref | None:
    """The noun phrase that ends just before token ``end``."""
    k = end - 1
    if k < 0 or not (ts[k].is_word or ts[k].text in ("'", "’")):
        return None
    p = pronoun_ref(ts[k])
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
        if (
            low in ("and", "&")
            and words
            and all(w.cap for w in words)
            and k > 0
            and ts[k - 1].is_word
            and ts[k - 1].cap
            and org_ahead(ts, k + 1, [ts[k - 1].lower])
        ):
            words.append(t)  # "the Universities and Colleges Employers' Association said"
            k -= 1
            continue
        if low in NP_STOP_WORDS or low in PRONOUNS or low in FINITE_CUES or low in PARTICIPLE_CUES:
            break
        if low in AUX_WORDS and words:
            break
        words.append(t)
        if low in DETERMINERS:
            # "the families of the five men urged", "the mother of the victim told": the phrase is headed
            # by the role before "of", not by what it is of
            j = k - 1
            if j >= 1 and ts[j].lower == "of" and ts[j - 1].is_word and role_of(ts[j - 1].text):
                words.extend((ts[j], ts[j - 1]))
                if j >= 2 and ts[j - 2].lower in DETERMINERS:
                    words.append(ts[j - 2])
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


# "said one Trump confidant", "another senior aide said": a determiner of someone unnamed.
_ONE = frozenset({"one", "another"})
_PREPOSITIONS = word_set(
    """about after before during since until over under against among between without within toward towards
    upon across around near amid despite into through to by as like than"""
)
