"""Reports after a correction and with review (issue 24): the Markdown and HTML reports have a Corrections
section and the corrected claim says so where it appears; who rated and who reviewed each claim is shown
when the project requires review (or when asked); the ClaimReview export carries the current verdict and
its dateModified."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench import ops
from workbench.export import ExportOptions, export
from workbench.export.html_report import export_html
from workbench.export.markdown_report import export_markdown
from workbench.ops.sample import create_sample_project
from workbench.store import Project
from workbench.store.queries import list_claims
from workbench.store.queries_review import list_corrections


@pytest.fixture
def corrected(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "story.fcproj"
    with create_sample_project(path, author="Setup") as project:
        kim = next(c.id for c in list_claims(project) if c.speaker == "Kim Yong-hyun")
        ops.update_settings(project, require_review=True)
    with Project.open(path, author="Ana") as project:
        ops.update_claim(project, claim_id=kim, verdict="Mostly false")
    with Project.open(path, author="Ben") as project:
        ops.review_claim(project, claim_id=kim, approve=True)
    with Project.open(path, author="Ana") as project:
        ops.update_claim(project, claim_id=kim, status="Published")
        ops.update_claim(project, claim_id=kim, verdict="False", correction="The ministry denied it on record.")
    return path, kim


def test_markdown_and_html_reports_list_corrections_and_name_the_people(corrected: tuple[Path, str]) -> None:
    path, _kim = corrected
    with Project.open(path, read_only=True) as project:
        markdown = export_markdown(project)
        html = export_html(project)
        quiet = export_markdown(project, ExportOptions(people=False))
    section = markdown[markdown.index("## Corrections"):]
    assert "[Claim 2](#claim-2) (“highly likely”): verdict changed from “Mostly false” to “False” by Ana. " \
           "The ministry denied it on record." in section
    card = markdown[markdown.index("#### Claim 2"):markdown.index("#### Claim 3")]
    assert "**Corrected:** verdict corrected on" in card and "The ministry denied it on record." in card
    assert "- **Rated by:** Ana" in card
    assert "Reviewed by" not in card  # the corrected verdict has not been approved again
    assert "<h2>Corrections</h2>" in html and "<strong>Rated by:</strong> Ana" in html
    assert "Rated by" not in quiet and "## Corrections" in quiet


def test_reports_without_corrections_or_review_are_as_before(tmp_path: Path) -> None:
    with create_sample_project(tmp_path / "plain.fcproj") as project:
        markdown = export_markdown(project)
        named = export_markdown(project, ExportOptions(people=True))
    assert "Corrections" not in markdown and "Rated by" not in markdown and "Corrected" not in markdown
    assert "- **Rated by:** Test Author" in named  # the sample's verdict on Rutte's claim


def test_claimreview_has_the_current_verdict_and_date_modified(corrected: tuple[Path, str]) -> None:
    path, kim = corrected
    with Project.open(path, read_only=True) as project:
        items = {i["identifier"]: i for i in json.loads(export(project, "claimreview"))}
        (correction,) = list_corrections(project)
    assert items[kim]["reviewRating"]["alternateName"] == "False"
    assert items[kim]["dateModified"] == correction.at[:10]
    assert "dateModified" not in next(i for k, i in items.items() if k != kim)


def test_json_export_carries_reviews_and_corrections(corrected: tuple[Path, str]) -> None:
    from workbench.export import export

    path, kim = corrected
    with Project.open(path, read_only=True) as project:
        data = json.loads(export(project, "json"))
    assert data["project"]["require_review"] is True
    assert [(r["claim_id"], r["created_by"], r["decision"]) for r in data["reviews"]] == [(kim, "Ben", "approved")]
    assert [(k["field"], k["new"], k["created_by"]) for k in data["corrections"]] == [("verdict", "False", "Ana")]
