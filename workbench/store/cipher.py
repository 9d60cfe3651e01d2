"""Encrypted project files: recognise one without its key, check a passphrase without writing a byte, open
connections with the derived key, change the passphrase, and write encrypted or plain copies.

The format is SQLCipher 4 (the ``sqlcipher3`` package: the standard library's ``sqlite3`` module built
against SQLite with SQLCipher, so a connection has exactly the ``sqlite3`` API). Every page of the file and
of its rollback journal is AES-256-CBC encrypted with an HMAC-SHA512 per page; the file has no readable
header: its first 16 bytes are the random salt, the rest is indistinguishable from noise. Why SQLCipher,
what was measured and how the store uses this module: ``docs/encryption.md``.

The key is derived here, once per passphrase entry: PBKDF2-HMAC-SHA512 over the passphrase with the
file's salt, ``KDF_ITERATIONS`` rounds (SQLCipher 4's own derivation, so any SQLCipher 4 tool opens the
file with the passphrase). SQLCipher is then given the derived key as a raw key, so the second, third...
connection to the same file (checks, the editing connection, a backup worker) costs no second derivation.
Nothing of the key or the passphrase is ever written anywhere; ``CipherKey`` hides the key from ``repr``.

A passphrase is checked *before* SQLite touches the file (``unlock``): the HMAC of the page that holds the
salt is verified in Python. This matters: a writable SQLite connection given a wrong key still plays back a
rollback journal left by a crash (it copies raw pages), changing the file before it finds the key is wrong.

This module imports ``sqlcipher3`` only inside its functions: a window showing plain projects never loads it.
"""

from __future__ import annotations

import contextlib
import os
import struct
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from workbench.core.errors import DamagedProjectError, ProjectFileError, ValidationError

if TYPE_CHECKING:
    from sqlcipher3 import dbapi2

# SQLCipher 4's defaults, written out so that a later library with other defaults still reads our files.
KDF_ITERATIONS = 256_000
PAGE_SIZE = 4096
SALT_SIZE = 16
KEY_SIZE = 32
_HMAC_SIZE = 64
_HMAC_SALT_MASK = 0x3A  # the HMAC key is derived from the encryption key with the salt XOR this byte...
_HMAC_KDF_ITERATIONS = 2  # ...in this many rounds
MIN_PASSPHRASE = 8
# SQLite's page cache holds pages decrypted: with its default 2 MB, search and reports decrypt the same
# pages again and again (1.2-1.7x the plain time on the benchmark projects); with 64 MB, 0.9-1.07x.
CACHE_SIZE_KIB = 64 * 1024
# SQLite's rollback journal: its magic, and where the page records start (one "sector" of header).
_JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")
_SQLITE_MAGIC = b"SQLite format 3\x00"
_SQLITE_NOTADB = 26
# Files that look random past their first bytes (archives, office files, PDFs, images with compressed
# data) but start with a signature. Only signatures of 4 bytes or more: a random salt starts with one of
# these about once in 300 million files, so an encrypted project is never mistaken for one in practice.
_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08", b"%PDF", b"\xd0\xcf\x11\xe0", b"\x89PNG",
               b"7z\xbc\xaf", b"Rar!", b"\xfd7zX", b"GIF8", b"\x7fELF", b"\xca\xfe\xba\xbe", b"RIFF", b"OggS",
               b"fLaC", b"\x1aE\xdf\xa3")

FileKind = Literal["plain", "encrypted", "other"]


class PassphraseError(ProjectFileError):
    """The passphrase does not open the file (or none was given). The file was not changed."""


class EncryptionUnavailable(ProjectFileError):
    """The SQLCipher library is missing from this installation."""


@dataclass(frozen=True, slots=True, repr=False)
class CipherKey:
    """The key of one encrypted file: 32 bytes derived from the passphrase and the file's 16-byte salt.

    Held in memory while the project is open (every new connection needs it); never written anywhere.
    """

    key: bytes
    salt: bytes

    def __repr__(self) -> str:
        return f"CipherKey(salt={self.salt.hex()}, key=<hidden>)"

    @property
    def sql(self) -> str:
        """The raw-key literal SQLCipher takes in ``PRAGMA key``/``rekey`` and ``ATTACH ... KEY``: key and
        salt, so a new file gets exactly this salt and no derivation runs inside SQLCipher."""
        return f"\"x'{self.key.hex()}{self.salt.hex()}'\""


