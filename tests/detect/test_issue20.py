"""The error kinds issue 20 found on real news: the right speaker, or none, never a place or a document."""

from __future__ import annotations

import pytest

from workbench.detect import suggest_quotes
from workbench.detect.attribution import Attributor
from workbench.detect.confidence import load_model
from workbench.detect.marks import find_quotes
from workbench.detect.phrases import np_forward
from workbench.detect.textindex import build_index


def _pairs(text: str) -> list[tuple[str, str]]:
    return [(s.quote, s.speaker) for s in suggest_quotes(text)]


CASES = [
    pytest.param(
        "League chairman Ray Hale said the search would begin at once.\n\nBroncos coach Wayne Bennett is the "
        "favourite to succeed him, although Hale preferred to describe him as a “contender”.",
        [("contender", "Ray Hale")],
        id="infinitive-speech-verb-takes-the-subject-of-the-verb-it-hangs-on",  # seen in a real L3S-GN1 page
    ),
    pytest.param(
        "The port in Gdańsk handled record volumes. “We are running out of space,” port spokesperson "
        "Krzysztof Lewandowski said in Gdańsk.",
        [("We are running out of space", "Krzysztof Lewandowski")],
        id="place-after-the-speaker-is-no-speaker",
    ),
    pytest.param(
        "“The model is not ready for release,” Sarah Chen told WIRED.",
        [("The model is not ready for release", "Sarah Chen")],
        id="outlet-is-the-listener",
    ),
    pytest.param(
        "Acme Corp issued a statement on Monday. “We regret the error,” the statement said.",
        [("We regret the error", "Acme Corp")],
        id="statement-resolves-to-its-issuer",
    ),
    pytest.param(
        "The ministry rejected the claims. “These allegations are baseless,” the statement said.",
        [("These allegations are baseless", "the ministry")],
        id="statement-resolves-to-the-organisation-before",
    ),
    pytest.param(
        "“The water supply is safe,” said regional water commissioner Elena Martínez-Soler.",
        [("The water supply is safe", "Elena Martínez-Soler")],
        id="long-appositive-after-said",
    ),
    pytest.param(
        "According to city finance director Mei Lin, the budget is “balanced for the first time in a decade”.",
        [("balanced for the first time in a decade", "Mei Lin")],
        id="long-appositive-after-according-to",
    ),
    pytest.param(
        "Senator Jane Doe called the move “historic” and said it was “stronger than anything before it”.",
        [("historic", "Jane Doe"), ("stronger than anything before it", "Jane Doe")],
        id="scare-quotes-in-reported-speech",
    ),
    pytest.param(
        "Karolina Mazur, a nurse at the hospital, described the night. “We had no beds left,” she said. "
        "Tomasz Nowak, the director, disagreed. “We coped,” he said. “It was hard,” she added.",
        [("We had no beds left", "Karolina Mazur"), ("We coped", "Tomasz Nowak"), ("It was hard", "Karolina Mazur")],
        id="she-added-is-the-woman-who-spoke-before",
    ),
    pytest.param(
        "“Mr. Trump embodies the lasting legacy of racism,” ― Sonya Herridge",
        [("Mr. Trump embodies the lasting legacy of racism", "Sonya Herridge")],
        id="dash-signature",
    ),
    pytest.param(
        "Mike Pence spoke to Chris Wallace on Sunday.\n\n“WALLACE: Do you see those two as equivalent?\n\n"
        "“PENCE: Well, look, the question really should be why.”",
        [
            ("Do you see those two as equivalent?", "Chris Wallace"),
            ("Well, look, the question really should be why.", "Mike Pence"),
        ],
        id="transcript-labels-name-the-speaker",
    ),
    pytest.param(
        "Ted Cruz spoke at the convention; his wife, Heidi Cruz, left early. “I will tell the truth,” Cruz said.",
        [("I will tell the truth", "Ted Cruz")],
        id="surname-is-the-person-introduced-first",
    ),
    pytest.param(
        "Terry Strada lost her husband on 9/11. She has campaigned for years. “We want our day in court,” she said.",
        [("We want our day in court", "Terry Strada")],
        id="gender-from-the-article-not-the-first-name",
    ),
    pytest.param(
        "Johnnie Wilson, of Springfield, Va., said he had fought “for the nation's rights”.",
        [("for the nation's rights", "Johnnie Wilson")],
        id="state-abbreviation-is-no-speaker",
    ),
    pytest.param(
        "“We will appeal the ruling,” the Department of Justice said in a statement.",
        [("We will appeal the ruling", "the Department of Justice")],
        id="organisation-named-x-of-y-stays-whole",
    ),
    pytest.param(
        "A spokesperson for the Ministry of Defence said: “We do not comment on operational matters.”",
        [("We do not comment on operational matters.", "the Ministry of Defence")],
        id="spokesperson-for-a-ministry-of-y",
    ),
    pytest.param(
        "“It was total chaos,” an eyewitness told Sky News.",
        [("It was total chaos", "")],
        id="the-outlet-told-is-never-the-speaker",
    ),
    pytest.param(
        "Striker Marcus Reed scored twice for the visitors on Saturday.\n\nThe home side had led at half-time.\n\n"
        "The crowd of 30,000 was the largest this season.\n\nThe club also announced a new stand.\n\n"
        "The home coach, Anna Reed, praised her players. “We defended well,” Reed said.",
        [("We defended well", "Anna Reed")],
        id="shared-surname-is-the-person-named-lately",
    ),
    pytest.param(
        "The mayor, Linda Park, met protesters on Saturday. “We hear you,” Park told the crowd.",
        [("We hear you", "Linda Park")],
        id="surname-that-is-also-a-place-word",
    ),
    pytest.param(
        "Police shot Daniel Okafor on Tuesday. Okafor’s family said the footage raised “more questions than answers”.",
        [("more questions than answers", "Okafor’s family")],
        id="the-family-speaks-not-the-man-it-belongs-to",
    ),
    pytest.param(
        "“We have waited ten years for this,” said Fatima Al-Sayed, whose son died in the attack. Her husband, "
        "Omar, stood beside her.\n\n“Justice has come at last,” she said.",
        [("We have waited ten years for this", "Fatima Al-Sayed"), ("Justice has come at last", "Fatima Al-Sayed")],
        id="object-pronoun-says-nothing-of-the-subjects-gender",
    ),
    pytest.param(
        "Following a swiftly called, late-night session, the City Council issued a statement calling the plan "
        "“unlawful and reckless”.",
        [("unlawful and reckless", "the City Council")],
        id="participle-adjective-in-an-opening-phrase-is-no-cue",
    ),
    pytest.param(
        "Understated Novak wins praise.\n\nLabor Minister Ivan Novak spoke in Kyiv on Monday.\n\n"
        "“I just do my job,” Novak said.",
        [("I just do my job", "Ivan Novak")],
        id="participle-opening-a-headline-is-not-a-first-name",
    ),
    pytest.param(
        "Maria Lopez of Greenville, South Carolina says she will vote for “whoever fixes the water bills.”",
        [("whoever fixes the water bills", "Maria Lopez")],
        id="place-closing-the-speakers-phrase",
    ),
    pytest.param(
        "I’m old enough to remember Governor Ellen Park going on television on May 2, 1998, promising “a school "
        "in every village.”",
        [("a school in every village", "Ellen Park")],
        id="first-person-contraction-is-no-name",
    ),
    pytest.param(
        "Campaign manager Eric Dahl mapped the last week of the race.\n\n“Those are some very small towns,” Dahl "
        "said. The towns are far from Rapid City, where the campaign has its office. “That’s a tough area.”",
        [("Those are some very small towns", "Eric Dahl"), ("That’s a tough area.", "Eric Dahl")],
        id="narrative-sentence-between-two-quotes-keeps-the-speaker",
    ),
    pytest.param(
        "Berg has had a frosty relationship with Ruth Adler, now the Senate majority leader, who in 2010 said the "
        "goal was to make Berg a “one-term chancellor.”",
        [("one-term chancellor", "Ruth Adler")],
        id="who-after-an-appositive-is-the-person-before-it",
    ),
    pytest.param(
        "And soon after the talks were over, the Hollis-Okonjo coalition issued a joint statement – Hollis saying "
        "she was “very encouraged” and Okonjo calling it a “great meeting.”",
        [("very encouraged", "Hollis"), ("great meeting", "Okonjo")],
        id="absolute-participle-clauses-name-their-own-speakers",
    ),
    pytest.param(
        "Former adviser Tom Reyes tweeted on Monday: “Nobody reads the platform,” mocking the campaign, after "
        "Clinton spokesman Luis Ortega expressed his support for the document online.\n\n"
        "Ortega fired back: “As the author of half of it,” he wrote, “I can tell you people do.”",
        [
            ("Nobody reads the platform", "Tom Reyes"),
            ("As the author of half of it", "Luis Ortega"),
            ("I can tell you people do.", "Luis Ortega"),
        ],
        id="colon-speaker-is-he-and-a-participles-object-is-not",
    ),
    pytest.param(
        "NAIROBI, March 3 (Reuters) — The Kenya Red Cross Society on Tuesday issued an appeal for help, describing "
        "the floods as “the worst in living memory.”",
        [("the worst in living memory", "the Kenya Red Cross Society")],
        id="dateline-is-no-subject",
    ),
    pytest.param(
        "The Kenya Red Cross Society issued a statement on Tuesday, offering “a deep and sincere apology” to the "
        "families.",
        [("a deep and sincere apology", "the Kenya Red Cross Society")],
        id="organisation-subject-of-a-fragments-sentence",
    ),
    pytest.param(
        "Rachel Moore accuses the mayor of “hiding the figures” and Daniel Cho says he is “running out of patience.”",
        [("hiding the figures", "Rachel Moore"), ("running out of patience", "Daniel Cho")],
        id="each-clause-of-a-sentence-keeps-its-own-speaker",
    ),
    pytest.param(
        "25 Farmers Share Their Honest Thoughts On The Drought.\n\n“We have not seen rain since March. The wells "
        "are dry and the banks want their money.”",
        [("We have not seen rain since March. The wells are dry and the banks want their money.", "")],
        id="title-case-headline-is-no-speaker",
    ),
    pytest.param(
        "Opposition leader Karin Holm called Prime Minister Erik Lund’s remarks on Sunday “a gift to the far right.”",
        [("a gift to the far right", "Karin Holm")],
        id="someones-remarks-is-a-noun-not-a-cue",
    ),
    pytest.param(
        "Conservative columnist Grace Will wrote about the chancellor, Oskar Brandt, on Monday.\n\n"
        "Will described Brandt as a “caricature of fiscal responsibility.”",
        [("caricature of fiscal responsibility", "Grace Will")],
        id="capitalised-will-is-a-name-not-a-modal",
    ),
    pytest.param(
        "Striker Marcus Reed scored twice. “We deserved it,” Reed said.",
        [("We deserved it", "Marcus Reed")],
        id="role-opening-a-sentence-is-no-part-of-the-name",
    ),
    pytest.param(
        "The harbour plan drew fire on Sunday.\n\nAlready, Mayor Ingrid Solberg has criticised the plan and "
        "said, “We will review every contract.”",
        [("We will review every contract.", "Ingrid Solberg")],
        id="sentence-adverb-before-the-name-is-no-speaker",
    ),
    pytest.param(
        "Gov. Frank Doyle has denounced the merger and said, “We will block this deal” if he is re-elected. "
        "Tim Walsh, Anne Carter's running mate, said he was worried about the merger. “Less concentration, I "
        "think, is generally healthy,” he said on a radio show.",
        [("We will block this deal", "Frank Doyle"),
         ("Less concentration, I think, is generally healthy", "Tim Walsh")],
        id="he-after-someone-who-spoke-past-a-possessive-appositive",
    ),
    pytest.param(
        "The county board met on Tuesday.\n\n“Why would anyone build a car park there?” Lena Ortiz said "
        "after the vote.",
        [("Why would anyone build a car park there?", "Lena Ortiz")],
        id="question-mark-then-name-said-is-one-sentence",
    ),
    pytest.param(
        "“The rents are too high,” Paul Greer, 41, of Dayton, Ohio, who moved there in May, said outside the "
        "hall.",
        [("The rents are too high", "Paul Greer")],
        id="age-home-town-and-relative-clause-before-said",
    ),
    pytest.param(
        "The two men argued on stage.\n\n“Nobody believes that,” Daniel Frey shot back. “We kept every "
        "promise,” an angry Olga Marsh retaliated. “It was a different time,” remembered Ines Lund.",
        [("Nobody believes that", "Daniel Frey"), ("We kept every promise", "Olga Marsh"),
         ("It was a different time", "Ines Lund")],
        id="less-common-speech-verbs",
    ),
    pytest.param(
        "Forest Watch spokesman Tomas Berg said the logging was “reckless.”",
        [("reckless", "Tomas Berg")],
        id="organisation-role-name-is-the-person",
    ),
    pytest.param(
        "Councillor Mia Roth spoke for an hour. She went on to say the budget was “a fantasy.”",
        [("a fantasy", "Mia Roth")],
        id="went-on-to-say-has-the-subject-of-went",
    ),
    pytest.param(
        "Omar Lind is a senator.\n\nOn NBC’s “Meet the Press,” Lind said that by refusing to say the words "
        "“public option,” the party had lost.",
        [("public option", "Omar Lind")],
        id="infinitive-cue-takes-the-earlier-speech-verb",
    ),
    pytest.param(
        "But Ms. Park showed no sign of backing down, releasing a statement that, while condemning violence, "
        "accused the Republican leadership in Ohio of using “its power to silence us.”",
        [("its power to silence us", "Park")],
        id="accused-x-of-names-the-object-not-the-speaker",
    ),
    pytest.param(
        "They turned to the Dayton Fire Department which reported “312 false alarms” last year.",
        [("312 false alarms", "the Dayton Fire Department")],
        id="which-before-the-verb-is-the-phrase-before-it",
    ),
    pytest.param(
        "Mayor Ken Rowe spoke for an hour. Then he turned on his rival, calling him a “coward.”",
        [("coward", "Ken Rowe")],
        id="then-he-opens-the-clause",
    ),
    pytest.param(
        "Governor Anna Reyes opened the debate prep.\n\n“She didn’t like that,” said a 2008 Reyes veteran.",
        [("She didn’t like that", "a 2008 Reyes veteran")],
        id="an-unnamed-aide-is-not-the-last-person-named",
    ),
    pytest.param(
        "Mayor Tom Hale was asked by moderator Gina Ross whether the plan would risk “another expensive "
        "program.”",
        [("another expensive program", "Gina Ross")],
        id="asked-by-names-who-asked",
    ),
    pytest.param(
        "The approach has been called “strategic ambiguity” by Omar Pike, a professor at Loyola, and it "
        "hides the money.",
        [("strategic ambiguity", "Omar Pike")],
        id="called-by-after-the-quotation",
    ),
    pytest.param(
        "After Judge Lena Marsh said that some students might do better at “less advanced schools,” Tom Hale "
        "said: “I don't like what she said.”",
        [("less advanced schools", "Lena Marsh"), ("I don't like what she said.", "Tom Hale")],
        id="name-said-colon-introduces-the-next-quotation",
    ),
    pytest.param(
        "Mayor Bill de Blasio spoke on Friday.\n\nDe Blasio, speaking on WOR710, called Trump a “blowhard,” "
        "and said the remarks were “propaganda” for terrorist groups.",
        [("blowhard", "Bill de Blasio"), ("propaganda", "Bill de Blasio")],
        id="name-particle-opening-a-sentence",
    ),
    pytest.param(
        "Adm. Ruth Keller leads the Pacific fleet. FULL TEXT. She has called the build-up “provocative and "
        "reckless.”",
        [("provocative and reckless", "Ruth Keller")],
        id="a-label-in-capitals-is-nobody",
    ),
    pytest.param(
        "In Texas, the journalist Mary Lane, who covered the race for years, described the ad as “a cheap shot.”",
        [("a cheap shot", "Mary Lane")],
        id="the-opening-place-is-not-the-subject",
    ),
    pytest.param(
        "Senator Ruth Keller backed the bill.\n\nEver since she endorsed the plan, Ms. Keller has been its "
        "champion, urging staff with a simple message: “Don't screw this up!”",
        [("Don't screw this up!", "Ruth Keller")],
        id="ever-since-opens-the-sentence",
    ),
    pytest.param(
        "Mayor Anna Reyes met party leaders on Thursday.\n\n“She is bigger than the party,” said a Reyes "
        "confidant.\n\n“It is hers to lose,” said another longtime Reyes friend.",
        [("She is bigger than the party", "a Reyes confidant"),
         ("It is hers to lose", "another longtime Reyes friend")],
        id="a-name-describing-someone-unnamed",
    ),
    pytest.param(
        "Nora Voss, the spokeswoman for the Ohio Democratic Party said in a statement: “There are no ballots "
        "to recount.”",
        [("There are no ballots to recount.", "Nora Voss")],
        id="appositive-without-its-closing-comma",
    ),
    pytest.param(
        "Governor Tom Hale picked the home team. “I hate to say it,” he said.\n\n"
        "Okafor defied the question and made no choice. “It will be one or the other,” he said.",
        [("I hate to say it", "Tom Hale"), ("It will be one or the other", "Okafor")],
        id="a-lone-surname-opening-a-sentence-is-someone",
    ),
    pytest.param(
        "“Inflation remains elevated,” the Federal Reserve said on Wednesday.",
        [("Inflation remains elevated", "the Federal Reserve")],
        id="federal-reserve-is-one-name",
    ),
    pytest.param(
        "Senator Paul Brandt backed the bill.\n\nJust a few months ago, Ohio developer Mark Sutter expressed "
        "dismay at the thought of Brandt as the nominee. “I now fear it may happen,” he told the Dayton Daily "
        "News in February.",
        [("I now fear it may happen", "Mark Sutter")],
        id="an-occupation-before-the-subject-name",
    ),
    pytest.param(
        "The union backed Senator Paul Brandt on Tuesday. “We’re extremely happy” about the decision, said "
        "Rita Gomez, executive director of the nurses’ union.",
        [("We’re extremely happy", "Rita Gomez")],
        id="a-prepositional-phrase-before-said-names-no-one",
    ),
    pytest.param(
        "Mayor Ken Rowe was “extremely careless” in the handling of the files – as described by Police Chief "
        "Ana Ruiz – critics say.",
        [("extremely careless", "Ana Ruiz")],
        id="as-described-by-after-the-quotation",
    ),
    pytest.param(
        "Senator Paul Brandt spoke first.\n\nFormer prosecutor and Dayton Mayor Rita Gomez, who backs Brandt, "
        "attacked the ruling on WDTN’s “Morning Show,” calling it a “no-brainer” to appeal.",
        [("no-brainer", "Rita Gomez")],
        id="two-titles-one-person",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_issue20_case(text: str, expected: list[tuple[str, str]]) -> None:
    assert _pairs(text) == expected


def test_titles_and_nicknames_are_not_offered() -> None:
    text = "Critics dismissed the so-called “peace plan”. Her book, “The Long Road Home,” is out on Friday."
    assert suggest_quotes(text) == []


def test_show_and_song_titles_are_not_offered() -> None:
    # a speech verb right after the title ("…,” Senator Ana Ruiz said) does not make it speech
    text = (
        "On Sunday’s edition of “Meet the Press,” Senator Ana Ruiz said turnout was up.\n\n"
        "“We will win this state,” Ruiz said on CBS’s “Face the Nation.”\n\n"
        "The band closed with Dolly Parton’s “Nine to Five,” the governor said."
    )
    assert [s.quote for s in suggest_quotes(text)] == ["We will win this state"]


def test_the_shipped_model_is_read() -> None:
    model = load_model()
    assert model is not None
    assert 0.0 < model.keep_at < 1.0
    # the calibration is monotone: a higher raw score never shows a lower confidence
    assert list(model.calibration_y) == sorted(model.calibration_y)


def test_a_nationality_or_party_alone_is_nobody() -> None:
    # "U.S. Republican presidential nominee X said" once gave the speaker "U.S. Republican", at 0.79.
    text = ("Harbour plan divides the council.\n\nU.S. Republican presidential hopeful Dana Whitfield said on "
            "Tuesday that the plan would “lead to a crisis,” because of the cost.")
    [s] = suggest_quotes(text)
    assert s.speaker == "Dana Whitfield" or (s.speaker == "" and s.confidence <= 0.5), s


def test_a_share_of_respondents_is_no_speaker() -> None:
    # "Forty-one percent of respondents say …" once gave the speaker "Forty-one".
    text = ("The poll was taken after the debate.\nForty-one percent of respondents say the plan is “far too "
            "expensive,” while 30 percent call it “a fair price for cleaner air.”")
    suggestions = suggest_quotes(text)
    assert suggestions and all(s.speaker != "Forty-one" for s in suggestions)
    assert all(s.confidence <= 0.5 for s in suggestions if not s.speaker)


@pytest.mark.parametrize(
    ("text", "quote", "speaker", "cue"),
    [
        pytest.param(
            "The rules work against the mayor. “His problems stem from two issues,” writes Tara Quinn.",
            "His problems stem from two issues", "Tara Quinn", "writes", id="writes-name-after-the-quotation",
        ),
        pytest.param(
            "The Herald ran a story on Friday.\n\nThe ministry issued a statement. “We will not resign,” the "
            "statement read.",
            "We will not resign", "the ministry", "read", id="the-statement-read-and-its-issuer",
        ),
        pytest.param(
            "Tom Price won easily. A former candidate -- Ruth Hale, who lost the 2012 race to Price -- said the "
            "plan “changes nothing.”",
            "changes nothing", "Ruth Hale", "said", id="name-inside-the-dash-parenthesis",
        ),
    ],
)
def test_speaker_and_cue(text: str, quote: str, speaker: str, cue: str) -> None:
    assert [(s.quote, s.speaker, s.cue) for s in suggest_quotes(text)] == [(quote, speaker, cue)]


def test_dash_parenthesis_between_subject_and_verb() -> None:
    """"Gingrich — mentioned by Newsmax as the leading choice — told …": the verb's subject is read
    before the parenthesis, not left to the guesses that come after."""
    text = "On Friday, Fox — named by the Herald as the favourite — told reporters that “it is too early.”"
    spans = find_quotes(text)
    a = Attributor(build_index(text, spans)).left(spans[0], 0)
    assert a is not None and a.ref is not None and a.ref.words == ("Fox",)


def test_a_title_inside_the_subjects_appositive() -> None:
    text = (
        "Sam Ortiz, a contestant on the network’s reality show, “The Big Deal,” who went on to work for Mayor "
        "Ken Rowe, said his boss was “a tough negotiator.”"
    )
    found = {s.quote: s.speaker for s in suggest_quotes(text)}
    assert found["a tough negotiator"] == "Sam Ortiz"


# -- sixth pass: roles and pronouns in stories naming several people ------------------------------


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        pytest.param(
            "Jan Kowalski, the finance minister, presented the budget. Piotr Nowak, the opposition leader, "
            "attacked it.\n\n“We will not raise taxes,” the minister said.",
            "We will not raise taxes", "Jan Kowalski", id="role-in-an-appositive-after-the-name",
        ),
        pytest.param(
            "The announcer, Bob Walters, read the scores before the match. Coach Jim Reed watched from the "
            "bench.\n\n“It’s a sell-out crowd tonight,” the announcer said.",
            "It’s a sell-out crowd tonight", "Bob Walters", id="role-in-an-appositive-before-the-name",
        ),
        pytest.param(
            "The company’s chief executive, Laura Chen, announced the cuts on Monday. Union leader Mark Davies "
            "said workers were angry.\n\n“We had no choice,” the chief executive said.",
            "We had no choice", "Laura Chen", id="owner-and-role-before-the-name",
        ),
    ],
)
def test_a_role_is_the_person_introduced_with_it(text: str, quote: str, speaker: str) -> None:
    """"the minister said" is the person the article introduced as the minister, not whoever was named last."""
    assert [(s.quote, s.speaker) for s in suggest_quotes(text)] == [(quote, speaker)]


