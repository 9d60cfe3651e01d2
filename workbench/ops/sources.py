"""Operations on a project's library of sources: add, edit and delete sources, attach files to them, and
link claims to them (supports / refutes / context, with excerpt, locator and note).

Attached files are stored inside the project, content-addressed by sha256: the same bytes attached to
several sources take the space of one copy. Deleting a source or detaching a file removes the
``source_files`` row but keeps the stored content, so undo can always bring the file back (history rows
are JSON and cannot carry the bytes). A shared copy leaves such leftovers out (``ops.share``).
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path, PurePath
from typing import Any

from workbench.core.atomic import write_atomically
from workbench.core.dates import parse_date
from workbench.core.errors import NotFoundError, ValidationError
from workbench.core.sizes import human_size
from workbench.core.urls import link_target
from workbench.ops.base import (
    UNSET,
    backup_if_bulk,
    clean_fields,
    clean_line,
    clean_name,
    clean_text,
    delete_row,
    given,
    operation,
    require,
)
from workbench.store import Changes, Project, Tx
from workbench.store.backups import BULK_DELETE_CLAIMS
from workbench.store.header import refuse_to_replace_project
from workbench.store.queries_sources import attachment_bytes, find_source
from workbench.store.schema import RELATIONS, SOURCE_KINDS

MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024
MAX_TITLE_CHARS = 500
MAX_TEXT_CHARS = 100_000  # notes, excerpts and link notes
MAX_LINE_CHARS = 200  # locator, reliability
MAX_FILE_NAME_CHARS = 255
MAX_FILE_NAME_BYTES = 255  # most file systems count a name's bytes, not its characters

# Characters Windows does not allow in a file name (":" would also open an NTFS alternate data stream).
_WINDOWS_FORBIDDEN = re.compile(r'[<>:"|?*]')
# Names Windows maps to devices, with any extension ("con.txt" is the console).
_WINDOWS_DEVICES = frozenset({"con", "prn", "aux", "nul", "conin$", "conout$",
                              *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10)),
                              "com¹", "com²", "com³", "lpt¹", "lpt²", "lpt³"})

# File types the system shows rather than runs: the only attachments (and article originals) the app hands
# to the system's viewer. An allow-list, because the list of types some program on some system would run
# never ends (.chm, .appref-ms, .settingcontent-ms, .library-ms, .iqy, .slk, .jnlp, .fileloc, .terminal...).
# Formats that can carry macros or scripts (.docm, .xlsm, legacy .doc/.xls, .rtf, .html, .svg) are left out.
OPENABLE_SUFFIXES = frozenset({
    ".pdf",
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".heic", ".heif", ".avif",
    ".txt", ".md", ".csv", ".tsv", ".srt", ".vtt",
    ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp",
    ".mp3", ".wav", ".m4a", ".aac", ".ogg", ".oga", ".opus", ".flac",
    ".mp4", ".m4v", ".mov", ".webm", ".mkv", ".avi", ".ogv",
})
# Only for the wording of the refusal: what these would do if opened.
_PROGRAM_SUFFIXES = frozenset({
    ".exe", ".bat", ".sh", ".js", ".app", ".lnk", ".msi", ".msp", ".msix", ".appx", ".appinstaller", ".scr",
    ".cmd", ".ps1", ".psm1", ".jar", ".jnlp", ".com", ".pif", ".vbs", ".vbe", ".jse", ".wsf", ".wsh", ".wsc",
    ".sct", ".hta", ".cpl", ".msc", ".reg", ".dll", ".xll", ".chm", ".desktop", ".command", ".terminal",
    ".appimage", ".run", ".bin", ".csh", ".bash", ".zsh", ".py", ".pyw", ".pl", ".rb", ".scpt", ".workflow",
    ".pkg", ".dmg", ".deb", ".rpm", ".apk", ".iso", ".url", ".inf", ".gadget", ".appref-ms", ".scf",
    ".settingcontent-ms", ".library-ms", ".searchconnector-ms", ".iqy", ".slk", ".fileloc", ".inetloc",
})
_SCRIPT_CARRIERS = frozenset({".html", ".htm", ".xhtml", ".shtml", ".mht", ".mhtml", ".svg", ".svgz", ".xml",
                              ".xsl", ".docm", ".xlsm", ".pptm", ".doc", ".xls", ".ppt", ".rtf"})


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


# -- validation ----------------------------------------------------------------------------------------


def why_not_opened(name: str) -> str | None:
    """None when a file called ``name`` may be handed to the system's viewer (its type is in
    ``OPENABLE_SUFFIXES``); else why it is only offered for saving, as a sentence naming the file."""
    # Judged on the name the file would be written under: Windows ignores trailing dots and spaces
    # ("evil.exe. "), and a stray newline or control character ("evil.desktop\n") must not hide the suffix.
    safe = safe_file_name(name)
    suffix = PurePath(safe).suffix.lower()
    if suffix in OPENABLE_SUFFIXES:
        return None
    if suffix in _PROGRAM_SUFFIXES:
        return f"“{safe}” is a program or script: opening it could run it and harm this computer."
    if suffix in _SCRIPT_CARRIERS:
        return (f"“{safe}” is a {suffix} file, which can carry scripts or macros that would run when it is "
                "opened.")
    what = f"a {suffix} file" if suffix else "a file without a type"
    return (f"“{safe}” is {what}: Fact-Check Workbench opens only documents (PDF, Word, spreadsheets), "
            "pictures, plain text, sound and video, which cannot run anything.")


def clean_kind(kind: str) -> str:
    for k in SOURCE_KINDS:
        if k == " ".join((kind or "").lower().split()):
            return k
    raise ValidationError(f"'{kind}' is not a kind of source; choose one of: {', '.join(SOURCE_KINDS)}.")


def clean_relation(relation: str) -> str:
    for r in RELATIONS:
        if r == (relation or "").strip().lower():
            return r
    raise ValidationError(
        f"'{relation}' is not a way a source relates to a claim; choose one of: {', '.join(RELATIONS)}."
    )


def clean_url(url: str) -> str:
    """A source's web address, or "". A bare ``example.org/page`` gets ``https://``; anything that may not
    become a link (``core.urls``: ``javascript:``, ``file:``, ``ftp:``...) is refused."""
    url = (url or "").strip()
    if not url:
        return ""
    if any(ch.isspace() for ch in url):
        raise ValidationError(f"'{url}' is not a web address (it contains spaces).")
    m = _SCHEME.match(url)
    # "example.org:8080/x" has no scheme, just a port; a bare name without a dot is no address at all.
    bare = not m or url[m.end():].split("/")[0].isdigit()
    candidate = "https://" + url if bare and "." in url.split("/")[0] else url
    if link_target(candidate) is None:
        raise ValidationError(f"'{url}' is not a web address; it should start with http:// or https://.")
    return candidate


def _clean_source_fields(values: dict[str, Any]) -> dict[str, Any]:
    return clean_fields(values, {
        "title": lambda v: clean_name(v, "source title", MAX_TITLE_CHARS),
        "kind": clean_kind,
        "url": clean_url,
        "publisher": lambda v: clean_line(v, "publisher", MAX_TITLE_CHARS),
        "published": lambda v: parse_date(v, "publication date"),
        "accessed": lambda v: parse_date(v, "date accessed"),
        "reliability": lambda v: clean_line(v, "reliability", MAX_LINE_CHARS),
        "notes": lambda v: clean_text((v or "").strip(), "notes", MAX_TEXT_CHARS),
    })


def _clean_link_fields(values: dict[str, Any]) -> dict[str, Any]:
    return clean_fields(values, {
        "relation": clean_relation,
        "excerpt": lambda v: clean_text((v or "").strip(), "excerpt", MAX_TEXT_CHARS),
        "locator": lambda v: clean_line(v, "locator", MAX_LINE_CHARS),
        "note": lambda v: clean_text((v or "").strip(), "note", MAX_TEXT_CHARS),
    })


# -- files ---------------------------------------------------------------------------------------------


class _Blob:
    """A file read and checked before any transaction starts (no write lock held during disk I/O)."""

    def __init__(self, data: bytes, name: str, mime: str | None) -> None:
        self.data = data
        self.sha256 = hashlib.sha256(data).hexdigest()
        self.name = name
        self.mime = mime or mimetypes.guess_type(name, strict=False)[0] or "application/octet-stream"


def safe_file_name(name: str) -> str:
    """A name that is safe to create a file under in a chosen folder, on any system.

    Names come from the journalist's files but also from a colleague's project, which anyone can craft:
    ``../../.bashrc``, ``/etc/passwd``, ``C:\\Windows\\x.dll``, ``con.txt``, a NUL or a newline, or a
    right-to-left override that makes ``invoice\u202efdp.exe`` look like ``invoiceexe.pdf``. What is
    left is one path component: no separators of any system, no control or invisible formatting
    characters, none of the characters Windows forbids, no leading dot (a hidden file such as ``.bashrc``),
    no trailing dot or space, not a Windows device name, and at most 255 bytes in UTF-8.
    """
    name = re.split(r"[\\/]", name or "")[-1]
    name = "".join(ch for ch in name if ch.isprintable())
    name = _WINDOWS_FORBIDDEN.sub("_", name).strip().lstrip(".").rstrip(" .")
    if not name:
        name = "attachment"
    if name.split(".")[0].strip().lower() in _WINDOWS_DEVICES:
        name = "_" + name
    if len(name) > MAX_FILE_NAME_CHARS or len(name.encode("utf-8")) > MAX_FILE_NAME_BYTES:
        stem, suffix = os.path.splitext(name)
        if len(suffix) > 16:
            stem, suffix = name, ""
        stem = stem[: MAX_FILE_NAME_CHARS - len(suffix)]
        while len((stem + suffix).encode("utf-8")) > MAX_FILE_NAME_BYTES:
            stem = stem[:-1]
        name = (stem.rstrip(" .") or "attachment") + suffix
    return name


def _too_big(name: str, size: int, limit: int) -> ValidationError:
    return ValidationError(
        f"{name} is {human_size(size)}; attached files can be at most {human_size(limit)} each. "
        "Nothing was attached."
    )


def _read_blob(path: str | Path | None, data: bytes | None, name: str | None, mime: str | None,
               max_bytes: int) -> _Blob:
    if (path is None) == (data is None):
        raise ValidationError("Give either a file to attach or its content, not both or neither.")
    if data is not None:
        shown = safe_file_name(name or "attachment")
        if len(data) > max_bytes:
            raise _too_big(shown, len(data), max_bytes)
        content = bytes(data)
    else:
        path = Path(path)  # type: ignore[arg-type]
        shown = safe_file_name(name or path.name)
        try:
            size = path.stat().st_size
            if path.is_dir():
                raise ValidationError(f"{path.name} is a folder; attach the files inside it one by one.")
            if not path.is_file():
                # A device or pipe (/dev/zero, a FIFO) never ends or blocks forever.
                raise ValidationError(f"{path.name} is a device or pipe, not a file; nothing was attached.")
            # Check the size before reading: a 4 GB video must be refused, not loaded into memory.
            if size > max_bytes:
                raise _too_big(shown, size, max_bytes)
            with path.open("rb") as fh:
                content = fh.read(max_bytes + 1)  # the file may have grown since stat()
        except FileNotFoundError:
            raise ValidationError(f"{path}: no such file; nothing was attached.") from None
        except OSError as exc:
            raise ValidationError(
                f"{path.name} cannot be read ({exc.strerror or exc}); nothing was attached."
            ) from exc
        if len(content) > max_bytes:
            raise _too_big(shown, len(content), max_bytes)
    if not content:
        raise ValidationError(f"{shown} is empty (0 bytes); nothing was attached.")
    return _Blob(content, shown, mime)


def _store_blob(tx: Tx, source_id: str, blob: _Blob) -> str:
    existing = tx.conn.execute(
        "SELECT name FROM source_files WHERE source_id = ? AND sha256 = ?", (source_id, blob.sha256)
    ).fetchone()
    if existing:
        raise ValidationError(f"This source already has that file attached (as {existing[0]}).")
    tx.put_attachment(blob.sha256, blob.data)
    return tx.insert("source_files", {"source_id": source_id, "sha256": blob.sha256, "name": blob.name,
                                      "mime": blob.mime})["id"]


# -- sources -------------------------------------------------------------------------------------------


def add_source(
    project: Project, *, title: str, kind: str = "document", url: str = "", publisher: str = "",
    published: str = "", accessed: str | None = None, reliability: str = "", notes: str = "",
    files: Iterable[str | Path] = (), max_bytes: int = MAX_ATTACHMENT_BYTES, claim_id: str | None = None,
    relation: str = "supports", excerpt: str = "", locator: str = "", link_note: str = "",
) -> Changes:
    """Add a source to the library (``Changes.id``: the new source); ``accessed`` defaults to today.
    Optionally attach ``files`` and link it to ``claim_id`` in the same step, so one undo takes all of it
    back. The files are read before the transaction starts."""
    values = _clean_source_fields({
        "title": title, "kind": kind, "url": url, "publisher": publisher, "published": published,
        "accessed": date.today().isoformat() if accessed is None else accessed,
        "reliability": reliability, "notes": notes,
    })
    blobs = [_read_blob(f, None, None, None, max_bytes) for f in files]
    link = None
    if claim_id is not None:
        link = _clean_link_fields({"relation": relation, "excerpt": excerpt, "locator": locator,
                                   "note": link_note})
    from workbench.ops.verify import read_new_files, store_texts  # on first use: rapidfuzz is not for start-up

    texts = read_new_files(values["kind"], [(b.sha256, b.data, b.name) for b in blobs])  # a bad transcript: refused
    changes = _add_source(project, values=values, blobs=blobs, claim_id=claim_id, link=link)
    store_texts(project, texts)
    return changes


@operation("Add source")
def _add_source(tx: Tx, *, values: dict[str, Any], blobs: list[_Blob], claim_id: str | None,
                link: dict[str, Any] | None) -> str:
    if claim_id is not None:
        require(tx, "claims", claim_id)
    source_id = tx.insert("sources", values)["id"]
    stored: set[str] = set()
    for blob in blobs:
        if blob.sha256 not in stored:  # the same file given twice: attach it once
            _store_blob(tx, source_id, blob)
            stored.add(blob.sha256)
    if link is not None:
        tx.insert("claim_sources", {"claim_id": claim_id, "source_id": source_id, **link})
    return source_id


@operation("Edit source")
def update_source(tx: Tx, *, source_id: str, title: str = UNSET, kind: str = UNSET, url: str = UNSET,
                  publisher: str = UNSET, published: str = UNSET, accessed: str = UNSET, reliability: str = UNSET,
                  notes: str = UNSET) -> str:
    """Edit what is known about a source."""
    values = _clean_source_fields(given(title=title, kind=kind, url=url, publisher=publisher, published=published,
                                        accessed=accessed, reliability=reliability, notes=notes))
    require(tx, "sources", source_id)
    tx.update("sources", source_id, values)
    return source_id


def _backup_before_delete(project: Project, *, source_id: str) -> None:
    used = project.conn.execute(
        "SELECT count(DISTINCT claim_id) FROM claim_sources WHERE source_id = ?", (source_id,)).fetchone()[0]
    backup_if_bulk(project, used, BULK_DELETE_CLAIMS, f"Deleting the source linked to {used} claims")


@operation("Delete source", before=_backup_before_delete)
def delete_source(tx: Tx, *, source_id: str) -> str:
    """Delete a source with its links to claims and its attached files, all undoable together.

    The stored file content stays in the project (see the module notes) so undo can restore the files.
    A source linked to several claims is a bulk delete: a backup is made first, and without it nothing is
    deleted.
    """
    delete_row(tx, "sources", source_id)
    return source_id


def add_article_origin_source(project: Project, *, article_id: str) -> Changes:
    """Make the article itself a source (where the claims were published): a "web page" when it has a
    URL, else a "publication", from its outlet, URL, title and date.

    When a source with the same URL (or, without a URL, the same title and publisher) already exists,
    nothing changes: the returned Changes has no rows, and its ``id`` is that source.
    """
    existing = origin_source_id(project, article_id)
    if existing is not None:
        return Changes("Add article origin as source", id=existing)
    return _add_origin_source(project, article_id=article_id)


@operation("Add article origin as source")
def _add_origin_source(tx: Tx, *, article_id: str) -> str:
    article = require(tx, "articles", article_id)
    try:
        published = parse_date(article["published"], "publication date")
    except ValidationError:
        published = ""  # an importer's odd date string must not stop the journalist here
    url = _origin_url(article["url"])
    return tx.insert("sources", _clean_source_fields({
        "title": (article["title"] or "Untitled article")[:MAX_TITLE_CHARS],
        "kind": "web page" if url else "publication", "url": url, "publisher": article["outlet"],
        "published": published, "accessed": date.today().isoformat(), "reliability": "", "notes": "",
    }))["id"]


def origin_source_id(project: Project, article_id: str) -> str | None:
    """The source that stands for this article's origin, if the library has one."""
    row = project.conn.execute("SELECT title, outlet, url FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"There is no article with id {article_id} in this project.")
    title, outlet, url = row
    title = (title or "Untitled article")[:MAX_TITLE_CHARS]
    return find_source(project, url=_origin_url(url), title=title, publisher=outlet)


def _origin_url(url: str) -> str:
    try:
        return clean_url(url)
    except ValidationError:
        return ""


# -- attached files ------------------------------------------------------------------------------------


def attach_file(project: Project, *, source_id: str, path: str | Path | None = None, data: bytes | None = None,
                name: str | None = None, mime: str | None = None, max_bytes: int = MAX_ATTACHMENT_BYTES) -> Changes:
    """Attach a file (``path``, or ``data`` with a ``name``) to a source, stored inside the project.

    Refused, with nothing changed, when the file is larger than ``max_bytes`` (50 MB by default), empty,
    unreadable, or already attached to this source. The MIME type is guessed from the name when not given.
    The file is read before the transaction starts.
    """
    from workbench.ops.verify import read_new_files, store_texts  # on first use: rapidfuzz is not for start-up

    blob = _read_blob(path, data, name, mime, max_bytes)
    kind = (project.row("sources", source_id) or {}).get("kind", "")
    texts = read_new_files(kind, [(blob.sha256, blob.data, blob.name)])  # a bad transcript: refused
    changes = _attach_blob(project, source_id=source_id, blob=blob)
    store_texts(project, texts)
    return changes


@operation("Attach file")
def _attach_blob(tx: Tx, *, source_id: str, blob: _Blob) -> str:
    require(tx, "sources", source_id)
    return _store_blob(tx, source_id, blob)


@operation("Remove attached file")
def detach_file(tx: Tx, *, file_id: str) -> str:
    """Remove an attached file from its source (undoable: the content stays stored)."""
    delete_row(tx, "source_files", file_id)
    return file_id


def save_attachment(project: Project, *, file_id: str, dest: str | Path) -> Path:
    """Write an attached file's content to ``dest`` (written whole under a temporary name, then renamed,
    so an existing file there is replaced only by a complete copy; never a project file). Changes nothing
    in the project."""
    data = attachment_bytes(project, file_id)
    dest = Path(dest)
    refuse_to_replace_project(dest, "a saved attachment")
    try:
        write_atomically(dest, data, partial_suffix=".saving")
    except OSError as exc:
        raise ValidationError(f"{dest}: cannot be written ({exc.strerror or exc}).") from exc
    return dest


# -- links between claims and sources ------------------------------------------------------------------


@operation("Link source")
def link_source(tx: Tx, *, claim_id: str, source_id: str, relation: str, excerpt: str = "", locator: str = "",
                note: str = "") -> str:
    """Link a claim to a source that supports it, refutes it, or gives context, with the passage
    (``excerpt``) and where it is (``locator``: page, timestamp, paragraph). A claim may cite one source
    several times (different pages); an identical link twice is refused."""
    values = _clean_link_fields({"relation": relation, "excerpt": excerpt, "locator": locator, "note": note})
    require(tx, "claims", claim_id)
    require(tx, "sources", source_id)
    _refuse_duplicate_link(tx, claim_id, source_id, values, None)
    return tx.insert("claim_sources", {"claim_id": claim_id, "source_id": source_id, **values})["id"]


@operation("Edit source link")
def update_link(tx: Tx, *, link_id: str, relation: str = UNSET, excerpt: str = UNSET, locator: str = UNSET,
                note: str = UNSET) -> str:
    """Change how a linked source relates to its claim, or the excerpt, locator or note."""
    values = _clean_link_fields(given(relation=relation, excerpt=excerpt, locator=locator, note=note))
    row = require(tx, "claim_sources", link_id)
    _refuse_duplicate_link(tx, row["claim_id"], row["source_id"], {**row, **values}, link_id)
    tx.update("claim_sources", link_id, values)
    return link_id


@operation("Remove source link")
def delete_link(tx: Tx, *, link_id: str) -> str:
    """Remove a link between a claim and a source (the source stays in the library)."""
    delete_row(tx, "claim_sources", link_id)
    return link_id


def _refuse_duplicate_link(tx: Tx, claim_id: str, source_id: str, values: dict[str, Any],
                           link_id: str | None) -> None:
    row = tx.conn.execute(
        "SELECT id FROM claim_sources WHERE claim_id = ? AND source_id = ? AND relation = ? AND excerpt = ? "
        "AND locator = ? AND id != ?",
        (claim_id, source_id, values["relation"], values["excerpt"], values["locator"], link_id or ""),
    ).fetchone()
    if row:
        raise ValidationError("This claim is already linked to that source with the same relation, excerpt "
                              "and locator.")
