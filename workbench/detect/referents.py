"""Who "he", "who", "the minister", "the company" or "the statement" refers to in one article.

Resolution over the mentions of an ``entities.Registry``: a pronoun goes to the likeliest antecedent
of its gender (``antecedents`` here lists the candidates with their evidence; the small trained
ranking in the module ``detect.antecedents`` scores them); a role ("the senator", "the US
president") to a person given that title, of the gender and nation the phrase gives, else to the
person most recently in view; an organisation's role ("the company") to a recently named
organisation; a document ("the statement") to whoever issued it. Each function returns the name to
report, or "" (or the phrase itself) when nobody fits.
"""

from __future__ import annotations

import math

from workbench.detect.antecedents import score as antecedent_score
from workbench.detect.appositives import KIN_GENDER
from workbench.detect.entities import Person, Registry, para_no
from workbench.detect.lexicon import (
    ORG_ROLES,
    PERSON_ROLES,
    word_set,
)
from workbench.detect.names import (
    ORG,
    PERSON,
    UNKNOWN,
    gender_ok,
    is_demonym,
    role_of,
)

# Role nouns that say whether "the ___" is a man or a woman ("the first lady", "the actress").
_ROLE_GENDER = {
    **KIN_GENDER,
    **dict.fromkeys(word_set(
        "lady woman girl actress congresswoman chairwoman spokeswoman businesswoman frenchwoman "
        "englishwoman welshwoman irishwoman dutchwoman queen princess mrs mrs. ms ms. kanzlerin "
        "präsidentin ministerin sprecherin présidente députée dirigeante"
    ), "f"),
    **dict.fromkeys(word_set(
        "man boy gentleman actor congressman chairman spokesman businessman frenchman englishman "
        "scotsman welshman irishman dutchman king prince mr mr. father-in-law"
    ), "m"),
}


def _role_gender(phrase: str) -> str:
    """The gender a role phrase gives ("the former first lady and U.S. senator": "f"), or "" when it
    gives none or both."""
    found = {_ROLE_GENDER.get(w) for w in phrase.lower().replace(",", " ").split()} - {None}
    return found.pop() if len(found) == 1 else ""


_GOVLIKE = word_set(
    "ministry government police court tribunal commission council union parliament kremlin agency "
    "department office house army nations senate congress"
)


# "the senator" is the person introduced as "Sen. Bernie Sanders": a role and its abbreviations.
_TITLE_FORMS = {
    role: frozenset(forms.split())
    for role, forms in {
        "senator": "senator sen sen.",
        "representative": "representative rep rep. congressman congresswoman",
        "congressman": "congressman rep rep. representative",
        "congresswoman": "congresswoman rep rep. representative",
        "governor": "governor gov gov.",
        "lawmaker": "lawmaker senator sen sen. representative rep rep. congressman congresswoman",
        "general": "general gen gen.",
        "lieutenant": "lieutenant lt lt.",
        "professor": "professor prof prof.",
        "doctor": "doctor dr dr.",
    }.items()
}


# Nationality words that are parties, ranks or places in a country, not a nation ("Republican", "senior").
_NOT_NATIONS = word_set(
    "democratic republican conservative labour liberal green socialist communist federal national local "
    "former senior north south east west northern southern eastern western democrat gop libertarian "
    "independent progressive muslim christian jewish catholic evangelical african-american european"
)
_SAME_NATION = {"u.s.": "us", "u.s": "us", "america": "us", "american": "us", "u.k.": "uk", "u.k": "uk",
                "britain": "uk", "british": "uk"}


def _nations(words: list[str] | set[str], capitalised: bool = False) -> frozenset[str]:
    """The nations a role phrase or a person's titles name ("the US president" -> {"us"}, {"ukrainian",
    "president"} -> {"ukrainian"}); ``capitalised`` reads only capitalised words ("us" is a pronoun)."""
    out = set()
    for w in words:
        if capitalised and not w[:1].isupper():
            continue
        low = w.lower().strip(",;:")
        if low in _SAME_NATION or low == "us":
            out.add(_SAME_NATION.get(low, "us"))
        elif low not in _NOT_NATIONS and not low.endswith("-born") and is_demonym(w.capitalize()):
            out.add(low)
    return frozenset(out)


def _same_nation(p: Person, nation: frozenset[str]) -> bool:
    """May ``p`` hold a role of ``nation``? Unless their titles name another nation."""
    if not nation:
        return True
    theirs = _nations(p.titles)
    return not theirs or bool(theirs & nation)


