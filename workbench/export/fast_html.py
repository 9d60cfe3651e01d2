"""The HTML of one part of a report, written straight from its Markdown when the part keeps to the small
subset of Markdown the report template and the escaped values make; None when it does not.

Python-Markdown's inline processor costs some 80 s on the Markdown of a 100,000-claim report, nearly all
of it on text that is plain but for ``**quote**[^3]`` marks and backslash escapes. This reads that subset
directly and writes what ``sanitize(Python-Markdown(part))`` gives for it, byte for byte (after nh3:
entities decoded, then ``&``, ``<``, ``>`` and no-break spaces escaped; ``rel`` on every link):

- blocks separated by blank lines: ``#`` headings (with ``{#id}``), ``- `` lists of one-line items,
  one-line ``>`` quotes, footnote definitions ``[^n]: text``, and paragraphs;
- inside them: text, backslash escapes, entities, ``**strong**``, ``*em*``, ``[label](address)`` with a
  plain label and an address the sanitiser keeps, and ``[^n]`` footnote references defined in the part.

Anything else — a table, code, an underscore, raw HTML, a nested list, a journalist's note with a list,
a line that begins or ends with a space, a character the sanitiser treats specially
— returns None, and the caller converts that part with Python-Markdown as before. The subset is
deliberately narrow: whatever it accepts, it must render exactly as the slow route does
(``tests/export/test_fast_html.py`` compares both on real and hostile reports).
"""

from __future__ import annotations

import functools
import re
from html.entities import html5 as _HTML5_ENTITIES

# What Python-Markdown (with the tables extension) takes after a backslash as a literal character.
_ESCAPABLE = frozenset("\\`*_{}[]()>#+-.!|")
# The ids and link addresses html_report's sanitiser keeps (its _attribute_filter and URL_SCHEMES; stricter
# here, never looser: what this refuses goes the slow way). html_report imports this module, not the reverse.
_ID = re.compile(r"[A-Za-z][\w:.-]*")
_SCHEME = re.compile(r"(?:https?|mailto):", re.IGNORECASE)
BACKLINK_TITLE = "Back to the quote"

# Characters that make a part fall back whole: carriage returns and control characters (Python-Markdown
# and the HTML parser treat them specially), surrogates, non-characters, and the footnotes extension's
# place marker (looked for apart: a scan for one character class is several times faster than for an
# alternation).
_UNSAFE_CHARACTER = re.compile("[\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_FOOTNOTES_MARKER = "///Footnotes Go Here///"

# The characters that can start inline markup; everything between them is text. (A scan for one character
# class is many times faster than for an alternation of patterns: this is the hot loop.)
_SPECIAL = re.compile(r"[\\*\[\]&`_{}|!<]")
# A bold run and a link whose text holds no markup nor anything escaped, and a link to a place in the
# report or a plain web or mail address.
_PLAIN = r"[^\\*\[\]&`_{}|!<>\xa0\n]"
_STRONG_SIMPLE = re.compile(rf"\*\*((?!\s){_PLAIN}+?(?<!\s))\*\*")
_LINK_SIMPLE = re.compile(rf"\[({_PLAIN}*)\]\((#[A-Za-z][\w:.-]*|(?:https?://|mailto:)[^\s()<>\"'\\`\[\]*&\xa0]+)\)")
# Any character that starts markup, with the rest of a plain bold run or link when it begins one (else
# ``_inline_plain`` gives up). Led by the character class, so the scan searches for the class.
# (The two patterns less their first character, which the class has matched: "\*" and "\[".)
_SIMPLE_RUNS = re.compile(rf"{_SPECIAL.pattern}(?:(?<=\*){_STRONG_SIMPLE.pattern[2:]}"
                          rf"|(?<=\[){_LINK_SIMPLE.pattern[2:]})?")
_REF = re.compile(r"\[\^([0-9]+)\]")
_LINK = re.compile(r"\[((?:[^\[\]\\\n]|\\[^\n])*)\]\(([^()\[\]\s<>\"'\\`]+)\)")
_ENTITY = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z0-9]+);")
# What a paragraph line (or list item, quote, footnote) may not begin with: block syntax.
_BLOCK_START = re.compile(r"[ =\-_#>+|<\[]|\*(?:\s|\*\s|\*\*|$)|[0-9]+[.)](?:\s|$)|$")
_HEADING = re.compile(r"(#{1,6}) (\S.*?)(?: +\{#([A-Za-z][\w:.-]*)\})?")
_LIST_ITEM = re.compile(r"- (\S.*)")
_SPACE_LINE = re.compile(r"(?<=\n) +\n")
_CLOSING_HASHES = re.compile(r"(?<!\\)(?:\\\\)*#$")  # an unescaped "#" at the end
_FOOTNOTE_DEF = re.compile(r"\[\^([0-9]+)\]: (\S.*)")


