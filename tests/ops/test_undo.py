"""Undo and redo of every operation: undo puts back exactly the rows there were (cascades included),
redo puts back exactly what the operation made, both survive closing the file, and both are recorded
in the history like any edit."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from workbench import ops
from workbench.core.errors import ValidationError
from workbench.importers import ImportedArticle
from workbench.store import Changes, Project
from workbench.store.queries import get_claim, list_claims, list_tags, verdict_scale

TABLES = ("articles", "claims", "tags", "claim_tags", "sources", "claim_sources", "verdict_scale", "dismissals")
# Stamps an undo or redo legitimately renews: it is a new edit (merge needs to see it as newer).
RENEWED = frozenset({"rev", "updated_at", "updated_by"})

TEXT = "The chancellor said exports rose 5%. The opposition said exports fell. Analysts said exports rose 2%."

Snapshot = dict[str, dict[str, dict[str, Any]]]


def snapshot(project: Project) -> Snapshot:
    snap: Snapshot = {}
    for table in TABLES:
        cur = project.conn.execute(f"SELECT * FROM {table}")
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, r, strict=True)) for r in cur]
        snap[table] = {r["id"]: {k: v for k, v in r.items() if k != "seq"} for r in rows}
    snap["meta"] = {k: {"value": v} for k, v in project.conn.execute("SELECT key, value FROM meta")}
    return snap


def without(snap: Snapshot, keys: frozenset[str]) -> Snapshot:
    return {t: {i: {k: v for k, v in row.items() if k not in keys} for i, row in rows.items()}
            for t, rows in snap.items()}


def claim_tags_in_order(project: Project) -> dict[str, list[str]]:
    """Each claim's tag names in display order (the first colours the highlight)."""
    return {c.id: [t.name for t in c.tags] for c in list_claims(project)}


def tag_id(project: Project, name: str) -> str:
    return next(t.id for t in list_tags(project) if t.name == name)


def verdict_id(project: Project, label: str) -> str:
    return next(v.id for v in verdict_scale(project) if v.label == label)


@pytest.fixture
def world(project: Project) -> dict[str, str]:
    """An article with three tagged claims (one linked to a source), a second article, a dismissal."""
    a1 = ops.add_article(project, article=ImportedArticle(text=TEXT, title="Exports", outlet="Wire")).created(
        "articles")[0]
    a2 = ops.add_article(project, article=ImportedArticle(text="Unrelated text.", title="Other")).created(
        "articles")[0]
    c1 = ops.add_claim(project, article_id=a1, quote="exports rose 5%", speaker="Chancellor",
                       tags=["Economy", "Trade"], verdict="Mostly false", note="Stats office says 3%").created(
        "claims")[0]
    c2 = ops.add_claim(project, article_id=a1, quote="exports fell", speaker="Opposition",
                       tags=["Trade"], verdict="False").created("claims")[0]
    c3 = ops.add_claim(project, article_id=a1, quote="exports rose 2%", speaker="Analysts").created("claims")[0]
    with project.transaction("Setup") as tx:
        source = tx.insert("sources", {"title": "Trade statistics 2024", "kind": "dataset"})["id"]
        tx.insert("claim_sources", {"claim_id": c1, "source_id": source, "relation": "refutes",
                                    "excerpt": "+3.1%"})
        tx.insert("dismissals", {"article_id": a1, "start": 0, "end": 3, "exact": "The"})
    return {"a1": a1, "a2": a2, "c1": c1, "c2": c2, "c3": c3, "source": source}


