"""Automatic backups of each project in the per-user data folder, and restoring one of them.

Where. ``backups_dir()`` is ``user_data_dir() / "backups"`` (``WORKBENCH_DATA_DIR`` moves it). Each
project has its own folder, named after the file and a hash of its resolved path, so the list works
without reading the project file (it may be damaged or gone)::

    backups/story-3f2a9c1d0b7e4a65/20261125T143200123Z-periodic.fcproj
    backups/story-3f2a9c1d0b7e4a65/20261125T143200123Z-periodic.json   <- manifest: path, reason, title...

A backup is a complete project file written with SQLite's backup API (never a file copy of an open
database), in rollback-journal mode, so it opens in the app like any project. It is written under a
hidden temporary name, fsynced, and renamed into place after its manifest: a crash never leaves a half
backup under a name that is listed. Backups of the same project (by ``project_id``) made where no file is
any more (the project was moved or renamed) are listed with it too.

When. Before a file-format migration, before a merge, before a bulk delete, before a restore, and
periodically while the window has the project open (``workbench.ui.backups_dialog``: every 10 minutes,
only if something changed since the last one, never more than one per interval, written from a separate
read-only connection in a worker thread; while edits keep coming it is put off to the next interval, at
most twice, so the window does not wait for it). A *bulk delete* is an operation that takes away work on
several claims at once: deleting an article that has claims, or deleting a tag or a source used by
``BULK_DELETE_CLAIMS`` (2) or more claims.

If the backup before a migration, merge, bulk delete or restore cannot be written (a full disk), that
operation is not done and says why (``BackupFailed``); nothing is changed. A failed periodic backup
only shows a warning in the window's status bar: the project file itself is still safe.

Rotation (after each backup, per project folder). Kept: the newest ``KEEP_PERIODIC`` (10) periodic
backups plus the last periodic backup of each of the ``KEEP_DAILY`` (7) earlier days (local time) on
which there were periodic backups; the newest ``KEEP_PER_EVENT`` (5) of each other reason, plus the first of
that reason on each of the last ``KEEP_DAILY`` + 1 days it was made (the project before the day's first
merge, which later merges must not push out); and always the newest backup of all. All counted per project
id, as a project deleted and another made at its path share a folder. Nothing outside the project's own
folder is ever deleted, and folders of deleted projects are left alone.

Restoring replaces the project file atomically (a temporary copy beside it, fsync, ``os.replace``) after
keeping the current file as a ``before-restore`` backup (or, if it cannot be read, a raw copy of its
bytes named ``*-before-restore.damaged``; nothing new when the file is still exactly a backup it was restored
from, so trying backup after backup never pushes out the state from before the first), and is refused while
the project is open for editing.
"""

from __future__ import annotations

import contextlib
import filecmp
import hashlib
import json
import os
import re
import shutil
import stat
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from workbench.core.atomic import build_atomically, fsync_file, write_json_atomically
from workbench.core.errors import BackupBusy, BackupFailed, PassphraseRequired, ProjectFileError, ProjectInUseError
from workbench.core.ids import utc_now
from workbench.core.paths import user_data_dir
from workbench.store import dberrors, lock
from workbench.store.connect import Connection, connect, copy_database, snapshot
from workbench.store.header import SQLITE_MAGIC, SUFFIX, read_header

if TYPE_CHECKING:
    from workbench.store.cipher import CipherKey

REASONS = ("migration", "merge", "bulk-delete", "periodic", "before-restore", "manual", "passphrase", "compact")
# How each reason reads in the window and on the command line.
REASON_LABELS = {
    "migration": "before a file-format upgrade",
    "merge": "before a merge",
    "bulk-delete": "before a large deletion",
    "periodic": "automatic (while editing)",
    "before-restore": "before restoring a backup",
    "manual": "made by you",
    "passphrase": "before a passphrase change",
    "compact": "before compacting",
}
KEEP_PERIODIC = 10
KEEP_DAILY = 7
KEEP_PER_EVENT = 5
BULK_DELETE_CLAIMS = 2
MANIFEST_SUFFIX = ".json"
DAMAGED_SUFFIX = ".damaged"
_PARTIAL = ".partial"
# Pages copied per step by a background backup: the project's own writes wait at most one step (~1 MB).
_STEP_PAGES = 256
# Restarts (the window committed an edit mid-copy) tolerated before the copy holds the file still.
_MAX_RESTARTS = 5
_RESTART_PAUSE = 0.5
_NAME_RE = re.compile(r"^(\d{8}T\d{9}Z)(?:-\d+)?-([a-z-]+)$")


