"""The data formats: CSV for spreadsheets, ClaimReview JSON-LD, W3C Web Annotations, and JSON with
filters. Each is parsed back and checked field by field."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from workbench import ops
from workbench.export import FORMATS, export
from workbench.export.claimreview import REQUIRED_KEYS, missing_keys, speaker_entity
from workbench.export.csv_export import safe_cell
from workbench.export.selection import ExportOptions
from workbench.store import Project
from workbench.store.queries import article_text, list_claims


def read_csv(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff"), "Excel needs the byte-order mark to read UTF-8"
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def test_csv_has_one_row_per_claim_with_its_sources(sourced_project: Project) -> None:
    rows = read_csv(export(sourced_project, "csv"))
    assert [r["quote"] for r in rows] == [c.exact for c in list_claims(sourced_project)]
    rutte = rows[0]
    assert rutte["speaker"] == "Mark Rutte"
    assert rutte["tags"] == "NATO"
    assert rutte["status"] == "Checked" and rutte["verdict"] == "True"
    assert rutte["outlet"] == "MENAFN" and rutte["article_published"] == "2024-10-20"
    assert rutte["sources"] == (  # the sample's own source, then the one add_sources links
        "supports: NATO Secretary General: press conference transcripts, Press conference, Wednesday: answer "
        "to the National News Agency of Ukraine <https://www.nato.int/cps/en/natohq/opinions.htm>\n"
        "supports: Press conference by NATO Secretary General Mark Rutte, "
        "transcript, para. 12 <https://www.nato.int/cps/en/natohq/opinions_229999.htm>")
    assert rutte["found_in_text"] == "yes"
    assert int(rutte["end"]) - int(rutte["start"]) == len(rutte["quote"])
    assert "private_note" not in rutte


def test_csv_private_notes_only_when_asked(sourced_project: Project) -> None:
    rows = read_csv(export(sourced_project, "csv", ExportOptions(private_notes=True)))
    assert rows[0]["private_note"] == "Ask the desk before naming Ukrinform."


def test_csv_uses_crlf_rows_and_keeps_line_breaks_inside_cells(sample_project: Project) -> None:
    claim = list_claims(sample_project)[1]
    ops.update_claim(sample_project, claim_id=claim.id, note="line one\nline two")
    text = export(sample_project, "csv")
    assert text.count("\r\n") == 4  # header + three rows
    assert read_csv(text)[1]["note"] == "line one\nline two"


@pytest.mark.parametrize("value", ["=HYPERLINK(\"http://evil\")", "+1+1", "-2+3", "@SUM(A1)", "\tx",
                                   " =1+1", "\u00a0=1+1", "\ufeff=1+1", "\u200b=1+1", "\n=1+1",
                                   " \u200b \u00a0@SUM(A1)", "\uff1dHYPERLINK(\"http://evil\")", "\uff0b1"],
                         ids=["equals", "plus", "minus", "at", "tab", "space", "nbsp", "bom", "zero-width",
                              "newline", "mixed", "full-width-equals", "full-width-plus"])
def test_csv_cells_that_look_like_formulas_are_made_text(sample_project: Project, value: str) -> None:
    claim = list_claims(sample_project)[0]
    ops.update_claim(sample_project, claim_id=claim.id, note=value, speaker=value.strip() or value)
    row = read_csv(export(sample_project, "csv"))[0]
    assert row["note"] == "'" + value
    assert safe_cell(12) == 12 and safe_cell("ordinary") == "ordinary"


def test_claimreview_one_review_per_claim_with_a_verdict(sourced_project: Project) -> None:
    kim = list_claims(sourced_project)[1]
    ops.update_claim(sourced_project, claim_id=kim.id, verdict="Mostly false")
    reviews = json.loads(export(sourced_project, "claimreview"))
    assert [r["claimReviewed"] for r in reviews] == [
        "I cannot confirm these reports, but obviously they are concerning.", "highly likely"]
    for r in reviews:
        assert missing_keys(r) == []
        assert set(REQUIRED_KEYS) <= r.keys()
        assert r["@context"] == "https://schema.org" and r["@type"] == "ClaimReview"
        assert r["itemReviewed"]["@type"] == "Claim"
        assert r["itemReviewed"]["appearance"]["headline"].startswith("NATO cannot verify")
        assert r["itemReviewed"]["datePublished"] == "2024-10-20"
    rutte, kim_review = reviews
    assert rutte["itemReviewed"]["author"] == {"@type": "Person", "name": "Mark Rutte"}
    # Six verdicts on the default scale: True is the best (6), Mostly false the fourth (3).
    assert rutte["reviewRating"] == {"@type": "Rating", "alternateName": "True", "ratingValue": 6,
                                     "bestRating": 6, "worstRating": 1}
    assert kim_review["reviewRating"]["ratingValue"] == 3
    assert kim_review["reviewRating"]["alternateName"] == "Mostly false"
    assert rutte["author"] == {"@type": "Person", "name": "Test Author"}


def test_claimreview_dates_are_iso_even_from_an_old_unchecked_date(sourced_project: Project) -> None:
    article_id = list_claims(sourced_project)[0].article_id
    # A project from before dates were checked: what was typed is stored as it was.
    sourced_project.conn.execute("UPDATE articles SET published = '14/03/2025' WHERE id = ?", (article_id,))
    reviews = json.loads(export(sourced_project, "claimreview"))
    assert reviews
    for r in reviews:
        assert r["itemReviewed"]["datePublished"] == "2025-03-14"
        assert r["itemReviewed"]["appearance"]["datePublished"] == "2025-03-14"
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["datePublished"])
    sourced_project.conn.execute("UPDATE articles SET published = 'last spring' WHERE id = ?", (article_id,))
    for r in json.loads(export(sourced_project, "claimreview")):
        assert "datePublished" not in r["itemReviewed"]  # no date rather than a wrong one


def test_claimreview_review_body_is_the_note_as_plain_text(sourced_project: Project) -> None:
    rutte = list_claims(sourced_project)[0]
    ops.update_claim(sourced_project, claim_id=rutte.id, note=(
        "**Confirmed** by the *transcript*:\n- [NATO](https://www.nato.int/x)\n- `para. 12`\n\n<b>raw</b>"))
    body = json.loads(export(sourced_project, "claimreview"))[0]["reviewBody"]
    assert body == ("Confirmed by the transcript:\n\n- NATO (https://www.nato.int/x)\n- para. 12\n\n"
                    "<b>raw</b>")


def test_claimreview_required_keys_are_checked() -> None:
    assert missing_keys({"@type": "ClaimReview", "reviewRating": {"@type": "Rating"}}) == [
        "@context", "claimReviewed", "itemReviewed", "author", "datePublished", "reviewRating.alternateName"]


@pytest.mark.parametrize(
    ("name", "kind"),
    [("Mark Rutte", "Person"), ("the Kremlin", "Organization"), ("Ministry of Defence", "Organization"),
     ("Kim Yong-hyun", "Person"), ("NATO", "Organization")],
)
def test_speaker_person_or_organisation(name: str, kind: str) -> None:
    assert speaker_entity(name) == {"@type": kind, "name": name}


def test_web_annotations_target_the_quote_with_both_selectors(sourced_project: Project) -> None:
    data = json.loads(export(sourced_project, "annotations"))
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection"
    items = data["first"]["items"]
    assert data["total"] == len(items) == 3
    text = article_text(sourced_project, list_claims(sourced_project)[0].article_id)
    for item, claim in zip(items, list_claims(sourced_project), strict=True):
        assert item["type"] == "Annotation" and item["id"] == f"urn:uuid:{claim.id}"
        quote, position = item["target"]["selector"]
        assert quote["type"] == "TextQuoteSelector" and position["type"] == "TextPositionSelector"
        assert text[position["start"]:position["end"]] == quote["exact"] == claim.exact
        assert text[: position["start"]].endswith(quote["prefix"])
        assert text[position["end"]:].startswith(quote["suffix"])
        assert item["target"]["source"] == f"urn:uuid:{claim.article_id}"  # the sample has no URL
    bodies = {(b["purpose"], b.get("value")) for b in items[0]["body"]}
    assert {("identifying", "Mark Rutte"), ("assessing", "True"), ("tagging", "NATO")} <= bodies
    links = [b for b in items[0]["body"] if b["purpose"] == "linking"]
    assert links == [{"type": "SpecificResource", "purpose": "linking",
                      "source": "https://www.nato.int/cps/en/natohq/opinions.htm",
                      "label": "supports: NATO Secretary General: press conference transcripts"},
                     {"type": "SpecificResource", "purpose": "linking",
                      "source": "https://www.nato.int/cps/en/natohq/opinions_229999.htm",
                      "label": "supports: Press conference by NATO Secretary General Mark Rutte"}]
    assert not any(b.get("audience") == "private" for item in items for b in item["body"])


def test_json_export_with_filters_keeps_only_what_was_chosen(sourced_project: Project) -> None:
    data = json.loads(export(sourced_project, "json", ExportOptions(tags=("Russia",), full_text=False)))
    assert [c["exact"] for c in data["claims"]] == ["hoax"]
    assert [s["title"] for s in data["sources"]] == ["Defence intelligence briefing"]
    assert [link["relation"] for link in data["links"]] == ["refutes"]
    assert "text" not in data["articles"][0]
    assert all("private_note" not in c for c in data["claims"])
    whole = json.loads(export(sourced_project, "json", ExportOptions(private_notes=True)))
    assert len(whole["claims"]) == 3
    assert sorted(s["title"] for s in whole["sources"]) == [  # the sample's source and add_sources' two
        "Defence intelligence briefing", "NATO Secretary General: press conference transcripts",
        "Press conference by NATO Secretary General Mark Rutte"]
    assert whole["articles"][0]["text"].startswith("date 2024-10-20 (MENAFN) Secretary General Mark Rutte")


@pytest.mark.parametrize("fmt", list(FORMATS), ids=list(FORMATS))
def test_every_format_copes_with_an_empty_project(project: Project, fmt: str) -> None:
    out = export(project, fmt)
    if fmt in ("json", "claimreview", "annotations"):
        json.loads(out)
    elif fmt == "markdown":
        assert "0 claims in 0 articles" in out
    else:
        assert out