def resolve_pronoun(reg: Registry, word: str, pos: int, gender: str, last_speaker: Person | None) -> str:
    """Antecedent of a speaking pronoun at ``pos``."""
    if gender in ("m", "f"):
        return _recent_person(reg, pos, gender, last_speaker)
    if gender == "w":  # relative "who": the nearest name before it
        sent = reg.index.sentence_no(pos)
        near = [m for m in reg.before(pos, 3) if m.sentence == sent]
        person = next((m for m in near if m.kind == PERSON and m.person is not None and not m.modifier), None)
        if person is not None and person is not near[0]:
            # "McConnell, now the Senate majority leader, who …": "who" is a person, past the appositive
            return person.person.name  # type: ignore[union-attr]
        for m in reg.before(pos, 3):
            if m.kind == PERSON and m.person is not None:
                return m.person.name
            if m.kind in (ORG, UNKNOWN):
                role = role_of(m.name)
                if role:  # "Headteacher who told pupils ..." in a headline
                    return resolve_role(reg, role, m.name, pos, last_speaker)
                return m.name
        return ""
    # they / it: an organisation or group recently mentioned as a subject, else any.
    cands = reg.before(pos, 40)
    for m in cands:
        if m.kind == ORG and m.subject:
            return m.name
    for m in cands:
        if m.kind == ORG:
            return m.name
    if gender == "n":
        return _recent_person(reg, pos, "", last_speaker)
    return ""


def antecedents(
    reg: Registry, pos: int, gender: str, last_speaker: Person | None
) -> list[tuple[Person, list[float]]]:
    """The people a pronoun or role at ``pos`` may refer to: each person mention in the last
    dozen sentences, with its evidence (``antecedents.FEATURES``), most recent first."""
    idx = reg.index
    here = idx.narrative_no(pos)
    here_sentence = idx.sentence_no(pos)
    headline = reg.context.headline_paras
    out: list[tuple[Person, list[float]]] = []
    counts: dict[int, int] = {}
    recent = reg.before(pos, 60)
    for m in recent:
        if m.person is not None:
            counts[id(m.person)] = counts.get(id(m.person), 0) + 1
    for m in recent:
        p = m.person
        if m.kind != PERSON or p is None or m.modifier:
            continue
        if gender and p.gender and p.gender != gender:
            continue
        dist = here - idx.narrative_no(m.start)
        if dist > 12:
            break
        out.append((p, [
            float(dist),
            1.0 if m.subject else 0.0,
            1.0 if m.speaks and dist <= 1 else 0.0,
            1.0 if m.speaks else 0.0,
            1.0 if p is last_speaker else 0.0,
            1.0 if not p.gender and gender else 0.0,
            1.0 if not p.gender and not gender else 0.0,
            1.0 if para_no(idx, m.start) in headline else 0.0,
            1.0 if m.introduced and dist <= 2 else 0.0,
            1.0 if gender and m.under_pronoun == gender else 0.0,
            1.0 if m.sentence == here_sentence else 0.0,
            math.log(counts.get(id(p), 1)),
            1.0 if p.titles else 0.0,
        ]))
    return out


def _recent_person(
    reg: Registry, pos: int, gender: str, last_speaker: Person | None, nation: frozenset[str] = frozenset()
) -> str:
    best: Person | None = None
    best_score = -1e9
    for p, x in antecedents(reg, pos, gender, last_speaker):
        if not _same_nation(p, nation):
            continue
        s = antecedent_score(x)
        if s > best_score:
            best, best_score = p, s
    idx = reg.index
    here = idx.narrative_no(pos)
    if best is None and last_speaker is not None and _same_nation(last_speaker, nation) and (
        not gender or not last_speaker.gender or last_speaker.gender == gender
    ):
        best = last_speaker
    if best is None:
        # Nobody introduced with a full name: a bare capitalised subject ("Rutte responded
        # ... He said") is the best guess.
        for m in reg.before(pos, 20):
            if here - m.sentence > 3:
                break
            if m.kind == UNKNOWN and m.subject and m.name and " " not in m.name and not role_of(m.name):
                return m.name
    return best.name if best is not None else ""


def issuer(reg: Registry, noun: str, pos: int) -> str:
    """Who issued "the statement" / "the report" mentioned at ``pos``: the subject of the latest
    sentence before it that names such a document ("Acme issued a statement …"), else the
    organisation that was the subject of one of the last three sentences, else ""."""
    idx = reg.index
    here = idx.sentence_no(pos)
    forms = {noun, noun + "s", noun + "es"}
    for sent in range(here, max(-1, here - 7), -1):
        s_start = idx.sentence_starts[sent]
        s_end = idx.sentence_starts[sent + 1] if sent + 1 < len(idx.sentence_starts) else len(idx.text)
        toks = idx.tokens_between(s_start, min(s_end, pos) if sent == here else s_end)
        if not any(t.lower in forms and not t.in_quote for t in toks):
            continue
        cands = [m for m in reg.mentions if m.sentence == sent and m.start < pos and m.kind in (PERSON, ORG)]
        best = next((m for m in cands if m.subject), cands[0] if cands else None)
        if best is None:
            return ""  # "The ministry issued a statement": no name; the caller reads the subject
        return best.person.name if best.person is not None else best.name
    for m in reg.before(pos, 40):
        if here - m.sentence > 3:
            break
        if m.kind == ORG and m.subject:
            return m.name
    return ""


