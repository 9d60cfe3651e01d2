"""Find in project: query forms, filters, diacritics, match positions, and hostile query text."""

from __future__ import annotations

import json
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.projects import add_article, add_claim
from workbench import cli, ops
from workbench.core.errors import ValidationError
from workbench.store import Project
from workbench.store.fts import parse_query
from workbench.store.queries_sources import source_files
from workbench.store.search import (
    MATCH_END,
    MATCH_START,
    group_hits,
    marked_text,
    search,
    search_facets,
)

SAO = (
    "Prefeitura de São Paulo anuncia plano contra enchentes.\n\n"
    "O prefeito disse que “a cidade não vai parar” e que o plano custa 2 bilhões de reais. "
    "A oposição chamou o plano de “marketing eleitoral”."
)
KYIV = (
    "President Zelensky said the military offensive near Kharkiv had stalled.\n\n"
    "“We have stopped them,” Zelensky told reporters, adding that militia units had helped. "
    "The Kremlin called the claim a hoax. Analysts said the front line had barely moved since March."
)
BUDGET = (
    "The finance minister said the budget deficit fell to 3.1 percent of GDP last year. "
    "Opposition leaders said the figure hides one-off sales of state assets, and called it "
    "“creative accounting”. The minister denied that."
)


def _source(project: Project, claim_id: str | None, **values: str) -> str:
    source_id = ops.add_source(project, **values).created("sources")[0]
    if claim_id:
        ops.link_source(project, claim_id=claim_id, source_id=source_id, relation="refutes")
    return source_id


@pytest.fixture
def corpus(project: Project) -> dict[str, str]:
    ids: dict[str, str] = {}
    ids["sao"] = add_article(project, SAO, title="Plano contra enchentes", outlet="Folha",
                          published="2024-03-05", language="pt")
    ids["kyiv"] = add_article(project, KYIV, title="Zelensky: offensive stalled", outlet="Reuters",
                           published="2024-05-20")
    ids["budget"] = add_article(project, BUDGET, title="Deficit falls", outlet="reuters", published="2023-11-02")
    ids["c_parar"] = add_claim(project, ids["sao"], "a cidade não vai parar", speaker="Ricardo Nunes",
                            tags=["Cities"], status="Checked", verdict="Mostly true")
    ids["c_stopped"] = add_claim(project, ids["kyiv"], "We have stopped them", speaker="Volodymyr Zelensky",
                              tags=["Ukraine"], status="In progress",
                              note="Compare with ISW maps of the Kharkiv front.")
    ids["c_hoax"] = add_claim(project, ids["kyiv"], "hoax", speaker="the Kremlin", tags=["Russia"],
                           verdict="False", private_note="source: embassy contact, do not publish")
    ids["c_deficit"] = add_claim(project, ids["budget"], "the budget deficit fell to 3.1 percent of GDP",
                              speaker="finance minister", tags=["Economy"], status="Checked", verdict="True")
    ids["s_isw"] = _source(project, ids["c_stopped"], title="ISW campaign assessment, 20 May",
                           publisher="Institute for the Study of War", url="https://understandingwar.org/x",
                           notes="Maps show no Russian advance near Kharkiv.")
    ids["s_stats"] = _source(project, ids["c_deficit"], title="National accounts 2023",
                             publisher="Statistics office", notes="Deficit table, page 4.")
    ids["s_loose"] = _source(project, None, title="Kharkiv city council statement", publisher="Kharkiv council")
    return ids


def _keys(hits: list) -> set[tuple[str, str]]:
    return {(h.kind, h.claim_id or h.source_id or h.article_id) for h in hits}


# -- query forms ---------------------------------------------------------------------------------------


def test_plain_words_are_anded(project: Project, corpus: dict[str, str]) -> None:
    hits = search(project, "zelensky kharkiv")
    assert ("article", corpus["kyiv"]) in _keys(hits)
    assert all(h.article_id == corpus["kyiv"] for h in hits if h.kind == "article")
    assert search(project, "zelensky enchentes") == []


def test_phrase_needs_the_words_together(project: Project, corpus: dict[str, str]) -> None:
    assert _keys(search(project, '"budget deficit"', kinds=["article"])) == {("article", corpus["budget"])}
    assert search(project, '"deficit budget"') == []


def test_prefix(project: Project, corpus: dict[str, str]) -> None:
    hits = search(project, "milit*", kinds=["article"])
    assert _keys(hits) == {("article", corpus["kyiv"])}
    # The selection covers the whole word the prefix begins.
    assert KYIV[hits[0].start : hits[0].end] == "military"
    assert search(project, "milit", kinds=["article"]) == []


