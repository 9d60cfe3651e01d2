"""What every command module of the command line shares: exit statuses, the parser class and the arguments
most commands take, printing results (text or ``--json``), opening a project and writing a command's output.

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
from collections.abc import Callable, Iterable
from typing import Any, Protocol, TypeVar

from workbench.store import Changes, Project
from workbench.store.author import author_name

T = TypeVar("T")
EXIT_OK, EXIT_USER_ERROR, EXIT_USAGE = 0, 1, 2
MAX_NUMBER = 1_000_000_000  # the largest whole number any option takes (SQLite's integers stop at 2**63)


class Parser(argparse.ArgumentParser):
    """argparse with exit status 2 and a one-line message for usage errors, text arguments decoded or
    refused (module docstring), and every ``type=int`` option bounded to 1..``MAX_NUMBER``. Every command
    takes ``--passphrase-file`` (the passphrase of an encrypted project; never the passphrase itself on the
    command line, where ``ps`` and the shell's history would show it)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # SUPPRESS: a command's parser must not overwrite the value given before the command's name.
        self.add_argument("--passphrase-file", metavar="FILE", default=argparse.SUPPRESS,
                          help="an encrypted project's passphrase: the first line of FILE (or set "
                               "WORKBENCH_PASSPHRASE; else it is asked for on a terminal)")
        # Without this, argparse would take "--passphrase WORDS" as an abbreviation of --passphrase-file.
        self.add_argument("--passphrase", "--new-passphrase", nargs="?", action=_RefusePassphrase,
                          default=argparse.SUPPRESS, help=argparse.SUPPRESS)

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


class _RefusePassphrase(argparse.Action):
    def __call__(self, parser: argparse.ArgumentParser, *_args: Any, **_kw: Any) -> None:
        parser.error("a passphrase is never given on the command line (ps and the shell's history would show "
                     "it): use WORKBENCH_PASSPHRASE or --passphrase-file FILE (new ones: WORKBENCH_NEW_PASSPHRASE "
                     "or --new-passphrase-file FILE)")


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
    """``add(name, func, help)``: adds a command to the ``workbench`` parser and returns its parser. The
    command takes the project file first (``project``: True, or the help text of that argument) unless
    ``project=False``."""

    def __call__(self, name: str, func: Callable[[argparse.Namespace], int], help_: str, *,
                 project: bool | str = True, **kw: Any) -> argparse.ArgumentParser: ...


class Group:
    """A command with actions of its own (``workbench claim add``); with no action it prints its help."""

    def __init__(self, add: Adder, name: str, help_: str) -> None:
        parser = add(name, lambda _args: (parser.print_help(sys.stderr), EXIT_USAGE)[1], help_, project=False)
        self.actions = parser.add_subparsers(dest=f"{name}_command", metavar="ACTION", parser_class=Parser)

    def action(self, name: str, func: Callable[[argparse.Namespace], int], help_: str, description: str = "", *,
               project: bool = True, id_help: str = "") -> argparse.ArgumentParser:
        """An action taking the project file (unless ``project=False``), and the ``id`` of the row it acts on
        when ``id_help`` says what that id is."""
        parser = self.actions.add_parser(name, help=help_, description=description or help_)
        parser.set_defaults(func=func)
        if project:
            add_project_arg(parser)
        if id_help:
            parser.add_argument("id", metavar="ID", help=id_help)
        return parser

    def delete_action(self, delete: Callable[..., Changes], id_keyword: str, table: str, help_: str,
                      description: str, id_help: str) -> argparse.ArgumentParser:
        """``delete PROJECT ID [--json]``: runs the op ``delete(project, <id_keyword>=ID)`` and says what went."""

        def command(args: argparse.Namespace) -> int:
            with open_project(args.project) as project:
                changes = delete(project, **{id_keyword: args.id})
            return deleted_summary(changes, table, args.id, args.json)

        parser = self.action("delete", command, help_, description, id_help=id_help)
        add_json_arg(parser, "print what was deleted as JSON")
        return parser


def add_project_arg(parser: argparse.ArgumentParser, help_: str | None = None) -> None:
    """The ``PROJECT`` argument: the project file a command works on."""
    parser.add_argument("project", metavar="PROJECT", help=help_)


def add_json_arg(parser: argparse.ArgumentParser, help_: str | None = None) -> None:
    """``--json``: print the result as one JSON document (``help_`` says what it holds)."""
    parser.add_argument("--json", action="store_true", help=help_)


def print_json(value: Any) -> None:
    """The single JSON document a ``--json`` command prints on stdout."""
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def print_result(as_json: bool, value: Any, text: str) -> int:
    """A command's result: ``value`` as the JSON document with ``--json``, else the line ``text``."""
    if as_json:
        print_json(value)
    else:
        print(text)
    return EXIT_OK


def print_rows(as_json: bool, rows: Iterable[T], as_dict: Callable[[T], Any], line: Callable[[T], str]) -> int:
    """A listing: with ``--json`` one JSON list of ``as_dict(row)``, else one ``line(row)`` per row.
    The JSON is written row by row (the same text as ``print_json`` of the list): a 100,000-claim listing
    never holds every dict at once."""
    if as_json:
        from workbench.export.stream import Lazy, stream_json

        sys.stdout.writelines(stream_json(Lazy(lambda: map(as_dict, rows))))
        sys.stdout.write("\n")
    else:
        for row in rows:
            print(line(row))
    return EXIT_OK


def open_project(path: str, *, read_only: bool = False) -> Project:
    """Open a project; commands that only read open read-only, so they work while a window edits the file.
    An encrypted one opens with the passphrase given (``passphrase_for``)."""
    return Project.open(path, read_only=read_only, author=author_name(), passphrase=passphrase_for(path))


# -- passphrases ---------------------------------------------------------------------------------------

PASSPHRASE_ENV = "WORKBENCH_PASSPHRASE"
NEW_PASSPHRASE_ENV = "WORKBENCH_NEW_PASSPHRASE"
_given: dict[str, str | None] = {"passphrase_file": None, "new_passphrase_file": None}


def take_passphrase_options(args: argparse.Namespace) -> None:
    """Remember ``--passphrase-file``/``--new-passphrase-file`` of the command being run (``cli.main``)."""
    for name in _given:
        _given[name] = getattr(args, name, None)


def _read_passphrase_file(name: str) -> str:
    from workbench.core.errors import WorkbenchError

    try:
        with open(name, encoding="utf-8") as fh:
            first = fh.readline().rstrip("\r\n")
            mode = os.fstat(fh.fileno()).st_mode
    except (OSError, UnicodeDecodeError) as exc:
        raise WorkbenchError(f"{os.path.basename(name)}: the passphrase file cannot be read "
                             f"({getattr(exc, 'strerror', None) or exc}).") from exc
    if os.name == "posix" and mode & 0o077:
        print(f"warning: {os.path.basename(name)}: others can read this passphrase file (chmod 600 it).",
              file=sys.stderr)
    return first


def is_encrypted(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` looks like an encrypted project (reads its first page only)."""
    from pathlib import Path

    from workbench.store import cipher

    return cipher.file_kind(Path(path)) == "encrypted"


def given_passphrase() -> str | None:
    """The passphrase given to this command (``--passphrase-file``, else ``WORKBENCH_PASSPHRASE``), or None."""
    if _given["passphrase_file"]:
        return _read_passphrase_file(_given["passphrase_file"])
    return os.environ.get(PASSPHRASE_ENV) or None


def passphrase_for(path: str | os.PathLike[str]) -> str | None:
    """The passphrase to open ``path`` with: None for a plain file; for an encrypted one the given
    passphrase, else asked for on a terminal, else PassphraseRequired (exit 1, one line)."""
    if not is_encrypted(path):
        return None
    given = given_passphrase()
    if given is None and sys.stdin.isatty():
        import getpass

        given = getpass.getpass(f"Passphrase for {os.path.basename(path)}: ") or None
    if given is None:
        from pathlib import Path

        from workbench.core.errors import PassphraseRequired

        with open(path, "rb") as fh:
            salt = fh.read(16)
        raise PassphraseRequired(
            f"{os.path.basename(path)}: is encrypted; give its passphrase with {PASSPHRASE_ENV} or "
            "--passphrase-file FILE. The file was not changed.", path=Path(path), salt=salt)
    return given


def new_passphrase() -> str:
    """A new passphrase (``--new-passphrase-file``, else ``WORKBENCH_NEW_PASSPHRASE``, else typed twice on a
    terminal), checked for length; WorkbenchError otherwise."""
    from workbench.core.errors import ValidationError
    from workbench.store import cipher

    if _given["new_passphrase_file"]:
        chosen: str | None = _read_passphrase_file(_given["new_passphrase_file"])
    else:
        chosen = os.environ.get(NEW_PASSPHRASE_ENV) or None
    if chosen is None and sys.stdin.isatty():
        import getpass

        chosen = getpass.getpass("New passphrase: ")
        if getpass.getpass("New passphrase again: ") != chosen:
            raise ValidationError("The two passphrases differ; nothing was changed.")
    if chosen is None:
        raise ValidationError(f"Give the new passphrase with {NEW_PASSPHRASE_ENV} or --new-passphrase-file FILE; "
                              "nothing was changed.")
    cipher.check_new_passphrase(chosen)
    return chosen


def add_new_passphrase_option(parser: argparse.ArgumentParser) -> None:
    """``--new-passphrase-file`` for the commands that set a passphrase."""
    parser.add_argument("--new-passphrase-file", metavar="FILE",
                        help="the new passphrase: the first line of FILE (or set WORKBENCH_NEW_PASSPHRASE; else "
                             "it is asked for twice on a terminal)")


def write_output(text: str | Iterable[str], output: str | None) -> None:
    """Write a command's text (or its pieces, each as it is made) to stdout (no ``-o`` or ``-o -``; ending
    with a newline) or to a file through the export guard."""
    if not output or output == "-":
        last = ""
        for piece in [text] if isinstance(text, str) else text:
            if piece:
                sys.stdout.write(piece)
                last = piece
        if not last.endswith("\n"):
            sys.stdout.write("\n")
        return
    from workbench.export import write_export

    write_export(text, output)


def deleted_summary(changes: Changes | list[Changes], table: str, what: str, as_json: bool) -> int:
    """Say what a delete took away: the row and how many rows of each kind went with it."""
    from workbench.store.schema import row_name

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
    others = ", ".join(f"{row_name(t)} × {n}" for t, n in counts.items() if t != table)
    print(f"Deleted {row_name(table)} {what}" + (f" (with: {others})" if others else "") + ".")
    return EXIT_OK
