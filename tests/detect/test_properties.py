"""Properties that hold for any text: spans are exact, in range, sorted; nothing raises."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.detect import suggest_quotes

# Text drawn mostly from the characters the detector cares about, so the interesting code paths
# (marks, apostrophes, capitals, sentence ends, paragraphs) are hit often.
_ALPHABET = st.sampled_from(
    [*"\"“”„‟«»‹›'‘’‚‛ \n\n.,:;!?…—-()abcdeHSMRT ", "said ", "he ", "She ", "Mark Rutte ", "the Kremlin "]
)
_texts = st.one_of(st.text(), st.lists(_ALPHABET, max_size=80).map("".join))


@settings(max_examples=400, deadline=None)
@given(_texts)
def test_suggestions_are_well_formed(text: str) -> None:
    found = suggest_quotes(text)
    previous = -1
    for s in found:
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.quote
        assert 0.0 <= s.confidence <= 1.0
        assert isinstance(s.speaker, str) and isinstance(s.cue, str)
        assert s.start >= previous
        previous = s.start
