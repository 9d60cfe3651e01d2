"""The far side of the crash tests: a "zygote" process and the work its forked children do until killed.

Starting Python and importing the app costs ~0.3 s, far too slow for a hundred kills, so one zygote
imports everything once (no Qt, no threads) and, for each request read from stdin, forks a child that
works on a project, SIGKILLs that child after the requested delay, and answers on stdout how it ended.

A child appends one line to its acknowledgement file *after* each operation returned: the row images
the operation reported (article text left out) and the number of history rows then in the file. The
test reads them after the kill: every acknowledged change must be in the reopened file.

Run as ``python -m tests.reliability.worker`` from the repository root. Also imported by the tests for
what both sides share: the sample files for imports and the version-2 migration used by the migration test.
"""

from __future__ import annotations

import contextlib
import fcntl  # noqa: F401  (used by store.lock; loaded here for children that drop root)
import io
import json
import os
import random
import signal
import sqlite3
import sys
import time
import traceback
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.support.pdf import text_pdf
from workbench import cli, ops
from workbench.core.errors import WorkbenchError
from workbench.importers import import_bytes, import_file
from workbench.ops.merge import merge_project
from workbench.store import Changes, Project

# -- shared with the tests -----------------------------------------------------------------------------

WORDS = ("minister", "budget", "bridge", "council", "said", "percent", "record", "never", "election",
         "report", "police", "hospital", "school", "tax", "promise", "growth", "army", "river")
SPEAKERS = ("Mark Rutte", "the mayor", "a spokesperson", "Dr. Amina Yusuf", "the Kremlin", "")
TAGS = ("economy", "defence", "health", "Russia", "local", "numbers")


def story(rng: random.Random, sentences: int = 12) -> str:
    """An article body with quoted sentences to mark (every one different, so no two texts collide)."""
    out = []
    for i in range(sentences):
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14)))
        who = rng.choice(SPEAKERS) or "officials"
        out.append(f"{who.capitalize()} said: “{words.capitalize()} {rng.randint(0, 10**9)}.” Line {i}.")
    return "\n\n".join(out)


def make_import_files(folder: Path, seed: int, count: int = 8) -> list[Path]:
    """Files of every importable kind (.txt, .html, .pdf, .docx), each with its own story."""
    import docx  # python-docx: a real Word file, as a journalist would get one

    rng = random.Random(seed)
    files = []
    for i in range(count):
        text = story(rng, 6)
        kind = ("txt", "html", "pdf", "docx")[i % 4]
        path = folder / f"story-{i}.{kind}"
        if kind == "txt":
            path.write_text(f"Headline {i}\n\n{text}\n", encoding="utf-8")
        elif kind == "html":
            paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
            path.write_text(f"<html><head><title>Story {i}</title></head><body><article><h1>Story {i}</h1>"
                            f"{paragraphs}</article></body></html>", encoding="utf-8")
        elif kind == "pdf":
            lines = [f"Story {i}"] + [p[:90] for p in text.split("\n\n")]
            path.write_bytes(text_pdf([lines]))
        else:
            document = docx.Document()
            document.add_heading(f"Story {i}", level=1)
            for paragraph in text.split("\n\n"):
                document.add_paragraph(paragraph)
            document.save(path)
            # Sanity: a .docx is a zip archive; a broken writer would make the test measure the wrong thing.
            assert zipfile.is_zipfile(path)
        files.append(path)
    return files


NEW_COLUMN = "quote_words"


def migrate_1_to_2(conn: sqlite3.Connection) -> None:
    """A realistic upgrade for the migration test: a new column, backfilled row by row in Python (as a
    migration computing values the old format did not have would), and an index over it."""
    conn.execute(f"ALTER TABLE claims ADD COLUMN {NEW_COLUMN} INTEGER NOT NULL DEFAULT -1")
    for claim_id, exact in conn.execute("SELECT id, exact FROM claims").fetchall():
        conn.execute(f"UPDATE claims SET {NEW_COLUMN} = ? WHERE id = ?", (len(exact.split()), claim_id))
    conn.execute(f"CREATE INDEX claims_{NEW_COLUMN} ON claims({NEW_COLUMN})")


