"""Side by side with Taguette (issue 25): what a journalist might pick instead, on the same real documents.

Taguette 1.5.2 (PyPI; a Tornado + SQLAlchemy web app for qualitative coding, the closest installable tool
for "import articles, highlight passages, export the highlights") runs in its OWN virtual environment, never
in ours. Both tools are driven the same way: each side in a fresh Python process of its own environment,
calling its own functions in-process, on an SQLite file in a temporary folder, timed from inside. Taguette's
side does what its web handlers do (``taguette/web/api.py``), minus HTTP and the browser:

* import: ``DocumentAdd`` -- ``validate.document_name``, ``convert.to_html_chunks`` of the file, a
  ``Document`` flushed, ``Command.document_add``, commit;
* highlight: ``HighlightAdd`` -- ``extract.extract`` of the snippet, a ``Highlight`` flushed, its row in
  ``highlight_tags``, ``Command.highlight_add`` with ``tag_count_changes``, commit, refresh;
* export: ``export.highlights_csv`` of all tags (the *Export highlights* menu).

Ours does what ``workbench import`` and ``workbench claim add`` do: ``importers.import_file``,
``ops.find_duplicate``, ``ops.add_article`` (with the original when the format keeps one);
``ops.add_claim`` with a tag; ``export.export(project, "csv")``. Both sides give every highlight one tag
("claim"), because Taguette's export leaves untagged highlights out.

Documents (all real, read from git mirrors the ``fetch`` tool brings, never copied into the repo):

* 25 news pages from Mozilla Readability's test set (``mozilla/readability``, Apache-2.0: BBC, CNN,
  the Guardian, NYT, Le Monde, Folha...): the same HTML bytes to both tools;
* 24 White House press articles (``brian14708/wh-briefings``; US government works, public domain), as
  Markdown files (the scraper's YAML header replaced by a ``# title`` line);
* the wire story of ``/work/shared/samples/`` (plain text).

Taguette converts every non-HTML file with Calibre's ``ebook-convert`` (one process per file, seconds each).
Where Calibre is missing (as here) it cannot import Markdown or text at all, so its side gets the HTML that
Calibre's input plugins would make, made beforehand and NOT timed: python-markdown for the Markdown (what
Calibre's Markdown input uses), one ``<p>`` per paragraph for the text. Its import figure is therefore a
lower bound for those 25 files.

Highlights: 20 per document over the same words. The spans are chosen before the timed runs: evenly spaced
~60-character stretches of our article text (word to word) that also occur in Taguette's text of the
document (whitespace aside), converted to Taguette's offsets (UTF-8 bytes over its HTML's text nodes, as its
front end sends them). A document either tool refused gets no highlights on either side.

Run (each side ``--repeat`` times, alternating; medians of the times, the largest peak memory)::

    python3 -m venv /tmp/taguette-venv && /tmp/taguette-venv/bin/pip install taguette==1.5.2
    nice -n 10 python -m benchmarks.taguette_compare [--highlights 20] [--repeat 3] [--json]
"""

from __future__ import annotations

import argparse
import html
import json
import re
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from benchmarks.importers.realsets import MIRROR, _Repo

TAGUETTE_VERSION = "1.5.2"
DEFAULT_VENV = "/tmp/taguette-venv"
SAMPLE = Path("/work/shared/samples/menafn-2024-10-20-nato-rutte.txt")
# News outlets' pages of the Readability test set (its hand-made fixtures, some lorem ipsum, left out).
NEWS_PAGES = (
    "aktualne", "bbc-1", "breitbart", "buzzfeed-1", "citylab-1", "cnet", "cnn", "engadget", "folha",
    "guardian-1", "heise", "herald-sun-1", "la-nacion", "lemonde-1", "liberation-1", "nytimes-1", "nytimes-2",
    "nytimes-3", "salon-1", "seattletimes-1", "telegraph", "theverge", "tmz-1", "wapo-1", "wapo-2",
)
WH_ARTICLES = 24
SPAN = 60

