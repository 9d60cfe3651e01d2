"""Refuse XML that declares a document type before a library parses it.

A document type declaration (``<!DOCTYPE ... [ <!ENTITY ...> ]>``) is what "billion laughs" and
quadratic-blowup entity bombs and external-entity (XXE) attacks need: entities that expand to gigabytes,
or that pull in ``file:///etc/passwd`` or a remote DTD. Office files never contain one (the Open Packaging
Conventions forbid DTDs in a package), so a .docx part with one is refused outright rather than handed to
python-docx's lxml parser. defusedxml does the same for the standard library's parsers but does not cover
lxml, hence this small check.

A DOCTYPE may only stand in the prolog, before the root element, so only the prolog is read: a part is
streamed in chunks until its first element starts, which costs a few bytes for a normal part.
"""

from __future__ import annotations

import re
from typing import IO

from workbench.core.errors import ImportFailed

# A prolog longer than this (comments, processing instructions, whitespace) is not something any
# office program writes; refusing it keeps the scan bounded.
MAX_PROLOG_BYTES = 1024 * 1024
_CHUNK = 8 * 1024

# What may come before the root element: the XML declaration, processing instructions, comments and
# whitespace. The first thing that is none of these is either the root element or a declaration.
_PROLOG_ITEM = re.compile(r"\s+|<\?.*?\?>|<!--.*?-->", re.S)


def _decode(head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="replace")
    if head[:2] == b"<\x00":
        return head.decode("utf-16-le", errors="replace")
    if head[:2] == b"\x00<":
        return head.decode("utf-16-be", errors="replace")
    return head.decode("utf-8", errors="replace").lstrip("\ufeff")


def prolog_declares_doctype(head: bytes) -> bool | None:
    """True if the XML that starts with ``head`` declares a DOCTYPE (or an entity) before its root
    element, False if its root element starts without one, None if ``head`` ends inside the prolog."""
    text = _decode(head)
    pos = 0
    while pos < len(text):
        m = _PROLOG_ITEM.match(text, pos)
        if m is None:
            break
        pos = m.end()
    rest = text[pos : pos + 10].upper()
    if rest.startswith(("<!DOCTYPE", "<!ENTITY")):
        return True
    if not rest or rest.startswith(("<?", "<!--")) or (len(rest) < 10 and "<!DOCTYPE".startswith(rest)):
        return None  # the prolog (or a comment in it) goes on beyond what was read
    return False


def refuse_doctype(stream: IO[bytes], name: str, part: str) -> None:
    """Raise ImportFailed if the XML read from ``stream`` declares a DOCTYPE; reads only its prolog."""
    head = b""
    while len(head) <= MAX_PROLOG_BYTES:
        chunk = stream.read(_CHUNK)
        head += chunk
        verdict = prolog_declares_doctype(head)
        if verdict is True:
            raise ImportFailed(
                f"{name}: the document's part {part} declares a document type with entities, which Word "
                "never writes; such files are used to attack programs that open them, so it is not imported."
            )
        if verdict is False or not chunk:
            return
    raise ImportFailed(f"{name}: the document's part {part} does not start like XML; the file is damaged.")


__all__ = ["MAX_PROLOG_BYTES", "prolog_declares_doctype", "refuse_doctype"]
