"""The ``workbench`` command line: the same operations as the window, for scripts and tests. No Qt.

Exit status: 0 on success, 1 with a one-line message on stderr when the user asked for something that
cannot be done (a refused file, an unknown id, a bad value), 2 for a malformed command line.
``--json`` output is a single JSON document on stdout and nothing else.

Each module of this package adds its commands through ``register(add)``; ``MODULES`` lists them in the order
``workbench --help`` shows them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any

from workbench import __version__
from workbench.cli import articles, claims, factchecks, history, projects, reports, review, sources, tags, verify
from workbench.cli.common import EXIT_USAGE, EXIT_USER_ERROR, Parser, add_project_arg, take_passphrase_options
from workbench.core.errors import WorkbenchError
from workbench.store import lock

MODULES = (projects, articles, claims, sources, tags, review, history, verify, reports, factchecks)


def build_parser() -> argparse.ArgumentParser:
    """The ``workbench`` parser with every command module's commands."""
    parser = Parser(
        prog="workbench",
        description=(
            "Fact-Check Workbench: mark, attribute, tag, source and judge quoted claims in news articles.\n\n"
            "Run 'workbench [PROJECT.fcproj]' to open the window (with no project: the last one, else the "
            "bundled sample). The commands below do the same work from scripts."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--self-test", action="store_true",
                        help="check this installation without a screen (a project in a temporary folder: import, "
                        "suggestions, reports, the window offscreen); exit 0 if it works")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    def add(name: str, func: Callable[[argparse.Namespace], int], help_: str, *, project: bool | str = True,
            **kw: Any) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_, **kw)
        p.set_defaults(func=func)
        if project:
            add_project_arg(p, None if project is True else project)
        return p

    for module in MODULES:
        module.register(add)
    return parser


def _command_names() -> frozenset[str]:
    parser = build_parser()
    for action in parser._subparsers._group_actions:  # type: ignore[union-attr]
        if isinstance(action, argparse._SubParsersAction):
            return frozenset(action.choices)
    return frozenset()


# What ``workbench`` treats as a command rather than a project to open in the window.
COMMANDS = _command_names()


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.self_test:  # ``workbench --self-test`` alone is run by __main__; here it came with more
        parser.error("--self-test takes no other arguments")
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    take_passphrase_options(args)
    try:
        with lock.as_command():  # wait briefly for another command's lock; never mistaken for a window
            return args.func(args)
    except WorkbenchError as exc:
        print(f"workbench: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        return 130
