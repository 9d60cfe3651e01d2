"""Text anchors: a highlight is found again after its offsets drift, at the right occurrence, or is
reported as an orphan (None) rather than pointing at the wrong words."""

from __future__ import annotations

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from workbench.core.anchor import CONTEXT, Anchor, find_occurrence, make_anchor, resolve_anchor

TEXT = (
    "The minister said the budget was balanced. Critics said the budget was not balanced at all, "
    "and the opposition said the budget was a fiction."
)
QUOTE = "the budget was"


def test_make_anchor_stores_quote_and_up_to_32_characters_of_context() -> None:
    start = TEXT.index("Critics")
    end = start + len("Critics said")
    anchor = make_anchor(TEXT, start, end)
    assert anchor == Anchor(
        start=start,
        end=end,
        exact="Critics said",
        prefix=TEXT[start - CONTEXT : start],
        suffix=TEXT[end : end + CONTEXT],
    )
    assert len(anchor.prefix) == len(anchor.suffix) == CONTEXT == 32


def test_make_anchor_context_is_clipped_at_the_text_edges() -> None:
    anchor = make_anchor("Hello world", 0, 5)
    assert (anchor.prefix, anchor.exact, anchor.suffix) == ("", "Hello", " world")
    anchor = make_anchor("Hello world", 6, 11)
    assert (anchor.prefix, anchor.exact, anchor.suffix) == ("Hello ", "world", "")


@pytest.mark.parametrize(
    ("start", "end"),
    [(3, 3), (5, 2), (-1, 4), (0, 12)],
    ids=["empty", "reversed", "negative-start", "past-the-end"],
)
def test_make_anchor_refuses_empty_or_out_of_range_spans(start: int, end: int) -> None:
    with pytest.raises(ValueError, match="empty or outside"):
        make_anchor("Hello world", start, end)


def test_resolve_keeps_offsets_that_still_hold_the_quote() -> None:
    start = TEXT.index(QUOTE)
    anchor = make_anchor(TEXT, start, start + len(QUOTE))
    assert resolve_anchor(TEXT, anchor) == (start, start + len(QUOTE))


def test_resolve_follows_the_quote_when_a_prefix_is_inserted_before_it() -> None:
    second = find_occurrence(TEXT, QUOTE, 2)
    assert second is not None
    anchor = make_anchor(TEXT, second, second + len(QUOTE))
    shifted = "UPDATE: this story was corrected on Monday.\n\n" + TEXT
    span = resolve_anchor(shifted, anchor)
    assert span is not None
    assert shifted[span[0] : span[1]] == QUOTE
    # ...and it is the same (second) occurrence, not the first one the offsets now point near.
    assert span[0] == find_occurrence(shifted, QUOTE, 2)


@pytest.mark.parametrize("occurrence", [1, 2, 3])
def test_resolve_picks_the_occurrence_whose_context_matches(occurrence: int) -> None:
    start = find_occurrence(TEXT, QUOTE, occurrence)
    assert start is not None
    anchor = make_anchor(TEXT, start, start + len(QUOTE))
    # Offsets that point nowhere useful: only the prefix/suffix can tell the occurrences apart.
    drifted = Anchor(0, len(QUOTE), anchor.exact, anchor.prefix, anchor.suffix)
    assert resolve_anchor(TEXT, drifted) == (start, start + len(QUOTE))


def test_resolve_uses_context_even_when_the_old_offset_is_closer_to_another_occurrence() -> None:
    third = find_occurrence(TEXT, QUOTE, 3)
    first = find_occurrence(TEXT, QUOTE, 1)
    assert third is not None and first is not None
    anchor = make_anchor(TEXT, third, third + len(QUOTE))
    near_first = Anchor(first + 1, first + 1 + len(QUOTE), anchor.exact, anchor.prefix, anchor.suffix)
    assert resolve_anchor(TEXT, near_first) == (third, third + len(QUOTE))


def test_resolve_returns_none_for_an_orphan() -> None:
    start = TEXT.index("Critics")
    anchor = make_anchor(TEXT, start, start + len("Critics said"))
    edited = TEXT.replace("Critics said", "Opponents argued")
    assert resolve_anchor(edited, anchor) is None
    assert resolve_anchor("", anchor) is None


def test_resolve_of_an_anchor_without_quote_is_none() -> None:
    assert resolve_anchor(TEXT, Anchor(50, 60, "", "", "")) is None


@pytest.mark.parametrize(
    ("occurrence", "expected"),
    [(1, 0), (2, 4), (3, 8), (4, None), (0, None), (-1, None)],
)
def test_find_occurrence_counts_from_one(occurrence: int, expected: int | None) -> None:
    assert find_occurrence("ab, ab, ab", "ab", occurrence) == expected


def test_find_occurrence_of_an_empty_quote_is_none() -> None:
    assert find_occurrence("abc", "", 1) is None


def test_find_occurrence_counts_overlapping_appearances() -> None:
    # "aa" appears at 0, 1 and 2 in "aaaa": a selection may start at any of them.
    assert [find_occurrence("aaaa", "aa", n) for n in (1, 2, 3, 4)] == [0, 1, 2, None]


# -- properties ----------------------------------------------------------------------------------------

texts = st.text(min_size=1, max_size=200)


@st.composite
def text_and_span(draw: st.DrawFn) -> tuple[str, int, int]:
    text = draw(texts)
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, len(text)))
    return text, start, end


@settings(max_examples=200, deadline=None)
@given(text_and_span())
@example(("مرحبا بالعالم 👨‍👩‍👧 e\u0301", 0, 5))
def test_property_make_then_resolve_is_the_identity(case: tuple[str, int, int]) -> None:
    text, start, end = case
    anchor = make_anchor(text, start, end)
    assert anchor.exact == text[start:end]
    assert anchor.prefix + anchor.exact + anchor.suffix in text
    assert resolve_anchor(text, anchor) == (start, end)


@settings(max_examples=200, deadline=None)
@given(text_and_span(), st.text(min_size=1, max_size=50), st.text(max_size=50))
def test_property_edits_outside_the_quote_keep_it_found(
    case: tuple[str, int, int], inserted_before: str, appended: str
) -> None:
    text, start, end = case
    anchor = make_anchor(text, start, end)
    edited = inserted_before + text + appended
    span = resolve_anchor(edited, anchor)
    assert span is not None
    assert edited[span[0] : span[1]] == anchor.exact


@settings(max_examples=200, deadline=None)
@given(text_and_span(), st.text(min_size=1, max_size=50))
def test_property_unique_quote_reanchors_to_its_exact_new_place(
    case: tuple[str, int, int], inserted_before: str
) -> None:
    text, start, end = case
    edited = inserted_before + text
    quote = text[start:end]
    # str.count skips overlapping copies ("0000".count("000") == 1), which are other places too
    assume(sum(edited.startswith(quote, i) for i in range(len(edited))) == 1)
    anchor = make_anchor(text, start, end)
    shift = len(inserted_before)
    assert resolve_anchor(edited, anchor) == (start + shift, end + shift)


@settings(max_examples=200, deadline=None)
@given(text_and_span(), st.text(max_size=200))
def test_property_resolve_never_points_at_other_words(case: tuple[str, int, int], other: str) -> None:
    text, start, end = case
    anchor = make_anchor(text, start, end)
    span = resolve_anchor(other, anchor)
    if anchor.exact in other:
        assert span is not None and other[span[0] : span[1]] == anchor.exact
    else:
        assert span is None
