"""Article operations: import into the project, edit metadata, delete with everything hanging off it,
and spot an article imported twice."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from workbench import ops
from workbench.core.errors import NotFoundError, ValidationError
from workbench.importers import ImportedArticle, import_file
from workbench.importers.base import MAX_TEXT_CHARS
from workbench.store import Project
from workbench.store.queries import article_text, get_article, list_articles, list_tags

TEXT = "The minister said “inflation is under control”. Economists said it was not."


def counts(project: Project) -> dict[str, int]:
    tables = ("articles", "claims", "tags", "claim_tags", "claim_sources", "dismissals", "history",
              "tombstones")
    return {t: project.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def add(project: Project, text: str = TEXT, **kw: str) -> str:
    kw.setdefault("title", "Inflation")
    return ops.add_article(project, article=ImportedArticle(text=text, **kw)).created("articles")[0]


def test_add_article_stores_text_verbatim_with_its_metadata(project: Project) -> None:
    article_id = add(project, outlet="Wire", author="J. Doe", published="2024-10-20",
                     url="https://example.org/a", language="en", source_file="a.txt", source_sha256="ab",
                     format="txt")
    assert article_text(project, article_id) == TEXT
    a = get_article(project, article_id)
    assert (a.title, a.outlet, a.author, a.published, a.url, a.language, a.source_file, a.format) == (
        "Inflation", "Wire", "J. Doe", "2024-10-20", "https://example.org/a", "en", "a.txt", "txt"
    )
    assert a.created_by == "Test Author"


def test_add_article_without_title_gets_a_placeholder(project: Project) -> None:
    article_id = add(project, title="   ")
    assert get_article(project, article_id).title == "Untitled article"


def test_sample_article_file_imports(project: Project, sample_article_path: Path) -> None:
    imported = import_file(sample_article_path)
    article_id = ops.add_article(project, article=imported).created("articles")[0]
    a = get_article(project, article_id)
    assert a.source_file == sample_article_path.name
    assert "I cannot confirm these reports, but obviously they are concerning." in article_text(project, article_id)


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "no text"), (" \n\t ", "no text"), ("x" * (MAX_TEXT_CHARS + 1), "at most 5,000,000")],
    ids=["empty", "blank", "too-long"],
)
def test_add_article_refuses_unusable_text_and_changes_nothing(project: Project, text: str, message: str) -> None:
    before = counts(project)
    with pytest.raises(ValidationError, match=message):
        ops.add_article(project, article=ImportedArticle(text=text, title="T"))
    assert counts(project) == before


def test_update_article_changes_metadata_never_text(project: Project) -> None:
    article_id = add(project)
    changes = ops.update_article(project, article_id=article_id, title="  Prices  ", outlet="Daily")
    a = get_article(project, article_id)
    assert (a.title, a.outlet) == ("Prices", "Daily")
    assert article_text(project, article_id) == TEXT
    assert changes.tables == {"articles"}
    assert changes.images[0].before["title"] == "Inflation"  # type: ignore[index]


def test_update_article_refuses_an_empty_title(project: Project) -> None:
    article_id = add(project)
    before = counts(project)
    with pytest.raises(ValidationError, match="title cannot be empty"):
        ops.update_article(project, article_id=article_id, title="  ")
    assert get_article(project, article_id).title == "Inflation"
    assert counts(project) == before


@pytest.mark.parametrize(
    "call",
    [
        lambda p: ops.update_article(p, article_id="missing", title="X"),
        lambda p: ops.delete_article(p, article_id="missing"),
    ],
    ids=["update", "delete"],
)
def test_unknown_article_id_is_refused(project: Project, call: Callable[[Project], object]) -> None:
    add(project)
    before = counts(project)
    with pytest.raises(NotFoundError, match="no article with id missing"):
        call(project)
    assert counts(project) == before


def test_delete_article_removes_its_claims_links_and_dismissals_but_keeps_tags(project: Project) -> None:
    keep = add(project, "Another article that stays, with its own quote.", title="Other")
    article_id = add(project)
    claim_id = ops.add_claim(project, article_id=article_id, quote="inflation is under control",
                             tags=["Economy"]).created("claims")[0]
    kept_claim = ops.add_claim(project, article_id=keep, quote="its own quote", tags=["Economy"])
    with project.transaction("Add source and dismissal") as tx:
        source_id = tx.insert("sources", {"title": "CPI table"})["id"]
        tx.insert("claim_sources", {"claim_id": claim_id, "source_id": source_id, "relation": "refutes"})
        tx.insert("dismissals", {"article_id": article_id, "start": 0, "end": 3, "exact": "The"})

    changes = ops.delete_article(project, article_id=article_id)

    assert [a.id for a in list_articles(project)] == [keep]
    assert project.row("claims", claim_id) is None
    assert project.conn.execute("SELECT count(*) FROM claim_sources").fetchone()[0] == 0
    assert project.conn.execute("SELECT count(*) FROM dismissals").fetchone()[0] == 0
    assert project.row("claims", kept_claim.created("claims")[0]) is not None
    assert project.row("sources", source_id) is not None  # sources belong to the project, not the article
    assert [(t.name, t.claim_count) for t in list_tags(project)] == [("Economy", 1)]
    assert changes.tables == {"articles", "claims", "claim_tags", "claim_sources", "dismissals"}
    tombstoned = {r[0] for r in project.conn.execute("SELECT table_name FROM tombstones")}
    assert tombstoned == changes.tables
    assert project.check() == []


def test_find_duplicate_by_same_file_bytes_or_same_text(project: Project) -> None:
    article_id = add(project, source_sha256="bytes-1")
    assert ops.find_duplicate(project, ImportedArticle(text="other text", source_sha256="bytes-1")) == article_id
    assert ops.find_duplicate(project, ImportedArticle(text=TEXT, source_sha256="bytes-2")) == article_id
    assert ops.find_duplicate(project, ImportedArticle(text=TEXT + " More.", source_sha256="bytes-3")) is None


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("14/03/2025", "2025-03-14"), ("14 March 2025", "2025-03-14"), (" 2025-03 ", "2025-03"), ("2025", "2025"),
     ("", "")],
)
def test_update_article_stores_the_date_as_iso(project: Project, typed: str, stored: str) -> None:
    article_id = add(project, published="2024-01-02")
    ops.update_article(project, article_id=article_id, published=typed)
    assert get_article(project, article_id).published == stored


def test_update_article_refuses_an_unreadable_date_and_changes_nothing(project: Project) -> None:
    article_id = add(project, published="2024-01-02")
    before = counts(project)
    with pytest.raises(ValidationError, match="'31/02/2025' is not a valid publication date"):
        ops.update_article(project, article_id=article_id, title="New title", published="31/02/2025")
    a = get_article(project, article_id)
    assert (a.title, a.published) == ("Inflation", "2024-01-02")
    assert counts(project) == before


def test_imported_dates_are_stored_as_iso_and_unreadable_ones_dropped(project: Project) -> None:
    assert get_article(project, add(project, published="March 14, 2025")).published == "2025-03-14"
    assert get_article(project, add(project, TEXT + " 2", published="yesterday")).published == ""
