"""Encrypted projects through the store (``Project.open``/``create`` with a passphrase): recognised and
refused without it, byte-for-byte untouched by a wrong one, checked on open like a plain file, their backups
and copies encrypted, and salvage working on them (docs/encryption.md, "Integration")."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.store.test_cipher import (
    PASSPHRASE,
    SECRET_NOTE,
    SECRET_WORDS,
    journal_of,
    kill_mid_write,
    sha256,
)
from tests.support.ciphertext import readable, sample_words
from workbench.core.errors import PassphraseRequired, ProjectFileError, ValidationError
from workbench.ops.claims import update_claim
from workbench.ops.sample import create_sample_project
from workbench.store import Project, cipher
from workbench.store.backups import MANIFEST_SUFFIX, list_backups, make_backup, restore_backup
from workbench.store.salvage import salvage
from workbench.store.search import search


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    """The sample story, encrypted under PASSPHRASE through the store itself."""
    plain = tmp_path / "plain.fcproj"
    create_sample_project(plain, author="Ana Silva").close()
    path = tmp_path / "story.fcproj"
    cipher.write_copy(plain, None, path, cipher.new_key(PASSPHRASE))
    plain.unlink()
    return path


def test_a_new_encrypted_project_opens_only_with_its_passphrase(tmp_path: Path) -> None:
    path = tmp_path / "new.fcproj"
    with Project.create(path, title="Border files", author="Ana Silva", passphrase=PASSPHRASE) as project:
        assert project.encrypted
        assert project.title == "Border files"
    assert readable(path, ["Border files", "Ana Silva"]) == []
    with pytest.raises(PassphraseRequired, match="is encrypted"):
        Project.open(path)
    with Project.open(path, passphrase=PASSPHRASE) as project:
        assert project.title == "Border files"
        assert project.check() == []


def test_a_short_passphrase_makes_no_file(tmp_path: Path) -> None:
    path = tmp_path / "new.fcproj"
    with pytest.raises(ValidationError, match="longer passphrase"):
        Project.create(path, passphrase="short")
    assert not path.exists()


def test_a_wrong_or_missing_passphrase_leaves_the_file_and_its_journal_unchanged(project_file: Path) -> None:
    kill_mid_write(project_file, PASSPHRASE)  # a journal a wrong key would otherwise play back
    before = sha256(project_file), sha256(journal_of(project_file))
    for attempt in (None, "the wrong passphrase"):
        with pytest.raises(ProjectFileError, match="not changed"):
            Project.open(project_file, passphrase=attempt)
        with pytest.raises(ProjectFileError, match="not changed"):
            Project.open(project_file, passphrase=attempt, read_only=True)
    assert (sha256(project_file), sha256(journal_of(project_file))) == before
    # The right one rolls the interrupted change back: none of it is there, the story is.
    with Project.open(project_file, passphrase=PASSPHRASE) as project:
        assert project.check() == []
        notes = [r[0] for r in project.conn.execute("SELECT private_note FROM claims")]
        assert SECRET_NOTE not in notes
        assert len(notes) == 3
    assert not journal_of(project_file).exists() or journal_of(project_file).stat().st_size == 0


def test_edits_search_and_reopen_on_an_encrypted_project(project_file: Path) -> None:
    with Project.open(project_file, passphrase=PASSPHRASE, author="Ana Silva") as project:
        claim_id = project.conn.execute("SELECT id FROM claims ORDER BY seq LIMIT 1").fetchone()[0]
        update_claim(project, claim_id=claim_id, private_note=SECRET_NOTE)
        assert any(h.kind == "claim" for h in search(project, "Kovalenko"))
    assert readable(project_file, SECRET_WORDS + sample_words()) == []
    with Project.open(project_file, passphrase=PASSPHRASE, read_only=True) as project:
        assert project.row("claims", claim_id)["private_note"] == SECRET_NOTE


def test_another_programs_encrypted_database_is_refused_with_the_right_passphrase(tmp_path: Path) -> None:
    path = tmp_path / "other.fcproj"
    conn = cipher.connect(path, cipher.new_key(PASSPHRASE), mode="create")
    conn.execute("CREATE TABLE t(x)")
    conn.close()
    before = sha256(path)
    with pytest.raises(ProjectFileError, match="another program"):
        Project.open(path, passphrase=PASSPHRASE)
    assert sha256(path) == before


def test_backups_and_copies_of_an_encrypted_project_are_encrypted(project_file: Path, tmp_path: Path) -> None:
    with Project.open(project_file, passphrase=PASSPHRASE, author="Ana Silva") as project:
        claim_id = project.conn.execute("SELECT id FROM claims ORDER BY seq LIMIT 1").fetchone()[0]
        update_claim(project, claim_id=claim_id, private_note=SECRET_NOTE)
        backup = make_backup(project, "manual")
        copy = project.backup_to(tmp_path / "copy.fcproj")
        key = project.cipher_key
        assert key is not None
    for path in (backup.path, copy):
        assert cipher.looks_encrypted(path)
        assert readable(path, SECRET_WORDS + sample_words()) == []
        with Project.open(path, passphrase=PASSPHRASE, read_only=True) as opened:
            assert opened.row("claims", claim_id)["private_note"] == SECRET_NOTE
    manifest = json.loads(backup.path.with_suffix(MANIFEST_SUFFIX).read_text(encoding="utf-8"))
    assert manifest["encrypted"] is True and manifest["title"] == ""
    listed = list_backups(project_file, key)
    assert [b.path for b in listed] == [backup.path]
    assert listed[0].title == ""  # the title is content: not in the plain manifest
    # Restoring needs the key; with it, the project is back as the backup holds it.
    with Project.open(project_file, passphrase=PASSPHRASE, author="Ana Silva") as project:
        update_claim(project, claim_id=claim_id, private_note="")
    with pytest.raises(PassphraseRequired):
        restore_backup(project_file, backup)
    restore_backup(project_file, backup, key)
    with Project.open(project_file, passphrase=PASSPHRASE, read_only=True) as project:
        assert project.row("claims", claim_id)["private_note"] == SECRET_NOTE


def test_salvage_of_an_encrypted_project_is_encrypted_under_the_same_passphrase(
        project_file: Path, tmp_path: Path) -> None:
    new = tmp_path / "salvaged.fcproj"
    with pytest.raises(PassphraseRequired):
        salvage(project_file, new)
    before = sha256(project_file)
    report = salvage(project_file, new, passphrase=PASSPHRASE)
    assert report.complete
    assert sha256(project_file) == before
    assert readable(new, sample_words()) == []
    with Project.open(new, passphrase=PASSPHRASE, read_only=True) as project:
        assert project.conn.execute("SELECT count(*) FROM claims").fetchone()[0] == 3
        assert project.cipher_key is not None
        assert project.cipher_key.salt != cipher.unlock(project_file, PASSPHRASE).salt


def test_plain_projects_still_never_load_the_cipher_library(tmp_path: Path) -> None:
    path = tmp_path / "plain.fcproj"
    create_sample_project(path, author="Ana Silva").close()
    code = ("import sys; from workbench.store import Project; "
            f"p = Project.open({str(path)!r}); p.check(); p.close(); print('sqlcipher3' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_a_shared_copy_is_encrypted_and_merges_back_without_asking(project_file: Path, tmp_path: Path) -> None:
    from workbench.ops.merge import merge_project
    from workbench.ops.share import share_project

    shared = tmp_path / "for-colleague.fcproj"
    with Project.open(project_file, passphrase=PASSPHRASE, read_only=True) as project:
        share_project(project, dest=shared)
    assert cipher.looks_encrypted(shared)
    assert readable(shared, sample_words()) == []
    with Project.open(shared, passphrase=PASSPHRASE, author="Ben Okoro") as colleague:
        claim_id = colleague.conn.execute("SELECT id FROM claims ORDER BY seq LIMIT 1").fetchone()[0]
        update_claim(colleague, claim_id=claim_id, private_note=SECRET_NOTE)
    with Project.open(project_file, passphrase=PASSPHRASE, author="Ana Silva") as project:
        report = merge_project(project, other_path=shared)  # the project's key opens its own share
        assert report.to_dict()
        assert project.row("claims", claim_id)["private_note"] == SECRET_NOTE
    assert readable(project_file, SECRET_WORDS) == []