# Taguette's side, run with its venv's python: ``prep`` prints each document's text as its front end counts
# offsets (all text nodes of the stored HTML, html5lib as extract.extract parses it); ``run`` is timed.
_TAGUETTE = r"""
import asyncio, io, json, resource, sys, time
from pathlib import Path
def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
from bs4 import BeautifulSoup, NavigableString
from taguette import convert, database, export, extract, validate
mode, folder = sys.argv[1], Path(sys.argv[2])
files = sorted((folder / "taguette").glob("doc-*.html"))
if mode == "prep":
    texts = []
    for f in files:
        try:
            body = asyncio.run(convert.to_html_chunks(f.read_bytes(), "text/html", f.name, {}))
        except convert.ConversionError:
            texts.append(None); continue
        soup = BeautifulSoup(body, "html5lib")
        texts.append("".join(str(s) for s in soup.descendants if isinstance(s, NavigableString)))
    print(json.dumps(texts)); sys.exit()
spans = json.loads((folder / "spans.json").read_text())
base = rss_mb()
db = database.connect(f"sqlite:///{folder / 'taguette.sqlite3'}")()
user = database.User(login="ana"); db.add(user)
project = database.Project(name="bench", description=""); db.add(project); db.commit()
validate.tag_path("claim")
tag = database.Tag(project=project, path="claim", description=""); db.add(tag); db.flush()
db.add(database.Command.tag_add("ana", tag)); db.commit()
t, c = time.perf_counter(), time.process_time(); docs = []
for f in files:
    name = f.name; validate.document_name(name); validate.description("")
    try:
        body = asyncio.run(convert.to_html_chunks(f.read_bytes(), "text/html", validate.fix_filename(name), {}))
    except convert.ConversionError:
        docs.append(None); continue
    doc = database.Document(name=name, description="", filename=name, project=project,
                            text_direction=database.TextDirection.LEFT_TO_RIGHT, contents=body)
    db.add(doc); db.flush()
    db.add(database.Command.document_add("ana", doc)); db.commit(); docs.append(doc)
imported, imported_cpu = time.perf_counter() - t, time.process_time() - c
t, c = time.perf_counter(), time.process_time(); made = 0
for doc, doc_spans in zip(docs, spans):
    for _, _, start, end in doc_spans:
        snippet = extract.extract(doc.contents, start, end)
        if all(c in "\r\n\t" for c in snippet):
            continue
        hl = database.Highlight(document=doc, start_offset=start, end_offset=end, snippet=snippet)
        db.add(hl); db.flush()
        db.execute(database.highlight_tags.insert(), [dict(highlight_id=hl.id, tag_id=tag.id)])
        cmd = database.Command.highlight_add("ana", doc, hl, [tag.id])
        cmd.tag_count_changes = {tag.id: 1}
        db.add(cmd); db.commit(); db.refresh(cmd); made += 1
highlighted, highlighted_cpu = time.perf_counter() - t, time.process_time() - c
t, c = time.perf_counter(), time.process_time(); out = io.StringIO(); export.highlights_csv(db, project.id, "", out)
exported, exported_cpu = time.perf_counter() - t, time.process_time() - c
import csv
rows = sum(1 for _ in csv.reader(io.StringIO(out.getvalue()))) - 1
print(json.dumps({"docs": sum(d is not None for d in docs), "import_s": imported, "highlights": made,
                  "highlight_s": highlighted, "export_s": exported, "export_rows": rows,
                  "import_cpu": imported_cpu, "highlight_cpu": highlighted_cpu, "export_cpu": exported_cpu,
                  "base_mb": base, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

# Our side, run with our python; timed the same way.
_OURS = r"""
import json, resource, sys, time
from pathlib import Path
def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
from workbench import ops
from workbench.core.errors import WorkbenchError
from workbench.export import export
from workbench.importers import import_file
from workbench.store import Project
folder = Path(sys.argv[2])
files = sorted(p for p in (folder / "ours").iterdir() if p.name.startswith("doc-"))
spans = json.loads((folder / "spans.json").read_text())
base = rss_mb()
project = Project.create(folder / "ours.fcproj", author="Ana")
t, c = time.perf_counter(), time.process_time(); ids = []
for f in files:
    try:
        article = import_file(f)
        if ops.find_duplicate(project, article):
            ids.append(None); continue
        original = f.read_bytes() if ops.keeps_original_by_default(article) else None
        ids.append(ops.add_article(project, article=article, original=original).created("articles")[0])
    except WorkbenchError:
        ids.append(None)
imported, imported_cpu = time.perf_counter() - t, time.process_time() - c
t, c = time.perf_counter(), time.process_time(); made = 0
for article_id, doc_spans in zip(ids, spans):
    for start, end, _, _ in doc_spans:
        ops.add_claim(project, article_id=article_id, start=start, end=end, tags=("claim",)); made += 1
