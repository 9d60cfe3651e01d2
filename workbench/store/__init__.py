"""The project file: schema, migrations, open/close, backup, history, full-text search. No Qt.

What the layers above use most is here; the rest is in the modules named in ``docs/architecture.md``.
"""

from __future__ import annotations

from workbench.store.checks import CheckReport
from workbench.store.header import SUFFIX, read_header
from workbench.store.project import Changes, Project, RowImage, Tx

__all__ = ["SUFFIX", "Changes", "CheckReport", "Project", "RowImage", "Tx", "read_header"]
