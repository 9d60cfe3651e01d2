"""The HTML report and ``claims --json`` are written as they are made too (issue 26: 100,000 claims exported
as HTML held 2.4 GB), and what is written is exactly what was written before."""

from __future__ import annotations

import json
import random
from dataclasses import asdict
from pathlib import Path

import pytest

from tests.export.conftest import add_sources
from workbench import ops
from workbench.cli import main
from workbench.export import ExportOptions, export, export_pieces, export_to
from workbench.export.html_report import (
    html_page,
    markdown_to_html,
    markdown_to_html_pieces,
    sanitize,
)
from workbench.export.markdown_report import export_markdown
from workbench.importers.base import ImportedArticle
from workbench.store import Project
from workbench.store.queries import list_articles, list_claims


def _more_articles(project: Project, n: int) -> None:
    for i in range(n):
        ops.add_article(project, article=ImportedArticle(title=f"Wire story {i}", text=(
            f"Paragraph one of story {i}.\n\n“We will rebuild the bridge by spring {i},” the mayor said.\n\n"
            "Officials disagreed & said <nothing> more.")))
    for a in list_articles(project)[1:]:
        ops.add_claim(project, article_id=a.id, quote="We will rebuild the bridge", speaker="The mayor")


def _old_html(project: Project, options: ExportOptions) -> str:
    """The HTML report as it was made before it was streamed: the whole Markdown converted at once."""
    import markdown

    from workbench.export.html_report import _parts, _ReportExtension

    md = markdown.Markdown(extensions=["footnotes", "tables", "attr_list", _ReportExtension()],
                           extension_configs={"tables": {"use_align_attribute": True},
                                              "footnotes": {"BACKLINK_TITLE": "Back to the quote"}},
                           output_format="html")
    converted = []
    for part in _parts(export_markdown(project, options)):
        converted.append(md.convert(part))
        md.reset()
    return html_page(sanitize("\n".join(converted)), project.title)


@pytest.mark.parametrize("options", [ExportOptions(private_notes=True), ExportOptions(full_text=False)])
def test_the_html_report_written_in_pieces_is_the_report_as_before(sample_project: Project, tmp_path: Path,
                                                                   options: ExportOptions) -> None:
    add_sources(sample_project)
    _more_articles(sample_project, 3)
    before = _old_html(sample_project, options)
    assert export(sample_project, "html", options) == before
    assert export_to(sample_project, "html", tmp_path / "r.html", options).read_bytes() == before.encode()
    # Piece by piece: the page's head, then the report part by part (summary, each article, sources).
    assert len(list(export_pieces(sample_project, "html", options))) >= 6


def test_markdown_cut_anywhere_converts_as_the_whole(sample_project: Project) -> None:
    add_sources(sample_project)
    _more_articles(sample_project, 2)
    report = export_markdown(sample_project, ExportOptions(private_notes=True))
    rng = random.Random(3)
    for _ in range(5):
        cuts = sorted(rng.sample(range(len(report)), 40))
        pieces = [report[a:b] for a, b in zip([0, *cuts], [*cuts, len(report)], strict=True)]
        assert "".join(markdown_to_html_pieces(pieces)) == markdown_to_html(report)
    # A template that defines footnotes away from the part citing them: converted whole, as before.
    odd = "# Report\n\nA quote[^1].\n\n## Notes\n\n[^1]: The note.\n"
    assert "".join(markdown_to_html_pieces([odd[:10], odd[10:]])) == markdown_to_html(odd)
    assert 'href="#fn:1"' in markdown_to_html(odd)


@pytest.fixture
def sample_path(tmp_path: Path) -> Path:
    path = tmp_path / "story.fcproj"
    assert main(["new", str(path), "--sample"]) == 0
    return path


def test_claims_json_prints_what_it_always_printed(sample_path: Path, capsys) -> None:
    assert main(["claims", str(sample_path), "--json"]) == 0
    printed = capsys.readouterr().out
    with Project.open(sample_path, read_only=True) as project:
        expected = [{**asdict(c), "tags": [t.name for t in c.tags]} for c in list_claims(project)]
    assert printed == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"
    assert len(json.loads(printed)) == 3
    empty = sample_path.with_name("empty.fcproj")
    assert main(["new", str(empty)]) == 0
    capsys.readouterr()
    assert main(["claims", str(empty), "--json"]) == 0
    assert capsys.readouterr().out == "[]\n"
