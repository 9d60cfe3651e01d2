"""Sources and evidence: the project's library of sources, files attached to them (stored once per
content, with a size limit), links from claims to sources, undo of all of it, the queries the window
shows, and the ``source add`` / ``sources`` / ``link`` commands."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest

from tests.support.cli import Cli
from workbench import ops
from workbench.core.errors import NotFoundError, ValidationError
from workbench.export.json_export import project_to_dict
from workbench.importers import ImportedArticle
from workbench.ops.sources import (
    MAX_ATTACHMENT_BYTES,
    origin_source_id,
    save_attachment,
    why_not_opened,
)
from workbench.store import Project
from workbench.store.queries import list_claims
from workbench.store.queries_sources import (
    attachment_bytes,
    claim_links,
    get_link,
    get_source,
    list_sources,
    source_files,
    source_links,
    unreferenced_attachments,
)

PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def counts(project: Project) -> dict[str, int]:
    tables = ("sources", "source_files", "attachments", "claim_sources", "history")
    return {t: project.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def new_source(project: Project, title: str = "Ministry of Defence statement", **kw) -> str:
    return ops.add_source(project, title=title, **kw).created("sources")[0]


def link_ids(project: Project, claim_id: str) -> list[str]:
    return [lk.id for lk in claim_links(project, claim_id)]


def links_to(project: Project, claim_id: str, source_id: str) -> list:
    """The claim's links to one source (the sample's first claim already cites a source of its own)."""
    return [lk for lk in claim_links(project, claim_id) if lk.source_id == source_id]


@pytest.fixture
def claim_id(sample_project: Project) -> str:
    return list_claims(sample_project)[0].id


@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    path = tmp_path / "Report on troop movements.pdf"
    path.write_bytes(PDF_BYTES)
    return path


# -- sources -------------------------------------------------------------------------------------------


def test_add_source_stores_its_fields_and_defaults_accessed_to_today(project: Project) -> None:
    source_id = new_source(project, kind="Official statement", url="www.gov.example/statement",
                           publisher="  Ministry   of Defence ", published="2024-10-18", reliability="High",
                           notes="**Primary** source.")
    s = get_source(project, source_id)
    assert (s.title, s.kind, s.url, s.publisher) == (
        "Ministry of Defence statement", "official statement", "https://www.gov.example/statement",
        "Ministry of Defence")
    assert (s.published, s.accessed, s.reliability, s.notes) == (
        "2024-10-18", date.today().isoformat(), "High", "**Primary** source.")
    assert s.created_by == "Test Author"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": "   "}, "source title cannot be empty"),
        ({"kind": "rumour"}, "'rumour' is not a kind of source"),
        ({"url": "javascript:alert(1)"}, "is not a web address"),
        ({"url": "two words"}, "contains spaces"),
        ({"published": "10/11/2024"}, "could be 10 November 2024 or 11 October 2024"),
        ({"accessed": "2024-02-30"}, "does not exist in the calendar"),
        ({"notes": "x" * 100_001}, "notes is too long"),
    ],
    ids=["empty-title", "unknown-kind", "script-url", "spaces-in-url", "day-or-month-date", "no-such-day",
         "huge-notes"],
)
def test_bad_source_fields_are_refused_and_nothing_changes(project: Project, fields: dict, message: str) -> None:
    before = counts(project)
    with pytest.raises(ValidationError, match=message):
        ops.add_source(project, **{"title": "A source", **fields})
    assert counts(project) == before


def test_partial_dates_timestamps_and_typed_dates_are_stored_as_iso(project: Project) -> None:
    s = get_source(project, new_source(project, published="2023-06", accessed="2024-10-20T08:15:00Z"))
    assert (s.published, s.accessed) == ("2023-06", "2024-10-20")
    s = get_source(project, new_source(project, published="18/10/2024", accessed="21 October 2024"))
    assert (s.published, s.accessed) == ("2024-10-18", "2024-10-21")


def test_update_source_changes_only_given_fields(project: Project) -> None:
    source_id = new_source(project, publisher="MoD")
    ops.update_source(project, source_id=source_id, title="MoD statement, 18 October", reliability="Medium")
    s = get_source(project, source_id)
    assert (s.title, s.publisher, s.reliability) == ("MoD statement, 18 October", "MoD", "Medium")
    with pytest.raises(NotFoundError, match="no source with id nope"):
        ops.update_source(project, source_id="nope", title="x")


def test_list_sources_counts_claims_and_filters_ignoring_accents(sample_project: Project) -> None:
    claims = list_claims(sample_project)
    used = new_source(sample_project, title="Relatório do Ministério", publisher="Governo de São Paulo")
    new_source(sample_project, title="Unrelated dataset", kind="dataset")
    for c in claims[:2]:
        ops.link_source(sample_project, claim_id=c.id, source_id=used, relation="supports")
    ops.link_source(sample_project, claim_id=claims[0].id, source_id=used, relation="context", locator="p. 4")
    by_title = {s.title: s for s in list_sources(sample_project)}
    assert (by_title["Relatório do Ministério"].claim_count, by_title["Relatório do Ministério"].link_count) == (2, 3)
    assert by_title["Unrelated dataset"].claim_count == 0
    assert [s.id for s in list_sources(sample_project, "sao paul")] == [used]
    assert [s.id for s in list_sources(sample_project, 'relatorio "-minis')] == [used]  # FTS syntax is literal
    assert list_sources(sample_project, "nothing-like-this") == []


# -- attached files ------------------------------------------------------------------------------------


def test_attached_file_reads_back_identical_with_name_and_type(project: Project, pdf: Path) -> None:
    source_id = new_source(project, files=[pdf])
    [f] = source_files(project, source_id)
    assert (f.name, f.mime, f.size) == ("Report on troop movements.pdf", "application/pdf", len(PDF_BYTES))
    data = attachment_bytes(project, f.id)
    assert hashlib.sha256(data).hexdigest() == hashlib.sha256(pdf.read_bytes()).hexdigest() == f.sha256


def test_same_bytes_attached_twice_are_stored_once(project: Project, pdf: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy-with-another-name.pdf"
    copy.write_bytes(pdf.read_bytes())
    first, second = new_source(project, title="One"), new_source(project, title="Two")
    ops.attach_file(project, source_id=first, path=pdf)
    ops.attach_file(project, source_id=second, path=copy)
    assert counts(project)["source_files"] == 2
    assert counts(project)["attachments"] == 1
    assert [f.name for f in source_files(project, second)] == ["copy-with-another-name.pdf"]


def test_same_file_twice_on_one_source_is_refused(project: Project, pdf: Path) -> None:
    source_id = new_source(project, files=[pdf])
    before = counts(project)
    with pytest.raises(ValidationError, match="already has that file attached"):
        ops.attach_file(project, source_id=source_id, path=pdf)
    assert counts(project) == before


def test_over_limit_file_is_refused_with_sizes_and_nothing_changes(project: Project, tmp_path: Path) -> None:
    source_id = new_source(project)
    big = tmp_path / "court-video.mp4"
    with big.open("wb") as fh:  # sparse: the limit is checked before reading, so this costs no memory
        fh.truncate(MAX_ATTACHMENT_BYTES + 5 * 1024 * 1024)
    before = counts(project)
    with pytest.raises(ValidationError) as err:
        ops.attach_file(project, source_id=source_id, path=big)
    assert str(err.value) == ("court-video.mp4 is 55 MB; attached files can be at most 50 MB each. "
                              "Nothing was attached.")
    with pytest.raises(ValidationError, match=r"court-video\.mp4 is 55 MB"):
        ops.add_source(project, title="With a big file", files=[big])
    assert counts(project) == before


def test_limit_is_adjustable_and_applies_to_given_bytes(project: Project) -> None:
    source_id = new_source(project)
    with pytest.raises(ValidationError, match=r"notes.txt is 2.0 KB|notes.txt is 2 KB"):
        ops.attach_file(project, source_id=source_id, data=b"x" * 2048, name="notes.txt", max_bytes=1024)
    ops.attach_file(project, source_id=source_id, data=b"x" * 1024, name="notes.txt", max_bytes=1024)
    assert [f.mime for f in source_files(project, source_id)] == ["text/plain"]


def _empty_file(path: Path) -> Path:
    path.write_bytes(b"")
    return path


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda d: d / "missing.pdf", "no such file"),
        (lambda d: d, "is a folder"),
        (lambda d: _empty_file(d / "empty.pdf"), "is empty"),
    ],
    ids=["missing", "folder", "empty"],
)
def test_unattachable_files_are_refused(project: Project, tmp_path: Path, setup, message: str) -> None:
    source_id = new_source(project)
    before = counts(project)
    with pytest.raises(ValidationError, match=message):
        ops.attach_file(project, source_id=source_id, path=setup(tmp_path))
    assert counts(project) == before


def test_file_names_lose_any_folder_part(project: Project) -> None:
    source_id = new_source(project)
    ops.attach_file(project, source_id=source_id, data=b"MZ", name="..\\..\\Windows/evil\x07.exe")
    assert [f.name for f in source_files(project, source_id)] == ["evil.exe"]


def test_detach_is_undoable_and_save_writes_the_bytes(project: Project, pdf: Path, tmp_path: Path) -> None:
    source_id = new_source(project, files=[pdf])
    [f] = source_files(project, source_id)
    changes = ops.detach_file(project, file_id=f.id)
    assert source_files(project, source_id) == []
    ops.undo_changes(project, changes=changes)
    assert [g.id for g in source_files(project, source_id)] == [f.id]
    out = save_attachment(project, file_id=f.id, dest=tmp_path / "saved.pdf")
    assert out.read_bytes() == PDF_BYTES


def test_damaged_stored_copy_is_reported_not_handed_out(project: Project, pdf: Path) -> None:
    source_id = new_source(project, files=[pdf])
    [f] = source_files(project, source_id)
    project.conn.execute("UPDATE attachments SET data = ? WHERE sha256 = ?", (b"garbage", f.sha256))
    with pytest.raises(Exception, match="is damaged"):
        attachment_bytes(project, f.id)


@pytest.mark.parametrize(
    ("name", "opened"),
    [("report.pdf", True), ("setup.EXE", False), ("invoice.pdf.exe", False), ("run.sh", False),
     ("evil.bat. ", False), ("photo.jpeg", True), ("macro.ps1", False), ("App.app", False), ("README", False),
     ("page.html", False), ("logo.svg", False), ("help.chm", False), ("notes.md", True)],
)
def test_only_types_that_cannot_run_anything_are_opened(name: str, opened: bool) -> None:
    assert (why_not_opened(name) is None) is opened


# -- links ---------------------------------------------------------------------------------------------


def test_link_source_with_excerpt_and_locator(sample_project: Project, claim_id: str) -> None:
    source_id = new_source(sample_project)
    link_id = ops.link_source(sample_project, claim_id=claim_id, source_id=source_id, relation="Refutes",
                              excerpt="No troops were seen.", locator="p. 12, ¶ 3",
                              note="Check the annex.").created("claim_sources")[0]
    [link] = links_to(sample_project, claim_id, source_id)
    assert (link.id, link.relation, link.excerpt, link.locator, link.note) == (
        link_id, "refutes", "No troops were seen.", "p. 12, ¶ 3", "Check the annex.")
    assert link.source_title == "Ministry of Defence statement"
    [back] = source_links(sample_project, source_id)
    assert back.claim_exact == list_claims(sample_project)[0].exact


def test_link_validation(sample_project: Project, claim_id: str) -> None:
    source_id = new_source(sample_project)
    sample_links = link_ids(sample_project, claim_id)
    before = counts(sample_project)
    with pytest.raises(ValidationError, match="'proves' is not a way a source relates"):
        ops.link_source(sample_project, claim_id=claim_id, source_id=source_id, relation="proves")
    with pytest.raises(NotFoundError, match="no claim with id"):
        ops.link_source(sample_project, claim_id="x", source_id=source_id, relation="supports")
    with pytest.raises(NotFoundError, match="no source with id"):
        ops.link_source(sample_project, claim_id=claim_id, source_id="x", relation="supports")
    assert counts(sample_project) == before
    ops.link_source(sample_project, claim_id=claim_id, source_id=source_id, relation="supports", locator="p. 1")
    with pytest.raises(ValidationError, match="already linked"):
        ops.link_source(sample_project, claim_id=claim_id, source_id=source_id, relation="supports",
                        locator="p.   1")
    # The same source cited again for another page is a second piece of evidence, not a duplicate.
    ops.link_source(sample_project, claim_id=claim_id, source_id=source_id, relation="supports", locator="p. 2")
    assert len(claim_links(sample_project, claim_id)) == len(sample_links) + 2
    assert len(links_to(sample_project, claim_id, source_id)) == 2


def test_update_and_delete_link(sample_project: Project, claim_id: str) -> None:
    source_id = new_source(sample_project)
    sample_links = claim_links(sample_project, claim_id)
    link_id = ops.link_source(sample_project, claim_id=claim_id, source_id=source_id,
                              relation="supports").created("claim_sources")[0]
    ops.update_link(sample_project, link_id=link_id, relation="context", excerpt="Background only.")
    link = get_link(sample_project, link_id)
    assert (link.relation, link.excerpt) == ("context", "Background only.")
    changes = ops.delete_link(sample_project, link_id=link_id)
    assert claim_links(sample_project, claim_id) == sample_links
    assert get_source(sample_project, source_id).title  # the source stays in the library
    ops.undo_changes(sample_project, changes=changes)
    assert sorted(link_ids(sample_project, claim_id)) == sorted([lk.id for lk in sample_links] + [link_id])


def test_add_source_with_file_and_link_is_one_undoable_step(sample_project: Project, claim_id: str,
                                                             pdf: Path) -> None:
    before = counts(sample_project)
    sample_links = link_ids(sample_project, claim_id)
    changes = ops.add_source(sample_project, title="Leaked memo", files=[pdf, pdf], claim_id=claim_id,
                             relation="refutes", excerpt="…", locator="p. 2")
    assert counts(sample_project)["source_files"] == before["source_files"] + 1
    assert [lk.relation for lk in claim_links(sample_project, claim_id) if lk.id not in sample_links] == ["refutes"]
    ops.undo_changes(sample_project, changes=changes)
    after = counts(sample_project)
    assert {k: after[k] for k in ("sources", "source_files", "claim_sources")} == {
        k: before[k] for k in ("sources", "source_files", "claim_sources")}


# -- deleting a source ---------------------------------------------------------------------------------


def test_delete_source_takes_links_and_files_and_undo_brings_all_back(
    sample_project: Project, claim_id: str, pdf: Path
) -> None:
    sample_links, sample_sources = claim_links(sample_project, claim_id), list_sources(sample_project)
    source_id = new_source(sample_project, files=[pdf])
    ops.link_source(sample_project, claim_id=claim_id, source_id=source_id, relation="refutes", excerpt="No.")
    before = counts(sample_project)
    changes = ops.delete_source(sample_project, source_id=source_id)
    assert changes.tables == {"sources", "source_files", "claim_sources"}
    assert claim_links(sample_project, claim_id) == sample_links and list_sources(sample_project) == sample_sources
    assert [sha for sha, _size in unreferenced_attachments(sample_project)] == [hashlib.sha256(PDF_BYTES).hexdigest()]
    ops.undo_changes(sample_project, changes=changes)
    [link] = links_to(sample_project, claim_id, source_id)
    assert (link.source_id, link.relation, link.excerpt) == (source_id, "refutes", "No.")
    [f] = source_files(sample_project, source_id)
    assert attachment_bytes(sample_project, f.id) == PDF_BYTES
    after = counts(sample_project)
    assert {k: after[k] for k in ("sources", "source_files", "claim_sources", "attachments")} == {
        k: before[k] for k in ("sources", "source_files", "claim_sources", "attachments")}
    assert sample_project.check() == []


# -- the article's origin as a source ------------------------------------------------------------------


def test_article_origin_becomes_a_source_once(project: Project) -> None:
    article_id = ops.add_article(project, article=ImportedArticle(
        text="Text.", title="Rutte: no confirmation", outlet="MENAFN", url="https://menafn.example/1",
        published="2024-10-20T09:00:00+00:00")).created("articles")[0]
    changes = ops.add_article_origin_source(project, article_id=article_id)
    s = get_source(project, changes.created("sources")[0])
    assert (s.title, s.kind, s.publisher, s.url, s.published) == (
        "Rutte: no confirmation", "web page", "MENAFN", "https://menafn.example/1", "2024-10-20")
    again = ops.add_article_origin_source(project, article_id=article_id)
    assert again.images == [] and origin_source_id(project, article_id) == s.id
    assert len(list_sources(project)) == 1


def test_article_without_url_becomes_a_publication(project: Project) -> None:
    article_id = ops.add_article(project, article=ImportedArticle(
        text="Text.", title="Print story", outlet="The Paper", published="someday")).created("articles")[0]
    s = get_source(project, ops.add_article_origin_source(project, article_id=article_id).created("sources")[0])
    assert (s.kind, s.publisher, s.published) == ("publication", "The Paper", "")
    with pytest.raises(NotFoundError):
        ops.add_article_origin_source(project, article_id="nope")


# -- export --------------------------------------------------------------------------------------------


def test_json_export_has_sources_files_and_links(sample_project: Project, claim_id: str, pdf: Path) -> None:
    sample = project_to_dict(sample_project)
    ops.add_source(sample_project, title="Memo", files=[pdf], claim_id=claim_id, relation="context")
    data = project_to_dict(sample_project)
    assert len(data["sources"]) == len(sample["sources"]) + 1
    [s] = [s for s in data["sources"] if s["title"] == "Memo"]
    assert [a["name"] for a in s["attachments"]] == [pdf.name]
    assert s["attachments"][0]["sha256"] == hashlib.sha256(PDF_BYTES).hexdigest()
    assert [lk for lk in data["links"] if lk["source_id"] != s["id"]] == sample["links"]
    assert [(lk["claim_id"], lk["relation"]) for lk in data["links"] if lk["source_id"] == s["id"]] == [
        (claim_id, "context")]


# -- command line --------------------------------------------------------------------------------------


@pytest.fixture
def sample_path(sample_project: Project) -> Path:
    path = sample_project.path
    sample_project.close()
    return path


def test_cli_source_add_link_and_list(sample_path: Path, pdf: Path, cli: Cli) -> None:
    status, out, _ = cli("sources", str(sample_path), "--json")
    sample = [(s["title"], s["claim_count"]) for s in json.loads(out)]
    status, out, err = cli("source", "add", str(sample_path), "--title", "MoD statement",
                           "--kind", "official statement", "--url", "https://mod.example/s",
                           "--publisher", "MoD", "--file", str(pdf), "--json")
    assert status == 0, err
    source = json.loads(out)
    assert (source["kind"], source["files"][0]["name"]) == ("official statement", pdf.name)
    with Project.open(sample_path) as p:
        claim = list_claims(p)[1].id
    status, out, err = cli("link", str(sample_path), "--claim", claim, "--source", source["id"],
                           "--relation", "refutes", "--excerpt", "No troops.", "--locator", "p. 3", "--json")
    assert status == 0, err
    link = json.loads(out)
    assert (link["relation"], link["excerpt"], link["locator"], link["claim_id"]) == (
        "refutes", "No troops.", "p. 3", claim)
    status, out, _ = cli("sources", str(sample_path), "--json")
    assert [(s["title"], s["claim_count"]) for s in json.loads(out)] == sorted(
        [*sample, ("MoD statement", 1)], key=lambda t: t[0].lower())
    status, out, _ = cli("sources", str(sample_path))
    [line] = [line for line in out.splitlines() if "MoD statement" in line]
    assert "used by 1 claim" in line and "1 file" in line


def test_cli_plain_output_is_the_new_id(sample_path: Path, cli: Cli) -> None:
    status, out, _ = cli("source", "add", str(sample_path), "--title", "Interview with X",
                         "--kind", "interview")
    assert status == 0
    with Project.open(sample_path) as p:
        assert get_source(p, out.strip()).kind == "interview"


@pytest.mark.parametrize(
    ("argv", "status", "message"),
    [
        (["source", "add", "{p}", "--title", "X", "--kind", "rumour"], 1, "'rumour' is not a kind of source"),
        (["source", "add", "{p}", "--title", "X", "--file", "{p}.missing"], 1, "no such file"),
        (["link", "{p}", "--claim", "nope", "--source", "nope", "--relation", "supports"], 1, "no claim"),
        (["link", "{p}", "--claim", "a", "--source", "b", "--relation", "proves"], 2, "invalid choice"),
        (["source", "add", "{p}"], 2, "--title"),
    ],
    ids=["bad-kind", "missing-file", "unknown-claim", "bad-relation", "no-title"],
)
def test_cli_errors(sample_path: Path, cli: Cli, argv: list[str], status: int,
                    message: str) -> None:
    with Project.open(sample_path) as p:
        before = counts(p)
    code, out, err = cli(*[a.replace("{p}", str(sample_path)) for a in argv])
    assert code == status and message in err and out == ""
    if status == 1:
        assert len(err.strip().splitlines()) == 1
    with Project.open(sample_path) as p:
        assert counts(p) == before
