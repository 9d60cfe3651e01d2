"""Escaping user text for Markdown, so that what a journalist typed (or an article contained) always
comes out as text: a quote with ``*``, ``_``, ``[``, ``|``, ``#``, backticks or raw HTML never turns into
emphasis, a link, a table, a heading, code or live HTML in the report.

The rules are those of Python-Markdown (the renderer the app uses) with the ``tables``, ``footnotes`` and
``attr_list`` extensions: characters it can backslash-escape are backslash-escaped (readable in the
``.md`` file); ``<`` that could open a tag or an autolink and entity-like ``&`` become entities; block
syntax that only matters at the start of a line (lists, block quotes, setext underlines, numbered lists,
indented code) is defused there only, so "Kim Yong-hyun" and "costs -> prices" stay readable. Each
character is escaped once, for Markdown: the HTML renderer makes the entities of what it shows itself.
Control characters are dropped: Python-Markdown uses STX/ETX internally and the others are invisible noise
from PDF or web imports.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import quote

from workbench.core.urls import link_target

# C0 controls except tab and newline, DEL, C1 controls: dropped.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Escapable by backslash in Python-Markdown (with tables: "|") and meaningful anywhere in a line; "<" as
# an entity unless a space follows it ("<" cannot be backslash-escaped, and raw HTML, autolinks and
# <name@host> mail links must come out as text). ">" means something only at the start of a line (a block
# quote; see _LINE_START): anywhere else it stays as typed, so "A -> B" reads as such in the .md file.
# A regex scan with a lookup only where something needs escaping: the report escapes some 300,000 values
# for 20,000 claims, and this is the fastest way found (str.translate is slower for text that is mostly plain).
# One character class, "<" before a space then let go by the lookahead: a class the scan can search for is
# several times faster over a long text than an alternation of a class and "<(?!\s)".
_SPECIAL = re.compile(r"[\\`*_{}\[\]|#<](?!(?<=<)\s)")
_ESCAPES = {c: "\\" + c for c in "\\`*_{}[]|#"} | {"<": "&lt;"}
# "&" that would otherwise be read as an entity (&copy; &#42; &#x2a;).
_ENTITY_AMP = re.compile(r"&(?=#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z0-9]+;)")
# Block syntax at the start of a line, after leading spaces were removed: bullet lists ("- ", "+ "),
# setext underlines and rules ("---", "==="), ordered lists ("1984. "), block quotes ("> "). "-5%" or
# "3.5 million" are left alone.
_LINE_START = re.compile(r"^(?:([-+])(?=[\s+-]|$)|(=)|([0-9]+)\.(?=\s|$)|(>))", re.MULTILINE)
# The same after a line break, the break included: a pattern that starts with a character is searched for
# far faster than a "^" tried at every position of an article's text.
_AFTER_BREAK = re.compile(r"\n(?:([-+])(?=[\s+-]|$)|(=)|([0-9]+)\.(?=\s|$)|(>))", re.MULTILINE)
# Spaces at the start of a line (four make a code block) and before a line break (two make a <br>).
# (The break is part of the first pattern for the same reason.)
_LEADING_SPACE = re.compile(r"\n[ \t]+")
_TRAILING_SPACE = re.compile(r"[ \t]+(?=\n)")
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")
_LINE_BREAK = re.compile(r"(?<!\n)\n(?!\n)")


def clean(text: str) -> str:
    """``text`` with one kind of line break and no control characters."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


def _escaped(match: re.Match[str]) -> str:
    return _ESCAPES[match.group()]


def _line_start(match: re.Match[str]) -> str:
    bullet, setext, number, quote = match.groups()
    if bullet or quote:
        return "\\" + (bullet or quote)
    if setext:
        return "&#61;"  # "=" is not backslash-escapable in Python-Markdown
    return number + "\\."


def _after_break(match: re.Match[str]) -> str:
    return "\n" + _line_start(match)


def _escape(text: str, at_line_start: bool) -> str:
    """The escaping itself, for text already ``clean``."""
    if "\n" in text:
        text = _LEADING_SPACE.sub("\n", text)
        if " \n" in text or "\t\n" in text:
            text = _TRAILING_SPACE.sub("", text)
    if at_line_start:
        text = text.lstrip(" \t")
    if "&" in text:
        text = _ENTITY_AMP.sub("&amp;", text)
    text = _SPECIAL.sub(_escaped, text)
    if at_line_start and _LINE_START.match(text):
        text = _LINE_START.sub(_line_start, text, count=1)
    if "\n" in text:
        return _AFTER_BREAK.sub(_after_break, text)
    return text


def md_text(text: str, *, at_line_start: bool = True) -> str:
    """Escape a piece of running text, keeping its paragraphs and line breaks.

    Spaces at the start of a line are dropped (four would make a code block). ``at_line_start`` says
    whether the piece begins a line in the output; a piece that continues a line keeps its first
    characters as they are (a space before it stays, a "-" is harmless there).
    """
    return _escape(clean(text), at_line_start)


# -- notes: the journalist's own Markdown, made safe -------------------------------------------------------

