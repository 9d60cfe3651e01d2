"""Crash safety of the big writes: importing files (originals kept), merging a colleague's copy, and
upgrading an older project file. Each is SIGKILLed at random moments; the file must come back whole:
every import that returned is there with its kept original, a merge is there completely or not at all,
and a migration leaves either the untouched old format or the complete new one, never a mix.
"""

from __future__ import annotations

import hashlib
import random
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.reliability.harness import Expectation, Zygote, content_digest, read_acks, verify_after_kill
from tests.reliability.worker import NEW_COLUMN, install_format_2, make_import_files, story
from workbench import ops
from workbench.importers import import_bytes
from workbench.ops.claims import add_claim
from workbench.ops.sample import create_sample_project
from workbench.store import Project, schema

IMPORT_KILLS = 20
MERGE_KILLS = 20
MIGRATION_KILLS = 20


@pytest.mark.slow  # (seconds: see the slow marker in pyproject.toml)
def test_every_returned_import_survives_a_kill(zygote: Zygote, tmp_path: Path) -> None:
    files = make_import_files(tmp_path, seed=7)
    path = tmp_path / "crash-import.fcproj"
    Project.create(path, title="Imports").close()
    expected = Expectation.of(path)
    rng = random.Random(11)
    acknowledged = 0
    for round_ in range(IMPORT_KILLS):
        acks_path = tmp_path / f"acks-{round_}.jsonl"
        reply = zygote.run("import", rng.uniform(0.05, 0.4), project_path=str(path), ack_path=str(acks_path),
                           seed=round_, files=[str(f) for f in files])
        assert reply["killed"]
        acks = read_acks(acks_path)
        acknowledged += len(acks)
        # Imports through the command line open and close the project each time: the kill may come
        # while no lock is held, so the lock file is not required to be there.
        verify_after_kill(path, acks, expected, lock_expected=False)
        with Project.open(path, read_only=True) as project:
            for title, fmt, text, text_sha, kept in project.conn.execute(
                "SELECT title, format, text, text_sha256, "
                "(SELECT count(*) FROM attachments WHERE sha256 = source_sha256) FROM articles"
            ):
                assert hashlib.sha256(text.encode()).hexdigest() == text_sha, f"{title}: text damaged"
                if fmt in ("pdf", "docx"):
                    assert kept == 1, f"{title}: its original {fmt} file was not stored with it"
    assert zygote.kills == IMPORT_KILLS
    assert acknowledged >= IMPORT_KILLS  # imports did finish between kills: the test saw real work


# Columns a merge fills with fresh values each time it runs (new revisions, times of the merge): two
# merges of the same two files differ only in these, and in the history's merge records.
_MERGE_VOLATILE = frozenset({"rev", "updated_at", "deleted_at", "parent_rev"})


def _merge_digest(path: Path) -> tuple[str, int]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        digest = content_digest(conn, skip_columns=_MERGE_VOLATILE, skip_tables=frozenset({"history"}))
        return digest, conn.execute("SELECT count(*) FROM history").fetchone()[0]
    finally:
        conn.close()


def _bulk_claims(project: Project, rng: random.Random, per_article: int) -> None:
    """Many claims in one transaction (one commit, not hundreds): a realistic project, made quickly."""
    with project.transaction("Mark claims") as tx:
        for article_id, text in tx.conn.execute("SELECT id, text FROM articles").fetchall():
            for _ in range(per_article):
                start = rng.randrange(0, len(text) - 60)
                add_claim.in_tx(tx, article_id=article_id, start=start, end=start + rng.randint(8, 50),
                                speaker=rng.choice(("Mark Rutte", "the mayor", "")), tags=[rng.choice("xyz")])


def _two_copies(tmp_path: Path) -> tuple[Path, Path]:
    """Our project and a colleague's copy of it, each edited since: additions, edits on both sides,
    deletions and new source links, so a merge has every kind of work to do."""
    rng = random.Random(3)
    mine = tmp_path / "mine.fcproj"
    project = create_sample_project(mine, author="Me")
    for i in range(5):
        ops.add_article(project, article=import_bytes(f"Story {i}\n\n{story(rng, 40)}".encode(), f"s{i}.txt"))
    _bulk_claims(project, rng, 40)
    theirs = tmp_path / "theirs.fcproj"
    project.backup_to(theirs)
    colleague = Project.open(theirs, author="Colleague")
    claims = [r[0] for r in colleague.conn.execute("SELECT id FROM claims ORDER BY id")]
    with colleague.transaction("Colleague's work") as tx:
        for claim_id in claims[:80]:
            tx.update("claims", claim_id, {"speaker": "Colleague speaker", "note": "checked by phone"})
        source = tx.insert("sources", {"title": "Ministry statement", "kind": "document"})["id"]
        for claim_id in claims[80:120]:
            tx.insert("claim_sources", {"claim_id": claim_id, "source_id": source, "relation": "supports"})
    for claim_id in claims[120:140]:
        ops.delete_claim(colleague, claim_id=claim_id)
    ops.add_article(colleague, article=import_bytes(f"Their story\n\n{story(rng, 40)}".encode(), "t.txt"))
    _bulk_claims(colleague, rng, 5)
    colleague.close()
    with project.transaction("My work") as tx:
        for claim_id in claims[60:100]:
            tx.update("claims", claim_id, {"status": "Checked", "speaker": "My speaker"})
    project.close()
    return mine, theirs


