"""The schema: search indexes that follow every insert, edit and delete (accent- and case-folding),
constraints that keep bad values out, and a first migration that is all-or-nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.support.projects import add_article
from workbench import ops
from workbench.store import Project, schema


def match(project: Project, table: str, query: str) -> list[str]:
    """Ids of ``table`` rows whose search index matches ``query``."""
    rows = project.conn.execute(
        f"SELECT t.id FROM {table}_fts f JOIN {table} t ON t.seq = f.rowid WHERE {table}_fts MATCH ? "
        "ORDER BY t.seq",
        (query,),
    )
    return [r[0] for r in rows]




TEXT = "In São Paulo the governor promised free buses. The mayor said the metro would be extended."


def test_article_text_and_title_are_searchable_after_import(project: Project) -> None:
    article_id = add_article(project, TEXT, title="Transport pledges")
    assert match(project, "articles", "governor") == [article_id]
    assert match(project, "articles", "transport") == [article_id]
    assert match(project, "articles", "zebra") == []


@pytest.mark.parametrize("query", ["sao paulo", "SÃO PAULO", "Sao", "paulo"])
def test_search_folds_case_and_accents(project: Project, query: str) -> None:
    article_id = add_article(project, TEXT)
    assert match(project, "articles", query) == [article_id]


def test_article_index_follows_a_title_edit_and_a_delete(project: Project) -> None:
    article_id = add_article(project, TEXT, title="Transport pledges")
    ops.update_article(project, article_id=article_id, title="Housing promises")
    assert match(project, "articles", "transport") == []
    assert match(project, "articles", "housing") == [article_id]
    ops.delete_article(project, article_id=article_id)
    assert match(project, "articles", "housing") == []
    assert match(project, "articles", "governor") == []
    assert project.check() == []


def test_claim_index_follows_add_edit_and_delete(project: Project) -> None:
    article_id = add_article(project, TEXT)
    claim_id = ops.add_claim(project, article_id=article_id, quote="the metro would be extended",
                             speaker="The mayor", note="Check the 2023 budget line").created("claims")[0]
    assert match(project, "claims", "metro") == [claim_id]
    assert match(project, "claims", "mayor") == [claim_id]
    assert match(project, "claims", "budget") == [claim_id]

    ops.update_claim(project, claim_id=claim_id, note="Transit authority denies it",
                     private_note="Source: Joaquim")
    assert match(project, "claims", "budget") == []
    assert match(project, "claims", "denies") == [claim_id]
    assert match(project, "claims", "joaquim") == [claim_id]

    ops.delete_claim(project, claim_id=claim_id)
    assert match(project, "claims", "metro") == []
    assert match(project, "claims", "denies") == []
    assert project.check() == []


def test_claim_index_follows_undo_and_redo(project: Project) -> None:
    article_id = add_article(project, TEXT)
    added = ops.add_claim(project, article_id=article_id, quote="free buses")
    claim_id = added.created("claims")[0]
    ops.undo_changes(project, changes=added)
    assert match(project, "claims", "buses") == []
    ops.redo_changes(project, changes=added)
    assert match(project, "claims", "buses") == [claim_id]
    assert project.check() == []


def test_source_index_follows_insert_update_delete(project: Project) -> None:
    with project.transaction("Add source") as tx:
        source_id = tx.insert("sources", {"title": "Budget 2024", "publisher": "Prefeitura de São Paulo",
                                          "url": "https://example.org/orcamento", "notes": "Table 7"})["id"]
    assert match(project, "sources", "prefeitura") == [source_id]
    assert match(project, "sources", "sao") == [source_id]
    with project.transaction("Edit source") as tx:
        tx.update("sources", source_id, {"notes": "Annex B"})
    assert match(project, "sources", "annex") == [source_id]
    assert match(project, "sources", "table") == []
    with project.transaction("Delete source") as tx:
        tx.delete("sources", source_id)
    assert match(project, "sources", "budget") == []
    assert project.check() == []


def test_search_index_survives_vacuum(project: Project) -> None:
    # "Save a copy" uses VACUUM INTO; plain rowids may be renumbered by VACUUM, explicit seq keys not.
    first = add_article(project, "alpha words only here")
    second = add_article(project, "bravo words only here")
    third = add_article(project, "charlie words only here")
    ops.delete_article(project, article_id=first)
    project.conn.execute("VACUUM")
    assert match(project, "articles", "bravo") == [second]
    assert match(project, "articles", "charlie") == [third]
    assert project.check() == []


# -- constraints -----------------------------------------------------------------------------------------


def _claim_values(article_id: str, overrides: dict[str, object]) -> dict[str, object]:
    return {"article_id": article_id, "start": 0, "end": 2, "exact": "In", **overrides}


@pytest.mark.parametrize(
    "overrides",
    [{"status": "Maybe"}, {"start": 5, "end": 5}, {"start": -1}, {"article_id": "no-such-article"}],
    ids=["unknown-status", "empty-span", "negative-start", "missing-article"],
)
def test_schema_refuses_impossible_claims_even_without_the_ops_layer(
    project: Project, overrides: dict[str, object]
) -> None:
    article_id = add_article(project, TEXT)
    with pytest.raises(sqlite3.IntegrityError), project.transaction("Raw insert") as tx:
        tx.insert("claims", _claim_values(article_id, overrides))
    assert project.conn.execute("SELECT count(*) FROM claims").fetchone()[0] == 0


def test_tag_names_are_unique_regardless_of_case(project: Project) -> None:
    with project.transaction("Add tag") as tx:
        tx.insert("tags", {"name": "Economy"})
    with pytest.raises(sqlite3.IntegrityError), project.transaction("Add tag") as tx:
        tx.insert("tags", {"name": "ECONOMY"})


def test_every_editable_table_carries_id_stamps_and_rev(project: Project) -> None:
    stamped = ("articles", "claims", "tags", "claim_tags", "sources", "source_files", "claim_sources",
               "verdict_scale", "dismissals")
    for table in stamped:
        columns = {r[1] for r in project.conn.execute(f"PRAGMA table_info({table})")}
        assert {"id", "created_at", "updated_at", "created_by", "updated_by", "rev"} <= columns, table


def test_first_migration_is_all_or_nothing(tmp_path: Path) -> None:
    # executescript() would commit half-way; the migration must run inside the caller's transaction.
    conn = sqlite3.connect(tmp_path / "empty.db", isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    schema.MIGRATIONS[0](conn)
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'claims_fts_au'").fetchone()[0] == 1
    conn.execute("ROLLBACK")
    assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
    conn.close()


def test_migrations_cover_every_version_up_to_the_current_one() -> None:
    assert sorted(schema.MIGRATIONS) == list(range(schema.SCHEMA_VERSION))
