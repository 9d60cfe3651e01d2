"""The PySide6 window: reader, article list, claim inspector, claims table, dialogs. Never writes SQL.

Importing this package loads PySide6 and shortens what PySide6 does on every later import: its
``__feature__`` support (``from __feature__ import snake_case``) decides for each newly imported module
whether it uses PySide6 by reading the module's source file and searching it for the text "PySide6"
(``shibokensupport.feature._mod_uses_pyside``). The window's start-up imports ~90 modules after PySide6
(ours and the standard library's): ~10–15 ms of reading source files before its first frame (issue 25).
Here the question is answered from what the module holds instead — an object or module of PySide6 — which
takes microseconds. Only a module selecting a feature would see a difference, and none does (no
``__feature__`` import anywhere in the app).
"""

from __future__ import annotations

import sys
from types import ModuleType

import PySide6  # noqa: F401  (loads shiboken's support modules, which the hook below needs)


def _holds_pyside(module: ModuleType) -> bool:
    """Whether ``module`` holds an object or module of PySide6: a module that imported from it."""
    for value in list(vars(module).values()):
        if isinstance(value, ModuleType):
            name = value.__name__
        elif isinstance(value, type) or callable(value):
            name = getattr(value, "__module__", None)  # a class or function imported from it
        else:
            name = type(value).__module__  # an object made by it (a Qt enum value, a QColor)
        if isinstance(name, str) and name.startswith("PySide6"):
            return True
    return False


def _answer_feature_question_cheaply() -> None:
    feature = sys.modules.get("shibokensupport.feature")
    if feature is not None and callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = _holds_pyside  # (another PySide6 that lacks it: nothing is changed)


_answer_feature_question_cheaply()
