"""The evidence for one quotation: the rules' own score and the feature vector the model reads.

``Evidence.score`` is the rules' prior for a quotation (how its speaker was found, titles, nicknames
and "so-called" phrases scoring low); ``Evidence.features`` describes the quotation in the order of
``confidence.FEATURES`` for the trained model, which decides what to offer. Both read only the text,
its index and mentions, and what the pipeline in ``suggest`` found for the quotation.
"""

from __future__ import annotations

import math
import re

from workbench.detect.attribution import Attribution
from workbench.detect.confidence import HOWS
from workbench.detect.entities import Person, Registry
from workbench.detect.lexicon import (
    DETERMINERS,
    FINITE_CUES,
    NAMING_MARKERS,
    PARTICIPLE_CUES,
    WORK_NOUNS,
    word_set,
)
from workbench.detect.marks import QuoteSpan
from workbench.detect.names import PERSON, role_of
from workbench.detect.textindex import TextIndex

# A word of a quotation (letters first): what word counts and title case are read from.
WORD_RE = re.compile(r"[^\W\d_][\w'’\-]*")
_BEFORE_TITLES = word_set("on of from")
_TITLE_SMALL = word_set(
    "a an the and or of in on at to for by with from nor but is it as der die das und von la le les "
    "de du des et"
)
# The rules' prior for each way of finding the speaker (a direct cue after the quotation scores 0.92).
_BASE_SCORE = {
    "colon": 0.8, "label": 0.88, "cue_nospeaker": 0.62, "same_sentence": 0.78, "group": 0.78,
    "continuation": 0.74, "context_para": 0.66, "sentence": 0.6, "subject": 0.5,
}
_FIRST_PERSON = word_set("i we me us my our mine ours i'm i’m we're we’re i've we've ich wir je nous")
_GERMAN = word_set("der die das und nicht ist mit sich auch eine einen dem den sagte")
_ENGLISH = word_set("the and of to is was said that with for")


class Evidence:
    """Scores and describes the quotations of one article."""

    def __init__(self, text: str, index: TextIndex, registry: Registry, people: dict[str, Person]) -> None:
        self.text = text
        self.index = index
        self.registry = registry
        self.people = people
        self.german = _looks_german(index)

    def score(self, q: QuoteSpan, a: Attribution | None, how: str, speaker: str, pieces: int) -> float:
        """The rules' own score for quotation ``q``, 0..1, given how its speaker was found (``how``)."""
        text = self.text
        content = text[q.start : q.end]
        words = WORD_RE.findall(content)
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
        before = self._words_before(q.open_at, 2)
        title = title_shape and not spoken
        if title:
            base -= 0.45
        if title_shape and self._role_and_name_after(q):
            base = min(base, 0.2)  # “Mrs Maisel” actress Alex Borstein, the “Parasite” director Bong Joon Ho
        if before and before[-1] in WORK_NOUNS and words[0][:1].isupper() and n <= 8:
            base = min(base, 0.2)  # quirky British comedy “Fleabag.”, the film “Joker”: a title
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

    def features(
        self, q: QuoteSpan, a: Attribution | None, how: str, speaker: str, pieces: int, rule: float, last: str
    ) -> list[float]:
        """The evidence for one quotation, in the order of ``confidence.FEATURES``."""
        text, idx = self.text, self.index
        content = text[q.start : q.end]
        words = WORD_RE.findall(content)
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

    def _role_and_name_after(self, q: QuoteSpan) -> bool:
        """Is the quotation followed by a person's role and a name ("“Fleabag” creator Phoebe
        Waller-Bridge")? Then it names a work the person is known by."""
        idx = self.index
        k = idx.token_at_or_after((q.close_at if q.close_at >= 0 else q.end) + 1)
        nxt = idx.tokens[k : k + 2]
        return (
            len(nxt) == 2
            and nxt[0].is_word
            and not nxt[0].cap
            and bool(role_of(nxt[0].text))
            and nxt[1].is_word
            and nxt[1].cap
        )

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

