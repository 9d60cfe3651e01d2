"""Find the attribution of one quotation: the cue ("said", "according to", "calling") and who spoke.

Two places are searched, in this order:

* right after the closing mark, in the same sentence: “…,” she said / “…,” said Mark Rutte /
  “…,” the ministry said in a statement / „…“, sagte Scholz / « … », a-t-il déclaré;
* before the opening mark, back to the start of the sentence (or the previous quotation):
  Rutte said: “…” / He suggested that such an action is “…” / According to Moreno, … “…” /
  The Kremlin … has dismissed the allegations, calling claims … a “…”.

The result is a ``Ref`` (a pronoun, a name, a role such as "the minister", a group such as
"analysts") that ``speakers`` resolves against the article's mentions. The phrases are read by the small
noun-phrase reader in ``phrases`` and the clause reader in ``clauses``; this module finds the cue and
decides where to read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from workbench.detect.clauses import (
    DASHES,
    LISTENER_VERBS,
    first_subject,
    inverted_subject,
    place_or_time,
    subject_before,
    with_appositive,
)
from workbench.detect.cues import Cue, cue_at, find_cues
from workbench.detect.lexicon import (
    AUX_WORDS,
    DETERMINERS,
    DOC_NOUNS,
    NP_STOP_WORDS,
    PRONOUNS,
    STARTERS,
)
from workbench.detect.marks import QuoteSpan
from workbench.detect.names import PERSON, UNKNOWN, analyse_run, is_full_person
from workbench.detect.phrases import Ref, is_adverb, np_backward, np_forward
from workbench.detect.textindex import TextIndex, Token

_PUNCT_SKIP = frozenset(",;—–-―(")
_SCAN_STOPS = (STARTERS - DETERMINERS) | NP_STOP_WORDS


@dataclass(slots=True)
class Attribution:
    """A quotation's cue and the reference to its speaker (None when the cue names no one)."""

    cue: str
    ref: Ref | None
    side: str  # "right", "left"
    gap: int  # words between the cue and the quotation (left side)
    cue_pos: int


