"""Verb-noun operations over an open project. Each runs in one transaction and returns a Changes record
(what it touched, with row images for undo); callers refresh from that record. No Qt."""

from __future__ import annotations

from workbench.ops.articles import add_article, delete_article, find_duplicate, update_article
from workbench.ops.claims import add_claim, delete_claim, update_claim
from workbench.ops.tags import add_tag, delete_tag, merge_tags, tag_claim, untag_claim, update_tag
from workbench.ops.undo import redo_changes, undo_changes
from workbench.ops.verdicts import add_verdict, delete_verdict, set_project_title, update_verdict

__all__ = [
    "add_article",
    "add_claim",
    "add_tag",
    "add_verdict",
    "delete_article",
    "delete_claim",
    "delete_tag",
    "delete_verdict",
    "find_duplicate",
    "merge_tags",
    "redo_changes",
    "set_project_title",
    "tag_claim",
    "undo_changes",
    "untag_claim",
    "update_article",
    "update_claim",
    "update_tag",
    "update_verdict",
]
