"""The HTML report (and the preview, which uses the same function): only the report's own tags, links
only to the web or within the report, nothing that loads from anywhere, styles embedded."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.reports import HTMLReader
from workbench import ops
from workbench.export.html_report import export_html, markdown_to_html, sanitize
from workbench.export.markdown_report import export_markdown
from workbench.export.selection import ExportOptions
from workbench.store import Project
from workbench.store.queries import list_claims

HOSTILE_NOTE = ('<img src="file:///etc/passwd"> <script>alert(1)</script> [x](javascript:alert(1)) '
                "![](http://example.com/x.png)")


@pytest.fixture
def hostile_project(sample_project: Project) -> Project:
    claim = list_claims(sample_project)[0]
    ops.update_claim(sample_project, claim_id=claim.id, note=HOSTILE_NOTE, private_note=HOSTILE_NOTE,
                     speaker="<iframe src=http://example.com>")
    ops.add_source(sample_project, title="<img src=x onerror=alert(1)>", url='https://example.com/"><script>',
                   claim_id=claim.id, relation="context", excerpt="<style>body{display:none}</style>")
    return sample_project


def test_hostile_notes_come_out_as_text_with_nothing_live(hostile_project: Project) -> None:
    page = export_html(hostile_project, ExportOptions(private_notes=True))
    reader = HTMLReader(page)
    # The only style element is the report's own; no script, image, frame, or any attribute that loads.
    assert reader.names().count("style") == 1
    assert not {"img", "script", "iframe", "object", "embed", "link", "base"} & set(reader.names())
    assert not any(k in ("src", "srcset", "style", "onerror", "onload") for _t, a in reader.tags for k in a)
    assert all(h.startswith(("#", "https://", "http://", "mailto:")) for h in reader.hrefs())
    assert not any(h.startswith("javascript:") for h in reader.hrefs())
    # ...while every hostile string is still there for the editor to read (the note's Markdown renders,
    # but the unsafe link and the image are left as typed).
    assert HOSTILE_NOTE in reader.text
    assert "<iframe src=http://example.com>" in reader.text
    assert "<style>body{display:none}</style>" in reader.text
    assert "https://example.com/%22%3E%3Cscript%3E" in reader.hrefs()


def test_standalone_page_is_self_contained(sample_project: Project) -> None:
    page = export_html(sample_project)
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>Sample: NATO on North Korean troops</title>" in page
    assert "default-src 'none'" in page  # Content-Security-Policy: the page may load nothing at all
    assert "strong.claim" in page  # the stylesheet is embedded...
    assert "url(" not in page and "@import" not in page  # ...and fetches nothing
    assert '<strong class="claim">highly likely</strong>' in page


def test_project_title_is_escaped_in_the_page_title(sample_project: Project) -> None:
    ops.set_project_title(sample_project, title="</title><script>alert(1)</script>")
    page = export_html(sample_project)
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>" in page
    assert "script" not in HTMLReader(page).names()


@pytest.mark.parametrize(
    ("html", "kept", "gone"),
    [
        ('<a href="javascript:alert(1)">x</a>', "<a", "javascript"),
        ('<a href="file:///etc/passwd">x</a>', "<a", "file:"),
        ('<a href="//evil.example/x">x</a>', "<a", "evil"),
        ('<a href="relative/page.html">x</a>', "<a", "relative"),
        ('<a href="https://example.com/">x</a>', 'href="https://example.com/"', "javascript"),
        ('<a href="#fn:1">x</a>', 'href="#fn:1"', "javascript"),
        ('<p style="color:red" onclick="x()">t</p>', "<p>t</p>", "style"),
        ('<img src="http://example.com/x.png" alt="x">', "", "img"),
        ("<script>alert(1)</script>after", "after", "alert"),
        ('<h2 id="x" class="evil">t</h2>', '<h2 id="x">t</h2>', "evil"),
        ('<td align="right" style="x">1</td>', "1", "style"),
    ],
    ids=["javascript-link", "file-link", "scheme-relative", "relative", "https-kept", "anchor-kept",
         "style-and-handler", "image", "script", "class-not-allowed", "style-on-cell"],
)
def test_sanitizer_keeps_only_safe_markup(html: str, kept: str, gone: str) -> None:
    clean = sanitize(html)
    assert kept in clean
    assert gone not in clean


def test_markdown_images_never_survive() -> None:
    # The template itself is Markdown; even an outlet's template cannot bring an image in.
    html = markdown_to_html("![logo](https://example.com/logo.png)\n\n<img src=x>")
    assert "img" not in HTMLReader(html).names()


def test_each_articles_notes_follow_it_and_keep_the_claim_numbers(sample_project: Project,
                                                                   sample_article_path: Path) -> None:
    from workbench.importers import import_file

    article = import_file(sample_article_path)
    article.title = "Second article"
    second = ops.add_article(sample_project, article=article).created("articles")[0]
    ops.add_claim(sample_project, article_id=second, quote="highly likely", speaker="Kim Yong-hyun")
    html = markdown_to_html(export_markdown(sample_project))
    # Claim 4 is the second article's only claim: its reference says 4 and its note list starts at 4,
    # right after that article, not in one list at the end of the report.
    assert '<a class="footnote-ref" href="#fn:4" rel="noopener noreferrer">4</a>' in html
    assert '<ol start="4">' in html
    assert html.index('<li id="fn:3">') < html.index("Second article") < html.index('<li id="fn:4">')
    assert html.count('class="footnote"') == 2


def test_a_report_whose_notes_are_defined_elsewhere_is_converted_whole() -> None:
    text = "# Report\n\nA quote[^1].\n\n## Notes\n\n[^1]: The note."
    html = markdown_to_html(text)
    assert '<a class="footnote-ref" href="#fn:1" rel="noopener noreferrer">1</a>' in html
    assert "[^1]" not in html
