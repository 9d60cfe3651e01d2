"""Speaker attribution shapes found wrong on real news (PolNeAR dev errors, issue 20 follow-up).

The sentences are written for these tests in the shape of the errors seen (the corpus itself carries
no licence and is not copied here): each asserts the speaker a journalist reading the article would
record.
"""

from __future__ import annotations

import pytest

from workbench.detect import suggest_quotes


def _speakers(text: str) -> list[tuple[str, str]]:
    return [(s.quote, s.speaker) for s in suggest_quotes(text)]


CASES = [
    pytest.param(
        "Obama campaigned in Ohio on Saturday.\n\n"
        "“Turnout makes the difference in this state,” said Charlie King, a veteran Ohio Democrat.",
        ("Turnout makes the difference in this state", "Charlie King"),
        id="a-surname-that-is-a-title-word",
    ),
    pytest.param(
        "“We expect the veto to be overridden,” Senate Majority Leader Mitch McConnell, R-Ky., said Tuesday.",
        ("We expect the veto to be overridden", "Mitch McConnell"),
        id="abbreviation-inside-the-appositive-and-no-day-as-speaker",
    ),
    pytest.param(
        "“The reasons given for the veto do not hold up,” said 9/11 widow Terry Strada.",
        ("The reasons given for the veto do not hold up", "Terry Strada"),
        id="number-modifier-before-the-role",
    ),
    pytest.param(
        "“Subpoenas are not optional,” panel Chairman Rep. Jason Chaffetz (R-Utah) said after Bryan Pagliano "
        "failed to appear.",
        ("Subpoenas are not optional", "Jason Chaffetz"),
        id="lower-case-modifier-before-a-capitalised-title",
    ),
    pytest.param(
        "The New York Post reports that the campaign kept the visit quiet to “keep the details out of the news.”",
        ("keep the details out of the news", "the New York Post"),
        id="a-newspaper-named-post-is-no-document",
    ),
    pytest.param(
        "Barack Obama spoke in Miami.\n\n"
        "While Obama had many artists writing songs about him, that has not happened for Hillary Clinton, which "
        "is something that concerns Henry Crespo, president of the county caucus.\n\n"
        "“Nobody is writing songs for this campaign,” he said.",
        ("Nobody is writing songs for this campaign", "Henry Crespo"),
        id="he-is-the-person-just-introduced-with-an-appositive",
    ),
    pytest.param(
        "Loretta Lynch spoke about her career.\n\n"
        "Her harshest critics are men, she said.\n\n"
        "She has faced criticism since she met Bill Clinton and his wife, Democratic nominee Hillary Clinton, "
        "on her plane.\n\n"
        "She said she was not aware of a backlash.\n\n"
        "“People tend not to say those things to the attorney general,” she said.",
        ("People tend not to say those things to the attorney general", "Loretta Lynch"),
        id="she-is-not-a-woman-named-inside-her-own-sentence",
    ),
    pytest.param(
        "Sen. Bernie Sanders spoke in Vermont on Monday, a day after Donald Trump held a rally.\n\n"
        "The senator said he would “introduce legislation to close the loopholes.”",
        ("introduce legislation to close the loopholes", "Bernie Sanders"),
        id="the-senator-is-the-person-introduced-as-sen",
    ),
    pytest.param(
        "“The party needs a plan for third-party voters,” Nate Silver, the polling analyst who founded the "
        "site tweeted on Wednesday.",
        ("The party needs a plan for third-party voters", "Nate Silver"),
        id="speech-verb-after-an-unclosed-appositive",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_speaker(text: str, expected: tuple[str, str]) -> None:
    assert expected in _speakers(text)


def test_said_x_followed_by_a_verb_is_no_speech_by_x() -> None:
    # "McLenney said Clinton doesn't …": Clinton is talked about, McLenney speaks; "she" is McLenney.
    text = (
        "Two voters, Tyresha McLenney and Bryan Anderson, saw the candidate at a rally.\n\n"
        "McLenney said Hillary Clinton doesn't show consistency on the issue.\n\n"
        "“It only comes up when there is a video,” she said."
    )
    assert ("It only comes up when there is a video", "Tyresha McLenney") in _speakers(text)


def test_a_group_is_not_she() -> None:
    text = (
        "Loretta Lynch took questions.\n\n"
        "She has called the shootings of African Americans a moment like the civil rights movement.\n\n"
        "“It is a wise choice on their part,” she said."
    )
    assert ("It is a wise choice on their part", "Loretta Lynch") in _speakers(text)


def test_a_role_that_gives_a_gender_picks_a_person_of_that_gender() -> None:
    # "The former first lady and U.S. senator": the senator meant is a woman, not Sen. John McCain.
    text = (
        "Donald Trump and Hillary Clinton spoke to veterans on Wednesday.\n\n"
        "Sen. John McCain introduced the forum and praised the troops.\n\n"
        "Clinton, the former secretary of State, stressed her record.\n\n"
        "The former first lady and U.S. senator said it was “a mistake” to use private email."
    )
    assert ("a mistake", "Hillary Clinton") in _speakers(text)


def test_a_one_word_name_is_the_same_person_at_every_mention() -> None:
    # The article only writes "Clinton": the "Clinton" who leaned in is the "Clinton" who spoke, and
    # "she" is her, not Mitt Romney (whose gender the first-name list does not know).
    text = (
        "“We will win this state,” Clinton said at a rally in Ohio, a state Mitt Romney lost in 2012.\n\n"
        "“We have argued that his policies expose him as a fraud,” said Brian Fallon, her spokesman.\n\n"
        "On Monday night, Clinton leaned in, painting Trump as a Romney caricature. She started off with "
        "the minimum wage.\n\n"
        "“Why won’t he release his tax returns?” she said."
    )
    assert ("Why won’t he release his tax returns?", "Clinton") in _speakers(text)


def test_a_first_name_the_lexicon_knows_gives_the_gender() -> None:
    # "Greg" is a man's name: "she" is Jennifer Ortiz, named further back.
    text = (
        "Jennifer Ortiz runs the charter company.\n\n"
        "Greg Raiff, a broker, flew with the team on Monday.\n\n"
        "“It is a good deal for everyone,” she said."
    )
    assert ("It is a good deal for everyone", "Jennifer Ortiz") in _speakers(text)


def test_the_pronoun_attributing_a_quotation_does_not_outvote_the_first_name() -> None:
    # The "he" of "“I love you,” he said" is no vote that Sarah Jones (or Melanie) is a man.
    for woman in ("Sarah Jones", "Melanie"):
        text = (
            "Donald Trump arrived in Pennsylvania on Saturday.\n\n"
            f"{woman} waited in the front row with her sign.\n\n"
            "“I love you,” he said."
        )
        assert ("I love you", "Donald Trump") in _speakers(text), woman


def test_one_pronoun_does_not_outvote_the_first_name() -> None:
    # "He shouted" after "Hillary Clinton faced a heckler" is the heckler; it does not make her "he".
    text = (
        "At a rally in Derry on Sunday, Hillary Clinton faced a heckler from the back of the room. He shouted a "
        "question about her husband.\n\n"
        "“You are very rude, and I am not going to call on you,” she said."
    )
    assert ("You are very rude, and I am not going to call on you", "Hillary Clinton") in _speakers(text)


def test_a_title_word_that_is_a_named_persons_surname_is_that_person() -> None:
    # "Dean" is a title word, but here the surname of Howard Dean: "Dean, a medical doctor" and the
    # "he" after him are Howard Dean.
    text = (
        "David Axelrod on Wednesday called on Howard Dean to apologize to Donald Trump.\n\n"
        "“That was outrageous,” Axelrod said. “He really should apologize.”\n\n"
        "Dean, a former party chairman, poked at Trump's sniffing during the debate.\n\n"
        "Dean, a medical doctor, then appeared on MSNBC on Tuesday.\n\n"
        "He then defended the remark, saying, “I don’t think this is a ridiculous idea.”\n\n"
        "“Something funny was going on,” Dean said."
    )
    got = _speakers(text)
    assert ("I don’t think this is a ridiculous idea.", "Howard Dean") in got
    assert ("Something funny was going on", "Howard Dean") in got


def test_a_name_in_a_relative_clause_is_not_the_subject() -> None:
    # "said Jillian Soto, who lost her sister Victoria": Victoria is the object of "lost"; "she" is Soto.
    text = (
        "Families of the victims sued the gun maker on Thursday.\n\n"
        "“We are waiting for justice,” said Jillian Soto, who lost her sister Victoria at Sandy Hook. “I believe "
        "Remington acted irresponsibly. I deserve for a jury to determine that, not the politicians.”\n\n"
        "“Remington and others designed an immoral marketing campaign,” she added."
    )
    assert ("Remington and others designed an immoral marketing campaign", "Jillian Soto") in _speakers(text)