def install_format_2(monkeypatch: Any = None) -> None:
    """Make this process's app read and write file format 2, with ``migrate_1_to_2`` as the upgrade.

    Every module that copied SCHEMA_VERSION at import time gets the new value too. With pytest's
    ``monkeypatch`` the change is undone after the test.
    """
    from workbench.store import schema

    # "1" and "2" stand for this build's format and the pretend next one.
    current = schema.SCHEMA_VERSION
    setattr_ = setattr if monkeypatch is None else monkeypatch.setattr
    if monkeypatch is None:
        schema.MIGRATIONS[current] = migrate_1_to_2
    else:
        monkeypatch.setitem(schema.MIGRATIONS, current, migrate_1_to_2)
    for name, module in list(sys.modules.items()):
        if name.startswith("workbench.") and getattr(module, "SCHEMA_VERSION", None) == current:
            setattr_(module, "SCHEMA_VERSION", current + 1)


# -- the child's work ----------------------------------------------------------------------------------


class Acks:
    """Appends one line per finished operation; a whole line per write() so a kill never splits one."""

    def __init__(self, path: str) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def write(self, record: dict[str, Any]) -> None:
        os.write(self.fd, (json.dumps(record, ensure_ascii=False) + "\n").encode())


def images(changes: Changes | None) -> list[list[Any]]:
    if changes is None:
        return []
    return [[i.table, i.row_id, None if i.after is None else {k: v for k, v in i.after.items() if k != "text"}]
            for i in changes.images]


def history_count(project: Project) -> int:
    return project.conn.execute("SELECT count(*) FROM history").fetchone()[0]


def _ids(project: Project, sql: str) -> list[str]:
    return [r[0] for r in project.conn.execute(sql)]


