"""Word documents (``.docx``): paragraphs, headings and tables in document order, plus the title,
author and creation date from the document properties.

A .docx is a zip archive, and a hostile one can expand from kilobytes to gigabytes ("zip bomb").
python-docx would inflate every part into memory, so the archive's directory is checked with
``zipfile`` first: total uncompressed size, compression ratio and number of entries. The declared
sizes can be trusted for this because ``zipfile`` never returns more bytes than a member declares.
A zip inside the document (an embedded file) is never opened. Every part's XML prolog is checked for a
document type declaration (entity bombs, external entities: see ``safexml``) before python-docx parses it.
"""

from __future__ import annotations

import zipfile
import zlib
from datetime import UTC, datetime
from io import BytesIO

from docx import Document as open_docx
from docx.document import Document as DocxDocument
from docx.opc.coreprops import CoreProperties
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph

from workbench.core.errors import ImportFailed
from workbench.importers.base import (
    MAX_DOCX_ENTRIES,
    MAX_DOCX_RATIO,
    MAX_DOCX_UNCOMPRESSED,
    ImportedArticle,
    detail,
    finish_article,
)
from workbench.importers.safexml import refuse_doctype

# Small archives may compress extremely well (a page of repeated XML) and still be harmless; the
# ratio test only applies once the content is big enough to hurt.
_RATIO_FLOOR_BYTES = 10 * 1024 * 1024
# The creation stamp inside python-docx's blank template: a document generated from it without a
# date of its own was not written in December 2013.
_TEMPLATE_CREATED = datetime(2013, 12, 23, 23, 15, tzinfo=UTC)


def check_zip(data: bytes, name: str) -> None:
    """Refuse a .docx that is not a zip, or whose contents would expand dangerously."""
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        if data[:4] == b"\xd0\xcf\x11\xe0":
            raise ImportFailed(
                f"{name}: this is an old-style Word document (.doc) with a .docx name. Open it in Word or "
                "LibreOffice, save it as .docx, and import that."
            ) from exc
        raise ImportFailed(f"{name}: this is not a Word document (.docx files are zip archives).") from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_DOCX_ENTRIES:
            raise ImportFailed(
                f"{name}: the document has {len(infos):,} internal parts (at most {MAX_DOCX_ENTRIES:,} "
                "are accepted); it is not imported."
            )
        total = sum(info.file_size for info in infos)
        packed = sum(info.compress_size for info in infos) or 1
        if total > MAX_DOCX_UNCOMPRESSED:
            raise ImportFailed(
                f"{name}: the document would expand to {total / 1e6:,.0f} MB when opened; documents larger "
                f"than {MAX_DOCX_UNCOMPRESSED / 1e6:,.0f} MB unpacked are not imported."
            )
        if total > _RATIO_FLOOR_BYTES and total / packed > MAX_DOCX_RATIO:
            raise ImportFailed(
                f"{name}: the document is compressed {total / packed:,.0f} times (at most {MAX_DOCX_RATIO} "
                "times is normal for Word files); it looks like a zip bomb and is not imported."
            )
        if "word/document.xml" not in archive.namelist():
            raise ImportFailed(f"{name}: this zip archive is not a Word document (no word/document.xml).")
        # Every part, not only *.xml: python-docx finds XML parts by content type, whatever their name.
        for info in infos:
            if info.is_dir():
                continue
            if info.flag_bits & 0x1:
                # zipfile would ask for a password (RuntimeError); Word itself never encrypts this way.
                raise ImportFailed(
                    f"{name}: the document's contents are encrypted with a password; open it in Word or "
                    "LibreOffice, remove the password, save it, and import that."
                )
            try:
                with archive.open(info) as part:
                    refuse_doctype(part, name, info.filename)
            except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError, zlib.error) as exc:
                raise ImportFailed(f"{name}: the Word document is damaged and cannot be read ({detail(exc)}).") from exc


def _table_text(table: Table) -> list[str]:
    rows: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            value = " ".join(cell.text.split())
            # Merged cells appear once per grid column; say them once.
            if value and (not cells or cells[-1] != value):
                cells.append(value)
        if cells:
            rows.append(" | ".join(cells))
    return rows


def docx_article(data: bytes, name: str) -> ImportedArticle:
    """A .docx file's bytes as an article."""
    check_zip(data, name)
    try:
        document = open_docx(BytesIO(data))
        # Reading is where python-docx meets parts that are missing or of the wrong type (a damaged
        # [Content_Types].xml makes the styles or properties part a plain Part without .styles), so it is
        # inside the same guard as opening.
        blocks, first_heading, props = _read(document)
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ImportFailed(f"{name}: the Word document is damaged and cannot be read ({detail(exc)}).") from exc
    except Exception as exc:  # lxml and python-docx errors on broken parts have no common base we can name
        raise ImportFailed(f"{name}: the Word document is damaged and cannot be read ({detail(exc)}).") from exc
    created = props.created
    published = ""
    if isinstance(created, datetime) and created != _TEMPLATE_CREATED:
        published = created.date().isoformat()
    return finish_article(
        "\n\n".join(blocks),
        name,
        fmt="docx",
        # The typed title wins; else the document's first heading (removed from the body as a title).
        title=props.title or first_heading,
        # Who saved the Word file and when: the article's byline and dateline, when it has them, say better.
        file_author=props.author or "",
        file_date=published,
        language=(props.language or "").split("-")[0].lower(),
        empty_message=f"{name}: the Word document contains no text.",
    )


def _read(document: DocxDocument) -> tuple[list[str], str, CoreProperties]:
    """The document's text blocks in order, its first heading, and its properties."""
    blocks: list[str] = []
    first_heading = ""
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text = item.text.strip()
            if not text:
                continue
            style = (item.style.name if item.style is not None else "") or ""
            if not first_heading and (style == "Title" or style.startswith("Heading")):
                first_heading = " ".join(text.split())
            blocks.append(text)
        elif isinstance(item, Table):
            # A table's rows together make one block, one row per line.
            rows = _table_text(item)
            if rows:
                blocks.append("\n".join(rows))

    props = document.core_properties
    # Touch every property used later, so a damaged properties part fails here, inside the guard.
    _ = (props.created, props.title, props.author, props.language)
    return blocks, first_heading, props


__all__ = ["check_zip", "docx_article"]