OPS: dict[str, Callable[[Project, dict[str, str]], Changes]] = {
    "add_article": lambda p, w: ops.add_article(p, article=ImportedArticle(text="New words.", title="New")),
    "update_article": lambda p, w: ops.update_article(p, article_id=w["a1"], title="Exports, checked",
                                                      outlet="Daily"),
    "delete_article_with_claims": lambda p, w: ops.delete_article(p, article_id=w["a1"]),
    "add_claim_with_new_and_old_tags": lambda p, w: ops.add_claim(
        p, article_id=w["a1"], quote="The opposition", tags=["Trade", "Politics"], verdict="True"),
    "update_claim": lambda p, w: ops.update_claim(p, claim_id=w["c1"], speaker="Finance minister",
                                                  status="Checked", verdict="False", note="", private_note="x"),
    "delete_claim_with_tags_and_source": lambda p, w: ops.delete_claim(p, claim_id=w["c1"]),
    "add_tag": lambda p, w: ops.add_tag(p, name="Later", color="#010203"),
    "update_tag": lambda p, w: ops.update_tag(p, tag_id=tag_id(p, "Trade"), name="Commerce", color="#0000ff"),
    "delete_tag_in_use": lambda p, w: ops.delete_tag(p, tag_id=tag_id(p, "Trade")),
    "delete_first_tag_of_a_claim": lambda p, w: ops.delete_tag(p, tag_id=tag_id(p, "Economy")),
    "merge_tags": lambda p, w: ops.merge_tags(p, source_tag_id=tag_id(p, "Trade"),
                                              target_tag_id=tag_id(p, "Economy")),
    "tag_claim_new_tag": lambda p, w: ops.tag_claim(p, claim_id=w["c3"], name="Analysis"),
    "untag_claim": lambda p, w: ops.untag_claim(p, claim_id=w["c1"], tag_id=tag_id(p, "Economy")),
    "add_verdict": lambda p, w: ops.add_verdict(p, label="Satire"),
    "rename_verdict_in_use": lambda p, w: ops.update_verdict(p, verdict_id=verdict_id(p, "False"), label="Wrong"),
    "delete_verdict": lambda p, w: ops.delete_verdict(p, verdict_id=verdict_id(p, "Unverifiable")),
    "set_project_title": lambda p, w: ops.set_project_title(p, title="Exports fact-check"),
}


@pytest.mark.parametrize("name", list(OPS))
def test_undo_restores_and_redo_reapplies_exact_rows(
    project: Project, world: dict[str, str], project_path: Path, name: str
) -> None:
    before = snapshot(project)
    tag_order = claim_tags_in_order(project)
    changes = OPS[name](project, world)
    after = snapshot(project)
    assert changes.images, "the operation recorded no change"
    assert after != before

    undone = ops.undo_changes(project, changes=changes)
    assert undone.op == f"Undo {changes.op}"
    restored = snapshot(project)
    assert without(restored, RENEWED) == without(before, RENEWED)
    # Rows the operation deleted come back exactly, stamps included (only the revision is new).
    for image in changes.images:
        if image.after is None and image.table != "meta":
            assert without({"t": {"r": restored[image.table][image.row_id]}}, frozenset({"rev"})) == without(
                {"t": {"r": before[image.table][image.row_id]}}, frozenset({"rev"}))
    assert claim_tags_in_order(project) == tag_order
    assert project.check() == []

    redone = ops.redo_changes(project, changes=changes)
    assert redone.op == f"Redo {changes.op}"
    assert without(snapshot(project), RENEWED) == without(after, RENEWED)
    assert project.check() == []

    # And back again: the same command can be undone after a redo (the undo stack does this).
    ops.undo_changes(project, changes=changes)
    final = snapshot(project)
    assert without(final, RENEWED) == without(before, RENEWED)

    project.close()
    with Project.open(project_path) as again:
        assert snapshot(again) == final


def test_undo_delete_claim_brings_back_the_claim_and_its_tags(project: Project, world: dict[str, str]) -> None:
    claim = get_claim(project, world["c1"])
    rows = {t: project.conn.execute(f"SELECT * FROM {t} WHERE claim_id = ?", (world["c1"],)).fetchall()
            for t in ("claim_tags", "claim_sources")}
    changes = ops.delete_claim(project, claim_id=world["c1"])
    assert changes.tables == {"claims", "claim_tags", "claim_sources"}
    ops.undo_changes(project, changes=changes)
    back = get_claim(project, world["c1"])
    assert back == claim
    assert [t.name for t in back.tags] == ["Economy", "Trade"]  # in the original order: colour follows
    for table, old in rows.items():
        new = project.conn.execute(f"SELECT * FROM {table} WHERE claim_id = ?", (world["c1"],)).fetchall()
        # Same rows, same ids and stamps; only rev (last column) is a new revision.
        assert [r[:-1] for r in new] == [r[:-1] for r in old]
    assert project.conn.execute("SELECT count(*) FROM tombstones WHERE row_id = ?", (world["c1"],)).fetchone() == (0,)


