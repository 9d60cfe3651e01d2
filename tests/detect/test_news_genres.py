"""Cases from the second development set (``benchmarks/detect/newsgold.py``: wire, sport and national news
from several outlets), written afresh in the shape of the errors found there, one per id."""

from __future__ import annotations

import pytest

from workbench.detect import suggest_quotes


def _speakers(text: str) -> dict[str, str]:
    return {s.quote: s.speaker for s in suggest_quotes(text)}


def test_quote_paragraphs_running_on_keep_the_speaker() -> None:
    # "…,” Mr Watson told AAP. ¶ “We are down here …”: news copy lets a speaker go on in paragraphs of
    # nothing but quotation; the speaker must not be left empty on them.
    text = (
        "Captain of the Steve Irwin Paul Watson denied any attack on the second ship, saying he had not seen it.\n\n"
        "Butyric acid is a non-corrosive substance.\n\n"
        '"We sprayed them with butyric acid, which is a stink bomb, and the smell stays there for a few days," '
        "Mr Watson told reporters.\n\n"
        '"We are down here to stop whaling. We are not hanging banners and pictures.\n\n'
        '"They can complain all they want but the fact is these people are poachers.\n\n'
        '"This is a major crime and they are worried about a smell. I mean, this is ridiculous."\n\n'
        "Mr Watson said his crew had lost the whalers because the ship had to travel 50 miles."
    )
    got = _speakers(text)
    assert "Watson" in got["We are down here to stop whaling. We are not hanging banners and pictures."]
    assert "Watson" in got["They can complain all they want but the fact is these people are poachers."]


def test_a_name_before_a_word_for_a_medium_is_no_person() -> None:
    # "on Al Jazeera television": "Al" looks like a man's first name, but the article says a broadcaster,
    # so "the speaker" of a recording is not Al Jazeera.
    text = (
        "An audio recording attributed to Osama bin Laden called on Europeans to leave Afghanistan.\n\n"
        "The message surfaced on Al Jazeera television on Thursday. Al Jazeera ran three excerpts.\n\n"
        '"In this war, you did not respect the rules of war," the speaker says. "Your bombs killed women."'
    )
    got = _speakers(text)
    assert got["In this war, you did not respect the rules of war"] == "Osama bin Laden"
    assert got["Your bombs killed women."] == "Osama bin Laden"


def test_employer_then_adjective_and_role_names_the_person_after_them() -> None:
    # "Greenpeace Japan anti-whaling campaigner Sakyo Noda said": the campaigner speaks, not Greenpeace.
    text = '"There is growing concern," Greenpeace Japan anti-whaling campaigner Sakyo Noda said.'
    assert list(_speakers(text).values()) == ["Sakyo Noda"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        pytest.param(
            'Mr John Smith was there. The protesters said: "We will not leave until the law changes."',
            "the protesters",
            id="plural-group-with-the",
        ),
        pytest.param(
            'Mr John Smith was there. "We will not leave until the law changes," the men\'s families said.',
            "the men's families",
            id="possessive-family-group",
        ),
        pytest.param(
            "Mr John Smith was seen. In the film, the kidnappers say they will kill a man as a \"first warning\".",
            "the kidnappers",
            id="kidnappers-fragment-in-reported-speech",
        ),
    ],
)
def test_a_plural_group_speaks_for_itself_not_the_last_person_named(text: str, speaker: str) -> None:
    assert list(_speakers(text).values()) == [speaker]


def test_instructed_is_a_speech_verb() -> None:
    text = (
        "A co-worker, Nehemiah Dejesus, scrambled to apply a clamp.\n\n"
        "“Don’t get nervous,” instructed Milton Velez, the agency’s district supervisor."
    )
    assert _speakers(text).get("Don’t get nervous") == "Milton Velez"


def test_he_after_a_sentence_about_a_named_owners_spokesman_is_the_spokesman() -> None:
    # Not the owner, and not the last man named before (Ken Bigley here).
    text = (
        "The case has had less coverage than the kidnapping of Ken Bigley.\n\n"
        "Prime Minister Gordon Brown's spokesman also condemned the release of the videotape.\n\n"
        '"It is our long-established policy not to comment on such footage," he added.'
    )
    assert list(_speakers(text).values()) == ["Prime Minister Gordon Brown's spokesman"]


def test_a_portfolio_named_after_someone_is_not_part_of_the_holders_name() -> None:
    text = (
        "Captain of the Steve Irwin Paul Watson denied any attack on the Yushin Maru No. 3.\n\n"
        'But he confirmed the group launched a "retaliatory strike" at the Yushin Maru No. 2.\n\n'
        '"We sprayed them with butyric acid," Mr Watson told reporters.'
    )
    assert set(_speakers(text).values()) == {"Paul Watson"}


def test_the_speaker_of_a_recording_is_a_person_role() -> None:
    # "The speaker tells the allies that …": "the speaker" is the recorded voice named before, not nobody.
    text = (
        "An audio recording attributed to Osama bin Laden called on Europeans to leave Afghanistan.\n\n"
        '"In this war, you did not respect the rules of war," the speaker says.\n\n'
        'The speaker tells the allies that the deployment will soon be withdrawn "by the blessing of God."'
    )
    assert _speakers(text).get("by the blessing of God") == "Osama bin Laden"


@pytest.mark.parametrize(
    ("subject", "speaker"),
    [
        pytest.param("the families of the five men", "the families", id="families-of"),
        pytest.param("the mother of the victim", "the mother", id="mother-of-not-the-victim"),
    ],
)
def test_a_role_of_someone_before_the_verb_is_headed_by_the_role(subject: str, speaker: str) -> None:
    text = f'Frank Gardner said the cell was secret. In September, {subject} urged the captors to end the "torment".'
    assert _speakers(text) == {"torment": speaker}


def test_a_participle_in_a_relative_clause_speaks_for_what_the_clause_hangs_on() -> None:
    text = (
        "Barack Obama spoke. The administration's first comments came with a warning about rhetoric from "
        'Netanyahu\'s Likud party, which tried to rally support by saying that voters were "coming out in droves."'
    )
    assert "Likud" in _speakers(text)["coming out in droves"]
