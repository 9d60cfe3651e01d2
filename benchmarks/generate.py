"""The one generator of benchmark data: realistic projects and HTML pages, deterministic from a seed.

``large`` is a project as big as a busy newsroom desk's after a year: 1,000 articles of varied length
(most a few thousand words, a few long reports, one of exactly 1,000,000 characters with 5,000
claims), 50,000 claims, 200 tags, 2,000 sources and ~6,000 claim-source links. ``report`` is the
Markdown-report project: 200 articles, 20,000 claims (every twentieth overlapping the one before),
500 sources. Text is a Zipf-distributed invented vocabulary with real words, names and diacritics mixed
in, in sentences and paragraphs, with attributed quotations ("…," said Ana Silva) — so full-text search
sees news-like word frequencies, and the reader sees news-like paragraphs.

Projects are built through the store (``Project.create`` and one ``project.transaction``), writing the
same rows the app's ``Tx.insert`` writes — stamps, revisions and a history row for each — but with
``executemany`` instead of one call per row: the FTS triggers index everything as the app's writes
would. Nothing goes through the GUI.

Built projects are cached in ``cache_dir()`` under a name holding the preset, the seed and
``GENERATOR_VERSION`` (bump it whenever the output changes), so re-runs reuse them; ``rebuild=True``
makes them again. A project is built under a temporary name and renamed when complete.

``html_pages`` dresses the importer corpus's articles in the CMS-like page templates of
``benchmarks/importers/make_pages.py`` (furniture, ads, comments…), one distinct page per index.

Run ``python -m benchmarks.generate [--preset large|report|tiny] [--seed N] [--rebuild]`` to build one
and print its path and counts.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from workbench.core.anchor import make_anchor
from workbench.store import Project, schema
from workbench.store.schema import RELATIONS, SOURCE_KINDS, STATUSES

GENERATOR_VERSION = 1
DEFAULT_SEED = 2024
AUTHORS = ("Ana Silva", "Jürgen Weiß", "Olena Kovalenko", "Mark Smith")
NOW = "2024-11-01T12:00:00.000000Z"


@dataclass(frozen=True)
class Preset:
    """How big a generated project is."""

    articles: int
    claims: int
    tags: int
    sources: int
    links: int
    median_chars: int  # typical article length; lengths are log-normal around it
    big_chars: int = 0  # one article of exactly this many characters (0: none) ...
    big_claims: int = 0  # ... holding this many of the claims
    long_articles: int = 0  # long reports and transcripts (100,000-600,000 characters)
    overlap_every: int = 0  # every n-th claim of an article overlaps the one before it (0: random spans)


PRESETS: dict[str, Preset] = {
    "large": Preset(articles=1000, claims=50_000, tags=200, sources=2000, links=6000, median_chars=25_000,
                    big_chars=1_000_000, big_claims=5000, long_articles=9),
    "report": Preset(articles=200, claims=20_000, tags=20, sources=500, links=10_000, median_chars=12_000,
                     overlap_every=20),
    # Issue 26's scale: 100,000 claims (exports, merge, first paint must stay linear and bounded).
    "scale": Preset(articles=2000, claims=100_000, tags=200, sources=3000, links=12_000, median_chars=12_000,
                    long_articles=4),
    # For tests of the generator and the runner's plumbing: seconds, not minutes.
    "tiny": Preset(articles=12, claims=300, tags=8, sources=20, links=40, median_chars=3000,
                   big_chars=60_000, big_claims=100, long_articles=1),
}

REAL = ["said", "minister", "budget", "military", "militia", "million", "Zelensky", "Kharkiv", "drone", "São",
        "Paulo", "Kyiv", "troops", "north", "korean", "government", "report", "percent", "police", "court",
        "election", "vaccine", "flood", "strike", "según", "société", "Bürgermeister", "hospital", "inflation",
        "council", "prosecutor", "Łódź", "Zürich", "migration", "tariffs", "ceasefire"]
SPEAKERS = [f"{first} {last}"
            for first in ("Ana", "José", "Olena", "Mark", "Kim", "Jürgen", "Zoë", "Ahmed", "Li", "Sofía")
            for last in ("Silva", "Müller", "Kovalenko", "Rutte", "Yong-hyun", "Dubois", "García", "Smith", "Nuñez",
                         "Zelensky")]
OUTLETS = ("Reuters", "AP", "AFP", "Folha", "Le Monde", "Der Spiegel", "El País", "The Northern Courier", "BBC")
PUBLISHERS = ("Statistics office", "Ministry of Defence", "ISW", "WHO", "Eurostat", "Court of Appeal", "IMF")
VERB = ("said", "told reporters", "wrote", "added", "claimed", "insisted", "warned")
PALETTE = ("#ffd54f", "#81d4fa", "#a5d6a7", "#ef9a9a", "#ce93d8", "#ffcc80", "#b0bec5", "#80cbc4")


def cache_dir() -> Path:
    """Where built projects are kept between runs (``WORKBENCH_BENCH_CACHE`` overrides)."""
    folder = os.environ.get("WORKBENCH_BENCH_CACHE")
    path = Path(folder) if folder else Path(tempfile.gettempdir()) / "workbench-benchmarks"
    path.mkdir(parents=True, exist_ok=True)
    return path


def project_path(preset: str, seed: int) -> Path:
    # The project file format is part of the name: a cached project of an older format would be refused by
    # read-only opens (they never upgrade), so a build that writes a newer one makes its own.
    return cache_dir() / f"{preset}-seed{seed}-gen{GENERATOR_VERSION}-format{schema.SCHEMA_VERSION}.fcproj"


def ensure_project(preset: str = "large", seed: int = DEFAULT_SEED, *, rebuild: bool = False,
                   log=print) -> Path:
    """The cached project for ``preset`` and ``seed``, built first if missing (or if ``rebuild``)."""
    path = project_path(preset, seed)
    if path.exists() and not rebuild:
        return path
    if path.exists():
        path.unlink()
    partial = path.with_name(f"{path.stem}.{os.getpid()}.partial.fcproj")
    if partial.exists():
        partial.unlink()
    t = time.perf_counter()
    log(f"generating the {preset!r} project (seed {seed}) into {path} ...")
    build_project(partial, PRESETS[preset], seed)
    os.replace(partial, path)
    log(f"  built in {time.perf_counter() - t:.0f} s, {path.stat().st_size / 1e6:.0f} MB")
    return path


# -- text ----------------------------------------------------------------------------------------------


class Words:
    """An invented Zipf-distributed vocabulary with real words spread over its frequent part."""

    def __init__(self, rng: random.Random) -> None:
        syllables = ["ka", "lo", "mi", "ne", "ra", "to", "vi", "sa", "de", "qu", "or", "fa", "ber", "ish", "an",
                     "el", "ço", "ré", "ün", "ta"]
        words = {"".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))) for _ in range(30_000)}
        vocab = sorted(words - {w.lower() for w in REAL})
        rng.shuffle(vocab)
        # "said" is in nearly every article, as in news; the last real words are in a few.
        for i, w in enumerate(REAL):
            vocab.insert(i * 45, w)
        self.vocab = vocab
        total, self.cum = 0.0, []
        for i in range(len(vocab)):
            total += 1.0 / (i + 1) ** 1.05
            self.cum.append(total)

    def pick(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.vocab, cum_weights=self.cum, k=k)

    def sentence(self, rng: random.Random, k: int) -> str:
        return " ".join(self.pick(rng, k)).capitalize()

    def article(self, rng: random.Random, chars: int) -> str:
        """About ``chars`` characters of paragraphs; about one paragraph in three holds a quotation."""
        words = iter(self.pick(rng, chars // 6 + 50))
        paragraphs: list[str] = []
        size = 0
        while size < chars:
            sentences = []
            for _ in range(rng.randint(2, 6)):
                sentences.append(" ".join(next(words, "said") for _ in range(rng.randint(8, 24))).capitalize()
                                 + ".")
            if rng.random() < 0.35:
                quote = " ".join(next(words, "said") for _ in range(rng.randint(6, 30))).capitalize()
                sentences.insert(rng.randrange(len(sentences) + 1),
                                 f"“{quote},” {rng.choice(VERB)} {rng.choice(SPEAKERS)}.")
            para = " ".join(sentences)
            paragraphs.append(para)
            size += len(para) + 2
        return "\n\n".join(paragraphs)


def _fit(text: str, chars: int) -> str:
    """Exactly ``chars`` characters, ending at a sentence."""
    text = text[:chars]
    return text[:-1] + "." if not text.endswith(".") else text


def _lengths(rng: random.Random, p: Preset) -> list[int]:
    lengths = [min(400_000, max(800, int(rng.lognormvariate(math.log(p.median_chars), 0.9))))
               for _ in range(p.articles)]
    for i in range(p.long_articles):
        lengths[1 + i * (p.articles - 1) // max(1, p.long_articles)] = rng.randint(100_000, 600_000)
    if p.big_chars:
        lengths[big_index(p)] = p.big_chars
    return lengths


def big_index(p: Preset) -> int:
    """Where the 1 MB article sits: in the middle, so opening the project shows a typical first article."""
    return p.articles // 2


# -- the project ---------------------------------------------------------------------------------------


class _Writer:
    """Rows as ``Tx.insert`` writes them (stamps, revision, history), in bulk."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.rows: dict[str, list[dict]] = {}
        self.n = 0

    def uuid(self) -> str:
        r = self.rng.getrandbits
        return f"{r(32):08x}-{r(16):04x}-4{r(12):03x}-{0x8000 | r(14):04x}-{r(48):012x}"

    def add(self, table: str, values: dict) -> str:
        self.n += 1
        author = AUTHORS[self.n % len(AUTHORS)]
        # Creation times increase with insertion order (the app's clock never repeats a stamp).
        stamp = f"2024-{1 + self.n // 20_000:02d}-01T08:00:00.{self.n % 1_000_000:06d}Z"
        row = {"id": self.uuid(), **values, "created_at": stamp, "updated_at": stamp, "created_by": author,
               "updated_by": author, "rev": self.uuid()}
        self.rows.setdefault(table, []).append(row)
        return row["id"]

    def flush(self, conn, op: str) -> None:
        history = []
        for table, rows in self.rows.items():
            cols = list(rows[0])
            conn.executemany(
                f'INSERT INTO "{table}" ({", ".join(f"{chr(34)}{c}{chr(34)}" for c in cols)}) '
                f'VALUES ({", ".join("?" for _ in cols)})',
                [[r[c] for c in cols] for r in rows])
            for r in rows:
                data = {k: v for k, v in r.items() if k != "text"}  # as Tx.insert: no article text in history
                history.append((self.uuid(), r["created_at"], r["created_by"], op, table, r["id"], "insert",
                                r["rev"], "", json.dumps(data, ensure_ascii=False)))
        conn.executemany("INSERT INTO history(id, at, author, op, table_name, row_id, action, rev, parent_rev, "
                         "data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", history)
        self.rows.clear()


