"""Guard against the PySide6 6.12.0 bug on Python 3.11: every call of a void method drops a reference
to None, and after enough calls None is freed and the process aborts. pyproject.toml pins PySide6 below
6.12; these tests fail if that pin is lost or a broken build is installed anyway."""

from __future__ import annotations

import sys

import PySide6
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication, QWidget

CALLS = 10_000
TOLERANCE = 100  # unrelated allocations may move None's count a little; the bug moves it by CALLS


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(".")[:3] if part.isdigit())


def test_pyside6_version_is_below_the_broken_release() -> None:
    assert _version(PySide6.__version__) < (6, 12), PySide6.__version__


def test_void_widget_calls_keep_references_to_none(qapp: QApplication) -> None:
    widget = QWidget()
    before = sys.getrefcount(None)
    for i in range(CALLS):
        widget.resize(100 + i % 7, 80)  # a void method
    after = sys.getrefcount(None)
    widget.deleteLater()
    assert before - after < TOLERANCE, f"None lost {before - after} references in {CALLS} void calls"


def test_void_text_cursor_calls_keep_references_to_none(qapp: QApplication) -> None:
    document = QTextDocument("A claim in an article, highlighted by the reader.")
    cursor = QTextCursor(document)
    before = sys.getrefcount(None)
    for i in range(CALLS):
        cursor.setPosition(i % 40)  # the reader does this for every highlight
    after = sys.getrefcount(None)
    assert before - after < TOLERANCE, f"None lost {before - after} references in {CALLS} void calls"
