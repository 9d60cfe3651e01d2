"""Side by side with Taguette (issue 25): what a journalist might use instead, on the same real pages.

Taguette 1.5.2 (PyPI; a Tornado + SQLAlchemy web app for qualitative coding) is driven the way its own web
handlers do (``web/api.py``: ``convert.to_html`` of the upload, a ``Document`` and its ``Command``
committed per upload; a ``Highlight`` with ``extract.extract``'s snippet and its ``Command`` committed per
highlight; ``export.highlights_csv``), in its own virtual environment, without its HTTP layer. Ours: the
same pages through ``importers.import_file`` + ``ops.add_article``, ``ops.add_claim`` and the CSV export.
Both on SQLite files in a temporary folder, each side in a fresh process, timed from inside it.

Not the same work, and said so beside the figures: Taguette keeps a page's whole sanitised body; we extract
the article (trafilatura + readability-lxml), read its dateline and keep history and undo for every edit.

Pages: the first 50 of Mozilla Readability's test pages (``source.html``), real pages from the web, read
from the git mirror the HTML benchmark uses (``benchmarks/importers/realsets.py``). Run::

    python3 -m venv /tmp/taguette-venv && /tmp/taguette-venv/bin/pip install taguette==1.5.2
    python -m benchmarks.taguette_compare [--pages 50] [--highlights 20] [--venv /tmp/taguette-venv]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.importers.realsets import _repo

_TAGUETTE = r"""
import asyncio, io, json, resource, sys, time
from pathlib import Path
from taguette import convert, database, export, extract
folder, n_hl = Path(sys.argv[1]), int(sys.argv[2])
db = database.connect(f"sqlite:///{folder / 'taguette.sqlite3'}")()
user = database.User(login="ana"); db.add(user)
project = database.Project(name="bench", description=""); db.add(project); db.commit()
t = time.perf_counter(); docs = []
for page in sorted(folder.glob("page-*.html")):
    body = asyncio.run(convert.to_html(page.read_bytes(), "text/html", page.name, {}))
    doc = database.Document(name=page.name, description="", filename=page.name, project=project,
                            text_direction=database.TextDirection.LEFT_TO_RIGHT, contents=body)
    db.add(doc); db.flush()
    db.add(database.Command.document_add("ana", doc)); db.commit(); docs.append(doc)
imported = time.perf_counter() - t
t = time.perf_counter(); made = 0
for doc in docs:
    size = len(convert.html_to_plaintext(doc.contents).encode("utf-8"))  # offsets count UTF-8 bytes of text
    step = max(size // (n_hl + 1), 1)
    for i in range(n_hl):
        start, end = i * step, i * step + min(60, step)
        try:
            snippet = extract.extract(doc.contents, start, end)
        except IndexError:  # an offset its own text measure puts past the document's end: its API refuses it
            continue
        if not snippet.strip():
            continue
        hl = database.Highlight(document=doc, start_offset=start, end_offset=end, snippet=snippet)
        db.add(hl); db.flush()
        db.add(database.Command.highlight_add("ana", doc, hl, [])); db.commit(); made += 1
highlighted = time.perf_counter() - t
t = time.perf_counter(); out = io.StringIO(); export.highlights_csv(db, project.id, "", out)
exported = time.perf_counter() - t; rows = out.getvalue().count("\n") - 1
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"import_s": imported, "highlight_s": highlighted, "highlights": made, "docs": len(docs),
                  "export_s": exported, "export_rows": rows, "peak_mb": peak}))
"""

_OURS = r"""
import json, resource, sys, time
from pathlib import Path
from workbench import ops
from workbench.core.errors import WorkbenchError
from workbench.export import export
from workbench.importers import import_file
from workbench.store import Project
folder, n_hl = Path(sys.argv[1]), int(sys.argv[2])
project = Project.create(folder / "ours.fcproj", author="Ana")
t = time.perf_counter(); ids = []
for page in sorted(folder.glob("page-*.html")):
    try:
        ids.append(ops.add_article(project, article=import_file(page)).created("articles")[0])
    except WorkbenchError:
        pass  # refused (not an article page): counted below
imported = time.perf_counter() - t
t = time.perf_counter(); made = 0
for article_id in ids:
    size = len(project.conn.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()[0])
    step = max(size // (n_hl + 1), 1)
    for i in range(n_hl):
        try:
            ops.add_claim(project, article_id=article_id, start=i * step, end=i * step + min(60, step))
            made += 1
        except WorkbenchError:
            pass  # a span of blanks only
highlighted = time.perf_counter() - t
t = time.perf_counter(); csv_text = export(project, "csv"); exported = time.perf_counter() - t
rows = len(csv_text.splitlines()) - 1
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"import_s": imported, "highlight_s": highlighted, "highlights": made, "docs": len(ids),
                  "export_s": exported, "export_rows": rows, "peak_mb": peak}))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--highlights", type=int, default=20, help="highlights per page")
    parser.add_argument("--venv", default="/tmp/taguette-venv", help="the virtual environment Taguette is in")
    args = parser.parse_args(argv)
    taguette_python = Path(args.venv) / "bin" / "python"
    if not taguette_python.exists():
        print(f"No Taguette at {args.venv}. Make it with: python3 -m venv {args.venv} && "
              f"{args.venv}/bin/pip install taguette==1.5.2", file=sys.stderr)
        return 0
    repo = _repo("readability")
    names = sorted({p.split("/")[2] for p in repo.files("test/test-pages/")})[: args.pages]
    with tempfile.TemporaryDirectory(prefix="wb-taguette-") as tmp:
        folder = Path(tmp)
        for n, name in enumerate(names):
            data = repo.read(f"test/test-pages/{name}/source.html")
            if data:
                (folder / f"page-{n:03d}.html").write_bytes(data)
        repo.close()
        results = {}
        for side, python, code in (("taguette", str(taguette_python), _TAGUETTE), ("ours", sys.executable, _OURS)):
            done = subprocess.run([python, "-c", code, str(folder), str(args.highlights)], capture_output=True,
                                  text=True, timeout=1800)
            if done.returncode:
                print(f"{side} failed: {done.stderr[-2000:]}", file=sys.stderr)
                return 1
            results[side] = json.loads(done.stdout.splitlines()[-1])
    t, o = results["taguette"], results["ours"]
    print(f"pages: {len(names)}; Taguette kept {t['docs']}, we imported {o['docs']} as articles")
    print(f"import       ours {o['import_s']:.2f} s   Taguette {t['import_s']:.2f} s   "
          f"ratio {o['import_s'] / t['import_s']:.2f}")
    print(f"highlights   ours {o['highlight_s']:.2f} s ({o['highlights']})   Taguette {t['highlight_s']:.2f} s "
          f"({t['highlights']})   per highlight {o['highlight_s'] / max(o['highlights'], 1) * 1000:.1f} ms vs "
          f"{t['highlight_s'] / max(t['highlights'], 1) * 1000:.1f} ms")
    # Taguette exports highlights by tag: untagged ones (all of these) are not in its CSV, so no comparison.
    print(f"export CSV   ours {o['export_s']:.2f} s ({o['export_rows']} lines)   Taguette: {t['export_rows']} lines "
          "(it exports highlights by tag; these have none)")
    print(f"peak memory  ours {o['peak_mb']:.0f} MB   Taguette {t['peak_mb']:.0f} MB")
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