class Attributor:
    """Finds attributions around quotations of one article."""

    def __init__(self, index: TextIndex) -> None:
        self.index = index

    def joint(self, a: Attribution | None) -> Attribution | None:
        """``a`` with the other speakers of a joint attribution ("Police Chief Tom Brown and Mayor Alice
        Green said", "said John Smith and Mary Jones", "Tom Carper, Patrick Leahy and Ben Cardin said"):
        people's names joined by "and" speak together. Only full names of people: "Smith and Wesson" or
        "Procter and Gamble" are one company."""
        ref = a.ref if a is not None else None
        if ref is None or ref.kind != "name" or ref.others or not is_full_person(ref.words):
            return a
        toks = self.index.tokens
        k = self.index.token_at_or_after(ref.pos)
        if k >= len(toks) or toks[k].start != ref.pos:
            return a
        before: list[Ref] = []
        link = ("and",)
        while k >= 2 and toks[k - 1].lower in link and toks[k - 2].is_word and toks[k - 2].cap:
            other = np_backward(toks, k - 1)
            if other is None or other.kind != "name" or not is_full_person(other.words):
                break
            before.insert(0, other)
            k = self.index.token_at_or_after(other.pos)
            link = (",",)  # "Tom Carper, Patrick Leahy and …"
        if before:
            ref.others, ref.others_first = tuple(before), True
            return a
        end = k
        while end < len(toks) and toks[end].start < ref.pos + len(" ".join(ref.words)):
            end += 1
        if end + 1 < len(toks) and toks[end].lower == "and" and toks[end + 1].cap:
            other, _ = np_forward(toks, end + 1)
            if other is not None and other.kind == "name" and is_full_person(other.words):
                ref.others = (other,)
        return a

    def right(self, q: QuoteSpan, limit: int) -> Attribution | None:
        """Attribution after the closing mark, within the same sentence, before ``limit``."""
        if q.close_at < 0:
            return None
        idx = self.index
        end = min(idx.sentence_end(q.close_at + 1), limit, q.close_at + 300)
        ts = idx.tokens_between(q.close_at + 1, end)
        i = 0
        dash = False
        while i < len(ts) and (ts[i].text in _PUNCT_SKIP or ts[i].text in "”’»«“\"'"):
            dash = dash or ts[i].text in DASHES
            i += 1
        if i >= len(ts):
            return None
        if ts[i].lower == "by":
            # "has been called “strategic ambiguity” by Joshua Hendrick": the agent of a passive cue
            before = idx.tokens_between(max(idx.sentence_start(q.open_at), q.open_at - 80), q.open_at)
            words = [t for t in before if t.is_word and not t.in_quote]
            while words and words[-1].lower in ("as", "a", "an", "the"):
                words.pop()
            if len(words) >= 2 and words[-2].lower in _BE_FORMS and cue_at(words, len(words) - 1, False):
                ref, j = np_forward(ts, i + 1)
                if ref is not None and ref.kind in ("name", "role"):
                    ref, _ = with_appositive(ts, ref, j)
                    return Attribution(words[-1].text, ref, "right", 0, words[-1].start)
        found = _right_at(ts, i, dash)
        if found is None:
            found = _as_by(ts, i)
        if found is None:
            # “…” former George W. Bush speechwriter Noam Neusner wrote …: a name right before a
            # speech verb a few words on, whatever the words before it.
            for c in range(i, min(len(ts), i + 12)):
                t = ts[c]
                if t.text in (",", ";", ":", ".") or (
                    t.is_word
                    and not t.cap
                    and (t.lower in _SCAN_STOPS or t.lower in AUX_WORDS or t.lower in PRONOUNS)
                ):
                    break  # "… until Haley said", "… as she put it": another clause, not the attribution
                cue = cue_at(ts, c, right_side=True) if c > i else None
                if cue is not None and cue.kind == "finite" and ts[c - 1].is_word and ts[c - 1].cap:
                    ref = np_backward(ts, c)
                    if ref is not None and ref.kind == "name" and not (
                        cue.last < len(ts) and ts[cue.last].text == ":"
                    ):
                        found = Attribution(cue.text, ref, "right", 0, ts[c].start)
                    break
        if found is None:
            # “… steals a handful of $20s” for criminal behavior, she said. — the attribution a few
            # words on, after a comma.
            for c in range(i + 1, min(len(ts), i + 14)):
                if ts[c].text == "," and c + 1 < len(ts):
                    found = _right_at(ts, c + 1, False)
                    if found is not None:
                        break
        return found

    def left(self, q: QuoteSpan, floor: int) -> Attribution | None:
        """Attribution before the opening mark, after ``floor`` (previous quotation's end)."""
        idx = self.index
        sent_start = idx.sentence_start(q.open_at)
        ts = idx.tokens_between(max(sent_start, floor), q.open_at)
        if not ts:
            return None
        if floor > sent_start and ts[0].lower in ("who", "which"):
            # "Sam Solovey, a contestant on “The Apprentice,” who went on to work alongside Trump,
            # said …": the quotation before is a title inside the subject's appositive
            ts = [t for t in idx.tokens_between(sent_start, q.open_at) if not t.in_quote]
        cues = find_cues(ts, right_side=False)
        # "Pour X, ..." is an attribution only at the start of a sentence.
        cues = [c for c in cues if not (c.text.lower() == "pour" and ts[c.first].start != sent_start)]
        if not cues:
            return None
        cached: list[list[Token]] = []

        def clause() -> list[Token]:
            # The whole sentence up to here, quotations left out, for clause subjects; built
            # only when needed, as it is the longest window we look at.
            if not cached:
                cached.append([t for t in idx.tokens_between(sent_start, q.open_at) if not t.in_quote])
            return cached[0]

        c = cues[-1]
        gap = sum(1 for t in ts[c.last :] if t.is_word)
        if gap > 40:
            return None
        cue_pos = ts[c.first].start
        agent = _passive_agent(ts, c.first, c.last)
        if agent is not None:
            # "Rubio was asked by moderator Gerard Baker whether …": the agent spoke
            return Attribution(c.text, agent, "left", gap, cue_pos)
        ref = self._cue_subject(ts, c, clause)
        if ref is None and c.first > 0 and ts[c.first - 1].lower == "to":
            # An infinitive has the subject of the verb it hangs on: "He went on to say …", "Rubio
            # said that by refusing to say the words “…”" (the earlier speech verb's subject).
            if len(cues) > 1:
                ref = self._cue_subject(ts, cues[-2], clause)
            head = [t for t in clause() if t.start < cue_pos]
            if ref is None and sum(t.is_word for t in head) <= 6:
                ref = first_subject(head)  # a short clause only: "Bryne went on to say"
            if ref is None:
                ref = _governing_subject(ts, c.first - 2)
        if ref is not None and len(cues) > 1 and c.kind in ("finite", "participle") and (
            ref.kind == "pronoun" or c.kind == "participle"
        ):
            # "Finland's ministry said on Sunday it had observed “…”": the pronoun of a reported
            # clause is the subject of the reporting verb; "She says his tweets accusing Machado
            # … are “lies”": a participle's subject is the main clause's.
            c0 = cues[-2]
            ref0 = self._cue_subject(ts, c0, clause)
            if ref0 is not None and ref0.kind != "pronoun" and c0.kind in ("finite", "french"):
                ref = ref0
                if c.kind != "participle":
                    c = c0
                    cue_pos = ts[c.first].start
        if c.kind == "according":
            gap = max(0, gap - _np_len(ts, c.last))
        return Attribution(c.text, ref, "left", gap, cue_pos)

    def _cue_subject(self, ts: list[Token], c: Cue, clause: Callable[[], list[Token]]) -> Ref | None:
        if c.kind == "according":
            ref, j = np_forward(ts, c.last)
            if ref is not None and ref.kind != "pronoun":
                ref, _ = with_appositive(ts, ref, j)
            return ref
        if c.kind == "french_inv":
            g = "f" if ts[c.first].lower.endswith("elle") else "m"
            return Ref("pronoun", (ts[c.first].text,), ts[c.first].start, gender=g)
        cue_pos = ts[c.first].start

        def before_clause() -> list[Token]:
            return [t for t in clause() if t.start < cue_pos]

        if c.kind == "participle":
            ref = None
            if c.first > 1 and ts[c.first - 1].lower == "as" and ts[c.first - 2].is_word:
                # "Klein quoted Hale as saying": Hale; "Hale was quoted as saying": the subject
                before = ts[c.first - 2]
                obj_gender = {"him": "m", "her": "f"}.get(before.lower)
                if obj_gender:
                    return Ref("pronoun", (before.text,), before.start, gender=obj_gender)
                obj = np_backward(ts, c.first - 1)
                if obj is not None and obj.kind in ("name", "role") and before.lower not in ("quoted", "cited"):
                    j = next((k for k in range(c.first - 1, -1, -1) if ts[k].start == obj.pos), 0)
                    j -= 1 if j > 0 and ts[j - 1].lower in DETERMINERS else 0
                    if not (j > 1 and ts[j - 1].lower == "by" and ts[j - 2].lower in ("quoted", "cited")):
                        return obj
                    # "Smith was quoted by the Times as saying": the paper reported it; Smith said it
            if c.first > 0 and ts[c.first - 1].is_word:
                ref = np_backward(ts, c.first)  # "with the judge calling her conduct ..."
                if ref is not None and not any(t.lower == "with" for t in ts[max(0, c.first - 6) : c.first]) and not (
                    _opens_clause(ts, ref)
                    and all(w[:1].isupper() for w in ref.words)
                    and analyse_run(list(ref.words)).kind in (PERSON, UNKNOWN)
                    and not place_or_time(ref.words)
                ):
                    ref = None  # "Trump unleashed tweets early Friday saying …": not Friday
            if ref is None:
                ref = _relative_antecedent(ts, c.first)
            return ref if ref is not None else first_subject(before_clause())
        if (
            c.first > 0
            and ts[c.first - 1].text == ","
            and c.last + 1 < len(ts)
            and ts[c.last].lower in ("a", "an", "the")
            and ts[c.last + 1].lower in DOC_NOUNS
        ):
            # "Thousands of staff are treated as second-class citizens, says a report highlighting the
            # “…”": a speech verb after a comma with a document after it is inverted; the document speaks
            inv, _ = np_forward(ts, c.last)
            if inv is not None and inv.kind in ("group", "role"):
                return inv
        ref = subject_before(ts, c.first, before_clause)
        if ref is None and (c.first == 0 or ts[c.first - 1].text == ",") and not _names_listener(ts, c):
            # Inverted order: "…, sagte Merz", "antwortete Lindner knapp:"; but "…, accused the
            # leadership in Nevada of using “…”" names its object.
            ref, _ = inverted_subject(ts, c.last)
        return ref

    def colon(self, q: QuoteSpan, floor: int) -> Attribution | None:
        """“Smith was blunt: “…””: a colon right before the quotation and a subject before it."""
        idx = self.index
        s_start = max(idx.sentence_start(q.open_at), floor)
        ts = idx.tokens_between(s_start, q.open_at)
        if not ts or ts[-1].text != ":":
            return None
        words = [t for t in ts[:-1] if t.is_word]
        if not words or len(words) > 12:
            return None
        ref = first_subject(ts[:-1])
        if ref is None:
            return None
        return Attribution("", ref, "left", 0, ts[-1].start)

    def colon_paragraph(self, q: QuoteSpan) -> Attribution | None:
        """"The New York Times reports:" or "Caddell continued:" closing the paragraph before one that
        opens with the quotation: that paragraph's speaker, as directly as a colon in the sentence."""
        idx = self.index
        p_start = idx.paras[q.para][0]
        if q.para == 0 or idx.text[p_start : q.open_at].strip():
            return None
        prev_end = idx.paras[q.para - 1][1]
        ts = idx.tokens_between(idx.sentence_start(prev_end - 1), prev_end)
        if not ts or ts[-1].text != ":" or ts[-1].in_quote:
            return None
        words = [t for t in ts[:-1] if t.is_word and not t.in_quote]
        if not words or len(words) > 12:
            return None
        ref, cue, pos = self.sentence_speaker(ts[0].start, ts[-1].start)
        if ref is None or not cue:
            return None  # "Partial transcript as follows:", "Wait, it gets better:": no one speaks
        return Attribution(cue, ref, "left", 0, pos)

    def sentence_speaker(self, start: int, end: int) -> tuple[Ref | None, str, int]:
        """Who a narrative sentence [start, end) is about: the speaker of a reported-speech cue in
        it ("…, sagte Merz."), else its subject. Returns (ref, cue, position)."""
        ts = [t for t in self.index.tokens_between(start, end) if not t.in_quote]
        if not ts:
            return None, "", start
        cues = find_cues(ts, right_side=True)
        for c in cues:
            if c.kind in ("finite", "french", "french_inv"):
                if c.kind == "french_inv":
                    g = "f" if ts[c.first].lower.endswith("elle") else "m"
                    return Ref("pronoun", (ts[c.first].text,), ts[c.first].start, gender=g), c.text, start
                ref = subject_before(ts, c.first)
                if ref is None and not _names_listener(ts, c):
                    ref, _ = np_forward(ts, c.last)
                if ref is not None:
                    return ref, c.text, ts[c.first].start
        return first_subject(ts), "", start


