"""The annotated Markdown report: the sample project's report word for word (golden file), what each
option leaves in or out, claims that overlap or nest, quotes gone from the text, and the template an
outlet can adapt."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import pytest

from tests.support.reports import ClaimSpec, HTMLReader, make_selection
from workbench import ops
from workbench.core.errors import NotFoundError, ValidationError
from workbench.core.paths import resource_path
from workbench.export.html_report import markdown_to_html
from workbench.export.markdown_report import export_markdown, mark_claims, render_markdown
from workbench.export.selection import ExportOptions
from workbench.export.template import TemplateError, load_template, parse_template
from workbench.store import Project
from workbench.store.queries import list_articles, list_claims

GOLDEN = Path(__file__).parent / "golden" / "sample_report.md"
DATE_LINE = re.compile(r"^(\*Fact-check report · )\d{4}-\d{2}-\d{2}( · )", re.MULTILINE)


def normalise(report: str) -> str:
    return DATE_LINE.sub(r"\1DATE\2", report, count=1)


def test_sample_report_matches_the_golden_file(sample_project: Project) -> None:
    report = normalise(export_markdown(sample_project))
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(report, encoding="utf-8")
    assert report == GOLDEN.read_text(encoding="utf-8")


def test_report_is_dated_today_unless_told(sample_project: Project) -> None:
    assert f"· {date.today().isoformat()} ·" in export_markdown(sample_project)
    assert "· 2024-10-23 ·" in export_markdown(sample_project, today=date(2024, 10, 23))


def test_summary_counts_claims_by_verdict_and_status(sample_project: Project) -> None:
    report = export_markdown(sample_project)
    assert "| True | 0 | 0 | 1 | 0 | 1 |" in report
    assert "| *No verdict yet* | 1 | 1 | 0 | 0 | 2 |" in report
    assert "| **Total** | 1 | 1 | 1 | 0 | **3** |" in report


def test_each_quote_is_marked_in_place_with_its_footnote(sample_project: Project) -> None:
    report = export_markdown(sample_project)
    assert "saying, “**I cannot confirm these reports, but obviously they are concerning.**[^1]”" in report
    assert "“**highly likely**[^2]”" in report
    assert "a “**hoax**[^3].”" in report
    assert ("[^1]: Mark Rutte · Verdict: **True** · Status: Checked · Sources: [S1](#source-1) · "
            "[Claim 1](#claim-1)") in report
    assert "[^2]: Kim Yong-hyun · Verdict: **No verdict yet** · Status: In progress · [Claim 2](#claim-2)" in report
    html = markdown_to_html(report)
    assert '<strong class="claim">hoax</strong><sup id="fnref:3">' in html
    assert '<li id="fn:3">' in html


def test_sources_are_cited_per_claim_and_listed_once(sourced_project: Project) -> None:
    report = export_markdown(sourced_project)
    # S1 is the sample's own source for the Rutte quote; add_sources' two come after it.
    assert ("- **Supports** — [S1](#source-1) NATO Secretary General: press conference transcripts, "
            "Press conference, Wednesday: answer to the National News Agency of Ukraine: "
            "“I cannot confirm these reports, but obviously they are concerning.”") in report
    assert ("- **Supports** — [S2](#source-2) Press conference by NATO Secretary General Mark Rutte, "
            "transcript, para. 12: “I cannot confirm these reports”") in report
    assert "- **Refutes** — [S3](#source-3) Defence intelligence briefing: “Units from the DPRK" in report
    assert ("[^1]: Mark Rutte · Verdict: **True** · Status: Checked · Sources: [S1](#source-1), [S2](#source-2) · "
            "[Claim 1](#claim-1)") in report
    bibliography = report[report.index("## Sources"):]
    assert bibliography.count("### S") == 3  # each source listed once
    s2 = bibliography[bibliography.index("### S2."):bibliography.index("### S3.")]
    assert s2.startswith("### S2. Press conference by NATO Secretary General Mark Rutte {#source-2}")
    assert "- **Link:** [https://www.nato.int/cps/en/natohq/opinions\\_229999.htm]" in s2
    assert "- **Accessed:** 2024-10-21" in s2
    assert "- **Cited for claims:** [1](#claim-1)" in s2
    assert "- **Cited for claims:** [3](#claim-3)" in bibliography[bibliography.index("### S3."):]
    html = markdown_to_html(report)
    assert 'href="https://www.nato.int/cps/en/natohq/opinions_229999.htm"' in html


def test_private_notes_only_when_asked(sourced_project: Project) -> None:
    secret = "Ask the desk before naming Ukrinform."
    link_note = "Transcript matches the wire copy"
    without = export_markdown(sourced_project)
    assert secret not in without and link_note not in without
    with_notes = export_markdown(sourced_project, ExportOptions(private_notes=True))
    assert f"**Private note:** {secret}" in with_notes
    assert link_note in with_notes


def test_excerpts_only_leaves_out_the_full_text(sample_project: Project) -> None:
    report = export_markdown(sample_project, ExportOptions(full_text=False))
    assert "### Text" not in report
    assert "### Excerpts" in report
    assert "Zelensky, addressing the Ukrainian parliament" not in report  # a paragraph with no claim
    assert "saying, “**I cannot confirm these reports, but obviously they are concerning.**[^1]”" in report
    assert "a “**hoax**[^3].” This ongoing discourse" in report


@pytest.mark.parametrize(
    ("options", "quotes"),
    [
        (ExportOptions(tags=("russia",)), ["hoax"]),
        (ExportOptions(tags=("NATO", "Russia")), ["I cannot confirm", "hoax"]),
        (ExportOptions(statuses=("in progress",)), ["highly likely"]),
        (ExportOptions(verdicts=("True",)), ["I cannot confirm"]),
        (ExportOptions(verdicts=("",)), ["highly likely", "hoax"]),
        (ExportOptions(tags=("NATO", "Russia"), statuses=("To check",)), ["hoax"]),
    ],
    ids=["one-tag", "either-tag", "status", "verdict", "no-verdict-yet", "tag-and-status"],
)
def test_filters_choose_the_claims(sample_project: Project, options: ExportOptions, quotes: list[str]) -> None:
    report = export_markdown(sample_project, options)
    cards = re.findall(r"^> “(.*)”$", report, re.MULTILINE)
    assert [c[: len(q)] for c, q in zip(cards, quotes, strict=False)] == quotes
    assert len(cards) == len(quotes)
    # Claims left out are not marked in the text either, and numbering starts again at 1.
    assert report.count("[^1]:") == 1
    assert f"[^{len(quotes) + 1}]" not in report


def test_articles_without_selected_claims_are_neither_counted_nor_printed_unless_asked(
    sample_project: Project, sample_article_path: Path
) -> None:
    from workbench.importers import import_file

    article = import_file(sample_article_path)
    article.title = "A second copy, not yet annotated"
    second = ops.add_article(sample_project, article=article).created("articles")[0]
    report = export_markdown(sample_project)
    assert "3 claims in 1 article*" in report
    assert "A second copy" not in report
    assert "Claims in this report:** 0" not in report
    everything = export_markdown(sample_project, ExportOptions(all_articles=True))
    assert "3 claims in 2 articles" in everything
    assert "## A second copy, not yet annotated {#article-2}" in everything
    assert "**Claims in this report:** 0" in everything
    assert "0 claims in 0 articles" in export_markdown(sample_project, ExportOptions(article_ids=(second,)))
    only_second = export_markdown(sample_project, ExportOptions(article_ids=(second,), all_articles=True))
    assert "0 claims in 1 article" in only_second
    assert "### Claims" not in only_second
    # With a claim filter, an article with no matching claim is left out; unless all are asked for.
    assert "A second copy" not in export_markdown(sample_project, ExportOptions(tags=("NATO",)))
    assert "A second copy" in export_markdown(sample_project, ExportOptions(tags=("NATO",), all_articles=True))


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        (ExportOptions(article_ids=("no-such-id",)), NotFoundError, "no article with id no-such-id"),
        (ExportOptions(tags=("Ukraine",)), NotFoundError, "no tag 'Ukraine' in this project (there are: NATO"),
        (ExportOptions(statuses=("Done",)), ValidationError, "no claim status 'Done'"),
        (ExportOptions(verdicts=("Pants on fire",)), ValidationError, "no verdict 'Pants on fire'"),
    ],
    ids=["article", "tag", "status", "verdict"],
)
def test_unknown_filter_values_are_errors_not_empty_reports(
    sample_project: Project, options: ExportOptions, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=re.escape(message)):
        export_markdown(sample_project, options)


def test_nested_and_overlapping_claims_render_sensibly() -> None:
    text = "The minister said the budget will double by 2030 and taxes will not rise."
    outer = (text.index("the budget"), text.index(" and taxes"))
    inner = (text.index("double"), text.index(" by 2030"))
    overlap = (text.index("2030 and taxes"), len(text) - 1)
    marked = mark_claims(text, [(*outer, 1), (*inner, 2), (*overlap, 3)])
    # One bold run for the union (bold cannot nest); each claim's footnote where that claim ends.
    assert marked == ("The minister said **the budget will double[^2] by 2030[^1] and taxes will not rise**[^3].")
    html = markdown_to_html(render_markdown(
        make_selection(text, [ClaimSpec(*outer), ClaimSpec(*inner), ClaimSpec(*overlap)]),
        ExportOptions(), load_template()))
    reader = HTMLReader(html)
    assert "the budget will double2 by 20301 and taxes will not rise3." in reader.text
    assert [a["href"] for t, a in reader.tags if t == "a" and a.get("class") == "footnote-ref"] == [
        "#fn:2", "#fn:1", "#fn:3"]


def test_a_claim_across_paragraphs_is_bold_in_each() -> None:
    text = "First part of the quote\n\nsecond part of it. Then prose."
    marked = mark_claims(text, [(0, text.index(" Then"), 1)])
    assert marked == "**First part of the quote**\n\n**second part of it.**[^1] Then prose."


def test_quote_no_longer_in_the_text_is_listed_not_lost(sample_project: Project) -> None:
    claim = list_claims(sample_project)[2]
    # Simulate drift the anchor cannot recover from: the stored quote no longer occurs anywhere.
    sample_project.conn.execute("UPDATE claims SET exact = ?, prefix = '', suffix = '' WHERE id = ?",
                                ("a fabricated story", claim.id))
    report = export_markdown(sample_project)
    assert "*No longer found in the text:* **“a fabricated story”**[^3]" in report
    assert "*This quote can no longer be found in the article text, so it is not marked there.*" in report
    excerpts = export_markdown(sample_project, ExportOptions(full_text=False))
    assert "**a fabricated story**[^3]" in excerpts


def test_an_outlet_can_change_the_wording(sample_project: Project, tmp_path: Path) -> None:
    text = resource_path("templates/report.md").read_text(encoding="utf-8")
    text = text.replace("## Summary", "## Überblick").replace("no_verdict: No verdict yet", "no_verdict: Offen")
    custom = tmp_path / "ours.md"
    custom.write_text(text, encoding="utf-8")
    report = export_markdown(sample_project, ExportOptions(template=str(custom)))
    assert "## Überblick" in report
    assert "- **Verdict:** Offen" in report


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace("<!-- section: footnote -->", "<!-- section: fussnote -->"),
         "the part(s) footnote are missing"),
        (lambda t: t.replace("- **Speaker:** $speaker", "- **Speaker:** $spekaer"),
         "the part 'claim' uses $spekaer, which it cannot use"),
        (lambda t: t.replace("## Summary", "## Summary (costs $5)"), "write $$ for a dollar sign"),
        (lambda t: t.replace("total: Total\n", ""), "the labels part has no total"),
    ],
    ids=["missing-part", "misspelt-placeholder", "stray-dollar", "missing-label"],
)
def test_a_broken_template_is_refused_with_a_clear_message(change, message: str) -> None:
    text = change(resource_path("templates/report.md").read_text(encoding="utf-8"))
    with pytest.raises(TemplateError, match=re.escape(message)):
        parse_template(text, "ours.md")


def test_template_rules_drop_empty_lines_and_groups() -> None:
    template = parse_template(resource_path("templates/report.md").read_text(encoding="utf-8"))
    link = template.fill("link", relation="Supports", source_ref="S1", source_number="1", source_title="T",
                         locator="", excerpt="words", note="")
    assert link == "- **Supports** — [S1](#source-1) T: “words”"
    source = template.fill("source", number="1", source_ref="S1", title="T", kind="", publisher="",
                           published="", url="", accessed="", cited_by="[1](#claim-1)")
    assert "Kind" not in source and "Publisher" not in source
    assert "- **Cited for claims:** [1](#claim-1)" in source


def test_missing_template_file_is_a_clear_error(sample_project: Project, tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match=re.escape("nope.md: the report template cannot be read")):
        export_markdown(sample_project, ExportOptions(template=str(tmp_path / "nope.md")))


def test_max_claims_cuts_the_report_but_not_the_count(sample_project: Project, sample_article_path: Path) -> None:
    from workbench.export.selection import select
    from workbench.importers import import_file

    article = import_file(sample_article_path)
    article.title = "Second copy"
    ops.add_article(sample_project, article=article)
    cut = select(sample_project, ExportOptions(max_claims=2, all_articles=True))
    assert [len(e.claims) for e in cut.articles] == [2]  # the report's beginning: the second article is later
    assert cut.total_claims == 3
    whole = select(sample_project, ExportOptions(max_claims=3, all_articles=True))  # nothing to cut: the whole report
    assert [len(e.claims) for e in whole.articles] == [3, 0]
    assert list_articles(sample_project)[0].claim_count == 3


def test_headline_left_in_the_text_is_not_repeated_under_the_article_heading() -> None:
    from tests.support.reports import ClaimSpec, make_selection
    from workbench.export.html_report import markdown_to_html
    from workbench.export.markdown_report import render_markdown
    from workbench.export.selection import ExportOptions
    from workbench.export.template import load_template

    headline = "Minister: 'We will not back down'"
    text = f"{headline}\n\nWARSAW, Jan 9, 2025 (Reuters) - The minister said she “would stay”."
    quote = text.index("would stay")
    options, template = ExportOptions(full_text=True), load_template()
    md = render_markdown(make_selection(text, [ClaimSpec(quote, quote + 10)], article_title=headline), options,
                         template)
    assert md.count("We will not back down") == 1  # the article's heading, not again as the text's first line
    assert "WARSAW, Jan 9, 2025 (Reuters) - The minister said she “**would stay**[^1]”" in md
    assert "would stay" in markdown_to_html(md)
    # A claim marked in the headline keeps the headline in the text, where the claim is shown.
    inside = text.index("We will")
    md = render_markdown(make_selection(text, [ClaimSpec(inside, inside + 21)], article_title=headline), options,
                         template)
    assert "**We will not back down**[^1]" in md


def test_a_source_with_no_text_is_not_reported_as_not_saying_the_quote() -> None:
    # "Not found" in a report tells the editor the source does not say it; a scan nobody could read says nothing.
    from workbench.export.verification import verification_line

    unread = {"status": "not_found", "title": "Council minutes (scan)", "problem": "This PDF is a scan with no text."}
    read = {"status": "not_found", "title": "Council minutes", "problem": ""}
    assert verification_line(unread) == ("Could not be checked against *Council minutes (scan)*: This PDF is a scan "
                                         "with no text")
    assert verification_line(read) == "Not found in *Council minutes*"
