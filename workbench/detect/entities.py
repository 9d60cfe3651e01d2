"""Who is mentioned where: names, titles, organisations, and the people "Rutte" or "Mr. Obama" means.

A *name run* is a stretch of capitalised words (with particles such as "del" or "bin" and initials
such as "W.") in the reporter's text; ``detect.names`` classifies each as a person, an organisation, a
place or unknown, with titles stripped ("South Korean Defense Minister Kim Yong-hyun" -> "Kim Yong-hyun").
The ``Registry`` here records every mention in one article. People are merged by name ("Rutte" is "Mark
Rutte"), so the speaker we report is the fullest form the article gives, even when the full name only
appears later.

Organisations are reported with a lower-case article when the article uses one ("The Kremlin
said" -> "the Kremlin"): that is how the name reads mid-sentence, and it keeps one spelling for
one speaker. Quotation interiors are skipped: names a speaker mentions are not people the
reporter introduced.

What the words right beside a name say (an appositive's role, a kin noun) is read in ``appositives``;
who a pronoun, a role or "the statement" refers to is decided over these mentions in ``referents``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from workbench.detect.appositives import (
    appositive_follows,
    appositive_roles,
    kin_gender_before,
    speaks_after_appositive,
)
from workbench.detect.context import POST_NAME_NOUNS, build_context, is_title, speaks, trim_run
from workbench.detect.lexicon import (
    DEMONYMS,
    FEMALE_NAMES,
    FINITE_CUES,
    GENERATIONS,
    HONORIFIC_GENDER,
    MALE_NAMES,
    STARTERS,
    word_set,
)
from workbench.detect.names import (
    ORG,
    PERSON,
    PLACE,
    TITLE_ONLY,
    UNKNOWN,
    Analysed,
    analyse_run,
    gender_ok,
    name_runs,
    role_of,
    runword_set,
)
from workbench.detect.textindex import TextIndex

_PRONOUN_GENDER = {
    "he": "m", "his": "m", "him": "m", "himself": "m", "she": "f", "her": "f", "hers": "f", "herself": "f"
}


# How far back (paragraphs) a person's last mention still makes them the one a bare surname means.
_RECENT_PARAS = 3


_OBLIQUE = word_set("him her his hers")
_COMPANY_SUFFIXES = word_set("corp inc ltd plc llc")


def para_no(index: TextIndex, pos: int) -> int:
    """The number of the paragraph that holds offset ``pos``."""
    return max(0, bisect_right(index.para_starts, pos) - 1)


@dataclass(slots=True)
class Person:
    """One person, however often and however fully the article names them."""

    tokens: tuple[str, ...]
    gender: str = ""  # "m", "f" or "" when unknown
    titles: set[str] = field(default_factory=set)
    kin_gender: str = ""  # from a kin noun the name stands beside ("her husband, Omar"): beats pronoun votes

    @property
    def name(self) -> str:
        return " ".join(self.tokens)


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    kind: str
    name: str  # canonical surface: name without titles, org with a lower-case "the"
    person: Person | None
    subject: bool  # first candidate subject of its sentence
    sentence: int
    titles: tuple[str, ...] = ()
    modifier: bool = False  # "Trump supporters": describes a noun, refers to no one
    speaks: bool = False  # subject of a speech verb ("McLenney said …")
    introduced: bool = False  # first mention of a person, with an appositive ("Henry Crespo, president of …")
    under_pronoun: str = ""  # gender of a subject pronoun earlier in the sentence ("She met Bill Clinton …")


_SUBJECT_PRONOUNS = {"he": "m", "she": "f"}
# Words for a medium that follow a broadcaster's or a paper's name ("Al Jazeera television", "the Mehr news
# agency", "Kommersant newspaper").
_MEDIA_NOUNS = word_set(
    "television tv radio newspaper paper daily weekly channel broadcaster network website magazine agency"
)
# Words in -ed after a capitalised word that are not its verb ("Hillary-inspired", "United").
_NOT_VERBS = frozenset({"based", "led", "backed", "owned", "related", "funded", "supported", "linked"})


def _first_name(low: str) -> bool:
    return low in MALE_NAMES or low in FEMALE_NAMES


class Registry:
    """All mentions in an article, and the people they refer to."""

    def __init__(self, index: TextIndex) -> None:
        self.index = index
        self.context = build_context(index)
        self.mentions: list[Mention] = []
        self.people: list[Person] = []
        # lower-cased name word -> people whose name contains it (keeps look-ups linear overall)
        self._by_word: dict[str, list[Person]] = {}
        # id(person) -> paragraph numbers of their mentions, in text order
        self._seen_in: dict[int, list[int]] = {}
        self._sent_starts: set[int] = set()
        self._build()
        self.starts = [m.start for m in self.mentions]

    # -- building -----------------------------------------------------------------------------
    def _media_names(self, runs: list[tuple[int, int]]) -> frozenset[str]:
        """Lower-cased names the article writes right before a word for a medium ("on Al Jazeera
        television"): a broadcaster or a paper wherever else it appears, though "Al" looks like a man's
        first name and "the speaker says" must not find a person in it."""
        toks = self.index.tokens
        out = set()
        for first, last in runs:
            nxt = toks[last] if last < len(toks) else None
            if nxt is not None and nxt.is_word and not nxt.cap and nxt.lower in _MEDIA_NOUNS:
                out.add(" ".join(t.text for t in toks[first:last]).lower())
        return frozenset(out)

    def _company_names(self) -> frozenset[str]:
        """Lower-cased words the article writes somewhere with a company suffix ("Microsoft Corp",
        "Gartner Inc.", "Amazon.com Inc."): an organisation wherever else they stand alone, so "Microsoft
        said" finds no person there for a later "he said" to mean."""
        toks = self.index.tokens
        out = set()
        for i in range(len(toks) - 1):
            t, nxt = toks[i], toks[i + 1]
            if t.cap and not t.in_quote and nxt.lower.rstrip(".") in _COMPANY_SUFFIXES and nxt.start - t.end == 1:
                out.add(t.lower)
                out.add(t.lower.split(".", 1)[0])  # "Amazon.com Inc." -> "amazon" too
        return frozenset(out)

    def _build(self) -> None:
        idx = self.index
        toks = idx.tokens
        seen_subject_in: set[int] = set()
        introduced_people: set[int] = set()
        ctx = self.context
        sent_starts = set(idx.sentence_starts)
        self._sent_starts = sent_starts
        runs = name_runs(idx)
        media = self._media_names(runs)
        companies = self._company_names()
        for first, last in runs:
            first, last = trim_run(idx, ctx, sent_starts, first, last)
            if first >= last:
                continue
            if (
                first >= 2
                and last - first >= 2
                and toks[first - 1].lower in ("of", "for")
                and is_title(toks[first - 2].text)
                and toks[first - 2].cap
            ):
                # "Secretary of State Antony Blinken": "State" ends the title, the name starts after it
                first += 1
                while last - first > 2 and not (toks[first].lower in MALE_NAMES or toks[first].lower in FEMALE_NAMES):
                    first += 1
            if (
                first >= 3
                and last - first >= 4
                and toks[first - 1].lower == "the"
                and toks[first - 2].lower in ("of", "for")
                and is_title(toks[first - 3].text)
                and toks[first - 3].cap
            ):
                # "Captain of the Steve Irwin Paul Watson": the portfolio is named after someone; the holder's
                # name starts at the last first name that follows a surname ("John Paul Jones" keeps "John")
                for j in range(first + 2, last - 1):
                    if _first_name(toks[j].lower) and not _first_name(toks[j - 1].lower):
                        first = j
            words = runword_set(idx, first, last)
            prev = toks[first - 1] if first > 0 else None
            had_the = prev is not None and prev.lower == "the"
            a = analyse_run(words, had_the)
            if a.kind == UNKNOWN and not a.name:
                holder = self.surname_holder(words[0], toks[first].start) if len(words) == 1 else None
                if holder is not None and holder.gender and len(holder.tokens) >= 2:
                    # "Green hit back": the Peter Green named before, though "Green" is also a party
                    a = Analysed(UNKNOWN, words[0], (words[0],), (), "")
                else:
                    continue
            if not self.plausible(a):
                continue
            if a.kind == PERSON and not a.titles and a.name.lower() in media:
                a = Analysed(ORG, a.name, a.name_tokens, a.titles, "")  # "Al Jazeera ran three excerpts"
            if a.kind in (PERSON, UNKNOWN) and len(a.name_tokens) == 1 and not a.titles:
                low = a.name_tokens[0].lower()
                if low in companies:
                    a = Analysed(ORG, a.name, a.name_tokens, a.titles, "")  # "Microsoft said", once "Microsoft Corp"
                if low in ctx.places and not self._by_word.get(low):
                    a = Analysed(PLACE, a.name, a.name_tokens, a.titles, "")  # "in Charlotte"
            start = toks[first].start
            sent = idx.sentence_no(start)
            person = None
            if a.kind == PERSON:
                person = self._person_for(a)
                kin = kin_gender_before(toks, first)
                if kin:
                    person.gender = person.kin_gender = kin
            elif a.kind == PLACE and len(a.name_tokens) == 1 and speaks(toks, first, last):
                person = self.surname_holder(a.name_tokens[0], start)  # "Park told the crowd"
            elif a.kind == TITLE_ONLY and last - first == 1 and not a.gender:
                person = self.surname_holder(toks[first].text, start)  # "Dean, a medical doctor," is Howard Dean
            elif a.kind == UNKNOWN and len(a.name_tokens) == 1:
                person = self._find_person(a.name_tokens, start)
                if person is None and (speaks(toks, first, last) or self._acts(first, last, start)):
                    # "McLenney said …", "… said Tompkins": whoever speaks is someone; "Carson defied
                    # the question" opening a sentence: someone a later "he said" may refer to.
                    person = self._person_for(a)
            if person is not None and a.kind == PERSON:
                person.titles.update(appositive_roles(toks, first, last))
            kind = PERSON if person is not None else a.kind
            subject = False
            # A name used as a modifier ("White House press secretary Karine Jean-Pierre",
            # "Unite's general secretary Sharon Graham") is not the subject.
            possessive = toks[last - 1].text.endswith(("'s", "’s")) or any(
                t.is_word and not t.cap and bool(role_of(t.text)) for t in toks[last : last + 2]
            )
            # "Trump supporters", "the Clinton campaign", "Democratic presidential nominee": a
            # name in front of a noun describes the noun; it is nobody's antecedent.
            nxt = toks[last] if last < len(toks) else None
            modifier = (
                nxt is not None
                and nxt.is_word
                and not nxt.cap
                and nxt.start - toks[last - 1].end == 1
                and (bool(role_of(nxt.text)) or nxt.lower in POST_NAME_NOUNS)
            )
            possessive = possessive or modifier
            # "Unite's general secretary Sharon Graham": the owner is not the subject.
            if sent not in seen_subject_in and kind in (PERSON, ORG, UNKNOWN) and not possessive:
                subject = self._looks_like_subject(first, start)
                if subject:
                    seen_subject_in.add(sent)
            introduced = False
            if person is not None and id(person) not in introduced_people:
                introduced_people.add(id(person))
                introduced = appositive_follows(toks, last)
            if person is not None:
                self._seen_in.setdefault(id(person), []).append(para_no(idx, start))
            talks = speaks(toks, first, last) or (person is not None and speaks_after_appositive(toks, last))
            self.mentions.append(
                Mention(
                    start, toks[last - 1].end, kind, a.name, person, subject, sent, a.titles, modifier, talks,
                    introduced,
                    # "…, he is the best candidate Viguerie argues": a speaker is the subject of a clause of
                    # their own, whatever the sentence's pronoun
                    "" if subject or talks else self._pronoun_subject_before(first, sent),
                )
            )
        # A surname seen before its full name ("Rutte said ... Mark Rutte") is linked afterwards.
        for m in self.mentions:
            if m.kind == UNKNOWN and " " not in m.name:
                p = self._find_person((m.name,), m.start)
                if p is None:
                    # "Clinton leaned in …" where the article only ever writes "Clinton": the
                    # one-word person made where "Clinton said" is the same person at every mention.
                    low = m.name.lower()
                    p = next(
                        (q for q in self._by_word.get(low, ()) if len(q.tokens) == 1 and q.tokens[0].lower() == low),
                        None,
                    )
                if p is not None:
                    m.person = p
                    m.kind = PERSON
        self._vote_genders()

    def _pronoun_subject_before(self, first: int, sent: int) -> str:
        """Gender of a personal pronoun that opens the clause before token ``first`` in its sentence
        ("She has faced … her meeting with Bill Clinton": "m"/"f"), or ""."""
        idx = self.index
        toks = idx.tokens
        k = idx.token_at_or_after(idx.sentence_starts[sent])
        seen = 0
        while k < first and seen < 4:
            t = toks[k]
            k += 1
            if not t.is_word or t.in_quote:
                continue
            seen += 1
            g = _SUBJECT_PRONOUNS.get(t.lower)
            if g:
                return g
            if t.text == "," or t.cap:
                break
        # "When the interview turned to the race, he offered his thoughts on Trump's appeal": the
        # pronoun that opens the main clause after an opening subordinate clause.
        while k < first:
            t = toks[k]
            k += 1
            if t.text == "," and k < first and not toks[k].in_quote:
                g = _SUBJECT_PRONOUNS.get(toks[k].lower)
                if g:
                    return g
        return ""

    def plausible(self, a: Analysed) -> bool:
        """Could this be someone's name? Not when it is only ordinary words the article also writes
        in lower case ("Living History", "Crime Bill", "Gold Star") and nothing marks a person."""
        if a.kind != PERSON or a.titles or a.gender or len(a.name_tokens) < 2:
            return True
        first = a.name_tokens[0].lower()
        if all(w.isupper() and len(w) > 1 for w in a.name_tokens) and first not in MALE_NAMES | FEMALE_NAMES:
            return False  # "FULL TEXT.", "TOP STORIES": a label in capitals, not a person
        common = self.context.common
        return not all(w.lower() in common for w in a.name_tokens)

    def _vote_genders(self) -> None:
        """Let the article say who is "he" and who is "she": the first personal pronoun after a
        person's subject mention, with nobody else named in between, is a vote. Text beats the
        first-name lists ("Terry Strada … She continued"), except a pronoun that attributes the
        next quotation ("“…,” he said"); an honorific ("Mrs.") beats both."""
        toks = self.index.tokens
        votes: dict[int, list[int]] = {}
        by_id: dict[int, Person] = {}
        starts = [m.start for m in self.mentions]
        for k, m in enumerate(self.mentions):
            p = m.person
            if p is None or m.kind != PERSON or not m.subject or m.modifier:
                continue
            nxt_mention = starts[k + 1] if k + 1 < len(starts) else len(self.index.text)
            i = self.index.token_at_or_after(m.end)
            for j in range(i, min(i + 40, len(toks))):
                t = toks[j]
                if t.start >= nxt_mention:
                    break
                if t.in_quote or not t.is_word:
                    continue
                g = _PRONOUN_GENDER.get(t.lower)
                if g and p.gender and g != p.gender and toks[j - 1].in_quote and (
                    j + 1 < len(toks) and toks[j + 1].lower in FINITE_CUES
                ):
                    # "Melanie waited … “I love you,” he said": who "he" is, is the question asked
                    # of that quotation, not an answer to it; it does not outvote the first name
                    break
                if g and t.lower in _OBLIQUE and self.index.sentence_no(t.start) == m.sentence:
                    # "Her husband, Omar, stood beside her", "Sanders endorsed her challenger": in the
                    # subject's own sentence an object or possessive is as often someone else's; the
                    # next sentence's "she" is the vote
                    continue
                if g:
                    v = votes.setdefault(id(p), [0, 0])
                    v[g == "f"] += 1
                    by_id[id(p)] = p
                    break
        for pid, (male, female) in votes.items():
            p = by_id[pid]
            if any(t in HONORIFIC_GENDER for t in p.titles) or p.kin_gender:
                continue
            need = 2 if p.gender else 1  # one pronoun does not outvote the first name
            if male >= need and not female:
                p.gender = "m"
            elif female >= need and not male:
                p.gender = "f"

    def _acts(self, first: int, last: int, start: int) -> bool:
        """Does a lone capitalised word open its sentence as the subject of a past-tense verb
        ("Carson defied the question")?"""
        toks = self.index.tokens
        if start not in self._sent_starts or last >= len(toks) or toks[first].lower in self.context.common:
            return False  # a word the article also writes in lower case
        word = toks[first].lower
        if word.endswith("s") and not word.endswith(("ss", "us", "is")):
            return False  # "Eyebrows raised …", "Friends described …": a plural, nobody's name
        verb = toks[last]
        return (
            verb.is_word
            and not verb.cap
            and verb.lower.endswith("ed")
            and len(verb.lower) > 4
            and verb.lower not in _NOT_VERBS
        )

    def _looks_like_subject(self, first: int, start: int) -> bool:
        """Is this run the first noun phrase of its sentence (after an opening adverbial)?"""
        idx = self.index
        s_start = idx.sentence_start(start)
        toks = idx.tokens
        j = idx.token_at_or_after(s_start)
        # Skip an opening adverbial ("During a briefing on Wednesday,") up to its comma.
        saw_comma_at = -1
        words_before = 0
        for k in range(j, first):
            t = toks[k]
            if t.text == ",":
                saw_comma_at = k
            elif t.is_word:
                words_before += 1
                if t.lower in ("he", "she", "they", "it", "er", "sie", "il", "elle"):
                    return False
        if words_before == 0:
            return True
        if saw_comma_at >= 0 and first - saw_comma_at <= 2:
            return True
        # Only modifiers of the name before it: "Unite's general secretary Sharon Graham",
        # "White House press secretary Karine Jean-Pierre".
        start_k = saw_comma_at + 1 if saw_comma_at >= 0 else j
        prev = toks[first - 1] if first > 0 else None
        if prev is not None and prev.is_word and (role_of(prev.text) or is_title(prev.text)):
            return first - start_k <= 8 and not any(
                # "…, who lost her sister Victoria": a relative clause's object is no subject
                toks[k].lower in ("he", "she", "they", "it", "who", "whom", "which") or toks[k].text in (";", ":")
                for k in range(start_k, first)
            )
        if all(
            toks[k].lower in STARTERS
            or toks[k].cap
            or bool(role_of(toks[k].text))
            or is_title(toks[k].text)
            or toks[k].lower in DEMONYMS
            for k in range(start_k, first)
            if toks[k].is_word
        ) and first - start_k <= 8:
            return True
        # "Florida developer Mel Sembler expressed dismay": an occupation the lexicon does not know
        between = [toks[k] for k in range(start_k, first)]
        return 0 < len(between) <= 3 and all(
            t.is_word
            and (
                t.cap
                or (
                    t.lower not in STARTERS
                    and t.lower not in FINITE_CUES
                    and not t.lower.endswith(("ed", "ing", "s", "ly"))
                )
            )
            for t in between
        ) and between[-1].text.islower()

    def _index_person(self, p: Person) -> None:
        for w in {t.lower() for t in p.tokens}:
            lst = self._by_word.setdefault(w, [])
            if p not in lst:
                lst.append(p)

    def _person_for(self, a: Analysed) -> Person:
        toks = a.name_tokens
        low = tuple(t.lower() for t in toks)
        cands = [p for p in self._by_word.get(low[-1], []) if gender_ok(p.gender, a.gender)]
        for p in cands:
            if tuple(t.lower() for t in p.tokens) == low:
                p.titles.update(a.titles)
                p.gender = p.gender or a.gender
                return p
        # The earliest-introduced match: a reporter names the main person of a surname first and
        # the relatives after ("Ted Cruz" ... "Heidi Cruz" ... "Cruz said").
        for p in cands:
            plow = tuple(t.lower() for t in p.tokens)
            if plow[-1] != low[-1]:
                continue
            if set(low) <= set(plow) or (set(plow) <= set(low) and not (set(low) - set(plow)) & GENERATIONS):
                if len(low) > len(plow):
                    p.tokens = toks  # a fuller form of a name we already know
                    self._index_person(p)
                p.titles.update(a.titles)
                p.gender = p.gender or a.gender
                return p
        p = Person(toks, a.gender, set(a.titles))
        self.people.append(p)
        self._index_person(p)
        return p

    def _find_person(self, tokens: tuple[str, ...], pos: int, gender: str = "") -> Person | None:
        """The person a partial name ("Rutte", "Mr. Obama") refers to: the earliest-introduced
        person of a compatible gender whose name contains it, preferring a surname match — unless
        only another such person was named in the last few paragraphs."""
        low = [t.lower() for t in tokens]
        if not low:
            return None
        best: list[Person] = []
        best_score = -1
        for p in self._by_word.get(low[-1], ()):
            plow = [t.lower() for t in p.tokens]
            if len(plow) < 2 and len(low) < 2:
                continue
            if not set(low) <= set(plow) or not gender_ok(p.gender, gender):
                continue
            if (set(plow) - set(low)) & GENERATIONS:
                continue  # "Trump" is not "Donald Trump Jr."
            score = 2 if plow[-1] == low[-1] else 1
            if score > best_score:
                best, best_score = [p], score
            elif score == best_score:
                best.append(p)
        if len(best) > 1:
            # Two people of one surname ("Gary Johnson" early on, "Jeh Johnson" in this section): the
            # earliest-introduced stays the default, unless only another was named in the last paragraphs.
            here = para_no(self.index, pos)
            recent = [p for p in best if self._last_para(p, here) >= here - _RECENT_PARAS]
            if recent and best[0] not in recent:
                return max(recent, key=lambda p: self._last_para(p, here))
        return best[0] if best else None

    def surname_holder(self, word: str, pos: int) -> Person | None:
        """The person whose surname is ``word`` (a word that is also a place: "Park", "Lake"), or None."""
        p = self._find_person((word,), pos)
        return p if p is not None and p.tokens[-1].lower() == word.lower() else None

    def _last_para(self, p: Person, here: int) -> int:
        """The last paragraph up to ``here`` in which ``p`` is mentioned, or -1."""
        paras = self._seen_in.get(id(p), [])
        i = bisect_right(paras, here)
        return paras[i - 1] if i else -1

    # -- queries ------------------------------------------------------------------------------
    def before(self, pos: int, limit: int = 80) -> list[Mention]:
        """Up to ``limit`` mentions ending before ``pos``, most recent first."""
        i = bisect_left(self.starts, pos)
        out: list[Mention] = []
        while i > 0 and len(out) < limit:
            i -= 1
            m = self.mentions[i]
            if m.end <= pos:
                out.append(m)
        return out

    def after(self, pos: int, limit: int = 40) -> list[Mention]:
        i = bisect_left(self.starts, pos)
        return self.mentions[i : i + limit]

    def resolve_name(self, a: Analysed, pos: int) -> str:
        """Fullest form of an analysed name seen at ``pos``."""
        if a.kind == PERSON or (a.kind == UNKNOWN and a.name_tokens):
            p = self._find_person(a.name_tokens, pos, a.gender)
            if p is not None and len(p.tokens) >= len(a.name_tokens):
                return p.name
            if p is None and len(a.name_tokens) > 2:
                # "State Antony Blinken" read back from "Secretary of State Antony Blinken said": the
                # person named so before, when the words in front are the end of a title
                p = self._find_person(a.name_tokens[-2:], pos, a.gender)
                if p is not None and tuple(t.lower() for t in p.tokens[-2:]) == tuple(
                    t.lower() for t in a.name_tokens[-2:]
                ):
                    return p.name
        if a.kind == ORG and a.name.lower().startswith("the ") and len(a.name_tokens) == 1:
            return a.name
        return a.name
