"""``workbench factchecks``: importing published fact-checks (counts, skipped records with reasons, re-import
updates and never duplicates, a bad file changes nothing), and the fixed JSON shape of ``search`` and
``match`` (best first, score 0..1, same-claim judgement) on the sample project's Rutte quote.

The files are written here by hand, shaped like real fact-checkers' markup (a ClaimReview ``@graph`` as
published in a page's JSON-LD, a saved web page, a Google Fact Check Tools response, a CSV export)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.cli import Result
from workbench.factchecks import FactCheckLibrary
from workbench.ops.sample import create_sample_project
from workbench.store.queries import list_claims

MATCH_FIELDS = {"claim", "claimant", "rating", "publisher", "url", "date", "score", "same_claim"}
RUTTE_REVIEW = "https://factcheck.example.org/2024/10/22/rutte-north-korean-troops/"

GRAPH = {
    "@context": "https://schema.org",
    "@graph": [
        {"@type": "WebPage", "@id": RUTTE_REVIEW, "name": "Did NATO confirm North Korean troops in Ukraine?"},
        {
            "@type": "ClaimReview",
            "datePublished": "2024-10-22",
            "url": RUTTE_REVIEW,
            "claimReviewed": "NATO's Mark Rutte said he cannot confirm reports of North Korean troops in Ukraine, "
                             "but that they are concerning",
            "itemReviewed": {
                "@type": "Claim",
                "author": {"@type": "Person", "name": "Mark Rutte", "jobTitle": "NATO Secretary General"},
                "datePublished": "2024-10-17",
                "appearance": {"@type": "CreativeWork", "url": "https://www.nato.int/cps/en/natohq/opinions_229661.htm"},
            },
            "author": {"@type": "Organization", "name": "Example Fact Check", "url": "https://factcheck.example.org"},
            "reviewRating": {"@type": "Rating", "ratingValue": 5, "bestRating": 5, "worstRating": 1,
                             "alternateName": "Accurate quote"},
        },
        {
            "@type": "ClaimReview",
            "datePublished": "2024-03-02",
            "url": "https://factcheck.example.org/2024/03/02/council-debt/",
            "claimReviewed": "The mayor has cut the council's debt in half since 2020",
            "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Jane Doe"}},
            "author": {"@type": "Organization", "name": "Example Fact Check"},
            "reviewRating": {"@type": "Rating", "ratingValue": 2, "bestRating": 5, "worstRating": 1,
                             "alternateName": "Mostly false"},
        },
        {   # no claim text: skipped with a reason, the others still go in
            "@type": "ClaimReview",
            "url": "https://factcheck.example.org/2024/05/01/draft/",
            "author": {"@type": "Organization", "name": "Example Fact Check"},
            "reviewRating": {"@type": "Rating", "alternateName": "False"},
        },
    ],
}

PAGE = """<!doctype html><html><head><title>Fact check: Lyon's debt</title>
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "ClaimReview", "datePublished": "2024-04-11",
 "url": "https://verif.example.fr/2024/04/11/lyon-debt/",
 "claimReviewed": "The mayor of Lyon has cut the city's debt in half since 2020",
 "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Grégory Doucet"}},
 "author": {"@type": "Organization", "name": "Vérif Example"},
 "reviewRating": {"@type": "Rating", "ratingValue": 1, "bestRating": 5, "alternateName": "False"}}