def test_a_former_role_does_not_answer_to_the_role() -> None:
    text = (
        "Gov. Chris Christie defended his endorsement on Sunday.\n\nChristine Whitman, the former New Jersey "
        "governor, told reporters she was disappointed.\n\nChristie spoke again on Monday. “I believe he is the "
        "best person to beat her,” the governor said."
    )
    found = {s.quote: s.speaker for s in suggest_quotes(text)}
    assert found["I believe he is the best person to beat her"] == "Chris Christie"


def test_what_he_said_is_not_a_speaker() -> None:
    """"he said Ryan": Ryan is the answer he gave, so a later "he said" is still the one asked."""
    text = (
        "Donald Trump met House Speaker Paul Ryan on Thursday.\n\nOn the eve of the meetings, Trump eased his "
        "tone. Asked on Fox News who leads the party in his view, he said Ryan. “I would say Paul for the time "
        "being,” he said."
    )
    assert _pairs(text) == [("I would say Paul for the time being", "Donald Trump")]


def test_an_owner_is_not_the_subject_of_the_verb_after_the_noun() -> None:
    """"Donald Trump's continued appeal": "continued" is no speech verb of Trump's."""
    text = (
        "Tim Allen sat down with the host on Tuesday.\n\nWhen the interview steered Allen toward the "
        "race, he offered his thoughts on Donald Trump’s continued appeal among supporters.\n\n“I think it’s "
        "funny,” he said."
    )
    assert _pairs(text) == [("I think it’s funny", "Tim Allen")]


