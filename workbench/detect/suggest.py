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
   verb or the named subject of its own sentence. ``speakers`` turns the reference found into the
   name to report; "The statement said" resolves to whoever issued it.
5. Each quotation gets the rules' own score (titles, nicknames and "so-called" phrases score low)
   and a vector of evidence (``evidence``; ``candidates`` collects them). ``suggest_quotes`` hands
   that to the trained model (``confidence``): it decides which quotations to offer, withdraws an
   inferred speaker it does not believe, and gives the calibrated confidence. Without the model file
   the rules' score is used.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from workbench.detect.attribution import Attribution, Attributor
from workbench.detect.clauses import first_subject
from workbench.detect.confidence import FEATURES, load_model
from workbench.detect.entities import Registry
from workbench.detect.evidence import WORD_RE, Evidence
from workbench.detect.lexicon import DEMONYMS, word_set
from workbench.detect.marks import QuoteSpan, find_quotes, normalise_marks
from workbench.detect.model import Suggestion
from workbench.detect.names import ORG, PERSON, UNKNOWN, analyse_run
from workbench.detect.phrases import Ref
from workbench.detect.speakers import Speakers, unnamed_again
from workbench.detect.textindex import TextIndex, build_index

MIN_CONFIDENCE = 0.5  # without the model: the rules' own score must reach this
VETO_BELOW = 0.3  # with it: a quotation the rules score this low (a title, a nickname) is never offered

_ANY_MARK_RE = re.compile("[\"“”„‟«»‹›'‘’‚‛]")
_CLAUSE_LINKS = word_set("and while whereas but")
# "PENCE: ", "WALLACE: ", "Mr. Trump: " at the start of a quotation.
_LABEL_RE = re.compile(
    r"((?:Mr|Mrs|Ms|Dr)\.? ?[A-Z][\w'’-]+|[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,2}|[A-Z]\w+ [A-Z]\w+): +(?=\S)"
)
# "Donald Trump Jr: …", "Sanders: …" opening a headline.
_HEADLINE_NAME_RE = re.compile(r"\s*([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}):\s")
_NOT_LABELS = word_set("UPDATE BREAKING NOTE WATCH READ PHOTOS VIDEO Q A FACT")
# A paragraph written as a list item or bulleted caption ("- Ruler", "• Whangārei Harbour seen from …").
_LIST_LINE = re.compile(r"[-•*] ")


@dataclass(slots=True)
class Candidate:
    """One quotation with the rules' speaker, cue and evidence, before the model decides."""

    start: int
    end: int
    speaker: str
    cue: str
    rule: float  # the rules' own score, 0..1
    features: list[float]
    # The speaker comes from the quotation's own attribution (cue or label), or from a quotation it runs
    # on from (``_Pipeline._runs_on``): then the model may lower its confidence but not blank it.
    direct: bool = False


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
            if c.rule < VETO_BELOW or (p_quote < model.keep_at and not _speech_paragraph(c.features)):
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


_FIRST_PERSON_RE = re.compile(r"(?i)(?<![\w'’])(?:i|me|my|mine|myself|i'm|i’m|i've|i’ve|i'd|i’d)(?![\w'’])")


def _first_person(quote: str) -> bool:
    """Does a quotation speak in the first person singular ("just didn't like me")? Inside a sentence
    about someone in the third person ("… because she “just didn't like me”"), those are that person's
    own words."""
    return _FIRST_PERSON_RE.search(quote) is not None


_WHOLE_PARA = FEATURES.index("whole_paragraph")
_SENTENCE_LIKE = FEATURES.index("sentence_like")
_LOG_WORDS = FEATURES.index("log_words")
_CLOSED = FEATURES.index("closed")


def _speech_paragraph(features: list[float]) -> bool:
    """A paragraph that is nothing but a closed quotation of at least six words in sentences (“The staff
    here are doing an incredible job.”) is somebody's speech in news copy, with or without a speaker
    found: it is offered (with the model's low confidence) rather than left out. Titles and scare quotes
    never fill a paragraph."""
    return bool(features[_WHOLE_PARA] and features[_SENTENCE_LIKE] and features[_CLOSED]) and features[
        _LOG_WORDS
    ] >= math.log(6)


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
        self.speakers = Speakers(index, registry, self.att, self.people)
        self.evidence = Evidence(text, index, registry, self.people)

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
            out.append(self.att.joint(a))
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
        directs: list[bool] = []
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
                        speaker = unnamed_again(a.ref, last_speaker) or self.speakers.resolve(a.ref, last_person)
                    how = "cue" if a.cue else "colon"
                    cue = a.cue
                elif a is not None:
                    how = "cue_nospeaker"
                    cue = a.cue
                else:
                    signed = self._signature_after(i, attrs)
                    if signed is not None:
                        a, how, cue = signed, "cue", signed.cue
                        speaker = self.speakers.resolve(signed.ref, last_person) if signed.ref is not None else ""
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
            rule = self.evidence.score(q, a, how, speaker, group_size[q.group])
            direct = (
                how in ("cue", "colon", "label")
                or self._runs_on(i, speaker, speakers, directs)
                or (how == "subject" and speaker in self.people and _first_person(self.text[q.start : q.end]))
            )
            directs.append(direct)
            if q.end > q.start:
                feats = self.evidence.features(q, a, how, speaker, group_size[q.group], rule, last_speaker)
                results.append(Candidate(q.start, q.end, speaker, cue, round(rule, 3), feats, direct))
            if rule < MIN_CONFIDENCE:
                # A rejected quotation passes nothing on to the next one.
                speakers[-1] = ""
            elif speaker:
                last_person = self.people.get(speaker, last_person)
                last_speaker = speaker
        results.sort(key=lambda c: c.start)
        return results

    def _runs_on(self, i: int, speaker: str, speakers: list[str], directs: list[bool]) -> bool:
        """Whether quotation ``i`` is a paragraph of nothing but quotation right after a paragraph that
        ends with a quotation of the same speaker named by its own attribution (or running on in turn).

        That is how news copy lets a speaker go on ("…,” Mr Watson told AAP. ¶ “We are down here to stop
        whaling. …”): a reader takes the speaker as given, so the model, which rates inherited speakers
        as a class, must not blank it (on PolNeAR it rated these near 0.5 and left them empty)."""
        if i == 0 or not speaker or speakers[i - 1] != speaker or not directs[i - 1]:
            return False
        idx, text = self.index, self.text
        q, prev = self.spans[i], self.spans[i - 1]
        if prev.para != q.para - 1:
            return False
        p_start, p_end = idx.paras[q.para]
        q_end = q.close_at if q.close_at >= 0 else q.end
        if text[p_start : q.open_at].strip() or text[q_end + 1 : p_end].strip():
            return False  # the paragraph says more than the quotation
        prev_end = prev.close_at if prev.close_at >= 0 else prev.end
        last = idx.paras[prev.para][1] - 1
        # The earlier quotation (with its attribution) is the last sentence of its paragraph.
        return idx.sentence_no(max(prev_end, 0)) == idx.sentence_no(last)

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
        if not cue and len(WORD_RE.findall(self.text[q.start : q.end])) > 8:
            return "", how
        speaker = self.speakers.resolve(ref, last_person)
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
            before = q.para - 1
            while before > 0 and q.para - before <= 2 and _LIST_LINE.match(idx.text, idx.paras[before][0]):
                before -= 1  # a photo caption or list item between ("- Whangārei Harbour seen from …") tells no speaker
            prev_para_end = idx.paras[before][1]
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
        speaker = self.speakers.resolve(ref, last_person)
        return speaker, how if speaker else "none"