def run_edits(project_path: str, ack_path: str, seed: int) -> None:
    """A journalist's afternoon at machine speed: mark, annotate, tag, cite, delete, undo, import."""
    rng = random.Random(seed)
    acks = Acks(ack_path)
    project = Project.open(project_path, author="crash-test")
    done: list[Changes] = []

    def pick(sql: str) -> str | None:
        ids = _ids(project, sql)
        return rng.choice(ids) if ids else None

    def add_claim() -> Changes | None:
        article = pick("SELECT id FROM articles")
        if article is None:
            return None
        text = project.conn.execute("SELECT text FROM articles WHERE id = ?", (article,)).fetchone()[0]
        start = rng.randrange(0, max(1, len(text) - 10))
        return ops.add_claim(project, article_id=article, start=start, end=min(len(text), start + rng.randint(3, 80)),
                             speaker=rng.choice(SPEAKERS), tags=rng.sample(TAGS, rng.randint(0, 2)))

    def edit_claim() -> Changes | None:
        claim = pick("SELECT id FROM claims")
        if claim is None:
            return None
        field = rng.choice(("speaker", "status", "verdict", "note"))
        value = {"speaker": lambda: rng.choice(SPEAKERS),
                 "status": lambda: rng.choice(("To check", "In progress", "Checked", "Published")),
                 "verdict": lambda: rng.choice([*_ids(project, "SELECT label FROM verdict_scale"), ""]),
                 "note": lambda: " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 40)))}[field]()
        return ops.update_claim(project, claim_id=claim, **{field: value})

    def tag() -> Changes | None:
        claim = pick("SELECT id FROM claims")
        return None if claim is None else ops.tag_claim(project, claim_id=claim, name=rng.choice(TAGS))

    def untag() -> Changes | None:
        row = project.conn.execute("SELECT claim_id, tag_id FROM claim_tags ORDER BY random() LIMIT 1").fetchone()
        return None if row is None else ops.untag_claim(project, claim_id=row[0], tag_id=row[1])

    def add_source() -> Changes | None:
        claim = pick("SELECT id FROM claims")
        return ops.add_source(project, title=f"Report {rng.randint(0, 10**6)}", url="https://example.org/r",
                              claim_id=claim, relation=rng.choice(("supports", "refutes", "context")))

    def link() -> Changes | None:
        claim, source = pick("SELECT id FROM claims"), pick("SELECT id FROM sources")
        if claim is None or source is None:
            return None
        return ops.link_source(project, claim_id=claim, source_id=source, relation="context",
                               locator=f"p. {rng.randint(1, 10**6)}")

    def attach() -> Changes | None:
        source = pick("SELECT id FROM sources")
        if source is None:
            return None
        return ops.attach_file(project, source_id=source, data=rng.randbytes(rng.randint(1, 60_000)),
                               name=f"scan-{rng.randint(0, 10**6)}.pdf")

    def delete_claim() -> Changes | None:
        claim = pick("SELECT id FROM claims")
        return None if claim is None else ops.delete_claim(project, claim_id=claim)

    def undo() -> Changes | None:
        return ops.undo_changes(project, changes=done.pop()) if done else None

    def add_article() -> Changes | None:
        data = f"Story {rng.randint(0, 10**9)}\n\n{story(rng)}".encode()
        return ops.add_article(project, article=import_bytes(data, "wire.txt"))

    def rename() -> Changes | None:
        return ops.set_project_title(project, title=f"Investigation {rng.randint(0, 10**6)}")

    menu: list[tuple[Callable[[], Changes | None], int]] = [
        (add_claim, 8), (edit_claim, 10), (tag, 4), (untag, 2), (add_source, 3), (link, 3), (attach, 2),
        (delete_claim, 2), (undo, 3), (add_article, 1), (rename, 1)]
    fns, weights = zip(*menu, strict=True)
    for n in range(100_000):
        fn = rng.choices(fns, weights)[0]
        try:
            changes = fn()
        except WorkbenchError:
            changes = None  # refused (e.g. a span of blanks): nothing changed, which the check also proves
        if changes is not None and changes.images and fn is not undo:
            done.append(changes)
        acks.write({"n": n, "op": fn.__name__, "images": images(changes), "history": history_count(project)})


def run_import(project_path: str, ack_path: str, seed: int, files: list[str]) -> None:
    """Import files one after another, keeping originals (the default for PDF and Word), half of them
    through the command line (which opens and closes the project for each), half as the window does."""
    rng = random.Random(seed)
    acks = Acks(ack_path)
    for n in range(100_000):
        name = rng.choice(files)
        if n % 2:
            out = io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
                status = cli.main(["import", "--json", "--allow-duplicates", project_path, name])
            if status != 0:
                raise RuntimeError(f"workbench import {name} exited with {status}")
            made = json.loads(out.getvalue())
            with Project.open(project_path, read_only=True) as project:
                acks.write({"n": n, "op": "cli import", "history": history_count(project), "images": [
                    ["articles", a["id"], {"id": a["id"], "source_file": a["source_file"]}] for a in made]})
        else:
            with Project.open(project_path, author="crash-test") as project:
                article = import_file(name)
                keep = ops.keeps_original_by_default(article)
                changes = ops.add_article(project, article=article,
                                          original=Path(name).read_bytes() if keep else None)
                acks.write({"n": n, "op": "import", "images": images(changes), "history": history_count(project)})


def run_merge(project_path: str, ack_path: str, other: str) -> None:
    acks = Acks(ack_path)
    with Project.open(project_path, author="crash-test") as project:
        report = merge_project(project, other_path=other)
        acks.write({"op": "merge", "changed": report.changed_anything})


def run_migration(project_path: str, ack_path: str) -> None:
    install_format_2()
    acks = Acks(ack_path)
    with Project.open(project_path, author="crash-test") as project:
        version = project.conn.execute("PRAGMA user_version").fetchone()[0]
        acks.write({"op": "open", "version": version})


NOBODY = 65534  # the unprivileged user and group a root child becomes
BIG = 400_000  # bytes: more than a nearly full disk or file size limit leaves


def fill_and_recover(project: Project, fill: Callable[[], None], free: Callable[[], None]) -> dict[str, Any]:
    """What a journalist does on a full disk: saves something small before it fills up, tries to save
    big things (an attached file, a long article) and is told no, makes room, and carries on.

    Returns what happened; a raw (non-Workbench) error propagates and fails the test.
    """
    rng = random.Random(1)
    source_id = ops.add_source(project, title="Court filing").created("sources")[0]
    fill()
    failures = []
    attempts: list[tuple[str, Callable[[], Changes]]] = [
        ("Attach file", lambda: ops.attach_file(project, source_id=source_id, data=rng.randbytes(BIG),
                                                name="filing.pdf")),
        ("Add article", lambda: ops.add_article(project, article=import_bytes(
            story(rng, 3000).encode(), "long-read.txt"))),
    ]
    for op, attempt in attempts:
        try:
            attempt()
            failures.append({"op": op, "error": None, "type": None})
        except WorkbenchError as exc:
            failures.append({"op": op, "error": str(exc), "type": type(exc).__name__})
    check_while_full = project.check()
    free()
    after = ops.attach_file(project, source_id=source_id, data=rng.randbytes(BIG), name="filing.pdf")
    return {"source_id": source_id, "failures": failures, "check_while_full": check_while_full,
            "attached_after": after.created("source_files")}


def run_file_size_limit(project_path: str, ack_path: str) -> None:
    """``fill_and_recover`` with the operating system's file size limit as the full disk: writes past
    it fail (EFBIG) exactly as on a full disk, in this process only."""
    import resource

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # fail the write instead of killing the process
    acks = Acks(ack_path)
    limit = resource.getrlimit(resource.RLIMIT_FSIZE)

    def fill() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (Path(project_path).stat().st_size + 8192, limit[1]))

    def free() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, limit)

    with Project.open(project_path, author="io-test") as project:
        acks.write(fill_and_recover(project, fill, free))


