"""``workbench source add --kind transcript``, ``workbench verify`` and ``workbench trace`` on the sample
project (the real wire story) with transcripts written by hand in the shapes real ones have: the JSON shapes
the issue fixes, readable text output, refused bad transcripts that change nothing, and source text read
once and kept (also for files attached before format 2)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.support.cli import Cli
from tests.support.texts import ALTERED_SRT, NATO_VTT, TRACE_ARTICLE_EARLY, TRACE_ARTICLE_LATE
from workbench.ops.sample import create_sample_project
from workbench.store import Project, schema
from workbench.store.queries import list_claims
from workbench.store.queries_sources import list_sources
from workbench.store.schema_guard import schema_differences

R_KEYS = {"source", "status", "similarity", "found", "locator", "speaker_in_source", "diff", "ellipsis"}


@pytest.fixture
def sample(tmp_path: Path) -> tuple[Path, list[str]]:
    path = tmp_path / "story.fcproj"
    with create_sample_project(path) as project:
        ids = [c.id for c in list_claims(project)]
    return path, ids


def _add_transcript(cli: Cli, project: Path, tmp_path: Path, name: str, text: str,
                    claim: str) -> str:
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    added = cli("source", "add", project, "--title", f"Press conference ({name})", "--kind", "transcript",
                "--file", f, "--json")
    assert added.code == 0, added.err
    source_id = added.json()["id"]
    assert cli("link", project, "--claim", claim, "--source", source_id, "--relation", "supports").code == 0
    return source_id


def test_verify_json_has_the_issues_shape_and_finds_the_quote_verbatim_at_its_time(
        cli: Cli, sample: tuple[Path, list[str]], tmp_path: Path) -> None:
    project, (rutte, *_rest) = sample
    vtt = _add_transcript(cli, project, tmp_path, "nato.vtt", NATO_VTT, rutte)
    srt = _add_transcript(cli, project, tmp_path, "nato-captions.srt", ALTERED_SRT, rutte)

    run = cli("verify", project, "--claim", rutte, "--json")
    assert run.code == 0, run.err
    out = run.json()
    assert set(out) == {"claim", "results", "best"} and out["claim"] == rutte
    by_source = {r["source"]: r for r in out["results"]}
    assert len(by_source) == 3  # the sample's web source (no file) and the two transcripts
    for r in out["results"]:
        assert set(r) >= R_KEYS
        assert r["status"] in ("verbatim", "spliced", "altered", "not_found") and 0 <= r["similarity"] <= 1
    verbatim = by_source[vtt]
    assert (verbatim["status"], verbatim["locator"], verbatim["speaker_in_source"]) == ("verbatim", "00:12:31", None)
    assert verbatim["found"] == "I cannot confirm these reports, but obviously they are concerning"
    assert out["best"]["source"] == vtt

    altered = by_source[srt]
    assert altered["status"] == "altered" and altered["locator"] == "00:12:31"
    changed = [(op, text.strip()) for op, text in altered["diff"] if op != "equal"]
    assert changed == [("delete", "worrying"), ("insert", "concerning.")]
    assert altered["changes"] == [["worrying", "concerning"]]
    assert altered["speaker_in_source"] == "MODERATOR"  # the quote is Rutte's; the captions say otherwise

    web = next(r for sid, r in by_source.items() if sid not in (vtt, srt))
    assert web["status"] == "not_found" and "no text to compare with" in web["problem"]

    one = cli("verify", project, "--claim", rutte, "--source", srt, "--json").json()
    assert [r["source"] for r in one["results"]] == [srt] and one["best"]["status"] == "altered"


def test_verify_text_output_says_status_place_diff_and_speaker(
        cli: Cli, sample: tuple[Path, list[str]], tmp_path: Path) -> None:
    project, (rutte, *_rest) = sample
    _add_transcript(cli, project, tmp_path, "nato-captions.srt", ALTERED_SRT, rutte)
    run = cli("verify", project, "--claim", rutte)
    assert run.code == 0, run.err
    assert "Altered in Press conference (nato-captions.srt) at 00:12:31" in run.out
    assert "[-worrying-] {+concerning.+}" in run.out
    assert "the source gives these words to MODERATOR" in run.out
    # The sample's web source has no file: nothing was compared, which is not "Not found".
    assert "Cannot check against NATO Secretary General" in run.out and "Not found" not in run.out


@pytest.mark.parametrize(("name", "content", "why"), [
    ("broken.vtt", "WEBVTT\n\n00:00:01.000 --> garbage\n<v Rutte>I cannot confirm\n", "no text to compare with"),
    ("blank.srt", "\n\n   \n", "no text to compare with"),
    ("notes.vtt", "WEBVTT\n\nNOTE nothing but a note\n", "no text to compare with"),
    ("photo.jpg", "\xff\xd8\xff\xe0 not text", "no text to compare with"),
])
def test_a_bad_transcript_is_refused_with_a_clear_message_and_nothing_changes(
        cli: Cli, sample: tuple[Path, list[str]], tmp_path: Path, name: str, content: str,
        why: str) -> None:
    project, _ids = sample
    before = cli("sources", project, "--json").json()
    f = tmp_path / name
    f.write_text(content, encoding="utf-8")
    run = cli("source", "add", project, "--title", "Hearing", "--kind", "transcript", "--file", f)
    assert run.code == 1 and run.out == ""
    assert why in run.err and name in run.err and len(run.err.strip().splitlines()) == 1
    assert cli("sources", project, "--json").json() == before


def test_a_scanned_pdf_transcript_is_refused(cli: Cli, sample: tuple[Path, list[str]],
                                            tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)  # a page with no text layer, as a scan has
    pdf = tmp_path / "scan.pdf"
    with pdf.open("wb") as fh:
        writer.write(fh)
    project, _ids = sample
    run = cli("source", "add", project, "--title", "Scan", "--kind", "transcript", "--file", pdf)
    assert run.code == 1 and "this source has no text to compare with" in run.err
    assert [s["title"] for s in cli("sources", project, "--json").json()] == [
        "NATO Secretary General: press conference transcripts"]


def test_source_text_is_read_once_and_kept(cli: Cli, sample: tuple[Path, list[str]],
                                           tmp_path: Path) -> None:
    project, (rutte, *_rest) = sample
    _add_transcript(cli, project, tmp_path, "nato.vtt", NATO_VTT, rutte)
    with Project.open(project, read_only=True) as p:
        rows = p.conn.execute("SELECT reader, kind, problem, passages FROM source_texts").fetchall()
    assert [(r[0], r[1], r[2]) for r in rows] == [("transcript", "transcript", "")]
    assert ["01:02:03" not in r[3] for r in rows] and '"Mark Rutte"' in rows[0][3]
    # a search finds words of the transcript
    with Project.open(project, read_only=True) as p:
        hits = p.conn.execute("SELECT rowid FROM source_texts_fts WHERE source_texts_fts MATCH 'speculate'")
        assert len(hits.fetchall()) == 1


def _format_1_project(path: Path, monkeypatch: pytest.MonkeyPatch, statement: Path) -> tuple[str, str]:
    """A project as the app wrote it before format 2: a statement attached to a source linked to a claim."""
    from workbench import ops
    from workbench.ops import verify

    with monkeypatch.context() as mp:
        mp.setattr(schema, "SCHEMA_VERSION", 1)
        mp.setattr(verify, "read_new_files", lambda _kind, _files: [])  # those builds read no file's text
        with create_sample_project(path) as project:
            claim = list_claims(project)[2]  # "hoax", the Kremlin
            source = ops.add_source(project, title="Kremlin statement", kind="official statement",
                                    files=[statement], claim_id=claim.id, relation="context").id
            assert project.conn.execute("PRAGMA user_version").fetchone()[0] == 1
    return claim.id, source


def test_a_format_1_project_is_upgraded_and_old_attachments_get_their_text_on_first_use(
        cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.support.texts import KREMLIN_STATEMENT

    statement = tmp_path / "kremlin.txt"
    statement.write_text(KREMLIN_STATEMENT, encoding="utf-8")
    path = tmp_path / "old.fcproj"
    claim, source = _format_1_project(path, monkeypatch, statement)

    run = cli("verify", path, "--claim", claim, "--json")
    assert run.code == 0, run.err
    best = run.json()["best"]
    assert best["source"] == source and best["status"] == "verbatim" and best["locator"].startswith("para. ")
    with Project.open(path) as project:
        assert project.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        assert project.conn.execute("SELECT count(*) FROM source_texts WHERE problem = ''").fetchone()[0] == 1
        assert project.check() == []
        assert schema_differences(project.conn, schema.SCHEMA_VERSION) == []
        # the upgraded library keeps its source, its file and its link; transcripts are a kind now
        assert {s.title: len(s.files) for s in list_sources(project)} == {
            "NATO Secretary General: press conference transcripts": 0, "Kremlin statement": 1}
    assert cli("source", "add", path, "--title", "Hearing", "--kind", "transcript").code == 0
    new = tmp_path / "new.fcproj"
    Project.create(new).close()
    master = "SELECT type, name, sql FROM sqlite_master"
    a, b = sqlite3.connect(path), sqlite3.connect(new)
    assert set(a.execute(master)) == set(b.execute(master))
    a.close()
    b.close()


def test_trace_lists_other_articles_earliest_first_with_their_changes(
        cli: Cli, sample: tuple[Path, list[str]], tmp_path: Path) -> None:
    project, (rutte, *_rest) = sample
    files = []
    for name, text in (("late.txt", TRACE_ARTICLE_LATE), ("early.txt", TRACE_ARTICLE_EARLY)):
        f = tmp_path / name
        f.write_text(text, encoding="utf-8")
        files.append(f)
    imported = cli("import", project, *files, "--json").json()
    ids = {Path(a["source_file"]).name: a["id"] for a in imported}
    from workbench import ops

    with Project.open(project) as p:
        ops.update_article(p, article_id=ids["late.txt"], published="2024-10-20", outlet="Daily")
        ops.update_article(p, article_id=ids["early.txt"], published="2024-10-16", outlet="Agency")
    run = cli("trace", project, "--claim", rutte, "--json")
    assert run.code == 0, run.err
    hits = run.json()
    assert [h["article"] for h in hits] == [ids["early.txt"], ids["late.txt"]]  # the claim's own article: no
    for h in hits:
        assert {"article", "title", "outlet", "published", "status", "similarity", "start", "end"} <= set(h)
    assert [(h["status"], h["outlet"], h["published"]) for h in hits] == [
        ("verbatim", "Agency", "2024-10-16"), ("altered", "Daily", "2024-10-20")]
    late_text = cli("trace", project, "--claim", rutte).out
    assert "2024-10-16  Verbatim" in late_text and "2024-10-20  Altered" in late_text
    assert "I [-can-] {+cannot+} confirm these reports, [-and-] {+but+} obviously" in late_text
