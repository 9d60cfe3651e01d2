"""Who speaks: a speaker reference read from the attribution, turned into the name to report.

``Speakers.resolve`` takes a ``Ref`` (a pronoun, a name, a role such as "the minister", a group such
as "analysts", a document such as "the statement") and returns the speaker as the claim should say
it: the fullest form of a name the article gives, the person a pronoun or role refers to (decided in
``referents``), the organisation behind a statement, or the phrase itself for someone unnamed ("a
senior aide"). ``unnamed_again`` keeps such an unnamed speaker when the next quotation calls them
"the person". The pipeline in ``suggest`` decides which reference each quotation has.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from workbench.detect.attribution import Attributor
from workbench.detect.clauses import first_subject
from workbench.detect.entities import Person, Registry
from workbench.detect.lexicon import (
    ATTACH_HEADS,
    DETERMINERS,
    DOC_NOUNS,
    FAMILY_ROLES,
    GROUP_ROLES,
    ORG_ROLES,
    PERSON_ROLES,
    PRONOUNS,
    word_set,
)
from workbench.detect.names import ORG, PERSON, PLACE, TITLE_ONLY, UNKNOWN, analyse_run, not_a_name, role_of
from workbench.detect.phrases import Ref
from workbench.detect.referents import issuer, issuer_after, resolve_pronoun, resolve_role
from workbench.detect.textindex import TextIndex, Token

_INDEFINITE = word_set("a an one another")
# One unnamed person who speaks for an organisation ("a spokesman for Verizon", "an official at the ministry").
_SPOKESPEOPLE = word_set("spokesman spokeswoman spokesperson official representative")
_COORDINATORS = word_set("but and yet")
# Nouns for a person that say their gender: "my mother", "the pope" (whom "she" or "he" may mean).
_ROLE_GENDERS = {
    **dict.fromkeys(word_set("mother wife daughter sister grandmother aunt widow woman girl actress queen"), "f"),
    **dict.fromkeys(word_set("father husband son brother grandfather uncle widower man boy actor king pope"), "m"),
    "spokeswoman": "f", "spokesman": "m",
}
# Adverbs that open a sentence before its subject ("Later, the pope told reporters …").
_SENTENCE_OPENERS = word_set("later then still now instead meanwhile afterwards afterward finally")
_DESCRIBING_DETERMINERS = word_set("the my his her our their")
_NP_ENDS = word_set("of for at in on with from to by who which that")  # the head noun comes before these
# What a reporter calls an unnamed speaker the second time: "the person added", "the source said".
_ANYONE = word_set("person source individual official insider")


def unnamed_again(ref: Ref, last_speaker: str) -> str:
    """"…,” said a longtime adviser to Trump. “…,” the person added.": "the person" (the adviser, the
    official) is the unnamed speaker just quoted, not the last person named; "" otherwise."""
    words = last_speaker.split()
    if ref.kind != "role" or ref.words[0].lower() != "the" or len(words) < 2 or words[0].lower() not in _INDEFINITE:
        return ""
    head = ref.words[-1].lower()
    return last_speaker if head in _ANYONE or head == words[-1].lower() else ""


@dataclass(slots=True)
class Speakers:
    """Resolves speaker references in one article, against its mentions and the people named in it
    (``people``: the pipeline's own map of name to Person, where last speakers are looked up)."""

    index: TextIndex
    registry: Registry
    att: Attributor
    people: dict[str, Person]

    def resolve(self, ref: Ref, last_person: object) -> str:
        """The speaker ``ref`` names, as the claim should say it; ``last_person`` is the last speaker's
        ``Person`` (a pronoun's likeliest antecedent)."""
        reg = self.registry
        lp = last_person if last_person in self.people.values() else None
        if ref.others:
            one = self.resolve(replace(ref, others=()), last_person)
            others = [self.resolve(o, last_person) for o in ref.others]
            names = [*others, one] if ref.others_first else [one, *others]
            if not all(names) or len(set(names)) < len(names):
                return one
            return ", ".join(names[:-1]) + " and " + names[-1]
        if ref.kind == "pronoun":
            if ref.words[0].lower() in ("it", "they"):
                subject = self._subject_for_it(ref)
                if subject is not None:
                    return self.resolve(subject, last_person)
            if ref.gender in ("m", "f"):
                role = self._role_subject(ref)
                if role is not None:
                    return self.resolve(role, last_person)
            if ref.gender == "w":
                return resolve_pronoun(reg, ref.words[0], ref.pos, "w", lp)  # type: ignore[arg-type]
            return resolve_pronoun(reg, ref.words[0], ref.pos, ref.gender, lp)  # type: ignore[arg-type]
        if ref.kind == "name":
            a = analyse_run(list(ref.words), ref.had_the)
            if not reg.plausible(a):
                return ""
            if a.kind in (PERSON, UNKNOWN):
                if a.name:
                    return reg.resolve_name(a, ref.pos)
                return "" if not_a_name(ref.words) else " ".join(ref.words)
            if a.kind == TITLE_ONLY:
                if len(ref.words) == 1 and not a.gender:
                    p = reg.surname_holder(ref.words[0], ref.pos)  # "Dean said": Howard Dean, not a dean
                    if p is not None:
                        return p.name
                role = a.titles[-1] if a.titles else ""
                return resolve_role(reg, role, _phrase(ref.words), ref.pos, lp)  # type: ignore[arg-type]
            if a.kind == PLACE and len(a.name_tokens) == 1:
                p = reg.surname_holder(a.name_tokens[0], ref.pos)  # "Park said": Linda Park, not a park
                if p is not None:
                    return p.name
            if a.kind in (ORG, PLACE):
                return a.name
            return " ".join(ref.words)
        if ref.kind == "group":
            if ref.role in DOC_NOUNS:
                return self._issuer(ref, lp)
            return _phrase(ref.words)
        # role
        words = list(ref.words)
        if len(words) == 1 and words[0][:1].isupper():
            p = reg.surname_holder(words[0], ref.pos)  # "Green said": Peter Green, not a Green
            if p is not None:
                return p.name
        if ref.role in ATTACH_HEADS or (words and words[-1].lower() in ATTACH_HEADS):
            mods = [w for w in words[:-1] if w.lower() not in DETERMINERS]
            for w in mods:
                r = role_of(w)
                if r in ORG_ROLES:
                    return resolve_role(reg, r, r, ref.pos, lp)  # type: ignore[arg-type]
            caps = [w for w in mods if w[:1].isupper()]
            if caps:
                a = analyse_run(caps, False)
                if a.kind in (ORG, UNKNOWN, PLACE) and a.name:
                    return a.name
            return _phrase(ref.words)
        has_modifier = any(w.endswith(("'s", "’s", "'", "’")) or w[:1].isupper() for w in words[1:-1])
        if ref.role in ORG_ROLES and has_modifier:
            return _phrase(ref.words)
        if ref.role in GROUP_ROLES and (
            len(words) == 1 or (ref.role not in ORG_ROLES and words[0].lower() not in _OWNER_PRONOUNS)
        ):
            # "the protesters said", "the men's families said": a plural group speaks, never the one person
            # named last ("police" and "prosecutors" are also an organisation, which the role finds). "His
            # supporters" is left to the role's resolution: on PolNeAR such a phrase mostly sits in a
            # sentence that quotes "him" ("… his supporters notes that …"), and naming the group there
            # made more speakers wrong than right.
            return _phrase(ref.words)
        if words[0].lower() in _INDEFINITE and ref.role not in ORG_ROLES:
            # "said one longtime adviser to Bill Clinton", "a 2008 Clinton veteran said": someone
            # the article does not name, not the last person named
            return _phrase(ref.words)
        return resolve_role(reg, ref.role, _phrase(ref.words), ref.pos, lp)  # type: ignore[arg-type]

    def _role_subject(self, ref: Ref) -> Ref | None:
        """"My mother has softened with age, but even now she still says …", "Later, the pope told
        reporters that he …": a person described, not named ("the pope", "my mother", "the woman"),
        opening the pronoun's own sentence, of the pronoun's gender when the noun gives one."""
        idx = self.index
        s_start = idx.sentence_start(ref.pos)
        before = [t for t in idx.tokens_between(s_start, ref.pos) if not t.in_quote]
        if not any(t.is_word for t in before) and s_start > 0:
            # "The woman, who asked not to be named, said she was afraid. “…,” she said."
            prev_start = idx.sentence_start(s_start - 1)
            spokesperson = self._unnamed_spokesperson(prev_start, s_start, ref.gender)
            if spokesperson is not None:
                return spokesperson
            before = [t for t in idx.tokens_between(prev_start, s_start) if not t.in_quote]
        words = [t for t in before if t.is_word]
        owned = _owned_role(words, ref.gender)
        if owned is not None:
            return owned
        if len(words) > 3 and words[0].lower in _SENTENCE_OPENERS and before[before.index(words[0]) + 1].text == ",":
            words = words[1:]  # "Later, the pope …"
        if len(words) < 3 or words[0].lower not in _DESCRIBING_DETERMINERS:
            return None
        for k, w in enumerate(words[1:4], start=1):
            if w.cap or w.lower in _NP_ENDS:
                return None  # "The Clinton campaign", "my friend Tom": a name decides; "his candidacy for …"
            noun = w.lower
            gender = _ROLE_GENDERS.get(noun, "")
            if gender or role_of(w.text) in PERSON_ROLES:
                if k + 1 < len(words) and (words[k + 1].cap or role_of(words[k + 1].text)):
                    return None  # "the pope Francis", "the party chairman": not the head noun yet
                if gender and gender != ref.gender:
                    return None
                at = before.index(words[k])
                tail = before[at + 1 : at + 9]
                if any(t.text == "," and n + 1 < len(tail) and tail[n + 1].cap for n, t in enumerate(tail)) or any(
                    t.cap for t in tail[:2] if t.is_word
                ):
                    return None  # "The minister of the economy, Mr. Guajardo, argues": the name decides
                phrase = tuple(t.text for t in words[: k + 1])
                kind = "group" if noun in FAMILY_ROLES or words[0].lower != "the" else "role"
                return Ref(kind, phrase, words[0].start, role=noun)
        return None

    def _unnamed_spokesperson(self, start: int, end: int, gender: str) -> Ref | None:
        """"But a spokesperson for the employers' association said … ¶ “…,” he said.": the sentence before
        opens with an unnamed spokesperson (an official, a representative) who speaks; the pronoun that
        opens the next quotation's attribution is that person, not the last person named. The speaker
        reference of that sentence is returned (it resolves to the organisation); None otherwise."""
        prev, cue, pos = self.att.sentence_speaker(start, end)
        if prev is None or not cue:
            return None
        words = [t.lower for t in self.index.tokens_between(start, pos) if t.is_word and not t.in_quote]
        if words and words[0] in _COORDINATORS:
            words = words[1:]  # "But a spokesperson …"
        if len(words) < 2 or words[0] not in _INDEFINITE or words[1] not in _SPOKESPEOPLE:
            return None
        noun_gender = _ROLE_GENDERS.get(words[1], "")
        return None if noun_gender and noun_gender != gender else prev

    def _subject_for_it(self, ref: Ref) -> Ref | None:
        """"Clinton's campaign is seeking … what they call “…”", "The union rejected the offer. “…,” it
        said.": the organisation or group that is the subject of the pronoun's own sentence or, when
        the pronoun opens its clause or that subject is the pronoun again, of the sentence before.
        None when that subject is a name (the mentions decide then) or nothing."""
        idx = self.index
        pronoun = _bare_pronoun(ref.words[0])
        s_start = idx.sentence_start(ref.pos)
        before = [t for t in idx.tokens_between(s_start, ref.pos) if not t.in_quote]
        subject = first_subject(before) if any(t.is_word for t in before) else None
        if subject is None or (subject.kind == "pronoun" and _bare_pronoun(subject.words[0]) == pronoun):
            if s_start == 0:
                return None
            prev = idx.sentence_start(s_start - 1)
            subject = first_subject([t for t in idx.tokens_between(prev, s_start) if not t.in_quote])
        if subject is None or subject.kind not in ("role", "group"):
            return None
        if subject.role not in ORG_ROLES and subject.role not in GROUP_ROLES and subject.role not in ATTACH_HEADS:
            return None  # "the minister": a person, whom "it" or "they" does not mean
        return subject

    def _issuer(self, ref: Ref, last_person: object) -> str:
        """The organisation or person behind "the statement", "Clinton's letter", "its report"."""
        reg = self.registry
        mods = [w for w in ref.words[:-1] if w.lower() not in DETERMINERS]
        caps = [w for w in mods if w[:1].isupper() and not role_of(w)]
        if caps:
            a = analyse_run(caps, False)
            if a.kind in (PERSON, UNKNOWN) and a.name_tokens:
                return reg.resolve_name(a, ref.pos)
            if a.kind == ORG:
                return a.name
        for w in mods:
            r = role_of(w.rstrip("'’s"))
            if r in ORG_ROLES:
                return resolve_role(reg, r, r, ref.pos, None)
            g = PRONOUNS.get({"his": "he", "her": "she", "its": "it", "their": "they"}.get(w.lower(), ""))
            if g:
                return resolve_pronoun(reg, w, ref.pos, g, last_person if last_person in self.people.values() else None)  # type: ignore[arg-type]
        name = issuer(reg, ref.role, ref.pos)
        if not name and ref.words[0].lower() in ("a", "an"):
            name = issuer_after(reg, ref.role, ref.pos)  # "…, says a report. ¶ The report by the union …"
        if not name:
            # "The ministry rejected the claims. “…,” the statement said.": the organisation that
            # is the subject of the sentence before.
            idx = self.index
            s_start = idx.sentence_start(ref.pos)
            if s_start > 0:
                prev, _cue, _pos = self.att.sentence_speaker(idx.sentence_start(s_start - 1), s_start)
                if prev is not None and prev.kind in ("role", "group") and (
                    prev.role in ORG_ROLES or (prev.role in GROUP_ROLES and prev.role not in DOC_NOUNS)
                ):
                    # "In September, the families of the five men urged their captors … ¶ The statement
                    # continued: “…”": a group speaks through a statement as an organisation does
                    name = self.resolve(prev, last_person)
        return name


def _owned_role(words: list[Token], gender: str) -> Ref | None:
    """"Prime Minister Gordon Brown's spokesman also condemned the tape. “…,” he added.": a sentence that
    opens with a named owner's person ("Brown's spokesman", "Smith's lawyer") is about that person, whom the
    article does not name; "he" is neither the owner nor the last man named. None otherwise."""
    for k, w in enumerate(words[:6]):
        if not w.cap:
            return None
        if w.text.endswith(("'s", "’s")):
            if k + 1 >= len(words) or role_of(words[k + 1].text) not in PERSON_ROLES:
                return None
            if k + 2 < len(words) and (words[k + 2].cap or role_of(words[k + 2].text)):
                return None  # "Clinton's spokesman Brian Fallon": the name decides
            noun_gender = _ROLE_GENDERS.get(words[k + 1].lower, "")
            if noun_gender and noun_gender != gender:
                return None
            return Ref("group", tuple(t.text for t in words[: k + 2]), words[0].start, role=words[k + 1].lower)
    return None


_OWNER_PRONOUNS = frozenset({"his", "her", "their", "its", "our", "my", "your"})


def _bare_pronoun(word: str) -> str:
    """"It’s" -> "it": the pronoun of a contraction, lower-cased."""
    return word.lower().replace("’", "'").split("'")[0]


def _phrase(words: tuple[str, ...] | list[str]) -> str:
    words = list(words)
    if (words and words[0].lower() in DETERMINERS) or (len(words) == 1 and role_of(words[0]) in GROUP_ROLES):
        words[0] = words[0].lower()
    return " ".join(words)

