"""The benchmark generator and runner (``python -m benchmarks``): projects are built as asked, pass the
store's own check, are the same for the same seed; the runner prints one well-formed line per goal and
valid JSON. No timing is asserted here: speed goals are judged by the runner, never by tests."""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository root, where benchmarks/ is

from benchmarks import generate, run
from workbench.store import Project

TINY = generate.PRESETS["tiny"]


def _digest(path: Path) -> str:
    with Project.open(path, read_only=True) as p:
        h = hashlib.sha256()
        for table, cols in (("articles", "id, title, text"), ("claims", 'id, article_id, start, "end", exact'),
                            ("tags", "id, name"), ("sources", "id, title"),
                            ("claim_sources", "claim_id, source_id, relation")):
            for row in p.conn.execute(f"SELECT {cols} FROM {table} ORDER BY id"):
                h.update(repr(row).encode())
        return h.hexdigest()


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bench") / "tiny.fcproj"
    generate.build_project(path, TINY, seed=7)
    return path


def test_generated_project_has_the_requested_counts_and_passes_check(tiny: Path) -> None:
    with Project.open(tiny) as p:
        assert p.check() == []
        count = {t: p.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                 for t in ("articles", "claims", "tags", "sources", "claim_sources")}
        assert count == {"articles": TINY.articles, "claims": TINY.claims, "tags": TINY.tags,
                         "sources": TINY.sources, "claim_sources": TINY.links}
        # The one big article has exactly its size and its share of the claims.
        big_id, big_len = p.conn.execute(
            "SELECT id, length(text) FROM articles ORDER BY seq LIMIT 1 OFFSET ?",
            (generate.big_index(TINY),)).fetchone()
        assert big_len == TINY.big_chars
        assert p.conn.execute("SELECT count(*) FROM claims WHERE article_id = ?",
                              (big_id,)).fetchone()[0] == TINY.big_claims
        # Every claim is a real span of its article, with the context the anchors need.
        rows = p.conn.execute('SELECT a.text, c.start, c."end", c.exact, c.prefix, c.suffix FROM claims c '
                              "JOIN articles a ON a.id = c.article_id").fetchall()
        assert all(text[s:e] == exact and text[:s].endswith(prefix) and text[e:].startswith(suffix)
                   for text, s, e, exact, prefix, suffix in rows)
        # Every inserted row has its history row, as the app's own writes leave.
        assert p.conn.execute("SELECT count(*) FROM history").fetchone()[0] >= sum(count.values())


def test_same_seed_same_project_other_seed_other_project(tiny: Path, tmp_path: Path) -> None:
    generate.build_project(tmp_path / "again.fcproj", TINY, seed=7)
    generate.build_project(tmp_path / "other.fcproj", TINY, seed=8)
    assert _digest(tmp_path / "again.fcproj") == _digest(tiny)
    assert _digest(tmp_path / "other.fcproj") != _digest(tiny)


def test_projects_are_cached_by_seed_and_rebuilt_only_when_asked(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_BENCH_CACHE", str(tmp_path))
    first = generate.ensure_project("tiny", 3, log=lambda _m: None)
    stamp = first.stat().st_mtime_ns
    assert generate.ensure_project("tiny", 3, log=lambda _m: None).stat().st_mtime_ns == stamp
    assert generate.ensure_project("tiny", 3, rebuild=True, log=lambda _m: None).stat().st_mtime_ns != stamp
    assert generate.ensure_project("tiny", 4, log=lambda _m: None) != first
    assert not list(tmp_path.glob("*.partial.fcproj"))


def test_html_pages_are_distinct_news_pages_the_importer_reads() -> None:
    from workbench.importers import import_bytes

    pages = generate.html_pages(30, seed=1)
    assert len({data for _name, data in pages}) == 30
    assert all(import_bytes(data, name).text for name, data in pages[:5])


LINE = re.compile(r"^(?P<name>\w+)\s+(?P<ours>[\d.]+ (?:ms|s|MB))\s+(?P<floor>[\d.]+ (?:ms|s|MB)|–)\s+"
                  r"(?P<ratio>[\d.]+x|–)\s+(?P<goal>.+?)\s+(?P<verdict>PASS|FAIL)\s+\S")


@pytest.mark.slow  # (seconds: see the slow marker in pyproject.toml)
def test_runner_prints_the_machine_and_one_line_per_goal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("WORKBENCH_BENCH_CACHE", str(tmp_path))
    status = run.main(["--tiny"])
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("machine: ") and "cores" in out[0] and "Qt" in out[0] and "Python" in out[0]
    lines = [LINE.match(line) for line in out if line.split(" ", 1)[0] in run.GOALS]
    assert [m["name"] for m in lines if m] == list(run.GOALS)  # every goal, in order, well formed
    assert status == (0 if all(m["verdict"] == "PASS" for m in lines) else 1)
    # Goals with a floor print one and a ratio; the others print dashes.
    floors = {m["name"]: m["floor"] for m in lines}
    assert floors["report"] == floors["open"] == "–"
    assert floors["startup"] != "–" and floors["search"] != "–" and floors["import"] != "–"


def test_runner_json_for_machines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("WORKBENCH_BENCH_CACHE", str(tmp_path))
    run.main(["--tiny", "--json", "--only", "search", "--only", "rep"])
    doc = json.loads(capsys.readouterr().out)
    assert {"cpu", "cores", "ram_gb", "python", "qt"} <= set(doc["machine"])
    assert [r["name"] for r in doc["results"]] == ["search", "report"]
    search, report = doc["results"]
    assert search["ours"] > 0 and search["floor"] > 0 and search["ratio"] == search["ours"] / search["floor"]
    assert len(search["details"]["queries"]) == 10 and all(q["fts"] for q in search["details"]["queries"])
    assert report["floor"] is None and report["ratio"] is None and isinstance(report["passed"], bool)


def test_an_unknown_goal_is_refused_with_the_list_of_goals() -> None:
    with pytest.raises(SystemExit, match="startup"):
        run.main(["--only", "nonsense"])


def test_the_verify_goal_runs_on_the_sample_story_when_its_corpus_is_missing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A machine without the press-briefings mirror (a fresh clone) used to loop for ever here."""
    from benchmarks.verify.speed import transcript_passages

    monkeypatch.setenv("WORKBENCH_VERIFY_CORPUS", str(tmp_path / "no-mirror"))
    passages, where = transcript_passages(2_000)
    assert "sample wire story" in where
    assert sum(len(p.text.split()) for p in passages) >= 2_000
    assert any("Rutte" in p.text for p in passages)  # the real story, not invented text
