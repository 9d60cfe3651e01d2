"""Encrypted project files (``store.cipher``): nothing readable in the file or its journal, even after a kill
mid-write; a wrong passphrase refused with the file byte-for-byte unchanged; search, the store's own code,
passphrase changes and encrypted/plain copies working on the real sample story.

These test the foundation (the module the store will open encrypted projects with); the store opens them
through ``Project.open`` once it is wired in (docs/encryption.md, "Integration").
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import subprocess
import sys
import textwrap
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.ciphertext import readable, sample_words
from tests.support.cli import sha256
from workbench.core.errors import DamagedProjectError, ValidationError
from workbench.core.paths import resource_path
from workbench.export import ExportOptions
from workbench.export.markdown_report import export_markdown
from workbench.ops.claims import add_claim, update_claim
from workbench.ops.sample import SAMPLE_ARTICLE, SAMPLE_CLAIMS, create_sample_project
from workbench.store import Project, cipher, dberrors
from workbench.store.opening import OpenedFile
from workbench.store.schema import APPLICATION_ID, SCHEMA_VERSION
from workbench.store.schema_guard import schema_differences
from workbench.store.search import search

PASSPHRASE = "lighthouse orchard 1987"
SECRET_NOTE = "Confirmed off the record by Olena Kovalenko at the Kharkiv prosecutor's office"


SECRET_WORDS = ["Kovalenko", "prosecutor"]  # from SECRET_NOTE, written by the tests


def journal_of(path: Path) -> Path:
    return path.with_name(path.name + "-journal")


@pytest.fixture
def plain_sample(tmp_path: Path) -> Path:
    path = tmp_path / "sample.fcproj"
    create_sample_project(path, author="Ana Silva").close()
    return path


@pytest.fixture
def encrypted(tmp_path: Path, plain_sample: Path) -> tuple[Path, cipher.CipherKey]:
    """The sample story, encrypted under PASSPHRASE (made the way "Encrypt a copy" makes it)."""
    path = tmp_path / "encrypted.fcproj"
    key = cipher.new_key(PASSPHRASE)
    cipher.write_copy(plain_sample, None, path, key)
    return path, key


def open_project(path: Path, key: cipher.CipherKey) -> Project:
    """The store's Project over an encrypted connection, set up as the store sets up its plain ones."""
    conn = cipher.connect(path, key)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    return Project(OpenedFile(path, conn, read_only=False), author="Ana Silva")