def test_a_surname_that_is_also_a_party_is_the_person() -> None:
    """"Green said" after "Peter Green" is Peter Green, not the last person named (a "Green" as a role)."""
    text = (
        "The mayor, Tom Hale, spoke first. “We have done our best,” he said.\n\nCouncil member Peter Green was "
        "not convinced. “The mayor has failed this city,” Green said. “He should resign.”"
    )
    assert [s for _, s in _pairs(text)] == ["Tom Hale", "Peter Green", "Peter Green"]


def test_a_council_title_is_not_part_of_the_name() -> None:
    text = "“The mayor has failed this city,” Councilwoman Ann Reed said."
    assert _pairs(text) == [("The mayor has failed this city", "Ann Reed")]


def test_a_portfolio_after_the_title_is_not_part_of_the_name() -> None:
    text = (
        "U.S. Secretary of State Antony Blinken met Chinese Foreign Minister Wang Yi in Beijing on Friday.\n\n"
        "“We had candid discussions,” Secretary of State Antony Blinken told reporters afterwards."
    )
    assert _pairs(text) == [("We had candid discussions", "Antony Blinken")]


def test_a_surname_that_is_also_a_party_is_someone_a_pronoun_can_mean() -> None:
    text = (
        "Tom Hale and Peter Green clashed at the debate on Tuesday night.\n\nHale, 54, attacked Green’s record on "
        "housing. “He built nothing,” he said.\n\nGreen hit back. “My opponent has never run anything,” he said."
    )
    assert [s for _, s in _pairs(text)] == ["Tom Hale", "Peter Green"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        pytest.param(
            "The Herald ran the story on Monday.\n\nThe New York Times reports:\n\n“In an illustration of the lack of "
            "enthusiasm, just 24 percent of the contributors have given $200 or less.”",
            "the New York Times", id="outlet-reports-colon",
        ),
        pytest.param(
            "The mayor, Tom Hale, spoke after the vote. Council member Ann Reed wrote in a letter to residents:\n\n"
            "“This decision will cost the city dearly.”",
            "Ann Reed", id="wrote-in-a-letter-colon",
        ),
    ],
)
def test_a_paragraph_ending_in_a_speech_verb_and_a_colon_introduces_the_next(text: str, speaker: str) -> None:
    """"X reports:" closing a paragraph: the quotation that makes up the next paragraph is X's, offered
    with X as its speaker (it was left out, or left without a speaker)."""
    assert [s.speaker for s in suggest_quotes(text)] == [speaker]


