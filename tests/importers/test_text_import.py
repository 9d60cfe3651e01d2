"""Plain-text and Markdown import: encodings, Markdown removal, wire headers, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core.errors import ImportFailed
from workbench.importers import import_bytes, import_file
from workbench.importers.base import normalise_text

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample" / "menafn-2024-10-20-nato-rutte.txt"

TEXT = "Président Zelensky a déclaré: «Nous ne céderons pas». Straße, naïve café — 25 €.\n\nZweiter Absatz."


@pytest.mark.parametrize(
    ("encoded", "warns"),
    [
        pytest.param(TEXT.encode("utf-8"), False, id="utf-8"),
        pytest.param(b"\xef\xbb\xbf" + TEXT.encode("utf-8"), False, id="utf-8-bom"),
        pytest.param(b"\xff\xfe" + TEXT.encode("utf-16-le"), False, id="utf-16-le-bom"),
        pytest.param(b"\xfe\xff" + TEXT.encode("utf-16-be"), False, id="utf-16-be-bom"),
        pytest.param(TEXT.encode("utf-16-le"), True, id="utf-16-le-no-bom"),
        pytest.param(TEXT.encode("cp1252"), True, id="cp1252"),
    ],
)
def test_encodings_decode_to_the_same_text(encoded: bytes, warns: bool) -> None:
    article = import_bytes(encoded, "story.txt")
    assert article.text == normalise_text(TEXT)
    assert article.format == "txt"
    assert bool(article.warnings) == warns


def test_latin1_without_euro_sign_is_read_correctly() -> None:
    text = "Le ministre a annoncé une réforme très contestée à Besançon. " * 5
    article = import_bytes(text.encode("latin-1"), "brief.txt")
    assert article.text == normalise_text(text)
    assert "not UTF-8" in article.warnings[0]


def test_sample_wire_story_gets_date_and_outlet_and_keeps_its_dateline() -> None:
    article = import_file(SAMPLE)
    assert article.published == "2024-10-20"
    assert article.outlet == "MENAFN"
    # The dateline stays in the text (claims point into it; a quote may sit in it), not in the title.
    assert article.text.startswith("date 2024-10-20 (MENAFN) Secretary General Mark Rutte has stated")
    assert article.title.startswith("Secretary General Mark Rutte has stated that the alliance cannot verify")
    assert "\n\n\n" not in article.text
    assert article.text.count("\n\n") == 4  # five paragraphs, each a blank line apart
    assert article.source_file == SAMPLE.name
    assert len(article.source_sha256) == 64


def test_markdown_syntax_is_removed_and_structure_kept() -> None:
    md = (
        "# Council admits barrier failed\n\n"
        "Some **bold** claim and an *emphasised* one, with a [link](https://example.org) and `code`.\n\n"
        "## What we found\n\n"
        "- first point\n- second point\n\n"
        '> "A quoted line," said the mayor.\n\n'
        "---\n\n"
        "Last paragraph.\n"
    )
    article = import_bytes(md.encode(), "story.md")
    assert article.title == "Council admits barrier failed"
    assert article.format == "md"
    assert article.text == (
        "Some bold claim and an emphasised one, with a link and code.\n\n"
        "What we found\n\n"
        "first point\nsecond point\n\n"
        '"A quoted line," said the mayor.\n\n'
        "Last paragraph."
    )


def test_markdown_front_matter_is_metadata_not_text() -> None:
    # Notes apps and static-site generators (Obsidian, Jekyll, Hugo) save articles with YAML front matter.
    md = (
        "---\n"
        'title: "Port strike ends after two weeks of talks"\n'
        "author:\n  - Jane Doe\n  - Piotr Nowak\n"
        "date: 2025-03-14T08:15:00+01:00\n"
        "source: https://balticwire.example/2025/03/strike\n"
        "publisher: Baltic Wire\n"
        "tags: [ports, strikes]\n"
        "---\n\n"
        "# Port strike ends\n\n"
        "GDAŃSK, March 14 (Baltic Wire) - The [port authority](https://en.wikipedia.org/wiki/Port_(Gdańsk)) "
        '"welcomes the deal," its spokesperson said.\n'
    )
    article = import_bytes(md.encode(), "strike.md")
    assert article.title == "Port strike ends after two weeks of talks"
    assert (article.author, article.published, article.outlet) == ("Jane Doe, Piotr Nowak", "2025-03-14", "Baltic Wire")
    assert article.url == "https://balticwire.example/2025/03/strike"
    assert "title:" not in article.text and "tags" not in article.text and "---" not in article.text
    # A link whose address holds parentheses keeps only its words.
    assert article.text == ("Port strike ends\n\nGDAŃSK, March 14 (Baltic Wire) - The port authority "
                            '"welcomes the deal," its spokesperson said.')


def test_toml_front_matter_and_a_file_opening_with_a_rule() -> None:
    toml = import_bytes(b'+++\ntitle = "Budget passes"\ndate = 2024-11-30\n+++\nThe budget passed on Friday.\n', "b.md")
    assert (toml.title, toml.published, toml.text) == ("Budget passes", "2024-11-30", "The budget passed on Friday.")
    # Two horizontal rules around prose are not front matter: the prose stays.
    ruled = import_bytes(b"---\n\nThe mayor spoke first.\n\n---\n\nThen the council voted.\n", "r.md")
    assert ruled.text == "The mayor spoke first.\n\nThen the council voted."


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"", "empty", id="empty"),
        pytest.param(b"  \n\t\r\n ", "empty", id="only-whitespace"),
        pytest.param(b"\x00\x01\x02binary\x00\xff" * 50, "binary", id="binary-with-nul"),
        pytest.param(b"%PDF-1.7\n%\xe2\xe3\n1 0 obj", "PDF", id="pdf-renamed"),
        pytest.param(b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "PNG image", id="png-renamed"),
        pytest.param(b"PK\x03\x04" + bytes(40), "zip", id="zip-renamed"),
    ],
)
def test_bad_text_files_fail_with_a_specific_message(data: bytes, message: str) -> None:
    with pytest.raises(ImportFailed, match=message) as info:
        import_bytes(data, "notes.txt")
    assert "notes.txt" in str(info.value)


def test_wire_header_variants() -> None:
    article = import_bytes(b"2024-03-01 (Reuters) - The central bank held rates.", "wire.txt")
    assert (article.published, article.outlet) == ("2024-03-01", "Reuters")
    assert article.title == "The central bank held rates."
    assert article.text == "2024-03-01 (Reuters) - The central bank held rates."


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1))
def test_any_unicode_text_round_trips_through_a_utf8_file(text: str) -> None:
    expected = normalise_text(text)
    data = text.encode("utf-8", errors="surrogatepass")
    if not expected or not data.strip():
        with pytest.raises(ImportFailed):
            import_bytes(data, "any.txt")
        return
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return  # lone surrogates cannot be written to a UTF-8 file in the first place
    article = import_bytes(data, "any.txt")
    # A leading "2024-01-01 (X)" would be a wire header; hypothesis will not find one by chance,
    # but stay honest if it does.
    if article.published:
        return
    assert article.text == expected