class _NotInSubset(Exception):
    """The part uses Markdown the fast route does not render."""


def _text(s: str) -> str:
    """Text as nh3 writes it."""
    if "&" in s:
        s = s.replace("&", "&amp;")
    if "<" in s:
        s = s.replace("<", "&lt;")
    if ">" in s:
        s = s.replace(">", "&gt;")
    if "\xa0" in s:
        s = s.replace("\xa0", "&nbsp;")
    return s


def _attribute(s: str) -> str:
    """An attribute value as nh3 writes it."""
    return s.replace("&", "&amp;").replace("\xa0", "&nbsp;").replace('"', "&quot;")


def _entity(name: str) -> str:
    """What ``&name;`` stands for as the HTML parser reads it (itself, as text, for an unknown name); only
    the plain cases."""
    if name.startswith("#"):
        code = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
        if code < 32 or 0x7F <= code < 0xA0 or 0xD800 <= code < 0xE000 or code > 0x10FFFF \
                or 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
            raise _NotInSubset
        return chr(code)
    value = _HTML5_ENTITIES.get(name + ";")
    if value is not None:
        return value
    if any(name[:n] in _HTML5_ENTITIES for n in range(2, len(name) + 1)):
        raise _NotInSubset  # "&notit;" reads as "¬it;": an old entity without its semicolon
    return f"&{name};"


def _href(url: str) -> str:
    """A link's address as the sanitiser writes it: entities read (Python-Markdown leaves them in the
    attribute), then only in-report anchors and web or mail addresses kept."""
    if "&" in url:
        if "&#" in _ENTITY.sub("", url):
            raise _NotInSubset  # a number without its ";", read as a character all the same
        url = _ENTITY.sub(lambda m: _entity(m.group(1)), url)
    if url.startswith("#"):
        if not _ID.fullmatch(url[1:]):
            raise _NotInSubset
    elif not _SCHEME.match(url):
        raise _NotInSubset
    return _attribute(url)


class _Part:
    """One part being converted: its footnote definitions and the references made so far."""

    def __init__(self, footnotes: set[str]) -> None:
        self.footnotes = footnotes
        self.cited: set[str] = set()

    def inline(self, text: str) -> str:
        """``text`` (the content of one block) as HTML."""
        if "[^" not in text:
            return _inline_plain(text)
        return _inline(text, self)


def _simple(m: re.Match[str]) -> str:
    strong, label, href = m.groups()
    if strong is not None:
        return f"<strong>{strong}</strong>"
    if href is not None:
        return f'<a href="{href}" rel="noopener noreferrer">{label}</a>'
    raise _NotInSubset  # any other markup


