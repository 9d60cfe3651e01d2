"""The project file's header, and the guard that keeps every file the journalist names from replacing a
project: a saved attachment or an export aimed at a project file is refused, and the project stays whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import sha256
from workbench import ops
from workbench.core.errors import ValidationError, WorkbenchError
from workbench.export import write_export
from workbench.ops.sources import save_attachment
from workbench.store import Project
from workbench.store.header import refuse_to_replace_project
from workbench.store.queries import list_claims
from workbench.store.queries_sources import list_sources


def _attached_file(project: Project) -> str:
    source_id = ops.add_source(project, title="Ministry figures").created("sources")[0]
    changes = ops.attach_file(project, source_id=source_id, data=b"%PDF-1.7 ministry figures", name="figures.pdf")
    return changes.created("source_files")[0]


def test_saving_an_attachment_over_a_project_file_is_refused_and_the_project_survives(
    sample_project: Project, project: Project, tmp_path: Path
) -> None:
    # The journalist saves an attached file and, in the save dialog, picks the sample project's file
    # (and confirms "replace"): it must not replace the project.
    victim = sample_project.path
    sample_project.close()
    before = sha256(victim)
    file_id = _attached_file(project)
    with pytest.raises(ValidationError, match=r"is a project or database file; a saved attachment never replaces one"):
        save_attachment(project, file_id=file_id, dest=victim)
    assert sha256(victim) == before
    with Project.open(victim, read_only=True) as reopened:
        assert len(list_claims(reopened)) == 3
        assert [s.title for s in list_sources(reopened)]
    # The open project itself is no more replaceable than any other.
    with pytest.raises(ValidationError):
        save_attachment(project, file_id=file_id, dest=project.path)
    assert project.check() == []


def test_saving_an_attachment_replaces_an_ordinary_file_whole(project: Project, tmp_path: Path) -> None:
    file_id = _attached_file(project)
    out = tmp_path / "figures.pdf"
    out.write_bytes(b"an older download")
    assert save_attachment(project, file_id=file_id, dest=out) == out
    assert out.read_bytes() == b"%PDF-1.7 ministry figures"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("colleague.fcproj", b"not even a database: an encrypted project looks like this"),
        ("notes.sqlite", b"SQLite format 3\x00" + bytes(100)),
    ],
    ids=["project-by-name", "database-by-content"],
)
def test_no_writer_replaces_a_project_or_database(tmp_path: Path, name: str, content: bytes) -> None:
    target = tmp_path / name
    target.write_bytes(content)
    with pytest.raises(ValidationError, match="never replaces one"):
        refuse_to_replace_project(target, "an export")
    with pytest.raises(WorkbenchError, match="an export never replaces one"):
        write_export("# Report", target)
    assert target.read_bytes() == content
    refuse_to_replace_project(tmp_path / "new.fcproj", "an export")  # nothing there yet: nothing to protect
