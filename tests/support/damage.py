"""Damaged project files, made the way disks and crashes damage them: a claims page overwritten in the middle
of a file big enough that the other pages survive, a byte changed in place."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from workbench.ops.claims import add_claim
from workbench.ops.sample import create_sample_project


def many_claims(path: Path, n: int = 300) -> Path:
    """A project whose claims fill many pages (so one can be damaged while the others survive)."""
    project = create_sample_project(path, author="Ana")
    try:
        article_id = project.conn.execute("SELECT id FROM articles").fetchone()[0]
        text = project.conn.execute("SELECT text FROM articles").fetchone()[0]
        with project.transaction("Mark many") as tx:
            for i in range(n):
                start = (i * 7) % (len(text) - 40)
                add_claim.in_tx(tx, article_id=article_id, start=start, end=start + 30,
                                note=f"note {i} " + "x" * 200)
    finally:
        project.close()
    return path


def damage_claims_page(path: Path) -> int:
    """Overwrite one leaf page of the claims table in the middle of the file; returns how many claims it
    held."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        pages = conn.execute("SELECT pageno, ncell FROM dbstat WHERE name = 'claims' AND pagetype = 'leaf' "
                             "ORDER BY pageno").fetchall()
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    finally:
        conn.close()
    assert len(pages) >= 5, "the fixture must spread claims over several pages"
    pageno, cells = pages[len(pages) // 2]
    with path.open("r+b") as fh:
        fh.seek((pageno - 1) * page_size)
        fh.write(bytes((i * 37 + 11) % 256 for i in range(page_size)))
    return cells


def flip(path: Path, find: bytes, offset: int, value: int) -> None:
    """Set the byte ``offset`` after the first ``find`` in the file to ``value`` (damage in place)."""
    data = bytearray(path.read_bytes())
    at = data.find(find)
    assert at > 0
    data[at + offset] = value
    path.write_bytes(bytes(data))
