"""Know when a project file is already open for editing in another window or process of the app.

While a project is open for editing, a sidecar file ``NAME.fcproj.lock`` beside it is held with the
operating system's advisory lock (``fcntl.flock`` on macOS and Linux, ``msvcrt.locking`` on Windows) and
names the holder (process id and computer), so the message can say who has it. The operating system
drops the lock when that process ends, however it ends, so a crash never leaves a project "open" for
ever; a leftover sidecar file without a holder is simply taken over.
Within one process the lock is taken once per file and shared by every editor of it (counted;
``store.open_files`` keeps it, by the file's device and inode).

Why a lock at all, when SQLite's own locking already keeps two writers from corrupting the file: two
windows editing one file would each keep an undo stack of row images the other window has since
changed, and undoing in one would silently revert the other's work. So a second editor is refused with
a clear message (the window offers to open a copy instead).

The holder also writes what it is: a window (holds the project for as long as the journalist works) or a
command (``workbench claim add``: holds it for a fraction of a second). A command that finds another command
holding the lock waits for it, a few seconds at most (``as_command``), so scripts running commands side by
side do not fail; a window's lock is refused at once.

Read-only opens take no lock, so listing, searching, exporting and sharing from the command line work
while a window has the file open. Where no lock can be taken (a network share without locking), the
project still opens: refusing the journalist their file would be worse than the risk the lock guards.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from workbench.core.errors import ProjectFileError, ProjectInUseError, ProjectReadOnlyError
from workbench.store import open_files
from workbench.store.open_files import FileKey

LOCK_SUFFIX = ".lock"
# Windows locks byte ranges and refuses reads of a locked range: lock one byte far past the text, so
# others can still read who holds it.
_WINDOWS_LOCK_OFFSET = 0x7FFF_0000
# errno values meaning "this file system cannot lock", as opposed to "someone else holds it".
_NO_LOCKING = {errno.ENOLCK, getattr(errno, "ENOTSUP", -1), getattr(errno, "EOPNOTSUPP", -1)}
# errno values meaning "we may not create the sidecar here": the folder is read-only.
_READ_ONLY = {errno.EACCES, errno.EPERM, errno.EROFS}
WINDOW, COMMAND = "window", "command"
COMMAND_WAIT = 5.0  # seconds a command waits for another command's lock
_POLL = 0.05
_role = threading.local()


@contextlib.contextmanager
def as_command(wait: float = COMMAND_WAIT) -> Iterator[None]:
    """Within this block, locks are taken as a short command-line command: written as such, and waiting
    up to ``wait`` seconds for another command to finish (never for a window)."""
    before = getattr(_role, "wait", None)
    _role.wait = wait
    try:
        yield
    finally:
        _role.wait = before


def _command_wait() -> float | None:
    """None for a window (the default); the seconds to wait for another command otherwise."""
    return getattr(_role, "wait", None)


def read_only_error(path: Path) -> ProjectReadOnlyError:
    """The refusal for a project that cannot be written where it is."""
    return ProjectReadOnlyError(
        f"{path.name}: is read-only here (a locked file or a read-only folder). Open a copy of it to keep working."
    )


@dataclass(eq=False)
class ProjectLock:
    """A held lock on one project file; give it back with ``release``."""

    project_path: Path
    path: Path
    key: FileKey
    handle: IO[bytes] | None = None  # None: the file system could not lock; nothing to release
    count: int = field(default=1, repr=False)


def lock_path(project_path: str | Path) -> Path:
    """The sidecar lock file of a project: beside the file itself, wherever links to it were opened, so
    a window that opened ``story.fcproj`` and one that opened a link to it meet at the same lock."""
    project_path = Path(os.path.realpath(project_path))
    return project_path.with_name(project_path.name + LOCK_SUFFIX)


def acquire(project_path: str | Path) -> ProjectLock:
    """Lock ``project_path`` for editing by this process.

    Raises ProjectInUseError when another process holds it and ProjectReadOnlyError when the folder
    does not let us create the sidecar file. Never waits, except inside ``as_command`` for another command.
    """
    project_path = Path(project_path)
    # This process's own lock on the file (store.open_files) is shared: a second ``Project.open`` of the same
    # file in one process (a test reopening to check what was stored, a command run in-process) must not
    # refuse itself, and flock locks belong to one open file description.
    with open_files.entry(open_files.file_key(project_path)) as record:
        if record.lock is not None:
            record.lock.count += 1
            return record.lock
        record.lock = _lock_file(project_path, record.key)
        return record.lock


def release(lock: ProjectLock | None) -> None:
    """Give back a lock from ``acquire`` (the last release of this process lets other processes in)."""
    if lock is None:
        return
    with open_files.entry(lock.key) as record:
        lock.count -= 1
        if lock.count > 0:
            return
        if record.lock is lock:
            record.lock = None
        handle, lock.handle = lock.handle, None
    if handle is None:
        return
    if sys.platform == "win32":
        import msvcrt

        with contextlib.suppress(OSError):
            handle.seek(_WINDOWS_LOCK_OFFSET)
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        handle.close()
        with contextlib.suppress(OSError):  # another process may have it open; it then reuses it
            lock.path.unlink()
    else:
        # Remove the sidecar while still holding the lock; a process that opened the old file meanwhile
        # notices it was unlinked (see _same_file) and starts again with a fresh one.
        with contextlib.suppress(OSError):
            lock.path.unlink()
        handle.close()


def _read_holder(path: Path) -> tuple[int | None, str, str]:
    """The holder's process id, computer and kind (``WINDOW``, ``COMMAND``, or "" when not written yet)."""
    try:
        fd = os.open(path, os.O_RDONLY | _NO_FOLLOW | _NON_BLOCK)
        with os.fdopen(fd, "rb") as fh:
            text = fh.read(512).decode("utf-8", "replace")
    except OSError:
        return None, "", ""
    parts = text.split("\n")
    try:
        pid = int(parts[0])
    except ValueError:
        pid = None
    host = parts[1].strip() if len(parts) > 1 else ""
    # Files written before holders said what they are: a window (the safe reading: do not wait).
    kind = parts[2].strip() if len(parts) > 2 and parts[2].strip() else (WINDOW if pid is not None else "")
    return pid, host, kind


