"""The HTML report's fast route (``fast_html.part_html``) against its oracle, Python-Markdown + nh3
(``html_report.convert_part``): whatever part the fast route accepts, it must give the same text, byte for
byte, and it must accept the parts real reports are made of (or the 100,000-claim export is slow again)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.reports import ClaimSpec, add_sources, make_selection
from workbench import ops
from workbench.export import export
from workbench.export.escape import md_inline, md_link
from workbench.export.fast_html import part_html
from workbench.export.html_report import _markdown, _parts, convert_part
from workbench.export.markdown_report import mark_claims, render_markdown
from workbench.export.selection import ExportOptions
from workbench.export.template import load_template
from workbench.importers import ImportedArticle
from workbench.store import Project

# What journalists, wire copy and mischief put in fields: Markdown and HTML syntax, footnote markers,
# entities, addresses, no-break and zero-width spaces, tabs, right-to-left text, emoji, combining marks.
NASTY = [
    "**bold** and *em* and _under_ and __dunder__ and `code` and ``two``",
    "<script>alert(1)</script> <b onmouseover=x()>b</b> <http://198.51.100.7/x> <a@b.c> < space",
    "[link](https://example.org/a_(b)?c=1&d=2) ![img](http://x/y.png) [ref][1] [^1] [^2]: x [x]: y",
    "&amp; &copy; &#42; &#x2A; &nbsp; &bogus; AT&T & Co; 5 > 3 -> 2",
    "C# #hashtag ## not a heading \\ back\\slash \\* {#id} {: .c} | a | b |",
    "1984. A year\n- not a list\n+ nor this\n> nor a quote\n=== \n--- \n    indented",
    "Tab\there\tand\tthere; no\u00a0break; zero\u200bwidth; soft\u00adhyphen",
    "العربية نص من اليمين \u202eevil\u202c עברית 日本語 🇺🇦 e\u0301 \U0001f600",
    "Ends with two spaces  \nand a line break; trailing backslash \\",
    "***triple*** **unclosed *half ** spaced ** ok**",
    "https://news.example.org/2024/10/20/nato?x=1#frag mailto:desk@example.org",
]


def _parts_agree(markdown_text: str) -> tuple[int, int]:
    """Compare both routes on every part of a report; (parts, parts the fast route took)."""
    md = _markdown()
    parts = _parts(markdown_text)
    fast_parts = 0
    for part in parts:
        fast = part_html(part)
        if fast is not None:
            fast_parts += 1
            assert fast == convert_part(md, part), part
    return len(parts), fast_parts


@pytest.mark.parametrize("nasty", NASTY, ids=range(len(NASTY)))
def test_escaped_values_always_take_the_fast_route(nasty: str) -> None:
    # Whatever a field holds, once escaped for the report it is text the fast route writes directly.
    part = (f"## {md_inline(nasty)} {{#article-1}}\n\n- **Outlet:** {md_link(nasty, 'https://e.org/?q=' + nasty)}\n\n"
            f"### Text\n\n{mark_claims('Intro: ' + nasty + ' ends.', [(7, 7 + len(nasty), 1)])}\n\n"
            f"> “{md_inline(nasty)}”\n\n[^1]: {md_inline(nasty)} · [Claim 1](#claim-1)\n")
    fast = part_html(part)
    assert fast is not None
    assert fast == convert_part(_markdown(), part)


def _nasty_project(path: Path) -> Project:
    project = Project.create(path, title="Nasty **report** <script>", author="Test Author")
    text = "\n\n".join(f"Paragraph {n}: the minister said “{t}” to reporters." for n, t in enumerate(NASTY))
    article = ImportedArticle(text=text, title="A *title* with [brackets] & <tags>", outlet="Le Monde_",
                              author="Jürgen `O'Neil`", url="https://example.org/a b?c=<d>", format="txt")
    article_id = ops.add_article(project, article=article).created("articles")[0]
    for n, nasty in enumerate(NASTY):
        start = text.index(nasty)
        claim_id = ops.add_claim(project, article_id=article_id, start=start, end=start + len(nasty),
                                 speaker=nasty[:40], tags=[nasty[:20]], note=nasty, private_note=nasty[::-1]
                                 ).created("claims")[0]
        if n % 3 == 0:
            ops.add_source(project, title=nasty[:60], publisher=nasty[-30:], url=f"https://example.org/{n}?q=*_*",
                           claim_id=claim_id, relation="refutes", excerpt=nasty[:50], locator=nasty[5:25])
    return project


@pytest.mark.parametrize("options", [ExportOptions(), ExportOptions(private_notes=True),
                                     ExportOptions(full_text=False, private_notes=True)],
                         ids=["plain", "private-notes", "excerpts"])
def test_the_sample_report_converts_the_same_and_fast(sample_project: Project, options: ExportOptions) -> None:
    add_sources(sample_project)
    parts, fast = _parts_agree(export(sample_project, "markdown", options))
    # Every part but the summary (a table) takes the fast route: the article and its claims, the sources.
    assert fast == parts - 1


def test_hostile_and_unicode_texts_convert_the_same(tmp_path: Path) -> None:
    project = _nasty_project(tmp_path / "nasty.fcproj")
    try:
        for options in (ExportOptions(private_notes=True), ExportOptions(full_text=False, private_notes=True)):
            _parts, fast = _parts_agree(export(project, "markdown", options))
            assert fast >= 1  # the title part at least; the rest may well go the slow way
    finally:
        project.close()


# Any characters at all, and mostly the subset the fast route takes (escapes, entities, bold runs,
# footnotes, links, lists, headings, Unicode spaces).
_HARSH = st.sampled_from([
    "a", "b", " ", "  ", "\n", "\n\n", "*", "**", "_", "`", "\\", "[", "]", "(", ")", "^", ":", "#", ">",
    "-", "+", "=", "|", "<", "&", ";", "!", "{", "}", "1", "1.", "\t", "\u00a0", "é", "ש", "&amp;", "&#61;",
    "[^1]", "[^2]", "[^1]: x", "[a](https://e.org/x)", "[b](#claim-1)", "- ", "> ", "## ", "{#x-1}", "“",
])
_GENTLE = st.sampled_from([
    "a", "word", " ", "\n", "\n\n", "**", "*", "\\*", "\\_", "\\[", "\\\\", "\\#", "\\-", "\\.", "&amp;", "&lt;",
    "&#61;", "&copy;", "&#6", "&copy", "&", "< ", ">", "!", "(", ")", ":", "\u00a0", "\u2003", "ש", "1", "1\\.",
    "[^1]", "[^2]",
    "\n\n[^1]: x", "\n\n[^2]: **v** y", "\n[^3]: z", "[a](https://e.org/x?a=1&b=2)", "[b](#claim-1)",
    "[](mailto:a@b.c)", "\n\n- ", "\n- ", "\n\n> ", "\n\n## ", "\n\n#### ", " {#x-1}", "“", "#",
])


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_HARSH, _GENTLE), max_size=40).map("".join))
def test_any_markdown_the_fast_route_accepts_converts_the_same(text: str) -> None:
    _parts_agree(text)


_FIELD = st.lists(st.sampled_from([*NASTY, "plain words", "Zoë Kovalenko", "", "a\nb", "x  ", "- item"]),
                  max_size=3).map(" ".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(words=st.lists(st.sampled_from([*NASTY, "word", "said", "\n\n", "“Quote,”", " "]), min_size=3, max_size=25),
       fields=st.lists(st.tuples(_FIELD, _FIELD, _FIELD), min_size=1, max_size=4), full_text=st.booleans())
def test_reports_of_any_claims_convert_the_same(words: list[str], fields: list[tuple[str, str, str]],
                                                full_text: bool) -> None:
    text = " ".join(words)
    step = max(1, len(text) // (len(fields) + 1))
    specs = [ClaimSpec(n * step, n * step + max(1, step // 2), speaker=speaker, note=note, tags=[tag] if tag else [])
             for n, (speaker, note, tag) in enumerate(fields, start=0) if n * step + 1 < len(text)]
    options = ExportOptions(full_text=full_text, private_notes=True)
    markdown_text = render_markdown(make_selection(text, specs), options, load_template(), today=date(2024, 10, 21))
    _parts_agree(markdown_text)


@pytest.mark.parametrize("text", [
    "x [a**b**c](https://e.org) y",  # a bold run inside a link's label: once read as a run, then a link
    "**a** [b](#c) **d** · [Claim 1](#claim-1)",
    "***a** b", "x **a** **b*", "a > b **c** [d](#e)", "a\u00a0**b**",
])
def test_bold_runs_and_links_convert_the_same(text: str) -> None:
    _parts_agree(text)