def test_a_long_relative_clause_in_the_appositive() -> None:
    text = (
        "Jeb Bush leads the early vote.\n\nRich Heffley, a top GOP operative who played a major role in John "
        "McCain’s big Florida win in 2008 and is now running Bush’s early-vote efforts in the state, said the "
        "absentee program is a “critical part of our strategy.”"
    )
    assert _pairs(text) == [("critical part of our strategy", "Rich Heffley")]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        pytest.param(
            "Jewish leaders point to the ban.\n\n“These are the darkest days for us,” former George W. Bush "
            "speechwriter Noam Neusner wrote in a column this month in the Forward, a Jewish newspaper.",
            "Noam Neusner", id="employer-with-an-initial-before-the-noun",
        ),
        pytest.param(
            "Later in the day, the FBI said it would cooperate.\n\n“We will be providing this information,” FBI "
            "General Counsel James A. Baker wrote in a letter dated Tuesday.",
            "James A. Baker", id="middle-initial-is-no-article",
        ),
    ],
)
def test_the_person_a_noun_names_after_a_name(text: str, speaker: str) -> None:
    """"George W. Bush speechwriter Noam Neusner wrote": the speechwriter writes, not the president."""
    assert [s.speaker for s in suggest_quotes(text)] == [speaker]


@pytest.mark.parametrize(
    ("phrase", "words"),
    [
        ("Hillary Clinton accuses Bernie Sanders", ("Hillary", "Clinton")),
        ("Donald Trump met Paul Ryan", ("Donald", "Trump")),
        ("Bush speechwriter Noam Neusner", ("Noam", "Neusner")),
    ],
)
def test_a_verb_between_two_names_is_no_modifier(phrase: str, words: tuple[str, ...]) -> None:
    ref, _ = np_forward(build_index(phrase, []).tokens, 0)
    assert ref is not None and ref.words == words


