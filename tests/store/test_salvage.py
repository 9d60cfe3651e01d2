"""Salvage: everything still readable in a damaged project goes into a new one, which passes check() and
searches; the report counts what was found and what was lost; the damaged file is never changed."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.support.cli import sha256
from tests.support.damage import damage_claims_page, many_claims
from workbench import cli, ops
from workbench.core.errors import DamagedProjectError, ProjectFileError
from workbench.importers import ImportedArticle
from workbench.ops.sample import create_sample_project
from workbench.store import Project
from workbench.store.queries import list_articles, list_claims
from workbench.store.salvage import salvage
from workbench.store.search import search


def rows(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_a_damaged_page_loses_only_its_own_claims(tmp_path: Path) -> None:
    damaged = many_claims(tmp_path / "story.fcproj")
    claims_before = rows(damaged, "SELECT id, exact, note FROM claims ORDER BY id")
    meta_before = dict(rows(damaged, "SELECT key, value FROM meta"))
    on_the_page = damage_claims_page(damaged)
    before = sha256(damaged)

    new = tmp_path / "story (salvaged).fcproj"
    report = salvage(damaged, new)

    claims = report.tables["claims"]
    assert claims.found == len(claims_before) == 303
    assert claims.unreadable == on_the_page
    assert claims.recovered == len(claims_before) - on_the_page
    assert report.tables["articles"].recovered == report.tables["articles"].found == 1
    summary = report.summary()
    assert summary.startswith(f"Recovered {claims.recovered} of 303 claims, 1 of 1 article")
    assert f"{on_the_page} claims could not be read" in summary
    assert not report.complete

    assert sha256(damaged) == before  # only ever read
    with Project.open(new) as project:
        assert project.check() == []
        kept = {(c.id, c.exact, c.note) for c in list_claims(project)}
        assert kept <= set(claims_before)
        assert len(kept) == claims.recovered
        # Same project identity and title: merging a colleague's copy still matches rows up.
        assert project.meta("project_id") == meta_before["project_id"]
        assert project.title == meta_before["title"]
        # The search indexes were rebuilt: a surviving claim's note is found.
        some = next(iter(kept))
        assert some[0] in [h.claim_id for h in search(project, some[2].split(" x")[0]) if h.kind == "claim"]
        # And it is a working project.
        article_id = list_articles(project)[0].id
        ops.add_claim(project, article_id=article_id, quote="North Korean")


def test_a_healthy_file_is_copied_whole(sample_project: Project, tmp_path: Path) -> None:
    path = sample_project.path
    sample_project.close()
    tables = ("articles", "claims", "sources", "claim_sources", "tags", "claim_tags", "verdict_scale",
              "history", "tombstones", "meta", "attachments")
    before = {t: sorted(rows(path, f"SELECT * FROM {t}")) for t in tables}
    report = salvage(path, tmp_path / "copy.fcproj")
    assert report.complete
    assert "Everything that was listed could be read." in report.summary()
    after = {t: sorted(rows(tmp_path / "copy.fcproj", f"SELECT * FROM {t}")) for t in tables}
    assert after == before


def test_claims_of_a_lost_article_are_reported_not_kept_dangling(tmp_path: Path) -> None:
    path = tmp_path / "two.fcproj"
    project = create_sample_project(path, author="Ana")
    long_text = "The minister said “the figures are final” on Monday. " * 400  # spills onto overflow pages
    long_id = ops.add_article(project, article=ImportedArticle(text=long_text, title="Long")).created("articles")[0]
    ops.add_claim(project, article_id=long_id, quote="the figures are final", occurrence=3)
    ops.add_claim(project, article_id=long_id, quote="the figures are final", occurrence=9)
    project.close()
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    overflow = [r[0] for r in conn.execute(
        "SELECT pageno FROM dbstat WHERE name = 'articles' AND pagetype = 'overflow'")]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    assert overflow
    with path.open("r+b") as fh:
        for pageno in overflow:
            fh.seek((pageno - 1) * page_size)
            fh.write(b"\xff" * page_size)

    report = salvage(path, tmp_path / "rescued.fcproj")
    assert report.tables["articles"].recovered == 1
    assert report.tables["claims"].recovered == 3  # the sample article's three
    assert report.tables["claims"].orphaned == 2
    assert "2 claims belonged to something that was lost" in report.summary()
    with Project.open(tmp_path / "rescued.fcproj") as rescued:
        assert rescued.check() == []
        assert [a.title for a in list_articles(rescued)] != ["Long"]
        assert len(list_articles(rescued)) == 1


def test_a_cut_short_file_is_refused_on_open_as_damaged_but_salvaged(tmp_path: Path) -> None:
    path = many_claims(tmp_path / "cut.fcproj")
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * 0.8)])
    with pytest.raises(DamagedProjectError, match="incomplete"):
        Project.open(path)
    report = salvage(path, tmp_path / "rescued.fcproj")
    assert 0 < report.tables["claims"].recovered < 303
    with Project.open(tmp_path / "rescued.fcproj") as rescued:
        assert rescued.check() == []


def test_nothing_readable_makes_no_new_project(tmp_path: Path) -> None:
    path = tmp_path / "garbled.fcproj"
    create_sample_project(path, author="Ana").close()
    data = bytearray(path.read_bytes())
    data[100:] = b"\x00" * (len(data) - 100)
    path.write_bytes(bytes(data))
    with pytest.raises(ProjectFileError, match="nothing could be read"):
        salvage(path, tmp_path / "rescued.fcproj")
    assert not (tmp_path / "rescued.fcproj").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["garbled.fcproj"]


def test_salvage_never_overwrites(sample_project: Project, tmp_path: Path) -> None:
    path = sample_project.path
    sample_project.close()
    existing = tmp_path / "existing.fcproj"
    existing.write_bytes(b"keep me")
    with pytest.raises(ProjectFileError, match="already exists"):
        salvage(path, existing)
    assert existing.read_bytes() == b"keep me"
    with pytest.raises(ProjectFileError, match="never changed"):
        salvage(path, path)


def test_cli_salvage_reports_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    damaged = many_claims(tmp_path / "story.fcproj")
    lost = damage_claims_page(damaged)
    assert cli.main(["salvage", str(damaged), str(tmp_path / "a.fcproj")]) == 0
    out = capsys.readouterr().out
    assert f"Recovered {303 - lost} of 303 claims" in out
    assert "story.fcproj was not changed" in out
    assert cli.main(["salvage", "--json", str(damaged), str(tmp_path / "b.fcproj")]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["tables"]["claims"] == {"found": 303, "recovered": 303 - lost, "unreadable": lost,
                                        "orphaned": 0, "table_readable": True}
    assert cli.main(["check", str(tmp_path / "b.fcproj")]) == 0
    capsys.readouterr()
    assert cli.main(["salvage", str(damaged), str(tmp_path / "b.fcproj")]) == 1
    assert "already exists" in capsys.readouterr().err