# -- keys ----------------------------------------------------------------------------------------------


def derive_key(passphrase: str, salt: bytes) -> CipherKey:
    """SQLCipher 4's key for ``passphrase`` and ``salt`` (~0.1 s: deliberately slow, to make guessing slow)."""
    if len(salt) != SALT_SIZE:
        raise ValueError("a salt is 16 bytes")
    import hashlib  # here: loading OpenSSL would cost every start-up (plain projects too) a few ms

    # hashlib releases the GIL while deriving: a window can run this in a worker and stay responsive.
    key = hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, KDF_ITERATIONS, KEY_SIZE)
    return CipherKey(key, salt)


def new_key(passphrase: str) -> CipherKey:
    """A key with a fresh random salt, for a new encrypted file (or a new passphrase). Refuses a passphrase
    too short to resist guessing."""
    check_new_passphrase(passphrase)
    return derive_key(passphrase, os.urandom(SALT_SIZE))


def check_new_passphrase(passphrase: str) -> None:
    """Raise ValidationError (a message for the journalist) unless ``passphrase`` may protect a project."""
    if not passphrase or not passphrase.strip():
        raise ValidationError("Choose a passphrase: it cannot be empty.")
    if len(passphrase) < MIN_PASSPHRASE:
        raise ValidationError(
            f"Choose a longer passphrase (at least {MIN_PASSPHRASE} characters; several unrelated words are "
            "easier to remember and harder to guess).")


# -- recognising a file without its key ----------------------------------------------------------------


