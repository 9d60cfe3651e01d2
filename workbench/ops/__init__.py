"""Verb-noun operations over an open project. Each runs in one transaction and returns a Changes record
(what it touched, with row images for undo); callers refresh from that record. No Qt.

The operations are imported from their modules on first use (``__getattr__``): the window imports
``workbench.ops`` at start-up but runs none before its first frame, and importing them all (with the
importers they need) cost ~30 ms of a ~300 ms start.
"""

from __future__ import annotations

import importlib
from typing import Any

# Where each operation lives.
_MODULE_OF = {
    "add_article": "articles",
    "add_article_origin_source": "sources",
    "add_claim": "claims",
    "add_source": "sources",
    "add_tag": "tags",
    "add_verdict": "verdicts",
    "adjust_claim_extent": "claims",
    "attach_file": "sources",
    "delete_article": "articles",
    "delete_claim": "claims",
    "delete_link": "sources",
    "delete_source": "sources",
    "delete_tag": "tags",
    "delete_verdict": "verdicts",
    "detach_file": "sources",
    "find_duplicate": "articles",
    "keeps_original_by_default": "articles",
    "link_source": "sources",
    "merge_tags": "tags",
    "redo_changes": "undo",
    "review_claim": "review",
    "set_project_title": "verdicts",
    "tag_claim": "tags",
    "undo_changes": "undo",
    "untag_claim": "tags",
    "update_article": "articles",
    "update_claim": "claims",
    "update_link": "sources",
    "update_settings": "review",
    "update_source": "sources",
    "update_tag": "tags",
    "update_verdict": "verdicts",
}


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'workbench.ops' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"workbench.ops.{module}"), name)
    globals()[name] = value  # (next time a plain attribute)
    return value


__all__ = sorted(_MODULE_OF)
