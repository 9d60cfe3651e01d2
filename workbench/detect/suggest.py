"""The detection pipeline: quotations -> attributions -> speakers -> evidence -> suggestions.

Steps, each linear in the length of the text:

1. ``marks.find_quotes`` pairs quotation marks (apostrophes, nesting, multi-paragraph quotes).
2. ``textindex.build_index`` tokenises once and splits sentences and paragraphs.
3. ``entities.Registry`` collects names, titles, organisations, places and people, helped by what
   the article says about its own words (``context``).
4. For every quotation ``attribution.Attributor`` looks for a cue (``cues``) and a speaker after it,
   then before it. A transcript label ("PENCE: …") names its speaker. A quotation without a cue of
   its own inherits from the quotation it continues (same sentence, split quotation, multi-paragraph
   piece), from the sentence right before it, or — a fragment in reported speech — from the speech
   verb or the named subject of its own sentence. "The statement said" resolves to whoever issued it.
5. Each quotation gets the rules' own score (titles, nicknames and "so-called" phrases score low)
   and a vector of evidence (``candidates``). ``suggest_quotes`` hands that to the trained model
   (``confidence``): it decides which quotations to offer, withdraws an inferred speaker it does not
   believe, and gives the calibrated confidence. Without the model file the rules' score is used.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from workbench.detect.attribution import Attribution, Attributor
from workbench.detect.clauses import first_subject
from workbench.detect.confidence import HOWS, load_model
from workbench.detect.entities import Registry
from workbench.detect.lexicon import (
    ATTACH_HEADS,
    DEMONYMS,
    DETERMINERS,
    DOC_NOUNS,
    FAMILY_ROLES,
    FINITE_CUES,
    GROUP_ROLES,
    NAMING_MARKERS,
    ORG_ROLES,
    PARTICIPLE_CUES,
    PERSON_ROLES,
    PRONOUNS,
    word_set,
)
from workbench.detect.marks import QuoteSpan, find_quotes, normalise_marks
from workbench.detect.model import Suggestion
from workbench.detect.names import ORG, PERSON, PLACE, TITLE_ONLY, UNKNOWN, analyse_run, not_a_name, role_of
from workbench.detect.phrases import Ref
from workbench.detect.referents import issuer, resolve_pronoun, resolve_role
from workbench.detect.textindex import TextIndex, build_index

MIN_CONFIDENCE = 0.5  # without the model: the rules' own score must reach this
VETO_BELOW = 0.3  # with it: a quotation the rules score this low (a title, a nickname) is never offered

_ANY_MARK_RE = re.compile("[\"“”„‟«»‹›'‘’‚‛]")
_WORD_RE = re.compile(r"[^\W\d_][\w'’\-]*")
_BEFORE_TITLES = word_set("on of from")
_CLAUSE_LINKS = word_set("and while whereas but")
_TITLE_SMALL = word_set(
    "a an the and or of in on at to for by with from nor but is it as der die das und von la le les "
    "de du des et"
)
# "PENCE: ", "WALLACE: ", "Mr. Trump: " at the start of a quotation.
_LABEL_RE = re.compile(
    r"((?:Mr|Mrs|Ms|Dr)\.? ?[A-Z][\w'’-]+|[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,2}|[A-Z]\w+ [A-Z]\w+): +(?=\S)"
)
# "Donald Trump Jr: …", "Sanders: …" opening a headline.
_HEADLINE_NAME_RE = re.compile(r"\s*([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}):\s")
_NOT_LABELS = word_set("UPDATE BREAKING NOTE WATCH READ PHOTOS VIDEO Q A FACT")
# The rules' prior for each way of finding the speaker (a direct cue after the quotation scores 0.92).
_BASE_SCORE = {
    "colon": 0.8, "label": 0.88, "cue_nospeaker": 0.62, "same_sentence": 0.78, "group": 0.78,
    "continuation": 0.74, "context_para": 0.66, "sentence": 0.6, "subject": 0.5,
}
_INDEFINITE = word_set("a an one another")
# Nouns for a person that say their gender: "my mother", "the pope" (whom "she" or "he" may mean).
_ROLE_GENDERS = {
    **dict.fromkeys(word_set("mother wife daughter sister grandmother aunt widow woman girl actress queen"), "f"),
    **dict.fromkeys(word_set("father husband son brother grandfather uncle widower man boy actor king pope"), "m"),
}
# Adverbs that open a sentence before its subject ("Later, the pope told reporters …").
_SENTENCE_OPENERS = word_set("later then still now instead meanwhile afterwards afterward finally")
_DESCRIBING_DETERMINERS = word_set("the my his her our their")
_NP_ENDS = word_set("of for at in on with from to by who which that")  # the head noun comes before these
# What a reporter calls an unnamed speaker the second time: "the person added", "the source said".
_ANYONE = word_set("person source individual official insider")
_FIRST_PERSON = word_set("i we me us my our mine ours i'm i’m we're we’re i've we've ich wir je nous")
_GERMAN = word_set("der die das und nicht ist mit sich auch eine einen dem den sagte")
_ENGLISH = word_set("the and of to is was said that with for")


@dataclass(slots=True)
class Candidate:
    """One quotation with the rules' speaker, cue and evidence, before the model decides."""

    start: int
    end: int
    speaker: str
    cue: str
    rule: float  # the rules' own score, 0..1
    features: list[float]
    direct: bool = False  # the speaker comes from the quotation's own attribution (cue or label)


