"""Schema migrations written with sqlite-utils, as the coming features will write them (a column for source
text, a table for reviews, a rebuilt claims table): the journalist's work survives, search keeps working,
the schema guard accepts the result, a failed or unsafe upgrade changes nothing, and sqlite-utils is loaded
only when a migration runs."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.cli import sha256
from workbench import ops
from workbench.core.errors import ForeignSchemaError, ProjectFileError
from workbench.core.model import Article
from workbench.importers.base import ImportedArticle
from workbench.ops.sample import create_sample_project
from workbench.store import Project, schema
from workbench.store.queries import list_articles, list_claims
from workbench.store.schema_guard import schema_differences
from workbench.store.search import search


def _reviews_and_source_text(conn: sqlite3.Connection) -> None:
    """A version-1 -> 2 migration shaped like the next features' ones."""
    db = schema.utils_db(conn)
    db["sources"].add_column("text", str, not_null_default="")
    db["sign_offs"].create(
        {"id": str, "claim_id": str, "reviewer": str, "decision": str, "created_at": str},
        pk="id", not_null={"claim_id", "created_at"}, foreign_keys=[("claim_id", "claims", "id")],
    )
    # What ALTER TABLE cannot do: a rebuilt claims table (new default), its rows and seq kept.
    schema.transform_table(conn, "claims", defaults={"verdict": "Unverifiable"})


def _pretend_version_2(monkeypatch: pytest.MonkeyPatch, migration: Callable[[sqlite3.Connection], None]) -> None:
    # The next format after this build's, whatever this build's is.
    monkeypatch.setitem(schema.MIGRATIONS, schema.SCHEMA_VERSION, migration)
    monkeypatch.setattr(schema, "SCHEMA_VERSION", schema.SCHEMA_VERSION + 1)


def _master(conn: sqlite3.Connection) -> set[tuple[str, str, str | None]]:
    return set(conn.execute("SELECT type, name, sql FROM sqlite_master"))


@pytest.fixture
def v1_sample(tmp_path: Path) -> Path:
    path = tmp_path / "story.fcproj"
    with create_sample_project(path, author="Ana") as project:
        claim = list_claims(project)[0]
        ops.tag_claim(project, claim_id=claim.id, name="economy")
    return path


