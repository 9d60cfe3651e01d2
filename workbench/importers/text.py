"""Plain-text and Markdown articles (``.txt``, ``.md``) in any common encoding."""

from __future__ import annotations

import re
from bisect import bisect_right

from workbench.core.errors import ImportFailed
from workbench.core.urls import is_web_address
from workbench.importers.base import ImportedArticle, finish_article
from workbench.importers.datelines import read_date


def decode_text(data: bytes, name: str, warnings: list[str]) -> str:
    """Decode bytes of a text file: BOMs first, then UTF-16 without BOM, then strict UTF-8, then
    charset-normalizer's best guess. Bytes that are none of these are a binary file."""
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom) :].decode(enc, errors="replace")
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            pass
        else:
            warnings.append(f"{name}: read as {utf16.upper()} (the file has no byte-order mark).")
            return text
    try:
        # Valid UTF-8 is text, even with a stray control character (normalise_text drops those):
        # binary files almost never decode as UTF-8, and known binary formats are refused earlier.
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        raise ImportFailed(f"{name}: this looks like a binary file, not text (it contains NUL bytes).")
    from charset_normalizer import from_bytes  # on first use: ~20 ms of start-up otherwise

    results = from_bytes(data)
    best = results.best()
    if best is not None:
        # Many single-byte code pages decode Western text equally "well" (cp1250 turns "naïve" into
        # "naďve" with the same score). Windows-1252 is by far the commonest legacy encoding of the
        # text journalists receive, so it wins a tie.
        for match in results:
            if (
                match.encoding == "cp1252"
                and match.chaos <= best.chaos + 0.01
                and match.coherence >= best.coherence - 0.01
            ):
                best = match
                break
    if best is None:
        raise ImportFailed(f"{name}: the text encoding could not be recognised; save it as UTF-8 and try again.")
    warnings.append(f"{name}: not UTF-8; read as {best.encoding}.")
    return str(best)


def _utf16_without_bom(data: bytes) -> str:
    """ "utf-16-le"/"utf-16-be" when every other byte is mostly NUL (ASCII-range UTF-16), else ""."""
    head = data[:4096]
    if len(head) < 4 or len(head) % 2:
        return ""
    odd, even = head[1::2].count(0), head[0::2].count(0)
    half = len(head) // 2
    if odd > 0.6 * half and even < 0.1 * half:
        return "utf-16-le"
    if even > 0.6 * half and odd < 0.1 * half:
        return "utf-16-be"
    return ""


# [ \t] rather than \s throughout: \s would match newlines and swallow paragraph breaks. Every pattern
# must stay linear on a 10 MB line of hostile input (no two unbounded runs that can match the same text).
_MD_FENCE_OPEN = re.compile(r"[ \t]{0,3}(`{3,}|~{3,})")
_MD_SETEXT = re.compile(r"^(?P<text>(?=[^\n]*\S)[^\n]*)\n[ \t]{0,3}(?:=+|-+)[ \t]*$", re.M)
_MD_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]++([^\n]*)$", re.M)
_MD_REF_DEF = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*\S+.*$\n?", re.M)
# Bracketed and parenthesised runs stop at the next opening bracket too: a line of a million "[" then
# costs one step per "[" instead of a scan to the line's end from each.
# A destination may hold one level of balanced parentheses (Wikipedia's "Port_(Gdańsk)").
_MD_DEST = r"\((?:[^()\n]|\([^()\n]*+\))*+\)"
_MD_IMAGE = re.compile(r"!\[([^\[\]\n]*+)\](?:" + _MD_DEST + r"|\[[^\[\]\n]*+\])")
_MD_LINK = re.compile(r"\[([^\[\]\n]*+)\](?:" + _MD_DEST + r"|\[[^\[\]\n]*+\])")
_MD_AUTOLINK = re.compile(r"<((?:https?|mailto):[^<>\s]++)>")
_MD_HTML_TAG = re.compile(r"</?[A-Za-z][^<>\n]*>")
# Raw HTML elements whose content is code or embedded objects, never article text.
_MD_HTML_CODE = re.compile(r"<(script|style|template|noscript|iframe|object|svg|math)\b", re.I)
_MD_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)


def _drop_html_code(text: str) -> str:
    """Remove raw HTML ``<script>``, ``<style>`` and similar elements with their content.

    Linear in the text: each element is cut at its own end tag (searched once), or, when that is missing,
    at the end of its paragraph, so a file of unclosed ``<script`` tags costs no more than any other.
    """
    if "<" not in text:
        return text
    out: list[str] = []
    pos = 0
    lowered = text.lower()
    for m in _MD_HTML_CODE.finditer(text):
        if m.start() < pos:
            continue
        out.append(text[pos : m.start()])
        end = lowered.find(f"</{m.group(1).lower()}", m.end())
        if end >= 0:
            close = text.find(">", end)
            pos = len(text) if close < 0 else close + 1
        else:
            blank = text.find("\n\n", m.end())
            pos = len(text) if blank < 0 else blank
    out.append(text[pos:])
    return "".join(out)


