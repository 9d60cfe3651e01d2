"""Clean shares and compaction (docs/encryption.md, "Clean shares and compaction"): after a deletion, neither
a shared copy nor the compacted project holds any of the deleted text (grep-level, plain and encrypted),
unless the full history is asked for; and the strip keeps every merge invariant, so merging a compacted
copy gives exactly what merging the full one gives."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.support.ciphertext import readable, sample_words
from tests.support.merging import normalized
from workbench import ops
from workbench.ops.compact import compact_project
from workbench.ops.merge import merge_project
from workbench.ops.sample import SAMPLE_SOURCE, create_sample_project
from workbench.ops.share import share_project
from workbench.store import Project, cipher
from workbench.store.backups import list_backups

PASSPHRASE = "lighthouse orchard 1987"
DELETED_NOTE = "Source Nightjar met us at the Kharkiv rail depot"
DELETED_SPEAKER = "Olena Kovalenko"
EDITED_AWAY = "Draft verdict: Petrushenko lied twice"
DELETED_SOURCE_NOTE = "Leaked memo from the Zaporizhzhia governor"
PROBES = ["Nightjar", "Kovalenko", "Petrushenko", "Zaporizhzhia"]


def make_deletions(path: Path, passphrase: str | None = None) -> str:
    """Edits then deletions a journalist regrets sharing; returns the id of a claim left alive."""
    with Project.open(path, author="Ana Silva", passphrase=passphrase) as project:
        claims = [r[0] for r in project.conn.execute("SELECT id FROM claims ORDER BY seq")]
        ops.update_claim(project, claim_id=claims[0], note=DELETED_NOTE, speaker=DELETED_SPEAKER,
                         private_note=DELETED_NOTE)
        ops.update_claim(project, claim_id=claims[1], note=EDITED_AWAY)
        ops.update_claim(project, claim_id=claims[1], note="")
        source = ops.add_source(project, claim_id=claims[1], title="Governor's memo", notes=DELETED_SOURCE_NOTE)
        ops.attach_file(project, source_id=source.id, data=DELETED_SOURCE_NOTE.encode() * 50, name="memo.txt")
        ops.delete_source(project, source_id=source.id)
        ops.delete_claim(project, claim_id=claims[0])
        return claims[2]


def everything_in(path: Path, passphrase: str | None) -> Path:
    """A plain copy of ``path`` to grep (an encrypted file is grepped through its decrypted twin)."""
    if passphrase is None:
        return path
    plain = path.with_name(path.stem + "-decrypted.fcproj")
    cipher.write_copy(path, cipher.unlock(path, passphrase), plain, None)
    return plain


@pytest.fixture(params=[None, PASSPHRASE], ids=["plain", "encrypted"])
def story(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str | None]:
    path = tmp_path / "story.fcproj"
    create_sample_project(path, author="Ana Silva", passphrase=request.param).close()
    return path, request.param


def test_a_shared_copy_carries_nothing_deleted_unless_asked(story: tuple[Path, str | None], tmp_path: Path) -> None:
    path, passphrase = story
    alive = make_deletions(path, passphrase)
    assert readable(everything_in(path, passphrase), PROBES) == PROBES  # the project keeps it (undo, history)
    clean, full = tmp_path / "clean.fcproj", tmp_path / "full.fcproj"
    with Project.open(path, read_only=True, passphrase=passphrase) as project:
        share_project(project, dest=clean)
        share_project(project, dest=full, full_history=True)
    assert readable(everything_in(clean, passphrase), PROBES) == []
    assert readable(everything_in(full, passphrase), PROBES) == PROBES
    with Project.open(clean, read_only=True, passphrase=passphrase) as copy:
        assert copy.check() == []
        assert copy.row("claims", alive) is not None
        # What merging needs stays: the deletion's tombstone, and which fields each edit changed.
        assert copy.conn.execute("SELECT count(*) FROM tombstones WHERE table_name = 'claims'").fetchone()[0] == 1
        fields = [r[0] for r in copy.conn.execute(
            "SELECT key FROM history, json_each(history.data) WHERE action = 'update' AND table_name = 'claims'")]
        assert "note" in fields and "speaker" in fields


def test_compacting_removes_deleted_text_from_the_project_after_a_backup(
        story: tuple[Path, str | None]) -> None:
    path, passphrase = story
    make_deletions(path, passphrase)
    with Project.open(path, author="Ana Silva", passphrase=passphrase) as project:
        article = project.conn.execute("SELECT id FROM articles").fetchone()[0]
        ops.delete_article(project, article_id=article)
        report = compact_project(project)
        assert project.check() == []
    assert report.after < report.before
    # (the sample's source stays: it is not the article's, and a deleted article leaves its sources)
    live = " ".join(SAMPLE_SOURCE.values()).lower()
    gone = [w for w in sample_words() if w.lower() not in live]
    assert readable(everything_in(path, passphrase), PROBES + gone) == []
    backup = list_backups(path)[0]
    assert backup.reason == "compact" and backup.path == report.backup.path
    # The backup keeps everything (and is encrypted like the project).
    assert readable(everything_in(backup.path, passphrase), PROBES) == PROBES


def table_rows(project: Project, table: str, skip: frozenset[str] = frozenset()) -> list[tuple[Any, ...]]:
    cur = project.conn.execute(f'SELECT * FROM "{table}"')
    names = [d[0] for d in cur.description]
    return sorted(tuple(v for n, v in zip(names, row, strict=True) if n not in skip) for row in cur)


def test_the_strip_keeps_every_merge_invariant(tmp_path: Path) -> None:
    full = tmp_path / "full.fcproj"
    create_sample_project(full, author="Ana Silva").close()
    colleague = tmp_path / "colleague.fcproj"
    with Project.open(full, read_only=True) as project:
        share_project(project, dest=colleague)  # from before the deletions
    alive = make_deletions(full)
    stripped = tmp_path / "stripped.fcproj"
    shutil.copyfile(full, stripped)
    with Project.open(stripped) as project:
        compact_project(project)
    with Project.open(full, read_only=True) as a, Project.open(stripped, read_only=True) as b:
        # 1-4: every history row with the same ids, times, authors and revisions; tombstones and live rows equal.
        assert table_rows(a, "history", frozenset({"data"})) == table_rows(b, "history", frozenset({"data"}))
        assert table_rows(a, "tombstones") == table_rows(b, "tombstones")
        for table in ("claims", "sources", "articles", "claim_sources", "tags", "claim_tags", "verdict_scale"):
            assert table_rows(a, table) == table_rows(b, table)
    # Merging a project with its compacted self changes nothing, both ways.
    for into, other in ((full, stripped), (stripped, full)):
        with Project.open(into) as project:
            report = merge_project(project, other_path=other)
            assert report.totals() == {"added": 0, "updated": 0, "deleted": 0, "conflicts": 0}
    # 5: a colleague's copy from before the deletions, edited (including the claim deleted here and one
    # edited on both sides), merges alike into the full project and into its compacted twin.
    with Project.open(colleague, author="Ben Okoro") as project:
        claims = [r[0] for r in project.conn.execute("SELECT id FROM claims ORDER BY seq")]
        ops.update_claim(project, claim_id=claims[0], note="Ben: checked with the ministry")
        ops.update_claim(project, claim_id=claims[1], note="Ben's note on the second claim")
        ops.update_claim(project, claim_id=alive, status="checked")
    results = [merged(into, colleague, tmp_path / f"twin-{into.name}") for into in (full, stripped)]
    assert results[0] == results[1]
    assert results[0][1]  # there were conflicts to compare
    # ...and the other way round.
    outcomes = [merged(colleague, other, tmp_path / f"colleague-{other.name}") for other in (full, stripped)]
    assert outcomes[0] == outcomes[1]


def merged(into: Path, other: Path, twin: Path) -> tuple[object, ...]:
    """Merge ``other`` into a copy of ``into`` made at ``twin``: the report's totals, its conflicts and the
    merged project's rows."""
    shutil.copyfile(into, twin)
    with Project.open(twin) as project:
        report = merge_project(project, other_path=other)
        return (report.totals(), sorted((c.kind, c.row_id, c.field) for c in report.conflicts),
                normalized(project))