def _inline_plain(text: str) -> str:
    """``_inline`` of text that cites no footnote. Not cached: what repeats on every claim is a list item
    (``_item_cached``); a block's text (a quote, a note, a footnote) is nearly always new, and a miss of a
    full cache costs more than it saves."""
    if ">" not in text and "\xa0" not in text:
        # Plain text, or nothing but plain bold runs and plain links, in one pass (a claim card's
        # "**Speaker:** Zoë Kovalenko", a footnote's "[Claim 3](#claim-3)")? Their characters and the
        # text's between them need no escaping ("&" and "<" would be markup: they end this way).
        try:
            return _SIMPLE_RUNS.sub(_simple, text)
        except _NotInSubset:
            return _inline(text, None)
    if _SPECIAL.search(text) is None:
        return _text(text)
    return _inline(text, None)


def _inline(text: str, part: _Part | None, *, in_link: bool = False) -> str:
    """``text`` as HTML: the inline half of the subset. ``part`` knows the footnotes; None when there is no
    reference in ``text``."""
    out: list[str] = []
    pos = 0  # text before this is written out
    search = _SPECIAL.search
    strong = em = False
    opened = 0  # where in ``out`` the open <strong> is
    closed = (-1, -1)  # the last </strong>: (its opening's index in ``out``, where it closed in ``text``)
    m = search(text)
    while m is not None:
        start = m.start()
        c = text[start]
        end = start + 1
        if c == "&":
            e = _ENTITY.match(text, start)
            if e is None:  # a lone "&" is text...
                if text.startswith("#", end):
                    raise _NotInSubset  # ...but "&#65" reads as "A" (Python-Markdown adds the ";")
                m = search(text, end)
                continue
            html = _text(_entity(e.group(1)))
            end = e.end()
        elif c == "!" or c == "<":
            after = text[end:end + 1]
            if (c == "!" and after != "[") or (c == "<" and after.isspace() and after):
                m = search(text, end)  # text
                continue
            raise _NotInSubset
        elif c == "\\":
            escaped = text[end:end + 1]
            if not escaped or escaped not in _ESCAPABLE:
                raise _NotInSubset
            html = _text(escaped)
            end += 1
        elif c == "*":
            if in_link:
                raise _NotInSubset
            double = text.startswith("*", end)
            if double:
                end += 1
                if text.startswith("*", end) or em:
                    raise _NotInSubset
            elif strong:
                raise _NotInSubset
            if strong if double else em:  # closing
                if text[start - 1].isspace():
                    raise _NotInSubset
                if double:
                    strong = False
                    closed = (opened, end)
                    html = "</strong>"
                else:
                    em = False
                    html = "</em>"
            else:
                if end >= len(text) or text[end].isspace():
                    raise _NotInSubset
                if double:
                    strong = True
                    opened = len(out) + (start > pos)
                    html = "<strong>"
                else:
                    em = True
                    html = "<em>"
        elif c == "[":
            r = _REF.match(text, start)
            if r is not None:
                ref = r.group(1)
                if in_link or part is None or ref not in part.footnotes or ref in part.cited:
                    raise _NotInSubset
                part.cited.add(ref)
                if closed[1] == start:
                    # A bold run right before its footnote reference is a claim (html_report._ReportTree).
                    out[closed[0]] = '<strong class="claim">'
                html = (f'<sup id="fnref:{ref}"><a class="footnote-ref" href="#fn:{ref}" '
                        f'rel="noopener noreferrer">{ref}</a></sup>')
                end = r.end()
            else:
                link = _LINK.match(text, start)
                if link is None or in_link:
                    raise _NotInSubset
                html = (f'<a href="{_href(link.group(2))}" rel="noopener noreferrer">'
                        f"{_inline(link.group(1), part, in_link=True)}</a>")
                end = link.end()
        else:
            raise _NotInSubset
        if start > pos:
            out.append(_text(text[pos:start]))
        out.append(html)
        pos = end
        m = search(text, end)
    if strong or em:
        raise _NotInSubset
    if pos < len(text):
        out.append(_text(text[pos:]))
    return "".join(out)


