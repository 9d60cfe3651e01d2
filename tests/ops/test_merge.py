"""Merging a colleague's copy back: every edit arrives, conflicts are reported (never silently lost),
nothing is duplicated, merging twice changes nothing, a failed or killed merge leaves the project as it
was, and the result does not depend on which of the two copies is merged into which."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.merging import normalized
from workbench import cli, ops
from workbench.core.errors import ProjectFileError, ValidationError, WorkbenchError
from workbench.export.json_export import project_to_dict
from workbench.importers import ImportedArticle
from workbench.ops.merge import (
    DELETED_HERE_EDITED_THERE,
    EDITED_BOTH,
    EDITED_HERE_DELETED_THERE,
    STILL_USED,
    MergeReport,
    merge_project,
)
from workbench.ops.sample import create_sample_project
from workbench.ops.share import share_project
from workbench.store import Project, Tx
from workbench.store.backups import backups_dir, list_backups
from workbench.store.queries import list_articles, list_claims, list_tags, verdict_scale
from workbench.store.queries_sources import list_sources

# -- comparable views of a project ---------------------------------------------------------------------

# Change with every write by anyone (a merge stamps the rows it writes).
VOLATILE = frozenset({"updated_at", "updated_by"})

SECOND_STORY = (
    "Finance ministers meeting in Brussels on Monday agreed a new budget framework.\n\n"
    "“We have found a compromise that protects investment,” said the Dutch minister, Eelco Heinen.\n\n"
    "Critics called the deal “a missed opportunity” and warned that debt rules remain too tight.\n\n"
    "The Commission said the framework would be “fully operational by next spring”."
)
THIRD_STORY = (
    "Flood defences held overnight in the river town, officials said on Tuesday.\n\n"
    "“The barriers did exactly what they were built to do,” the mayor told reporters.\n\n"
    "Residents described the night as “the longest of our lives”."
)


def story(text: str = SECOND_STORY, title: str = "Budget deal") -> ImportedArticle:
    return ImportedArticle(text=text, title=title, outlet="Wire", published="2024-10-21", format="txt")


def content(project: Project) -> dict[str, Any]:
    """The JSON export minus what changes on every write: equal means nothing a person sees changed."""
    return _strip(project_to_dict(project))


def _strip(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def claim_by_quote(project: Project, quote: str) -> Any:
    found = [c for c in list_claims(project) if c.exact == quote]
    assert len(found) == 1, f"{len(found)} claims quote {quote!r}"
    return found[0]


def backups(folder: Path) -> list[Path]:
    """Merge backups (in the per-user backups folder); ``folder``, the projects' folder, holds none."""
    assert not list(folder.glob("*before-merge*"))
    return sorted(p for p in backups_dir().rglob("*-merge.fcproj") if not p.name.startswith("."))


# -- the acceptance scenario ---------------------------------------------------------------------------


@dataclass
class Pair:
    a: Project
    b_path: Path
    before: dict[str, Any]  # A's content just before the merge


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[Pair]:
    """Anna shares her project with Ben; both work on it; Ben sends his copy back."""
    a = create_sample_project(tmp_path / "anna.fcproj", author="Anna")
    rutte = claim_by_quote(a, "I cannot confirm these reports, but obviously they are concerning.")
    source_id = ops.add_source(a, title="NATO briefing transcript", kind="official statement",
                               claim_id=rutte.id).created("sources")[0]
    ops.attach_file(a, source_id=source_id, data=b"Transcript, 16 October.", name="transcript.txt")
    b_path = share_project(a, dest=tmp_path / "ben.fcproj")
    b = Project.open(b_path, author="Ben")
    try:
        rutte_a, likely_a, hoax_a = (claim_by_quote(a, q).id for q in (rutte.exact, "highly likely", "hoax"))
        # Interleaved as two people would work, so "newer" is well defined.
        ops.update_claim(a, claim_id=rutte_a, note="Checked against the NATO transcript.",
                         private_note="Source: my contact at NATO")
        ops.update_claim(b, claim_id=rutte_a, status="Published")
        ops.update_claim(a, claim_id=likely_a, speaker="Kim Yong-hyun (South Korea)")
        ops.update_claim(b, claim_id=likely_a, speaker="South Korean defence minister Kim Yong-hyun",
                         verdict="Mostly true")
        ops.delete_claim(a, claim_id=hoax_a)
        ops.update_claim(b, claim_id=hoax_a, note="Kremlin spokesman Peskov, 18 October.")
        article_a = ops.add_article(a, article=story()).created("articles")[0]
        ops.add_claim(a, article_id=article_a, quote="a missed opportunity", speaker="Critics", tags=["Economy"])
        article_b = ops.add_article(b, article=story()).created("articles")[0]
        ops.add_claim(b, article_id=article_b, quote="a missed opportunity", speaker="critics of the deal",
                      tags=["economy"])
        ops.add_claim(b, article_id=article_b, quote="fully operational by next spring",
                      speaker="The Commission")
        ops.update_source(a, source_id=source_id, notes="Official transcript, page 3.")
        ops.attach_file(b, source_id=source_id, data=b"Notes from the video.", name="video-notes.txt")
        north_korea = next(t.id for t in list_tags(b) if t.name == "North Korea")
        ops.delete_tag(b, tag_id=north_korea)
        ops.add_verdict(b, label="Misleading", color="#8e24aa")
    finally:
        b.close()
    yield Pair(a, b_path, content(a))
    a.close()


