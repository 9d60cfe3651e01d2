"""The HTML importer's guards: against attribute floods (pages whose tags carry so many attributes that
libxml2's parser, quadratic in a tag's attribute count, would take minutes; checked on the raw page before it is
parsed), and the nesting limit (libxml2 stops reading a page at 256 levels of nesting: what follows is lost, so
the journalist is told).
"""

from __future__ import annotations

import re
from typing import Any

from workbench.core.errors import ImportFailed

# libxml2's HTML parser compares every attribute of a tag with every other one: its cost grows with the square of
# a tag's attribute count (measured: 10,000 attributes in one tag 0.2 s, 40,000 15 s; 300 tags of 1,000 each
# 0.5 s). So the scan counts attributes (outside quoted values, so a long JSON or data: value is one) of every tag
# longer than 200 characters (shorter ones cannot hold enough to matter) and sums their squares. Script and style
# content and comments are skipped: the parser reads no tags there, and inline JavaScript such as
# ``x<vendors.length&&...`` would otherwise count as one huge tag. Calibrated with
# benchmarks/importers/page_limits.py on ~3,900 real pages (BENCHMARKS.md): the largest real tag has 1,220
# attributes (a broken quote in a JSON attribute), the largest sum of squares is ~4.2 million; the limits are
# far above that and at about half a second of parsing.
_LONG_TAG = {bytes: re.compile(rb"<[A-Za-z][^<>]{200,}"), str: re.compile(r"<[A-Za-z][^<>]{200,}")}
_ANY_TAG = {bytes: re.compile(rb"<[A-Za-z][^<>]*"), str: re.compile(r"<[A-Za-z][^<>]*")}
_ATTRIBUTE = {
    bytes: re.compile(rb"""[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>=`]+))?"""),
    str: re.compile(r"""[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>=`]+))?"""),
}
# Where markup stops being read as tags: <script>, <style> (up to their end tag) and comments.
_RAW_OPEN = {bytes: re.compile(rb"<(script|style)\b|<!--", re.I), str: re.compile(r"<(script|style)\b|<!--", re.I)}
_RAW_CLOSE = {
    bytes: {"script": re.compile(rb"</script", re.I), "style": re.compile(rb"</style", re.I), "": re.compile(rb"-->")},
    str: {"script": re.compile(r"</script", re.I), "style": re.compile(r"</style", re.I), "": re.compile(r"-->")},
}
MAX_ATTRIBUTES = 10_000
# ...and a page of many tags below that limit is as slow: the squares of all long tags' counts get a budget too.
MAX_ATTRIBUTE_WORK = 200_000_000


def _markup_spans(data: bytes | str) -> list[tuple[int, int]]:
    """The stretches of ``data`` the parser reads as markup: everything but script/style content and comments.

    Linear: each search starts where the previous one ended. An unclosed script runs to the end of the
    page, as it does for the parser."""
    kind = type(data)
    opener, closers = _RAW_OPEN[kind], _RAW_CLOSE[kind]
    spans, pos, end = [], 0, len(data)
    while pos < end:
        m = opener.search(data, pos)
        if m is None:
            spans.append((pos, end))
            break
        if m.group(1):
            # the opening tag itself is markup (its attributes count); its content is not
            gt = data.find(b">" if kind is bytes else ">", m.end())  # type: ignore[arg-type]
            if gt < 0:
                spans.append((pos, end))
                break
            spans.append((pos, gt + 1))
            name = m.group(1).lower()
            close = closers[name.decode() if isinstance(name, bytes) else name].search(data, gt + 1)
        else:
            spans.append((pos, m.start()))
            close = closers[""].search(data, m.end())
        if close is None:
            break
        pos = close.start() if m.group(1) else close.end()
    return spans


def attribute_counts(data: bytes | str, *, all_tags: bool = False) -> tuple[int, int]:
    """(attributes of the most attribute-heavy tag, sum of the squares of every long tag's attribute count).

    Counted are tags longer than 200 characters (every tag with ``all_tags``, for measuring real pages);
    counting stops once past the limits, so a flood costs no more than the limits."""
    kind = type(data)
    tag_pattern, attribute = (_ANY_TAG if all_tags else _LONG_TAG)[kind], _ATTRIBUTE[kind]
    most = work = 0
    for start, end in _markup_spans(data):
        for tag in tag_pattern.finditer(data, start, end):
            count = -1  # the tag name matches as the first "attribute"
            for _ in attribute.finditer(data, tag.start() + 1, tag.end()):
                count += 1
                if not all_tags and (count > MAX_ATTRIBUTES or work + count * count > MAX_ATTRIBUTE_WORK):
                    return max(most, count), work + count * count
            most, work = max(most, count), work + count * count
    return most, work


def refuse_attribute_floods(data: bytes | str, name: str) -> None:
    """Refuse a page with a flood of attributes (see MAX_ATTRIBUTES), before the parser sees it."""
    most, work = attribute_counts(data)
    if most > MAX_ATTRIBUTES or work > MAX_ATTRIBUTE_WORK:
        raise ImportFailed(
            f"{name}: this page has tags with thousands of attributes (real pages have at most a few hundred per "
            "tag), which would take the parser minutes; it is not imported."
        )


# libxml2 (without its "huge" option, which also lifts its protections against hostile input) reads HTML
# nested at most 256 levels deep and drops the rest of the page from there on. An element at that depth means
# the limit was hit (real pages nest 20-40 levels).
NESTING_LIMIT = 256
_AT_NESTING_LIMIT = "boolean(/*" + "/*" * (NESTING_LIMIT - 1) + ")"


def reached_nesting_limit(tree: Any) -> bool:
    """Whether the parsed page ``tree`` reached libxml2's nesting limit, i.e. part of it was not read."""
    return bool(tree.getroottree().xpath(_AT_NESTING_LIMIT))


# A page whose text alone is many times longer than an article may be (MAX_TEXT_CHARS) is refused before it
# is parsed: extraction takes about 0.25 s per million characters, so a 50 MB live blog took minutes only to
# be refused at the end. Ten times: a page may hold far more than its article (comments, other stories) and
# still import; beyond that no page is worth minutes of waiting. The estimate counts the non-blank characters
# outside tags, scripts, styles and comments (entities not at all).
_NOT_TEXT = {
    bytes: re.compile(rb"<(script|style)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>|&#?\w{1,32};|\s+", re.I | re.S),
    str: re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>|&#?\w{1,32};|\s+", re.I | re.S),
}
TEXT_MARGIN = 10


def refuse_oversized_text(data: bytes | str, name: str, max_chars: int) -> None:
    """Raise ImportFailed when the page's text is certainly more than ``TEXT_MARGIN`` times ``max_chars``."""
    limit = max_chars * TEXT_MARGIN
    if len(data) <= limit:
        return
    # (entities and blanks are left out altogether: the estimate may only be too low, never too high)
    visible = sum(len(part) for part in _NOT_TEXT[type(data)].split(data)[::2])
    if visible > limit:
        raise ImportFailed(
            f"{name}: the page holds about {visible / 1e6:,.0f} million characters of text, more than ten times "
            f"the longest article that can be imported ({max_chars:,} characters). Save or copy only the part "
            "you need and import that.")