@functools.lru_cache(maxsize=65536)
def _item_cached(line: str) -> str:
    """``_item`` of a line that cites no footnote: "- **Status:** Checked" recurs on every claim."""
    return _item(line, None)


def _item(line: str, part: _Part | None) -> str:
    """A list item's line as HTML."""
    m = _LIST_ITEM.fullmatch(line)
    if not m:
        raise _NotInSubset
    content = _line(m.group(1))
    return f"<li>{_inline_plain(content) if part is None else part.inline(content)}</li>"


def _line(line: str) -> str:
    """A line that must read as running text (a paragraph's, an item's, a quote's)."""
    if _BLOCK_START.match(line) or line[0].isspace() or line[-1].isspace():
        raise _NotInSubset  # Python-Markdown strips blocks of (Unicode) whitespace
    return line


def part_html(part: str) -> str | None:
    """``sanitize(Python-Markdown(part))`` (html_report's report conversion) for a part in the subset,
    else None."""
    if _FOOTNOTES_MARKER in part or _UNSAFE_CHARACTER.search(part):
        return None
    try:
        return _convert(part)
    except _NotInSubset:
        return None


def _convert(part: str) -> str:
    # Python-Markdown's whitespace normalisation: tabs expanded to 4 columns, lines of spaces blank.
    if "\t" in part:
        part = part.expandtabs(4)
    if "\n " in part:
        part = _SPACE_LINE.sub("\n", part)
    blocks = [b.strip("\n") for b in part.split("\n\n")]
    footnotes: dict[str, str] = {}
    for block in blocks:
        if block.startswith("[^"):
            for line in block.split("\n"):
                m = _FOOTNOTE_DEF.fullmatch(line)
                if not m or m.group(1) in footnotes:
                    raise _NotInSubset
                footnotes[m.group(1)] = _line(m.group(2))
    state = _Part(set(footnotes))
    out: list[str] = []
    previous = ""
    for block in blocks:
        if not block or block.startswith("[^"):
            continue
        first = block[0]
        if first == "#":
            m = _HEADING.fullmatch(block)
            if not m or "\n" in block or (m.group(2).endswith("#") and _CLOSING_HASHES.search(m.group(2))):
                raise _NotInSubset  # Python-Markdown drops a heading's closing hashes
            level, title, anchor = m.groups()
            attribute = f' id="{anchor}"' if anchor else ""
            out.append(f"<h{len(level)}{attribute}>{state.inline(_line(title))}</h{len(level)}>")
            previous = "h"
        elif first == "-":
            if previous == "ul":
                raise _NotInSubset  # Python-Markdown would add these items to the list above
            out.append("<ul>\n" + "\n".join([_item_cached(line) if "[^" not in line else _item(line, state)
                                             for line in block.split("\n")]) + "\n</ul>")
            previous = "ul"
        elif first == ">":
            if previous == "blockquote" or "\n" in block or not block.startswith("> "):
                raise _NotInSubset
            out.append(f"<blockquote>\n<p>{state.inline(_line(block[2:]))}</p>\n</blockquote>")
            previous = "blockquote"
        else:
            if "\n" in block:
                for line in block.split("\n"):
                    _line(line)
            else:
                _line(block)
            out.append(f"<p>{state.inline(block)}</p>")
            previous = "p"
    if footnotes:
        items = []
        for label, text in footnotes.items():
            items.append(f'<li id="fn:{label}">\n<p>{state.inline(text)}&nbsp;<a class="footnote-backref" '
                         f'href="#fnref:{label}" title="{BACKLINK_TITLE}" rel="noopener noreferrer">↩</a></p>\n'
                         "</li>")
        first_label = next(iter(footnotes))
        start = f' start="{first_label}"' if first_label != "1" else ""
        out.append(f'<div class="footnote">\n<hr>\n<ol{start}>\n' + "\n".join(items) + "\n</ol>\n</div>")
    return "\n".join(out)