def test_a_killed_merge_leaves_the_project_as_before_or_fully_merged(zygote: Zygote, tmp_path: Path) -> None:
    mine, theirs = _two_copies(tmp_path)
    before = _merge_digest(mine)
    # One merge left to finish: what a complete merge looks like, and how long one takes here.
    reference = tmp_path / "reference.fcproj"
    shutil.copyfile(mine, reference)
    reply = zygote.run("merge", 30.0, project_path=str(reference), ack_path=str(tmp_path / "ref.jsonl"),
                       other=str(theirs))
    assert not reply["killed"] and reply["exit"] == 0
    took = 1.2 * reply["seconds"]
    merged = _merge_digest(reference)
    assert merged != before
    rng = random.Random(5)
    outcomes = {"before": 0, "merged": 0}
    for round_ in range(MERGE_KILLS):
        path = tmp_path / f"merge-{round_}.fcproj"
        shutil.copyfile(mine, path)
        acks_path = tmp_path / f"acks-{round_}.jsonl"
        # Kills spread over the backup copy, the merge itself and its commit (opening is covered by the edits).
        reply = zygote.run("merge", rng.uniform(0.3, 1.0) * took, project_path=str(path),
                           ack_path=str(acks_path), other=str(theirs))
        finished = bool(read_acks(acks_path))
        with Project.open(path) as project:  # for editing: the dead process's lock does not block it
            assert project.check() == []
        state = _merge_digest(path)
        assert state in (before, merged), f"kill {round_} left a partly merged project"
        if finished:
            assert state == merged, "a merge that returned is not in the file"
        outcomes["merged" if state == merged else "before"] += 1
        assert reply["killed"] or finished
        if not reply["killed"]:
            took *= 0.7  # the machine got faster than when timed (other load ended): aim earlier
    # Most kills must land inside the merge, else this test proves little.
    assert zygote.kills >= MERGE_KILLS // 2, outcomes


# This build's file format and the pretend next one the killed upgrade writes.
OLD = schema.SCHEMA_VERSION
NEW = OLD + 1


def _v1_project(tmp_path: Path) -> Path:
    path = tmp_path / "format1.fcproj"
    rng = random.Random(9)
    with create_sample_project(path, author="Me") as project:
        for i in range(4):
            ops.add_article(project, article=import_bytes(f"Story {i}\n\n{story(rng, 60)}".encode(), f"s{i}.txt"))
        _bulk_claims(project, rng, 250)
    return path


def _state(path: Path) -> tuple[int, bool, str]:
    """(format, has the new column, digest of everything but the new column), read with plain SQLite
    (which, like the app, first rolls back what a killed process left half-written)."""
    conn = sqlite3.connect(path)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        columns = [r[1] for r in conn.execute("PRAGMA table_info(claims)")]
        return version, NEW_COLUMN in columns, content_digest(conn, skip_columns=frozenset({NEW_COLUMN}))
    finally:
        conn.close()


@pytest.mark.slow  # (seconds: see the slow marker in pyproject.toml)
def test_a_killed_migration_leaves_the_old_format_intact_or_the_new_one_complete(
        zygote: Zygote, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    base = _v1_project(tmp_path)
    version, has_column, digest = _state(base)
    assert (version, has_column) == (OLD, False)
    # How long a whole upgrade takes here, to aim the kills inside it.
    timing = tmp_path / "timing.fcproj"
    shutil.copyfile(base, timing)
    reply = zygote.run("migration", 30.0, project_path=str(timing), ack_path=str(tmp_path / "t.jsonl"))
    assert not reply["killed"] and reply["exit"] == 0
    took = 1.2 * reply["seconds"]
    assert _state(timing) == (NEW, True, digest)
    rng = random.Random(13)
    seen = {OLD: 0, NEW: 0}
    v2_paths = []
    for round_ in range(MIGRATION_KILLS):
        path = tmp_path / f"migrate-{round_}.fcproj"
        shutil.copyfile(base, path)
        acks_path = tmp_path / f"acks-{round_}.jsonl"
        reply = zygote.run("migration", rng.uniform(0.3, 1.0) * took, project_path=str(path), ack_path=str(acks_path))
        if not reply["killed"]:
            took *= 0.7  # the machine got faster than when timed: aim earlier
        version, has_column, after = _state(path)
        assert after == digest, f"kill {round_}: the project's content changed"
        assert (version, has_column) in ((OLD, False), (NEW, True)), f"kill {round_}: format {version} with column " \
            f"{has_column}: a half-done upgrade"
        if read_acks(acks_path):
            assert version == NEW, "an upgrade that returned is not in the file"
        seen[version] += 1
        if version == OLD:
            # The old format, untouched: this version of the app opens it and finds it healthy.
            with Project.open(path) as project:
                assert project.check() == []
                assert project.conn.execute("PRAGMA user_version").fetchone()[0] == OLD
        else:
            v2_paths.append(path)
    # Complete new-format files open and pass the check in the app that knows format 2, every claim
    # filled in by the upgrade.
    install_format_2(monkeypatch)
    for path in v2_paths:
        with Project.open(path) as project:
            assert project.check() == []
            assert project.conn.execute(f"SELECT count(*) FROM claims WHERE {NEW_COLUMN} < 0").fetchone()[0] == 0
    assert zygote.kills >= MIGRATION_KILLS // 2, seen
