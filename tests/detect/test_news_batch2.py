"""Rules found on the second labelling batch of ``benchmarks/detect/newsgold.py`` (business, science,
education and wire copy) and on the error kinds the issue names: each case is a short sentence written
afresh in the shape of real news copy."""

from __future__ import annotations

from workbench.detect import suggest_quotes


def _speakers(text: str) -> dict[str, str]:
    """Speaker by quotation, its trailing comma left out (“…,” he said)."""
    return {s.quote.rstrip(","): s.speaker for s in suggest_quotes(text)}


def test_a_company_named_with_its_suffix_is_no_he() -> None:
    # "Microsoft Corp" once makes "Microsoft said" the company: a later "he said" is the last man named.
    text = (
        "Microsoft Corp said on Thursday it aims to remove more carbon than it emits by 2030.\n\n"
        "The effort will be costly, Microsoft President Brad Smith said.\n\n"
        "Since 2012, Microsoft has charged an internal fee on emissions, Microsoft said.\n\n"
        "“That money is used, then, for us to invest in our work to reduce our emissions,” he said."
    )
    got = _speakers(text)
    assert got["That money is used, then, for us to invest in our work to reduce our emissions"] == "Brad Smith"


def test_an_organisation_name_with_and_and_a_plural_possessive() -> None:
    text = (
        "But a spokesperson for the Universities and Colleges Employers’ Association said its members "
        "had been cutting short contracts.\n\n"
        "“We have worked with the unions to understand employment across the sector,” he said."
    )
    got = _speakers(text)["We have worked with the unions to understand employment across the sector"]
    assert got.endswith("Universities and Colleges Employers Association")


def test_he_after_an_unnamed_spokesman_is_the_spokesman() -> None:
    # The pronoun opening the next quotation's attribution is the spokesman, not the last man named.
    text = (
        "Chief executive John Hale announced the closure on Monday, and Hale said the store had served its "
        "purpose.\n\n"
        "But a spokesman for the Kent County Council said the decision was taken by the company alone.\n\n"
        "“We were not consulted about the closure of the store at any stage,” he said."
    )
    got = _speakers(text)["We were not consulted about the closure of the store at any stage"]
    assert "Kent County Council" in got


def test_the_statement_continued_is_the_group_that_spoke() -> None:
    text = (
        "In September, the families of the five men urged their captors to release them.\n\n"
        "The statement continued: “They are sons, fathers and brothers who were working to support us.”"
    )
    assert "families" in _speakers(text)["They are sons, fathers and brothers who were working to support us."]


def test_a_title_before_a_role_and_a_name_is_no_quotation() -> None:
    text = (
        "But “Mrs Maisel” actress Alex Borstein said the comedy prize should have gone to another show."
    )
    assert "Mrs Maisel" not in _speakers(text)


def test_quoted_by_a_paper_as_saying_is_the_subjects() -> None:
    text = 'Smith, 54, was quoted by the Times as saying "the club is in a terrible state."'
    assert _speakers(text)["the club is in a terrible state"] == "Smith"


def test_joint_speakers_are_named_together() -> None:
    got = _speakers(
        "Police Chief Tom Brown and Mayor Alice Green said in a joint statement: “We are shocked by this attack.”\n\n"
        "“We are delighted with the result,” said John Smith and Mary Jones.\n\n"
        "On Monday, Tom Carper, Patrick Leahy and Ben Cardin called the delay “deeply troubling.”"
    )
    assert got["We are shocked by this attack."] == "Tom Brown and Alice Green"
    assert got["We are delighted with the result"] == "John Smith and Mary Jones"
    assert got["deeply troubling"] == "Tom Carper, Patrick Leahy and Ben Cardin"


def test_a_company_of_two_names_is_not_two_speakers() -> None:
    got = _speakers("“Sales rose in every region,” Procter and Gamble said in a statement.")
    assert " and " not in got["Sales rose in every region"] or got["Sales rose in every region"] == "Procter and Gamble"


def test_a_paragraph_of_quoted_speech_is_offered_even_when_unsure() -> None:
    # A whole paragraph in quotation marks is somebody's speech: offered, with a confidence below 0.8
    # when the speaker is only inferred.
    text = (
        "Health Minister Sarah Lee visited the hospital on Monday.\n\n"
        "“The staff here are doing an incredible job under very difficult circumstances.”"
    )
    found = [s for s in suggest_quotes(text) if s.quote.startswith("The staff here")]
    assert found and found[0].confidence < 0.8


def test_a_speech_word_after_a_possessive_is_a_noun() -> None:
    # "its demands" is no cue: "They warn" is, and "they" are the kidnappers of the sentence before.
    text = (
        "In a video, the kidnappers say the government should withdraw its troops.\n\n"
        "They warn that, if the government does not meet its demands, “this hostage will be executed.”"
    )
    assert _speakers(text)["this hostage will be executed"] == "the kidnappers"


def test_a_capitalised_quotation_after_a_word_for_a_work_is_its_title() -> None:
    text = (
        "But actress Alex Borstein said the comedy prize should have gone to quirky British comedy “Fleabag.”\n\n"
        "“It was a difficult part,” Pitt said of his role in the film “Joker.”"
    )
    got = _speakers(text)
    assert "Fleabag." not in got and "Joker." not in got
    assert got["It was a difficult part"] == "Pitt"


def test_says_a_report_after_a_comma_is_inverted() -> None:
    # The report speaks, not "Thousands" (the subject of the reported clause): whoever issued it is not
    # named in the sentence, so the speaker is left to the journalist with a low confidence.
    text = (
        "Thousands of academic staff are being treated as second-class citizens on short contracts, says a "
        "report highlighting the “alarming rise of casual labour” in higher education."
    )
    found = [s for s in suggest_quotes(text) if s.quote.startswith("alarming rise")]
    assert found and found[0].speaker != "Thousands" and found[0].confidence < 0.8


def test_a_first_person_fragment_is_the_words_of_the_sentences_subject() -> None:
    text = (
        "Nigella Lawson has revealed that she was abused by her mother as a child.\n\n"
        "She is convinced that she would face her mother's wrath because she “just didn't like me”."
    )
    found = [s for s in suggest_quotes(text) if s.quote.startswith("just didn't")]
    assert found and found[0].speaker == "Nigella Lawson" and found[0].confidence < 0.8


def test_a_report_introduced_with_a_is_issued_by_whom_the_next_sentence_names() -> None:
    text = (
        "Thousands of academic staff are being treated as second-class citizens on short contracts, says a "
        "report highlighting the “alarming rise of casual labour” in higher education.\n\n"
        "The report by the University and College Union claims institutions have created a pool of low-paid staff."
    )
    found = [s for s in suggest_quotes(text) if s.quote.startswith("alarming rise")]
    assert found and found[0].speaker.endswith("University and College Union")


def test_a_bulleted_caption_between_does_not_speak_for_the_quote_paragraph_after_it() -> None:
    """A photo caption written as a list item (as the HTML importer puts captions back, Guardian page) between a
    quotation and a quote-only paragraph: the paragraph continues the speaker before, not the caption's place."""
    text = ("“People dismiss us when we tell them our spiritual understanding of whales,” says Te Kaurinui.\n\n"
            "- Whangārei Harbour seen from Tamaterau, with mangrove sprouts coming up through the silt\n\n"
            "“We are not foreigners in this land. We did not take this land off anyone else.”")
    assert [s.speaker for s in suggest_quotes(text)] == ["Te Kaurinui", "Te Kaurinui"]