</script></head><body><article><h1>Fact check: Lyon's debt</h1><p>…</p></article></body></html>
"""

GOOGLE = {"claims": [{
    "text": "Unemployment in France fell to 7% last year",
    "claimant": "Jean Martin",
    "claimDate": "2024-01-15T00:00:00Z",
    "claimReview": [{
        "publisher": {"name": "Les Checkeurs", "site": "checkeurs.example.fr"},
        "url": "https://checkeurs.example.fr/chomage-7-pour-cent",
        "title": "Le chômage est-il tombé à 7 % ?",
        "reviewDate": "2024-01-20T00:00:00Z",
        "textualRating": "Mostly true",
        "languageCode": "en",
    }],
}], "nextPageToken": "CBQ"}

CSV = ("claim,claimant,date,rating,publisher,url,desk\n"
       '"The new vaccine alters your DNA",Social media posts,2023-06-01,False,Health Checks,'
       "https://health.example.org/vaccine-dna,science\n"
       ",Nobody,2023-06-02,False,Health Checks,https://health.example.org/empty,science\n")


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    out = {"graph": tmp_path / "factcheck-org.json", "page": tmp_path / "lyon-debt.html",
           "google": tmp_path / "google-factcheck.json", "csv": tmp_path / "health.csv"}
    out["graph"].write_text(json.dumps(GRAPH), encoding="utf-8")
    out["page"].write_text(PAGE, encoding="utf-8")
    out["google"].write_text(json.dumps(GOOGLE), encoding="utf-8")
    out["csv"].write_text(CSV, encoding="utf-8")
    return out


@pytest.fixture
def library(tmp_path: Path, files: dict[str, Path], cli: Callable[..., Result]) -> Path:
    path = tmp_path / "newsroom.fclib"
    r = cli("factchecks", "import", *files.values(), "--library", path, "--json")
    assert r.code == 0, r.err
    return path


def test_import_counts_skips_with_reasons_and_keeps_every_format(tmp_path: Path, files: dict[str, Path],
                                                                 cli: Callable[..., Result]) -> None:
    path = tmp_path / "newsroom.fclib"
    r = cli("factchecks", "import", *files.values(), "--library", path, "--json")
    assert r.code == 0, r.err
    report = r.json()
    assert (report["imported"], report["updated"], report["skipped"]) == (5, 0, 2)
    reasons = {(s["file"], s["reason"]) for s in report["skipped_records"]}
    assert {f for f, _ in reasons} == {"factcheck-org.json", "health.csv"}
    assert all(reason for _, reason in reasons)
    assert report["fact_checks"] == 5
    with FactCheckLibrary.open(path, read_only=True) as lib:
        fc = lib.get("https://checkeurs.example.fr/chomage-7-pour-cent")
        assert (fc.claimant, fc.rating, fc.publisher, fc.date) == ("Jean Martin", "Mostly true", "Les Checkeurs",
                                                                   "2024-01-20")
        page = lib.get("https://verif.example.fr/2024/04/11/lyon-debt/")
        assert (page.claimant, page.rating, page.publisher) == ("Grégory Doucet", "False", "Vérif Example")
        assert lib.get("https://health.example.org/vaccine-dna").extra == {"desk": "science"}


def test_importing_again_updates_and_never_duplicates(tmp_path: Path, files: dict[str, Path], library: Path,
                                                      cli: Callable[..., Result]) -> None:
    GRAPH["@graph"][2]["reviewRating"]["alternateName"] = "False"  # the publisher changed its verdict
    try:
        files["graph"].write_text(json.dumps(GRAPH), encoding="utf-8")
    finally:
        GRAPH["@graph"][2]["reviewRating"]["alternateName"] = "Mostly false"
    r = cli("factchecks", "import", files["graph"], "--library", library, "--json")
    assert r.code == 0, r.err
    assert (r.json()["imported"], r.json()["updated"], r.json()["unchanged"]) == (0, 1, 1)
    with FactCheckLibrary.open(library, read_only=True) as lib:
        assert lib.count() == 5
        assert lib.get("https://factcheck.example.org/2024/03/02/council-debt/").rating == "False"


def test_readable_import_output_names_each_file_and_the_skipped_records(tmp_path: Path, files: dict[str, Path],
                                                                        cli: Callable[..., Result]) -> None:
    r = cli("factchecks", "import", files["graph"], files["csv"], "--library", tmp_path / "l.fclib")
    assert r.code == 0, r.err
    assert "factcheck-org.json: ClaimReview JSON-LD — 2 imported, 0 updated, 1 skipped" in r.out
    assert "health.csv: CSV table — 1 imported" in r.out
    assert r.out.count("skipped: ") == 2
    assert "3 imported, 0 updated, 2 skipped" in r.out


@pytest.mark.parametrize("content", [b"not json at all {", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", b""],
                         ids=["broken-json", "a-pdf", "empty"])
def test_a_bad_file_is_named_and_changes_nothing(tmp_path: Path, files: dict[str, Path], library: Path,
                                                 cli: Callable[..., Result], content: bytes) -> None:
    bad = tmp_path / "export.json"
    bad.write_bytes(content)
    fresh = tmp_path / "fresh.json"
    fresh.write_text(json.dumps([{**GRAPH["@graph"][2], "url": "https://factcheck.example.org/new/"}]), "utf-8")
    before = hashlib.sha256(library.read_bytes()).hexdigest()
    r = cli("factchecks", "import", fresh, bad, "--library", library, "--json")
    assert r.code == 1
    assert "export.json" in r.err and "Nothing was imported" in r.err
    assert r.json()["refused"] is True and r.json()["imported"] == 0
    assert hashlib.sha256(library.read_bytes()).hexdigest() == before
    with FactCheckLibrary.open(library, read_only=True) as lib:
        assert lib.get("https://factcheck.example.org/new/") is None


def test_a_missing_file_creates_no_library(tmp_path: Path, cli: Callable[..., Result]) -> None:
    r = cli("factchecks", "import", tmp_path / "nope.json", "--library", tmp_path / "l.fclib")
    assert r.code == 1 and "nope.json: no such file" in r.err
    assert not (tmp_path / "l.fclib").exists()


def test_search_gives_the_fixed_shape_best_first(library: Path, cli: Callable[..., Result]) -> None:
    r = cli("factchecks", "search", "council debt has halved under the current mayor", "--library", library,
            "--json")
    assert r.code == 0, r.err
    results = r.json()
    assert results and all(set(m) >= MATCH_FIELDS for m in results)
    assert [m["score"] for m in results] == sorted((m["score"] for m in results), reverse=True)
    assert all(0.0 <= m["score"] <= 1.0 and isinstance(m["same_claim"], bool) for m in results)
    best = results[0]
    assert (best["claim"], best["claimant"], best["rating"], best["publisher"], best["date"], best["same_claim"]) == (
        "The mayor has cut the council's debt in half since 2020", "Jane Doe", "Mostly false", "Example Fact Check",
        "2024-03-02", True)
    assert best["url"] == "https://factcheck.example.org/2024/03/02/council-debt/"
    # The same figure said of another city is found, but it is not the same claim.
    lyon = [m for m in results if "Lyon" in m["claim"]]
    assert lyon and lyon[0]["same_claim"] is False


def test_readable_search_output_shows_rating_publisher_and_link(library: Path, cli: Callable[..., Result]) -> None:
    r = cli("factchecks", "search", "Did unemployment in France fall to 7%?", "--library", library)
    assert r.code == 0, r.err
    first = r.out.splitlines()[:3]
    assert "Mostly true — Les Checkeurs, 2024-01-20" in first[0]
    assert "Jean Martin" in first[1] and first[2].strip() == "https://checkeurs.example.fr/chomage-7-pour-cent"


def test_match_finds_the_sample_claims_earlier_check(tmp_path: Path, library: Path,
                                                     cli: Callable[..., Result]) -> None:
    project = create_sample_project(tmp_path / "story.fcproj", author="Test Author")
    rutte = next(c for c in list_claims(project) if c.speaker == "Mark Rutte")
    hoax = next(c for c in list_claims(project) if c.exact == "hoax")
    project.close()
    r = cli("factchecks", "match", tmp_path / "story.fcproj", "--claim", rutte.id, "--library", library, "--json")
    assert r.code == 0, r.err
    results = r.json()
    assert set(results[0]) >= MATCH_FIELDS
    assert results[0]["url"] == RUTTE_REVIEW and results[0]["same_claim"] is True
    assert (results[0]["rating"], results[0]["claimant"]) == ("Accurate quote", "Mark Rutte")
    # A one-word quote shares nothing with the library: an empty list, not an error.
    r = cli("factchecks", "match", tmp_path / "story.fcproj", "--claim", hoax.id, "--library", library, "--json")
    assert r.code == 0 and all(not m["same_claim"] for m in r.json())


def test_the_projects_own_claimreview_export_feeds_the_library(tmp_path: Path, cli: Callable[..., Result]) -> None:
    create_sample_project(tmp_path / "story.fcproj", author="Test Author").close()
    export = tmp_path / "published.json"
    assert cli("export", tmp_path / "story.fcproj", "--format", "claimreview", "-o", export).code == 0
    r = cli("factchecks", "import", export, "--library", tmp_path / "own.fclib", "--json")
    assert r.code == 0, r.err
    assert r.json()["imported"] >= 1
    r = cli("factchecks", "search", "I cannot confirm these reports", "--library", tmp_path / "own.fclib", "--json")
    assert r.json()[0]["claimant"] == "Mark Rutte" and r.json()[0]["same_claim"] is True


def test_errors_are_one_line_and_exit_1(tmp_path: Path, library: Path, cli: Callable[..., Result]) -> None:
    create_sample_project(tmp_path / "story.fcproj", author="Test Author").close()
    r = cli("factchecks", "match", tmp_path / "story.fcproj", "--claim", "no-such-id", "--library", library)
    assert r.code == 1 and "no-such-id" in r.err and "Traceback" not in r.err
    r = cli("factchecks", "search", "debt", "--library", tmp_path / "missing.fclib")
    assert r.code == 1 and "no fact-check library there yet" in r.err
    assert not (tmp_path / "missing.fclib").exists()
    project_file = tmp_path / "story.fcproj"
    before = project_file.read_bytes()
    r = cli("factchecks", "search", "debt", "--library", project_file)
    assert r.code == 1 and "not a fact-check library" in r.err
    assert project_file.read_bytes() == before


def test_stats_counts_publishers(library: Path, cli: Callable[..., Result]) -> None:
    r = cli("factchecks", "stats", "--library", library, "--json")
    assert r.code == 0
    stats = r.json()
    assert stats["fact_checks"] == 5
    assert {p["name"]: p["count"] for p in stats["publishers"]}["Example Fact Check"] == 2
