"""The ``@operation`` decorator every operation is built with: one transaction, the history recorded, the new
row's id on the Changes, steps composable inside a bigger operation, and work before the transaction
(a backup) done only when the project can be changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench import ops
from workbench.core.errors import NotFoundError, ProjectFileError
from workbench.importers import ImportedArticle
from workbench.ops.base import operation
from workbench.store import Project, Tx
from workbench.store.backups import list_backups
from workbench.store.queries import list_claims, list_tags

TEXT = "The mayor said the bridge “will open in May” and the council agreed."


def test_changes_carry_the_new_rows_id(project: Project) -> None:
    article_id = ops.add_article(project, article=ImportedArticle(text=TEXT, title="Bridge")).id
    changes = ops.add_claim(project, article_id=article_id, quote="will open in May", tags=["Roads"])
    assert changes.id == changes.created("claims")[0] == list_claims(project)[0].id
    assert ops.tag_claim(project, claim_id=changes.id, name="roads").id == list_tags(project)[0].id
    assert ops.delete_claim(project, claim_id=changes.id).id == changes.id


def test_steps_inside_one_operation_are_one_transaction_and_one_undo(project: Project) -> None:
    article_id = ops.add_article(project, article=ImportedArticle(text=TEXT, title="Bridge")).id

    @operation("Mark both quotes")
    def mark_both(tx: Tx, *, article_id: str) -> None:
        ops.add_claim.in_tx(tx, article_id=article_id, quote="will open in May")
        ops.add_claim.in_tx(tx, article_id=article_id, quote="the council agreed")

    changes = mark_both(project, article_id=article_id)
    assert changes.op == "Mark both quotes" and len(changes.created("claims")) == 2
    ops.undo_changes(project, changes=changes)
    assert list_claims(project) == []
    ops_in_history = {r[0] for r in project.conn.execute("SELECT op FROM history WHERE table_name = 'claims'")}
    assert ops_in_history == {"Mark both quotes", "Undo Mark both quotes"}


def test_a_failing_step_leaves_nothing_behind(project: Project) -> None:
    article_id = ops.add_article(project, article=ImportedArticle(text=TEXT, title="Bridge")).id

    @operation("Mark and fail")
    def mark_and_fail(tx: Tx, *, article_id: str) -> None:
        ops.add_claim.in_tx(tx, article_id=article_id, quote="will open in May")
        ops.add_claim.in_tx(tx, article_id="no-such-article", quote="x")

    with pytest.raises(NotFoundError, match="no article with id no-such-article"):
        mark_and_fail(project, article_id=article_id)
    assert list_claims(project) == []
    assert project.conn.execute("SELECT count(*) FROM history WHERE op = 'Mark and fail'").fetchone()[0] == 0


def test_the_backup_before_a_bulk_delete_is_made_only_where_the_delete_can_happen(sample_project: Project,
                                                                                 tmp_path: Path) -> None:
    article_id = list_claims(sample_project)[0].article_id
    with Project.open(sample_project.path, read_only=True) as viewer, pytest.raises(ProjectFileError):
        ops.delete_article(viewer, article_id=article_id)
    assert list_backups(sample_project.path) == []
    ops.delete_article(sample_project, article_id=article_id)
    assert [b.reason for b in list_backups(sample_project.path)] == ["bulk-delete"]