_COUNTRY_LETTERS = frozenset({"u.s.", "u.s", "us", "u.k.", "u.k", "uk", "eu"})
# Nationality and party adjectives that are nobody's name on their own ("West", "Green", "French" and
# "English" are surnames, and "Labour said" is the party speaking: those are not here).
_NOBODY = word_set(
    """
    american british dutch thai swiss greek czech russian chinese korean japanese ukrainian israeli
    palestinian iraqi iranian saudi afghan scottish spanish polish danish swedish finnish norwegian turkish
    italian european african-american democratic republican
    """
)
_NUMBER_WORDS = word_set(
    """
    zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
    seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand
    million billion dozen dozens percent per cent
    """
)


def _is_nobody(speaker: str) -> bool:
    """Whether a speaker names nobody: only a number ("Forty-one" from "Forty-one percent of respondents
    say …"), a nationality or party ("Russian" from "U.S.-Russian relations") or a run of such words ("U.S.
    Republican" from "U.S. Republican presidential nominee X said")."""
    words = [w for w in re.split(r"[\s\-–]+", speaker.lower()) if w]
    if all(w in _NUMBER_WORDS or w.rstrip("%").replace(",", "").isdigit() for w in words):
        return True
    if len(words) == 1:
        return words[0] in _NOBODY or words[0] in _COUNTRY_LETTERS
    return all(w in DEMONYMS or w in _COUNTRY_LETTERS for w in words)


def suggest_quotes(text: str) -> list[Suggestion]:
    """Suggested quotations in ``text`` with speaker and cue, sorted by start offset."""
    model = load_model()
    out: list[Suggestion] = []
    written: dict[str, str] = {}
    for c in candidates(text):
        if model is None:
            if c.rule < MIN_CONFIDENCE:
                continue
            speaker, conf = c.speaker, c.rule
        else:
            p_quote = model.p_quote(c.features)
            if p_quote < model.keep_at or c.rule < VETO_BELOW:
                continue  # the rules' veto: a title, a name, a "so-called" phrase
            p_speaker = model.p_speaker(c.features)
            # Only a speaker the rules inferred from context is withdrawn when unlikely; one named
            # by the attribution itself stays, with its low confidence.
            speaker = c.speaker if p_speaker >= model.blank_below or c.direct else ""
            conf = model.calibrate(p_quote * p_speaker)
        if speaker.strip() and _is_nobody(speaker):
            # The speaker is left for the journalist, with a confidence to match.
            speaker, conf = "", min(conf, 0.5)
        if speaker not in written:
            written[speaker] = as_written(speaker, text)
        out.append(Suggestion(text[c.start : c.end], c.start, c.end, written[speaker], c.cue, round(conf, 3)))
    return out