def build_project(path: Path, p: Preset, seed: int) -> None:
    """Write a new project of preset ``p`` at ``path`` (which must not exist)."""
    rng = random.Random(seed)
    words = Words(rng)
    writer = _Writer(rng)
    project = Project.create(path, title=f"Benchmark project ({p.articles:,} articles, seed {seed})",
                             author=AUTHORS[0])
    try:
        verdicts = [v for (v,) in project.conn.execute("SELECT label FROM verdict_scale")] + [""] * 3
        tag_ids = [writer.add("tags", {"name": f"{w.capitalize()} {i}", "color": PALETTE[i % len(PALETTE)]})
                   for i, w in enumerate(words.pick(rng, p.tags))]
        lengths = _lengths(rng, p)
        # Claims per article: the big article's share, the rest in proportion to length (at least one).
        rest = p.claims - p.big_claims
        total_len = sum(n for i, n in enumerate(lengths) if not (p.big_chars and i == big_index(p)))
        per = [max(1, round(rest * n / total_len)) for n in lengths]
        if p.big_chars:
            per[big_index(p)] = p.big_claims
        _adjust(per, p.claims, skip=big_index(p) if p.big_chars else -1)
        claim_ids: list[str] = []
        with project.transaction("Generate benchmark project") as tx:
            for i, chars in enumerate(lengths):
                text = _fit(words.article(rng, chars), chars)
                published = f"20{rng.randint(20, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                article_id = writer.add("articles", {
                    "title": f"{words.sentence(rng, rng.randint(5, 11))}",
                    "outlet": rng.choice(OUTLETS), "author": rng.choice(SPEAKERS), "published": published,
                    "url": f"https://news.example.org/{published[:4]}/{i}", "language": "en",
                    "format": "html", "text_sha256": hashlib.sha256(text.encode()).hexdigest(), "text": text,
                })
                for start, end in _spans(rng, text, per[i], p.overlap_every):
                    anchor = make_anchor(text, start, end)
                    claim_id = writer.add("claims", {
                        "article_id": article_id, "start": anchor.start, "end": anchor.end,
                        "exact": anchor.exact, "prefix": anchor.prefix, "suffix": anchor.suffix,
                        "speaker": rng.choice(SPEAKERS), "status": rng.choice(STATUSES),
                        "verdict": rng.choice(verdicts),
                        "note": words.sentence(rng, 12) if rng.random() < 0.5 else "",
                        "private_note": words.sentence(rng, 8) if rng.random() < 0.2 else "",
                    })
                    claim_ids.append(claim_id)
                    if rng.random() < 0.6:
                        for tag in rng.sample(tag_ids, rng.choice((1, 1, 1, 2))):
                            writer.add("claim_tags", {"claim_id": claim_id, "tag_id": tag})
                if writer.n > 20_000:  # keep memory flat: hand rows to SQLite as we go
                    writer.flush(tx.conn, tx.changes.op)
            source_ids = [writer.add("sources", {
                "title": f"{words.sentence(rng, 6)} ({rng.randint(2019, 2024)})",
                "kind": rng.choice(SOURCE_KINDS), "url": f"https://data.example.org/{i}",
                "publisher": rng.choice(PUBLISHERS), "accessed": "2024-10-21",
                "notes": words.sentence(rng, 30) if rng.random() < 0.7 else "",
            }) for i in range(p.sources)]
            for claim_id in rng.sample(claim_ids, min(p.links, len(claim_ids))):
                writer.add("claim_sources", {
                    "claim_id": claim_id, "source_id": rng.choice(source_ids), "relation": rng.choice(RELATIONS),
                    "excerpt": words.sentence(rng, 10) if rng.random() < 0.6 else "",
                    "locator": f"p. {rng.randint(1, 200)}" if rng.random() < 0.5 else "", "note": "",
                })
            writer.flush(tx.conn, tx.changes.op)
    finally:
        project.close()