def issuer_after(reg: Registry, noun: str, pos: int) -> str:
    """Who issued "a report" introduced at ``pos`` when the next sentences say it ("…, says a report. ¶ The
    report by the University and College Union claims …"): the organisation or person right after "by" or
    "from" that follows the document's noun in one of the next two sentences; "" when none does."""
    idx = reg.index
    here = idx.sentence_no(pos)
    forms = {noun, noun + "s", noun + "es"}
    for sent in range(here + 1, min(len(idx.sentence_starts), here + 3)):
        s_start = idx.sentence_starts[sent]
        s_end = idx.sentence_starts[sent + 1] if sent + 1 < len(idx.sentence_starts) else len(idx.text)
        toks = [t for t in idx.tokens_between(s_start, s_end) if not t.in_quote]
        for k in range(len(toks) - 2):
            if toks[k].lower in forms and toks[k + 1].lower in ("by", "from"):
                after = toks[k + 2].start
                m = next((m for m in reg.after(after, 3) if m.sentence == sent and m.start - after <= 4), None)
                if m is not None and m.kind in (PERSON, ORG):
                    return m.person.name if m.person is not None else m.name
    return ""


def _role_gender_before(reg: Registry, pos: int) -> str:
    """The gender a role noun coordinated just before the role at ``pos`` gives ("The former first
    lady and U.S. senator said": "f"): up to five words back, within the clause."""
    toks = reg.index.tokens
    k = reg.index.token_at_or_after(pos) - 1
    seen = 0
    while k >= 0 and seen < 5:
        t = toks[k]
        if t.in_quote or not t.is_word:
            return ""
        g = _ROLE_GENDER.get(t.lower, "")
        if g and not t.cap:
            return g
        seen += 1
        k -= 1
    return ""


def resolve_role(reg: Registry, role: str, phrase: str, pos: int, last_speaker: Person | None) -> str:
    """A descriptive reference: "the minister", "the 22-year-old", "the company"."""
    if role in ORG_ROLES and role not in PERSON_ROLES:
        for m in reg.before(pos, 60):
            if m.kind == ORG and role in m.name.lower():
                return m.name
        if role in ("company", "firm", "carrier", "airline", "group", "club", "team", "bank"):
            here = reg.index.sentence_no(pos)
            recent = [m for m in reg.before(pos, 40) if here - m.sentence <= 3]
            for m in recent:
                if m.kind == ORG and not any(w in m.name.lower().split() for w in _GOVLIKE):
                    return m.name
            # Company names often look like people's ("Taylor Wimpey", "National Grid"):
            # a two-word "person" with no known gender or title, mentioned lately, will do.
            for m in recent:
                p = m.person
                if (
                    m.kind == PERSON
                    and p is not None
                    and not p.gender
                    and not p.titles
                    and len(p.tokens) >= 2
                    and (m.subject or m.sentence == here)
                ):
                    return p.name
        return phrase
    # A person role: prefer someone given that title, else the most recent person; of the
    # gender the role gives, if it gives one ("the first lady", "the congressman").
    gender = _role_gender(phrase) or _role_gender_before(reg, pos)
    forms = _TITLE_FORMS.get(role, frozenset((role,)))
    # "the US president" is not the Ukrainian president named last
    nation = _nations(phrase.split(), capitalised=True)
    for m in reg.before(pos, 60):
        p = m.person
        if (
            m.kind == PERSON
            and p is not None
            and forms & p.titles
            and gender_ok(p.gender, gender)
            and _same_nation(p, nation)
        ):
            return p.name
    for p in reg.people:
        if forms & p.titles and gender_ok(p.gender, gender) and _same_nation(p, nation):
            return p.name
    name = _recent_person(reg, pos, gender, last_speaker, nation)
    if not name:
        # A lede often names the role first and the person next: "A headteacher who ...
        # has won his claim. Martin Greaves, 52, was dismissed ..."
        for m in reg.after(pos, 30):
            if m.start - pos > 700:
                break
            if m.kind == PERSON and m.person is not None:
                return m.person.name
    return name or phrase