def test_a_sqlite_utils_migration_keeps_the_work_search_and_the_schema_guard(
    v1_sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Project.open(v1_sample, read_only=True) as old:
        claims_before = [(c.id, c.exact, c.speaker, [t.name for t in c.tags]) for c in list_claims(old)]
    _pretend_version_2(monkeypatch, _reviews_and_source_text)

    with Project.open(v1_sample) as project:
        conn = project.conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        assert [(c.id, c.exact, c.speaker, [t.name for t in c.tags]) for c in list_claims(project)] == claims_before
        assert conn.execute("SELECT count(*) FROM sign_offs").fetchone()[0] == 0
        assert conn.execute("SELECT text FROM sources").fetchall() == [("",)]
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1  # back on after the upgrade
        # Old claims are still found, and the rebuilt table's search triggers still run.
        rutte = claims_before[0]
        assert rutte[0] in [h.claim_id for h in search(project, rutte[1]) if h.kind == "claim"]
        article_id = conn.execute("SELECT id FROM articles").fetchone()[0]
        new_claim = ops.add_claim(project, article_id=article_id, quote="North Korean").created("claims")[0]
        ops.update_claim(project, claim_id=new_claim, note="troop movements confirmed by satellites")
        assert new_claim in [h.claim_id for h in search(project, "satellites") if h.kind == "claim"]
        assert conn.execute("SELECT verdict FROM claims WHERE id = ?", (new_claim,)).fetchone() == ("",)
        assert project.check() == []

    # Reopened, the migrated schema is exactly the one this (pretend) version makes, and exactly the one
    # a project created now gets.
    with Project.open(v1_sample) as reopened:
        assert schema_differences(reopened.conn, schema.SCHEMA_VERSION) == []
        migrated = _master(reopened.conn)
    with Project.create(tmp_path / "new.fcproj") as new:
        assert new.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        assert _master(new.conn) == migrated


def test_sqlite_utils_is_loaded_only_when_a_migration_needs_it(v1_sample: Path) -> None:
    code = (
        "import sys; from workbench.store import Project; import workbench.ui.main_window; "
        f"p = Project.open({str(v1_sample)!r}); p.check(); p.close(); "
        "assert 'sqlite_utils' not in sys.modules, 'loaded at start-up or open'"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def _transform_then_fail(conn: sqlite3.Connection) -> None:
    schema.transform_table(conn, "claims", defaults={"verdict": "Unverifiable"})
    schema.utils_db(conn)["sources"].add_column("text", str, not_null_default="")
    raise sqlite3.OperationalError("the upgrade stopped half-way")


def _lose_the_articles(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM articles")  # a buggy step: every claim would point at nothing


@pytest.mark.parametrize(
    ("migration", "why"),
    [(_transform_then_fail, "stopped half-way"), (_lose_the_articles, "rows would point at rows that no longer")],
    ids=["fails-half-way", "leaves-dangling-rows"],
)
def test_a_failed_or_unsafe_upgrade_changes_nothing(
    v1_sample: Path, monkeypatch: pytest.MonkeyPatch, migration: Callable[[sqlite3.Connection], None], why: str
) -> None:
    before = sha256(v1_sample)
    _pretend_version_2(monkeypatch, migration)
    old, new = schema.SCHEMA_VERSION - 1, schema.SCHEMA_VERSION
    with pytest.raises(ProjectFileError, match=f"could not be upgraded from file format {old} to {new} .*{why}"):
        Project.open(v1_sample)
    assert sha256(v1_sample) == before
    monkeypatch.undo()
    with Project.open(v1_sample) as project:
        assert len(list_claims(project)) == 3
        assert project.check() == []


def _as_format_3(path: Path) -> None:
    """Turn a project made now into the format-3 file an earlier version made: the article text in the
    middle of its row, no stored length, no index of speakers. The table is made from format 3's own SQL (not
    renamed), so the schema guard sees exactly what format 3 looked like."""
    reference = sqlite3.connect(":memory:")
    schema.migrate(reference, 0, end=3)
    (v3_sql,) = reference.execute("SELECT sql FROM sqlite_master WHERE name = 'articles'").fetchone()
    columns = ", ".join(r[1] for r in reference.execute("PRAGMA table_info(articles)"))
    conn = sqlite3.connect(path, isolation_level=None)
    keep = [sql for (sql,) in conn.execute("SELECT sql FROM sqlite_master WHERE tbl_name = 'articles' AND "
                                           "type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY rowid")]
    conn.execute("BEGIN")
    conn.execute("CREATE TEMP TABLE old_articles AS SELECT * FROM articles")
    conn.execute("DROP TABLE articles")
    conn.execute(v3_sql)
    conn.execute(f"INSERT INTO articles ({columns}) SELECT {columns} FROM old_articles")
    for sql in keep:
        if "articles_listing" not in sql:  # (made by format 4)
            conn.execute(sql)
    conn.execute("DROP INDEX claims_speaker")  # (made by format 4 too)
    conn.execute("PRAGMA user_version = 3")
    conn.execute("COMMIT")
    conn.close()


def test_format_3_gets_the_article_text_last_and_its_length_stored(tmp_path: Path) -> None:
    path = tmp_path / "story.fcproj"
    with create_sample_project(path, author="Ana") as project:
        claims_before = [(c.id, c.exact, c.speaker, c.anchored) for c in list_claims(project)]
        (text,) = project.conn.execute("SELECT text FROM articles").fetchone()
    _as_format_3(path)
    before = sha256(path)
    # Read-only (a colleague's copy to merge in, a read-only folder): an upgraded private copy is read, the
    # file itself is left exactly as it was.
    with Project.open(path, read_only=True) as old:
        (article,) = _articles(old)
        assert article.chars == len(text)
        assert [(c.id, c.exact, c.speaker, c.anchored) for c in list_claims(old)] == claims_before
    assert sha256(path) == before
    assert not list(tmp_path.glob("*-journal"))

    with Project.open(path) as project:
        columns = [r[1] for r in project.conn.execute("PRAGMA table_info(articles)")]
        assert columns[-2:] == ["chars", "text"]  # nothing after the text: listing never walks its pages
        (article,) = _articles(project)
        assert article.chars == len(text) > 1000
        assert [(c.id, c.exact, c.speaker, c.anchored) for c in list_claims(project)] == claims_before
        # The search index still points at the right rows.
        assert any(hit.kind == "article" for hit in search(project, "Rutte"))
        assert project.check() == []
        assert schema_differences(project.conn, schema.SCHEMA_VERSION) == []
        # A new article gets its length stored too.
        text = "Zwölf Boxkämpfer jagen Viktor 🥊."
        new_id = ops.add_article(project, article=ImportedArticle(title="Second", text=text)).created("articles")[0]
        assert _articles(project)[-1].id == new_id and _articles(project)[-1].chars == len(text) == 32


def _articles(project: Project) -> list[Article]:
    return list_articles(project)


def test_an_older_file_refused_when_read_is_named_itself_not_its_upgraded_copy(tmp_path: Path) -> None:
    path = tmp_path / "story.fcproj"
    create_sample_project(path, author="Ana").close()
    _as_format_3(path)
    conn = sqlite3.connect(path)
    conn.execute("CREATE VIEW not_ours AS SELECT 1")
    conn.commit()
    conn.close()
    before = sha256(path)
    with pytest.raises(ForeignSchemaError) as refused:
        Project.open(path, read_only=True)
    assert str(path) in str(refused.value) and "workbench-upgrade" not in str(refused.value)
    assert sha256(path) == before
