"""What every operation shares: the ``@operation`` decorator, finding and deleting rows, and value checks.

An operation is written as a function of an open transaction (``Tx``) and keyword arguments, and decorated
with its name as the journalist sees it in the undo menu and the history::

    @operation("Add tag")
    def add_tag(tx: Tx, *, name: str, color: str | None = None) -> str:
        return create_tag(tx, name, color)          # the new row's id

    changes = add_tag(project, name="Defence")    # one transaction; history recorded; Changes returned
    changes.id                                      # the new tag's id
    add_tag.in_tx(tx, name="Defence")               # inside another operation's transaction: the id

The decorator is the one place that opens the transaction, lets ``Tx`` record every row written (history,
tombstones, row images for undo) and returns the ``Changes``, with ``id`` set to what the function returned
(a function returning a ``Changes`` of its own, such as a merge's report, returns that instead).
Work that must happen before the transaction (a backup before a bulk delete) goes in ``before``; reading
files the journalist named happens in a plain function that then calls the decorated one, so no write lock
is held during disk I/O.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any, Concatenate, Final, Generic, ParamSpec, TypeVar

from workbench.core.errors import NotFoundError, ValidationError
from workbench.store import Changes, Project, Tx
from workbench.store.backups import backup_before
from workbench.store.schema import row_name

P = ParamSpec("P")
R = TypeVar("R")


class Operation(Generic[P, R]):
    """A decorated operation: ``op(project, **kwargs) -> Changes``, and ``op.in_tx(tx, **kwargs)``."""

    def __init__(self, name: str | Callable[..., str], body: Callable[Concatenate[Tx, P], R],
                 before: Callable[..., None] | None) -> None:
        self.name = name
        self.body = body
        self.before = before
        functools.update_wrapper(self, body)

    def __call__(self, project: Project, /, *args: P.args, **kwargs: P.kwargs) -> Changes:
        """Run the operation in one transaction of ``project``; returns what it changed."""
        if self.before is not None and not project.read_only:
            self.before(project, *args, **kwargs)
        name = self.name if isinstance(self.name, str) else self.name(*args, **kwargs)
        with project.transaction(name) as tx:
            result = self.body(tx, *args, **kwargs)
        if isinstance(result, Changes):
            return result  # a fuller record of the same changes (a merge's report)
        if isinstance(result, str):
            tx.changes.id = result
        return tx.changes

    def in_tx(self, tx: Tx, /, *args: P.args, **kwargs: P.kwargs) -> R:
        """Run the operation inside a transaction already open (one step of a bigger operation)."""
        return self.body(tx, *args, **kwargs)


def operation(name: str | Callable[..., str], *, before: Callable[..., None] | None = None
              ) -> Callable[[Callable[Concatenate[Tx, P], R]], Operation[P, R]]:
    """Make ``body(tx, **kwargs)`` an operation named ``name`` (or ``name(**kwargs)`` when the name depends on
    the arguments). ``before(project, **kwargs)``, when given, runs first, outside the transaction, on a
    project open for editing."""

    def wrap(body: Callable[Concatenate[Tx, P], R]) -> Operation[P, R]:
        return Operation(name, body, before)

    return wrap


# -- arguments -----------------------------------------------------------------------------------------


class _Unset:
    """Marks a keyword argument the caller did not give (None/"" are real values for some fields)."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final[Any] = _Unset()


def given(**values: Any) -> dict[str, Any]:
    """The keyword arguments that were actually passed."""
    return {k: v for k, v in values.items() if v is not UNSET}


# -- rows ----------------------------------------------------------------------------------------------

# What goes with a row when it is deleted: (table, column pointing at it). Children are deleted first, each
# through Tx.delete, so undo brings every one of them back with the row.
DEPENDENTS: dict[str, tuple[tuple[str, str], ...]] = {
    "articles": (("claims", "article_id"), ("dismissals", "article_id")),
    "claims": (("claim_tags", "claim_id"), ("claim_sources", "claim_id"), ("reviews", "claim_id"),
               ("corrections", "claim_id")),
    "sources": (("claim_sources", "source_id"), ("source_files", "source_id")),
    "tags": (("claim_tags", "tag_id"),),
}


