"""Whatever a journalist types, or an article contains, comes out of the report as text: never as
emphasis, links, images, tables, headings, code or live HTML. Notes are the exception: they are written in
Markdown, and their emphasis, code, lists and web links render; but nothing else (raw HTML, images,
headings, footnotes, tables) does. Checked end to end (Markdown rendered to the HTML the preview and the
HTML export show), for hostile strings and for any Unicode text."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.reports import ClaimSpec, HTMLReader, make_selection, squash
from workbench.export.escape import md_inline, md_link, md_note, md_text, safe_url
from workbench.export.html_report import markdown_to_html
from workbench.export.markdown_report import render_markdown
from workbench.export.selection import ExportOptions
from workbench.export.template import load_template

HOSTILE = [
    '<img src="file:///etc/passwd">',
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "![](http://example.com/x.png)",
    "**not bold** and *not italic* and _not either_",
    "a | b | c",
    "# not a heading",
    "`not code`",
    "<b>not bold</b> &copy; &#42; &amp;",
    "\\*escaped\\* stays \\",
    "[^1] is not a footnote",
    "{#id .class} no attributes",
    "<!-- not a comment -->",
    "<https://example.com/not-an-autolink>",
]
LINE_STARTS = ["- not a list", "+ not a list", "1. not a list", "> not a quote", "    not code", "---", "===",
               "* not a list", "| a | b |\n| --- | --- |\n| 1 | 2 |"]

TEMPLATE = load_template()


def render(text: str, specs: list[ClaimSpec], *, private: bool = True, full_text: bool = True) -> tuple[str, str]:
    options = ExportOptions(private_notes=private, full_text=full_text)
    md = render_markdown(make_selection(text, specs), options, TEMPLATE)
    return md, markdown_to_html(md)


def plain_tags(html: str) -> list[str]:
    """Tags other than paragraphs and line breaks (which a note's own line breaks legitimately make)."""
    return [t for t in HTMLReader(html).names() if t not in ("p", "br")]


@pytest.mark.parametrize("value", HOSTILE + LINE_STARTS, ids=lambda v: v[:24])
def test_hostile_value_renders_as_its_own_text(value: str) -> None:
    text = f"Before the quote. “{value}” After the quote."
    start = text.index(value)
    baseline_text = "Before the quote. “plain” After the quote."
    _md, baseline = render(baseline_text, [ClaimSpec(19, 24, note="plain", speaker="plain", private_note="plain",
                                                         tags=["plain"])])
    _md, html = render(text, [ClaimSpec(start, start + len(value), note="plain", speaker=value,
                                        private_note="plain", tags=[value])])
    reader = HTMLReader(html)
    # The speaker, the tag and the quote itself all show their text, character for character.
    assert reader.text.count(squash(value)) >= 3
    # ...and the markup is exactly what the plain report has: nothing added, nothing swallowed.
    assert plain_tags(html) == plain_tags(baseline)


@pytest.mark.parametrize("value", HOSTILE, ids=lambda v: v[:24])
def test_hostile_value_never_becomes_live_html(value: str) -> None:
    text = f"He said “{value}” yesterday."
    start = text.index(value)
    _md, html = render(text, [ClaimSpec(start, start + len(value), note=value, private_note=value)])
    reader = HTMLReader(html)
    assert not {"img", "script", "style", "iframe", "b", "pre", "h5"} & set(reader.names())
    assert reader.names().count("table") == 1  # the summary
    assert reader.names().count("h1") == 1  # the report's title; a note makes no heading
    assert all(h.startswith(("#", "http:", "https:", "mailto:")) for h in reader.hrefs())
    assert "javascript:" not in " ".join(reader.hrefs())


def test_line_start_syntax_is_defused_only_where_it_matters() -> None:
    assert md_text("Kim Yong-hyun said 3.5 million -5% a+b") == "Kim Yong-hyun said 3.5 million -5% a+b"
    assert md_text("- item\n1984. That year\n+ plus") == "\\- item\n1984\\. That year\n\\+ plus"
    # A piece that continues a line keeps its first characters and its leading space.
    assert md_text(" - continued", at_line_start=False) == " - continued"


def test_inline_values_become_one_line_and_notes_keep_paragraphs_and_lines() -> None:
    assert md_inline("  two\n\nlines  ") == "two lines"
    assert md_note("first line\nsecond line\n\n\n\nnext paragraph") == (
        "first line  \nsecond line\n\nnext paragraph")


NOTE = ("**Checked** with the *ministry*, see `MoD-17`:\n- called the [embassy](https://example.org/a)\n"
        "- [not a link](javascript:alert(1)) and [file](file:///etc/passwd)\n\n"
        "<script>alert(1)</script> <b>raw</b> ![pixel](http://example.com/x.png) [^1] {#claim-1}\n"
        "# not a heading\n1984. was a year\n| a | b |")


def test_note_markdown_renders_and_nothing_else_does() -> None:
    md, html = render("He said “hello” today.", [ClaimSpec(9, 14, note=NOTE)], private=False)
    reader = HTMLReader(html)
    assert "**Checked**" in md and "\\*\\*" not in md  # readable Markdown in the .md file too
    assert "<strong>Checked</strong> with the <em>ministry</em>, see <code>MoD-17</code>:" in html
    assert '<li>called the <a href="https://example.org/a" rel="noopener noreferrer">embassy</a></li>' in html
    # Unsafe link targets are dropped (the words stay); raw HTML is shown, never live; an image is text.
    assert "javascript:" not in " ".join(reader.hrefs()) and "file:" not in " ".join(reader.hrefs())
    assert "not a link" in reader.text
    assert "<script>alert(1)</script> <b>raw</b>" in reader.text
    assert not {"script", "b", "img", "h5"} & set(reader.names())
    assert reader.names().count("table") == 1  # the summary
    assert reader.names().count("h1") == 1 and reader.names().count("h2") == 2  # title, Summary, article
    assert "![pixel](http://example.com/x.png)" in reader.text
    assert not any("x.png" in h for h in reader.hrefs())
    # A note cannot cite a claim's footnote nor give itself an id; nor turn a year into a list number.
    assert "[^1] {#claim-1}" in reader.text and reader.names().count("ol") == 1  # the footnotes' list
    assert "# not a heading 1984. was a year | a | b |" in reader.text


def test_control_characters_are_dropped_not_rendered() -> None:
    value = "a\x00b\x02c\x03d\x1be\x7ff\x85g"
    md, html = render(f"Said “{value}” then.", [ClaimSpec(6, 6 + len(value), note=value)])
    assert "abcdefg" in HTMLReader(html).text
    assert "\x02" not in md and "\x03" not in md


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/a_(b)?q=1 2", "https://example.com/a_%28b%29?q=1%202"),
        ("http://example.com", "http://example.com"),
        ("mailto:desk@example.com", None),
        ("doi:10.1000/xyz", "https://doi.org/10.1000/xyz"),
        ("javascript:alert(1)", None),
        ("file:///etc/passwd", None),
        ("ftp://example.com/x", None),
        ("/relative/path", None),
        ("https://", None),
    ],
    ids=["parentheses-and-space", "http", "mailto", "doi", "javascript", "file", "ftp", "relative", "no-host"],
)
def test_only_web_links_become_links(url: str, expected: str | None) -> None:
    assert safe_url(url) == expected
    if expected is None:
        assert md_link("title", url) == "title"


