"""`workbench quotes FILE` and `workbench suggest PROJECT --article ID`."""

from __future__ import annotations

import json

from workbench.cli import main
from workbench.store import Project
from workbench.store.queries import list_articles


def test_quotes_json_on_the_sample(sample_article_path, capsys) -> None:
    assert main(["quotes", str(sample_article_path), "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [(q["quote"], q["speaker"]) for q in found] == [
        ("I cannot confirm these reports, but obviously they are concerning.", "Mark Rutte"),
        ("highly likely", "Kim Yong-hyun"),
        ("hoax", "the Kremlin"),
    ]
    assert set(found[0]) == {"quote", "speaker", "cue", "start", "end", "confidence"}


def test_quotes_offsets_point_into_the_imported_text(sample_article_path, capsys) -> None:
    from workbench.importers import import_file

    text = import_file(sample_article_path).text
    main(["quotes", str(sample_article_path), "--json"])
    for q in json.loads(capsys.readouterr().out):
        assert text[q["start"] : q["end"]] == q["quote"]


def test_quotes_on_a_bad_file_is_a_user_error(tmp_path, capsys) -> None:
    bad = tmp_path / "x.pdf"
    bad.write_bytes(b"not a pdf")
    assert main(["quotes", str(bad)]) == 1
    assert "x.pdf" in capsys.readouterr().err


def test_suggest_skips_what_is_already_marked(tmp_path, sample_article_path, capsys) -> None:
    path = tmp_path / "p.fcproj"
    Project.create(path).close()
    main(["import", str(path), str(sample_article_path)])
    with Project.open(path) as project:
        article_id = list_articles(project)[0].id
    main(["claim", "add", str(path), "--article", article_id, "--quote", "hoax", "--speaker", "the Kremlin"])
    capsys.readouterr()
    assert main(["suggest", str(path), "--article", article_id, "--json"]) == 0
    assert [q["quote"] for q in json.loads(capsys.readouterr().out)] == [
        "I cannot confirm these reports, but obviously they are concerning.",
        "highly likely",
    ]
    assert main(["suggest", str(path), "--article", "nope"]) == 1