def _adjust(per: list[int], total: int, skip: int) -> None:
    """Make ``per`` sum to ``total`` exactly, changing the largest entries (not ``skip``)."""
    order = sorted((i for i in range(len(per)) if i != skip), key=lambda i: -per[i])
    diff, k = total - sum(per), 0
    while diff:
        i = order[k % len(order)]
        step = 1 if diff > 0 else -1
        if per[i] + step >= 1:
            per[i] += step
            diff -= step
        k += 1


def _spans(rng: random.Random, text: str, n: int, overlap_every: int) -> list[tuple[int, int]]:
    """``n`` word-aligned spans of 30-200 characters, sorted; some overlap, as in a busy article."""
    spans = []
    limit = max(1, len(text) - 260)
    for _ in range(n):
        start = text.find(" ", rng.randrange(limit)) + 1
        end = text.find(" ", start + rng.randint(30, 200))
        if end <= start:
            start, end = 0, min(len(text), 40)
        spans.append((start, end))
    spans.sort()
    if overlap_every:
        for j in range(overlap_every - 1, len(spans), overlap_every):
            prev_end = spans[j - 1][1]
            if prev_end - 5 < spans[j][1] - 1:
                spans[j] = (max(spans[j - 1][0] + 1, prev_end - 5), spans[j][1])
    return spans


