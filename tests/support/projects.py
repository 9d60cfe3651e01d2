"""Filling a test project: an article imported the way the importers hand one over."""

from __future__ import annotations

from workbench import ops
from workbench.importers import ImportedArticle
from workbench.store import Project


def add_article(project: Project, text: str, title: str = "", **meta: str) -> str:
    """Import ``text`` as an article (``meta``: outlet, author, published…) and return its id."""
    imported = ImportedArticle(text=text, title=title, **meta)
    return ops.add_article(project, article=imported).created("articles")[0]
