"""Who the journalist is, for the changes they make: the name given in the window (*Tools → Your name…*),
kept in the per-user data folder so commands run later write it too, unless ``WORKBENCH_AUTHOR`` says
otherwise. A store module (not the CLI's) so the window can read and save it without loading the command
line."""

from __future__ import annotations

import os

AUTHOR_FILE = "author.txt"
# Longer than any person's or desk's name; the status bar, the history and every report show it.
MAX_AUTHOR = 80


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


def author_name_problem(name: str) -> str | None:
    """Why ``name`` cannot be the name written on a journalist's changes (None: it can). Refuses what is
    plainly no name: a file path or web address pasted by mistake, or text longer than a name."""
    if len(name) > MAX_AUTHOR:
        return f"That is longer than a name ({len(name)} characters; at most {MAX_AUTHOR}). Type your name as " \
               "colleagues should see it on claims and in the history."
    # "AP/Reuters desk" and "Dana Reporter / Politics" are names; "/home/dana/x.fcproj" and "~/Desktop" are not.
    if "://" in name or "\\" in name or any(
            (word.startswith(("/", "~/", "./")) and word != "/") or word.count("/") > 1 for word in name.split()):
        return ("That looks like a file path or a web address, not a name. Type your name as colleagues should "
                "see it on claims and in the history, e.g. \"Dana Reporter\" or \"Politics desk\".")
    if not any(ch.isalpha() for ch in name):
        return "A name needs letters. Type your name as colleagues should see it on claims and in the history."
    return None


def save_author_name(name: str) -> None:
    """Remember the name the journalist gave in the window, so commands run later write it too."""
    from workbench.core.atomic import write_atomically
    from workbench.core.paths import user_data_dir

    folder = user_data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    write_atomically(folder / AUTHOR_FILE, name.encode("utf-8"))
