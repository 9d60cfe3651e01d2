"""Each quotation phenomenon the detector must handle, one readable case per id."""

from __future__ import annotations

import pytest

from workbench.detect import Suggestion, suggest_quotes


def _pairs(text: str) -> list[tuple[str, str]]:
    return [(s.quote, s.speaker) for s in suggest_quotes(text)]


CASES = [
    pytest.param(
        "“We will win,” said Mark Rutte.",
        [("We will win", "Mark Rutte")],
        id="curly-double-said-after-name",
    ),
    pytest.param(
        '"We will win," the Frenchman said. Emmanuel Macron later left.',
        [("We will win", "Emmanuel Macron")],
        id="straight-double-role-resolved-forward",
    ),
    pytest.param(
        "Rachel Reeves spoke in Leeds. ‘We inherited a mess,’ she told workers.",
        [("We inherited a mess", "Rachel Reeves")],
        id="british-curly-single-pronoun",
    ),
    pytest.param(
        "John Eustace was pleased. 'We don't know when we're beaten,' Eustace said.",
        [("We don't know when we're beaten", "John Eustace")],
        id="british-straight-single-with-apostrophes-inside",
    ),
    pytest.param(
        "Le Premier ministre Michel Barnier a parlé. « Nous ne reculerons pas », a-t-il déclaré.",
        [("Nous ne reculerons pas", "Michel Barnier")],
        id="french-guillemets",
    ),
    pytest.param(
        "Bahnchef Richard Lutz sprach in Berlin. »Wir können so nicht weitermachen«, sagte Lutz.",
        [("Wir können so nicht weitermachen", "Richard Lutz")],
        id="reversed-guillemets",
    ),
    pytest.param(
        "Kanzler Olaf Scholz sprach. „Wir haben eine Lösung gefunden“, sagte der SPD-Politiker.",
        [("Wir haben eine Lösung gefunden", "Olaf Scholz")],
        id="german-low-nine",
    ),
    pytest.param(
        "„Er sagte mir: ‚Niemals‘, und ging“, sagte Anna Berger.",
        [("Er sagte mir: ‚Niemals‘, und ging", "Anna Berger")],
        id="german-single-low-nine-nested",
    ),
    pytest.param(
        "Sharon Graham was blunt. “I agree,” she said, “but not yet.”",
        [("I agree", "Sharon Graham"), ("but not yet", "Sharon Graham")],
        id="split-quote-two-suggestions-same-speaker",
    ),
    pytest.param(
        "Its chief economist, Louise Hellem, said: “Firms are freezing hiring.”",
        [("Firms are freezing hiring.", "Louise Hellem")],
        id="before-said-colon-appositive",
    ),
    pytest.param(
        "Mayor Tom Reyes said in a statement that the city had “learned hard lessons”.",
        [("learned hard lessons", "Tom Reyes")],
        id="before-said-that-fragment",
    ),
    pytest.param(
        "According to Angela Moreno, the airline is “in active discussions” with Boeing.",
        [("in active discussions", "Angela Moreno")],
        id="according-to",
    ),
    pytest.param(
        "“This fire is moving fast,” Cal Fire Battalion Chief Ryan Ortiz told reporters.",
        [("This fire is moving fast", "Ryan Ortiz")],
        id="told-reporters-title-stripped",
    ),
    pytest.param(
        "Secretary General Mark Rutte met reporters. He said: “I cannot confirm these reports.”",
        [("I cannot confirm these reports.", "Mark Rutte")],
        id="pronoun-he-full-name",
    ),
    pytest.param(
        "Secretary General Mark Rutte arrived on Monday. “We are ready,” Rutte said.",
        [("We are ready", "Mark Rutte")],
        id="surname-to-full-name",
    ),
    pytest.param(
        "South Korean Defense Minister Kim Yong-hyun spoke. He said an attack was “highly likely”.",
        [("highly likely", "Kim Yong-hyun")],
        id="titles-and-nationality-stripped",
    ),
    pytest.param(
        "The Kremlin has dismissed the reports, calling them a “hoax.”",
        [("hoax", "the Kremlin")],
        id="organisation-kremlin-participle",
    ),
    pytest.param(
        "Finland's defence ministry said it had observed “increased activity” at the border.",
        [("increased activity", "Finland's defence ministry")],
        id="organisation-ministry",
    ),
    pytest.param(
        "A police spokesperson said extra patrols would run “to provide reassurance”.",
        [("to provide reassurance", "police")],
        id="organisation-police",
    ),
    pytest.param(
        "The White House said the bill was “dead on arrival”.",
        [("dead on arrival", "the White House")],
        id="organisation-white-house",
    ),
    pytest.param(
        "The mayor, Elaine Booth, stood outside.\n\n“I have never seen anything like this.\n\n"
        "“We need money, and we need it quickly,” she said.",
        [
            ("I have never seen anything like this.", "Elaine Booth"),
            ("We need money, and we need it quickly", "Elaine Booth"),
        ],
        id="multi-paragraph-quote",
    ),
    pytest.param(
        "Daria Kasatkina was gracious in defeat. “She played the big points better than me.”",
        [("She played the big points better than me.", "Daria Kasatkina")],
        id="no-cue-speaker-from-previous-sentence",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_phenomenon(text: str, expected: list[tuple[str, str]]) -> None:
    got = _pairs(text)
    assert [q for q, _ in got] == [q for q, _ in expected]
    assert [s.casefold() for _, s in got] == [s.casefold() for _, s in expected]


APOSTROPHES = [
    pytest.param("Don't worry, it's Korea's turn, said the players' union.", id="contractions-and-possessives"),
    pytest.param("They played rock 'n' roll from the '90s and '80s all night.", id="rock-n-roll-and-decades"),
    pytest.param("They played rock ’n’ roll from the ’90s all night.", id="curly-elisions"),
    pytest.param("The Joneses’ dog and the players’ union met O’Brien’s lawyer.", id="curly-plural-possessives"),
    pytest.param("Tell 'em it's done 'til Monday, the Smiths' neighbour said.", id="em-til"),
    pytest.param('The pipe is 12" wide and 5\'11" tall.', id="inch-and-foot-marks"),
]


@pytest.mark.parametrize("text", APOSTROPHES)
def test_apostrophes_are_not_quotes(text: str) -> None:
    assert suggest_quotes(text) == []


def test_apostrophes_inside_single_quotes() -> None:
    text = "Rovers' fans sang. 'It's the players' night, not mine,' Eustace said of the '90s side."
    assert _pairs(text) == [("It's the players' night, not mine", "Eustace")]


SCARE = [
    pytest.param("The so-called “peace plan” was dropped.", id="so-called"),
    pytest.param("Her new book, “The Long Road Home,” is out on Friday.", id="book-title"),
    pytest.param("The operation, code-named “Sea Breeze”, began at dawn.", id="operation-name"),
    pytest.param("The blaze, dubbed the “Canyon Fire” by local media, grew.", id="dubbed"),
    pytest.param("Fans who call themselves “Swifties” travelled far.", id="nickname-single-word"),
    pytest.param("His son returned with “big ideas” about the boat.", id="scare-quote-no-cue"),
    pytest.param("The hit “Don't Let Me Go” topped the charts in 1968.", id="song-title-with-apostrophe"),
    pytest.param("City officials said the “Springfield Forward” fund was moved.", id="title-next-to-cue"),
]


@pytest.mark.parametrize("text", SCARE)
def test_scare_quotes_and_titles_are_not_suggested(text: str) -> None:
    assert all(s.confidence < 0.5 for s in suggest_quotes(text))
    assert suggest_quotes(text) == []


def test_short_quote_with_cue_and_speaker_is_kept() -> None:
    text = "Lake, a former anchor, said Gallego was “misrepresenting” her position."
    assert _pairs(text) == [("misrepresenting", "Lake")]


SPAN_RULES = [
    pytest.param("“I agree,” she said.", "I agree", id="trailing-comma-dropped"),
    pytest.param("He called it a “hoax.”", "hoax", id="fragment-full-stop-dropped"),
    pytest.param("He said: “We are ready.”", "We are ready.", id="sentence-full-stop-kept"),
    pytest.param("“Why not me?” she asked.", "Why not me?", id="question-mark-kept"),
    pytest.param("She said: “ We waited… ”", "We waited…", id="spaces-and-ellipsis"),
]


@pytest.mark.parametrize(("text", "quote"), SPAN_RULES)
def test_span_convention(text: str, quote: str) -> None:
    found = suggest_quotes(text)
    assert [s.quote for s in found] == [quote]
    s = found[0]
    assert text[s.start : s.end] == s.quote


def test_results_sorted_and_typed() -> None:
    text = "“One,” said Ann Lee. “Two,” said Bob Ray. “Three,” said Ann Lee."
    found = suggest_quotes(text)
    assert [s.start for s in found] == sorted(s.start for s in found)
    assert all(isinstance(s, Suggestion) for s in found)
    assert [s.speaker for s in found] == ["Ann Lee", "Bob Ray", "Ann Lee"]


def test_empty_and_markless_text() -> None:
    assert suggest_quotes("") == []
    assert suggest_quotes("No quotations here at all.") == []