def test_or_and_not(project: Project, corpus: dict[str, str]) -> None:
    either = {h.article_id for h in search(project, "enchentes OR deficit", kinds=["article"])}
    assert either == {corpus["sao"], corpus["budget"]}
    assert {h.article_id for h in search(project, "said NOT hoax", kinds=["article"])} == {corpus["budget"]}
    both = search(project, "minister AND opposition", kinds=["article"])
    assert [h.article_id for h in both] == [corpus["budget"]]
    grouped = search(project, "(stalled OR enchentes) AND NOT", kinds=["article"])
    assert {h.article_id for h in grouped} == {corpus["kyiv"], corpus["sao"]}


def test_lowercase_operators_are_words(project: Project, corpus: dict[str, str]) -> None:
    # "and"/"or"/"not" typed in lower case are ordinary words, as in FTS5.
    assert {h.article_id for h in search(project, "hides or sales", kinds=["article"])} == set()
    assert {h.article_id for h in search(project, "sales and assets", kinds=["article"])} == {corpus["budget"]}


def test_not_terms_are_not_selected(project: Project, corpus: dict[str, str]) -> None:
    hits = search(project, "stalled NOT enchentes", kinds=["article"])
    assert KYIV[hits[0].start : hits[0].end] == "stalled"


# -- diacritics and case -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "found"),
    [
        # Separate words: the first match (of either word) is selected.
        pytest.param("Sao Paulo", "São", id="unaccented-finds-accented"),
        pytest.param("PAULO SÃO", "São", id="upper-case-accented"),
        pytest.param('"sao paulo"', "São Paulo", id="phrase"),
        pytest.param("oposicao", "oposição", id="cedilla-and-tilde"),
        pytest.param("ZELENSKY", "Zelensky", id="case"),
        pytest.param("zélensky", "Zelensky", id="accented-finds-unaccented"),
        pytest.param("nao", "não", id="short-word"),
    ],
)
def test_diacritics_and_case_are_folded(project: Project, corpus: dict[str, str], query: str, found: str) -> None:
    hits = [h for h in search(project, query) if h.kind == "article"]
    assert hits, query
    text = SAO if hits[0].article_id == corpus["sao"] else KYIV
    assert text[hits[0].start : hits[0].end] == found


def test_match_offsets_are_into_the_original_text(project: Project) -> None:
    # Characters before the match that are several bytes in UTF-8, two units in UTF-16 (the emoji), or
    # fold to something else must not shift the offsets: they count Python characters of the text.
    text = "İstanbul, Straße, Ørsted — ﬁrst 🙂 news: São Paulo and SAO PAULO.\n\nThe e-mail from İzmir."
    article_id = add_article(project, text, title="Offsets")
    cases = {'"sao paulo"': "São Paulo", "istanbul": "İstanbul", "izmir": "İzmir", '"e mail"': "e-mail",
             "news": "news", "SÃO": "São"}
    for query, found in cases.items():
        [hit] = search(project, query, kinds=["article"])
        assert hit.article_id == article_id
        assert text[hit.start : hit.end] == found, query
    assert search(project, "paul", kinds=["article"]) == []  # whole words only; "paul*" for a prefix
    [hit] = search(project, "paul*", kinds=["article"])
    assert text[hit.start : hit.end] == "Paulo"


def test_snippet_marks_the_match(project: Project, corpus: dict[str, str]) -> None:
    [hit] = search(project, "enchentes", kinds=["article"])
    assert f"{MATCH_START}enchentes{MATCH_END}" in hit.snippet
    assert "«enchentes»" in marked_text(hit.snippet)
    assert "\n" not in hit.snippet


# -- what is searched ----------------------------------------------------------------------------------


def test_claim_quote_speaker_and_notes_are_searched(project: Project, corpus: dict[str, str]) -> None:
    by_note = [h for h in search(project, "ISW maps") if h.kind == "claim"]
    assert [h.claim_id for h in by_note] == [corpus["c_stopped"]]
    # A match in a note selects the whole quote in the article.
    assert KYIV[by_note[0].start : by_note[0].end] == "We have stopped them"
    by_private = [h for h in search(project, "embassy") if h.kind == "claim"]
    assert [h.claim_id for h in by_private] == [corpus["c_hoax"]]
    by_speaker = [h for h in search(project, "nunes") if h.kind == "claim"]
    assert [h.claim_id for h in by_speaker] == [corpus["c_parar"]]
    assert by_speaker[0].article_id == corpus["sao"]
    assert by_speaker[0].article_title == "Plano contra enchentes"