_BE_FORMS = frozenset({"is", "are", "was", "were", "be", "been", "being"})


def _relative_antecedent(ts: list[Token], first: int) -> Ref | None:
    """"…, warned about rhetoric from Netanyahu's Likud party, which tried to rally support by saying “…”":
    a participle inside a relative clause speaks for the phrase the ", which" / ", who" hangs on, not for
    the sentence's subject. None when the participle is in no such clause."""
    for k in range(first - 1, max(0, first - 16), -1):
        t = ts[k]
        if t.text in (",", ";", ":") or t.text in DASHES:
            return None  # another clause or an aside: the relative, if any, is not the participle's
        if t.lower in ("which", "who") and k >= 2 and ts[k - 1].text == ",":
            ref = np_backward(ts, k - 1)
            return ref if ref is not None and ref.kind in ("name", "role", "group") else None
    return None


def _passive_agent(ts: list[Token], first: int, last: int) -> Ref | None:
    """The agent of a passive speech verb at ``first``..``last`` ("was asked by host Bill Maher"),
    or None when the verb is not passive or no "by" follows it."""
    k = first - 1
    while k >= 0 and ts[k].is_word and is_adverb(ts[k]):
        k -= 1
    if k < 0 or ts[k].lower not in _BE_FORMS or last + 1 >= len(ts) or ts[last].lower != "by":
        return None
    ref, j = np_forward(ts, last + 1)
    if ref is None or ref.kind not in ("name", "role"):
        return None
    ref, _ = with_appositive(ts, ref, j)
    return ref