def as_written(name: str, text: str) -> str:
    """``name`` as ``text`` spells it: the rules read words without their full stops, but the claim should
    say "Robert M. Danin", "George W. Bush", "Martin Luther King Jr." as the article does (the first
    spelling in the text with the same words; ``name`` itself when there is none)."""
    words = name.split()
    # An initial inside the name ("M", "W": not a last word, whose full stop ends the sentence: "said Ed Li.")
    # or a suffix anywhere may have lost its full stop.
    dotted = [w in _SUFFIXES or (len(w) == 1 and w.isupper() and i < len(words) - 1) for i, w in enumerate(words)]
    if not any(dotted):
        return name
    pattern = r"\s+".join(re.escape(w) + (r"\.?" if d else "") for w, d in zip(words, dotted, strict=True))
    m = re.search(rf"(?<!\w){pattern}(?!\w)", text)
    return m.group() if m else name


_SUFFIXES = frozenset({"Jr", "Sr"})


def candidates(text: str) -> list[Candidate]:
    """Every quotation in ``text`` with its evidence (``confidence.FEATURES``), sorted by start."""
    if not text or _ANY_MARK_RE.search(text) is None:
        return []
    work = normalise_marks(text)  # same length: offsets into it are offsets into text
    spans = find_quotes(work)
    if not spans:
        return []
    index = build_index(work, spans)
    registry = Registry(index)
    return _Pipeline(work, spans, index, registry).run()


