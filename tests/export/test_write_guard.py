"""An export never overwrites a project (or any SQLite database) by mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.cli import main
from workbench.core.errors import WorkbenchError
from workbench.export import write_export


def test_export_refuses_to_replace_the_project_itself(tmp_path: Path, capsys) -> None:
    project = tmp_path / "story.fcproj"
    assert main(["new", str(project), "--sample"]) == 0
    before = project.read_bytes()
    assert main(["export", str(project), "--format", "markdown", "-o", str(project)]) == 1
    assert "never replaces" in capsys.readouterr().err
    assert project.read_bytes() == before
    assert main(["check", str(project)]) == 0


def test_ordinary_files_are_replaced_whole(tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    out.write_text("old report", encoding="utf-8")
    write_export("new report", out)
    assert out.read_text(encoding="utf-8") == "new report"
    write_export(b"%PDF-1.7 bytes", tmp_path / "original.pdf")
    assert (tmp_path / "original.pdf").read_bytes() == b"%PDF-1.7 bytes"
    with pytest.raises(WorkbenchError):
        db = tmp_path / "other.sqlite"
        db.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
        write_export("text", db)
