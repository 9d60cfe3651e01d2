"""What every command module of the command line shares: exit statuses, the parser class, JSON output,
opening a project and writing a command's output."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any, Protocol

from workbench.store import Project

EXIT_OK, EXIT_USER_ERROR, EXIT_USAGE = 0, 1, 2


class Parser(argparse.ArgumentParser):
    """argparse with exit status 2 and a one-line message for usage errors."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


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
    return Project.open(path, read_only=read_only)


def write_output(text: str, output: str | None) -> None:
    """Write a command's text to stdout (no ``-o`` or ``-o -``) or to a file through the export guard."""
    if not output or output == "-":
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    from workbench.export import write_export

    write_export(text, output)