def test_claim_match_offset_points_into_the_quote(project: Project, corpus: dict[str, str]) -> None:
    [hit] = search(project, "gdp", kinds=["claim"])
    assert BUDGET[hit.start : hit.end] == "GDP"
    assert hit.title == "the budget deficit fell to 3.1 percent of GDP"


def test_sources_are_searched(project: Project, corpus: dict[str, str]) -> None:
    hits = search(project, "kharkiv", kinds=["source"])
    assert {h.source_id for h in hits} == {corpus["s_isw"], corpus["s_loose"]}
    assert all(h.article_id is None and h.start is None for h in hits)
    assert [h.source_id for h in search(project, "understandingwar")] == [corpus["s_isw"]]


def test_the_text_of_a_sources_files_is_searched(project: Project, corpus: dict[str, str]) -> None:
    # A word only the attached transcript says finds its source, with a snippet of the passage; the
    # source is listed once however many of its files match; detached, the file's words find nothing.
    transcript = (b"[00:12:05] MODERATOR: Next question.\n"
                  b"[00:12:31] MARK RUTTE: These reports are worrying; we consult our partners in Kharkiv.\n")
    briefing = ops.add_source(project, title="NATO briefing", kind="transcript").created("sources")[0]
    ops.attach_file(project, source_id=briefing, data=transcript, name="briefing.txt")
    ops.attach_file(project, source_id=briefing, data=transcript + b"[00:13:00] MODERATOR: Thank you.\n",
                    name="copy.txt")
    [hit] = search(project, "worrying", kinds=["source"])
    assert hit.source_id == briefing and hit.article_id is None and hit.title == "NATO briefing"
    assert "«worrying»" in marked_text(hit.snippet) and "MARK RUTTE" in hit.snippet
    assert [h.source_id for h in search(project, "consult partners")] == [briefing]
    for attached in source_files(project, briefing):
        ops.detach_file(project, file_id=attached.id)
    assert search(project, "worrying") == []
    # A document's text too, from the moment it is attached; a picture attached beside it is no problem.
    ops.attach_file(project, source_id=corpus["s_loose"], data=b"The ministry's memo puts the deficit at 4.2 percent.",
                    name="memo.txt")
    ops.attach_file(project, source_id=corpus["s_loose"], data=b"\x89PNG\r\n\x1a\n" + bytes(64), name="chart.png")
    assert [h.source_id for h in search(project, "memo deficit")] == [corpus["s_loose"]]


def test_title_only_match_has_no_position(project: Project, corpus: dict[str, str]) -> None:
    [hit] = search(project, "falls", kinds=["article"])
    assert hit.article_id == corpus["budget"]
    assert hit.start is None and hit.end is None


def test_changes_are_found_at_once(project: Project, corpus: dict[str, str]) -> None:
    ops.update_claim(project, claim_id=corpus["c_parar"], note="Check the flood budget at the câmara.")
    assert [h.claim_id for h in search(project, "camara")] == [corpus["c_parar"]]
    ops.delete_claim(project, claim_id=corpus["c_parar"])
    assert search(project, "camara") == []


# -- filters -------------------------------------------------------------------------------------------


def test_kind_filter(project: Project, corpus: dict[str, str]) -> None:
    assert {h.kind for h in search(project, "kharkiv")} == {"article", "claim", "source"}
    assert {h.kind for h in search(project, "kharkiv", kinds=["claim", "source"])} == {"claim", "source"}
    assert search(project, "kharkiv", kinds=[]) == []
    with pytest.raises(ValidationError, match="not a kind"):
        search(project, "kharkiv", kinds=["tweet"])


def test_claim_filters(project: Project, corpus: dict[str, str]) -> None:
    assert _keys(search(project, "hoax OR stopped", kinds=["claim"], tag="russia")) == {("claim", corpus["c_hoax"])}
    assert _keys(search(project, "hoax OR stopped", kinds=["claim"], status="in progress")) == {
        ("claim", corpus["c_stopped"])}
    assert _keys(search(project, "hoax OR stopped", kinds=["claim"], verdict="false")) == {
        ("claim", corpus["c_hoax"])}
    assert _keys(search(project, "hoax OR stopped", kinds=["claim"], speaker="volodymyr zelensky")) == {
        ("claim", corpus["c_stopped"])}
    assert search(project, "hoax OR stopped", tag="Economy") == []


