"""The fact-check library file: importing (counts, re-import updates and never duplicates, cancel changes
nothing), the files it refuses (newer, foreign, tampered) left untouched, read-only use, lazy loading."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.factchecks import FactCheckLibrary, LibraryError, default_library_path
from workbench.factchecks.library import LIBRARY_VERSION

REVIEWS = [
    {"@type": "ClaimReview", "url": f"https://checks.example/{i}", "claimReviewed": text,
     "author": {"@type": "Organization", "name": "Example Checks"}, "datePublished": "2024-01-0" + str(i + 1),
     "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": who}},
     "reviewRating": {"@type": "Rating", "alternateName": rating}}
    for i, (text, who, rating) in enumerate([
        ("The mayor has cut the council's debt in half since 2020", "Jane Doe", "Mostly true"),
        ("Unemployment in France fell to 7% last year", "Jean Martin", "True"),
        ("The new vaccine alters your DNA", "Social media posts", "False"),
    ])
]


def _file(tmp_path: Path, name: str, reviews: list[dict]) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(reviews), encoding="utf-8")
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def library(tmp_path: Path) -> FactCheckLibrary:
    lib = FactCheckLibrary.open(tmp_path / "checks.fclib")
    yield lib
    lib.close()


def test_import_counts_and_the_fact_checks_are_there_after_reopening(tmp_path: Path,
                                                                     library: FactCheckLibrary) -> None:
    report = library.import_files([_file(tmp_path, "a.json", REVIEWS)])
    assert (report.imported, report.updated, report.unchanged, report.skipped) == (3, 0, 0, [])
    assert report.summary() == "3 imported, 0 updated, 0 skipped"
    library.close()
    with FactCheckLibrary.open(tmp_path / "checks.fclib", read_only=True) as again:
        assert again.count() == 3
        fc = again.get("https://checks.example/2")
        assert (fc.claim, fc.claimant, fc.rating, fc.publisher) == (
            "The new vaccine alters your DNA", "Social media posts", "False", "Example Checks")


def test_importing_again_updates_and_never_duplicates(tmp_path: Path, library: FactCheckLibrary) -> None:
    library.import_files([_file(tmp_path, "a.json", REVIEWS)])
    changed = [dict(REVIEWS[0], reviewRating={"@type": "Rating", "alternateName": "Half true"}), *REVIEWS[1:]]
    report = library.import_files([_file(tmp_path, "b.json", changed)])
    assert (report.imported, report.updated, report.unchanged) == (0, 1, 2)
    assert library.count() == 3
    assert library.get("https://checks.example/0").rating == "Half true"
    # The search index follows the update (one row per fact-check, the new text found).
    assert [fc.url for fc, _ in library.candidates('"debt"')] == ["https://checks.example/0"]


def test_the_same_url_twice_in_one_file_is_one_fact_check(tmp_path: Path, library: FactCheckLibrary) -> None:
    twice = [*REVIEWS, dict(REVIEWS[0], claimReviewed="The mayor halved the council's debt")]
    report = library.import_files([_file(tmp_path, "a.json", twice)])
    assert report.imported == 3 and library.count() == 3
    assert library.get("https://checks.example/0").claim == "The mayor halved the council's debt"


def test_unreadable_files_are_reported_and_the_others_imported(tmp_path: Path, library: FactCheckLibrary) -> None:
    notes = tmp_path / "notes.pdf"
    notes.write_bytes(b"%PDF-1.4 ...")
    report = library.import_files([notes, _file(tmp_path, "a.json", REVIEWS), tmp_path / "gone.json"])
    assert report.imported == 3
    assert [(f.file, bool(f.error)) for f in report.files] == [("notes.pdf", True), ("a.json", False),
                                                               ("gone.json", True)]
    assert "is a PDF document" in report.files[0].error and "no such file" in report.files[2].error
    assert report.summary() == "3 imported, 0 updated, 0 skipped, 2 files not read"


def test_cancelling_an_import_changes_nothing(tmp_path: Path, library: FactCheckLibrary) -> None:
    library.import_files([_file(tmp_path, "a.json", REVIEWS[:1])])
    library.close()
    before = _digest(tmp_path / "checks.fclib")
    many = [dict(REVIEWS[1], url=f"https://checks.example/many/{i}") for i in range(5000)]
    calls = []
    with FactCheckLibrary.open(tmp_path / "checks.fclib") as lib:
        report = lib.import_files([_file(tmp_path, "many.json", many)], progress=lambda d, t: calls.append((d, t)),
                                  cancelled=lambda: len(calls) >= 1)
        assert report.cancelled and report.imported == 0 and lib.count() == 1
    assert _digest(tmp_path / "checks.fclib") == before
    assert report.summary() == "Import cancelled: the library was not changed."


def test_progress_rises_to_the_total(tmp_path: Path, library: FactCheckLibrary) -> None:
    many = [dict(REVIEWS[1], url=f"https://checks.example/many/{i}") for i in range(4500)]
    calls: list[tuple[int, int]] = []
    library.import_files([_file(tmp_path, "many.json", many), _file(tmp_path, "a.json", REVIEWS)],
                         progress=lambda d, t: calls.append((d, t)))
    done = [d for d, _ in calls]
    assert len(calls) >= 4 and done == sorted(done) and calls[-1][0] == calls[-1][1]


def test_a_library_from_a_newer_version_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.fclib"
    FactCheckLibrary.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LIBRARY_VERSION + 1}")
    conn.close()
    before = _digest(path)
    with pytest.raises(LibraryError, match=r"newer version of Fact-Check Workbench.*the file was not changed"):
        FactCheckLibrary.open(path)
    with pytest.raises(LibraryError, match="newer version"):
        FactCheckLibrary.open(path, read_only=True)
    assert _digest(path) == before


def test_a_project_file_or_another_database_is_not_a_library(sample_project, tmp_path: Path) -> None:
    before = _digest(sample_project.path)
    with pytest.raises(LibraryError, match="not a fact-check library"):
        FactCheckLibrary.open(sample_project.path)
    assert _digest(sample_project.path) == before
    text = tmp_path / "notes.fclib"
    text.write_text("not a database at all, just text that is long enough " * 5)
    with pytest.raises(LibraryError, match="it is not a database file"):
        FactCheckLibrary.open(text)


def test_a_library_someone_added_a_trigger_to_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "tampered.fclib"
    FactCheckLibrary.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TRIGGER spy AFTER INSERT ON factchecks BEGIN DELETE FROM library_meta; END")
    conn.close()
    with pytest.raises(LibraryError, match=r"changed by another program .*trigger spy"):
        FactCheckLibrary.open(path)


def test_read_only_library_searches_but_refuses_imports(tmp_path: Path) -> None:
    path = tmp_path / "shared.fclib"
    with FactCheckLibrary.open(path) as lib:
        lib.import_files([_file(tmp_path, "a.json", REVIEWS)])
    before = _digest(path)
    with FactCheckLibrary.open(path, read_only=True) as lib:
        assert lib.match("council debt has halved under the current mayor")[0].factcheck.url.endswith("/0")
        with pytest.raises(LibraryError, match="read-only"):
            lib.import_files([_file(tmp_path, "b.json", REVIEWS)])
    assert _digest(path) == before


def test_a_missing_library_is_made_only_when_writing(tmp_path: Path) -> None:
    with pytest.raises(LibraryError, match="no such fact-check library"):
        FactCheckLibrary.open(tmp_path / "none.fclib", read_only=True)
    assert not (tmp_path / "none.fclib").exists()
    with FactCheckLibrary.open(tmp_path / "sub" / "new.fclib") as lib:
        assert lib.count() == 0 and lib.stats()["fact_checks"] == 0
    assert not list((tmp_path / "sub").glob(".*creating"))


def test_the_default_library_lives_in_the_data_folder(_user_data_dir: Path) -> None:
    assert default_library_path().parent == _user_data_dir
    with FactCheckLibrary.open() as lib:
        assert lib.path == default_library_path() and lib.path.exists()


def test_stats_for_the_library_dialog(tmp_path: Path, library: FactCheckLibrary) -> None:
    library.import_files([_file(tmp_path, "a.json", REVIEWS)])
    stats = library.stats()
    assert stats["fact_checks"] == 3 and stats["publishers"] == [{"name": "Example Checks", "count": 3}]
    assert (stats["oldest"], stats["newest"]) == ("2024-01-01", "2024-01-03")


def test_importing_the_package_loads_neither_sqlite_utils_nor_the_matching_libraries() -> None:
    code = ("import sys, workbench.factchecks; "
            "print(sorted(m for m in ('sqlite_utils', 'rapidfuzz', 'snowballstemmer') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
