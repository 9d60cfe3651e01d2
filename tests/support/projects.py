"""Filling a test project through the operations the window and the command line use: an article imported
the way the importers hand one over, a quote marked as a claim; and reading back what a closed file holds."""

from __future__ import annotations

from pathlib import Path

from workbench import ops
from workbench.core.model import Claim
from workbench.importers import ImportedArticle
from workbench.ops.sample import create_sample_project
from workbench.store import Project
from workbench.store.queries import list_claims


def add_article(project: Project, text: str, title: str = "", **meta: str) -> str:
    """Import ``text`` as an article (``meta``: outlet, author, published…) and return its id."""
    imported = ImportedArticle(text=text, title=title, **meta)
    return ops.add_article(project, article=imported).created("articles")[0]


def add_claim(project: Project, article_id: str, quote: str, **fields: object) -> str:
    """Mark ``quote`` in the article as a claim (``fields``: occurrence, speaker, tags, status…); its id."""
    return ops.add_claim(project, article_id=article_id, quote=quote, **fields).created("claims")[0]  # type: ignore[arg-type]


def write_sample(path: Path, author: str) -> dict[str, str]:
    """Write the bundled sample project (made by ``author``) at ``path`` and close it; its claim ids by speaker."""
    with create_sample_project(path, author=author) as project:
        return {c.speaker: c.id for c in list_claims(project)}


def write_sample_article(path: Path) -> str:
    """Write the bundled sample project at ``path`` and close it; the id of its one article."""
    with create_sample_project(path) as project:
        return project.conn.execute("SELECT id FROM articles").fetchone()[0]


def saved_claims(path: Path) -> list[Claim]:
    """The claims as they are in the file at ``path`` now (opened read-only beside any open window)."""
    with Project.open(path, read_only=True) as project:
        return list_claims(project)
