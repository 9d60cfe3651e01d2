"""The project file: schema, migrations, open/close, backup, history, full-text search. No Qt."""

from __future__ import annotations

from workbench.store.project import SUFFIX, Changes, Project, RowImage, Tx, read_header

__all__ = ["SUFFIX", "Changes", "Project", "RowImage", "Tx", "read_header"]
