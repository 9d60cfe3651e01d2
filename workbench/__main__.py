"""Entry point: ``workbench COMMAND ...`` runs the command line; ``workbench [PROJECT]`` opens the window."""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Dispatch to the CLI or the window."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--self-test"]:  # above the CLI: it also opens the window (offscreen)
        from workbench.selftest import main as self_test

        return self_test()
    if args:  # the command line is imported only when asked for: the window starts faster without it
        from workbench import cli

        if args[0] in cli.COMMANDS or args[0].startswith("-"):
            return cli.main(args)
        if len(args) > 1:
            return cli.main(args)  # lets argparse explain the unknown command (exit 2)
    # The window collects garbage from a timer on its own thread (ui.collector, installed with the application),
    # with automatic collection off. Off from here, the imports before it (the window's ~45 ms, and PySide6's)
    # run no collections either: ~3-4 ms of walking the young generations that the first frame waited for.
    gc.disable()
    # Started before the window's modules load (~45 ms of imports), on a thread: the first open needs it.
    from workbench.store import schema_guard

    schema_guard.prepare_expected_schema()
    from workbench.ui.app import run

    return run(args[0] if args else None)


if __name__ == "__main__":
    sys.exit(main())
