"""How long a backup of a 200 MB project takes, and how long it makes the window wait.

Makes a project of about 200 MB (four 50 MB attached files plus 2,000 claims) in a temporary folder, then
measures, against a floor of a plain file copy of the same file in the same run:

- ``make_backup`` on the calling thread (what a merge or bulk delete waits for before it starts);
- ``backup_file`` in a worker thread (the periodic backup) while the main thread commits a small edit
  every 20 ms (stress), 300 ms (clicking through claims) or 1.2 s (notes are saved 1.2 s after typing
  stops): the slowest of those commits is the longest the window can freeze because of a backup, and is
  compared with the slowest commit without a backup. With ``wait_if_busy=False`` (the window's first two
  tries) the backup gives up rather than hold the file; with True it holds the file for the copy.

Run: ``.venv/bin/python benchmarks/store/backup_block.py`` (takes about a minute; needs ~1 GB of disk).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("WORKBENCH_AUTHOR", "Benchmark")

from workbench import ops
from workbench.core.errors import BackupBusy
from workbench.ops.sample import create_sample_project
from workbench.store import Project
from workbench.store.backups import backup_file, make_backup
from workbench.store.queries import list_claims

MB = 1024 * 1024


def build(path: Path) -> None:
    with create_sample_project(path) as project:
        claim_id = list_claims(project)[0].id
        for n in range(4):
            source = ops.add_source(project, title=f"Big file {n}").created("sources")[0]
            ops.attach_file(project, source_id=source, data=os.urandom(50 * MB - 1024), name=f"big{n}.bin")
        for n in range(2000):
            ops.update_claim(project, claim_id=claim_id, note=f"edit {n} " * 20)


def commits_while(project: Project, claim_id: str, busy: threading.Event | None, seconds: float,
                  pause: float) -> list[float]:
    """Commit an edit every ``pause`` seconds; return each commit's duration (while ``busy`` is set)."""
    times = []
    end = time.perf_counter() + seconds
    n = 0
    while time.perf_counter() < end or (busy is not None and busy.is_set()):
        t = time.perf_counter()
        ops.update_claim(project, claim_id=claim_id, note=f"typing {n}")
        times.append(time.perf_counter() - t)
        n += 1
        time.sleep(pause)
        if busy is not None and not busy.is_set() and time.perf_counter() >= end:
            break
    return times


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="backups-bench-") as tmp:
        os.environ["WORKBENCH_DATA_DIR"] = str(Path(tmp) / "data")
        path = Path(tmp) / "big.fcproj"
        build(path)
        size = path.stat().st_size
        print(f"project: {size / MB:.0f} MB")

        t = time.perf_counter()
        shutil.copyfile(path, Path(tmp) / "floor.fcproj")
        floor = time.perf_counter() - t
        print(f"floor (plain file copy): {floor * 1000:.0f} ms")

        with Project.open(path) as project:
            claim_id = list_claims(project)[0].id
            t = time.perf_counter()
            make_backup(project, "manual")
            sync = time.perf_counter() - t
            print(f"make_backup on the calling thread: {sync * 1000:.0f} ms ({sync / floor:.2f}x the floor)")

            quiet = commits_while(project, claim_id, None, 2.0, 0.02)
            print(f"slowest commit without a backup: {max(quiet) * 1000:.1f} ms")
            # 20 ms: a stress test; 300 ms: clicking through statuses fast; 1.2 s: notes (saved 1.2 s after
            # typing stops). wait_if_busy=False is what the window asks for first; True after two put-offs.
            for pause, wait_if_busy in ((0.02, False), (0.02, True), (0.3, False), (0.3, True), (1.2, False)):
                busy = threading.Event()
                busy.set()
                result: dict[str, object] = {}

                def worker(busy: threading.Event = busy, result: dict[str, object] = result,
                           wait_if_busy: bool = wait_if_busy) -> None:
                    t0 = time.perf_counter()
                    try:
                        backup_file(path, "periodic", wait_if_busy=wait_if_busy)
                        result["outcome"] = "done"
                    except BackupBusy:
                        result["outcome"] = "put off"
                    result["worker"] = time.perf_counter() - t0
                    busy.clear()

                thread = threading.Thread(target=worker)
                thread.start()
                during = commits_while(project, claim_id, busy, 0.0, pause)
                thread.join()
                took = float(result["worker"])  # type: ignore[arg-type]
                print(f"commits every {pause * 1000:.0f} ms, wait_if_busy={wait_if_busy}: {result['outcome']} after "
                      f"{took * 1000:.0f} ms ({took / floor:.2f}x the floor); slowest of {len(during)} commits "
                      f"meanwhile {max(during) * 1000:.1f} ms ({max(during) / max(quiet):.1f}x the slowest without)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
