"""Copies handed to the system viewer cannot be edited in place (they vanish when the app quits)."""

from __future__ import annotations

import stat

from workbench.ui.sources_panel import write_viewing_bytes


def test_viewing_copy_and_its_folder_are_read_only() -> None:
    path = write_viewing_bytes("statement.pdf", b"%PDF-1.4 original")
    assert path.name == "statement.pdf" and path.read_bytes() == b"%PDF-1.4 original"
    assert stat.S_IMODE(path.stat().st_mode) == stat.S_IRUSR
    # No writing, so a viewer cannot save a new file and rename it over the copy either.
    assert stat.S_IMODE(path.parent.stat().st_mode) == stat.S_IRUSR | stat.S_IXUSR
