"""Keeping an article's original file (PDF, Word) inside the project: stored, shared, merged, exported."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import docx
import pytest

from workbench import ops
from workbench.cli import main
from workbench.core.errors import ValidationError
from workbench.export.json_export import project_to_dict
from workbench.importers import import_file
from workbench.ops.merge import merge_project
from workbench.ops.share import share_project
from workbench.store import Project
from workbench.store.queries import article_original, list_articles
from workbench.store.queries_sources import unreferenced_attachments

TEXT = "The minister said: “Unemployment has fallen for twelve months in a row,” in parliament on Tuesday."


def make_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_heading("Minister defends figures", level=1)
    document.add_paragraph(TEXT)
    document.save(path)
    return path


def test_original_is_stored_once_and_reads_back_identical(project: Project, tmp_path: Path) -> None:
    path = make_docx(tmp_path / "minister.docx")
    data = path.read_bytes()
    article = import_file(path)
    assert ops.keeps_original_by_default(article)
    article_id = ops.add_article(project, article=article, original=data).created("articles")[0]
    assert article_original(project, article_id) == ("minister.docx", data)
    assert list_articles(project)[0].has_original
    again = import_file(path)
    ops.add_article(project, article=again, original=data)  # the same file imported twice: one blob
    assert project.conn.execute("SELECT count(*) FROM attachments").fetchone()[0] == 1
    assert unreferenced_attachments(project) == []  # in use: a shared copy keeps it
    assert project_to_dict(project)["articles"][0]["original_stored"] is True


def test_bytes_that_are_not_the_imported_file_are_refused(project: Project, tmp_path: Path) -> None:
    article = import_file(make_docx(tmp_path / "a.docx"))
    with pytest.raises(ValidationError, match="changed while it was being imported"):
        ops.add_article(project, article=article, original=b"something else")
    assert list_articles(project) == []


def test_share_carries_originals_unless_attachments_are_left_out(project: Project, tmp_path: Path) -> None:
    path = make_docx(tmp_path / "minister.docx")
    ops.add_article(project, article=import_file(path), original=path.read_bytes())
    with Project.open(share_project(project, dest=tmp_path / "with.fcproj"), read_only=True) as copy:
        assert article_original(copy, list_articles(copy)[0].id) is not None
    bare = share_project(project, dest=tmp_path / "without.fcproj", attachments=False)
    with Project.open(bare, read_only=True) as copy:
        assert article_original(copy, list_articles(copy)[0].id) is None
        assert copy.check() == []


def test_merge_brings_the_colleagues_original_along(project: Project, tmp_path: Path) -> None:
    theirs_path = tmp_path / "theirs.fcproj"
    share_project(project, dest=theirs_path)
    docx_path = make_docx(tmp_path / "minister.docx")
    with Project.open(theirs_path) as theirs:
        ops.add_article(theirs, article=import_file(docx_path), original=docx_path.read_bytes())
    merge_project(project, other_path=theirs_path)
    [article] = list_articles(project)
    name, data = article_original(project, article.id)
    assert name == "minister.docx"
    assert hashlib.sha256(data).hexdigest() == hashlib.sha256(docx_path.read_bytes()).hexdigest()


def test_cli_keeps_word_and_pdf_originals_by_default_and_text_on_request(tmp_path: Path, capsys) -> None:
    project = tmp_path / "p.fcproj"
    Project.create(project).close()
    word = make_docx(tmp_path / "minister.docx")
    note = tmp_path / "note.txt"
    note.write_text("The mayor said the bridge would reopen in spring, after the repairs.", encoding="utf-8")
    assert main(["import", str(project), str(word), str(note), "--json"]) == 0
    assert [a["original_kept"] for a in json.loads(capsys.readouterr().out)] == [True, False]
    other = tmp_path / "q.fcproj"
    Project.create(other).close()
    assert main(["import", str(other), str(word), "--no-keep-original", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["original_kept"] is False
    assert main(["import", str(other), str(note), "--keep-original", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["original_kept"] is True