def file_kind(path: Path) -> FileKind:
    """What ``path`` looks like, from its first page only (nothing is written, no key needed).

    ``plain``: an unencrypted SQLite file (the store's header checks apply). ``encrypted``: no SQLite
    header, at least one whole page, and a first page that looks like noise (an encrypted page does; text,
    documents and archives do not). ``other``: anything else. Only a successful ``unlock`` proves a file
    ``encrypted`` is one of ours.
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(PAGE_SIZE)
    except OSError:
        return "other"
    if head.startswith(_SQLITE_MAGIC):
        return "plain"
    if size < PAGE_SIZE or head.startswith(_SIGNATURES) or not _looks_random(head):
        return "other"
    return "encrypted"


def _looks_random(block: bytes) -> bool:
    # 4096 random bytes show all 256 byte values with overwhelming likelihood (the chance that more than 16
    # are missing is below 1e-12); text, office files and zips leave many values out or start with a magic.
    return len(set(block)) >= 240


def looks_encrypted(path: Path) -> bool:
    """True when ``path`` may be an encrypted project (see ``file_kind``): ask for its passphrase."""
    return file_kind(path) == "encrypted"


# -- checking a passphrase without touching the file ---------------------------------------------------


def unlock(path: Path, passphrase: str | None) -> CipherKey:
    """The key of the encrypted file ``path`` if ``passphrase`` opens it; PassphraseError otherwise.

    Reads bytes only. When a rollback journal from an interrupted change lies beside the file, the page it
    saved decides (that is the page SQLite will put back); otherwise the file's first page. Raises
    ``integrity.DamagedProjectError`` when the first page is damaged but the passphrase opens the next one.
    """
    name = path.name
    if not passphrase:
        raise PassphraseError(f"{name}: is encrypted; give its passphrase to open it. The file was not changed.")
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            first = fh.read(PAGE_SIZE)
            second = fh.read(PAGE_SIZE)
    except OSError as exc:
        raise ProjectFileError(f"{name}: cannot be read ({exc.strerror or exc}).") from exc
    saved = _journal_page_one(path)
    page = saved if saved is not None else first
    if len(page) < PAGE_SIZE:
        raise ProjectFileError(f"{name}: is not a Fact-Check Workbench project (too short). The file was not changed.")
    # A right passphrase is followed by a connection, whose driver (sqlcipher3: its shared library and OpenSSL,
    # ~5 ms) loads in the time the key derivation leaves the interpreter free (hashlib releases the GIL).
    loading = threading.Thread(target=_load_driver, name="load sqlcipher3", daemon=True)
    loading.start()
    key = derive_key(passphrase, page[:SALT_SIZE])
    loading.join()
    if _page_ok(page, 1, key):
        if size % PAGE_SIZE:
            raise DamagedProjectError(
                f"{name}: is incomplete ({size:,} bytes, not a whole number of pages), perhaps an interrupted "
                "copy or download. Copy it again from the original; the file was not changed.", path=path)
        return key
    if saved is None and len(second) == PAGE_SIZE and _page_ok(second, 2, key):
        raise DamagedProjectError(
            f"{name}: the passphrase is right but the file is damaged at its start; restore it from a "
            "backup. The file was not changed.", path=path)
    raise PassphraseError(
        f"{name}: the passphrase is wrong, or the file is not a project encrypted by Fact-Check Workbench "
        "(another program's, or a newer version's). The file was not changed.")


def key_opens(path: Path, key: CipherKey) -> bool:
    """Whether the key of an open project also opens ``path`` (reads bytes only): true for its backups,
    "Save a copy" and default shares (same passphrase and salt), and a colleague's edited copy of those,
    so merging one back needs no passphrase prompt."""
    page = _journal_page_one(path)
    if page is None:
        try:
            with path.open("rb") as fh:
                page = fh.read(PAGE_SIZE)
        except OSError:
            return False
    return len(page) == PAGE_SIZE and page[:SALT_SIZE] == key.salt and _page_ok(page, 1, key)


def _page_ok(page: bytes, pgno: int, key: CipherKey) -> bool:
    """Whether ``page`` (number ``pgno``) carries a valid HMAC under ``key``: SQLCipher 4's own check.

    Layout: [salt (page 1 only)] ciphertext, IV (16), HMAC-SHA512 (64) over ciphertext + IV + the page
    number (4 bytes, little-endian), keyed by PBKDF2(key, salt XOR 0x3a, 2 rounds).
    """
    import hashlib
    import hmac

    mac_key = hashlib.pbkdf2_hmac("sha512", key.key, bytes(b ^ _HMAC_SALT_MASK for b in key.salt),
                                  _HMAC_KDF_ITERATIONS, KEY_SIZE)
    start = SALT_SIZE if pgno == 1 else 0
    end = PAGE_SIZE - _HMAC_SIZE
    mac = hmac.new(mac_key, page[start:end] + struct.pack("<I", pgno), hashlib.sha512).digest()
    return hmac.compare_digest(mac, page[end:PAGE_SIZE])


def _journal_page_one(path: Path) -> bytes | None:
    """Page 1 as SQLite would put it back from the rollback journal beside ``path``, or None (no journal,
    or page 1 not saved in it: then the file's own page 1 is the one that counts).

    Journal layout (sqlite.org/fileformat.html#the_rollback_journal, pager.c): one or more segments, each
    a header padded to the sector size (magic, record count, checksum nonce, original size, sector size,
    page size) followed by that many records (page number, page, checksum); the next segment starts at
    the next sector boundary. SQLite stops playing back at a record whose checksum is wrong, and so does
    this. An encrypted file's journal holds its pages encrypted, exactly as they were in the file.
    """
    journal = path.with_name(path.name + "-journal")
    record = PAGE_SIZE + 8
    try:
        with journal.open("rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            header = fh.read(28)
            if len(header) < 28 or not header.startswith(_JOURNAL_MAGIC):
                return None
            sector, page_size = struct.unpack(">II", header[20:28])
            if page_size != PAGE_SIZE or not 512 <= sector <= 65536 or sector & (sector - 1):
                return None
            offset = 0
            while offset + 28 <= size:
                fh.seek(offset)
                header = fh.read(28)
                if not header.startswith(_JOURNAL_MAGIC):
                    return None
                count, nonce = struct.unpack(">II", header[8:16])
                pos = offset + sector
                if count == 0xFFFFFFFF:  # written without syncing: every whole record to the end
                    count = (size - pos) // record
                if count == 0:
                    return None
                for _ in range(count):
                    fh.seek(pos)
                    rec = fh.read(record)
                    if len(rec) < record:
                        return None
                    number = struct.unpack(">I", rec[:4])[0]
                    page = rec[4:4 + PAGE_SIZE]
                    if number == 0 or struct.unpack(">I", rec[-4:])[0] != _journal_checksum(page, nonce):
                        return None
                    if number == 1:
                        return page
                    pos += record
                offset = ((pos - 1) // sector + 1) * sector
    except OSError:
        return None
    return None


def _journal_checksum(page: bytes, nonce: int) -> int:
    # pager.c, pager_cksum: the nonce plus every 200th byte counted back from the end of the page.
    total = nonce
    i = len(page) - 200
    while i > 0:
        total += page[i]
        i -= 200
    return total & 0xFFFFFFFF


# -- connections ---------------------------------------------------------------------------------------


def driver() -> Any:
    """The ``sqlcipher3.dbapi2`` module (imported on first use), or EncryptionUnavailable."""
    try:
        from sqlcipher3 import dbapi2
    except ImportError as exc:  # a broken or partial installation: say what is missing, never a traceback
        raise EncryptionUnavailable(
            "Encrypted projects need the sqlcipher3 package, which is missing from this installation; "
            "reinstall Fact-Check Workbench.") from exc
    return dbapi2


def _load_driver() -> None:
    """Import the driver ahead of ``connect`` (which reports a missing one in words)."""
    with contextlib.suppress(EncryptionUnavailable):
        driver()


def connect(path: Path, key: CipherKey, *, mode: Literal["rw", "ro", "immutable", "create"] = "rw",
            timeout: float = 5.0, any_thread: bool = False) -> dbapi2.Connection:
    """A ``sqlite3``-compatible connection to the encrypted file ``path``, keyed and proven to open.

    ``mode``: ``rw`` an existing file; ``ro`` read-only; ``immutable`` read-only, the file exactly as it is
    on disk, ignoring a journal beside it (salvage); ``create`` a new file (refused if it exists), which
    takes ``key``'s salt. ``any_thread``: usable from a worker thread (one at a time), as with the store's
    ``connect``. Autocommit (``isolation_level=None``), like the store's plain connections, with a page
    cache of ``CACHE_SIZE_KIB``; the store applies its own journal, synchronous, foreign-key and schema
    settings on top. Call ``unlock`` first on a file that may have a journal beside it: a wrong key here
    could roll that journal back.
    """
    db = driver()
    if mode == "create" and path.exists():
        raise ProjectFileError(f"{path.name}: a file of that name already exists; choose another name.")
    uri = path.resolve().as_uri() + {"rw": "?mode=rw", "ro": "?mode=ro", "immutable": "?mode=ro&immutable=1",
                                     "create": "?mode=rwc"}[mode]
    try:
        conn = db.connect(uri, uri=True, isolation_level=None, timeout=timeout, check_same_thread=not any_thread)
    except db.Error as exc:
        raise ProjectFileError(f"{path.name}: cannot be opened ({exc}).") from exc
    try:
        _key(conn, key)
        # The first read decrypts page 1: a wrong key fails here (SQLITE_NOTADB).
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.execute(f"PRAGMA cache_size = -{CACHE_SIZE_KIB}")
    except db.DatabaseError as exc:
        conn.close()
        if getattr(exc, "sqlite_errorcode", 0) & 0xFF == _SQLITE_NOTADB:
            raise PassphraseError(
                f"{path.name}: the passphrase is wrong, or the file is not a project encrypted by Fact-Check "
                "Workbench.") from exc
        raise
    except BaseException:
        conn.close()
        raise
    return conn


_prepared = False


def _prepare(conn: Any) -> None:
    """Process-wide SQLCipher settings, made once (they are global in SQLCipher, and each costs a statement
    on every connection otherwise)."""
    global _prepared
    if _prepared:
        return
    # SQLCipher logs decryption failures to stderr by default; a wrong passphrase is an answer, not noise.
    conn.execute("PRAGMA cipher_log_level = NONE")
    # Pin the format (SQLCipher 4: page size, HMAC, KDF) for every connection and attached file, rather
    # than trust the defaults of whatever SQLCipher version is installed.
    conn.execute("PRAGMA cipher_default_compatibility = 4")
    _prepared = True


def _key(conn: Any, key: CipherKey) -> None:
    _prepare(conn)
    conn.execute(f"PRAGMA key = {key.sql}")


def change_passphrase(conn: dbapi2.Connection, current: CipherKey, new_passphrase: str) -> CipherKey:
    """Re-encrypt the file behind ``conn`` (its only open connection, keyed with ``current``) under
    ``new_passphrase``; returns the new key, for the connections opened after this one.

    One journaled transaction rewriting every page (~0.75 s for 80 MB): a process killed meanwhile leaves
    the old passphrase working once SQLite plays the journal back. The salt is kept on purpose: SQLCipher
    journals page 1 with the *new* salt in its first bytes but encrypted under the *old* key, so a
    salt-changing rekey cut short rolls back to a file no passphrase opens (measured: docs/encryption.md).
    The caller makes a backup first.
    """
    check_new_passphrase(new_passphrase)
    if conn.in_transaction:
        raise RuntimeError("change_passphrase needs a connection outside any transaction")
    new = derive_key(new_passphrase, current.salt)
    conn.execute(f"PRAGMA rekey = {new.sql}")
    return new


# -- copies --------------------------------------------------------------------------------------------


def write_copy(source: Path, source_key: CipherKey | None, dest: Path, dest_key: CipherKey | None) -> None:
    """Write a complete copy of the project file ``source`` to the new file ``dest``: encrypted under
    ``dest_key``, or plain when it is None. ``source_key`` None means ``source`` is a plain file.

    Encrypt a copy, decrypt a copy, share under a new passphrase: one consistent snapshot of ``source``
    (one read transaction; safe while the window edits it), which is opened read-only and never written.
    ``dest`` must not exist, and is removed again if the copy fails: build it under a temporary name and
    rename it into place (the store's one safe writer does both). Uses SQLCipher's ``sqlcipher_export``,
    which cannot carry the file's identity (``application_id``, ``user_version``): those are copied after
    it, in the same transaction.
    """
    db = driver()
    if dest.exists():
        raise ProjectFileError(f"{dest.name}: a file of that name already exists; choose another name.")
    source_uri = source.resolve().as_uri() + "?mode=ro"
    conn = db.connect(dest.resolve().as_uri() + "?mode=rwc", uri=True, isolation_level=None, timeout=5.0)
    try:
        if dest_key is not None:
            _key(conn, dest_key)
        else:
            _prepare(conn)
        # KEY '' attaches a plain file; a raw key, an encrypted one.
        attach_key = source_key.sql if source_key is not None else "''"
        conn.execute(f"ATTACH DATABASE ? AS source KEY {attach_key}", (source_uri,))
        conn.execute("BEGIN")
        try:
            conn.execute("SELECT sqlcipher_export('main', 'source')")
            for pragma in ("application_id", "user_version"):
                value = int(conn.execute(f"PRAGMA source.{pragma}").fetchone()[0])
                conn.execute(f"PRAGMA main.{pragma} = {value}")
            conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(db.Error):
                conn.execute("ROLLBACK")
            raise
        conn.execute("DETACH DATABASE source")
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.close()
        _fsync(dest)
    except BaseException as exc:
        conn.close()
        # Nothing half-made stays behind under the name asked for (the source is never touched).
        for leftover in (dest, dest.with_name(dest.name + "-journal")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
        if isinstance(exc, db.DatabaseError) and (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF == _SQLITE_NOTADB:
            raise PassphraseError(f"{source.name}: cannot be read with this passphrase.") from exc
        raise


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
