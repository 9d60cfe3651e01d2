"""Shared fixtures: an offscreen Qt platform, a fresh project per test, the sample project and article."""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

# Set before anything imports Qt: tests never need a display, and must not pop up windows.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("WORKBENCH_AUTHOR", "Test Author")
# The per-user data folder (backups, the record of projects closed cleanly) is never the real one, not
# even for module- or session-wide fixtures that run before the per-test folder below is set.
os.environ["WORKBENCH_DATA_DIR"] = tempfile.mkdtemp(prefix="workbench-test-data-")

from tests.support.cli import Cli, run_cli
from workbench.core.paths import resource_path
from workbench.ops.sample import SAMPLE_ARTICLE, create_sample_project
from workbench.store import Project

atexit.register(shutil.rmtree, os.environ["WORKBENCH_DATA_DIR"], ignore_errors=True)

TMPFS = Path("/dev/shm")


def pytest_configure(config: pytest.Config) -> None:
    """Test folders on a RAM disk where there is one with room (tests/ops: 63 s on disk, 11 s in RAM: every
    project write is fsync'ed), unless ``--basetemp`` was given."""
    if config.option.basetemp or not TMPFS.is_dir() or not os.access(TMPFS, os.W_OK):
        return
    if shutil.disk_usage(TMPFS).free < 4 * 1024**3:
        return
    folder = tempfile.mkdtemp(prefix="workbench-tests-", dir=TMPFS)
    config.option.basetemp = folder
    atexit.register(shutil.rmtree, folder, ignore_errors=True)


@pytest.fixture(autouse=True)
def _user_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every test gets its own per-user data folder (backups, seen projects): never the real one.

    Its own MonkeyPatch, not the test's: a test calling ``monkeypatch.undo()`` must not send backups to the
    developer's real data folder."""
    folder = tmp_path_factory.mktemp("userdata")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WORKBENCH_DATA_DIR", str(folder))
        yield folder


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    return tmp_path / "test.fcproj"


@pytest.fixture
def project(project_path: Path) -> Iterator[Project]:
    """A new, empty project file, closed after the test."""
    p = Project.create(project_path, title="Test project", author="Test Author")
    yield p
    p.close()


@pytest.fixture
def sample_path(tmp_path: Path) -> Path:
    """The bundled sample project written to ``sample.fcproj`` and closed (for tests that open the file)."""
    path = tmp_path / "sample.fcproj"
    create_sample_project(path, author="Test Author").close()
    return path


@pytest.fixture
def sample_project(tmp_path: Path) -> Iterator[Project]:
    """The bundled sample project: one article, three marked quotes, one source linked to the first."""
    p = create_sample_project(tmp_path / "sample.fcproj", author="Test Author")
    yield p
    p.close()


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[object, ...]]]:
    """Every attempt to open a connection or resolve a name fails loudly and is recorded (the app makes no
    network request unless the journalist asks)."""
    attempts: list[tuple[object, ...]] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network access attempted")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    yield attempts


@pytest.fixture
def sample_article_path() -> Path:
    return resource_path(SAMPLE_ARTICLE)


@pytest.fixture(autouse=True)
def _collect_garbage_on_the_gui_thread() -> Iterator[None]:
    """As in the app (``workbench.ui.collector``): once Qt is up, garbage is collected on the main thread
    only, so a worker thread never destroys a Qt object left over from an earlier test."""
    yield
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        return
    from workbench.ui.collector import install

    install(app).check()


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    """``cli("claim", "add", path, ...)``: run one ``workbench`` command in this process (tests.support.cli)."""
    return lambda *argv: run_cli(capsys, *argv)
