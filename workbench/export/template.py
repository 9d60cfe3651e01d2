"""The report template: the wording and layout of the Markdown report, kept in a plain file
(``resources/templates/report.md``) so that an outlet can adapt it without touching code.

The file is split into parts by ``<!-- section: NAME -->`` lines. A part is Markdown with
``string.Template`` placeholders (``$name``) and two rules that keep optional fields tidy: a
``[? ... ?]`` group disappears when every placeholder inside it is empty, and so does a line whose every
placeholder is empty. The ``labels`` part holds single words and phrases (``key: text``); a label
``singular | plural`` is chosen by its number ``$n``.

Filling a part is on the hot path (a 20,000-claim report fills some 60,000 of them), so the layout left
after the two rules is worked out once per combination of empty placeholders and cached.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import compress
from operator import not_
from pathlib import Path
from string import Template

from workbench.core.errors import WorkbenchError
from workbench.core.paths import resource_path

DEFAULT_TEMPLATE = "templates/report.md"

_SECTION = re.compile(r"^<!-- section: ([a-z_]+) -->[ \t]*$", re.MULTILINE)
_GROUP = re.compile(r"\[\?(.*?)\?\]", re.DOTALL)
# Spelt with its first three characters so a scan looks for them as a string (several times faster over
# an article's Markdown than "\n{3,}").
_BLANK_RUNS = re.compile(r"\n\n\n+")

# The placeholders each part may use; a template using another one is refused with a clear message
# rather than producing a report with a hole in it.
PLACEHOLDERS: dict[str, frozenset[str]] = {
    "document": frozenset({"title", "date", "scope", "summary", "articles", "sources", "corrections"}),
    "article": frozenset({"number", "title", "outlet", "published", "author", "url", "claim_count", "text",
                          "excerpts", "claims", "footnotes"}),
    "excerpt": frozenset({"number", "excerpt"}),
    "claim": frozenset({"number", "quote", "speaker", "verdict", "status", "tags", "orphan", "note",
                        "private_note", "links", "article_title", "rated_by", "reviewed_by", "corrected",
                        "verification"}),
    "footnote": frozenset({"number", "speaker", "verdict", "status", "sources"}),
    "link": frozenset({"relation", "source_ref", "source_number", "source_title", "locator", "excerpt",
                       "note"}),
    "source": frozenset({"number", "source_ref", "title", "kind", "publisher", "published", "url",
                         "accessed", "cited_by"}),
}
LABELS = frozenset({"no_verdict", "unknown_speaker", "verdict", "total", "supports", "refutes", "context",
                    "source_ref", "orphan", "orphan_in_text", "claims", "articles", "scope"})


class TemplateError(WorkbenchError):
    """The report template cannot be used (missing part, unknown placeholder, unreadable file)."""


def _identifiers(text: str) -> list[str]:
    return Template(text).get_identifiers()


def _format_string(text: str) -> str:
    """A template's text as a ``str.format`` string (much faster to fill than ``Template.substitute``)."""
    out, pos = [], 0
    for m in Template.pattern.finditer(text):
        out.append(text[pos:m.start()].replace("{", "{{").replace("}", "}}"))
        name = m.group("named") or m.group("braced")
        out.append("$" if m.group("escaped") is not None else "{" + name + "}")
        pos = m.end()
    out.append(text[pos:].replace("{", "{{").replace("}", "}}"))
    return "".join(out)


@dataclass(slots=True)
class Section:
    """One part of the template, filled with ``fill(values)``."""

    name: str
    text: str
    _cache: dict[frozenset[str], str] = field(default_factory=dict)

    def _layout(self, empty: frozenset[str]) -> str:
        def group(m: re.Match[str]) -> str:
            ids = _identifiers(m.group(1))
            return "" if ids and all(i in empty for i in ids) else m.group(1)

        lines = []
        for line in _GROUP.sub(group, self.text).split("\n"):
            ids = _identifiers(line)
            if ids and all(i in empty for i in ids):
                continue
            lines.append(line)
        return _format_string("\n".join(lines))

    def fill(self, values: dict[str, str]) -> str:
        empty = frozenset(compress(values, map(not_, values.values())))  # the names of empty values
        layout = self._cache.get(empty)
        if layout is None:
            layout = self._cache[empty] = self._layout(empty)
        return layout.format_map(values)


@dataclass(slots=True)
class ReportTemplate:
    """The parts of a report template and its labels."""

    sections: dict[str, Section]
    labels: dict[str, str]
    source: str = ""

    def fill(self, name: str, **values: str) -> str:
        return self.sections[name].fill(values)

    def label(self, key: str, n: int | None = None, **values: str) -> str:
        text = self.labels[key]
        if n is not None:
            singular, bar, plural = text.partition("|")
            text = (singular if n == 1 or not bar else plural).strip()
            values["n"] = f"{n:,}"
        return Template(text).safe_substitute(values) if "$" in text else text


def parse_template(text: str, source: str = "report template") -> ReportTemplate:
    """Read a template's text; raises TemplateError naming the file and part that is wrong."""
    pieces = _SECTION.split(text.replace("\r\n", "\n"))
    found: dict[str, str] = {}
    for name, body in zip(pieces[1::2], pieces[2::2], strict=True):
        found[name] = body.strip("\n")
    missing = [n for n in (*PLACEHOLDERS, "labels") if n not in found]
    if missing:
        raise TemplateError(f"{source}: the part(s) {', '.join(missing)} are missing; each starts with a "
                            "line like <!-- section: claim -->.")
    sections: dict[str, Section] = {}
    for name, allowed in PLACEHOLDERS.items():
        body = found[name]
        template = Template(body)
        if not template.is_valid():
            raise TemplateError(f"{source}: the part '{name}' has a $ that is not a placeholder; "
                                "write $$ for a dollar sign.")
        unknown = sorted(set(template.get_identifiers()) - allowed)
        if unknown:
            raise TemplateError(f"{source}: the part '{name}' uses ${', $'.join(unknown)}, which it cannot "
                                f"use; it can use ${', $'.join(sorted(allowed))}.")
        sections[name] = Section(name, body)
    labels: dict[str, str] = {}
    for line in found["labels"].split("\n"):
        key, colon, value = line.partition(":")
        if colon and key.strip():
            labels[key.strip()] = value.strip()
    missing = sorted(LABELS - labels.keys())
    if missing:
        raise TemplateError(f"{source}: the labels part has no {', '.join(missing)}.")
    return ReportTemplate(sections, labels, source)


def load_template(path: str | Path | None = None) -> ReportTemplate:
    """The template at ``path``, or the bundled one."""
    file = Path(path) if path is not None else resource_path(DEFAULT_TEMPLATE)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise TemplateError(f"{file.name}: the report template cannot be read ({reason}).") from exc
    return parse_template(text, file.name)


def tidy(markdown: str) -> str:
    """Collapse the blank lines that left-out parts leave behind; end with one newline."""
    return _BLANK_RUNS.sub("\n\n", markdown).strip("\n") + "\n"


def tidy_pieces(parts: Iterable[str | Iterable[str]]) -> Iterator[str]:
    """``tidy`` of the text the ``parts`` (texts, or iterables of texts) make together, in pieces: the
    newlines at the end of each piece are carried into the next, so a run across two is collapsed too."""
    carry = ""
    started = False
    for part in parts:
        for piece in [part] if isinstance(part, str) else part:
            text = carry + piece
            body = text.rstrip("\n")
            carry = text[len(body):]
            if not body:
                continue
            body = _BLANK_RUNS.sub("\n\n", body)
            if not started:
                body = body.lstrip("\n")
                started = True
            yield body
    yield "\n"