class _Pipeline:
    def __init__(self, text: str, spans: list[QuoteSpan], index: TextIndex, registry: Registry) -> None:
        self.text = text
        self.spans = spans
        self.index = index
        self.registry = registry
        self.att = Attributor(index)
        self.people = {p.name: p for p in registry.people}
        self.german = _looks_german(index)

    # -- attribution -----------------------------------------------------------------------------
    def _attribute_all(self) -> list[Attribution | None]:
        spans, idx = self.spans, self.index
        out: list[Attribution | None] = []
        for i, q in enumerate(spans):
            para_start, para_end = idx.paras[q.para]
            nxt = spans[i + 1].open_at if i + 1 < len(spans) else len(self.text)
            limit = min(nxt, para_end)
            prev = spans[i - 1] if i > 0 else None
            floor = para_start
            if prev is not None and prev.para == q.para:
                floor = (prev.close_at if prev.close_at >= 0 else prev.end) + 1
            a = self.att.right(q, limit)
            if a is None or a.ref is None:
                left = self.att.left(q, floor)
                if left is not None and (a is None or left.ref is not None):
                    a = left
            if a is None:
                a = self.att.colon(q, floor)
            if a is None:
                a = self.att.colon_paragraph(q)
            if a is None:
                a = self._headline_speaker(q)
            out.append(a)
        return out

    def run(self) -> list[Candidate]:
        spans = self.spans
        attrs = self._attribute_all()
        # Pieces of a multi-paragraph quotation share the attribution found on any of them.
        by_group: dict[int, Attribution] = {}
        for q, a in zip(spans, attrs, strict=True):
            if a is not None and a.ref is not None and q.group not in by_group:
                by_group[q.group] = a
        group_size: dict[int, int] = {}
        for q in spans:
            group_size[q.group] = group_size.get(q.group, 0) + 1

        results: list[Candidate] = []
        speakers: list[str] = []
        hows: list[str] = []
        last_person = None
        last_speaker = ""
        group_speaker: dict[int, str] = {}
        for i, q in enumerate(spans):
            label = self._transcript_label(q)
            a = attrs[i]
            if label:
                # "PENCE: Well, look, …" — a transcript inside quotation marks names its speaker.
                speaker, how, cue, a = label, "label", "", None
                group_speaker[q.group] = label
            else:
                own = a is not None and a.ref is not None
                if not own and q.group in by_group and group_size[q.group] > 1:
                    a = by_group[q.group]
                speaker = ""
                how = "none"
                cue = ""
                if a is not None and a.ref is not None:
                    if q.group in group_speaker and group_size[q.group] > 1 and not own:
                        speaker = group_speaker[q.group]
                    else:
                        speaker = self._unnamed_again(a.ref, last_speaker) or self._resolve(a.ref, last_person)
                    how = "cue" if a.cue else "colon"
                    cue = a.cue
                elif a is not None:
                    how = "cue_nospeaker"
                    cue = a.cue
                else:
                    signed = self._signature_after(i, attrs)
                    if signed is not None:
                        a, how, cue = signed, "cue", signed.cue
                        speaker = self._resolve(signed.ref, last_person) if signed.ref is not None else ""
                    elif i > 0 and attrs[i - 1] is not None and attrs[i - 1].cue == "—" and spans[i - 1].para == q.para:
                        speaker, how = "", "none"  # a signature closes its reader's quotation, not the next one
                    else:
                        speaker, how = self._inherit(i, speakers, hows)
                if q.group in group_speaker and not speaker:
                    speaker = group_speaker[q.group]
                    how = "group"
                if not speaker and how in ("none", "cue_nospeaker"):
                    # A fragment inside reported speech ("…, he said the deal was “a con” and
                    # “a disaster”"): the speaker of the sentence it sits in.
                    speaker, how = self._sentence_speaker(q, last_person, how)
                if speaker:
                    group_speaker.setdefault(q.group, speaker)
            speakers.append(speaker)
            hows.append(how)
            rule = self._score(q, a, how, speaker, group_size[q.group])
            if q.end > q.start:
                feats = self._features(q, a, how, speaker, group_size[q.group], rule, last_speaker)
                direct = how in ("cue", "colon", "label")
                results.append(Candidate(q.start, q.end, speaker, cue, round(rule, 3), feats, direct))
            if rule < MIN_CONFIDENCE:
                # A rejected quotation passes nothing on to the next one.
                speakers[-1] = ""
            elif speaker:
                last_person = self.people.get(speaker, last_person)
                last_speaker = speaker
        results.sort(key=lambda c: c.start)
        return results

    def _signature_after(self, i: int, attrs: list[Attribution | None]) -> Attribution | None:
        """“…” and “… ‘…’.” ― Christina Lastra: a quotation whose marks a nested quotation split in two
        takes the signature of the piece right after it."""
        spans = self.spans
        if i + 1 >= len(spans) or attrs[i + 1] is None or attrs[i + 1].cue != "—":  # type: ignore[union-attr]
            return None
        q, nxt = spans[i], spans[i + 1]
        end = q.close_at if q.close_at >= 0 else q.end
        if nxt.para != q.para or nxt.open_at - end > 40 or "\n" in self.text[end : nxt.open_at]:
            return None
        return attrs[i + 1]

    def _unnamed_again(self, ref: Ref, last_speaker: str) -> str:
        """"…,” said a longtime adviser to Trump. “…,” the person added.": "the person" (the adviser, the
        official) is the unnamed speaker just quoted, not the last person named; "" otherwise."""
        words = last_speaker.split()
        if ref.kind != "role" or ref.words[0].lower() != "the" or len(words) < 2 or words[0].lower() not in _INDEFINITE:
            return ""
        head = ref.words[-1].lower()
        return last_speaker if head in _ANYONE or head == words[-1].lower() else ""

    def _headline_speaker(self, q: QuoteSpan) -> Attribution | None:
        """"Sanders: Clinton needs to ‘get away from all of this’": a short paragraph that opens with
        a name and a colon is that person's headline."""
        p_start, p_end = self.index.paras[q.para]
        m = _HEADLINE_NAME_RE.match(self.text, p_start, q.open_at)
        if m is None or len(self.text[p_start:p_end].split()) > 30:
            return None
        words = tuple(m.group(1).split())
        a = analyse_run(list(words))
        if a.kind not in (PERSON, UNKNOWN, ORG) or not a.name_tokens or not self.registry.plausible(a):
            return None
        return Attribution("", Ref("name", words, p_start), "left", 0, m.end(1))

    def _transcript_label(self, q: QuoteSpan) -> str:
        """The speaker of a transcript line ("PENCE: …", "Mr. Trump: …") at the start of a
        quotation, and the quotation's span moved past it; "" when there is none."""
        m = _LABEL_RE.match(self.text, q.start, q.end)
        if m is None:
            return ""
        words = m.group(1).replace(".", ". ").split()
        if m.group(1).isupper():
            if m.group(1) in _NOT_LABELS:
                return ""
            words = [w.capitalize() for w in words]
        a = analyse_run(words)
        if a.kind not in (PERSON, UNKNOWN) or not a.name_tokens:
            return ""
        name = self.registry.resolve_name(a, q.start)
        if not m.group(1).isupper() and name not in self.people:
            return ""  # "Note: …" is no speaker; a mixed-case label must be someone named before
        q.start = m.end()
        return name

    def _sentence_speaker(self, q: QuoteSpan, last_person: object, how: str) -> tuple[str, str]:
        """The speaker of a speech verb elsewhere in the quotation's sentence ("sentence"), else,
        for a short fragment, the sentence's subject ("Trump admires Putin as a “strong leader”":
        "subject"); ("", ``how``) when neither is found."""
        idx = self.index
        s_start = idx.sentence_start(q.open_at)
        s_end = idx.sentence_end(max(q.close_at, q.end))
        ref, cue, pos = self.att.sentence_speaker(s_start, s_end)
        if cue and pos > max(q.close_at, q.end):
            # "Ted Cruz accuses Obama of “leading from behind” and Donald Trump says …": the verb
            # after the quotation belongs to another clause with its own subject
            own = self._own_clause_subject(q, s_start, pos)
            if own is not None:
                ref, cue = own, ""
        if ref is None:
            return "", how
        if not cue and len(_WORD_RE.findall(self.text[q.start : q.end])) > 8:
            return "", how
        speaker = self._resolve(ref, last_person)
        if not cue and not speaker.removeprefix("the ")[:1].isupper():
            return "", how  # "His son returned with “big ideas”": the reporter's words, not his
        return (speaker, "sentence" if cue else "subject") if speaker else ("", how)

    def _own_clause_subject(self, q: QuoteSpan, s_start: int, cue_pos: int) -> Ref | None:
        """The subject of the quotation's own clause when a new clause with its own subject ("and
        Donald Trump says", "while Sanders suggests") comes between it and the sentence's cue."""
        idx = self.index
        between = [t for t in idx.tokens_between(max(q.close_at, q.end) + 1, cue_pos) if not t.in_quote]
        new_clause = any(
            t.lower in _CLAUSE_LINKS and k + 1 < len(between) and between[k + 1].cap
            for k, t in enumerate(between)
        )
        if not new_clause:
            return None
        before = [t for t in idx.tokens_between(s_start, q.open_at) if not t.in_quote]
        cut = max((k + 1 for k, t in enumerate(before) if t.lower in _CLAUSE_LINKS or t.text == ";"), default=0)
        ref = first_subject(before[cut:])
        return ref if ref is not None and ref.kind == "name" else None

    # -- inheritance ------------------------------------------------------------------------------
    def _inherit(self, i: int, speakers: list[str], hows: list[str]) -> tuple[str, str]:
        """Speaker of a quotation with no cue of its own."""
        idx, spans = self.index, self.spans
        q = spans[i]
        prev = spans[i - 1] if i > 0 else None
        prev_end = (prev.close_at if prev.close_at >= 0 else prev.end) if prev is not None else -1
        q_sent = idx.sentence_no(q.open_at)
        if prev is not None and speakers[i - 1] and idx.sentence_no(max(prev_end, 0)) == q_sent:
            return speakers[i - 1], "same_sentence"
        s_start = idx.sentence_start(q.open_at)
        # Does the quotation open its sentence (at most two words before it)?
        k = idx.token_at_or_after(q.open_at) - 1
        lead = 0
        while k >= 0 and idx.tokens[k].start >= s_start and lead <= 2:
            lead += idx.tokens[k].is_word
            k -= 1
        if lead > 2:
            return "", "none"
        para_start = idx.paras[q.para][0]
        how = "continuation"
        if s_start <= para_start:
            if q.para == 0:
                return "", "none"
            how = "context_para"
            prev_para_end = idx.paras[q.para - 1][1]
            ps_start = idx.sentence_start(prev_para_end - 1)
            ps_end = prev_para_end
        else:
            ps_start = idx.sentence_start(s_start - 1)
            ps_end = s_start
        if prev is not None and ps_start <= prev_end < ps_end + 1 and speakers[i - 1]:
            return speakers[i - 1], how
        ref, cue, _pos = self.att.sentence_speaker(ps_start, ps_end)
        if not cue and prev is not None and prev.para == q.para and speakers[i - 1]:
            # “…,” Woolson said. They also lie far from Sioux City. “That’s a tough area.”: a
            # sentence with no speech verb between two quotations of a paragraph keeps its speaker
            return speakers[i - 1], how
        if ref is None:
            return "", "none"
        last_person = None
        for s in reversed(speakers):
            if s:
                last_person = self.people.get(s)
                break
        speaker = self._resolve(ref, last_person)
        return speaker, how if speaker else "none"

    # -- speakers ---------------------------------------------------------------------------------
    def _resolve(self, ref: Ref, last_person: object) -> str:
        reg = self.registry
        lp = last_person if last_person in self.people.values() else None
        if ref.kind == "pronoun":
            if ref.words[0].lower() in ("it", "they"):
                subject = self._subject_for_it(ref)
                if subject is not None:
                    return self._resolve(subject, last_person)
            if ref.gender in ("m", "f"):
                role = self._role_subject(ref)
                if role is not None:
                    return self._resolve(role, last_person)
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
        if ref.role in GROUP_ROLES and len(words) == 1:
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
            before = [t for t in idx.tokens_between(idx.sentence_start(s_start - 1), s_start) if not t.in_quote]
        words = [t for t in before if t.is_word]
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
        if not name:
            # "The ministry rejected the claims. “…,” the statement said.": the organisation that
            # is the subject of the sentence before.
            idx = self.index
            s_start = idx.sentence_start(ref.pos)
            if s_start > 0:
                prev, _cue, _pos = self.att.sentence_speaker(idx.sentence_start(s_start - 1), s_start)
                if prev is not None and prev.kind == "role" and prev.role in ORG_ROLES:
                    name = self._resolve(prev, last_person)
        return name

    # -- scoring ----------------------------------------------------------------------------------
    def _score(self, q: QuoteSpan, a: Attribution | None, how: str, speaker: str, pieces: int) -> float:
        text = self.text
        content = text[q.start : q.end]
        words = _WORD_RE.findall(content)
        n = len(words)
        if n == 0:
            return 0.0
        first_alpha = next((c for c in content if c.isalpha()), "")
        sentence_like = n >= 3 and (first_alpha.isupper() or content.rstrip()[-1:] in ".?!…")
        if how == "cue" and a is not None:
            base = 0.92 if a.side == "right" else 0.9 - 0.012 * max(0, a.gap - 1)
        elif how in _BASE_SCORE:
            base = _BASE_SCORE[how]
        else:
            base = 0.52 if sentence_like and n >= 5 else 0.3
        if how in ("cue", "colon") and not speaker:
            base -= 0.25
        if how in ("continuation", "context_para") and not sentence_like:
            base -= 0.35
        if n == 1 and a is not None and a.side == "left" and a.gap > 12:
            base -= 0.2
        # “Never,” he said: a capitalised word with speech punctuation and a cue is speech.
        spoken = a is not None and a.side == "right" and how == "cue" and self._speech_punct(q)
        title_shape = not self.german and _title_case(words, content)
        title = title_shape and not spoken
        if title:
            base -= 0.45
        before = self._words_before(q.open_at, 2)
        if before:
            last = before[-1]
            if (
                title_shape
                and (last in _BEFORE_TITLES or last.endswith(("'s", "’s")))
                and q.para not in self.registry.context.headline_paras  # headlines capitalise every word
            ):
                # on CNN's “State of the Union,”, an episode of “Fox News Sunday,”, Springsteen's
                # “American Skin”: a show, a song or a book, even with a speech verb after it
                base = min(base, 0.2)
            if last in NAMING_MARKERS and last not in ("called", "named", "dit"):
                base = min(base, 0.2)
            elif (
                len(before) > 1
                and before[-2] in NAMING_MARKERS
                and before[-2] not in ("called", "named", "dit")
                and before[-1] in DETERMINERS
            ):
                base = min(base, 0.2)  # dubbed the “Canyon Fire”
            elif title and (last in ("called", "named") or last in DETERMINERS):
                base = min(base, 0.2)
        if not q.closed and pieces == 1:
            base -= 0.15
        return max(0.0, min(1.0, base))

    def _features(
        self, q: QuoteSpan, a: Attribution | None, how: str, speaker: str, pieces: int, rule: float, last: str
    ) -> list[float]:
        """The evidence for one quotation, in the order of ``confidence.FEATURES``."""
        text, idx = self.text, self.index
        content = text[q.start : q.end]
        words = _WORD_RE.findall(content)
        n = max(1, len(words))
        first_alpha = next((c for c in content if c.isalpha()), "")
        sentence_like = n >= 3 and (first_alpha.isupper() or content.rstrip()[-1:] in ".?!…")
        before = self._words_before(q.open_at, 2)
        naming = bool(before) and (
            before[-1] in NAMING_MARKERS or (len(before) > 1 and before[-2] in NAMING_MARKERS)
        )
        s_start, s_end = idx.sentence_start(q.open_at), idx.sentence_end(max(q.close_at, q.end))
        speech_verb = any(
            (t.lower in FINITE_CUES or t.lower in PARTICIPLE_CUES or t.lower == "according") and not t.in_quote
            for t in idx.tokens_between(s_start, s_end)
        )
        p_start, p_end = idx.paras[q.para]
        after_close = (q.close_at if q.close_at >= 0 else q.end) + 1
        whole_para = not text[p_start : q.open_at].strip() and not text[after_close:p_end].strip(" .,\"”’")
        k = idx.token_at_or_after(q.open_at) - 1
        lead = 0
        while k >= 0 and idx.tokens[k].start >= s_start and lead <= 2:
            lead += idx.tokens[k].is_word
            k -= 1
        ref = a.ref if a is not None else None
        hows = [1.0 if how == h else 0.0 for h in HOWS]
        # Other people named lately make a pronoun or an inherited speaker riskier.
        here = idx.narrative_no(q.open_at)
        recent = self.registry.before(q.open_at, 30)
        nearby = {m.name for m in recent if m.kind == PERSON and here - idx.narrative_no(m.start) <= 3}
        s_no = idx.sentence_no(q.open_at)
        in_sentence = [m for m in recent if m.sentence == s_no] + [
            m for m in self.registry.after(q.open_at, 6) if m.sentence == idx.sentence_no(max(q.close_at, q.end))
        ]
        return [
            1.0,
            rule,
            *hows,
            1.0 if a is not None and a.side == "right" else 0.0,
            min(a.gap, 30) / 10 if a is not None and a.side == "left" else 0.0,
            math.log(n),
            1.0 if n <= 3 else 0.0,
            1.0 if sentence_like else 0.0,
            1.0 if not self.german and _title_case(words, content) else 0.0,
            1.0 if naming else 0.0,
            1.0 if q.closed else 0.0,
            1.0 if pieces > 1 else 0.0,
            1.0 if not speaker else 0.0,
            1.0 if speaker[:1].islower() else 0.0,
            1.0 if speaker in self.people else 0.0,
            min(len(speaker.split()), 6) / 3,
            1.0 if speech_verb else 0.0,
            1.0 if q.para in self.registry.context.headline_paras else 0.0,
            1.0 if whole_para else 0.0,
            1.0 if self._speech_punct(q) else 0.0,
            1.0 if any(w.lower() in _FIRST_PERSON for w in words) else 0.0,
            1.0 if speaker and speaker == last else 0.0,
            1.0 if ref is not None and ref.kind == "pronoun" else 0.0,
            1.0 if ref is not None and ref.kind in ("role", "group") else 0.0,
            1.0 if a is not None and a.cue.lower() in ("according to", "selon", "laut") else 0.0,
            1.0 if lead <= 2 else 0.0,
            min(len(nearby), 5) / 5,
            1.0 if speaker and any(speaker.endswith(m.name) or m.name in speaker for m in in_sentence) else 0.0,
        ]

    def _speech_punct(self, q: QuoteSpan) -> bool:
        """Does the quotation end with speech punctuation inside its marks (“Never,”)?"""
        if q.close_at < 0:
            return False
        inner = self.text[q.start : q.close_at].rstrip()
        return inner[-1:] in (",", "?", "!")

    def _words_before(self, pos: int, n: int) -> list[str]:
        idx = self.index
        i = idx.token_at_or_after(pos) - 1
        out: list[str] = []
        while i >= 0 and len(out) < n:
            t = idx.tokens[i]
            if not t.is_word:
                if t.text in ",.;:!?":
                    break
                i -= 1
                continue
            out.append(t.lower)
            i -= 1
        out.reverse()
        return out


