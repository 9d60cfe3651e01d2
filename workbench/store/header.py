"""What a file is, read from its first 100 bytes without SQLite: a project of ours (and of which format),
another program's database, or no database at all. Nothing here can change a file.

Also the one guard every writer of a file the journalist names goes through (exports, saved attachments):
a project file is never replaced by anything but a project.
"""

from __future__ import annotations

import os
import stat
import struct
from pathlib import Path

from workbench.core.errors import (
    DamagedProjectError,
    PassphraseRequired,
    ProjectFileError,
    ValidationError,
    WorkbenchError,
    reading_file,
)
from workbench.store import schema

SUFFIX = ".fcproj"
SQLITE_MAGIC = b"SQLite format 3\x00"


def in_wal_mode(path: Path) -> bool:
    """Whether another program switched the (plain) project at ``path`` to write-ahead logging (file format
    version bytes 18-19 are 2). The app writes with a rollback journal; a file in WAL mode is switched back
    when it is opened for editing, and read as it is otherwise."""
    try:
        with path.open("rb") as fh:
            header = fh.read(20)
    except OSError:
        return False
    return header.startswith(SQLITE_MAGIC) and header[18:20] == b"\x02\x02"


def first_page(path: Path, error: type[WorkbenchError], folder: str) -> tuple[int, bytes]:
    """The size of the file ``path`` and its first 100 bytes (a database's header); ``error`` when it cannot be
    read (``reading_file``; ``folder`` says what a folder should have been)."""
    with reading_file(path.name, error, folder):
        size = path.stat().st_size
        with path.open("rb") as fh:
            return size, fh.read(100)


def read_header(path: Path) -> tuple[int, int]:
    """Check ``path`` looks like a complete project file; return ``(application_id, user_version)``.

    Raises ProjectFileError (DamagedProjectError for a cut-short file) with a message for the journalist
    otherwise.
    """
    name = path.name
    size, header = first_page(path, ProjectFileError, "is a folder, not a project file.")
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        # An encrypted project has no readable header (store.cipher; importing it loads no cipher library).
        from workbench.store import cipher

        if cipher.file_kind(path) == "encrypted":
            raise PassphraseRequired(f"{name}: is encrypted; give its passphrase to open it. The file was not "
                                     "changed.", path=path, salt=header[:cipher.SALT_SIZE])
        raise ProjectFileError(f"{name}: is not a Fact-Check Workbench project (it is not a database file).")
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    change_counter, page_count = struct.unpack(">II", header[24:32])
    valid_for = struct.unpack(">I", header[92:96])[0]
    user_version, app_id = struct.unpack(">iI", header[60:64] + header[68:72])
    check_identity(name, app_id, user_version)
    # The in-header page count is trustworthy only when "version-valid-for" matches the change counter.
    # A non-empty rollback journal beside the file means a commit was cut short (crash, power cut): the
    # header may already count pages that were never written, and SQLite restores the file from the
    # journal when it opens it, so such a file must not be refused here.
    journal = path.with_name(path.name + "-journal")
    interrupted = journal.exists() and journal.stat().st_size > 0
    if valid_for == change_counter and page_count and size < page_count * page_size and not interrupted:
        raise DamagedProjectError(
            f"{name}: is incomplete ({size:,} of {page_count * page_size:,} bytes), perhaps an interrupted "
            "copy or download. Copy it again from the original; the file was not changed.", path=path
        )
    return app_id, user_version


def check_identity(name: str, app_id: int, user_version: int) -> None:
    """Refuse another program's database or a newer format (ProjectFileError). For a plain file both come
    from its header; for an encrypted one, from a keyed read-only connection (``store.opening``)."""
    if app_id != schema.APPLICATION_ID:
        raise ProjectFileError(
            f"{name}: is a database made by another program, not a Fact-Check Workbench project."
        )
    if user_version > schema.SCHEMA_VERSION:
        raise ProjectFileError(
            f"{name}: was saved by a newer version of Fact-Check Workbench (file format {user_version}; "
            f"this version reads up to {schema.SCHEMA_VERSION}). Update the app to open it; the file was not "
            "changed."
        )


def format_version(path: Path) -> int:
    """The file format (``user_version``) of a project whose header may be cut short, for salvage: like
    ``read_header`` (another program's file or a newer format is refused), except that an incomplete file
    is accepted, since its first pages may still hold work."""
    try:
        return read_header(path)[1]
    except DamagedProjectError:
        with path.open("rb") as fh:
            header = fh.read(100)
        return struct.unpack(">i", header[60:64])[0]  # read_header checked the magic and application id


def refuse_to_replace_project(path: Path, what: str) -> None:
    """Raise ValidationError when ``path`` holds a project or any database: ``what`` ("an export", "a
    saved attachment") never replaces one. Such a file is most likely the project itself, picked by mistake
    in a save dialog or typed on the command line, and replacing it would throw away the journalist's work.
    """
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return  # a device or pipe is written into, never replaced (core.atomic); reading a pipe would block
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError:
        return  # does not exist (or cannot be read, which the write will report)
    if head == SQLITE_MAGIC or path.suffix.lower() == SUFFIX:
        raise ValidationError(f"{path.name}: is a project or database file; {what} never replaces one. "
                              "Choose another file name.")