def test_the_person_is_the_unnamed_speaker_just_quoted() -> None:
    """"said a longtime adviser …", then "the person added": the same unnamed adviser, not the last name."""
    text = (
        "Donald Trump met his advisers on Monday.\n\n“We have a ton of work to do,” said a longtime adviser to "
        "Hillary Clinton, who requested anonymity. “Being candid is the last hurdle for her,” the person added."
    )
    assert [s for _, s in _pairs(text)] == ["a longtime adviser", "a longtime adviser"]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Klein quoted Hale as saying the budget was “a fantasy.”", id="quoted-x-as-saying"),
        pytest.param("Hale was quoted as saying the budget was “a fantasy.”", id="was-quoted-as-saying"),
    ],
)
def test_quoted_as_saying_names_the_one_quoted(text: str) -> None:
    assert [s for _, s in _pairs(text)] == ["Hale"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        pytest.param(
            "Clinton’s campaign is seeking to contrast her approach with what they call Republican Donald Trump’s "
            "“self-centered message.”",
            "Clinton’s campaign", id="what-they-call",
        ),
        pytest.param(
            "Donald Trump’s campaign is defending his tweets. It’s denouncing what it calls “the biggest "
            "coordinated media attack in history.”",
            "Donald Trump’s campaign", id="its-denouncing-what-it-calls",
        ),
        pytest.param(
            "Senator Amy Klein backed the strikers. The union said the offer was unacceptable. “We will strike,” "
            "it said.",
            "the union", id="it-said-after-the-union",
        ),
    ],
)
def test_it_and_they_are_the_organisation_that_is_the_subject(text: str, speaker: str) -> None:
    """"it" and "they" mean the campaign or union the sentence is about, not an organisation named in passing."""
    assert [s.speaker for s in suggest_quotes(text)] == [speaker]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        pytest.param(
            "My father died 22 years ago. My mother has softened with age, but even now at 86 she still says things "
            "such as, “We’re not all meant to be equal, you know.”",
            "My mother", id="she-is-my-mother",
        ),
        pytest.param(
            "Pope Francis met Bernie Sanders at the Vatican. Later, the pope told reporters that he “greeted him, "
            "and nothing more.”",
            "Francis", id="the-pope",
        ),
    ],
)
def test_a_described_person_opening_the_sentence_is_the_pronoun(text: str, speaker: str) -> None:
    assert [s.speaker for s in suggest_quotes(text)] == [speaker]


