"""Verb-noun operations over an open project. Each runs in one transaction and returns a Changes record
(what it touched, with row images for undo); callers refresh from that record. No Qt."""

from __future__ import annotations

from workbench.ops.articles import (
    add_article,
    delete_article,
    find_duplicate,
    keeps_original_by_default,
    update_article,
)
from workbench.ops.claims import add_claim, adjust_claim_extent, delete_claim, update_claim
from workbench.ops.review import review_claim, update_settings
from workbench.ops.sources import (
    add_article_origin_source,
    add_source,
    attach_file,
    delete_link,
    delete_source,
    detach_file,
    link_source,
    update_link,
    update_source,
)
from workbench.ops.tags import add_tag, delete_tag, merge_tags, tag_claim, untag_claim, update_tag
from workbench.ops.undo import redo_changes, undo_changes
from workbench.ops.verdicts import add_verdict, delete_verdict, set_project_title, update_verdict

__all__ = [
    "add_article",
    "add_article_origin_source",
    "add_claim",
    "add_source",
    "add_tag",
    "add_verdict",
    "adjust_claim_extent",
    "attach_file",
    "delete_article",
    "delete_claim",
    "delete_link",
    "delete_source",
    "delete_tag",
    "delete_verdict",
    "detach_file",
    "find_duplicate",
    "keeps_original_by_default",
    "link_source",
    "merge_tags",
    "redo_changes",
    "review_claim",
    "set_project_title",
    "tag_claim",
    "undo_changes",
    "untag_claim",
    "update_article",
    "update_claim",
    "update_link",
    "update_settings",
    "update_source",
    "update_tag",
    "update_verdict",
]