def test_claim_filters_narrow_articles_and_sources(project: Project, corpus: dict[str, str]) -> None:
    # An article hit stays when it has a claim passing the filter; a source hit when it backs one.
    hits = search(project, "said OR deficit", verdict="True")
    assert _keys(hits) == {("article", corpus["budget"]), ("claim", corpus["c_deficit"]),
                           ("source", corpus["s_stats"])}


def test_outlet_and_dates(project: Project, corpus: dict[str, str]) -> None:
    said = "said OR disse"
    assert {h.article_id for h in search(project, said, kinds=["article"], outlet="REUTERS")} == {
        corpus["kyiv"], corpus["budget"]}
    assert {h.article_id for h in search(project, said, kinds=["article"], date_from="2024-01-01")} == {
        corpus["sao"], corpus["kyiv"]}
    assert {h.article_id for h in search(project, said, kinds=["article"], date_to="2024-03")} == {
        corpus["sao"], corpus["budget"]}
    assert {h.article_id for h in search(project, said, kinds=["article"], date_from="2024-03-05",
                                          date_to="2024-03-05")} == {corpus["sao"]}
    # Typed as a journalist would: the same day.
    assert {h.article_id for h in search(project, said, kinds=["article"], date_from="5 March 2024",
                                          date_to="March 5, 2024")} == {corpus["sao"]}
    # Claims are dated by their article; sources by the claims they back.
    assert _keys(search(project, "kharkiv", outlet="reuters", date_from="2024")) == {
        ("article", corpus["kyiv"]), ("claim", corpus["c_stopped"]), ("source", corpus["s_isw"])}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param({"date_from": "5 May"}, "has no year", id="bad-date"),
        pytest.param({"date_to": "2024-13-45x"}, "not a valid end date", id="bad-end-date"),
        pytest.param({"date_to": "2024-02-30"}, "not a valid end date", id="no-such-day"),
        pytest.param({"date_from": "2024-13"}, "not a valid start date", id="no-such-month"),
        pytest.param({"date_from": "2024-06-01", "date_to": "2024-05-01"}, "after the end date", id="reversed"),
        pytest.param({"status": "Done"}, "not a claim status", id="status"),
        pytest.param({"limit": 0}, "at least 1", id="limit"),
    ],
)
def test_bad_filter_values_are_explained(project: Project, corpus: dict[str, str], kwargs: dict,
                                         message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        search(project, "said", **kwargs)


def test_limit_applies_to_each_kind(project: Project, corpus: dict[str, str]) -> None:
    hits = search(project, "kharkiv OR said OR deficit", limit=1)
    assert sorted(h.kind for h in hits) == ["article", "claim", "source"]
    assert len(search(project, "kharkiv OR said OR deficit", limit=2, kinds=["article"])) == 2


# -- grouping ------------------------------------------------------------------------------------------


def test_hits_are_grouped_by_article(project: Project, corpus: dict[str, str]) -> None:
    hits = search(project, "kharkiv OR hoax OR stopped")
    groups = group_hits(hits)
    assert [h for g in groups for h in g.hits] == hits  # already in group order
    kyiv = next(g for g in groups if g.article_id == corpus["kyiv"])
    assert kyiv.title == "Zelensky: offensive stalled"
    assert [h.kind for h in kyiv.hits] == ["article", "claim", "claim"]
    assert [h.claim_id for h in kyiv.hits[1:]] == [corpus["c_stopped"], corpus["c_hoax"]]  # text order
    sources = next(g for g in groups if g.article_id is None)
    assert {h.source_id for h in sources.hits} == {corpus["s_isw"], corpus["s_loose"]}


def test_facets(project: Project, corpus: dict[str, str]) -> None:
    facets = search_facets(project)
    assert facets.tags == ["Cities", "Economy", "Russia", "Ukraine"]
    assert facets.outlets == ["Folha", "Reuters"]  # "reuters" and "Reuters" are one outlet
    assert "Volodymyr Zelensky" in facets.speakers
    assert "Mostly true" in facets.verdicts and "Checked" in facets.statuses


# -- hostile query text --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ['"', '"zelensky', 'zelensky"', "*", "(", ")", "(zelensky", "zelensky)", ":", "text:zelensky",
     "title:", "^zelensky", "NEAR(zelensky kremlin)", "NEAR", "-zelensky", "- zelensky", "AND", "OR OR",
     "NOT zelensky", "zelensky NOT", "zelensky AND AND hoax", "()", '""', '"*"', "zelensky*)", "{zelensky}",
     "zelensky + kremlin", "\x00zelensky", "zel\ud800ensky", "'; DROP TABLE claims; --", "a" * 5000],
)
def test_hostile_queries_never_fail(project: Project, corpus: dict[str, str], query: str) -> None:
    search(project, query)
    assert project.check() == []