# Any text at all, except surrogates (not encodable) and control characters (dropped on purpose, above).
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60).filter(
    lambda s: s.strip())
WORDS = st.sampled_from(["", "said", "*", "_", "[", "|", "#", "`", "<b>", "&amp;", "\n", "\n\n", "- ", "1. "])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(quote=ANY_TEXT, note=ANY_TEXT, before=WORDS, after=WORDS)
def test_any_quote_and_note_survive_as_text(quote: str, note: str, before: str, after: str) -> None:
    quote = quote.strip()
    text = f"Intro {before}“{quote}”{after} outro."
    start = text.index(quote)
    _md, html = render(text, [ClaimSpec(start, start + len(quote), note=note, speaker="S")])
    reader = HTMLReader(html)
    assert squash(quote) in reader.text
    # The note's words are all there (Markdown styling aside; a link shows its words, not its address).
    words = re.sub(r"[\W_]", "", re.sub(r"\]\([^()]*\)", "]", note))
    assert words in re.sub(r"[\W_]", "", reader.text)
    # Only the report's own vocabulary, and what a note's Markdown makes, appears.
    assert set(reader.names()) <= {"h1", "h2", "h3", "h4", "p", "em", "strong", "table", "thead", "tbody",
                                   "tr", "th", "td", "ul", "li", "blockquote", "sup", "a", "div", "hr", "ol",
                                   "br", "code", "pre"}
    assert all(h.startswith(("#", "http://", "https://")) for h in reader.hrefs())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(quote=ANY_TEXT)
def test_any_quote_survives_in_an_excerpt(quote: str) -> None:
    quote = quote.strip()
    text = f"First paragraph.\n\nIntro “{quote}” outro.\n\nLast paragraph."
    start = text.index(quote)
    _md, html = render(text, [ClaimSpec(start, start + len(quote))], full_text=False)
    assert squash(quote) in HTMLReader(html).text


@pytest.mark.parametrize("full_text", [False, True], ids=["excerpts", "full-text"])
def test_arrows_and_comparisons_are_escaped_once(full_text: bool) -> None:
    # The .md file is read as it is: "->" must not come out as "-&gt;" (the HTML renderer makes the entity
    # itself, once), and a quote starting a line with ">" still does not become a block quote.
    text = "Costs -> prices, he said.\n\n> Rates rose 3 <= 4 and a < b, “margins -> zero” she said."
    start = text.index("margins")
    md, html = render(text, [ClaimSpec(start, start + len("margins -> zero"), speaker="A -> B",
                                       note="cause -> effect\n- > not a quote")], full_text=full_text)
    assert "&gt;" not in md
    assert "margins -> zero" in md and "A -> B" in md and "cause -> effect" in md
    reader = HTMLReader(html)
    assert "margins -> zero" in reader.text and "A -> B" in reader.text and "cause -> effect" in reader.text
    assert "&amp;gt;" not in html and "&amp;lt;" not in html
    plain = text.replace(">", "x").replace("<", "y")
    _md, baseline = render(plain, [ClaimSpec(start, start + len("margins -> zero"), speaker="A xx B",
                                             note="cause xx effect\n- x not a quote")], full_text=full_text)
    assert plain_tags(html) == plain_tags(baseline)  # no block quote, no tag: the same markup as plain text
    if full_text:
        assert "Costs -> prices" in reader.text and "> Rates rose 3 <= 4 and a < b" in squash(reader.text)
