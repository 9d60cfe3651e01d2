"""Read a project file's schema (``sqlite_master``) from its bytes, without SQLite.

SQLite runs code from a file as soon as it reads the file's schema: while it initialises the schema it
loads the query planner's statistics (``SELECT tbl, idx, stat FROM sqlite_stat1``), so a ``sqlite_stat1``
given a generated column (``stat AS (printf('%.*c', 300000000, 'x'))``) is evaluated for every row on every
open, read-only included — a 250 KB file kept the app busy for a minute and 600 MB. Every check made
through SQLite comes too late for that, so the tables SQLite loads by itself are checked here first, from
the b-tree on page 1, following the file format (https://www.sqlite.org/fileformat2.html): a table that
SQLite keeps for itself must have exactly its standard definition.

Only reading: a malformed page ends the walk with ``RawSchemaError`` and the ordinary checks (which report
damage) take over.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

from workbench.store.schema_guard import STANDARD_INTERNAL, is_standard_internal

_MAX_PAGES = 10_000  # a schema b-tree is a few pages; a loop or a giant one is not a project's schema


class RawSchemaError(Exception):
    """The schema pages could not be read (damaged, or not a database)."""


@dataclass(frozen=True, slots=True)
class RawEntry:
    type: str
    name: str
    sql: str | None


def nonstandard_internal_tables(path: Path) -> list[RawEntry]:
    """SQLite's own tables (statistics, counters) in the file at ``path`` whose definition is not SQLite's:
    code that would run the moment SQLite reads the schema. Raises RawSchemaError for unreadable pages."""
    return [e for e in read_master(path)
            if e.name.lower() in STANDARD_INTERNAL and not is_standard_internal(e.name.lower(), e.sql)]


def read_master(path: Path) -> list[RawEntry]:
    """The rows of ``sqlite_master`` (type, name, sql), read from the file's pages."""
    with open(path, "rb") as f:
        reader = _Reader(f)
        return [RawEntry(*row) for row in reader.table_rows(1)]


class _Reader:
    def __init__(self, f) -> None:
        self.f = f
        header = f.read(100)
        if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
            raise RawSchemaError("not an SQLite database")
        size = struct.unpack(">H", header[16:18])[0]
        self.page_size = 65536 if size == 1 else size
        if self.page_size < 512 or self.page_size & (self.page_size - 1):
            raise RawSchemaError("bad page size")
        self.usable = self.page_size - header[20]
        self.encoding = {1: "utf-8", 2: "utf-16-le", 3: "utf-16-be"}.get(struct.unpack(">I", header[56:60])[0],
                                                                         "utf-8")
        self.pages_read = 0

    def page(self, number: int) -> bytes:
        self.pages_read += 1
        if number < 1 or self.pages_read > _MAX_PAGES:
            raise RawSchemaError("schema pages out of range")
        self.f.seek((number - 1) * self.page_size)
        data = self.f.read(self.page_size)
        if len(data) < self.page_size:
            raise RawSchemaError("truncated page")
        return data

    def table_rows(self, root: int):
        stack = [root]
        while stack:
            number = stack.pop()
            data = self.page(number)
            start = 100 if number == 1 else 0
            kind = data[start]
            cells = struct.unpack(">H", data[start + 3:start + 5])[0]
            if kind == 0x05:  # interior table page: children, then the right-most one
                pointers = _cell_pointers(data, start + 12, cells)
                children = [struct.unpack(">I", data[p:p + 4])[0] for p in pointers]
                children.append(struct.unpack(">I", data[start + 8:start + 12])[0])
                stack.extend(reversed(children))
            elif kind == 0x0D:  # leaf table page: the rows
                for p in _cell_pointers(data, start + 8, cells):
                    yield self._row(data, p)
            else:
                raise RawSchemaError(f"unexpected page type {kind}")

    def _row(self, data: bytes, at: int) -> list:
        size, at = _varint(data, at)
        _rowid, at = _varint(data, at)
        payload = self._payload(data, at, size)
        header_size, pos = _varint(payload, 0)
        types = []
        while pos < header_size:
            t, pos = _varint(payload, pos)
            types.append(t)
        values, body = [], header_size
        for t in types:
            value, body = self._value(payload, body, t)
            values.append(value)
        if len(values) < 5:
            raise RawSchemaError("short schema row")
        kind, name, _tbl, _root, sql = values[:5]
        return [str(kind), str(name), sql if sql is None or isinstance(sql, str) else str(sql)]

    def _payload(self, data: bytes, at: int, size: int) -> bytes:
        usable = self.usable
        most = usable - 35
        if size <= most:
            return data[at:at + size]
        least = (usable - 12) * 32 // 255 - 23
        local = least + (size - least) % (usable - 4)
        if local > most:
            local = least
        out = bytearray(data[at:at + local])
        overflow = struct.unpack(">I", data[at + local:at + local + 4])[0]
        while len(out) < size:
            if overflow == 0:
                raise RawSchemaError("overflow chain ends early")
            page = self.page(overflow)
            overflow = struct.unpack(">I", page[:4])[0]
            out += page[4:usable][: size - len(out)]
        return bytes(out)

    def _value(self, payload: bytes, at: int, serial: int) -> tuple[object, int]:
        if serial == 0:
            return None, at
        if serial in (8, 9):
            return serial - 8, at
        if 1 <= serial <= 6:
            width = (1, 2, 3, 4, 6, 8)[serial - 1]
            return int.from_bytes(payload[at:at + width], "big", signed=True), at + width
        if serial == 7:
            return struct.unpack(">d", payload[at:at + 8])[0], at + 8
        if serial >= 12:
            length = (serial - 12) // 2
            raw = payload[at:at + length]
            if serial % 2:
                return raw.decode(self.encoding, errors="replace"), at + length
            return bytes(raw), at + length
        raise RawSchemaError(f"bad serial type {serial}")


def _cell_pointers(data: bytes, at: int, count: int) -> list[int]:
    if at + 2 * count > len(data):
        raise RawSchemaError("cell pointers out of range")
    return [struct.unpack(">H", data[at + 2 * i:at + 2 * i + 2])[0] for i in range(count)]


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value = 0
    for i in range(9):
        if at + i >= len(data):
            raise RawSchemaError("truncated varint")
        byte = data[at + i]
        if i == 8:
            return (value << 8) | byte, at + 9
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, at + i + 1
    raise RawSchemaError("bad varint")  # pragma: no cover - the loop always returns
