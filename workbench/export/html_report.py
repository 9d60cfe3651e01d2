"""Markdown report -> safe HTML: the one function behind both the export dialog's preview and the
standalone HTML file.

Everything from the project is already escaped in the Markdown, so the HTML should hold nothing but what
the template and Python-Markdown produce. The sanitiser (nh3) is the second wall in case it does not:
only a short list of tags and attributes survives, links only to http/https/mailto or to a place in the
report itself, no images from anywhere, no scripts, no style attributes. The standalone file embeds its
stylesheet and forbids loading anything with a Content-Security-Policy.
"""

from __future__ import annotations

import html
import itertools
import re
import tempfile
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from datetime import date
from html.parser import HTMLParser
from string import Template

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from workbench import __version__
from workbench.core.paths import resource_path
from workbench.export.escape import md_note
from workbench.export.fast_html import BACKLINK_TITLE, part_html
from workbench.export.markdown_report import markdown_pieces
from workbench.export.selection import ExportOptions
from workbench.store import Project

ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "a", "sup",
    "blockquote", "table", "thead", "tbody", "tr", "th", "td", "code", "pre", "div", "span",
})
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "sup": {"id"},
    "li": {"id"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
    **{h: {"id"} for h in _HEADINGS},
}
ALLOWED_CLASSES = {
    "div": {"footnote"},
    "a": {"footnote-ref", "footnote-backref"},
    "strong": {"claim"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_ID = re.compile(r"^[A-Za-z][\w:.-]*$")


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "href":
        # In-report anchors (#claim-3, #fn:3) or absolute web/mail links; never relative paths, which a
        # viewer would resolve against wherever the file lies (file:, a network share).
        if value.startswith("#"):
            return value if _ID.match(value[1:]) else None
        m = _SCHEME.match(value)
        return value if m and m.group(1).lower() in URL_SCHEMES else None
    if attribute == "id":
        return value if _ID.match(value) else None
    if attribute == "start":
        return value if value.isdigit() else None
    if attribute == "align":
        return value if value in ("left", "right", "center") else None
    return value


# nh3 takes quadratic time over one text run with many "&" (1,000,000 of them: 11 s, 5,000,000: minutes,
# the preview frozen). An empty comment after every 500 of them splits the run; nh3 strips the comments,
# so the result is the same. The pattern never crosses a tag and cannot backtrack far (each & starts a
# bounded step).
_AMPERSAND_RUN = re.compile(r"(?:&[^<>&]{0,40}){500}")


def sanitize(fragment: str) -> str:
    """An HTML fragment with everything but the report's own small vocabulary removed."""
    if fragment.count("&") > 500:
        fragment = _AMPERSAND_RUN.sub(lambda m: m.group(0) + "<!---->", fragment)
    return nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_attribute_filter,
        url_schemes=set(URL_SCHEMES),
        allowed_classes={k: set(v) for k, v in ALLOWED_CLASSES.items()},
        strip_comments=True,
    )


class _ReportTree(Treeprocessor):
    """Finishing touches on the HTML tree of a report.

    A claim's bold run (a ``strong`` directly followed by its footnote reference) gets the class
    ``claim``, so the stylesheet can highlight quotes without highlighting every bold label. Footnote
    numbers are their labels (claim numbers) rather than Python-Markdown's count within one conversion,
    so a report converted article by article still says "3" for claim 3.
    """

    def run(self, root: ET.Element) -> None:
        for parent in root.iter():
            children = list(parent)
            for strong, after in itertools.pairwise(children):
                if (strong.tag == "strong" and after.tag == "sup" and not (strong.tail or "")
                        and (after.get("id") or "").startswith("fnref")):
                    strong.set("class", "claim")
            if parent.tag == "a" and parent.get("class") == "footnote-ref":
                label = (parent.get("href") or "").rpartition(":")[2]
                if label.isdigit():
                    parent.text = label
            elif parent.tag == "ol" and children and (children[0].get("id") or "").startswith("fn:"):
                label = (children[0].get("id") or "").rpartition(":")[2]
                if label.isdigit() and label != "1":
                    parent.set("start", label)


class _ReportExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # After everything else (inline patterns 20, footnotes 50/19/15) has built the tree.
        md.treeprocessors.register(_ReportTree(md), "report_tree", 5)


# Where a report can be cut into parts converted one by one: before a level-1 or level-2 heading (only
# templates make those; escaped text never starts a line with "#").
_PART = re.compile(r"^(?=#{1,2} )", re.MULTILINE)
_PART_AFTER_BREAK = re.compile(r"\n(?=#{1,2} )")  # the same, the line break before it included
_FOOTNOTE_REF = re.compile(r"(?<!\\)\[\^([^\]\\\s]+)\](?!:)")
_FOOTNOTE_DEF = re.compile(r"^ {0,3}\[\^([^\]]+)\]:", re.MULTILINE)


def _parts(text: str) -> list[str]:
    """The report cut at its top headings, when every footnote is defined in the part that cites it
    (the bundled template defines an article's footnotes right after it); else the whole text.

    Python-Markdown's footnotes cost time quadratic in their number within one conversion, so a
    20,000-claim report converts in a fraction of the time article by article, and each article's notes
    land right after it instead of at the very end.
    """
    parts = _PART.split(text)
    return parts if all(_local(part) for part in parts) else [text]


def _local(part: str) -> bool:
    """Whether every footnote ``part`` cites is defined in it."""
    return set(_FOOTNOTE_REF.findall(part)) <= set(_FOOTNOTE_DEF.findall(part))


def _markdown() -> markdown.Markdown:
    """The Python-Markdown converter for reports."""
    return markdown.Markdown(
        extensions=["footnotes", "tables", "attr_list", _ReportExtension()],
        extension_configs={"tables": {"use_align_attribute": True},
                           "footnotes": {"BACKLINK_TITLE": BACKLINK_TITLE}},
        output_format="html",
    )


def convert_part(md: markdown.Markdown, part: str) -> str:
    """One part of a report through Python-Markdown and the sanitiser (the route ``part_html`` must equal)."""
    converted = md.convert(part)
    md.reset()
    return sanitize(converted)


def _convert(parts: Iterable[str]) -> Iterator[str]:
    """Each part converted and sanitised, joined by newlines: the same text as sanitising the joined
    conversions at once (every part converts to whole elements, and the sanitiser keeps text as it is).

    A part in the Markdown subset the report itself makes is written directly (``fast_html``: the same
    text, some 15 times faster); any other part goes through Python-Markdown."""
    md: markdown.Markdown | None = None
    for n, part in enumerate(parts):
        converted = part_html(part)
        if converted is None:
            md = md or _markdown()
            converted = convert_part(md, part)
        yield ("\n" if n else "") + converted


def markdown_to_html(text: str) -> str:
    """Markdown (a report) as a sanitised HTML fragment."""
    return "".join(_convert(_parts(text)))


def markdown_to_html_pieces(pieces: Iterable[str]) -> Iterator[str]:
    """``markdown_to_html("".join(pieces))`` in pieces, holding one part (an article) at a time.

    The Markdown is cut into parts as it comes. Each part in the subset ``fast_html`` writes is converted
    at once (which also shows that it defines the footnotes it cites); the others are checked for that.
    Both are kept in temporary files until every part is known to define its own footnotes (a template
    could define them all at the end); then the parts are given out one by one, the others converted with
    Python-Markdown, or, failing that, the whole Markdown is converted at once as before.

    The files hold UTF-8 bytes, so the Markdown of a part converted already is skipped, not read back."""
    with tempfile.TemporaryFile() as spool, tempfile.TemporaryFile() as converted:
        sizes: list[tuple[int, int]] = []  # bytes of each complete part: (Markdown, HTML or -1)
        local = True
        part: list[str] = []  # the part being read
        rest = ""  # an incomplete last line: a heading is only recognised on a whole line

        def close_part() -> None:
            nonlocal local
            text = "".join(part)
            part.clear()
            fast = part_html(text)
            html_size = -1
            if fast is None:
                local = local and _local(text)
            else:
                html_size = converted.write(fast.encode("utf-8"))
            sizes.append((spool.write(text.encode("utf-8")), html_size))

        def take(lines: str) -> None:
            # Where the parts begin: at a line start (``lines`` always begins one), the "\n" before found
            # as a string rather than "^" tried at every character.
            pos = 0
            if lines.startswith(("# ", "## ")):
                part.append(lines[:0])
                close_part()
            for m in _PART_AFTER_BREAK.finditer(lines):
                cut = m.start() + 1
                part.append(lines[pos:cut])
                pos = cut
                close_part()
            part.append(lines[pos:])

        for piece in pieces:
            cut = piece.rfind("\n") + 1
            if not cut:
                rest += piece
                continue
            lines, rest = rest + piece[:cut], piece[cut:]
            take(lines)
        if rest:
            take(rest)
        close_part()
        spool.seek(0)
        if not local:
            yield markdown_to_html(spool.read().decode("utf-8"))
            return
        converted.seek(0)
        md: markdown.Markdown | None = None
        for n, (size, html_size) in enumerate(sizes):
            if html_size >= 0:
                spool.seek(size, 1)
                yield ("\n" if n else "") + converted.read(html_size).decode("utf-8")
            else:
                md = md or _markdown()
                yield ("\n" if n else "") + convert_part(md, spool.read(size).decode("utf-8"))


class _PlainText(HTMLParser):
    """The text of a sanitised fragment as a reader would copy it: paragraphs and line breaks kept, list
    items as "- " lines, a link's address after its words when they differ."""

    _BLOCKS = frozenset({"p", "ul", "ol", "pre", "blockquote", "div", "table", "tr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._href = ""
        self._link_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BLOCKS:
            self.parts.append("\n\n")
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag == "a":
            self._href = dict(attrs).get("href") or ""
            self._link_text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href and "".join(self._link_text).strip() != self._href:
            self.parts.append(f" ({self._href})")
        if tag == "a":
            self._href = ""

    def handle_data(self, data: str) -> None:
        if "\n" in data and not data.strip():
            return  # the layout newlines Python-Markdown puts between tags
        if data.startswith("\n") and self.parts and self.parts[-1].endswith("\n"):
            data = data[1:]  # after <br>, its layout newline
        self.parts.append(data)
        if self._href:
            self._link_text.append(data)


def note_text(note: str) -> str:
    """A claim's note (Markdown) as plain text, for data formats that carry text only (ClaimReview's
    ``reviewBody``): rendered as in the report, then read back without the markup."""
    if not note.strip():
        return ""
    reader = _PlainText()
    reader.feed(markdown_to_html(md_note(note)))
    reader.close()
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", "".join(reader.parts))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


_CSS_ROOT = re.compile(r":root\s*\{([^}]*)\}")
_CSS_DARK = re.compile(r"@media\s*\(prefers-color-scheme:\s*dark\)\s*\{\s*:root\s*\{[^}]*\}\s*\}")
_CSS_VARIABLE = re.compile(r"--([a-z-]+)\s*:\s*([^;]+);")
_CSS_USE = re.compile(r"var\(--([a-z-]+)\)")


def report_colours(dark: bool = False) -> dict[str, str]:
    """The report's colour variables (``--text``, ``--claim``…) of its light or dark scheme."""
    css = resource_path("templates/report.css").read_text(encoding="utf-8")
    block = _CSS_ROOT.findall(css)[1 if dark else 0]
    return {name: value.strip() for name, value in _CSS_VARIABLE.findall(block)}


def report_css(colours: dict[str, str] | None = None) -> str:
    """The report's stylesheet. As it is (for the HTML file: light, or dark when the reader's system is),
    or with ``colours`` put in place of its variables, for a viewer that knows no CSS variables or media
    queries (the preview, whose colours follow the window's palette); a colour not given keeps its light
    value."""
    css = resource_path("templates/report.css").read_text(encoding="utf-8")
    if colours is None:
        return css
    values = report_colours() | colours
    css = _CSS_ROOT.sub("", _CSS_DARK.sub("", css))
    return _CSS_USE.sub(lambda m: values[m.group(1)], css)


def html_page(fragment: str, title: str, *, lang: str = "") -> str:
    """A complete, self-contained HTML document around a sanitised fragment."""
    return "".join(html_page_pieces([fragment], title, lang=lang))


def html_page_pieces(fragment: Iterable[str], title: str, *, lang: str = "") -> Iterator[str]:
    """``html_page`` around a fragment that comes in pieces."""
    mark = f"\x00body-{uuid.uuid4().hex}\x00"
    page = Template(resource_path("templates/report.html").read_text(encoding="utf-8")).substitute(
        lang=html.escape(lang or "en"),
        title=html.escape(title),
        css=report_css(),
        body=mark,
        version=html.escape(__version__),
    )
    head, _mark, tail = page.partition(mark)
    yield head
    yield from fragment
    yield tail


def export_html(project: Project, options: ExportOptions | None = None, *, today: date | None = None) -> str:
    """The report as a standalone HTML file."""
    return "".join(html_pieces(project, options, today=today))


def html_pieces(project: Project, options: ExportOptions | None = None, *,
                today: date | None = None) -> Iterator[str]:
    """The report as a standalone HTML file, in pieces: the Markdown report converted part by part (an
    article at a time) as it is made, never held whole (100,000 claims: 2.4 GB before)."""
    return html_page_pieces(markdown_to_html_pieces(markdown_pieces(project, options, today=today)),
                            project.title)