def require(tx: Tx, table: str, row_id: str) -> dict[str, Any]:
    """The row ``row_id`` of ``table``, or NotFoundError naming what is missing."""
    row = tx.project.row(table, row_id)
    if row is None:
        raise NotFoundError(f"There is no {row_name(table)} with id {row_id} in this project.")
    return row


def delete_row(tx: Tx, table: str, row_id: str) -> None:
    """Delete a row with everything that hangs off it (``DEPENDENTS``); NotFoundError if it is not there."""
    require(tx, table, row_id)
    for child, column in DEPENDENTS.get(table, ()):
        for (child_id,) in tx.conn.execute(f'SELECT id FROM "{child}" WHERE "{column}" = ? ORDER BY rowid',
                                           (row_id,)).fetchall():
            delete_row(tx, child, child_id)
    tx.delete(table, row_id)


def backup_if_bulk(project: Project, claims: int, threshold: int, what: str) -> None:
    """Before a delete that takes away work on ``claims`` claims: a backup when there are ``threshold`` or
    more (store.backups: a bulk delete). When it cannot be written, BackupFailed and nothing is deleted."""
    if claims >= threshold:
        backup_before(project, "bulk-delete", what)


# -- values --------------------------------------------------------------------------------------------


def clean_fields(values: dict[str, Any], cleaners: dict[str, Callable[[Any], Any]]) -> dict[str, Any]:
    """``values`` with each one checked and normalised by the cleaner of its field."""
    return {k: cleaners[k](v) for k, v in values.items()}


def clean_unique_name(tx: Tx, table: str, column: str, name: str, *, what: str, limit: int, taken: str,
                      row_id: str | None = None) -> str:
    """A ``clean_name`` no other row of ``table`` has in ``column`` (case ignored, as the schema's unique
    index compares); ``taken`` is the message for a name in use, with ``{name}`` in it."""
    name = clean_name(name, what, limit)
    other = row_named(tx, table, column, name)
    if other and other != row_id:
        raise ValidationError(taken.format(name=name))
    return name


def row_named(tx: Tx, table: str, column: str, name: str) -> str | None:
    """Id of the row of ``table`` whose ``column`` is ``name`` (case ignored), or None."""
    row = tx.conn.execute(f'SELECT id FROM "{table}" WHERE "{column}" = ? COLLATE NOCASE', (name,)).fetchone()
    return row[0] if row else None

_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


def clean_color(color: str) -> str:
    """A ``#rrggbb`` colour in lower case, or ValidationError."""
    color = (color or "").strip()
    if not _COLOR.match(color):
        raise ValidationError(f"'{color}' is not a colour; use the form #rrggbb, e.g. #ffd54f.")
    return color.lower()


def clean_name(value: str, what: str, limit: int = 200) -> str:
    """A trimmed, non-empty, single-line name of at most ``limit`` characters."""
    value = " ".join((value or "").split())
    if not value:
        raise ValidationError(f"The {what} cannot be empty.")
    return clean_line(value, what, limit)


def clean_line(value: str, what: str, limit: int) -> str:
    """One line of text (whitespace runs become one space) of at most ``limit`` characters."""
    value = " ".join((value or "").split())
    if len(value) > limit:
        raise ValidationError(f"The {what} is too long ({len(value):,} characters; at most {limit:,}).")
    return value


def clean_text(value: str, what: str, limit: int) -> str:
    """Free text (a note, an excerpt; line breaks kept) of at most ``limit`` characters."""
    if len(value) > limit:
        raise ValidationError(f"The {what} is too long ({len(value):,} characters; at most {limit:,}).")
    return value