def run_read_only_folder(project_path: str, ack_path: str, data_dir: str) -> None:
    """The project's folder becomes read-only while the project is open (a share remounted read-only,
    permissions changed): changes are refused until it is writable again. As root, permissions do not
    bind, so the child first becomes an ordinary user (the test made the folder theirs)."""
    os.environ["WORKBENCH_DATA_DIR"] = data_dir
    acks = Acks(ack_path)
    if os.geteuid() == 0:
        os.setgid(NOBODY)
        os.setuid(NOBODY)
    folder = Path(project_path).parent
    with Project.open(project_path, author="io-test") as project:
        saved = ops.add_source(project, title="Saved before").created("sources")[0]
        folder.chmod(0o555)
        try:
            ops.add_source(project, title="While read-only")
            error, kind = None, None
        except WorkbenchError as exc:
            error, kind = str(exc), type(exc).__name__
        check = project.check()
        folder.chmod(0o755)
        after = ops.add_source(project, title="Writable again").created("sources")[0]
        acks.write({"saved": saved, "error": error, "type": kind, "check": check, "after": after})


SCENARIOS: dict[str, Callable[..., None]] = {
    "edits": run_edits, "import": run_import, "merge": run_merge, "migration": run_migration,
    "file_size_limit": run_file_size_limit, "read_only_folder": run_read_only_folder}


# -- the zygote ----------------------------------------------------------------------------------------


def _child(request: dict[str, Any]) -> None:
    """In the forked child: do the work, never return into the zygote's loop."""
    code = 0
    # Opened first: a scenario may give up root and could not open it afterwards.
    errors = os.open(request["errors"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 0)
        os.dup2(devnull, 1)  # the zygote's stdout is the pipe to the test: keep it clean
        SCENARIOS[request["scenario"]](**request["args"])
    except BaseException:
        code = 3
        os.write(errors, traceback.format_exc().encode())
    finally:
        os._exit(code)


def warm_up() -> None:
    """Import every importer (and what they load on first use) once here, not in every forked child:
    HTML extraction alone takes half a second to load."""
    import docx

    document = docx.Document()
    document.add_paragraph("The minister said: “Warm up.”")
    buffer = io.BytesIO()
    document.save(buffer)
    for data, name in ((b"<html><body><article><p>The minister said: \xe2\x80\x9cWarm up.\xe2\x80\x9d</p>"
                        b"</article></body></html>", "w.html"),
                       (text_pdf([["The minister said: Warm up."]]), "w.pdf"), (buffer.getvalue(), "w.docx")):
        with contextlib.suppress(WorkbenchError):
            import_bytes(data, name)


def serve() -> None:
    """Answer one request per stdin line until stdin closes."""
    warm_up()
    for line in sys.stdin:
        request = json.loads(line)
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            _child(request)
        started = time.monotonic()
        deadline = started + request["delay"]
        # Wait for the delay, or less if the child finishes first (a merge may end before its kill).
        status = None
        while time.monotonic() < deadline:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            time.sleep(0.001)
        else:
            os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
        killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        reply = {"pid": pid, "killed": killed, "exit": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
                 "seconds": round(time.monotonic() - started, 4)}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    serve()