highlighted, highlighted_cpu = time.perf_counter() - t, time.process_time() - c
t, c = time.perf_counter(), time.process_time(); csv_text = export(project, "csv")
exported, exported_cpu = time.perf_counter() - t, time.process_time() - c
import csv, io
rows = sum(1 for _ in csv.reader(io.StringIO(csv_text))) - 1
print(json.dumps({"docs": sum(i is not None for i in ids), "import_s": imported, "highlights": made,
                  "highlight_s": highlighted, "export_s": exported, "export_rows": rows,
                  "import_cpu": imported_cpu, "highlight_cpu": highlighted_cpu, "export_cpu": exported_cpu,
                  "base_mb": base, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


@dataclass(slots=True)
class Document:
    """One document as each tool's user would give it: ours the file itself, Taguette's its HTML."""

    name: str
    kind: str  # "news pages (HTML)", "White House articles (Markdown)", "wire story (text)"
    ours_ext: str
    ours_bytes: bytes
    taguette_html: bytes


def _missing(what: str, how: str) -> str:
    return f"taguette_compare skipped: {what}. {how}"


def documents() -> list[Document] | str:
    """The 50 documents, or why they cannot be read (a message saying how to obtain them)."""
    import markdown

    docs: list[Document] = []
    for owner_name in ("mozilla/readability", "brian14708/wh-briefings"):
        if not (MIRROR / owner_name.replace("/", "+") / "repo").is_dir():
            return _missing(f"no mirror of {owner_name} under {MIRROR}",
                            f"Bring it with the fetch tool (github:{owner_name}) or set $WORKBENCH_MIRROR.")
    repo = _Repo(MIRROR / "mozilla+readability" / "repo")
    try:
        for name in NEWS_PAGES:
            data = repo.read(f"test/test-pages/{name}/source.html")
            if data:
                docs.append(Document(name, "news pages (HTML)", ".html", data, data))
    finally:
        repo.close()
    repo = _Repo(MIRROR / "brian14708+wh-briefings" / "repo")
    try:
        for path in [p for p in repo.files("articles") if p.endswith(".md")][:WH_ARTICLES]:
            text = (repo.read(path) or b"").decode("utf-8")
            header, _, body = text.partition("\n---\n")
            title = re.search(r"^title:\s*['\"]?(.*?)['\"]?\s*$", header, re.M)
            md_text = f"# {title.group(1) if title else Path(path).stem}\n\n{body.strip()}\n"
            page = (f"<html><head><title>{html.escape(title.group(1) if title else '')}</title></head><body>"
                    f"{markdown.markdown(md_text)}</body></html>")
            docs.append(Document(Path(path).stem, "White House articles (Markdown)", ".md", md_text.encode("utf-8"),
                                 page.encode("utf-8")))
    finally:
        repo.close()
    if SAMPLE.is_file():
        text = SAMPLE.read_text(encoding="utf-8")
        paragraphs = "".join(f"<p>{html.escape(p.strip())}</p>" for p in re.split(r"\n\s*\n", text) if p.strip())
        docs.append(Document(SAMPLE.stem, "wire story (text)", ".txt", SAMPLE.read_bytes(),
                             f"<html><body>{paragraphs}</body></html>".encode()))
    return docs


def pick_spans(ours: str, theirs: str, count: int) -> list[tuple[int, int, int, int]]:
    """Up to ``count`` evenly spaced spans of our text (start, end) that also occur in Taguette's text of
    the same document, with Taguette's offsets for them (UTF-8 bytes, as its API takes them)."""
    spans: list[tuple[int, int, int, int]] = []
    size, after = len(ours), 0
    for i in range(count):
        for attempt in range(12):  # slide a few words on when the stretch reads differently in Taguette's text
            start = int((i + 0.5) * size / count) + attempt * SPAN // 3
            while 0 < start < size and not ours[start - 1].isspace():
                start += 1
            end = start + SPAN
            while end < size and not ours[end].isspace():
                end += 1
            words = ours[start:end].split()
            if end > size or len(" ".join(words)) < SPAN // 2 or (spans and start < spans[-1][1]):
                continue
            found = re.compile(r"\s+".join(map(re.escape, words))).search(theirs, after)
            if found:
                spans.append((start, end, len(theirs[:found.start()].encode("utf-8")),
                              len(theirs[:found.end()].encode("utf-8"))))
                after = found.end()
                break
    return spans


def _run(python: str, code: str, mode: str, folder: Path) -> dict:
    done = subprocess.run([python, "-c", code, mode, str(folder)], capture_output=True, text=True, timeout=3600)
    if done.returncode:
        raise RuntimeError(f"{python} {mode} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--highlights", type=int, default=20, help="highlights per document (default 20)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side, alternating (default 3)")
    parser.add_argument("--venv", default=DEFAULT_VENV, help=f"Taguette's virtual environment ({DEFAULT_VENV})")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args(argv)

    how = (f"Create it with: python3 -m venv {args.venv} && {args.venv}/bin/pip install "
           f"taguette=={TAGUETTE_VERSION}")
    taguette_python = Path(args.venv) / "bin" / "python"
    if not taguette_python.exists():
        print(_missing(f"no Taguette virtual environment at {args.venv}", how))
        return 0
    version = subprocess.run([str(taguette_python), "-c", "import taguette; print(taguette.__version__)"],
                             capture_output=True, text=True)
    if version.returncode:
        print(_missing(f"Taguette is not installed in {args.venv}", how))
        return 0
    docs = documents()
    if isinstance(docs, str):
        print(docs)
        return 0

    from workbench.core.errors import WorkbenchError
    from workbench.importers import import_file

    with tempfile.TemporaryDirectory(prefix="wb-taguette-") as tmp:
        root = Path(tmp)
        for side in ("ours", "taguette"):
            (root / side).mkdir()
        for n, doc in enumerate(docs):
            (root / "ours" / f"doc-{n:03d}{doc.ours_ext}").write_bytes(doc.ours_bytes)
            (root / "taguette" / f"doc-{n:03d}.html").write_bytes(doc.taguette_html)
        # The spans, untimed: our text of each document (as the import will make it) against Taguette's.
        their_texts = json.loads(subprocess.run(
            [str(taguette_python), "-c", _TAGUETTE, "prep", str(root)], capture_output=True, text=True,
            check=True, timeout=3600).stdout)
        spans = []
        for n, (doc, theirs) in enumerate(zip(docs, their_texts, strict=True)):
            try:
                ours = import_file(root / "ours" / f"doc-{n:03d}{doc.ours_ext}").text
            except WorkbenchError:
                ours = None
            spans.append(pick_spans(ours, theirs, args.highlights) if ours and theirs else [])
        (root / "spans.json").write_text(json.dumps(spans))

        runs: dict[str, list[dict]] = {"ours": [], "taguette": []}
        for i in range(args.repeat):
            for side, python, code in (("taguette", str(taguette_python), _TAGUETTE),
                                       ("ours", sys.executable, _OURS)):
                folder = root / f"run-{side}-{i}"
                folder.mkdir()
                for name in ("ours", "taguette", "spans.json"):
                    (folder / name).symlink_to(root / name)
                try:
                    runs[side].append(_run(python, code, "run", folder))
                except RuntimeError as exc:
                    print(exc, file=sys.stderr)
                    return 1

    def median(side: str, key: str) -> float:
        return statistics.median(r[key] for r in runs[side])

    o = {k: median("ours", k) for k in runs["ours"][0]}
    t = {k: median("taguette", k) for k in runs["taguette"][0]}
    o["peak_mb"] = max(r["peak_mb"] for r in runs["ours"])
    t["peak_mb"] = max(r["peak_mb"] for r in runs["taguette"])
    kinds: dict[str, int] = {}
    for doc in docs:
        kinds[doc.kind] = kinds.get(doc.kind, 0) + 1
    print(f"Taguette {version.stdout.strip()} vs Fact-Check Workbench, {len(docs)} real documents ("
          + ", ".join(f"{n} {k}" for k, n in kinds.items()) + f"), {args.highlights} highlights each, "
          f"median of {args.repeat} runs per side; Taguette kept {t['docs']:.0f}, we kept {o['docs']:.0f}")
    print(f"{'step':<12}{'ours':>24}{'Taguette':>24}{'ours/Taguette':>16}")

    def line(step: str, ours: float, theirs: float, unit: str, extra_o: str = "", extra_t: str = "") -> None:
        print(f"{step:<12}{f'{ours:.2f} {unit}{extra_o}':>24}{f'{theirs:.2f} {unit}{extra_t}':>24}"
              f"{ours / theirs if theirs else float('nan'):>15.2f}×")

    line("import", o["import_s"], t["import_s"], "s")
    line("highlight", o["highlight_s"], t["highlight_s"], "s", f" ({o['highlights']:.0f})",
         f" ({t['highlights']:.0f})")
    line("per hl", o["highlight_s"] / max(o["highlights"], 1) * 1000,
         t["highlight_s"] / max(t["highlights"], 1) * 1000, "ms")
    line("export CSV", o["export_s"] * 1000, t["export_s"] * 1000, "ms", f" ({o['export_rows']:.0f} rows)",
         f" ({t['export_rows']:.0f} rows)")
    # Every edit is committed to disk on both sides (SQLite, rollback journal, synchronous=FULL in both): on a
    # busy disk the wall time is mostly waiting for fsync, so the CPU time of each step is shown as well.
    line("import CPU", o["import_cpu"], t["import_cpu"], "s")
    line("hl CPU", o["highlight_cpu"] / max(o["highlights"], 1) * 1000,
         t["highlight_cpu"] / max(t["highlights"], 1) * 1000, "ms")
    line("export CPU", o["export_cpu"] * 1000, t["export_cpu"] * 1000, "ms")
    line("peak memory", o["peak_mb"], t["peak_mb"], "MB")
    # Memory once each side's modules are imported (ours loads its importers on first use, Taguette at start).
    line("at start", o["base_mb"], t["base_mb"], "MB")
    if args.json:
        print(json.dumps({"documents": len(docs), "kinds": kinds, "ours": runs["ours"],
                          "taguette": runs["taguette"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
