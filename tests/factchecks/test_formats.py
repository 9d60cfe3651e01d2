"""Reading fact-check files: every format fact-checkers have, bad records skipped with their reasons, files of
the wrong kind refused with a message that says what they are, hostile input kept harmless."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench import ops
from workbench.core.errors import ImportFailed
from workbench.export import export
from workbench.factchecks import formats
from workbench.factchecks.formats import read_bytes, read_file
from workbench.factchecks.model import LOCAL_KEY_PREFIX

REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://fullfact.org/economy/council-debt-halved/",
    "claimReviewed": "The mayor has cut the council's debt in half since 2020.",
    "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Jane Doe"},
                     "datePublished": "2023-03-01",
                     "appearance": [{"@type": "CreativeWork", "url": "https://news.example/mayor-speech"}]},
    "author": {"@type": "Organization", "name": "Full Fact", "url": "https://fullfact.org"},
    "reviewRating": {"@type": "Rating", "ratingValue": "2", "bestRating": "5", "alternateName": "Mostly false"},
    "datePublished": "2023-03-05T09:00:00+00:00",
    "headline": "Has the council's debt halved?",
    "inLanguage": "en",
}

GOOGLE = {"claims": [
    {"text": "5G masts spread the coronavirus", "claimant": "Social media posts", "claimDate": "2020-04-01T00:00:00Z",
     "claimReview": [
         {"publisher": {"name": "AFP Fact Check", "site": "factcheck.afp.com"}, "url": "https://factcheck.afp.com/5g",
          "title": "No, 5G does not spread the virus", "reviewDate": "2020-04-03T00:00:00Z", "textualRating": "False",
          "languageCode": "en"},
         {"publisher": {"name": "Reuters"}, "url": "https://www.reuters.com/article/5g", "textualRating": "False"},
     ]},
]}


def _write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def test_claimreview_object_gives_every_field_a_journalist_sees(tmp_path: Path) -> None:
    parsed = read_file(_write(tmp_path, "review.json", json.dumps(REVIEW)))
    assert parsed.kind == formats.KIND_CLAIMREVIEW and not parsed.skipped
    (fc,) = parsed.records
    assert fc.url == REVIEW["url"]
    assert fc.claim == REVIEW["claimReviewed"]
    assert (fc.claimant, fc.claim_date) == ("Jane Doe", "2023-03-01")
    assert (fc.rating, fc.rating_value) == ("Mostly false", 2.0)
    assert (fc.publisher, fc.publisher_site, fc.date) == ("Full Fact", "fullfact.org", "2023-03-05")
    assert (fc.title, fc.language, fc.appearance) == ("Has the council's debt halved?", "en",
                                                      "https://news.example/mayor-speech")
    assert fc.source == "review.json"


@pytest.mark.parametrize("wrap", [
    lambda r: [r, {**r, "url": r["url"] + "2"}],
    lambda r: {"@context": "https://schema.org", "@graph": [{"@type": "WebPage"}, r, {**r, "url": r["url"] + "2"}]},
    lambda r: {"@type": "DataFeed", "dataFeedElement": [
        {"@type": "DataFeedItem", "item": [r]}, {"@type": "DataFeedItem", "item": {**r, "url": r["url"] + "2"}}]},
], ids=["list", "graph", "datafeed"])
def test_claimreview_in_lists_graphs_and_feeds(tmp_path: Path, wrap: Callable[[dict], object]) -> None:
    parsed = read_file(_write(tmp_path, "reviews.jsonld", json.dumps(wrap(REVIEW))))
    assert [r.url for r in parsed.records] == [REVIEW["url"], REVIEW["url"] + "2"]


def test_saved_web_page_with_embedded_claimreview(tmp_path: Path) -> None:
    page = f"""<!DOCTYPE html><html><head><meta charset="utf-8">
    <link rel="canonical" href="https://fullfact.org/economy/council-debt-halved/">
    <script type="application/ld+json">{json.dumps({"@context": "https://schema.org", "@type": "Organization"})}
    </script>
    <script type="application/ld+json">
    {json.dumps({**REVIEW, "url": None})}
    </script></head><body><h1>Has the council's debt halved?</h1><script>var x = "<b>";</script></body></html>"""
    parsed = read_file(_write(tmp_path, "saved page.html", page))
    assert parsed.kind == formats.KIND_PAGE
    (fc,) = parsed.records
    # No url in the markup: the page's own address stands in, so importing the page again updates it.
    assert fc.url == "https://fullfact.org/economy/council-debt-halved/"
    assert fc.rating == "Mostly false"


