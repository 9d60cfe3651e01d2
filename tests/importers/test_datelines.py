"""Datelines, bylines and headlines where real articles put them: the headline first, then perhaps a byline
or a metadata line, then the body opening with a dateline. Each style gives date (full, or partial without
a year, never an invented one), outlet and title, in .txt, .md, .docx, .pdf and pasted text; the dateline
stays in the text. Sentences further down that name a city and a date are not datelines."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import docx
import pytest

from workbench.importers import import_bytes, import_clipboard, import_file
from workbench.importers.datelines import read_date, read_opening

BODY = "The council said on Tuesday that “the barrier failed twice”, according to the minutes."

# (headline, opening lines, expected published, outlet, author, the partial date's words in the warning)
STYLES = [
    pytest.param("Valencia port strike ends", "CASTELLÓN, Spain, 2025-03-14 (Levante Daily) — " + BODY,
                 "2025-03-14", "Levante Daily", "", "", id="place-region-iso-date-outlet"),
    pytest.param("Flood defences failed, council admits", "London, March 12 2025 (Northern Wire) - " + BODY,
                 "2025-03-12", "Northern Wire", "", "", id="month-day-year-no-comma"),
    pytest.param("Polish president to veto bill", "WARSAW, Jan 9, 2025 (Reuters) - " + BODY,
                 "2025-01-09", "Reuters", "", "", id="reuters-short-month"),
    pytest.param("Leaders meet in Paris", "PARIS (AFP) 14 February 2025 — " + BODY,
                 "2025-02-14", "AFP", "", "", id="outlet-before-date"),
    pytest.param("Regierung plant Rentenreform", "BERLIN, 3. März 2025 (dpa) - " + BODY,
                 "2025-03-03", "dpa", "", "", id="german-month-name"),
    pytest.param("El Gobierno aprueba el plan", "MADRID, 3 de marzo de 2025 (EFE) - " + BODY,
                 "2025-03-03", "EFE", "", "", id="spanish-month-name"),
    pytest.param("Harbour plan approved", "By Maria Costa | The Coastal Times | 21 October 2024\n\n" + BODY,
                 "2024-10-21", "The Coastal Times", "Maria Costa", "", id="byline-pipes"),
    pytest.param("Bus fares to rise", "Published: 2024-11-30 08:15 | Source: City Wire\n\n" + BODY,
                 "2024-11-30", "City Wire", "", "", id="published-source-line"),
    pytest.param("WHO warns on measles", "GENEVA, Dec. 2 (AP) — " + BODY,
                 "", "AP", "", "2 December", id="no-year-partial-date"),
    pytest.param("NATO cannot verify reports", "date 2024-10-20 (MENAFN) " + BODY,
                 "2024-10-20", "MENAFN", "", "", id="menafn-below-headline"),
    pytest.param("Tiger kills villager near Nagpur", "Nagpur (India) (AFP) – " + BODY,
                 "", "AFP", "", "", id="place-region-outlet-no-date"),
]


@pytest.mark.parametrize(("headline", "opening", "published", "outlet", "author", "undated"), STYLES)
def test_dateline_styles_below_a_headline(headline: str, opening: str, published: str, outlet: str, author: str,
                                          undated: str) -> None:
    text = f"{headline}\n\n{opening}\n\nA second paragraph says more.\n"
    article = import_bytes(text.encode(), "story.txt")
    assert (article.title, article.published, article.outlet, article.author) == (headline, published, outlet,
                                                                                    author)
    # Nothing is cut: the dateline (and the quote in it) stays where claims can point at it.
    assert opening.split("\n")[0] in article.text and BODY in article.text
    if undated:
        # No year in the dateline: none is invented, and the journalist is told what was read.
        assert any(undated in w and "without a year" in w for w in article.warnings)
    else:
        assert not article.warnings


def test_partial_date_is_month_and_day_only() -> None:
    assert read_opening("GENEVA, Dec. 2 (AP) — The WHO warned.").undated == "--12-02"
    assert read_opening("NEW YORK, Nov 5 (Reuters) - Stocks rose.").undated == "--11-05"
    assert read_date("Dec. 2") == ("", "--12-02")


def test_dateline_opening_the_text_is_not_the_title() -> None:
    article = import_bytes(("WARSAW, Jan 9, 2025 (Reuters) - " + BODY).encode(), "wire.txt")
    assert (article.published, article.outlet) == ("2025-01-09", "Reuters")
    assert article.title.startswith("The council said on Tuesday") and "WARSAW" not in article.title


@pytest.mark.parametrize("fmt", ["md", "docx", "pdf", "clipboard"])
def test_every_format_reads_the_dateline_below_the_headline(fmt: str, make_pdf: Callable[..., bytes]) -> None:
    headline, opening = "Polish president to veto bill", "WARSAW, Jan 9, 2025 (Reuters) - Duda said he would veto it."
    if fmt == "md":
        article = import_bytes(f"# {headline}\n\n{opening}\n".encode(), "story.md")
    elif fmt == "docx":
        document = docx.Document()
        document.add_paragraph(headline)  # a plain paragraph, as pasted into Word: no Heading style
        document.add_paragraph(opening)
        out = BytesIO()
        document.save(out)
        article = import_bytes(out.getvalue(), "story.docx")
    elif fmt == "pdf":
        lines = [headline, "", opening, "He spoke to reporters in the capital after the vote on Thursday.", "",
                 "The bill now goes back to parliament."]
        article = import_bytes(make_pdf([lines]), "story.pdf")
    else:
        article = import_clipboard(None, f"{headline}\n\n{opening}")
    assert (article.title, article.published, article.outlet) == (headline, "2025-01-09", "Reuters")
    assert opening in article.text


def test_byline_beats_the_word_files_author_and_dateline_its_creation_date() -> None:
    document = docx.Document()
    document.core_properties.author = "Night Desk PC"
    document.add_paragraph("Harbour plan approved")
    document.add_paragraph("By Maria Costa | The Coastal Times | 21 October 2024")
    document.add_paragraph(BODY)
    out = BytesIO()
    document.save(out)
    article = import_bytes(out.getvalue(), "story.docx")
    assert (article.author, article.outlet, article.published) == ("Maria Costa", "The Coastal Times", "2024-10-21")


def test_real_wire_story_keeps_its_dateline_and_gets_date_outlet_title() -> None:
    sample = Path(__file__).parents[2] / "resources" / "sample" / "menafn-2024-10-20-nato-rutte.txt"
    article = import_file(sample)
    assert (article.published, article.outlet) == ("2024-10-20", "MENAFN")
    assert article.text.startswith("date 2024-10-20 (MENAFN) Secretary General Mark Rutte")
    assert article.title.startswith("Secretary General Mark Rutte has stated") and "MENAFN" not in article.title
    # With a headline typed above it, the headline is the title.
    headed = import_bytes(("NATO cannot verify North Korean troops\n\n" + sample.read_text()).encode(), "a.txt")
    assert (headed.title, headed.published, headed.outlet) == ("NATO cannot verify North Korean troops",
                                                               "2024-10-20", "MENAFN")


@pytest.mark.parametrize("text", [
    # A city and a date in a sentence further down the article.
    "Rates held\n\nThe central bank kept rates on hold, as expected.\n\n"
    "LONDON, March 12 2025 (Reuters) - In a second statement the bank said more.",
    "Rates held\n\nThe bank met in London, March 12 2025 (a Wednesday) - and kept rates on hold.",
    # Numbers that look like dates.
    "Jobless rate at 12.3 (ONS) - figures show\n\nThe jobless rate rose.",
    "SYDNEY, 5 (AAP) - Five people were hurt.",
    "Seoul, 4.5 (Yonhap) — Growth was 4.5 percent.",
    # A two-digit year: better no date than a wrong century.
    "TOKYO, Jan 9, 25 (Kyodo) - Shares fell.",
    # A sentence starting with "By".
    "By the end of the year, prices will rise | economists said.",
])
def test_no_date_is_read_from_what_is_not_a_dateline(text: str) -> None:
    article = import_bytes(text.encode(), "story.txt")
    assert article.published == ""
    assert not any("without a year" in w for w in article.warnings)


def test_numeric_date_that_reads_both_ways_is_read_day_first_and_the_other_reading_is_named() -> None:
    article = import_bytes(b"ECB holds rates\n\nFRANKFURT, 03/04/2025 (Reuters) - The ECB held rates.", "story.txt")
    assert (article.title, article.outlet, article.published) == ("ECB holds rates", "Reuters", "2025-04-03")
    assert any("3 April 2025" in w and "4 March 2025" in w for w in article.warnings)
    # Only two-way dates warn: 13/04/2025 can only be 13 April, and a named month reads one way.
    for opening, published in (("FRANKFURT, 13/04/2025 (Reuters) - ", "2025-04-13"),
                               ("FRANKFURT, 3 April 2025 (Reuters) - ", "2025-04-03")):
        article = import_bytes(f"ECB holds rates\n\n{opening}The ECB held rates.".encode(), "story.txt")
        assert (article.outlet, article.published, article.warnings) == ("Reuters", published, [])


def test_an_ordinary_first_line_stays_the_title_and_invents_nothing() -> None:
    article = import_bytes(b"Minister: 'We will not back down'\n\nThe minister said on Monday she would stay.",
                           "story.txt")
    assert (article.title, article.published, article.outlet, article.author) == (
        "Minister: 'We will not back down'", "", "", "")


def test_a_text_bylines_job_title_and_capitals_are_not_the_authors_name() -> None:
    """An AP story's byline as the text gives it (seen on real L3S-GN1 pages): the name as a name is written."""
    text = ("Kenya talks stall\n\nBy JASON STRAZIUSO Associated Press Writer\n\n"
            "NAIROBI, Kenya (AP) - Talks stalled on Monday, officials said, after a long night.\n")
    article = import_bytes(text.encode(), "kenya.txt")
    assert (article.title, article.author, article.outlet) == ("Kenya talks stall", "Jason Straziuso", "AP")