def _bare_pronoun(word: str) -> str:
    """"It’s" -> "it": the pronoun of a contraction, lower-cased."""
    return word.lower().replace("’", "'").split("'")[0]


def _phrase(words: tuple[str, ...] | list[str]) -> str:
    words = list(words)
    if (words and words[0].lower() in DETERMINERS) or (len(words) == 1 and role_of(words[0]) in GROUP_ROLES):
        words[0] = words[0].lower()
    return " ".join(words)


def _title_case(words: list[str], content: str) -> bool:
    """Does the quotation read like a title or a name ("The Quiet Harbour", "Dockside")?"""
    significant = [w for i, w in enumerate(words) if i == 0 or w.lower() not in _TITLE_SMALL]
    if not significant or not all(w[0].isupper() for w in significant):
        return False
    if len(words) == 1:
        # A one-word sentence ("Never.") is speech; a bare capitalised word is a name.
        return content.rstrip()[-1:] not in ".?!…"
    if len(words) > 8:
        return False
    return not any(p in content for p in (", ", "? ", "! "))


def _looks_german(index: TextIndex) -> bool:
    """German capitalises every noun, which defeats the title-case test for scare quotes."""
    de = en = 0
    for t in index.tokens[:3000]:
        if t.lower in _GERMAN:
            de += 1
        elif t.lower in _ENGLISH:
            en += 1
    return de > en and de >= 3