def test_page_entities_are_not_expanded_and_nothing_is_fetched(tmp_path: Path) -> None:
    page = ("""<!DOCTYPE html [<!ENTITY lol "lollollollollollollollol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>"""
            """<html><head><script type="application/ld+json">{"@context": "http://10.0.0.1/ctx.jsonld",
            "@type": "ClaimReview", "url": "https://x.example/r", "claimReviewed": "&lol2; is true"}</script>
            </head></html>""")
    (fc,) = read_file(_write(tmp_path, "bomb.html", page)).records
    assert fc.claim == "&lol2; is true"  # script text stays as written: no entity is expanded


def test_google_fact_check_tools_response_one_record_per_review(tmp_path: Path) -> None:
    parsed = read_file(_write(tmp_path, "google.json", json.dumps(GOOGLE)))
    assert parsed.kind == formats.KIND_GOOGLE
    afp, reuters = parsed.records
    assert (afp.claim, afp.claimant, afp.claim_date) == ("5G masts spread the coronavirus", "Social media posts",
                                                          "2020-04-01")
    assert (afp.publisher, afp.publisher_site, afp.date, afp.language) == ("AFP Fact Check", "factcheck.afp.com",
                                                                            "2020-04-03", "en")
    assert (afp.title, afp.rating) == ("No, 5G does not spread the virus", "False")
    assert (reuters.publisher, reuters.publisher_site) == ("Reuters", "reuters.com")


def test_google_responses_saved_one_per_line(tmp_path: Path) -> None:
    review = {"url": "https://x.example/3", "textualRating": "x"}
    second = {"claims": [{**GOOGLE["claims"][0], "claimReview": [review]}]}
    parsed = read_file(_write(tmp_path, "pages.jsonl", json.dumps(GOOGLE) + "\n" + json.dumps(second) + "\n"))
    assert [r.url for r in parsed.records][-1] == "https://x.example/3" and len(parsed.records) == 3


def test_csv_with_header_reads_known_columns_and_keeps_the_others(tmp_path: Path) -> None:
    table = ("Claim,Claimant,Date,Rating,Publisher,URL,Topic\n"
             "\"Crime doubled in Leeds, police say\",Jane Doe,30/10/2019,False,Full Fact,https://fullfact.org/c,crime\n"
             ",Nobody,2019-01-01,False,X,https://x.example/1,empty\n"
             "Vaccines contain microchips,Posts,\"October 22, 2021\",False,AFP,not-a-link,health\n")
    parsed = read_file(_write(tmp_path, "checks.csv", table))
    assert parsed.kind == formats.KIND_CSV
    (fc,) = parsed.records
    assert (fc.claim, fc.claimant, fc.date, fc.rating, fc.publisher, fc.url) == (
        "Crime doubled in Leeds, police say", "Jane Doe", "2019-10-30", "False", "Full Fact", "https://fullfact.org/c")
    assert fc.extra == {"Topic": "crime"}
    assert [(s.where, s.reason) for s in parsed.skipped] == [
        ("line 3", "no claim text"), ("line 4", "its url “not-a-link” is not a web address")]


def test_semicolon_csv_from_a_spreadsheet_without_urls_still_imports(tmp_path: Path) -> None:
    table = "verdict;statement;speaker\nFalse;The moon landing was faked;Someone\n".encode("cp1252")
    (fc,) = read_file(_write(tmp_path, "sheet.csv", table)).records
    assert (fc.claim, fc.rating, fc.claimant) == ("The moon landing was faked", "False", "Someone")
    assert fc.url.startswith("urn:fact-check-workbench:") and fc.link == ""


def test_the_projects_own_claimreview_export_reads_back(sample_project, tmp_path: Path) -> None:
    claim = sample_project.conn.execute("SELECT id, exact, speaker FROM claims ORDER BY seq LIMIT 1").fetchone()
    ops.update_claim(sample_project, claim_id=claim[0], verdict="Mostly true")
    exported = _write(tmp_path, "export.json", export(sample_project, "claimreview"))
    (fc,) = read_file(exported).records
    assert fc.claim == claim[1] and fc.claimant == claim[2] and fc.rating == "Mostly true"
    # The export has no web address yet (the review is not published): keyed by the claim's id instead.
    assert fc.url == LOCAL_KEY_PREFIX + claim[0] and fc.link == ""