# -- HTML pages ----------------------------------------------------------------------------------------


def html_pages(n: int, seed: int = DEFAULT_SEED) -> list[tuple[str, bytes]]:
    """``n`` distinct news pages as ``(file name, bytes)``: the importer corpus's articles, each dressed
    in one of the eleven page templates with its own furniture and ad positions."""
    from benchmarks.importers.corpus import ARTICLES
    from benchmarks.importers.make_pages import DEV, HELD_OUT

    templates = [*DEV, *HELD_OUT]
    pages = []
    for i in range(n):
        article = ARTICLES[i % len(ARTICLES)]
        template = templates[(i // len(ARTICLES) + i) % len(templates)]
        rng = random.Random(f"{seed}-{i}")
        name = f"p{i:03d}-{template.__name__.split('_', 1)[0]}-{article.slug}.html"
        pages.append((name, template(article, rng).encode("utf-8")))
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build (or find cached) a benchmark project.")
    parser.add_argument("--preset", choices=sorted(PRESETS), default="large")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--rebuild", action="store_true", help="build again even if cached")
    args = parser.parse_args(argv)
    path = ensure_project(args.preset, args.seed, rebuild=args.rebuild)
    with Project.open(path, read_only=True) as project:
        counts = {t: project.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("articles", "claims", "tags", "sources", "claim_sources")}
        chars = project.conn.execute("SELECT sum(length(text)), max(length(text)) FROM articles").fetchone()
    print(path)
    print(", ".join(f"{v:,} {k}" for k, v in counts.items()) + f"; {chars[0]:,} characters (longest {chars[1]:,})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
