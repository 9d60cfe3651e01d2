"""Write the sample article as .txt, .html (dated only in its text), .docx and .pdf into a folder, for
``build/check-bundle`` to import with the bundle's own command line. Run with the venv's Python:

    .venv/bin/python build/make-test-articles.py FOLDER

The PDF is written by hand (one Helvetica line per text line) so no PDF library is needed.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

from docx import Document

from workbench.core.paths import resource_path
from workbench.ops.sample import SAMPLE_ARTICLE


def pdf_bytes(lines: list[str]) -> bytes:
    """A one-page PDF showing ``lines`` (Latin-1 text) top to bottom."""
    def escape(text: str) -> bytes:
        raw = text.encode("cp1252", "replace")
        return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")

    ops = [b"BT", b"/F1 10 Tf"]
    for number, line in enumerate(lines):
        ops.append(b"1 0 0 1 50 %d Tm (" % (800 - 13 * number) + escape(line) + b") Tj")
    stream = b"\n".join([*ops, b"ET"])
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


def main() -> int:
    folder = Path(sys.argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    text = resource_path(SAMPLE_ARTICLE).read_text(encoding="utf-8")
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    body = paragraphs[1:]  # the first is the wire dateline
    (folder / "article.txt").write_text(text, encoding="utf-8")
    (folder / "article.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>NATO cannot verify reports</title>'
        '</head><body><article><h1>NATO cannot verify reports</h1><p class="date">Published 21 October 2024</p>'
        + "".join(f"<p>{p}</p>" for p in body) + "</article></body></html>", encoding="utf-8")
    document = Document()
    document.add_heading("NATO cannot verify reports", level=1)
    for paragraph in body:
        document.add_paragraph(paragraph)
    document.save(str(folder / "article.docx"))
    lines = ["NATO cannot verify reports", ""]
    for paragraph in body[:4]:
        plain = paragraph.replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'")
        lines += [*textwrap.wrap(plain, 90), ""]
    (folder / "article.pdf").write_bytes(pdf_bytes(lines))
    print(" ".join(sorted(p.name for p in folder.iterdir())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