_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NON_BLOCK = getattr(os, "O_NONBLOCK", 0)


def _lock_file(project_path: Path, key: FileKey) -> ProjectLock:
    path = lock_path(project_path)
    wait = _command_wait()
    deadline = time.monotonic() + (wait or 0.0)
    races = 0
    while races < 20:
        try:
            # Never through a link, and never a pipe or device: a shared folder may hold a "lock file" that
            # points at the user's ~/.bashrc, and we write our pid into the lock file.
            fd = os.open(path, os.O_RDWR | os.O_CREAT | _NO_FOLLOW | _NON_BLOCK, 0o644)
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                os.close(fd)
                raise OSError(errno.ELOOP, "not a plain file")
        except OSError as exc:
            if exc.errno in _READ_ONLY:
                raise read_only_error(project_path) from exc
            if exc.errno == errno.ELOOP:
                raise ProjectFileError(
                    f"{project_path.name}: its lock file {path.name} is a link or not a plain file, so the "
                    "project was not opened for editing; delete that file and try again."
                ) from exc
            return ProjectLock(project_path, path, key)  # cannot even make a sidecar: go on unlocked
        handle = os.fdopen(fd, "r+b")
        try:
            _os_lock(handle)
        except OSError as exc:
            handle.close()
            if exc.errno in _NO_LOCKING:
                return ProjectLock(project_path, path, key)
            pid, host, kind = _read_holder(path)
            # Another command (or a holder that has not written its name yet) finishes in a moment.
            if wait is not None and kind != WINDOW and time.monotonic() < deadline:
                time.sleep(_POLL)
                continue
            raise _in_use(project_path, pid, host, kind) from exc
        if not _same_file(handle, path):
            handle.close()  # the previous holder removed it as we opened it: take a fresh one
            races += 1
            continue
        with contextlib.suppress(OSError):
            handle.seek(0)
            handle.truncate()
            handle.write(f"{os.getpid()}\n{_host_name()}\n{WINDOW if wait is None else COMMAND}\n".encode())
            handle.flush()
        return ProjectLock(project_path, path, key, handle)
    raise ProjectFileError(f"{project_path.name}: could not be locked for editing; try again.")


def _host_name() -> str:
    """This computer's name, as written into the lock file (the same as ``socket.gethostname()``)."""
    if hasattr(os, "uname"):  # macOS and Linux: importing socket would cost every start-up ~4 ms
        return os.uname().nodename
    import socket

    return socket.gethostname()


def _os_lock(handle: IO[bytes]) -> None:
    """Take the exclusive lock without waiting; OSError (EWOULDBLOCK, EACCES...) if someone holds it."""
    if sys.platform == "win32":
        import msvcrt

        handle.seek(_WINDOWS_LOCK_OFFSET)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        handle.seek(0)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


def _same_file(handle: IO[bytes], path: Path) -> bool:
    if sys.platform == "win32":
        return True  # Windows cannot unlink a file another process has open: no race to close
    try:
        st = path.stat()
    except FileNotFoundError:
        return False
    mine = os.fstat(handle.fileno())
    return (st.st_dev, st.st_ino) == (mine.st_dev, mine.st_ino)


def _in_use(project_path: Path, pid: int | None, host: str, kind: str) -> ProjectInUseError:
    who = f"pid {pid}" if pid is not None else "another program"
    if host and host != _host_name():
        who += f" on {host}"
    if kind == COMMAND:
        message = (f"{project_path.name}: is being changed by another workbench command ({who}) that has not "
                   f"finished after {_command_wait() or 0:.0f} seconds; try again when it is done.")
    else:
        message = (f"{project_path.name}: is already open in another window ({who}). Switch to that window, "
                   "or open a copy of the file to work on separately.")
    return ProjectInUseError(message, pid=pid, host=host)
