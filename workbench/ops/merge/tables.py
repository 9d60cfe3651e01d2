"""What a merge knows about each table: the order to write them in, what points where, how two rows
that were made separately are recognised as the same one, and how a journalist calls a row."""

from __future__ import annotations

import string
from collections.abc import Callable
from typing import Any

# Parents before children: inserts and updates run in this order, deletions in the reverse.
TABLES = (
    "verdict_scale",
    "tags",
    "articles",
    "sources",
    "source_files",
    "claims",
    "claim_tags",
    "claim_sources",
    "dismissals",
    "reviews",
    "corrections",
)
PARENTS: dict[str, tuple[tuple[str, str], ...]] = {
    "verdict_scale": (),
    "tags": (),
    "articles": (),
    "sources": (),
    "source_files": (("source_id", "sources"),),
    "claims": (("article_id", "articles"),),
    "claim_tags": (("claim_id", "claims"), ("tag_id", "tags")),
    "claim_sources": (("claim_id", "claims"), ("source_id", "sources")),
    "dismissals": (("article_id", "articles"),),
    "reviews": (("claim_id", "claims"),),
    "corrections": (("claim_id", "claims"),),
}
# Columns a merge never compares or sets itself: identity, stamps, and an article's immutable text.
# Columns a merge never compares or sets itself: identity, stamps, and an article's immutable text.
STAMPS = frozenset({"id", "seq", "rev", "created_at", "created_by", "updated_at", "updated_by"})
NOT_LOADED = frozenset({"seq", "text"})
# SQLite's NOCASE folds ASCII letters only; pairing by name must fold exactly as the UNIQUE index does.
_ASCII_FOLD = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def fold(value: str) -> str:
    """``value`` compared as SQLite's NOCASE compares it (ASCII letters only)."""
    return (value or "").translate(_ASCII_FOLD)


KEYS: dict[str, Callable[[dict[str, Any]], tuple[Any, ...]]] = {
    "verdict_scale": lambda r: (fold(r["label"]),),
    "tags": lambda r: (fold(r["name"]),),
    "articles": lambda r: (r["text_sha256"],),
    "source_files": lambda r: (r["source_id"], r["sha256"]),
    "claims": lambda r: (r["article_id"], r["start"], r["end"], r["exact"]),
    "claim_tags": lambda r: (r["claim_id"], r["tag_id"]),
    # What ops.link_source refuses to make twice.
    "claim_sources": lambda r: (r["claim_id"], r["source_id"], r["relation"], r["excerpt"], r["locator"]),
    "dismissals": lambda r: (r["article_id"], r["start"], r["end"], r["exact"]),
}
# Keys the schema makes unique: two live rows with one key must become one row.
UNIQUE = ("verdict_scale", "tags", "claim_tags")
# The unique name column of a table whose rows the journalist renames.
UNIQUE_NAME = {"tags": "name", "verdict_scale": "label"}

TABLE_NAMES = {
    "verdict_scale": "verdict(s)", "tags": "tag(s)", "articles": "article(s)", "sources": "source(s)",
    "source_files": "attached file(s)", "claims": "claim(s)", "claim_tags": "claim tag(s)",
    "claim_sources": "source link(s)", "dismissals": "dismissed suggestion(s)", "reviews": "review(s)",
    "corrections": "correction(s)",
}


def label(table: str, row: dict[str, Any]) -> str:
    """A few words a journalist recognises the row by."""
    text = {
        "claims": lambda r: f"“{r['exact']}”",
        "dismissals": lambda r: f"“{r['exact']}”",
        "tags": lambda r: r["name"],
        "verdict_scale": lambda r: r["label"],
        "articles": lambda r: r["title"],
        "sources": lambda r: r["title"],
        "source_files": lambda r: r["name"],
        "claim_sources": lambda r: f"{r['relation']} link",
        "claim_tags": lambda r: "",
        "reviews": lambda r: f"{r['decision']}: {r['verdict']}",
        "corrections": lambda r: f"{r['field']}: {r['note']}",
    }[table](row)
    return text if len(text) <= 80 else text[:79] + "…"