def table_contents(conn: object) -> dict[str, list[tuple]]:
    tables = [r[0] for r in conn.execute(  # type: ignore[attr-defined]
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name")]
    return {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall() for t in tables}  # type: ignore[attr-defined]


# -- a child that is killed in the middle of a change --------------------------------------------------

_KILLED_WRITER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from workbench.ops.claims import add_claim
    from workbench.store import Project, cipher
    from workbench.store.opening import OpenedFile
    path = Path(sys.argv[1])
    if sys.argv[2] == "plain":
        project = Project.open(path, author="Ana Silva")
    else:
        key = cipher.unlock(path, sys.stdin.readline().rstrip("\\n"))
        conn = cipher.connect(path, key)
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        project = Project(OpenedFile(path, conn, read_only=False), author="Ana Silva")
    # A small page cache makes SQLite write changed pages to the file (and their old content to the
    # journal) long before the commit, as it does with a big change to a big project.
    project.conn.execute("PRAGMA cache_size=20")
    article_id, text = project.conn.execute("SELECT id, text FROM articles").fetchone()
    with project.transaction("Mark many") as tx:
        for (claim_id,) in project.conn.execute("SELECT id FROM claims").fetchall():
            tx.update("claims", claim_id, {"private_note": sys.argv[3]})
        for i in range(600):
            start = (i * 13) % (len(text) - 60)
            add_claim.in_tx(tx, article_id=article_id, start=start, end=start + 50, note=sys.argv[3],
                            speaker="Olena Kovalenko")
        print("ready", flush=True)
        time.sleep(120)
""")


def kill_mid_write(path: Path, passphrase: str | None) -> None:
    """Run a big change on ``path`` in a child process and SIGKILL it before it commits."""
    child = subprocess.Popen(
        [sys.executable, "-c", _KILLED_WRITER, str(path), "plain" if passphrase is None else "encrypted",
         SECRET_NOTE],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=os.environ.copy())
    try:
        assert child.stdin is not None and child.stdout is not None
        child.stdin.write((passphrase or "") + "\n")  # never on the command line
        child.stdin.flush()
        assert child.stdout.readline().strip() == "ready"
    finally:
        child.kill()
        child.wait(30)
    assert journal_of(path).stat().st_size > 0, "the kill must leave a rollback journal"


# -- the tests -----------------------------------------------------------------------------------------


def test_nothing_of_the_story_is_readable_in_an_encrypted_file_or_its_journal_after_a_kill(
        plain_sample: Path, encrypted: tuple[Path, cipher.CipherKey]) -> None:
    words = sample_words()
    path, _key = encrypted
    assert readable(plain_sample, words) == words  # the grep finds every word where they are in plain text
    assert readable(path, words) == []

    kill_mid_write(plain_sample, None)  # the control: a plain project gives the unsaved words away
    assert readable(journal_of(plain_sample), words)
    assert readable(plain_sample, SECRET_WORDS) == SECRET_WORDS
    kill_mid_write(path, PASSPHRASE)
    assert readable(path, words + SECRET_WORDS) == []
    assert readable(journal_of(path), words + SECRET_WORDS) == []

    # The passphrase still opens it; the interrupted change is rolled back and the story is intact.
    key = cipher.unlock(path, PASSPHRASE)
    with open_project(path, key) as project:
        assert not journal_of(path).exists()
        assert project.check() == []
        quotes = [r[0] for r in project.conn.execute("SELECT exact FROM claims ORDER BY start")]
        assert sorted(quotes) == sorted(c["quote"] for c in SAMPLE_CLAIMS)
        assert project.conn.execute("SELECT count(*) FROM claims WHERE private_note != ''").fetchone()[0] == 0
    assert readable(path, words + SECRET_WORDS) == []


@pytest.mark.parametrize("journal", [False, True], ids=["closed-file", "with-journal-of-a-crash"])
@pytest.mark.parametrize("passphrase", ["wrong passphrase", "", None], ids=["wrong", "empty", "none"])
def test_a_wrong_or_missing_passphrase_is_refused_and_changes_no_byte(
        encrypted: tuple[Path, cipher.CipherKey], journal: bool, passphrase: str | None) -> None:
    path, _key = encrypted
    if journal:
        kill_mid_write(path, PASSPHRASE)

    def state() -> tuple:
        files = sorted(path.parent.iterdir())
        return tuple((f.name, sha256(f), f.stat().st_mtime_ns) for f in files if f.is_file())

    before = state()
    with pytest.raises(cipher.PassphraseError) as refused:
        cipher.unlock(path, passphrase)
    message = str(refused.value)
    assert path.name in message and "not changed" in message
    assert ("passphrase is wrong" if passphrase else "give its passphrase") in message
    assert state() == before


def test_connect_refuses_a_wrong_key_with_a_clear_error(encrypted: tuple[Path, cipher.CipherKey]) -> None:
    path, key = encrypted
    wrong = cipher.derive_key("wrong passphrase", key.salt)
    before = sha256(path)
    with pytest.raises(cipher.PassphraseError, match="passphrase is wrong"):
        cipher.connect(path, wrong, mode="ro")
    assert sha256(path) == before


def test_the_store_code_runs_unchanged_on_an_encrypted_project(encrypted: tuple[Path, cipher.CipherKey]) -> None:
    """sqlcipher3 has the sqlite3 API: marking, editing, search (accents folded), checks and reports work."""
    path, key = encrypted
    with open_project(path, key) as project:
        article_id = project.conn.execute("SELECT id FROM articles").fetchone()[0]
        claim_id = add_claim(project, article_id=article_id, quote="Vladimir Zelensky", speaker="Olena Kovalenko",
                             note="São Paulo desk").created("claims")[0]
        update_claim(project, claim_id=claim_id, private_note=SECRET_NOTE)
        assert project.check() == []
        hits = search(project, "sao paulo")  # "São" folded by unicode61 remove_diacritics 2
        assert [h.claim_id for h in hits if h.kind == "claim"] == [claim_id]
        assert any(h.kind == "article" for h in search(project, "rutte"))
        report = export_markdown(project, ExportOptions(private_notes=True))
        assert SAMPLE_CLAIMS[0]["quote"] in report and SECRET_NOTE in report
    assert readable(path, [*SECRET_WORDS, "Paulo"]) == []
    key = cipher.unlock(path, PASSPHRASE)
    with open_project(path, key) as project:
        assert project.conn.execute("SELECT private_note FROM claims WHERE id = ?", (claim_id,)).fetchone() == (
            SECRET_NOTE,)


def test_changing_the_passphrase_keeps_the_work_and_retires_the_old_one(
        encrypted: tuple[Path, cipher.CipherKey]) -> None:
    path, key = encrypted
    with open_project(path, key) as project:
        before = table_contents(project.conn)
        new = cipher.change_passphrase(project.conn, key, "a different passphrase, longer")
        # The connection goes on working under the new key.
        assert search(project, "Rutte")
    with pytest.raises(ValidationError):
        cipher.change_passphrase(cipher.connect(path, new), new, "short")
    with pytest.raises(cipher.PassphraseError):
        cipher.unlock(path, PASSPHRASE)
    key = cipher.unlock(path, "a different passphrase, longer")
    assert key == new
    with open_project(path, key) as project:
        assert table_contents(project.conn) == before
        assert project.check() == []
    assert readable(path, sample_words()) == []


_KILLED_REKEY = textwrap.dedent("""
    import sys
    from pathlib import Path
    from workbench.store import cipher
    path = Path(sys.argv[1])
    old, new = sys.stdin.read().split("\\n")[:2]
    key = cipher.unlock(path, old)
    conn = cipher.connect(path, key)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("PRAGMA synchronous=FULL")
    print("go", flush=True)
    cipher.change_passphrase(conn, key, new)
    print("done", flush=True)
""")


@pytest.mark.slow  # (seconds: see the slow marker in pyproject.toml)
def test_a_passphrase_change_cut_short_leaves_the_old_passphrase_working(
        tmp_path: Path, plain_sample: Path) -> None:
    """SIGKILL at several moments of a passphrase change: each time exactly one passphrase opens the whole
    project (the old one while the change's journal is there, the new one once it finished)."""
    with Project.open(plain_sample) as project, project.transaction("Attach") as tx:
        # ~24 MB of attached files, so re-encrypting takes long enough to be interrupted.
        for _ in range(6):
            data = os.urandom(4 * 1024 * 1024)
            tx.put_attachment(hashlib.sha256(data).hexdigest(), data)
    base = tmp_path / "base.fcproj"
    cipher.write_copy(plain_sample, None, base, cipher.new_key(PASSPHRASE))
    with Project.open(plain_sample, read_only=True) as original:
        expected = table_contents(original.conn)
    new_passphrase = "the new passphrase for Kyiv"
    cut_short = 0
    # Timed kills, and one as soon as the change's journal has content: on a loaded machine the timed ones can
    # all miss the change, the journal-triggered one lands inside it by construction.
    for delay in (0.0, 0.02, 0.05, 0.1, 0.2, 5.0, "journal"):
        path = tmp_path / f"after-{delay}.fcproj"
        path.write_bytes(base.read_bytes())
        child = subprocess.Popen([sys.executable, "-c", _KILLED_REKEY, str(path)], stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, text=True, env=os.environ.copy())
        assert child.stdin is not None and child.stdout is not None
        child.stdin.write(f"{PASSPHRASE}\n{new_passphrase}\n")
        child.stdin.close()
        assert child.stdout.readline().strip() == "go"
        if delay == "journal":
            deadline = time.monotonic() + 60
            while child.poll() is None and time.monotonic() < deadline:
                if journal_of(path).exists() and journal_of(path).stat().st_size > 0:
                    break
                time.sleep(0.001)
            child.kill()
            child.wait(30)
        else:
            try:
                child.wait(delay)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait(30)
        interrupted = journal_of(path).exists() and journal_of(path).stat().st_size > 0
        cut_short += interrupted
        # Exactly one passphrase opens it: the old one while the change's journal is there (a kill can also
        # land after the change committed, before the child said so: then the new one, and no journal).
        opening = []
        for candidate in (PASSPHRASE, new_passphrase):
            with contextlib.suppress(cipher.PassphraseError):
                cipher.unlock(path, candidate)
                opening.append(candidate)
        assert opening in ([PASSPHRASE], [new_passphrase])
        if interrupted:
            assert opening == [PASSPHRASE]
        conn = cipher.connect(path, cipher.unlock(path, opening[0]))
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert table_contents(conn) == expected
        finally:
            conn.close()
        # ...and it opens again the way any SQLCipher tool opens it: the passphrase with the file's own salt.
        cipher.connect(path, cipher.unlock(path, opening[0]), mode="ro").close()
    assert cut_short >= 1, "no kill landed in the middle of the change; the test proved nothing"


def test_encrypted_and_plain_copies_round_trip(tmp_path: Path, plain_sample: Path) -> None:
    """Encrypt a copy, share it under a new passphrase, decrypt a copy: every row, the file's identity and
    the search indexes arrive intact, each copy is a valid project, and no source file is changed."""
    words = sample_words()
    source_hash = sha256(plain_sample)
    first, second, plain = tmp_path / "enc1.fcproj", tmp_path / "enc2.fcproj", tmp_path / "plain-again.fcproj"
    key1, key2 = cipher.new_key(PASSPHRASE), cipher.new_key("another passphrase for Kyiv")

    cipher.write_copy(plain_sample, None, first, key1)
    cipher.write_copy(first, key1, second, key2)
    cipher.write_copy(second, key2, plain, None)

    assert sha256(plain_sample) == source_hash
    assert readable(first, words) == readable(second, words) == []
    assert cipher.file_kind(first) == cipher.file_kind(second) == "encrypted"
    with pytest.raises(cipher.PassphraseError):
        cipher.unlock(second, PASSPHRASE)  # a share under a new passphrase does not open with the old one
    with Project.open(plain_sample, read_only=True) as original, Project.open(plain) as again:
        assert again.check() == []
        assert table_contents(again.conn) == table_contents(original.conn)
    for path, key in ((first, key1), (second, key2)):
        conn = cipher.connect(path, cipher.unlock(path, "another passphrase for Kyiv" if key is key2 else PASSPHRASE))
        try:
            assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
            assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
            assert schema_differences(conn, SCHEMA_VERSION) == []
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            conn.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
        finally:
            conn.close()


def test_a_copy_never_overwrites(tmp_path: Path, plain_sample: Path) -> None:
    dest = tmp_path / "taken.fcproj"
    dest.write_bytes(b"someone else's file")
    with pytest.raises(cipher.ProjectFileError, match="already exists"):
        cipher.write_copy(plain_sample, None, dest, cipher.new_key(PASSPHRASE))
    assert dest.read_bytes() == b"someone else's file"


def test_an_encrypted_project_opens_in_other_sqlcipher_tools_with_its_passphrase(
        encrypted: tuple[Path, cipher.CipherKey]) -> None:
    """The derivation done here is SQLCipher 4's own: the journalist is not locked into this app."""
    path, _key = encrypted
    db = cipher.driver()
    conn = db.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute("PRAGMA key = '" + PASSPHRASE.replace("'", "''") + "'")
        assert conn.execute("SELECT count(*) FROM claims").fetchone()[0] == len(SAMPLE_CLAIMS)
    finally:
        conn.close()


def test_a_damaged_start_is_reported_as_damage_not_as_a_wrong_passphrase(
        encrypted: tuple[Path, cipher.CipherKey]) -> None:
    path, _key = encrypted
    data = bytearray(path.read_bytes())
    data[100:140] = bytes(40)  # inside page 1, after the salt
    path.write_bytes(bytes(data))
    with pytest.raises(DamagedProjectError, match="damaged"):
        cipher.unlock(path, PASSPHRASE)
    with pytest.raises(cipher.PassphraseError):
        cipher.unlock(path, "wrong passphrase")


def test_a_cut_short_copy_is_called_incomplete_once_the_passphrase_is_right(
        tmp_path: Path, encrypted: tuple[Path, cipher.CipherKey]) -> None:
    path, _key = encrypted
    cut = tmp_path / "cut.fcproj"
    cut.write_bytes(path.read_bytes()[:10_000])
    assert cipher.file_kind(cut) == "encrypted"
    with pytest.raises(cipher.PassphraseError):
        cipher.unlock(cut, "wrong passphrase")
    with pytest.raises(DamagedProjectError, match="incomplete"):
        cipher.unlock(cut, PASSPHRASE)
    assert cut.read_bytes() == path.read_bytes()[:10_000]


def test_files_are_recognised_without_a_key(tmp_path: Path, plain_sample: Path,
                                            encrypted: tuple[Path, cipher.CipherKey]) -> None:
    path, _key = encrypted
    text = tmp_path / "notes.fcproj"
    text.write_text(resource_path(SAMPLE_ARTICLE).read_text(encoding="utf-8") * 3, encoding="utf-8")
    archive = tmp_path / "archive.fcproj"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("a.txt", os.urandom(20000))  # even compressed noise inside: the zip's header gives it away
    cut = tmp_path / "cut.fcproj"
    cut.write_bytes(path.read_bytes()[:3000])
    empty = tmp_path / "empty.fcproj"
    empty.write_bytes(b"")
    kinds = {p.name: cipher.file_kind(p) for p in (plain_sample, path, text, archive, cut, empty)}
    assert kinds == {"sample.fcproj": "plain", "encrypted.fcproj": "encrypted", "notes.fcproj": "other",
                     "archive.fcproj": "other", "cut.fcproj": "other", "empty.fcproj": "other"}


def test_keys_are_never_shown_and_short_passphrases_are_refused() -> None:
    key = cipher.new_key(PASSPHRASE)
    assert key.key.hex() not in repr(key) and key.key.hex() not in str(key)
    for weak in ("", "   ", "short"):
        with pytest.raises(ValidationError):
            cipher.new_key(weak)


def test_errors_of_both_sqlite_libraries_are_caught_alike(encrypted: tuple[Path, cipher.CipherKey]) -> None:
    path, key = encrypted
    conn = cipher.connect(path, key)
    try:
        with pytest.raises(dberrors.OperationalError) as caught:
            conn.execute("SELECT * FROM no_such_table")
        assert dberrors.error_code(caught.value) == 1
        conn.execute("PRAGMA foreign_keys=ON")
        with pytest.raises(dberrors.IntegrityError):
            conn.execute("INSERT INTO claims(id, article_id, start, \"end\", exact, created_at, updated_at) "
                         "VALUES ('x', 'no such article', 0, 1, 'q', 't', 't')")
    finally:
        conn.close()


def test_the_cipher_library_is_loaded_only_for_an_encrypted_project(
        encrypted: tuple[Path, cipher.CipherKey]) -> None:
    """Window start-up and recognising a file cost nothing; only unlocking an encrypted one loads sqlcipher3
    (while the key is derived, so the open that follows does not wait for it)."""
    path, _key = encrypted
    script = textwrap.dedent("""
        import sys
        from pathlib import Path
        import workbench.ui.app, workbench.store.backups, workbench.ops.merge
        from workbench.store import cipher, dberrors
        path = Path(sys.argv[1])
        assert cipher.file_kind(path) == "encrypted"
        dberrors.OperationalError
        before = "sqlcipher3" in sys.modules
        key = cipher.unlock(path, sys.stdin.read())
        unlocked = "sqlcipher3.dbapi2" in sys.modules
        cipher.connect(path, key).close()
        print(before, unlocked)
    """)
    done = subprocess.run([sys.executable, "-c", script, str(path)], input=PASSPHRASE, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True"]


# -- the optional keychain -----------------------------------------------------------------------------


@pytest.fixture
def system_keyring() -> Iterator[dict[tuple[str, str], str]]:
    """A stand-in system keychain (keyring's backend interface); yields its entries."""
    import keyring
    import keyring.backend
    import keyring.errors

    entries: dict[tuple[str, str], str] = {}

    class Memory(keyring.backend.KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def get_password(self, service: str, username: str) -> str | None:
            return entries.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            entries[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            if entries.pop((service, username), None) is None:
                raise keyring.errors.PasswordDeleteError("not found")

    previous = keyring.get_keyring()
    keyring.set_keyring(Memory())
    yield entries
    keyring.set_keyring(previous)


def test_a_passphrase_remembered_in_the_keychain_opens_the_project_and_names_nothing(
        system_keyring: dict[tuple[str, str], str], encrypted: tuple[Path, cipher.CipherKey]) -> None:
    from workbench.store import keychain

    path, key = encrypted
    salt = path.read_bytes()[:16]  # readable without the key: how the window finds the entry
    assert keychain.recall(salt) is None  # nothing is remembered unless asked
    keychain.remember(salt, PASSPHRASE)
    assert cipher.unlock(path, keychain.recall(salt)) == key
    # The entry is named by the salt alone: no path, file name or title in the keychain.
    names = [n for entry in system_keyring for n in entry]
    assert not any(path.stem in n or "NATO" in n or str(path.parent) in n for n in names)
    assert keychain.forget(salt) is True
    assert keychain.recall(salt) is None
    assert keychain.forget(salt) is False


def test_without_a_usable_keychain_the_passphrase_is_asked_for_again() -> None:
    import keyring
    from keyring.backends import fail

    from workbench.store import keychain

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        assert keychain.recall(b"\x01" * 16) is None
        with pytest.raises(keychain.KeychainUnavailable, match="not remembered"):
            keychain.remember(b"\x01" * 16, PASSPHRASE)
        assert keychain.forget(b"\x01" * 16) is False
    finally:
        keyring.set_keyring(previous)


def test_the_projects_key_opens_its_own_copies_without_asking_again(
        tmp_path: Path, plain_sample: Path, encrypted: tuple[Path, cipher.CipherKey]) -> None:
    """A copy made under the same passphrase (a backup, a default share) opens with the key already in hand;
    a copy under another passphrase, a plain file or another project does not."""
    path, key = encrypted
    same = tmp_path / "share.fcproj"
    conn = cipher.connect(path, key)
    try:
        conn.execute("VACUUM INTO ?", (str(same),))  # how a share of an encrypted project is made
    finally:
        conn.close()
    other = tmp_path / "other.fcproj"
    cipher.write_copy(path, key, other, cipher.new_key(PASSPHRASE))  # same words, another salt
    assert cipher.key_opens(path, key) and cipher.key_opens(same, key)
    assert not cipher.key_opens(other, key)
    assert not cipher.key_opens(plain_sample, key)
    assert cipher.unlock(same, PASSPHRASE) == key


_SPILLING_WRITER = textwrap.dedent("""
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA cache_size=10")
    conn.execute("BEGIN IMMEDIATE")
    # Changes in place first (page 1 untouched; the small cache spills them, each spill syncing the
    # journal and starting a new segment), then one that changes page 1 (the schema lives there), then
    # more, so page 1 is spilled to the file too.
    for i in range(1, 1501):
        conn.execute("UPDATE t SET v = ? WHERE id = ?", ("y" * 300, i * 5))
    conn.execute("CREATE TABLE u(x)")
    for i in range(1501, 3001):
        conn.execute("UPDATE t SET v = ? WHERE id = ?", ("y" * 300, i * 5))
    print("ready", flush=True)
    time.sleep(120)
""")


def test_the_passphrase_is_checked_against_the_page_sqlite_will_put_back(tmp_path: Path) -> None:
    """After a crash, the page ``unlock`` checks is the one SQLite restores from the journal, even when the
    journal holds it in a later segment (a big change that spilled to disk before touching page 1)."""
    import sqlite3

    path = tmp_path / "spilled.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA page_size=4096")  # the journal format is the same for plain and encrypted files
    conn.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)")
    conn.executemany("INSERT INTO t(v) VALUES (?)", [("x" * 300,) for _ in range(20000)])
    conn.commit()
    conn.close()
    child = subprocess.Popen([sys.executable, "-c", _SPILLING_WRITER, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    finally:
        child.kill()
        child.wait(30)
    journal = journal_of(path).read_bytes()
    sector = int.from_bytes(journal[20:24], "big")
    first_segment = [int.from_bytes(journal[sector + k * 4104:sector + k * 4104 + 4], "big")
                     for k in range(int.from_bytes(journal[8:12], "big"))]
    assert first_segment and 1 not in first_segment  # page 1 is saved further on
    predicted = cipher._journal_page_one(path)
    assert predicted is not None
    sqlite3.connect(path).execute("SELECT count(*) FROM t").fetchone()  # SQLite plays the journal back
    assert path.read_bytes()[:4096] == predicted