# A code span starts at the start of a backtick run (not inside one); emphasis never spans its own
# delimiter, so each scan for a closing delimiter ends at the next opening one.
_MD_CODE = re.compile(r"(?<!`)`++([^`\n]*+)`++")
_MD_EMPH = re.compile(r"(\*\*|__|\*|_|~~)(?=\S)((?:(?!\1)[^\n])+?)(?<=\S)\1")
_MD_LIST = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+(?:\[[ xX]\][ \t]+)?", re.M)
_MD_QUOTE = re.compile(r"^[ \t]{0,3}(?:>[ \t]?)+", re.M)
_MD_RULE = re.compile(r"^[ \t]{0,3}(?:[-*_][ \t]*){3,}$", re.M)
_MD_TABLE_RULE = re.compile(
    r"^[ \t]*+(?:\|[ \t]*+)?:?-{3,}+:?[ \t]*+(?:\|[ \t]*+:?-{3,}+:?[ \t]*+)*+\|?[ \t]*+$\n?", re.M
)
_MD_TABLE_PIPES = re.compile(r"^[ \t]*\|(.*)\|[ \t]*$", re.M)
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")


def _unfence(text: str) -> str:
    """Fenced code blocks (```` ``` ```` or ``~~~``) replaced by their content; an unclosed fence stays.

    Done line by line, with each closing line found by lookup, because a pattern scanning ahead from
    every opening fence for its closing one takes quadratic time on a file of unclosed fences."""
    lines = text.split("\n")
    closers: dict[str, list[int]] = {}
    for number, line in enumerate(lines):
        stripped = line.strip(" \t")
        if stripped and len(line) - len(line.lstrip(" \t")) <= 3 and stripped[0] in "`~" \
                and stripped == stripped[0] * len(stripped) and len(stripped) >= 3:
            closers.setdefault(stripped, []).append(number)
    if not closers:
        return text
    out: list[str] = []
    i = 0
    while i < len(lines):
        m = _MD_FENCE_OPEN.match(lines[i])
        candidates = closers.get(m.group(1)) if m else None
        end = -1
        if candidates:
            k = bisect_right(candidates, i)
            end = candidates[k] if k < len(candidates) else -1
        if end < 0:
            out.append(lines[i])
            i += 1
            continue
        out.extend(lines[i + 1 : end])
        out.append("")
        i = end + 1
    return "\n".join(out)


def _heading_text(text: str) -> str:
    """An ATX heading's text without its optional closing hashes ("## Title ##")."""
    text = text.rstrip(" \t")
    bare = text.rstrip("#")
    if bare != text and bare and bare[-1] in " \t":
        text = bare.rstrip(" \t")
    return text


def strip_markdown(md: str) -> tuple[str, str]:
    """Readable text from Markdown, and the first heading (a title) if there is one.

    Paragraphs and headings keep their blank-line separation; syntax characters go. Images go
    entirely (their alt text is not article text); links keep their words, not their addresses. Raw
    HTML tags go; scripts, styles, embedded frames and comments go with their content.
    """
    # Escaped characters (\*) are literal: park them in private-use code points until the end.
    text = _MD_ESCAPE.sub(lambda m: chr(0xF0000 + ord(m.group(1))), md.replace("\r\n", "\n"))
    text = _unfence(text)
    text = _MD_TABLE_RULE.sub("", text)
    text = _MD_SETEXT.sub(lambda m: "# " + m.group("text").strip(), text)
    m = _MD_HEADING.search(text)
    title = _MD_EMPH.sub(r"\2", _heading_text(m.group(1))).strip() if m else ""
    text = _MD_RULE.sub("", text)
    text = _MD_HEADING.sub(lambda m: _heading_text(m.group(1)), text)
    text = _MD_REF_DEF.sub("", text)
    text = _MD_IMAGE.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_AUTOLINK.sub(r"\1", text)
    text = _MD_HTML_COMMENT.sub("", _drop_html_code(text))
    text = _MD_HTML_TAG.sub("", text)
    text = _MD_CODE.sub(r"\1", text)
    text = _MD_EMPH.sub(r"\2", text)
    text = _MD_EMPH.sub(r"\2", text)  # nested: ***both***, **_mixed_**
    text = _MD_QUOTE.sub("", text)
    text = _MD_LIST.sub("", text)
    text = _MD_TABLE_PIPES.sub(lambda m: " | ".join(c.strip() for c in m.group(1).split("|")), text)
    text = re.sub("[\U000f0000-\U000f007f]", lambda m: chr(ord(m.group()) - 0xF0000), text)
    return text, title


