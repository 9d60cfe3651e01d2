"""The database exceptions of both SQLite libraries the store uses, for ``except`` clauses.

Plain projects are opened with the standard library's ``sqlite3``; encrypted ones with ``sqlcipher3``
(``store.cipher``), whose API is the same but whose exception classes are its own: ``except
sqlite3.OperationalError`` does not catch ``sqlcipher3.dbapi2.OperationalError``. (Its classes cannot be
made subclasses of the standard ones either: Python refuses, their C layouts differ.)

``except dberrors.OperationalError:`` catches both. Each name here is a tuple of classes, looked up when the
``except`` clause runs; it holds sqlcipher3's class only once sqlcipher3 is loaded (before that, none of
its exceptions can exist), so using this module never imports the cipher library.
"""

from __future__ import annotations

import sqlite3
import sys

NAMES = ("Warning", "Error", "InterfaceError", "DatabaseError", "DataError", "OperationalError",
         "IntegrityError", "InternalError", "ProgrammingError", "NotSupportedError")


def __getattr__(name: str) -> tuple[type[Exception], ...]:
    if name not in NAMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    classes: tuple[type[Exception], ...] = (getattr(sqlite3, name),)
    cipher = sys.modules.get("sqlcipher3.dbapi2")
    if cipher is not None:
        classes += (getattr(cipher, name),)
    return classes


def error_code(exc: BaseException) -> int | None:
    """SQLite's extended result code carried by ``exc`` (either library), or None."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code if isinstance(code, int) else None
