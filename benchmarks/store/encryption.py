"""Encrypted projects against plain ones, on our workload, in the same run: the figures behind
``docs/encryption.md`` and the future ``open_encrypted``/``search_encrypted`` lines of ``python -m benchmarks``.

Uses the benchmark projects (``benchmarks.generate``: ``large`` for open and search, ``report`` for the
report and the full read) and an encrypted copy of each, made once with ``store.cipher.write_copy`` and
cached beside them. Plain and encrypted runs alternate, so the machine's noise hits both alike. Lines:

- ``kdf``: deriving the key from a passphrase (PBKDF2-HMAC-SHA512, 256,000 rounds): once per passphrase
  entry, deliberately slow; not part of ``open`` (see docs/encryption.md).
- ``open``: connect (with the derived key), check the schema against ours (what ``Project.open`` does on a
  file this machine closed cleanly), then list the articles and all claims the way the window's lists
  fill after opening (``list_articles``, ``list_claims(lean=True)``). Target ≤ 1.15×.
- ``search``: ``store.search.search`` on the large project, median of the queries of ``benchmarks.run``
  (each warm, median of several runs). Target ≤ 1.15×.
- ``report``: ``export_markdown`` of the 20,000-claim report project. Target ≤ 1.15×.
- ``fullread``: ``PRAGMA quick_check`` over the whole large project: what opening a file this machine
  cannot vouch for costs (a colleague's copy, after a crash). No target; reported for planning.

Run: ``.venv/bin/python -m benchmarks.store.encryption [--quick]`` (about 5 minutes; ``--quick`` 1).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sqlite3
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.run import Settings, search_queries
from workbench.store import Project, cipher
from workbench.store.opening import OpenedFile
from workbench.store.schema import SCHEMA_VERSION
from workbench.store.schema_guard import schema_differences

PASSPHRASE = "benchmark passphrase for encrypted projects"
TARGET = 1.15


def encrypted_copy(plain: Path) -> Path:
    """An encrypted copy of ``plain`` (made once, under a temporary name renamed when complete)."""
    dest = plain.with_name(plain.stem + ".encrypted.fcproj")
    if not dest.exists():
        tmp = dest.with_name(f".{dest.name}.{os.getpid()}.partial")
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        cipher.write_copy(plain, None, tmp, cipher.new_key(PASSPHRASE))
        os.replace(tmp, dest)
    return dest


def _plain_conn(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    conn.execute("PRAGMA trusted_schema=OFF")
    return conn


def _encrypted_conn(path: Path, key: cipher.CipherKey) -> Any:
    conn = cipher.connect(path, key, mode="ro")
    conn.execute("PRAGMA trusted_schema=OFF")
    return conn


def _open_once(path: Path, connect: Callable[[], Any]) -> None:
    from workbench.store.queries import list_articles, list_claims

    conn = connect()
    try:
        conn.execute("PRAGMA writable_schema=ON")
        if schema_differences(conn, SCHEMA_VERSION):
            raise SystemExit("the benchmark project is not a clean project file")
        conn.execute("PRAGMA writable_schema=OFF")
        project = Project(OpenedFile(path, conn), author="")
        list_articles(project)
        list_claims(project, lean=True)
    finally:
        conn.close()


def _pairs(plain: Callable[[], object], encrypted: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median seconds of ``plain`` and ``encrypted``, alternating."""
    a: list[float] = []
    b: list[float] = []
    for _ in range(runs):
        for fn, out in ((plain, a), (encrypted, b)):
            t = time.perf_counter()
            fn()
            out.append(time.perf_counter() - t)
    return statistics.median(a), statistics.median(b)


