"""Each claim's verification in reports: a line in Markdown and HTML ("Verbatim in *Title* at 00:12:31",
"Altered: *worrying* → *concerning*") and the best result as fields in the JSON export."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.texts import ALTERED_SRT, NATO_VTT
from workbench import ops
from workbench.export import export
from workbench.export.html_report import export_html
from workbench.export.markdown_report import export_markdown
from workbench.ops.sample import create_sample_project
from workbench.store import Project
from workbench.store.queries import list_claims


def _project(tmp_path: Path, name: str, text: str, title: str) -> tuple[Path, str]:
    path = tmp_path / "story.fcproj"
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    with create_sample_project(path) as project:
        rutte = list_claims(project)[0].id
        ops.add_source(project, title=title, kind="transcript", files=[f], claim_id=rutte)
    return path, rutte


def test_markdown_and_html_reports_say_where_the_quote_is_verbatim(tmp_path: Path) -> None:
    path, _rutte = _project(tmp_path, "nato.vtt", NATO_VTT, "NATO press conference, 16 Oct")
    with Project.open(path, read_only=True) as project:
        md = export_markdown(project)
        html = export_html(project)
    assert "- **In the source:** Verbatim in *NATO press conference, 16 Oct* at 00:12:31" in md
    assert md.count("**In the source:**") == 1  # claims without a source file get no line
    assert "Verbatim in <em>NATO press conference, 16 Oct</em> at 00:12:31" in html


def test_an_altered_quote_shows_the_changed_words_and_the_json_has_the_fields(tmp_path: Path) -> None:
    path, rutte = _project(tmp_path, "captions.srt", ALTERED_SRT, "Agency captions")
    with Project.open(path, read_only=True) as project:
        md = export_markdown(project)
        data = json.loads(export(project, "json"))
    assert ("Altered: *worrying* → *concerning* (in *Agency captions* at 00:12:31); the source gives these "
            "words to MODERATOR") in md
    by_id = {c["id"]: c for c in data["claims"]}
    v = by_id[rutte]["verification"]
    assert (v["status"], v["locator"], v["speaker_in_source"], v["title"]) == (
        "altered", "00:12:31", "MODERATOR", "Agency captions")
    assert v["changes"] == [["worrying", "concerning"]]
    assert all(c["verification"] is None for cid, c in by_id.items() if cid != rutte)
