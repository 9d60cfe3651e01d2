"""Share a copy: write the project to a new file for a colleague, leaving out what should not travel.

The copy is made with SQLite's ``VACUUM INTO`` (a consistent snapshot, safe while the project is open
and even while another window edits it; never a file copy of an open database), then what was left out
is removed *from the copy* and the copy is compacted, checked, and only then renamed into place. The
project itself is never written.

Every UUID and revision stays as it is: that is what lets ``merge_project`` bring the colleague's work
back later. What is stripped is removed without tombstones, because "not shared" is not "deleted": merging
the copy back must never delete the originals.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.core.atomic import build_atomically
from workbench.core.errors import ProjectFileError, ValidationError
from workbench.store import Project, dberrors
from workbench.store.connect import connect
from workbench.store.history import strip_deleted_content
from workbench.store.schema import UNREFERENCED_ATTACHMENT

if TYPE_CHECKING:
    from workbench.store.cipher import CipherKey


def share_project(
    project: Project,
    *,
    dest: str | Path,
    private_notes: bool = True,
    history: bool = True,
    attachments: bool = True,
    overwrite: bool = False,
    full_history: bool = False,
    new_key: CipherKey | None = None,
) -> Path:
    """Write a copy of ``project`` to ``dest`` and return its path.

    ``private_notes=False`` blanks every claim's private note (also in the history and the search
    index); ``history=False`` empties the change history; ``attachments=False`` leaves out attached
    files. File contents no source uses any more (kept for undo) never travel. ``dest`` must not exist
    unless ``overwrite`` (a file dialog has already asked); it can never be the project itself.

    By default the copy carries nothing of deleted or edited-away content (``history.strip_deleted_content``:
    the history keeps what merging needs, not the values); ``full_history=True`` keeps every earlier value
    and deleted text. An encrypted project's copy is encrypted with the same passphrase; with ``new_key``
    (``cipher.new_key``) the copy is encrypted under that one instead (a plain project's too).
    """
    dest = Path(dest)
    if dest.exists():
        if same_file(dest, project.path):
            raise ValidationError("Choose another file name: this is the open project itself.")
        if dest.is_dir():
            raise ValidationError(f"{dest.name} is a folder; choose a file name for the copy.")
        if not overwrite:
            raise ValidationError(f"{dest.name} already exists; choose another name.")
    if not dest.parent.is_dir():
        raise ValidationError(f"{dest.parent}: no such folder.")

    def build(tmp: Path) -> None:
        # The full copy is made and stripped in a private folder of the data folder, never beside the
        # destination: a share killed half-way must not leave a copy with the private notes or deleted text
        # in the folder it was going to (a shared drive, a USB stick). Only the stripped file goes there.
        # Under a new passphrase: stripped under the project's own key (or none), then re-encrypted.
        stage = _staging_folder() / f"{os.getpid()}-{secrets.token_hex(4)}.fcproj"
        try:
            try:
                project.conn.execute("VACUUM INTO ?", (str(stage),))
                _strip(stage, private_notes=private_notes, history=history, attachments=attachments,
                       full_history=full_history, key=project.cipher_key)
                if new_key is not None:
                    from workbench.store import cipher

                    cipher.write_copy(stage, project.cipher_key, tmp, new_key)
                else:
                    shutil.copyfile(stage, tmp)
            except dberrors.Error as exc:
                raise ProjectFileError(f"{dest.name}: the copy could not be written ({exc}).") from exc
        finally:
            for leftover in (stage, stage.with_name(stage.name + "-journal")):
                leftover.unlink(missing_ok=True)
        with Project.open(tmp, cipher_key=new_key or project.cipher_key) as copy:
            problems = copy.check()
        if problems:
            raise ProjectFileError(f"{dest.name}: the copy failed its check ({problems[0]}); nothing was written.")

    try:
        build_atomically(dest, build, partial_suffix=".sharing")
    except OSError as exc:
        raise ProjectFileError(f"{dest.name}: the copy could not be written ({exc.strerror or exc}).") from exc
    return dest


def _staging_folder() -> Path:
    """The private folder (0700, in the data folder) where shares are built; what a killed share left
    there is removed (files of processes that no longer run)."""
    from workbench.core.paths import user_data_dir

    folder = user_data_dir() / "sharing"
    folder.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        folder.chmod(0o700)
    for leftover in folder.iterdir():
        pid = leftover.name.split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _running(int(pid)):
            with contextlib.suppress(OSError):
                leftover.unlink()
    return folder


def _running(pid: int) -> bool:
    if sys.platform == "win32":
        return True  # os.kill(pid, 0) would send Ctrl+C there; leftovers wait (they are in a private folder)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def _strip(path: Path, *, private_notes: bool, history: bool, attachments: bool, full_history: bool = False,
           key: CipherKey | None = None) -> None:
    # VACUUM INTO from an encrypted connection writes a copy under the same key (and salt).
    conn = connect(path, "edit", key=key)
    try:
        conn.execute("BEGIN")
        if not private_notes:
            conn.execute("UPDATE claims SET private_note = '' WHERE private_note != ''")
            # Old values live on in the history (inserts, edits, deletions, merge conflicts) too.
            conn.execute(
                "UPDATE history SET data = json_remove(data, '$.private_note', '$.conflicts.private_note') "
                "WHERE table_name = 'claims'"
            )
        if not history:
            conn.execute("DELETE FROM history")
        if not attachments:
            conn.execute("DELETE FROM source_files")
            conn.execute("DELETE FROM attachments")  # articles' original files too
        # Contents kept only so an undo could bring back a removed file: nobody asked to share those.
        conn.execute(f"DELETE FROM attachments WHERE {UNREFERENCED_ATTACHMENT}")
        if not private_notes:
            # An FTS5 delete only adds a marker; the old words stay in index segments until rebuilt.
            conn.execute("INSERT INTO claims_fts(claims_fts) VALUES ('rebuild')")
        conn.execute("COMMIT")
        if history and not full_history:
            strip_deleted_content(conn)
        # VACUUM rewrites every page, so nothing removed above survives in free pages of the copy.
        conn.execute("VACUUM")
        conn.execute("PRAGMA journal_mode=DELETE")
    finally:
        conn.close()


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (False when either does not exist)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
