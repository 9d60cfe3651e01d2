"""Where things live: the bundled resources (beside the package in a checkout, inside the PyInstaller
bundle) and the per-user data folder (backups, what this machine last saw of each project)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

DATA_DIR_ENV = "WORKBENCH_DATA_DIR"


def resources_dir() -> Path:
    """The ``resources/`` folder of this installation."""
    bundle = getattr(sys, "_MEIPASS", None)  # set by PyInstaller's bootloader
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def resource_path(relative: str) -> Path:
    """A file under ``resources/``."""
    return resources_dir() / relative


def user_data_dir() -> Path:
    """The per-user folder for the app's own files (not created here).

    ``WORKBENCH_DATA_DIR`` overrides it: tests point it at a temporary folder, and a journalist can keep
    backups on another disk.
    """
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    import platformdirs  # imported here: only needed by the few callers that write there

    from workbench import APP_NAME

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