def test_bad_records_are_skipped_with_their_reasons_not_the_file(tmp_path: Path) -> None:
    reviews = [REVIEW, {**REVIEW, "claimReviewed": "", "url": "https://x.example/2"},
               {**REVIEW, "url": "javascript:alert(1)"}, {**REVIEW, "claimReviewed": "x" * 20_000,
                                                        "url": "https://x.example/4"}]
    parsed = read_file(_write(tmp_path, "mixed.json", json.dumps(reviews)))
    assert [r.url for r in parsed.records] == [REVIEW["url"]]
    assert [(s.where, s.reason) for s in parsed.skipped] == [
        ("ClaimReview 2", "no claim text"),
        ("ClaimReview 3", "its url “javascript:alert(1)” is not a web address"),
        ("ClaimReview 4", "the claim is longer than 10,000 characters")]


@pytest.mark.parametrize(("name", "content", "message"), [
    ("report.pdf", b"%PDF-1.7\n...", "is a PDF document, not a file of fact-checks"),
    ("story.fcproj", b"SQLite format 3\x00" + b"\x00" * 200, "is a database"),
    ("story.docx", b"PK\x03\x04" + b"\x00" * 50, "is a ZIP archive"),
    ("export.json", json.dumps([{"id": "1", "quote": "x"}]).encode(), "holds no fact-checks in a known form"),
    ("page.html", b"<html><body>No markup here</body></html>", "web page without ClaimReview markup"),
    ("claims.csv", b"quote,speaker\nx,y\n", "without a “claim” column"),
    ("notes.txt", b"Just some notes about a story.\nNothing else.\n", "is neither JSON, a web page nor a table"),
    ("broken.json", b'{"claims": [', "is not valid JSON"),
    ("empty.json", b"   \n", "is empty"),
], ids=["pdf", "project", "docx", "other-json", "page-without-markup", "csv-without-claim", "text", "broken-json",
        "empty"])
def test_a_file_of_the_wrong_kind_gets_a_clear_message(tmp_path: Path, name: str, content: bytes,
                                                        message: str) -> None:
    with pytest.raises(ImportFailed, match=message) as info:
        read_file(_write(tmp_path, name, content))
    assert str(info.value).startswith(name + ":")


def test_size_caps_refuse_before_parsing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(formats, "MAX_JSON_BYTES", 1000)
    with pytest.raises(ImportFailed, match="too large"):
        read_bytes(b"[" + b" " * 2000 + b"]", "big.json")


def test_deeply_nested_json_is_refused_not_a_crash() -> None:
    with pytest.raises(ImportFailed, match="nested too deeply"):
        read_bytes(b"[" * 100_000 + b"]" * 100_000, "deep.json")


@pytest.mark.parametrize(("text", "iso"), [
    ("2019-10-30T12:00:00Z", "2019-10-30"), ("2019/10/30", "2019-10-30"), ("30.10.2019", "2019-10-30"),
    ("10/30/2019", "2019-10-30"), ("October 30, 2019", "2019-10-30"), ("30 Oct 2019", "2019-10-30"),
    ("stated on October 22, 2012 in the final debate:", "2012-10-22"), ("2019", "2019"),
    ("05/06/2019", "05/06/2019"), ("", ""),
], ids=lambda v: v or "empty")
def test_dates_become_iso_or_stay_as_written(text: str, iso: str) -> None:
    assert formats.iso_date(text) == iso


_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
                     lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
                         st.sampled_from(["@type", "@graph", "claimReviewed", "url", "itemReviewed", "author",
                                          "reviewRating", "claims", "claimReview", "text", "publisher", "name",
                                          "alternateName", "datePublished", "@value", "x"]), inner, max_size=5),
                     max_leaves=20)


@settings(max_examples=60, deadline=None)
@given(doc=_JSON, review_type=st.booleans())
def test_any_json_is_read_or_refused_never_a_crash(doc: object, review_type: bool) -> None:
    if review_type and isinstance(doc, dict):
        doc["@type"] = "ClaimReview"
    try:
        parsed = read_bytes(json.dumps(doc).encode(), "fuzz.json")
    except ImportFailed as exc:
        assert str(exc).startswith("fuzz.json:")
    else:
        assert all(r.claim and r.url for r in parsed.records)


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=300), name=st.sampled_from(["x.csv", "x.html", "x.json", "x.txt"]))
def test_any_bytes_are_read_or_refused_never_a_crash(data: bytes, name: str) -> None:
    try:
        parsed = read_bytes(data, name)
    except ImportFailed as exc:
        assert str(exc).startswith(name + ":")
    else:
        assert all(r.claim and r.url for r in parsed.records)