def test_every_edit_from_both_sides_is_present(pair: Pair) -> None:
    report = merge_project(pair.a, other_path=pair.b_path)
    a = pair.a
    rutte = claim_by_quote(a, "I cannot confirm these reports, but obviously they are concerning.")
    assert rutte.note == "Checked against the NATO transcript."  # Anna's edit
    assert rutte.status == "Published"  # Ben's edit of another field of the same claim
    assert rutte.private_note == "Source: my contact at NATO"
    likely = claim_by_quote(a, "highly likely")
    assert likely.speaker == "South Korean defence minister Kim Yong-hyun"  # both edited: Ben's is newer
    assert likely.verdict == "Mostly true"
    assert [t.name for t in likely.tags] == []  # Ben deleted the tag Anna never touched
    hoax = claim_by_quote(a, "hoax")  # Anna deleted it, Ben edited it: the edit wins
    assert hoax.note == "Kremlin spokesman Peskov, 18 October."
    assert [t.name for t in hoax.tags] == ["Russia"]  # what was deleted with it came back with it
    source = next(s for s in list_sources(a) if s.title == "NATO briefing transcript")
    assert source.notes == "Official transcript, page 3."
    assert sorted(f.name for f in source.files) == ["transcript.txt", "video-notes.txt"]
    assert "Misleading" in [v.label for v in verdict_scale(a)]
    assert "North Korea" not in [t.name for t in list_tags(a)]
    assert a.check() == []
    assert report.changed_anything


def test_nothing_is_duplicated(pair: Pair) -> None:
    merge_project(pair.a, other_path=pair.b_path)
    a = pair.a
    assert [x.title for x in list_articles(a)].count("Budget deal") == 1  # both imported it
    budget = next(x for x in list_articles(a) if x.title == "Budget deal")
    quotes = sorted(c.exact for c in list_claims(a, budget.id))
    assert quotes == ["a missed opportunity", "fully operational by next spring"]  # both marked the first
    assert sorted(t.name.lower() for t in list_tags(a)) == ["economy", "nato", "russia"]
    missed = claim_by_quote(a, "a missed opportunity")
    assert [t.name.lower() for t in missed.tags] == ["economy"]
    assert missed.speaker == "critics of the deal"  # both marked it; Ben's speaker is the newer
    source = next(s for s in list_sources(a) if s.title == "NATO briefing transcript")
    assert len(source.files) == 2


def test_conflicts_are_reported_with_both_values_and_recorded_in_history(pair: Pair) -> None:
    report = merge_project(pair.a, other_path=pair.b_path)
    likely = claim_by_quote(pair.a, "highly likely")
    speaker = [c for c in report.conflicts if c.row_id == likely.id and c.field == "speaker"]
    assert len(speaker) == 1
    assert speaker[0].kind == EDITED_BOTH
    assert speaker[0].kept == "South Korean defence minister Kim Yong-hyun"
    assert speaker[0].other == "Kim Yong-hyun (South Korea)"
    assert speaker[0].label == "“highly likely”"
    hoax = claim_by_quote(pair.a, "hoax")
    assert [c.kind for c in report.conflicts if c.row_id == hoax.id] == [DELETED_HERE_EDITED_THERE]
    # The value not kept is in the project's history too, not only in a report that may be closed.
    data = [json.loads(r[0]) for r in pair.a.conn.execute(
        "SELECT data FROM history WHERE action = 'merge' AND row_id = ?", (likely.id,))]
    assert {"speaker": {"kept": speaker[0].kept, "other": speaker[0].other}} in [d.get("conflicts") for d in data]
    # Fields changed on one side only are not conflicts.
    rutte = claim_by_quote(pair.a, "I cannot confirm these reports, but obviously they are concerning.")
    assert not [c for c in report.conflicts if c.row_id == rutte.id]
    assert report.totals()["conflicts"] == len(report.conflicts)