_KILLED_COMPACTION = """
import sys
from workbench.ops.compact import compact_project
from workbench.store import Project
project = Project.open(sys.argv[1], passphrase=sys.stdin.readline().rstrip("\\n"), author="Ana Silva")
print("ready", flush=True)
compact_project(project)
print("done", flush=True)
"""


@pytest.mark.slow  # (seconds: see the slow marker in pyproject.toml)
def test_a_killed_compaction_of_an_encrypted_project_loses_nothing(tmp_path: Path) -> None:
    """SIGKILL at moments through the strip and VACUUM: the project opens with its passphrase, passes its
    check, and holds exactly the live claims it had (compacted or not)."""
    import os
    import signal
    import subprocess
    import sys
    import time

    original = tmp_path / "original.fcproj"
    with create_sample_project(original, author="Ana Silva", passphrase=PASSPHRASE) as project:
        article_id, text = project.conn.execute("SELECT id, text FROM articles").fetchone()
        claims = []
        for i in range(300):
            start = (i * 13) % (len(text) - 60)
            claims.append(ops.add_claim(project, article_id=article_id, start=start, end=start + 50,
                                        note=f"{DELETED_NOTE} {i}", speaker=DELETED_SPEAKER).id)
        for i in range(12):
            source = ops.add_source(project, title=f"Memo {i}", notes=DELETED_SOURCE_NOTE)
            ops.attach_file(project, source_id=source.id, data=os.urandom(300_000), name=f"memo{i}.bin")
            ops.delete_source(project, source_id=source.id)
        for claim_id in claims[::2]:
            ops.delete_claim(project, claim_id=claim_id)
        live = sorted(project.conn.execute("SELECT id, note, rev FROM claims"))
    journals: list[bool] = []
    # Killed as the strip's transaction has begun writing (the journal appears), as VACUUM rewrites the file
    # (it appears again), and at two plain moments.
    for moment in ("strip", "vacuum", 0.05, 0.4):
        path = tmp_path / f"killed-{moment}.fcproj"
        shutil.copyfile(original, path)
        journal = path.with_name(path.name + "-journal")
        child = subprocess.Popen([sys.executable, "-c", _KILLED_COMPACTION, str(path)], stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, text=True)
        assert child.stdin is not None and child.stdout is not None
        child.stdin.write(PASSPHRASE + "\n")
        child.stdin.flush()
        assert child.stdout.readline().strip() == "ready"
        if isinstance(moment, float):
            time.sleep(moment)
        else:
            wanted, seen, was = (1 if moment == "strip" else 2), 0, False
            deadline = time.monotonic() + 30
            while seen < wanted and time.monotonic() < deadline and child.poll() is None:
                now = journal.exists()
                seen += now and not was
                was = now
        child.send_signal(signal.SIGKILL)
        child.wait(30)
        journals.append(journal.exists())
        with Project.open(path, passphrase=PASSPHRASE, author="Ana Silva") as project:
            assert project.check() == []
            assert sorted(project.conn.execute("SELECT id, note, rev FROM claims")) == live
    assert any(journals[:2]), "the kills must land while the compaction is writing"