def test_undo_and_redo_are_recorded_in_history_with_a_rev_chain(project: Project, world: dict[str, str]) -> None:
    deleted = ops.delete_claim(project, claim_id=world["c3"])
    (deleted_rev,) = project.conn.execute(
        "SELECT rev FROM history WHERE row_id = ? AND action = 'delete'", (world["c3"],)).fetchone()
    ops.undo_changes(project, changes=deleted)
    op, action, parent = project.conn.execute(
        "SELECT op, action, parent_rev FROM history WHERE row_id = ? ORDER BY at DESC, rowid DESC LIMIT 1",
        (world["c3"],)).fetchone()
    assert (op, action) == ("Undo Delete claim", "insert")
    # The restored row is a new revision whose parent is the revision it had before it was deleted.
    row = project.row("claims", world["c3"])
    assert row is not None and row["rev"] != deleted_rev
    assert parent == deleted.images[-1].before["rev"]  # type: ignore[index]
    ops.redo_changes(project, changes=deleted)
    assert project.row("claims", world["c3"]) is None
    assert project.conn.execute(
        "SELECT count(*) FROM tombstones WHERE row_id = ?", (world["c3"],)).fetchone() == (1,)


def test_undo_of_an_added_claim_leaves_a_tombstone_and_redo_clears_it(
    project: Project, world: dict[str, str]
) -> None:
    changes = ops.add_claim(project, article_id=world["a2"], quote="Unrelated")
    claim_id = changes.created("claims")[0]
    ops.undo_changes(project, changes=changes)
    assert project.row("claims", claim_id) is None
    assert project.conn.execute("SELECT table_name FROM tombstones WHERE row_id = ?", (claim_id,)).fetchone() == (
        "claims",)
    ops.redo_changes(project, changes=changes)
    assert get_claim(project, claim_id).exact == "Unrelated"
    assert project.conn.execute("SELECT count(*) FROM tombstones WHERE row_id = ?", (claim_id,)).fetchone() == (0,)


def test_undo_in_reverse_order_of_several_ops_returns_to_the_start(project: Project, world: dict[str, str]) -> None:
    start = without(snapshot(project), RENEWED)
    done = [
        ops.tag_claim(project, claim_id=world["c3"], name="Economy"),
        ops.merge_tags(project, source_tag_id=tag_id(project, "Trade"), target_tag_id=tag_id(project, "Economy")),
        ops.update_verdict(project, verdict_id=verdict_id(project, "False"), label="Wrong"),
        ops.delete_article(project, article_id=world["a1"]),
    ]
    for changes in reversed(done):
        ops.undo_changes(project, changes=changes)
    assert without(snapshot(project), RENEWED) == start
    assert project.check() == []


def test_undo_rolls_back_only_the_fields_its_step_changed(sample_project) -> None:
    """A field changed after the step (here by a direct edit standing in for a merge) keeps its value."""
    from workbench import ops
    from workbench.store.queries import list_claims

    claim = list_claims(sample_project)[1]
    step = ops.update_claim(sample_project, claim_id=claim.id, verdict="Mostly true")
    with sample_project.transaction("Merge stand-in") as tx:
        tx.update("claims", claim.id, {"note": "From a colleague"})
    ops.undo_changes(sample_project, changes=step)
    after = list_claims(sample_project)[1]
    assert (after.verdict, after.note) == ("", "From a colleague")


def test_undo_never_overwrites_what_another_editor_saved_since(project: Project, world: dict[str, str]) -> None:
    # Two editors of one file (a second window through a link, a command, a merge): window 1 writes a note,
    # window 2 writes another over it, then window 1 presses Ctrl+Z. Reverting would silently throw away
    # window 2's note: the undo is refused and changes nothing.
    mine = ops.update_claim(project, claim_id=world["c2"], note="first draft")
    with Project.open(project.path, author="Other window") as other:
        ops.update_claim(other, claim_id=world["c2"], note="the colleague's finished note")
        ops.update_claim(other, claim_id=world["c3"], speaker="Trade analysts")
    with pytest.raises(ValidationError, match="note of this claim was changed since"):
        ops.undo_changes(project, changes=mine)
    deleted = ops.delete_claim(project, claim_id=world["c1"])
    ops.undo_changes(project, changes=deleted)  # nobody touched it meanwhile: undone as always
    added = ops.add_claim(project, article_id=world["a1"], quote="The opposition")
    with Project.open(project.path, author="Other window") as other:
        ops.update_claim(other, claim_id=added.created("claims")[0], speaker="Opposition leader")
    with pytest.raises(ValidationError, match="changed since"):
        ops.undo_changes(project, changes=added)  # removing the claim would lose the speaker just given
    project.close()
    with Project.open(project.path, read_only=True) as again:
        assert get_claim(again, world["c2"]).note == "the colleague's finished note"
        assert get_claim(again, world["c1"]).exact == "exports rose 5%"
        assert get_claim(again, added.created("claims")[0]).speaker == "Opposition leader"
