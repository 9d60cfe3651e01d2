"""The open project: its connection, one transaction per operation, and the record of every change.

The file is the document: every operation commits at once, in one transaction (``Project.transaction``),
with a rollback journal and ``synchronous=FULL`` so the file on disk is always complete in itself. ``Tx``
writes the rows, stamping them (ids, times, authors, revisions) and recording history and tombstones for
undo and merge. Opening, creating and checking a file before it is trusted is ``store.opening``'s work.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.core.atomic import build_atomically
from workbench.core.errors import ProjectFileError, ValidationError
from workbench.core.ids import new_id, utc_now
from workbench.store import checks, dberrors, history, open_keys, opening, schema
from workbench.store.checks import CheckReport
from workbench.store.connect import copy_database, storage_error, transaction

if TYPE_CHECKING:
    from workbench.store.cipher import CipherKey

# Article text is kept out of history rows: it never changes after import, and would bloat the file.
_NOT_IN_HISTORY = frozenset({"text", "seq"})


def default_author() -> str:
    """The name written on new and changed rows when the caller gives none."""
    with contextlib.suppress(Exception):  # getpass fails without a login name (containers, services)
        if name := os.environ.get("WORKBENCH_AUTHOR"):
            return name
        import getpass  # (with termios: not loaded where the name is set, as in the app)

        return getpass.getuser()
    return ""


@dataclass(frozen=True, slots=True)
class RowImage:
    """One row before and after a change; None for "did not exist". Undo swaps them."""

    table: str
    row_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass(slots=True)
class Changes:
    """What one operation changed: the UI refreshes from this, and undo replays its row images. ``id`` is
    the row the operation made or acted on, when it has one (the new claim of "Mark claim"), else ""."""

    op: str
    images: list[RowImage] = field(default_factory=list)
    id: str = ""

    @property
    def tables(self) -> set[str]:
        return {i.table for i in self.images}

    def ids(self, table: str) -> list[str]:
        """Ids of rows of ``table`` touched, in the order they were touched."""
        return list(dict.fromkeys(i.row_id for i in self.images if i.table == table))

    def created(self, table: str) -> list[str]:
        return [i.row_id for i in self.images if i.table == table and i.before is None]


class Project:
    """An open project file. Use ``Project.create``/``Project.open`` and ``close()`` (or ``with``)."""

    def __init__(self, opened: opening.OpenedFile, *, author: str) -> None:
        self.path = opened.path
        self.conn = opened.conn
        self.read_only = opened.read_only
        # The key of an encrypted project, in memory while it is open (new connections, backups, copies);
        # None for a plain one. Never written anywhere.
        self.cipher_key: CipherKey | None = opened.cipher_key
        self.author = author
        self._opened: opening.OpenedFile | None = opened
        self._tx: Tx | None = None

    # -- opening and closing -------------------------------------------------------------------------

    @classmethod
    def create(cls, path: str | Path, *, title: str = "", author: str | None = None,
               passphrase: str | None = None, cipher_key: CipherKey | None = None) -> Project:
        """Make a new project file at ``path`` (refusing to overwrite) and open it; encrypted when a
        ``passphrase`` (at least 8 characters: ValidationError otherwise) or a new ``cipher_key`` is given.

        The file is built under a temporary name and renamed into place, so a crash never leaves a
        half-made project behind under the real name.
        """
        path = Path(path)
        author = default_author() if author is None else author
        if cipher_key is None and passphrase is not None:
            from workbench.store import cipher

            cipher_key = cipher.new_key(passphrase)
        opening.create_file(path, title=title, author=author, cipher_key=cipher_key)
        return cls.open(path, author=author, cipher_key=cipher_key)

    @classmethod
    def open(cls, path: str | Path, *, author: str | None = None, read_only: bool = False,
             passphrase: str | None = None, cipher_key: CipherKey | None = None) -> Project:
        """Open an existing project, migrating an older one (after a backup copy) if needed.

        An encrypted project needs its ``passphrase`` (checked before SQLite reads the file:
        ``cipher.unlock``) or a ``cipher_key`` that opens it (an open project's, for its own copies);
        without either it raises PassphraseRequired (unless a project open in this process has the key:
        ``open_keys.key_for``), with a wrong one PassphraseError, the file untouched. Both are ignored for a
        plain file."""
        path = Path(path)
        if cipher_key is None and passphrase is None:
            cipher_key = open_keys.key_for(path)  # (an encrypted project open here, or one of its copies)
        if cipher_key is not None or passphrase is not None:
            from workbench.store import cipher

            if cipher.file_kind(path) != "encrypted":
                cipher_key = None
            elif cipher_key is None or not cipher.key_opens(path, cipher_key):
                # (no passphrase: open_file raises PassphraseRequired, for the caller to ask)
                cipher_key = cipher.unlock(path, passphrase) if passphrase is not None else None
        opened = opening.open_file(path, read_only=read_only, cipher_key=cipher_key)
        return cls(opened, author=default_author() if author is None else author)

    @property
    def encrypted(self) -> bool:
        """Whether the file is encrypted (nothing of it readable without its passphrase)."""
        return self.cipher_key is not None

    def close(self) -> None:
        """Close the file. Every change is already on disk; this only releases it."""
        opened, self._opened = self._opened, None
        if opened is not None:
            opening.close_file(opened)
            self.conn = None  # type: ignore[assignment]

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def backup_to(self, dest: str | Path) -> Path:
        """Write a complete copy of the project to ``dest`` with SQLite's backup API (safe while open); an
        encrypted project's copy is encrypted with the same passphrase."""
        dest = Path(dest)
        try:
            build_atomically(dest, lambda tmp: copy_database(self.conn, tmp, key=self.cipher_key),
                             partial_suffix=".copying")
        except (OSError, *dberrors.Error) as exc:
            raise ProjectFileError(f"{dest.name}: the copy could not be written ({exc}).") from exc
        return dest

    # -- meta ----------------------------------------------------------------------------------------

    def meta(self, key: str, default: str = "") -> str:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    @property
    def title(self) -> str:
        return self.meta("title") or self.path.stem

    # -- checking ------------------------------------------------------------------------------------

    def check(self) -> CheckReport:
        """Problems found in the file (empty when healthy): SQLite integrity, foreign keys, values of the
        wrong kind, attached files, the search indexes (not when read-only) and the schema's identity;
        ``.orphans`` lists claims whose quote is no longer in their article (not a problem of the file)."""
        return checks.check(self.conn, writable=not self.read_only)

    # -- writing -------------------------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self, op: str) -> Iterator[Tx]:
        """Run one operation as one transaction; yields a Tx that records every row it changes."""
        if self.read_only:
            raise ProjectFileError(f"{self.path.name}: is open read-only; changes cannot be saved.")
        if self._tx is not None:
            raise RuntimeError("operations do not nest; pass the open Tx down instead")
        tx = Tx(self, op)
        try:
            with transaction(self.conn):
                self._tx = tx
                try:
                    yield tx
                finally:
                    self._tx = None
        except dberrors.Error as exc:
            error = storage_error(self.path.name, op, exc)
            if error is None:
                raise
            raise error from exc

    def row(self, table: str, row_id: str) -> dict[str, Any] | None:
        """One row as a dict (without the internal ``seq``), or None."""
        key = "sha256" if table == "attachments" else "id"
        cur = self.conn.execute(f'SELECT * FROM "{table}" WHERE {key} = ?', (row_id,))
        values = cur.fetchone()
        if values is None:
            return None
        names = [d[0] for d in cur.description]
        return {k: v for k, v in zip(names, values, strict=True) if k != "seq"}


class Tx:
    """Writes rows inside an open transaction, stamping them and recording history and row images."""

    def __init__(self, project: Project, op: str) -> None:
        self.project = project
        self.conn = project.conn
        self.changes = Changes(op)
        self.now = utc_now()

    @property
    def stamp(self) -> history.Stamp:
        """Who, when and which operation: what every history record of this transaction carries."""
        return history.Stamp(self.now, self.project.author, self.changes.op)

    def _history(self, table: str, row_id: str, action: str, rev: str, parent: str, data: dict) -> None:
        history.record(self.conn, self.stamp, table=table, row_id=row_id, action=action, rev=rev, parent=parent,
                       data=data)

    def insert(self, table: str, values: dict[str, Any], *, keep_stamps: bool = False) -> dict[str, Any]:
        """Insert a row (a new UUID unless ``values`` has an ``id``); returns the row as stored."""
        row = dict(values)
        row.setdefault("id", new_id())
        if table == "articles" and "text" in row and schema.SCHEMA_VERSION >= 4:
            row["chars"] = len(row["text"])  # stored: the article list must not read every text (format 4)
        if not keep_stamps:
            row.update(created_at=row.get("created_at") or self.now, updated_at=self.now,
                       created_by=row.get("created_by") or self.project.author, updated_by=self.project.author)
        parent = row.get("rev", "") if keep_stamps else ""
        row["rev"] = new_id()
        cols = ", ".join(f'"{c}"' for c in row)
        marks = ", ".join("?" for _ in row)
        self.conn.execute(f'INSERT INTO "{table}" ({cols}) VALUES ({marks})', list(row.values()))
        history.unbury(self.conn, row["id"])
        self._history(table, row["id"], "insert", row["rev"], parent,
                      {k: v for k, v in row.items() if k not in _NOT_IN_HISTORY})
        self.changes.images.append(RowImage(table, row["id"], None, row))
        return row

    def update(self, table: str, row_id: str, values: dict[str, Any], *,
               was: dict[str, Any] | None = None) -> dict[str, Any]:
        """Change some columns of a row; a no-op (and no history) when nothing actually differs. ``was``:
        values the row held before a step that wrote no history (a merge's temporary names), recorded as
        the values before this change."""
        before = self.project.row(table, row_id)
        if before is None:
            raise KeyError(f"{table} {row_id}")
        before = {**before, **(was or {})}
        diff = {k: v for k, v in values.items() if before.get(k) != v}
        if not diff:
            return before
        diff.update(updated_at=self.now, updated_by=self.project.author, rev=new_id())
        sets = ", ".join(f'"{c}" = ?' for c in diff)
        self.conn.execute(f'UPDATE "{table}" SET {sets} WHERE id = ?', [*diff.values(), row_id])
        after = {**before, **diff}
        self._history(table, row_id, "update", diff["rev"], before.get("rev", ""),
                      {k: [before.get(k), v] for k, v in diff.items() if k not in _NOT_IN_HISTORY})
        self.changes.images.append(RowImage(table, row_id, before, after))
        return after

    def delete(self, table: str, row_id: str) -> dict[str, Any] | None:
        """Delete a row, leaving a tombstone so a later merge knows it was deleted, not never made."""
        before = self.project.row(table, row_id)
        if before is None:
            return None
        rev = new_id()
        self.conn.execute(f'DELETE FROM "{table}" WHERE id = ?', (row_id,))
        history.bury(self.conn, self.stamp, table=table, row_id=row_id, rev=rev)
        self._history(table, row_id, "delete", rev, before.get("rev", ""),
                      {k: v for k, v in before.items() if k not in _NOT_IN_HISTORY})
        self.changes.images.append(RowImage(table, row_id, before, None))
        return before

    def set_meta(self, key: str, value: str) -> None:
        """Set a project-level value (title...), recorded like a row so it can be undone."""
        old = self.project.meta(key, "")
        if old == value:
            return
        self.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))
        self._history("meta", key, "update", new_id(), "", {"value": [old, value]})
        self.changes.images.append(RowImage("meta", key, {"value": old}, {"value": value}))

    def restore(self, image: RowImage, *, to_before: bool) -> None:
        """Put a row back the way ``image`` recorded it (undo: before; redo: after)."""
        target = image.before if to_before else image.after
        if image.table == "meta":
            self.set_meta(image.row_id, (target or {}).get("value", ""))
            return
        current = self.project.row(image.table, image.row_id)
        # What this change left (for an undo) or what its undo left (for a redo): a row that no longer
        # holds it was changed since by someone else (another window through a link, a command, a merge),
        # and replaying would silently overwrite their work.
        left = image.after if to_before else image.before
        if target is None:
            if current is not None:
                _refuse_if_changed_since(image.table, current, left, left or {})
                self.delete(image.table, image.row_id)
        elif current is None:
            self.insert(image.table, target, keep_stamps=True)
        else:
            # Only the fields this change touched.
            fields = {k: v for k, v in target.items()
                      if k not in _STAMPS and (left is None or left.get(k) != v)}
            _refuse_if_changed_since(image.table, current, left, fields)
            self.update(image.table, image.row_id, fields)

    def put_attachment(self, sha256: str, data: bytes) -> None:
        """Store file content once per sha256, however many sources attach it."""
        self.conn.execute(
            "INSERT OR IGNORE INTO attachments(sha256, size, data, created_at) VALUES (?, ?, ?, ?)",
            (sha256, len(data), data, self.now),
        )


_STAMPS = frozenset(("id", "rev", "updated_at", "updated_by", "created_at", "created_by"))


def _refuse_if_changed_since(table: str, current: dict[str, Any], left: dict[str, Any] | None,
                             fields: Iterable[str]) -> None:
    """ValidationError when a field an undo or redo would write no longer holds what the change left."""
    if left is None:
        return
    changed = [k for k in fields if k not in _STAMPS and k in left and current.get(k) != left[k]]
    if changed:
        what = table.removesuffix("s").replace("_", " ")
        raise ValidationError(
            f"the {', '.join(changed)} of this {what} was changed since (in another window, by a command or "
            "a merge); undoing or redoing would overwrite that change, so nothing was changed.")