@dataclass(frozen=True, slots=True)
class Backup:
    """One backup file of a project."""

    path: Path  # the backup file
    project_path: Path  # where the project was when backed up (resolved)
    reason: str  # one of REASONS
    created_at: str  # UTC ISO 8601, like every stamp in the app
    size: int
    title: str  # the project's title then
    project_id: str = ""  # the project's own id (meta), "" when its manifest was lost


class OpenDatabase(Protocol):
    """What a backup needs of an open project (``Project``, or a file being opened or repaired)."""

    @property
    def path(self) -> Path: ...

    @property
    def conn(self) -> Connection: ...


def backups_dir() -> Path:
    """The folder holding every project's backups (not created here)."""
    return user_data_dir() / "backups"


def project_folder(project_path: str | Path) -> Path:
    """The backup folder of the project at ``project_path``: its file name plus a hash of its resolved path."""
    resolved = Path(project_path).resolve()
    key = hashlib.sha256(os.path.normcase(str(resolved)).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    stem = re.sub(r"[^\w .-]+", "_", resolved.stem).strip(" .")[:40] or "project"
    return backups_dir() / f"{stem}-{key}"


# -- making backups ------------------------------------------------------------------------------------


def make_backup(project: OpenDatabase, reason: str) -> Backup:
    """Back up the open ``project`` now (on the calling thread) and rotate its backups.

    Raises BackupFailed when the backup cannot be written; nothing else is changed then.
    """
    backup = _write(project.path, project.conn, reason, whole=True, key=_key_of(project))
    rotate_backups(project.path)
    return backup


def backup_before(project: OpenDatabase, reason: str, action: str) -> Backup:
    """``make_backup`` for the step before a risky operation: the message of a failure says that
    ``action`` (e.g. "The merge") was not done."""
    try:
        return make_backup(project, reason)
    except BackupFailed as exc:
        raise BackupFailed(f"{action} was not done, because {exc} Free some disk space and try again; "
                           "nothing was changed.") from exc


def _key_of(project: OpenDatabase) -> CipherKey | None:
    # An encrypted project's backups are encrypted with its key (same passphrase and salt).
    return getattr(project, "cipher_key", None)


def backup_file(project_path: str | Path, reason: str = "periodic", *, wait_if_busy: bool = True,
                key: CipherKey | None = None) -> Backup:
    """Back up the project file at ``project_path`` through a read-only connection of its own (safe from a
    worker thread while the window edits the project), then rotate. Raises BackupFailed.

    The copy goes in small steps, so an edit committed meanwhile waits one step at most; each such edit
    restarts the copy. After a few restarts the copy either holds the file still until it is done
    (``wait_if_busy``: an edit may then wait for the whole copy, ~0.3-0.7 s for 200 MB) or gives up with
    BackupBusy, for the caller to try again later. ``key``: the project is encrypted with it (so is the backup)."""
    project_path = Path(project_path)
    if key is None:
        from workbench.store.open_keys import key_for

        key = key_for(project_path)  # an encrypted project open in this process (the periodic backup)
    try:
        source = _read_only(project_path, key)
    except (*dberrors.Error, ProjectFileError) as exc:
        raise BackupFailed(f"{project_path.name} could not be read for a backup ({exc}).") from exc
    try:
        backup = _write(project_path, source, reason, whole=False, wait_if_busy=wait_if_busy, key=key)
    finally:
        source.close()
    rotate_backups(project_path)
    return backup


def make_backup_without_rotation(project: OpenDatabase, reason: str) -> Backup:
    """A backup that may be discarded again (``discard_backup``) without having pushed an older one out:
    call ``rotate_backups`` once it is kept. Used by merge, which drops its backup when nothing changed."""
    return _write(project.path, project.conn, reason, whole=True, key=_key_of(project))


def discard_backup(backup: Backup) -> None:
    """Remove a backup that turned out not to be needed (and its manifest)."""
    for path in (backup.path, _manifest_path(backup.path)):
        with contextlib.suppress(OSError):
            path.unlink()


def _read_only(path: Path, key: CipherKey | None = None) -> Connection:
    if key is None:
        from workbench.store.open_keys import key_for

        key = key_for(path)  # an encrypted project open in this process (the periodic backup)
    if key is None:
        read_header(path)  # (an encrypted file: PassphraseRequired)
    else:
        from workbench.store import cipher

        if not cipher.key_opens(path, key):
            raise cipher.PassphraseError(f"{path.name}: cannot be read with this passphrase.")
    conn = connect(path, "read", any_thread=True, key=key)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except dberrors.Error:
        conn.close()
        raise
    return conn


def _meta(conn: Connection, key: str) -> str:
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    except dberrors.Error:
        return ""  # an old or odd file: the backup itself matters more than its label
    return str(row[0]) if row else ""


def _write(project_path: Path, source: Connection, reason: str, *, whole: bool,
           wait_if_busy: bool = True, key: CipherKey | None = None) -> Backup:
    if reason not in REASONS:
        raise ValueError(f"unknown backup reason {reason!r}")
    resolved = project_path.resolve()
    folder = project_folder(resolved)
    created_at = utc_now()
    # The title is content: an encrypted project's manifest (plain JSON beside the backup) leaves it out.
    title = "" if key is not None else _meta(source, "title") or resolved.stem
    manifest = {"project_path": str(resolved), "reason": reason, "created_at": created_at, "title": title,
                "project_id": _meta(source, "project_id"), "encrypted": key is not None}

    def build(tmp: Path) -> None:
        copy_database(source, tmp, None if whole else lambda src, target: _stepped_copy(src, target, wait_if_busy),
                      key=key)

    def write_manifest(tmp: Path) -> None:
        # Before the rename: a backup is listed only once it is complete and described.
        manifest["size"] = tmp.stat().st_size
        write_json_atomically(_manifest_path(dest), manifest, partial_suffix=_PARTIAL)

    try:
        folder.mkdir(parents=True, exist_ok=True)
        dest = _free_name(folder, created_at, reason)
        build_atomically(dest, build, partial_suffix=_PARTIAL, before_rename=write_manifest)
    except (OSError, *dberrors.Error) as exc:  # (BackupBusy, from a copy that gave up, propagates as it is)
        detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise BackupFailed(f"a backup of {project_path.name} could not be written to {folder} ({detail}).") from exc
    return Backup(dest, resolved, reason, created_at, int(manifest["size"]), title, str(manifest["project_id"]))


class _Restarted(Exception):
    pass


def _stepped_copy(source: Connection, target: Connection, wait_if_busy: bool) -> None:
    """Copy in small steps so the window's commits slip in between; after a few restarts (each commit by
    another connection restarts SQLite's copy) hold a read transaction and finish in one go, or give up."""
    restarts = 0
    last = None

    def progress(_status: int, remaining: int, _total: int) -> None:
        nonlocal restarts, last
        if last is not None and remaining > last:
            restarts += 1
            if restarts > _MAX_RESTARTS:
                raise _Restarted
            time.sleep(_RESTART_PAUSE)  # edits come in bursts (clicking through claims): let one pass
        last = remaining

    try:
        source.backup(target, pages=_STEP_PAGES, progress=progress, sleep=0.05)
        return
    except _Restarted:
        if not wait_if_busy:
            raise BackupBusy("the project kept changing during the copy; it is tried again later.") from None
    with snapshot(source):
        source.execute("SELECT count(*) FROM sqlite_master").fetchone()  # takes the read lock now
        source.backup(target)


def _free_name(folder: Path, created_at: str, reason: str) -> Path:
    stamp = created_at.replace("-", "").replace(":", "").replace(".", "")
    dest = folder / f"{stamp}-{reason}{SUFFIX}"
    n = 1
    while dest.exists() or _manifest_path(dest).exists():  # another process in the same millisecond
        n += 1
        dest = folder / f"{stamp}-{n}-{reason}{SUFFIX}"
    return dest


def _manifest_path(backup_path: Path) -> Path:
    return backup_path.with_suffix(MANIFEST_SUFFIX)


# -- listing and rotating -------------------------------------------------------------------------------


def list_backups(project_path: str | Path, key: CipherKey | None = None) -> list[Backup]:
    """The backups of the project at ``project_path``, newest first.

    Works when the file is damaged or missing: backups are found by the resolved path, not by reading the
    file. When the file can be read, backups of the same project made at a path where no file is any more
    (it was moved or renamed) are included. ``key``: the project is encrypted with it (needed to read it).
    """
    project_path = Path(project_path)
    folder = project_folder(project_path)
    found = {b.path: b for b in _folder_backups(folder, default_path=project_path.resolve())}
    project_id = _project_id(project_path, key)
    if project_id and backups_dir().is_dir():
        for other in backups_dir().iterdir():
            if other == folder or not other.is_dir():
                continue
            for b in _folder_backups(other, project_id=project_id):
                if not b.project_path.exists():
                    found[b.path] = b
    return sorted(found.values(), key=lambda b: (b.created_at, b.path.name), reverse=True)


def _project_id(project_path: Path, key: CipherKey | None = None) -> str:
    try:
        conn = _read_only(project_path, key)
    except (*dberrors.Error, ProjectFileError, OSError):
        return ""
    try:
        return _meta(conn, "project_id")
    finally:
        conn.close()


def _folder_backups(folder: Path, *, project_id: str | None = None,
                    default_path: Path | None = None) -> Iterator[Backup]:
    try:
        paths = sorted(folder.glob(f"*{SUFFIX}"))
    except OSError:
        return
    for path in paths:
        if path.name.startswith("."):
            continue
        manifest: dict[str, object] = {}
        with contextlib.suppress(OSError, ValueError):
            manifest = json.loads(_manifest_path(path).read_text(encoding="utf-8"))
        if project_id is not None and manifest.get("project_id") != project_id:
            continue
        match = _NAME_RE.match(path.stem)
        reason = str(manifest.get("reason") or (match.group(2) if match else "manual"))
        created_at = str(manifest.get("created_at") or (_stamp_to_iso(match.group(1)) if match else ""))
        try:
            size = path.stat().st_size
        except OSError:
            continue
        # A backup whose manifest was lost still lists, under the project it was found for.
        recorded = manifest.get("project_path")
        yield Backup(path, Path(str(recorded)) if recorded else (default_path or path), reason, created_at, size,
                     str(manifest.get("title") or ""), str(manifest.get("project_id") or ""))


def _stamp_to_iso(stamp: str) -> str:
    # 20261125T143200123Z -> 2026-11-25T14:32:00.123Z (a backup whose manifest was lost)
    return f"{stamp[0:4]}-{stamp[4:6]}-{stamp[6:8]}T{stamp[9:11]}:{stamp[11:13]}:{stamp[13:15]}.{stamp[15:18]}Z"


def rotate_backups(project_path: str | Path) -> list[Path]:
    """Delete the backups of this project that the rotation rules (module docstring) no longer keep, and
    leftovers of interrupted backups; returns the backup files deleted."""
    folder = project_folder(project_path)
    backups = sorted(_folder_backups(folder), key=lambda b: (b.created_at, b.path.name), reverse=True)
    keep: set[Path] = set()
    # Counted per project id: a project deleted and another made at the same path share this folder, and
    # the new one's backups must never push out what may be the only copy left of the old one.
    newest_seen: set[str] = set()
    days: dict[str, set[str]] = {}
    counts: dict[tuple[str, str], int] = {}
    for b in backups:
        if b.project_id not in newest_seen:
            newest_seen.add(b.project_id)
            keep.add(b.path)  # always the newest, whatever its reason
        key = (b.project_id, b.reason)
        counts[key] = counts.get(key, 0) + 1
        if b.reason == "periodic":
            if counts[key] <= KEEP_PERIODIC:
                keep.add(b.path)
            day, seen_days = _local_day(b.created_at), days.setdefault(b.project_id, set())
            if day not in seen_days:  # newest first: the first periodic backup seen of a day is its last one
                seen_days.add(day)
                if len(seen_days) <= KEEP_DAILY + 1:  # the newest day's and the KEEP_DAILY earlier days'
                    keep.add(b.path)
        elif counts[key] <= KEEP_PER_EVENT:
            keep.add(b.path)
    keep |= _firsts_of_the_day(backups)
    deleted = []
    for b in backups:
        if b.path not in keep:
            discard_backup(b)
            deleted.append(b.path)
    _clean_leftovers(folder)
    return deleted


def _firsts_of_the_day(backups: list[Backup]) -> set[Path]:
    """The first backup of each reason other than periodic on each of the last KEEP_DAILY + 1 days it was
    made: the project as it was before the day's first merge (or large deletion...), which a merge report
    promises, must outlive the day's later merges."""
    firsts: dict[tuple[str, str], dict[str, Path]] = {}
    for b in backups:  # newest first: the last one seen of a day is its first
        if b.reason != "periodic":
            firsts.setdefault((b.project_id, b.reason), {})[_local_day(b.created_at)] = b.path
    return {by_day[day] for by_day in firsts.values() for day in sorted(by_day, reverse=True)[:KEEP_DAILY + 1]}


def _local_day(created_at: str) -> str:
    try:
        return datetime.fromisoformat(created_at.replace("Z", "+00:00")).astimezone().strftime("%Y-%m-%d")
    except ValueError:
        return created_at[:10]


def _clean_leftovers(folder: Path) -> None:
    """Manifests whose backup is gone and temporary files of a backup cut short, once over an hour old (a
    younger one may belong to a backup being written right now by another process)."""
    now = datetime.now(UTC).timestamp()
    with contextlib.suppress(OSError):
        for path in folder.iterdir():
            orphan = path.suffix == MANIFEST_SUFFIX and not path.with_suffix(SUFFIX).exists()
            if orphan or path.name.endswith(_PARTIAL):
                with contextlib.suppress(OSError):
                    if now - path.stat().st_mtime > 3600:
                        path.unlink()


def local_time(created_at: str) -> str:
    """A backup's time as the journalist's clock shows it, e.g. ``2026-11-25 15:32:07``."""
    try:
        when = datetime.fromisoformat(created_at.replace("Z", "+00:00"))
    except ValueError:
        return created_at
    return when.astimezone().strftime("%Y-%m-%d %H:%M:%S")


# -- restoring ------------------------------------------------------------------------------------------


def restore_backup(project_path: str | Path, backup: Backup | Path, key: CipherKey | None = None) -> Backup | None:
    """Replace the project file with ``backup``; returns the backup of the file as it was (None when there
    was no readable file to keep; an unreadable one is kept as a raw ``.damaged`` copy).

    Refused (ProjectFileError, nothing changed) when ``backup`` is not a valid project, when the project is
    open for editing (in this process or another), or when the current file cannot be kept first.
    ``key``: the key of an encrypted project (its backups open with it; without it an encrypted backup is
    refused with PassphraseRequired, unchanged).
    """
    project_path = Path(project_path).absolute()
    backup_path = backup.path if isinstance(backup, Backup) else Path(backup)
    name = project_path.name
    try:
        if key is None:
            from workbench.store.open_keys import key_for

            key = key_for(backup_path) or key_for(project_path)
        backup_key = key if key is not None and _opens(backup_path, key) else None
        if backup_key is None:
            read_header(backup_path)  # an encrypted backup without its key: PassphraseRequired
        check = connect(backup_path, "read", key=backup_key)
        try:
            check.execute("SELECT count(*) FROM meta").fetchone()
        finally:
            check.close()
    except PassphraseRequired:
        raise  # (the window and the command line ask for the passphrase, then try again)
    except ProjectFileError as exc:
        raise ProjectFileError(f"Not restored: {exc} {name} was not changed.") from exc
    except dberrors.Error as exc:
        raise ProjectFileError(f"Not restored: {backup_path.name} is damaged ({exc}). {name} was not changed.") \
            from exc
    if project_path.exists() and project_path.resolve() == backup_path.resolve():
        raise ProjectFileError(f"Not restored: {backup_path.name} is the project file itself.")
    if not project_path.parent.is_dir():
        raise ProjectFileError(f"Not restored: the folder {project_path.parent} no longer exists.")
    _refuse_what_is_not_a_project(project_path)
    held = lock.acquire(project_path)  # refuses while another process edits it
    try:
        if held.count > 1:  # this process already holds it: a window or a Project has it open
            raise ProjectInUseError(
                f"{name}: is open for editing; close it before restoring a backup. Nothing was changed.",
                pid=os.getpid(), host="")
        before = _keep_current(project_path, key)
        _replace_with(project_path, backup_path)
    finally:
        lock.release(held)
    rotate_backups(project_path)
    return before


def _opens(path: Path, key: CipherKey) -> bool:
    from workbench.store import cipher

    return cipher.file_kind(path) == "encrypted" and cipher.key_opens(path, key)


def _keep_current(project_path: Path, key: CipherKey | None = None) -> Backup | None:
    """Back up the file about to be replaced: a real backup when it reads, else a copy of its bytes."""
    if not project_path.exists():
        return None
    # Unchanged since a backup was restored into it (the journalist trying one backup after another): that
    # backup already holds it, and a copy of it would only push out an older "before restoring" state,
    # perhaps the only one left of the work from before the first restore.
    same = _identical_backup(project_path)
    if same is not None:
        return same
    with contextlib.suppress(BackupFailed):
        return backup_file(project_path, "before-restore",
                           key=key if key is not None and _opens(project_path, key) else None)
    # Unreadable (damaged, truncated, foreign) or not copyable through SQLite: keep its bytes, and a journal
    # beside it, for an expert. If even that fails (a full disk), the restore is refused.
    folder = project_folder(project_path)
    stamp = utc_now().replace("-", "").replace(":", "").replace(".", "")
    written: list[Path] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for src, suffix in ((project_path, DAMAGED_SUFFIX),
                            (project_path.with_name(project_path.name + "-journal"), DAMAGED_SUFFIX + "-journal")):
            if src.exists():
                dest = folder / f"{stamp}-before-restore{suffix}"
                written.append(dest)
                shutil.copyfile(src, dest)
                fsync_file(dest)
    except OSError as exc:
        for dest in written:  # a half copy is no keepsake, and would only hold on to the little room left
            with contextlib.suppress(OSError):
                dest.unlink()
        raise BackupFailed(f"Not restored: the current {project_path.name} could not be kept first "
                           f"({exc.strerror or exc}). Free some disk space and try again; nothing was changed.") \
            from exc
    return None


def _identical_backup(project_path: Path) -> Backup | None:
    """A backup of this project whose bytes are exactly the file's now (a restore copies them exactly)."""
    try:
        size = project_path.stat().st_size
        for b in list_backups(project_path):
            if b.size == size and filecmp.cmp(project_path, b.path, shallow=False):
                return b
    except OSError:
        pass
    return None


def _refuse_what_is_not_a_project(project_path: Path) -> None:
    """Refuse to restore over a file that is not a project: a link to a text file, a device, a folder.
    A damaged project is replaced (its bytes were kept): one that starts like a database, or bears the
    project suffix itself, counts as the project."""
    name = project_path.name
    try:
        st = os.stat(project_path)  # links followed: what would be replaced
    except FileNotFoundError:
        return  # nothing there (a deleted project, or a link to nothing): restoring makes it
    except OSError as exc:
        raise ProjectFileError(f"Not restored: {name} cannot be read ({exc.strerror or exc}); nothing was "
                               "changed.") from exc
    target = project_path.resolve()
    shown = name if target.name == name else f"{name} (which leads to {target})"
    if not stat.S_ISREG(st.st_mode):
        raise ProjectFileError(f"Not restored: {shown} is not a file but a folder, device or pipe; nothing was "
                               "changed.")
    try:
        with target.open("rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise ProjectFileError(f"Not restored: {shown} cannot be read ({exc.strerror or exc}); nothing was "
                               "changed.") from exc
    if head and head != SQLITE_MAGIC and target.suffix.lower() != SUFFIX:
        raise ProjectFileError(f"Not restored: {shown} is not a project file, and a restore never replaces "
                               "another file; nothing was changed. Restore to the project's own path.")


def _replace_with(project_path: Path, backup_path: Path) -> None:
    target = project_path.resolve() if project_path.exists() else project_path
    try:
        mode: int | None = stat.S_IMODE(os.stat(target).st_mode)  # a read-only project stays read-only
    except OSError:
        mode = None

    def copy(tmp: Path) -> None:
        shutil.copyfile(backup_path, tmp)
        if mode is not None:
            os.chmod(tmp, mode | stat.S_IRUSR)  # (still readable by its owner, or it could not be checked)

    def drop_journal(_tmp: Path) -> None:
        # A journal left by a crash belongs to the old file; SQLite would "roll it back" into the restored one.
        with contextlib.suppress(FileNotFoundError):
            target.with_name(target.name + "-journal").unlink()

    try:
        # A closed, complete backup file: a byte copy is exact (the rule against file copies is for open ones).
        build_atomically(target, copy, partial_suffix=".restoring",
                         before_rename=drop_journal)
    except OSError as exc:
        raise ProjectFileError(f"Not restored: {target.name} could not be written ({exc.strerror or exc}); "
                               "it was not changed.") from exc
