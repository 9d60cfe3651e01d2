"""PDF files written by hand for the tests (a minimal valid PDF with Helvetica text lines, or any numbered
objects), not with pypdf, so the tests do not check pypdf against itself."""

from __future__ import annotations


def escape(text: str) -> bytes:
    """Text for a PDF string literal (Windows-1252, which the Helvetica font here is encoded in)."""
    raw = text.encode("cp1252", "replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def pdf_file(objects: list[bytes], *, root: int = 1, trailer: str = "", break_xref: bool = False) -> bytes:
    """A PDF from numbered object bodies (object 1 first) with a correct cross-reference table; ``trailer``
    adds entries to the trailer; ``break_xref`` points startxref a few bytes off (the commonest damage in
    PDFs from the web, which pypdf repairs and logs)."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root {root} 0 R{trailer} >>\n".encode()
    out += f"startxref\n{xref + 7 if break_xref else xref}\n%%EOF\n".encode()
    return bytes(out)


def text_pdf(pages: list[list[str]], *, info: dict[str, str] | None = None, font_size: int = 11,
             leading: int = 14, break_xref: bool = False) -> bytes:
    """A PDF with one Helvetica text line per string, top to bottom, per page; "" leaves a gap; ``info``:
    the document's title, author…"""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below, once the page tree's number is known
    pages_obj = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    kids = []
    for lines in pages:
        y = 800
        ops = [b"BT", f"/F1 {font_size} Tf".encode()]
        for line in lines:
            if line:
                ops.append(f"1 0 0 1 72 {y} Tm".encode() + b" (" + escape(line) + b") Tj")
            y -= leading
        ops.append(b"ET")
        stream = b"\n".join(ops)
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(add(f"<< /Type /Page /Parent {pages_obj} 0 R /MediaBox [0 0 595 842] "
                        f"/Resources << /Font << /F1 {font} 0 R >> >> /Contents {content} 0 R >>".encode()))
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages_obj} 0 R >>".encode()
    refs = " ".join(f"{k} 0 R" for k in kids)
    objects[pages_obj - 1] = f"<< /Type /Pages /Kids [{refs}] /Count {len(kids)} >>".encode()
    trailer = ""
    if info:
        entries = " ".join(f"/{k} (" + escape(v).decode("cp1252") + ")" for k, v in info.items())
        trailer = f" /Info {add(f'<< {entries} >>'.encode('cp1252'))} 0 R"
    return pdf_file(objects, root=catalog, trailer=trailer, break_xref=break_xref)