def _governing_subject(ts: list[Token], v: int) -> Ref | None:
    """The name or pronoun right before the verb at ``v`` that an infinitive speech verb hangs on: "…
    although Haffenden preferred to describe him as a “contender”", "she declined to call it …"."""
    if v < 1 or not ts[v].is_word or ts[v].cap or ts[v].lower in STARTERS:
        return None
    if not ts[v].lower.endswith(("ed", "es", "ts", "ns", "rs")):
        return None  # a verb in the past or the third person: preferred, wanted, declines, wants
    ref = np_backward(ts, v)
    return ref if ref is not None and ref.kind in ("name", "pronoun") else None


def _opens_clause(ts: list[Token], ref: Ref) -> bool:
    """Does the phrase ``ref`` open a clause ("…, Ryan saying …", "… and Trump calling it …")?"""
    j = next((i for i, t in enumerate(ts) if t.start == ref.pos), -1)
    return j > 0 and (ts[j - 1].lower in ("and", ",") or ts[j - 1].text in DASHES)


def _names_listener(ts: list[Token], c: Cue) -> bool:
    """Is the noun phrase after this cue its listener ("an eyewitness told Sky News"), never the speaker?"""
    return ts[c.first].lower in LISTENER_VERBS



def _right_at(ts: list[Token], i: int, dash: bool) -> Attribution | None:
    """An attribution starting at token ``i`` after a quotation: "said X", "X said", "— X"."""
    cue = cue_at(ts, i, right_side=True)
    if cue is not None:
        if cue.kind == "french_inv":
            g = "f" if ts[i].lower.endswith("elle") else "m"
            pronoun = Ref("pronoun", (ts[i].text,), ts[i].start, gender=g)
            return Attribution(cue.text, pronoun, "right", 0, ts[i].start)
        if cue.kind == "participle":
            return None  # “…,” mocking the campaign: what follows is the participle's object, not who spoke
        ref, j = np_forward(ts, cue.last, descriptor=True)
        if ref is not None and ref.kind == "pronoun" and j < len(ts) and ts[j].is_word:
            return None  # "said he spent six weeks": not an inverted attribution
        if ref is not None and ref.kind != "pronoun":
            ref, j = with_appositive(ts, ref, j)
        if cue.kind == "participle" and ref is None:
            return None
        if j < len(ts) and ts[j].text == ":":
            return None  # "…,” said Trump: “…”: the attribution of what follows
        return Attribution(cue.text, ref, "right", 0, ts[i].start)
    ref, j = np_forward(ts, i, descriptor=True)
    if ref is None:
        return None
    if j + 1 < len(ts) and ts[j].lower in ("of", "from", "at") and (ts[j + 1].cap or ts[j + 1].lower == "the"):
        # "Mr. Morgan of the Sierra Club said": the organisation is part of the description
        k = j + 1
        while k < len(ts) and ts[k].is_word and (ts[k].cap or ts[k].lower in ("the", "of", "and", "for")):
            k += 1
        if k < len(ts) and cue_at(ts, _skip_fwd(ts, k), right_side=True) is not None:
            j = k
    # "Nick Clegg, Meta's president, and Jennifer Newstead, its chief legal officer, wrote"
    for _ in range(2):
        ref2, j = with_appositive(ts, ref, j)
        ref = ref2
        if j < len(ts) and ts[j].lower in ("and", "und", "et"):
            _, j = np_forward(ts, j + 1)
            continue
        break
    if dash and ref.kind == "name" and (j >= len(ts) or not ts[j].is_word):
        # “…” ― Steve Quinlan: the signature under a reader's or a vox-pop quotation.
        return Attribution("—", ref, "right", 0, ts[i].start)
    j = _skip_fwd(ts, j)
    if j >= len(ts):
        return None
    cue = cue_at(ts, j, right_side=True)
    if cue is None or cue.kind in ("according", "so"):
        return None
    if cue.kind == "participle":
        return None
    if cue.last < len(ts) and ts[cue.last].text == ":":
        return None  # "at “less advanced schools,” Trump said: “…”": Trump's words are the next quotation
    return Attribution(cue.text, ref, "right", 0, ts[j].start)


def _as_by(ts: list[Token], i: int) -> Attribution | None:
    """"“extremely careless” in the handling of it – as described by FBI Director James Comey": the
    agent of an "as <cue> by" phrase a few words after the quotation."""
    for a in range(i, min(len(ts) - 3, i + 20)):
        if (
            ts[a].lower == "as"
            and (a == i or ts[a - 1].text in DASHES or ts[a - 1].text == ",")
            and ts[a + 2].lower == "by"
            and cue_at(ts, a + 1, True)
        ):
            ref, j = np_forward(ts, a + 3)
            if ref is not None and ref.kind in ("name", "role"):
                ref, _ = with_appositive(ts, ref, j)
                return Attribution(ts[a + 1].text, ref, "right", 0, ts[a + 1].start)
            return None
    return None


def _np_len(ts: list[Token], i: int) -> int:
    n = 0
    while i < len(ts) and ts[i].text != ",":
        if ts[i].is_word:
            n += 1
        i += 1
    return n


def _skip_fwd(ts: list[Token], j: int) -> int:
    while j < len(ts) and ts[j].is_word and (
        ts[j].lower in AUX_WORDS
        or is_adverb(ts[j])
        or ts[j].lower in ("on", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    ):
        j += 1
    return j
