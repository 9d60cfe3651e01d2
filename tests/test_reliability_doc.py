"""docs/reliability.md promises each guarantee with a named test: every test it names must exist, so the
page cannot keep citing a test that was renamed or deleted."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "reliability.md"
REFERENCE = re.compile(r"`(tests/[\w/]+\.py)::(\w+)`")


def _test_functions(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)}


def test_every_test_the_reliability_page_names_exists() -> None:
    references = REFERENCE.findall(DOC.read_text(encoding="utf-8"))
    assert len(references) >= 60, "the page should name the tests behind its guarantees"
    missing = [f"{file}::{name}" for file, name in references
               if not (ROOT / file).is_file() or name not in _test_functions(ROOT / file)]
    assert missing == []
    assert not [name for file, name in references if not name.startswith("test_")]
