"""Who the journalist is, for the changes they make: the name given in the window (*Tools → Your name…*),
kept in the per-user data folder so commands run later write it too, unless ``WORKBENCH_AUTHOR`` says
otherwise. A store module (not the CLI's) so the window can read and save it without loading the command
line."""

from __future__ import annotations

import os

AUTHOR_FILE = "author.txt"


def author_name() -> str:
    """The name written on the changes a command makes: ``WORKBENCH_AUTHOR`` when set, else the name the
    journalist gave the window (Tools → Your name…, kept in the per-user data folder), else the login name."""
    from workbench.core.paths import user_data_dir
    from workbench.store.project import default_author

    if os.environ.get("WORKBENCH_AUTHOR"):
        return default_author()
    try:
        saved = " ".join((user_data_dir() / AUTHOR_FILE).read_text(encoding="utf-8").split())
    except (OSError, UnicodeDecodeError):
        saved = ""
    return saved or default_author()


def save_author_name(name: str) -> None:
    """Remember the name the journalist gave in the window, so commands run later write it too."""
    from workbench.core.atomic import write_atomically
    from workbench.core.paths import user_data_dir

    folder = user_data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    write_atomically(folder / AUTHOR_FILE, name.encode("utf-8"))
