"""``workbench export``: every format, the filters and options, files and standard output, and clear
errors (exit 1) or usage errors (exit 2) that leave the project untouched."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.cli import sha256
from workbench.cli import main
from workbench.ops.sample import create_sample_project
from workbench.store import Project
from workbench.store.queries import list_articles


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "sample.fcproj"
    create_sample_project(path, author="Test Author").close()
    return path


def test_markdown_report_on_stdout(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(sample), "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Sample: NATO on North Korean troops\n")
    assert "“**highly likely**[^2]”" in out


def test_html_report_to_a_file(sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.html"
    assert main(["export", str(sample), "--format", "html", "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<strong class="claim">hoax</strong>' in page


def test_csv_file_keeps_its_bom_and_crlf(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "claims.csv"
    assert main(["export", str(sample), "--format", "csv", "-o", str(out), "--status", "To check",
                 "--status", "Checked"]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and b"\r\r\n" not in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert [r["speaker"] for r in rows] == ["Mark Rutte", "the Kremlin"]


@pytest.mark.parametrize(
    ("argv", "check"),
    [
        (["--format", "claimreview"], lambda d: [r["claimReviewed"][:16] for r in d] == ["I cannot confirm"]),
        (["--format", "annotations", "--tag", "Russia"],
         lambda d: [i["target"]["selector"][0]["exact"] for i in d["first"]["items"]] == ["hoax"]),
        (["--format", "json", "--verdict", ""],
         lambda d: [c["exact"] for c in d["claims"]] == ["highly likely", "hoax"]),
    ],
    ids=["claimreview", "annotations-by-tag", "json-without-verdict"],
)
def test_json_formats_parse_back(sample: Path, capsys: pytest.CaptureFixture[str], argv: list[str],
                                 check: Callable[[object], bool]) -> None:
    assert main(["export", str(sample), *argv]) == 0
    assert check(json.loads(capsys.readouterr().out))


def test_options_reach_the_report(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Project.open(sample) as project:
        article = list_articles(project)[0].id
    assert main(["export", str(sample), "--format", "markdown", "--article", article, "--excerpts-only",
                 "--verdict", "true", "--no-private-notes"]) == 0
    out = capsys.readouterr().out
    assert "### Excerpts" in out and "### Text" not in out
    assert "1 claim in 1 article" in out


def test_articles_without_claims_only_with_all_articles(sample: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    from workbench import ops
    from workbench.importers import ImportedArticle

    with Project.open(sample) as project:
        ops.add_article(project, article=ImportedArticle(text="Nothing quoted here.", title="Unannotated brief"))
    out = tmp_path / "report.md"
    assert main(["export", str(sample), "--format", "markdown", "-o", str(out)]) == 0
    report = out.read_text(encoding="utf-8")
    assert "3 claims in 1 article*" in report and "Unannotated brief" not in report
    assert main(["export", str(sample), "--format", "markdown", "--all-articles", "-o", str(out)]) == 0
    report = out.read_text(encoding="utf-8")
    assert "3 claims in 2 articles" in report
    assert "## Unannotated brief" in report and "**Claims in this report:** 0" in report


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--tag", "Ukraine"], "There is no tag 'Ukraine' in this project"),
        (["--status", "Done"], "There is no claim status 'Done'"),
        (["--article", "nope"], "There is no article with id nope"),
        (["--template", "/no/such/template.md"], "template.md: the report template cannot be read"),
        (["-o", "/no/such/folder/report.md"], "report.md: cannot be written"),
    ],
    ids=["unknown-tag", "unknown-status", "unknown-article", "missing-template", "unwritable-output"],
)
def test_user_errors_exit_1_with_one_line(sample: Path, capsys: pytest.CaptureFixture[str], argv: list[str],
                                         message: str) -> None:
    before = sha256(sample)
    assert main(["export", str(sample), "--format", "markdown", *argv]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert message in captured.err and captured.err.count("\n") == 1
    assert sha256(sample) == before


def test_unknown_format_is_a_usage_error(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["export", str(sample), "--format", "docx"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'docx'" in capsys.readouterr().err