def test_she_after_a_sentence_about_an_unnamed_woman() -> None:
    text = (
        "Donald Trump spoke in Ohio on Monday.\n\nThe woman, who asked not to be named, said she was afraid. "
        "“I can’t sleep at night,” she said."
    )
    assert [s.speaker for s in suggest_quotes(text)] == ["the woman"]


def test_a_described_person_with_an_appositive_name_is_the_name() -> None:
    text = (
        "Donald Trump threatened tariffs.\n\nThe minister of the economy, Mr. Ildefonso Guajardo, argues there is "
        "little point in responding. “We must not overreact to campaign rhetoric,” he told me."
    )
    assert [s.speaker for s in suggest_quotes(text)] == ["Ildefonso Guajardo"]


def test_a_role_of_one_nation_is_not_the_leader_of_another() -> None:
    text = (
        "Ukrainian President Volodymyr Zelensky met Donald Trump in Washington. “We need guarantees,” Zelensky "
        "told reporters. The US president said he was “very close” to a deal."
    )
    assert [s.speaker for s in suggest_quotes(text)] == ["Volodymyr Zelensky", "Donald Trump"]


def test_a_signature_belongs_to_its_own_quotation() -> None:
    """Readers' quotations signed "― Name", one per line: an unsigned one does not take the signature
    above it; one that a nested quotation split in two takes the signature after its second piece."""
    text = (
        "We asked readers what they thought of the debate.\n\n“He is not a leader, he is a dictator.” ― Carla Ruiz\n"
        "“No one wants a man who insults us. To quote Bob Marley ‘Some people are so poor all they have is money.” "
        "And that is all he has “the root of all evil’.” ― Marta Lopez."
    )
    found = {s.quote[:12]: s.speaker for s in suggest_quotes(text)}
    assert found["He is not a "] == "Carla Ruiz"
    assert found["No one wants"] == "Marta Lopez"


@pytest.mark.parametrize(("sentence", "speaker"), [
    ("“Both sides will want to turn it down,” said Robert M. Danin, a senior fellow.", "Robert M. Danin"),
    ("“We will not back down,” said Martin Luther King Jr. at the rally.", "Martin Luther King Jr."),
    ("“We will win,” said Ed Li.", "Ed Li"),  # the full stop ends the sentence, it is not the name's
])
def test_the_speaker_is_spelled_as_the_article_spells_it(sentence: str, speaker: str) -> None:
    """Seen in the window on a Washington Post page: the claim's speaker read "Robert M Danin"."""
    assert [s.speaker for s in suggest_quotes(sentence)] == [speaker]
