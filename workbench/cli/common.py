"""What every command module of the command line shares: exit statuses, the parser class, JSON output,
opening a project and writing a command's output.

The parser class is also where every argument is made safe before a command sees it: text that is not
valid UTF-8 (a Latin-1 terminal passes ``Jos\\xe9`` as bytes, which Python hands over as lone surrogates)
is read as Windows-1252 when it can be, else refused naming the argument; every whole number is bounded.
A name of an existing file keeps its bytes (it is a path, and the file system knows it by them)."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable
from typing import Any, Protocol

from workbench.store import Changes, Project
from workbench.store.author import author_name

EXIT_OK, EXIT_USER_ERROR, EXIT_USAGE = 0, 1, 2
MAX_NUMBER = 1_000_000_000  # the largest whole number any option takes (SQLite's integers stop at 2**63)


class Parser(argparse.ArgumentParser):
    """argparse with exit status 2 and a one-line message for usage errors, text arguments decoded or
    refused (module docstring), and every ``type=int`` option bounded to 1..``MAX_NUMBER``."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        if kwargs.get("type") is int:
            kwargs["type"] = _whole_number
        return super().add_argument(*args, **kwargs)

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        raw = list(sys.argv[1:] if args is None else args)
        decoded = []
        for i, arg in enumerate(raw):
            try:
                decoded.append(decode_argument(arg))
            except ValueError as exc:
                before = raw[i - 1] if i else ""
                name = arg.split("=", 1)[0] if arg.startswith("-") and "=" in arg else \
                    before if before.startswith("-") else f"number {i + 1}"
                self.error(f"argument {_printable(name)}: {exc}")
        return super().parse_known_args(decoded, namespace)


def decode_argument(arg: str) -> str:
    """``arg`` as text: unchanged when valid (or the name of an existing file, kept byte for byte), the
    bytes of a Latin-1 or Windows-1252 terminal read as such; ValueError for anything else."""
    if not isinstance(arg, str) or not any("\ud800" <= ch <= "\udfff" for ch in arg):
        return arg
    with contextlib.suppress(OSError, ValueError):
        if os.path.lexists(arg):
            return arg
    try:
        data = arg.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raise ValueError("contains characters that are not text (lone surrogates); retype it") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise ValueError("is not valid text in UTF-8 or Windows-1252; set the terminal to UTF-8 and retype "
                         "it") from None


def _printable(text: str) -> str:
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _whole_number(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{_printable(text)!r} is not a whole number") from None
    if not 1 <= value <= MAX_NUMBER:
        raise argparse.ArgumentTypeError(f"must be a whole number from 1 to {MAX_NUMBER:,}, not "
                                         f"{_printable(text)[:30]}")
    return value


class Adder(Protocol):
    """``add(name, func, help)``: adds a command to the ``workbench`` parser and returns its parser."""

    def __call__(self, name: str, func: Callable[[argparse.Namespace], int], help_: str,
                 **kw: Any) -> argparse.ArgumentParser: ...


def add_group(add: Adder, name: str, help_: str) -> argparse._SubParsersAction:  # type: ignore[type-arg]
    """A command with actions of its own (``workbench claim add``); with no action it prints its help."""
    group = add(name, lambda _args: (group.print_help(sys.stderr), EXIT_USAGE)[1], help_)
    return group.add_subparsers(dest=f"{name}_command", metavar="ACTION", parser_class=Parser)


def print_json(value: Any) -> None:
    """The single JSON document a ``--json`` command prints on stdout."""
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def open_project(path: str, *, read_only: bool = False) -> Project:
    """Open a project; commands that only read open read-only, so they work while a window edits the file."""
    return Project.open(path, read_only=read_only, author=author_name())


def write_output(text: str, output: str | None) -> None:
    """Write a command's text to stdout (no ``-o`` or ``-o -``) or to a file through the export guard."""
    if not output or output == "-":
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    from workbench.export import write_export

    write_export(text, output)


def deleted_summary(changes: Changes | list[Changes], table: str, what: str, as_json: bool) -> int:
    """Say what a delete took away: the row and how many rows of each kind went with it."""
    from workbench.ops.base import ROW_NAMES

    steps = changes if isinstance(changes, list) else [changes]
    counts: dict[str, int] = {}
    for step in steps:
        for image in step.images:
            if image.after is None:
                counts[image.table] = counts.get(image.table, 0) + 1
    if as_json:
        ids = [i for step in steps for i in step.ids(table)]
        print_json({"deleted": ids, "rows": counts})
        return EXIT_OK
    others = ", ".join(f"{ROW_NAMES.get(t, t)} × {n}" for t, n in counts.items() if t != table)
    print(f"Deleted {ROW_NAMES.get(table, table)} {what}" + (f" (with: {others})" if others else "") + ".")
    return EXIT_OK