@pytest.mark.parametrize(
    ("query", "expect"),
    [
        pytest.param('"zelensky', "kyiv", id="unclosed-quote-degrades-to-words"),
        pytest.param("(zelensky", "kyiv", id="trailing-open-paren"),
        pytest.param("zelensky)", "kyiv", id="stray-close-paren"),
        pytest.param("text:hoax", None, id="column-filter-is-text"),
        pytest.param("^zelensky", "kyiv", id="caret"),
        pytest.param("-enchentes", "sao", id="minus"),
        pytest.param("zelensky AND", "kyiv", id="dangling-and-while-typing"),
        pytest.param("OR enchentes", "sao", id="leading-or"),
        pytest.param("zelensky*)", "kyiv", id="prefix-and-paren"),
    ],
)
def test_stray_syntax_degrades_to_words(project: Project, corpus: dict[str, str], query: str,
                                        expect: str | None) -> None:
    found = {h.article_id for h in search(project, query, kinds=["article"])}
    assert found == ({corpus[expect]} if expect else set())


def test_stray_syntax_is_rebuilt_quoted() -> None:
    assert parse_query("text:nato").fts == '"text:nato"'  # type: ignore[union-attr]
    assert parse_query('nato "north korea').plain  # type: ignore[union-attr]
    assert parse_query("*") is None and parse_query("  ") is None and parse_query("— -") is None


_QUERY_CHARS = st.text(alphabet=st.sampled_from(list(string.printable + '"*()^:-+«»’éÉøß\u0301İ\x00\ud800')),
                       max_size=40)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.one_of(st.text(max_size=60), _QUERY_CHARS,
                       st.lists(st.sampled_from(["AND", "OR", "NOT", "(", ")", '"', "*", "zelensky", "hoax",
                                                 "mil*", "NEAR", "text:", "^", "-", ":", " "]),
                                max_size=12).map(" ".join)))
def test_any_text_never_raises(project: Project, corpus: dict[str, str], query: str) -> None:
    hits = search(project, query)
    for h in hits:
        if h.start is not None:
            assert 0 <= h.start < h.end


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.text(max_size=20))
def test_any_filter_text_never_raises(project: Project, corpus: dict[str, str], value: str) -> None:
    search(project, "said", tag=value, verdict=value, speaker=value, outlet=value)


# -- the command line ----------------------------------------------------------------------------------


def test_cli_json(project: Project, corpus: dict[str, str], project_path: Path,
                  capsys: pytest.CaptureFixture[str]) -> None:
    project.close()
    assert cli.main(["search", str(project_path), "kharkiv", "--json", "--kind", "article", "--kind", "claim"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {(h["kind"], h["claim_id"]) for h in out} == {("article", None), ("claim", corpus["c_stopped"])}
    article = next(h for h in out if h["kind"] == "article")
    assert set(article) >= {"kind", "article_id", "claim_id", "source_id", "snippet", "title", "start", "end"}
    assert KYIV[article["start"] : article["end"]] == "Kharkiv"
    assert "«Kharkiv»" in article["snippet"]


def test_cli_filters_and_text_output(project: Project, corpus: dict[str, str], project_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    project.close()
    assert cli.main(["search", str(project_path), "said OR hoax", "--verdict", "false", "--tag", "Russia",
                     "--status", "to check", "--speaker", "the kremlin", "--outlet", "Reuters",
                     "--from", "2024-05", "--to", "2024-05-31"]) == 0
    out = capsys.readouterr().out
    assert "Zelensky: offensive stalled" in out
    assert corpus["c_hoax"] in out and "«hoax»" in out
    assert corpus["c_stopped"] not in out


def test_cli_user_errors(project: Project, corpus: dict[str, str], project_path: Path,
                         capsys: pytest.CaptureFixture[str]) -> None:
    project.close()
    assert cli.main(["search", str(project_path), "said", "--from", "yesterday"]) == 1
    assert "not a valid start date" in capsys.readouterr().err
    assert cli.main(["search", str(project_path), '"((NOT']) == 0
    with pytest.raises(SystemExit) as exc:
        cli.main(["search", str(project_path), "said", "--kind", "tweet"])
    assert exc.value.code == 2