# Front matter: YAML between "---" lines (Jekyll, Hugo, Obsidian, Pandoc) or TOML between "+++" lines at the
# very start of a Markdown file. It is metadata, never article text. Only the first 16 KB are looked at, and a
# block counts only if every line is a key, a list item or an indented continuation, so a file opening with a
# horizontal rule keeps its text.
_FRONT_MATTER = re.compile(r"\A\ufeff?[ \t]*(---|\+\+\+)[ \t]*\n(.*?)\n[ \t]*(?:\1|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FRONT_LINE = re.compile(r"(?:[A-Za-z_][\w.-]*[ \t]*[:=].*|[ \t]*-[ \t].*|[ \t]+\S.*|[ \t]*#.*|[ \t]*)")
_FRONT_KEY = re.compile(r"([A-Za-z_][\w.-]*)[ \t]*[:=][ \t]*(.*)")
_FRONT_FIELDS = {
    "title": "title", "headline": "title",
    "author": "author", "authors": "author", "byline": "author", "by": "author", "creator": "author",
    "date": "published", "published": "published", "pubdate": "published", "publishdate": "published",
    "date_published": "published", "datepublished": "published", "published_at": "published",
    "publication_date": "published",
    "outlet": "outlet", "source": "outlet", "publisher": "outlet", "publication": "outlet", "site_name": "outlet",
    "url": "url", "link": "url", "canonical_url": "url", "canonicalurl": "url", "source_url": "url",
    "original_url": "url",
    "lang": "language", "language": "language",
}


def _front_value(value: str, items: list[str]) -> str:
    """A front-matter value as text: quotes dropped, a ``[a, b]`` or block list joined with commas."""
    value = value.split(" #", 1)[0].strip() if not value.startswith(("'", '"')) else value.strip()
    if value.startswith("[") and value.endswith("]"):
        items = [v for v in value[1:-1].split(",") if v.strip()]
        value = ""
    parts = (p.strip().strip("'\"").strip() for p in ([value] if value else items))
    return ", ".join(p for p in parts if p)


def read_front_matter(md: str) -> tuple[dict[str, str], str]:
    """The metadata of a Markdown file's front matter (title, author, published, outlet, url, language) and
    the text after it; ``({}, md)`` when the file has none."""
    m = _FRONT_MATTER.match(md[:16384])
    if not m or not all(_FRONT_LINE.fullmatch(line) for line in m.group(2).split("\n")):
        return {}, md
    found: dict[str, str] = {}
    key, value, items = "", "", []
    for line in [*m.group(2).split("\n"), "end: "]:
        head = _FRONT_KEY.fullmatch(line) if line[:1] not in (" ", "\t", "-") else None
        if head is None:
            if line.lstrip().startswith("- "):
                items.append(line.lstrip()[2:])
            continue
        field = _FRONT_FIELDS.get(key.lower().replace("-", "_"))
        text = _front_value(value, items)
        if field == "outlet" and is_web_address(text):
            field = "url"  # "source: https://…" names where it came from, not who published it
        if field == "published":
            text = read_date(text[:40])[0]
        elif field == "url" and not is_web_address(text):
            text = ""
        if field and text and field not in found:
            found[field] = text
        key, value, items = head.group(1), head.group(2), []
    return found, md[m.end():]


def import_text(data: bytes, name: str, *, markdown: bool = False, fmt: str | None = None) -> ImportedArticle:
    """A ``.txt`` or ``.md`` file's bytes as an article."""
    warnings: list[str] = []
    raw = decode_text(data, name, warnings)
    return text_article(raw, name, markdown=markdown, fmt=fmt, warnings=warnings)


def text_article(
    raw: str, name: str, *, markdown: bool = False, fmt: str | None = None, warnings: list[str] | None = None
) -> ImportedArticle:
    """Already-decoded plain text (or Markdown) as an article; shared by files and the clipboard."""
    title = ""
    meta: dict[str, str] = {}
    if markdown:
        meta, raw = read_front_matter(raw)
        raw, title = strip_markdown(raw)
    return finish_article(
        raw,
        name,
        fmt=fmt or ("md" if markdown else "txt"),
        title=meta.pop("title", "") or title,
        warnings=warnings,
        **meta,
        empty_message=f"{name}: the file has no text.",
    )