# A list item's marker at the start of a note's line ("- ", "* ", "+ ", "1. "), after any indentation.
# Numbered items go to 999: "1984. That year" at the start of a line is a year, not item 1984.
_NOTE_LIST_ITEM = re.compile(r"^([ \t]*)([-+*]|[0-9]{1,3}\.)([ \t]+)(?=\S)")
# A line that would turn the line above into a heading (setext) or that Python-Markdown reads as a rule.
_NOTE_UNDERLINE = re.compile(r"^[ \t]*(?:=+|-+)[ \t]*$")
# A link or image as Markdown writes it, [label](address) or ![alt](address), not after a backslash; and
# an autolink <https://...>. Links become links through ``md_link`` (web addresses only); images stay text.
_NOTE_LINK = re.compile(r"(?<!\\)!?\[([^\[\]\n]*)\]\(\s*<?([^()\s<>]+)>?(?:\s+\"[^\"\n]*\")?\s*\)"
                        r"|<((?:https?|mailto):[^<>\s]+)>")
# Everything else that would be markup beyond text styling: raw HTML, link and footnote brackets (a note
# must not cite claim 3's footnote with [^3] nor define a link), attribute lists, table pipes and headings.
_NOTE_SPECIAL = re.compile(r"\\(?=[\[\]{}|#<>&])|[\[\]{}|#]|<(?!\s)")
_NOTE_ESCAPES = {"\\": "\\\\", "<": "&lt;"} | {c: "\\" + c for c in "[]{}|#"}


def _note_escaped(match: re.Match[str]) -> str:
    return _NOTE_ESCAPES[match.group()]


def _note_run(text: str) -> str:
    """A piece of a note's line between links: styling (``*``, ``_``, backticks) kept, the rest as text."""
    if "&" in text:
        text = _ENTITY_AMP.sub("&amp;", text)
    return _NOTE_SPECIAL.sub(_note_escaped, text)


def _note_line(line: str) -> str:
    out, pos = [], 0
    for m in _NOTE_LINK.finditer(line):
        if m.group().startswith("!"):
            continue  # an image stays text: a report shows and loads no picture, nor links one unasked
        out.append(_note_run(line[pos:m.start()]))
        label, url, auto = m.group(1), m.group(2), m.group(3)
        out.append(md_link(auto, auto) if auto else md_link(label.strip() or url, url))
        pos = m.end()
    out.append(_note_run(line[pos:]))
    return "".join(out)


def md_note(text: str) -> str:
    """A claim's note (typed in Markdown, as the note field says) for the report: emphasis, strong, code,
    lists, paragraphs and web links render; everything else stays text. Raw HTML shows as typed (never
    live), links go only to the web (``md_link``), and no heading, table, image, footnote or attribute
    list can come from a note, so a note cannot break the report around it or load anything.

    A note is typed line by line, so a line break is kept as one, and a list may follow a line of text
    without the blank line Markdown would otherwise need. A note that starts with a list begins on a line
    of its own (the template puts the note after its label).
    """
    if not text or text.isspace():
        return ""  # most claims have no note, or no private one
    lines: list[str] = []
    previous = ""  # "", "text" or "list": what the last non-blank line was
    for raw in clean(text).strip("\n").split("\n"):
        if not raw.strip():
            if lines and lines[-1] != "":
                lines.append("")
            previous = ""
            continue
        item = _NOTE_LIST_ITEM.match(raw)
        if item:
            indent = item.group(1).replace("\t", "    ")
            if previous == "text" or (not lines and not indent):
                lines.append("")  # a list needs a blank line before it in Markdown
            content = _note_line(raw[item.end():])
            if content.startswith(">"):
                content = "\\" + content  # "- > x" would be a block quote inside the item
            line = indent + item.group(2) + " " + content
            previous = "list"
        else:
            stripped = raw.strip()
            if _NOTE_UNDERLINE.match(stripped):
                line = ("&#61;" if stripped[0] == "=" else "\\-") + stripped[1:]
            else:
                line = _note_line(stripped)
                if _LINE_START.match(line):
                    line = _LINE_START.sub(_line_start, line, count=1)  # "1984. " or "-" alone: not a list
            if previous == "text":
                lines[-1] += "  "  # the line break the journalist typed
            previous = "text"
        lines.append(line)
    out = "\n".join(lines)
    return "\n" + out if out.startswith("\n") else out  # a blank line between the label and the list


def md_one_line(text: str) -> str:
    """Escape a value for one line (a heading, a list item, a table cell): whitespace runs, line breaks
    included, become one space. ``md_inline`` for a value that is nearly always new (a claim's quote),
    which a cache would only churn."""
    return _escape(" ".join(clean(text).split()), True)


@functools.lru_cache(maxsize=8192)
def md_inline(text: str) -> str:
    """``md_one_line``, cached: speakers, statuses, verdicts and tags repeat on every claim."""
    return md_one_line(text)


def safe_url(url: str) -> str | None:
    """A web address fit to be a link in the report (``core.urls.link_target``: http or https with a host;
    ``doi:`` becomes a doi.org link), percent-encoded so it cannot break out of Markdown's link syntax; None
    for anything else (``javascript:``, ``file:``, ``ftp:``, ``mailto:``, relative paths), which is then
    shown as text only."""
    target = link_target(clean(url))
    if target is None:
        return None
    # Keep what URLs legitimately contain, encode the rest (spaces, brackets, parentheses, quotes, <>).
    return quote(target, safe="/:?#@!$&'*+,;=%~-._")


def md_link(text: str, url: str) -> str:
    """A Markdown link showing ``text``, or just the escaped text when ``url`` is not a safe web link."""
    target = safe_url(url)
    label = md_inline(text)
    if target is None:
        return label
    return f"[{label}]({target})"
