"""Operations on articles: add from an import, edit metadata, delete with everything hanging off it."""

from __future__ import annotations

import hashlib
from typing import Any

from workbench.core.dates import parse_date
from workbench.core.errors import ValidationError
from workbench.importers import ImportedArticle
from workbench.importers.base import MAX_TEXT_CHARS
from workbench.ops.base import UNSET, backup_if_bulk, delete_row, given, operation, require
from workbench.store import Project, Tx

_EDITABLE = ("title", "outlet", "author", "published", "url", "language")


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def find_duplicate(project: Project, article: ImportedArticle) -> str | None:
    """Id of an article already imported from the same bytes, or with the same text; else None."""
    if article.source_sha256:
        row = project.conn.execute(
            "SELECT id FROM articles WHERE source_sha256 = ? LIMIT 1", (article.source_sha256,)
        ).fetchone()
        if row:
            return row[0]
    row = project.conn.execute(
        "SELECT id FROM articles WHERE text_sha256 = ? LIMIT 1", (text_sha256(article.text),)
    ).fetchone()
    return row[0] if row else None


# Formats whose original file is worth keeping by default: their extracted text loses layout, tables
# and images an editor may need to see again.
KEEP_ORIGINAL_FORMATS = frozenset({"pdf", "docx"})
MAX_ORIGINAL_BYTES = 50 * 1024 * 1024


def keeps_original_by_default(article: ImportedArticle) -> bool:
    return article.format in KEEP_ORIGINAL_FORMATS


@operation("Add article")
def add_article(tx: Tx, *, article: ImportedArticle, original: bytes | None = None) -> str:
    """Store an imported article (returns its id). Its text is never changed afterwards: claims point into it.

    ``original`` (the imported file's bytes) is kept inside the project, stored once per content like
    any attached file, so the PDF or Word file travels with the project.
    """
    if original is not None:
        if hashlib.sha256(original).hexdigest() != article.source_sha256:
            raise ValidationError(f"{article.source_file or 'The file'} changed while it was being imported; "
                                  "import it again.")
        if len(original) > MAX_ORIGINAL_BYTES:
            raise ValidationError(
                f"{article.source_file} is {len(original) / 1e6:.0f} MB; original files of at most "
                f"{MAX_ORIGINAL_BYTES // (1024 * 1024)} MB are kept in the project. Import it without keeping "
                "the original."
            )
    if not article.text.strip():
        raise ValidationError("The article has no text.")
    if len(article.text) > MAX_TEXT_CHARS:
        raise ValidationError(
            f"The article is {len(article.text):,} characters long; at most {MAX_TEXT_CHARS:,} are supported."
        )
    try:
        published = parse_date(article.published, "publication date")
    except ValidationError:
        published = ""  # a page's odd date string must not stop an import; it can be typed in Article details
    row = tx.insert("articles", {
        "title": article.title.strip() or "Untitled article", "outlet": article.outlet, "author": article.author,
        "published": published, "url": article.url, "language": article.language,
        "source_file": article.source_file, "source_sha256": article.source_sha256, "format": article.format,
        "text_sha256": text_sha256(article.text), "text": article.text,
    })
    if original is not None:
        tx.put_attachment(article.source_sha256, original)
    return row["id"]


@operation("Edit article")
def update_article(tx: Tx, *, article_id: str, title: str = UNSET, outlet: str = UNSET, author: str = UNSET,
                   published: str = UNSET, url: str = UNSET, language: str = UNSET) -> str:
    """Edit an article's metadata (never its text). ``published`` is read as journalists write dates
    (``core.dates``: 14/03/2025, 14 March 2025, 2025-03) and stored as an ISO 8601 (partial) date."""
    values: dict[str, Any] = given(title=title, outlet=outlet, author=author, published=published, url=url,
                                   language=language)
    if "title" in values and not values["title"].strip():
        raise ValidationError("An article's title cannot be empty.")
    values = {k: v.strip() for k, v in values.items()}
    if "published" in values:
        values["published"] = parse_date(values["published"], "publication date")
    require(tx, "articles", article_id)
    tx.update("articles", article_id, values)
    return article_id


def _backup_before_delete(project: Project, *, article_id: str) -> None:
    claims = project.conn.execute("SELECT count(*) FROM claims WHERE article_id = ?", (article_id,)).fetchone()[0]
    backup_if_bulk(project, claims, 1, f"Deleting the article with its {claims} claim(s)")


@operation("Delete article", before=_backup_before_delete)
def delete_article(tx: Tx, *, article_id: str) -> str:
    """Delete an article with its claims, their tags and source links, and its dismissed suggestions.

    An article with claims is a bulk delete: a backup is made first, and without it nothing is deleted."""
    delete_row(tx, "articles", article_id)
    return article_id
