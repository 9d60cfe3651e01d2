"""Exports written in pieces (issue 26 item 11) must be exactly the text written whole: the JSON of
``export.stream`` against ``json.dumps(indent=2)``, and the report's blank-line tidying across pieces."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.export import FORMATS, export, export_to
from workbench.export.stream import Lazy, materialize, stream_json
from workbench.export.template import tidy, tidy_pieces
from workbench.store import Project

_leaves = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=8))


def _lazy(items: list[Any]) -> Lazy:
    return Lazy(lambda: iter(items))


_values = st.recursive(
    _leaves,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.lists(inner, max_size=4).map(_lazy),
                            st.dictionaries(st.text(max_size=5), inner, max_size=4)),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(_values)
def test_streamed_json_is_exactly_json_dumps(value: Any) -> None:
    assert "".join(stream_json(value)) == json.dumps(materialize(value), ensure_ascii=False, indent=2)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="ab \n", max_size=12), max_size=8))
def test_tidying_in_pieces_is_tidying_the_whole(pieces: list[str]) -> None:
    parts: list[Any] = [*pieces[:2], iter(pieces[2:5]), *pieces[5:]]
    assert "".join(tidy_pieces(parts)) == tidy("".join(pieces))


def test_every_format_written_to_a_file_is_the_text_export(sample_project: Project, tmp_path: Path) -> None:
    for name in FORMATS:
        written = export_to(sample_project, name, tmp_path / f"report.{name}")
        assert written.read_bytes() == export(sample_project, name).encode("utf-8"), name