def measure(settings: Settings) -> list[tuple[str, str, float, float, str]]:
    """(line, work, plain seconds, encrypted seconds, target) for every line."""
    from workbench.export import ExportOptions
    from workbench.export.markdown_report import export_markdown
    from workbench.store.search import search

    quick = settings.quick
    large, report = settings.project("large"), settings.project("report")
    enc_large, enc_report = encrypted_copy(large), encrypted_copy(report)
    lines = []

    t = time.perf_counter()
    key_large = cipher.unlock(enc_large, PASSPHRASE)
    kdf = time.perf_counter() - t
    key_report = cipher.unlock(enc_report, PASSPHRASE)
    lines.append(("kdf", "derive the key from the passphrase and check it (once per entry)", 0.0, kdf, "–"))

    plain_s, enc_s = _pairs(lambda: _open_once(large, lambda: _plain_conn(large)),
                            lambda: _open_once(enc_large, lambda: _encrypted_conn(enc_large, key_large)),
                            3 if quick else 9)
    lines.append(("open", "connect, schema check, list 1,000 articles and 50,000 claims", plain_s, enc_s,
                  "<= 1.15x"))

    queries = search_queries(large, settings.seed, 10 if quick else 50)
    plain_p = Project(OpenedFile(large, _plain_conn(large)), author="")
    enc_p = Project(OpenedFile(enc_large, _encrypted_conn(enc_large, key_large)), author="")
    per_query = []
    try:
        for q in queries:
            search(plain_p, q)  # warm both, as benchmarks.run does
            search(enc_p, q)
            per_query.append(_pairs(lambda q=q: search(plain_p, q), lambda q=q: search(enc_p, q), 2 if quick else 5))
    finally:
        plain_p.conn.close()
        enc_p.conn.close()
    lines.append(("search", f"store.search, median of {len(queries)} queries, large project",
                  statistics.median(p for p, _ in per_query), statistics.median(e for _, e in per_query),
                  "<= 1.15x"))

    plain_p = Project(OpenedFile(report, _plain_conn(report)), author="")
    enc_p = Project(OpenedFile(enc_report, _encrypted_conn(enc_report, key_report)), author="")
    try:
        options = ExportOptions(private_notes=True)
        plain_s, enc_s = _pairs(lambda: export_markdown(plain_p, options), lambda: export_markdown(enc_p, options),
                                1 if quick else 3)
    finally:
        plain_p.conn.close()
        enc_p.conn.close()
    lines.append(("report", "Markdown report, 20,000 claims", plain_s, enc_s, "<= 1.15x"))

    def full_read(connect: Callable[[], Any]) -> None:
        conn = connect()
        try:
            conn.execute("PRAGMA quick_check").fetchall()
        finally:
            conn.close()

    plain_s, enc_s = _pairs(lambda: full_read(lambda: _plain_conn(large)),
                            lambda: full_read(lambda: _encrypted_conn(enc_large, key_large)), 1 if quick else 3)
    lines.append(("fullread", "quick_check of the whole large project (files not vouched for)", plain_s, enc_s,
                  "–"))
    return lines


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms" if seconds < 0.01 else f"{seconds * 1000:.0f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.store.encryption",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and queries (noisier)")
    args = parser.parse_args(argv)
    settings = Settings(quick=args.quick, log=lambda m: print(m, flush=True))
    print(f"SQLite {sqlite3.sqlite_version} (plain), {cipher.driver().sqlite_version} with SQLCipher (encrypted); "
          f"load {[round(x, 2) for x in os.getloadavg()]}")
    print(f"{'line':<9} {'plain':>10} {'encrypted':>10} {'ratio':>7}  {'target':<9}      work")
    ok = True
    for name, work, plain_s, enc_s, target in measure(settings):
        ratio = enc_s / plain_s if plain_s else None
        passed = ratio is None or target == "–" or ratio <= TARGET
        ok &= passed
        print(f"{name:<9} {_ms(plain_s) if plain_s else '–':>10} {_ms(enc_s):>10} "
              f"{'–' if ratio is None else f'{ratio:.2f}x':>7}  {target:<9} {'PASS' if passed else 'FAIL'}  {work}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
