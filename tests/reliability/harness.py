"""The test side of the crash tests: drive the zygote (see worker.py) and judge a project after a kill.

``verify_after_kill`` is the heart of it: the reopened project must pass ``Project.check()``, hold every
change an acknowledged operation made, and nothing else except, all or nothing, the one operation that
was running when the kill came (recognised by its history rows, which commit with it).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.store import Project
from workbench.store.lock import lock_path

ROOT = Path(__file__).resolve().parents[2]

# Every table an operation's row images can touch, with its key column.
TABLES = {"articles": "id", "claims": "id", "tags": "id", "claim_tags": "id", "sources": "id",
          "source_files": "id", "claim_sources": "id", "verdict_scale": "id", "dismissals": "id", "meta": "key"}


class Zygote:
    """The worker process: ``run`` forks a child doing ``scenario`` and kills it after ``delay`` seconds."""

    def __init__(self, errors: Path) -> None:
        self.errors = errors
        self.proc: subprocess.Popen[str] | None = None  # started on first use: ~1 s of imports
        self.kills = 0

    def run(self, scenario: str, delay: float, **args: Any) -> dict[str, Any]:
        if self.proc is None:
            self.proc = subprocess.Popen([sys.executable, "-m", "tests.reliability.worker"], cwd=ROOT, text=True,
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=os.environ.copy())
        assert self.proc.stdin is not None and self.proc.stdout is not None
        request = {"scenario": scenario, "delay": delay, "args": args, "errors": str(self.errors)}
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the crash-test zygote died (exit {self.proc.wait()})")
        reply = json.loads(line)
        if reply["exit"] not in (None, 0):
            raise AssertionError(f"the worker failed on its own:\n{self.errors.read_text(encoding='utf-8')}")
        self.kills += reply["killed"]
        return reply

    def close(self) -> None:
        if self.proc is not None:
            if self.proc.stdin is not None:
                self.proc.stdin.close()
            self.proc.wait(timeout=30)


def read_acks(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    # A kill can land inside the write() of a long record (the kernel stops copying on a fatal signal): a last
    # line without its newline is an acknowledgement that never finished, so the edit was never returned.
    text = path.read_text(encoding="utf-8", errors="replace")
    return [json.loads(line) for line in text.split("\n")[:-1]]


def snapshot(project: Project) -> dict[tuple[str, str], dict[str, Any]]:
    """Every row an operation can touch, by (table, key), without article text and internal rowids."""
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for table, key in TABLES.items():
        cur = project.conn.execute(f'SELECT * FROM "{table}"')
        names = [d[0] for d in cur.description]
        for values in cur:
            row = dict(zip(names, values, strict=True))
            ident = row.pop(key)
            row.pop("seq", None)
            row.pop("text", None)
            if table == "meta":
                row = {"value": row["value"]}
            else:
                row[key] = ident
            rows[(table, ident)] = row
    return rows


@dataclass
class Expectation:
    """What the project must hold, carried from one kill to the next."""

    rows: dict[tuple[str, str], dict[str, Any] | None] = field(default_factory=dict)
    history: int = 0
    in_flight_committed: int = 0  # kills after which the interrupted operation turned out committed
    in_flight_lost: int = 0  # ... and after which it was rolled back

    @classmethod
    def of(cls, path: Path) -> Expectation:
        with Project.open(path, read_only=True) as project:
            return cls(dict(snapshot(project)), _history_count(project))


def _history_count(project: Project) -> int:
    return project.conn.execute("SELECT count(*) FROM history").fetchone()[0]


def verify_after_kill(path: Path, acks: list[dict[str, Any]], expected: Expectation, *,
                      lock_expected: bool = True) -> None:
    """Reopen ``path`` for editing after a kill and check it against the acknowledged operations;
    ``expected`` is then moved on to the file's state for the next round. ``lock_expected``: the worker
    kept the project open from its first operation on, so its lock file must still be there."""
    want = dict(expected.rows)
    for ack in acks:
        for table, row_id, after in ack["images"]:
            want[(table, row_id)] = after
    if acks and lock_expected:
        # The child held the project's lock when it died: its sidecar is still there, and must not
        # keep the journalist out (Project.open below opens for editing).
        assert lock_path(path).exists()
    with Project.open(path) as project:
        assert project.check() == [], f"check failed after a kill during {acks[-1]['op'] if acks else 'open'}"
        history = _history_count(project)
        acked = acks[-1]["history"] if acks else expected.history
        assert history >= acked, f"{acked - history} history rows of acknowledged operations were lost"
        extra = project.conn.execute(
            "SELECT op, at, table_name, row_id, action, rev FROM history ORDER BY rowid LIMIT -1 OFFSET ?", (acked,)
        ).fetchall()
        in_flight: dict[tuple[str, str], tuple[str, str]] = {}
        if extra:
            # The operation that was running committed before the kill: all its rows, in one transaction.
            assert len({(op, at) for op, at, *_ in extra}) == 1, f"more than one unacknowledged operation: {extra}"
            for _op, _at, table, row_id, action, rev in extra:
                in_flight[(table, row_id)] = (action, rev)
            expected.in_flight_committed += 1
        else:
            expected.in_flight_lost += 1
        actual = snapshot(project)
        for key in set(want) | set(actual):
            have = actual.get(key)
            if key in in_flight:
                action, rev = in_flight[key]
                if action == "delete":
                    assert have is None, f"{key} was deleted by the interrupted operation but is still there"
                else:
                    assert have is not None, f"{key} was written by the interrupted operation but is missing"
                    assert key[0] == "meta" or have["rev"] == rev, f"{key}: not the interrupted op's revision"
                continue
            should = want.get(key)
            if should is None:
                assert have is None, f"{key} exists, but no acknowledged operation made it: {have}"
                continue
            assert have is not None, f"{key} from an acknowledged operation is missing after the kill"
            differ = {k: (v, have.get(k)) for k, v in should.items() if have.get(k) != v}
            assert not differ, f"{key} differs from what an acknowledged operation stored: {differ}"
        expected.rows = dict(actual)
        expected.history = history


def content_digest(conn: Any, *, skip_columns: frozenset[str] = frozenset(),
                   skip_tables: frozenset[str] = frozenset()) -> str:
    """A digest of everything in a project file (every table but ``skip_tables``, every column but
    ``skip_columns``, rows in order): equal digests mean equal content."""
    digest = hashlib.sha256()
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%_fts%' "
        "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    for table in (t for t in tables if t not in skip_tables):
        names = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")') if r[1] not in skip_columns]
        cols = ", ".join(f'"{n}"' for n in names)
        digest.update(f"{table}({cols})".encode())
        for row in conn.execute(f'SELECT {cols} FROM "{table}" ORDER BY {cols}'):
            digest.update(repr(row).encode())
    return digest.hexdigest()