def test_merging_again_changes_nothing(pair: Pair, tmp_path: Path) -> None:
    merge_project(pair.a, other_path=pair.b_path)
    after_first = content(pair.a)
    revs = pair.a.conn.execute("SELECT count(*) FROM history").fetchone()[0]
    assert len(backups(tmp_path)) == 1
    again = merge_project(pair.a, other_path=pair.b_path)
    assert not again.changed_anything
    assert again.images == [] and again.conflicts == []
    assert content(pair.a) == after_first
    assert pair.a.conn.execute("SELECT count(*) FROM history").fetchone()[0] == revs
    assert len(backups(tmp_path)) == 1  # no backup for a merge that had nothing to do
    assert "Nothing to merge" in again.text()


def test_a_backup_of_the_project_as_it_was_is_kept(pair: Pair, tmp_path: Path) -> None:
    report = merge_project(pair.a, other_path=pair.b_path)
    (backup,) = backups(tmp_path)
    assert report.backup_path == str(backup)
    (listed,) = [b for b in list_backups(pair.a.path) if b.reason == "merge"]
    assert listed.path == backup
    with Project.open(backup, read_only=True) as old:
        assert content(old) == pair.before
    assert backup.name in report.text()


def test_an_interruption_after_the_merge_is_saved_keeps_its_backup(pair: Pair, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import workbench.ops.merge as merge_module

    class InterruptedAfterCommit:
        """The colleague's file, whose read snapshot is let go only after the merge was saved."""

        def __init__(self, conn: Any) -> None:
            self._conn = conn

        def execute(self, sql: str, *args: Any) -> Any:
            if sql == "ROLLBACK":
                raise KeyboardInterrupt  # Ctrl+C, or any failure, after the merge is in the file
            return self._conn.execute(sql, *args)

        def __getattr__(self, name: str) -> Any:
            return getattr(self._conn, name)

    real_open = merge_module.Project.open

    def open_interrupted(path: Any, **kwargs: Any) -> Project:
        other = real_open(path, **kwargs)
        other.conn = InterruptedAfterCommit(other.conn)
        return other

    monkeypatch.setattr(merge_module.Project, "open", open_interrupted)
    with pytest.raises(KeyboardInterrupt):
        merge_project(pair.a, other_path=pair.b_path)
    monkeypatch.undo()
    assert content(pair.a) != pair.before  # the merge is saved...
    (listed,) = [b for b in list_backups(pair.a.path) if b.reason == "merge"]  # ...and its way back kept
    with Project.open(listed.path, read_only=True) as old:
        assert content(old) == pair.before


def test_the_merge_is_one_undoable_step(pair: Pair) -> None:
    report = merge_project(pair.a, other_path=pair.b_path)
    assert isinstance(report, MergeReport) and report.op == "Merge ben.fcproj"
    assert report.tables >= {"claims", "tags", "articles"}
    ops.undo_changes(pair.a, changes=report)
    assert content(pair.a) == pair.before
    assert pair.a.check() == []


def test_merging_back_and_forth_converges_without_ping_pong(pair: Pair, tmp_path: Path) -> None:
    merge_project(pair.a, other_path=pair.b_path)
    with Project.open(pair.b_path, author="Ben") as b:
        back = merge_project(b, other_path=pair.a.path)
        assert back.changed_anything
        assert normalized(b) == normalized(pair.a)
    for round_ in range(2):  # neither side keeps finding "news" in the other
        report = merge_project(pair.a, other_path=pair.b_path)
        assert not report.changed_anything
        with Project.open(pair.b_path, author="Ben") as b:
            back = merge_project(b, other_path=pair.a.path)
            assert not back.changed_anything
        if round_:  # the first round only copied each other's merge records into the history
            assert report.history_added == back.history_added == 0


def test_report_counts_and_text(pair: Pair) -> None:
    report = merge_project(pair.a, other_path=pair.b_path)
    d = report.to_dict()
    assert d["added"] == sum(d["by_table"]["added"].values()) > 0
    assert d["by_table"]["added"]["claims"] == 2  # the re-created "hoax" and "fully operational…"
    assert d["by_table"]["deleted"] == {"tags": 1, "claim_tags": 1}  # "North Korea" and its one use
    assert d["by_table"]["matched_by_content"] == {"tags": 1, "articles": 1, "claims": 1, "claim_tags": 1}
    # The same claim's speaker, the same tag's spelling ("Economy"/"economy") and the quote both marked
    # independently; and the claim Anna deleted but Ben edited.
    assert d["conflicts"] == len(d["conflict_details"]) == 4
    assert sorted((c["table"], c["field"]) for c in d["conflict_details"]) == [
        ("claims", ""), ("claims", "speaker"), ("claims", "speaker"), ("tags", "name")]
    assert {"table", "row_id", "label", "field", "kept", "other", "kind"} <= set(d["conflict_details"][0])
    text = report.text()
    assert text.startswith("Merged ben.fcproj: ")
    assert "edited on both sides" in text and "“highly likely”" in text


def test_progress_counts_every_row_written(pair: Pair) -> None:
    calls: list[tuple[int, int]] = []
    report = merge_project(pair.a, other_path=pair.b_path, progress=lambda done, total: calls.append((done, total)))
    written = sum(report.added.values()) + sum(report.deleted.values())
    total = calls[-1][1]
    assert calls == [(n, total) for n in range(1, total + 1)]
    assert total >= written + sum(report.updated.values()) > 0  # rows stamped as merged count too


# -- deletions against edits, in both directions -------------------------------------------------------


@pytest.fixture
def twins(tmp_path: Path) -> Iterator[tuple[Project, Project]]:
    a = create_sample_project(tmp_path / "a.fcproj", author="Anna")
    share_project(a, dest=tmp_path / "b.fcproj")
    b = Project.open(tmp_path / "b.fcproj", author="Ben")
    yield a, b
    a.close()
    b.close()


def test_a_deletion_of_an_unchanged_row_is_applied(twins: tuple[Project, Project]) -> None:
    a, b = twins
    ops.delete_claim(b, claim_id=claim_by_quote(b, "hoax").id)
    report = merge_project(a, other_path=b.path)
    assert "hoax" not in [c.exact for c in list_claims(a)]
    assert report.conflicts == []
    assert report.deleted == {"claims": 1, "claim_tags": 1}


def test_an_edit_here_survives_a_deletion_there(twins: tuple[Project, Project]) -> None:
    a, b = twins
    hoax = claim_by_quote(a, "hoax").id
    ops.update_claim(a, claim_id=hoax, verdict="False")
    ops.delete_claim(b, claim_id=hoax)
    report = merge_project(a, other_path=b.path)
    claim = claim_by_quote(a, "hoax")
    assert claim.verdict == "False" and [t.name for t in claim.tags] == ["Russia"]
    assert [(c.row_id, c.kind) for c in report.conflicts] == [(hoax, EDITED_HERE_DELETED_THERE)]
    assert not merge_project(a, other_path=b.path).changed_anything  # and it is not asked again


def test_a_row_deleted_on_one_side_but_used_by_new_work_on_the_other_is_kept(
    twins: tuple[Project, Project],
) -> None:
    a, b = twins
    article = list_articles(a)[0].id
    ops.delete_article(a, article_id=article)
    ops.add_claim(b, article_id=article, quote="Rutte", speaker="reporter")
    report = merge_project(a, other_path=b.path)
    assert [x.id for x in list_articles(a)] == [article]
    assert [c.exact for c in list_claims(a)] == ["Rutte"]  # Anna's deletion of the other claims stands
    assert [c.kind for c in report.conflicts] == [STILL_USED]
    assert a.check() == []


def test_deleting_a_tag_there_and_adding_one_of_that_name_here_keeps_one_tag(
    twins: tuple[Project, Project],
) -> None:
    a, b = twins
    russia = next(t for t in list_tags(b) if t.name == "Russia")
    ops.delete_tag(b, tag_id=russia.id)
    ops.tag_claim(b, claim_id=claim_by_quote(b, "highly likely").id, name="Russia")  # a new tag, same name
    merge_project(a, other_path=b.path)
    assert [t.name for t in list_tags(a)].count("Russia") == 1
    assert [t.name for t in claim_by_quote(a, "highly likely").tags] == ["North Korea", "Russia"]
    assert [t.name for t in claim_by_quote(a, "hoax").tags] == []
    assert a.check() == []


def test_a_tag_paired_by_name_stays_paired_after_a_rename(twins: tuple[Project, Project]) -> None:
    a, b = twins
    claim = claim_by_quote(a, "highly likely").id
    ops.tag_claim(a, claim_id=claim, name="Troops")
    ops.tag_claim(b, claim_id=claim, name="troops")
    merge_project(a, other_path=b.path)
    troops = next(t for t in list_tags(b) if t.name == "troops")
    ops.update_tag(b, tag_id=troops.id, name="Troop deployments")
    merge_project(a, other_path=b.path)
    names = [t.name for t in list_tags(a)]
    assert "Troop deployments" in names and "Troops" not in names and "troops" not in names


def test_a_copy_shared_without_private_notes_never_blanks_them_here(tmp_path: Path) -> None:
    a = create_sample_project(tmp_path / "a.fcproj", author="Anna")
    rutte = claim_by_quote(a, "I cannot confirm these reports, but obviously they are concerning.").id
    ops.update_claim(a, claim_id=rutte, private_note="Call the press office back")
    share_project(a, dest=tmp_path / "b.fcproj", private_notes=False, history=False, attachments=False)
    with Project.open(tmp_path / "b.fcproj", author="Ben") as b:
        ops.update_claim(b, claim_id=rutte, note="Ben checked the video.")
    merge_project(a, other_path=tmp_path / "b.fcproj")
    claim = claim_by_quote(a, "I cannot confirm these reports, but obviously they are concerning.")
    assert claim.note == "Ben checked the video."
    assert claim.private_note == "Call the press office back"
    a.close()


def test_three_copies_merge_into_one(tmp_path: Path) -> None:
    a = create_sample_project(tmp_path / "a.fcproj", author="Anna")
    for name in ("b", "c"):
        share_project(a, dest=tmp_path / f"{name}.fcproj")
    with Project.open(tmp_path / "b.fcproj", author="Ben") as b:
        ops.update_claim(b, claim_id=claim_by_quote(b, "hoax").id, speaker="Dmitry Peskov")
    with Project.open(tmp_path / "c.fcproj", author="Chloé") as c:
        ops.update_claim(c, claim_id=claim_by_quote(c, "hoax").id, status="Checked")
        ops.delete_claim(c, claim_id=claim_by_quote(c, "highly likely").id)
    merge_project(a, other_path=tmp_path / "b.fcproj")
    report = merge_project(a, other_path=tmp_path / "c.fcproj")
    hoax = claim_by_quote(a, "hoax")
    assert (hoax.speaker, hoax.status) == ("Dmitry Peskov", "Checked")
    assert "highly likely" not in [x.exact for x in list_claims(a)]
    assert report.conflicts == []
    a.close()


# -- refusals and failures leave the project as it was -------------------------------------------------


def test_refuses_to_merge_the_project_into_itself(sample_project: Project) -> None:
    before = content(sample_project)
    with pytest.raises(ValidationError, match="this project itself"):
        merge_project(sample_project, other_path=sample_project.path)
    assert content(sample_project) == before


def test_refuses_a_file_that_is_not_a_project(sample_project: Project, tmp_path: Path) -> None:
    bogus = tmp_path / "notes.fcproj"
    bogus.write_text("shopping list", encoding="utf-8")
    before = content(sample_project)
    with pytest.raises(ProjectFileError, match=r"notes\.fcproj: is not a Fact-Check Workbench project"):
        merge_project(sample_project, other_path=bogus)
    assert content(sample_project) == before
    assert backups(tmp_path) == []


def test_a_failure_midway_leaves_the_project_as_it_was(pair: Pair, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0
    real_insert = Tx.insert

    def failing_insert(self: Tx, table: str, values: dict[str, Any], **kw: Any) -> dict[str, Any]:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise WorkbenchError("disk full (simulated)")
        return real_insert(self, table, values, **kw)

    monkeypatch.setattr(Tx, "insert", failing_insert)
    with pytest.raises(WorkbenchError, match="simulated"):
        merge_project(pair.a, other_path=pair.b_path)
    assert calls == 3
    assert content(pair.a) == pair.before
    assert pair.a.check() == []
    assert backups(tmp_path) == []
    monkeypatch.setattr(Tx, "insert", real_insert)
    assert merge_project(pair.a, other_path=pair.b_path).changed_anything  # and it can simply be retried


KILLER = textwrap.dedent("""
    import os, signal, sys
    from workbench.ops.merge import merge_project
    from workbench.store import Project

    # Die without any chance to clean up, in the middle of writing the merge.
    def progress(done, total):
        if done == int(sys.argv[3]):
            os.kill(os.getpid(), signal.SIGKILL)

    project = Project.open(sys.argv[1])
    merge_project(project, other_path=sys.argv[2], progress=progress)
    print("merge finished: the kill came too late", flush=True)
""")


def test_a_merge_killed_midway_leaves_the_project_as_it_was(tmp_path: Path) -> None:
    a_path = tmp_path / "a.fcproj"
    create_sample_project(a_path, author="Anna").close()
    with Project.open(a_path) as a:
        share_project(a, dest=tmp_path / "b.fcproj")
        before = content(a)
    rows = 3000
    with Project.open(tmp_path / "b.fcproj", author="Ben") as b:
        article = list_articles(b)[0].id
        text = b.conn.execute("SELECT text FROM articles WHERE id = ?", (article,)).fetchone()[0]
        with b.transaction("Bulk marking") as tx:  # enough rows that SQLite spills pages mid-merge
            for i in range(rows):
                start = i % (len(text) - 40)
                tx.insert("claims", {"article_id": article, "start": start, "end": start + 30,
                                     "exact": text[start:start + 30], "note": f"note {i} " + "x" * 800})
    result = subprocess.run([sys.executable, "-c", KILLER, str(a_path), str(tmp_path / "b.fcproj"),
                             str(rows - 10)], capture_output=True, text=True, timeout=300)
    assert result.returncode == -signal.SIGKILL, result.stdout + result.stderr
    assert (tmp_path / "a.fcproj-journal").exists()  # killed inside the transaction
    with Project.open(a_path) as a:  # SQLite rolls the hot journal back on open
        assert content(a) == before
        assert a.check() == []
        assert len(list_claims(a)) == 3


def test_cli_merge_prints_the_report(pair: Pair, capsys: pytest.CaptureFixture[str]) -> None:
    path = pair.a.path
    pair.a.close()
    assert cli.main(["merge", str(path), str(pair.b_path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["added"] > 0 and report["conflicts"] == 4
    assert {c["kind"] for c in report["conflict_details"]} == {EDITED_BOTH, DELETED_HERE_EDITED_THERE}
    assert cli.main(["merge", str(path), str(pair.b_path)]) == 0
    assert "Nothing to merge" in capsys.readouterr().out


def test_cli_merge_of_a_missing_file_is_a_one_line_error(sample_project: Project, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = sample_project.path
    sample_project.close()
    assert cli.main(["merge", str(path), str(tmp_path / "nowhere.fcproj")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nowhere.fcproj: no such file" in err


# -- the property: the direction of a merge does not matter ----------------------------------------------

QUOTES = ("highly likely", "hoax", "Rutte", "a missed opportunity", "fully operational by next spring",
          "the longest of our lives", "Ukraine")
TAGS = ("NATO", "nato", "Economy", "Law", "Russia")
COLORS = ("#ffd54f", "#81d4fa", "#a5d6a7")
SOURCE_TITLES = ("NATO transcript", "Kremlin statement")
EDITS = {
    "speaker": ("Rutte", "Peskov", "Kim"),
    "status": ("To check", "In progress", "Checked"),
    "verdict": ("", "True", "False"),
    "note": ("", "first note", "second note"),
    "private_note": ("", "secret"),
}

step = st.one_of(
    st.tuples(st.just("edit"), st.integers(0, 20), st.sampled_from(sorted(EDITS)), st.integers(0, 2)),
    st.tuples(st.just("mark"), st.integers(0, 5), st.sampled_from(QUOTES)),
    st.tuples(st.just("delete_claim"), st.integers(0, 20)),
    st.tuples(st.just("tag"), st.integers(0, 20), st.sampled_from(TAGS)),
    st.tuples(st.just("untag"), st.integers(0, 20)),
    st.tuples(st.just("delete_tag"), st.integers(0, 10)),
    st.tuples(st.just("recolor"), st.integers(0, 10), st.sampled_from(COLORS)),
    st.tuples(st.just("import"), st.sampled_from((SECOND_STORY, THIRD_STORY))),
    st.tuples(st.just("retitle"), st.integers(0, 5), st.sampled_from(("Title one", "Title two"))),
    st.tuples(st.just("delete_article"), st.integers(0, 5)),
    st.tuples(st.just("add_source"), st.sampled_from(SOURCE_TITLES)),
    st.tuples(st.just("edit_source"), st.integers(0, 5), st.sampled_from(("", "page 3", "see video"))),
    st.tuples(st.just("delete_source"), st.integers(0, 5)),
    st.tuples(st.just("link"), st.integers(0, 20), st.integers(0, 5), st.sampled_from(("supports", "refutes"))),
    st.tuples(st.just("edit_link"), st.integers(0, 20), st.sampled_from(("", "p. 4", "00:12:30"))),
    st.tuples(st.just("attach"), st.integers(0, 5), st.sampled_from((b"minutes", b"video notes"))),
    st.tuples(st.just("undo")),
)


def _apply(project: Project, action: tuple[Any, ...], done: list[Any]) -> None:
    """Run one random user action; actions that make no sense in the current state are skipped."""
    kind = action[0]
    claims, tags, articles = list_claims(project), list_tags(project), list_articles(project)
    sources = list_sources(project)
    links = project.conn.execute("SELECT id FROM claim_sources ORDER BY created_at, id").fetchall()
    changes = None
    try:
        if kind == "add_source":
            changes = ops.add_source(project, title=action[1], accessed="2024-10-20")
        elif kind == "edit_source" and sources:
            changes = ops.update_source(project, source_id=sources[action[1] % len(sources)].id, notes=action[2])
        elif kind == "delete_source" and sources:
            changes = ops.delete_source(project, source_id=sources[action[1] % len(sources)].id)
        elif kind == "link" and claims and sources:
            changes = ops.link_source(project, claim_id=claims[action[1] % len(claims)].id,
                                      source_id=sources[action[2] % len(sources)].id, relation=action[3])
        elif kind == "edit_link" and links:
            changes = ops.update_link(project, link_id=links[action[1] % len(links)][0], locator=action[2])
        elif kind == "attach" and sources:
            changes = ops.attach_file(project, source_id=sources[action[1] % len(sources)].id, data=action[2],
                                      name=action[2].decode() + ".txt")
        elif kind == "edit" and claims:
            _, i, name, v = action
            value = EDITS[name][v % len(EDITS[name])]
            changes = ops.update_claim(project, claim_id=claims[i % len(claims)].id, **{name: value})
        elif kind == "mark" and articles:
            article = articles[action[1] % len(articles)]
            changes = ops.add_claim(project, article_id=article.id, quote=action[2])
        elif kind == "delete_claim" and claims:
            changes = ops.delete_claim(project, claim_id=claims[action[1] % len(claims)].id)
        elif kind == "tag" and claims:
            changes = ops.tag_claim(project, claim_id=claims[action[1] % len(claims)].id, name=action[2])
        elif kind == "untag" and claims:
            claim = claims[action[1] % len(claims)]
            if claim.tags:
                changes = ops.untag_claim(project, claim_id=claim.id, tag_id=claim.tags[0].id)
        elif kind == "delete_tag" and tags:
            changes = ops.delete_tag(project, tag_id=tags[action[1] % len(tags)].id)
        elif kind == "recolor" and tags:
            changes = ops.update_tag(project, tag_id=tags[action[1] % len(tags)].id, color=action[2])
        elif kind == "import":
            article = story(action[1])
            if ops.find_duplicate(project, article) is None:
                changes = ops.add_article(project, article=article)
        elif kind == "retitle" and articles:
            changes = ops.update_article(project, article_id=articles[action[1] % len(articles)].id,
                                         title=action[2])
        elif kind == "delete_article" and len(articles) > 1:
            changes = ops.delete_article(project, article_id=articles[action[1] % len(articles)].id)
        elif kind == "undo" and done:
            ops.undo_changes(project, changes=done.pop())
    except ValidationError:
        return  # e.g. a quote not in that article: the journalist would just get a message
    if changes is not None and changes.images:
        done.append(changes)


@pytest.mark.slow  # (seconds: see the slow marker in pyproject.toml)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=st.lists(st.tuples(st.sampled_from("ab"), step), min_size=1, max_size=14), history=st.booleans())
def test_merging_either_way_gives_the_same_project(steps: list[tuple[str, tuple[Any, ...]]], history: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        with create_sample_project(root / "a.fcproj", author="Anna") as a:
            share_project(a, dest=root / "b.fcproj", history=history)
        sides = {"a": Project.open(root / "a.fcproj", author="Anna"),
                 "b": Project.open(root / "b.fcproj", author="Ben")}
        done: dict[str, list[Any]] = {"a": [], "b": []}
        try:
            for side, action in steps:
                _apply(sides[side], action, done[side])
        finally:
            for p in sides.values():
                p.close()
        shutil.copy(root / "a.fcproj", root / "a2.fcproj")  # closed files: a plain copy is safe here
        shutil.copy(root / "b.fcproj", root / "b2.fcproj")
        with Project.open(root / "a2.fcproj", author="Anna") as a2, \
                Project.open(root / "b2.fcproj", author="Ben") as b2:
            merge_project(a2, other_path=root / "b.fcproj")
            merge_project(b2, other_path=root / "a.fcproj")
            assert a2.check() == [] and b2.check() == []
            assert normalized(a2) == normalized(b2)
            assert not merge_project(a2, other_path=root / "b.fcproj").changed_anything
            assert not merge_project(b2, other_path=root / "a.fcproj").changed_anything


@pytest.mark.slow  # (seconds: see the slow marker in pyproject.toml)
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rounds=st.lists(st.lists(st.tuples(st.sampled_from("ab"), step), max_size=8), min_size=2, max_size=4))
def test_sending_copies_back_and_forth_converges(rounds: list[list[tuple[str, tuple[Any, ...]]]]) -> None:
    """Rounds of work on both copies, each round ending with Anna merging Ben's copy and Ben merging the
    result back: after every round both hold the same project and neither finds anything new."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        with create_sample_project(root / "a.fcproj", author="Anna") as a:
            share_project(a, dest=root / "b.fcproj")
        done: dict[str, list[Any]] = {"a": [], "b": []}
        for steps in rounds:
            sides = {"a": Project.open(root / "a.fcproj", author="Anna"),
                     "b": Project.open(root / "b.fcproj", author="Ben")}
            try:
                for side, action in steps:
                    _apply(sides[side], action, done[side])
                merge_project(sides["a"], other_path=root / "b.fcproj")
                sides["b"].close()
                with Project.open(root / "b.fcproj", author="Ben") as b:
                    merge_project(b, other_path=root / "a.fcproj")
                    assert b.check() == []
                    assert normalized(b) == normalized(sides["a"])
                assert not merge_project(sides["a"], other_path=root / "b.fcproj").changed_anything
            finally:
                for p in sides.values():
                    p.close()
            done = {"a": [], "b": []}  # undo stacks do not survive closing a project


@pytest.mark.parametrize("first", ["alice-into-bob", "bob-into-alice"])
def test_renames_that_pass_through_each_others_names_merge_and_converge(tmp_path: Path, first: str) -> None:
    # Alice swaps two tag names through a third (Economy → tmp, Politics → Economy, tmp → Politics) and
    # renames two verdicts into each other's labels; Bob edits a note. Merging either way round, and
    # back, works and both copies end the same (it used to fail for good on "UNIQUE constraint failed").
    with create_sample_project(tmp_path / "alice.fcproj", author="Alice") as alice:
        share_project(alice, dest=tmp_path / "bob.fcproj")
        nato, russia = (next(t.id for t in list_tags(alice) if t.name == n) for n in ("NATO", "Russia"))
        for tag_id, name in ((nato, "tmp"), (russia, "NATO"), (nato, "Russia")):
            ops.update_tag(alice, tag_id=tag_id, name=name)
        true, false = (next(v.id for v in verdict_scale(alice) if v.label == n) for n in ("True", "False"))
        for verdict_id, label in ((true, "x"), (false, "True"), (true, "False")):
            ops.update_verdict(alice, verdict_id=verdict_id, label=label)
    with Project.open(tmp_path / "bob.fcproj", author="Bob") as bob:
        ops.update_claim(bob, claim_id=list_claims(bob)[1].id, note="Bob's note")
    paths = {"alice": tmp_path / "alice.fcproj", "bob": tmp_path / "bob.fcproj"}
    order = ["bob", "alice"] if first == "alice-into-bob" else ["alice", "bob"]
    for into, other in (order, order[::-1]):
        with Project.open(paths[into], author=into) as project:
            merge_project(project, other_path=paths[other])
    with Project.open(paths["alice"], read_only=True) as a, Project.open(paths["bob"], read_only=True) as b:
        assert a.check() == [] and b.check() == []
        assert normalized(a) == normalized(b)
        assert {t.id: t.name for t in list_tags(b)}[nato] == "Russia"
        assert {v.id: v.label for v in verdict_scale(b)}[true] == "False"
        assert list_claims(b)[1].note == "Bob's note"
    with Project.open(paths["bob"], author="Bob") as bob:
        assert not merge_project(bob, other_path=paths["alice"]).changed_anything


def test_history_is_read_only_where_the_copies_differ(tmp_path: Path) -> None:
    """Issue 26: merging back a copy of a 100,000-claim project read every history record of both files
    (~200 MB). The revision graph is read by revision as it is walked: only for rows that differ."""
    from types import SimpleNamespace

    from workbench.ops.merge.plan import MergePlan

    a = create_sample_project(tmp_path / "anna.fcproj", author="Anna")
    try:
        b_path = share_project(a, dest=tmp_path / "ben.fcproj")
        with Project.open(b_path, author="Ben") as b:
            edited = claim_by_quote(b, "highly likely").id
            ops.update_claim(b, claim_id=edited, note="Confirmed by Seoul.")
        other = Project.open(b_path, read_only=True)
        try:
            plan = MergePlan(SimpleNamespace(conn=a.conn), other)  # deciding only reads
            plan.decide()
            ours, theirs = plan.ours.rows["claims"], plan.theirs.rows["claims"]
            walked = set(plan.graph._by_rev)
            assert {ours[edited]["rev"], theirs[edited]["rev"]} <= walked
            assert not walked & {row["rev"] for claim_id, row in ours.items() if claim_id != edited}
        finally:
            other.close()
        report = merge_project(a, other_path=b_path)
        assert report.history_added >= 1
        assert claim_by_quote(a, "highly likely").note == "Confirmed by Seoul."
        assert merge_project(a, other_path=b_path).changed_anything is False
    finally:
        a.close()
