"""The project session: which project file the window works on, and the File-menu commands around that —
open (with the offers for a file that cannot be opened as it is), new, open recent, save a copy, close —
plus the author name written on the journalist's edits.

Opening goes through ``Project.open``; a file that is open elsewhere or read-only is offered as a copy
(``merge_dialog.offer_copy``), a damaged or altered one gets the recovery choices (``recovery_dialog``),
and a file that is gone may be put back from a backup. The project itself is handed to the operation
runner (``OperationRunner.set_project``), which owns it from then on.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtWidgets import QMenu, QWidget

from workbench.core.errors import (
    DamagedProjectError,
    ForeignSchemaError,
    OpenCancelled,
    PassphraseRequired,
    ProjectInUseError,
    ProjectReadOnlyError,
    WorkbenchError,
)
from workbench.store import SUFFIX, Project, trust
from workbench.store.author import author_name_problem, save_author_name
from workbench.store.cipher import CipherKey
from workbench.ui.common import ask_project_to_open, ask_project_to_save, start_folder
from workbench.ui.operations import OperationRunner
from workbench.ui.welcome import ENCRYPTED_NOTE, describe_recent

if TYPE_CHECKING:
    from PySide6.QtWidgets import QProgressDialog

MAX_RECENT = 10


class ProjectSession:
    """Opens, creates, copies and closes project files for one window; see the module docstring."""

    def __init__(self, runner: OperationRunner, settings: QSettings) -> None:
        self.runner = runner
        self.settings = settings
        # Called with a new author name (the window shows it in its status bar).
        self.on_author_changed: Callable[[str], object] = lambda _name: None

    @property
    def widget(self) -> QWidget:
        """The window, parent of the session's dialogs."""
        return self.runner.widget

    # -- opening and closing -------------------------------------------------------------------------

    def open(self, path: str | Path, *, cipher_key: CipherKey | None = None) -> bool:
        """Open a project file in the window (closing the current one); False if it was refused. An
        encrypted one asks for its passphrase first (Cancel: False, nothing changed), unless ``cipher_key``
        (the key it was open with before a restore, a salvage…) opens it."""
        path = Path(path)
        try:
            try:
                with checking_note(self.widget, path):
                    project = Project.open(path, author=self.author(), cipher_key=cipher_key)
            except PassphraseRequired:
                from workbench.ui.encryption import ask_key

                key = ask_key(self.widget, path)
                if key is None:
                    return False
                with checking_note(self.widget, path):
                    project = Project.open(path, author=self.author(), cipher_key=key)
        except OpenCancelled:
            return False  # the journalist pressed Cancel on "Checking…": nothing to say
        except (ProjectInUseError, ProjectReadOnlyError) as exc:
            # Open elsewhere or not writable here: the journalist can still work on a copy.
            from workbench.ui.merge_dialog import offer_copy  # (not loaded before the first frame)

            return offer_copy(self, path, exc)
        except (DamagedProjectError, ForeignSchemaError) as exc:
            # Never opened as if it were fine: restore a backup, salvage, or remove what is not ours.
            from workbench.ui.recovery_dialog import offer_recovery

            return offer_recovery(self, path, exc)
        except WorkbenchError as exc:
            if not path.exists():  # deleted or moved: its backups may still be here
                from workbench.ui.recovery_dialog import offer_restore_of_missing

                restored = offer_restore_of_missing(self, path)
                if restored is not None:
                    return restored
            self.runner.show_error("Cannot open project", str(exc))
            return False
        self.runner.set_project(project)
        self._add_recent(path)
        return True

    def open_dialog(self) -> None:
        path = ask_project_to_open(self.widget, "Open project", self.dialog_dir())
        if path is not None:
            self.open(path)

    def new(self) -> None:
        path = ask_project_to_save(self.widget, "New project", self.dialog_dir() / f"Untitled{SUFFIX}")
        if path is None:
            return
        if path.exists():
            self.runner.show_error("Cannot create project", f"{path.name} already exists; choose another name "
                                   "(projects are never overwritten).")
            return
        from workbench.ui.encryption import Cancelled, ask_new_passphrase

        try:
            passphrase = ask_new_passphrase(
                self.widget, "New project",
                f"{path.name}: a project holds unpublished claims, private notes and perhaps the names of "
                "confidential sources. Encrypted, nothing of it (nor of its backups and shared copies) can be "
                "read without the passphrase.", optional=True)
        except Cancelled:
            return
        try:
            project = Project.create(path, author=self.author(), passphrase=passphrase)
        except WorkbenchError as exc:
            self.runner.show_error("Cannot create project", str(exc))
            return
        self.runner.set_project(project)
        self._add_recent(path)

    def close(self) -> None:
        self.runner.set_project(None)

    def close_for_exit(self) -> None:
        """The window is closing: remember the project for the next start, then close it."""
        if self.runner.project is not None:
            self.settings.setValue("last_project", str(self.runner.project.path.resolve()))
        self.close()

    def save_copy(self) -> None:
        project = self.runner.project
        if project is None:
            return
        path = ask_project_to_save(self.widget, "Save a copy",
                                   self.dialog_dir() / f"{project.path.stem} copy{SUFFIX}")
        if path is None:
            return
        # The open project's file deleted or moved away under the window: the copy is the rescue, and may go
        # where the project was.
        gone = not project.path.exists()
        if path.resolve() == project.path.resolve() and not gone:
            self.runner.show_error("Save a copy", "Choose another file name: this is the open project itself.")
            return
        try:
            project.backup_to(path)
        except WorkbenchError as exc:
            self.runner.show_error("Save a copy", str(exc))
            return
        if gone:
            # Every later edit to the vanished file would fail too: go on working in the copy.
            self.close()
            if self.open(path):
                self.runner.show_status(f"Copy saved to {path}; you are now working in it", 8000)
            return
        self.runner.show_status(f"Copy saved to {path}", 5000)

    # -- the author ----------------------------------------------------------------------------------

    def author(self) -> str:
        """``WORKBENCH_AUTHOR`` when set (it overrides the configured name everywhere), else the name given
        in Tools → Your name…, else the login name."""
        import os

        from workbench.store.project import default_author

        if os.environ.get("WORKBENCH_AUTHOR"):
            return default_author()
        return str(self.settings.value("author", "") or default_author())

    def set_author(self, *, first_start: bool = False) -> bool:
        """Ask for the name written on the journalist's claims, edits and reports (Tools → Your name…, and
        once on first start, which may be skipped); True when a name was given."""
        prompt = "Name written on the claims you create and edit:"
        if first_start:
            prompt = ("Welcome. Which name should be written on the claims you mark and the verdicts you give?\n"
                      "Colleagues see it in shared projects and the change history. (You can change it later "
                      "in Tools → Your name…)")
        from PySide6.QtWidgets import QInputDialog

        name = str(self.settings.value("author", "") or "")
        while True:
            name, ok = QInputDialog.getText(self.widget, "Your name", prompt, text=name)
            name = " ".join(name.split())
            problem = author_name_problem(name) if ok and name else None
            if problem is None:
                break
            # Asked again with the text kept, so a slip (a path pasted from the clipboard) is mended, not lost.
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(self.widget, "Your name", problem)
        if first_start:
            self.settings.setValue("author_asked", True)  # asked once, even if skipped
        if not (ok and name):
            return False
        self.settings.setValue("author", name)
        with contextlib.suppress(OSError):  # the commands run later write it too; the window works without it
            save_author_name(name)
        if self.runner.project is not None:
            self.runner.project.author = self.author()
        self.on_author_changed(self.author())
        return True

    def ask_author_on_first_start(self) -> None:
        """On the very first start (no name given or asked before, none in ``WORKBENCH_AUTHOR``), ask for the
        journalist's name."""
        import os

        if os.environ.get("WORKBENCH_AUTHOR"):
            return
        if not self.settings.value("author", "") and not self.settings.value("author_asked", False):
            self.set_author(first_start=True)

    # -- recent projects -----------------------------------------------------------------------------

    def recent_projects(self) -> list[str]:
        value = self.settings.value("recent", []) or []
        return [value] if isinstance(value, str) else list(value)

    def _add_recent(self, path: Path) -> None:
        entry = str(path.resolve())
        recent = [p for p in self.recent_projects() if p != entry]
        self._keep("recent", [entry, *recent][:MAX_RECENT])
        self._keep("last_project", entry)

    def _keep(self, key: str, value: str | list[str]) -> None:
        """Set ``key`` unless it already holds ``value``. Any setValue makes QSettings rewrite its whole file
        (a new file, two fdatasyncs, a rename) on the next pass of the event loop — before the window's first
        frame, at every start that reopens the last project where it was left, for values it already held."""
        stored = self.settings.value(key)
        if isinstance(value, list) and isinstance(stored, str):
            stored = [stored]  # (an INI file gives a list of one back as its one string)
        if stored != value:
            self.settings.setValue(key, value)

    # -- where the journalist was in each project ----------------------------------------------------

    def _place_key(self) -> str | None:
        project = self.runner.project
        return f"place/{project.path.resolve().as_posix()}" if project is not None else None

    def last_place(self) -> tuple[str | None, str | None]:
        """The article and claim last shown in the open project's file, when they still exist."""
        project, key = self.runner.project, self._place_key()
        value = self.settings.value(key) if key else None
        if project is None or not isinstance(value, list) or len(value) != 2:
            return None, None
        article_id, claim_id = (str(v) if v else None for v in value)
        if article_id is None or project.row("articles", article_id) is None:
            return None, None
        return article_id, claim_id if claim_id and project.row("claims", claim_id) else None

    def remember_place(self, article_id: str | None, claim_id: str | None) -> None:
        """Remember the article and claim shown, so reopening the project returns there."""
        key = self._place_key()
        if key is not None and article_id is not None:
            self._keep(key, [article_id, claim_id or ""])

    def existing_recent(self) -> list[str]:
        """The recent projects whose files are still there, latest first."""
        return [p for p in self.recent_projects() if Path(p).exists()]

    def open_sample(self) -> None:
        """Open the bundled sample project (made in the data folder on first use)."""
        self.open(ensure_sample_project())

    def fill_recent_menu(self, menu: QMenu) -> None:
        """Fill File → Open recent (as it is about to show) with the recent projects still there."""
        menu.clear()
        recent = self.existing_recent()
        for n, path in enumerate(recent, start=1):
            name, where = describe_recent(path)
            encrypted = where == ENCRYPTED_NOTE
            # Two copies of one project have the same name: the folder and date tell them apart.
            action = menu.addAction(f"&{n % 10} {name} — {where}" if n <= 10 else f"{name} — {where}")
            action.setToolTip(name if encrypted else path)
            action.triggered.connect(lambda _=False, p=path: self.open(p))
        if not recent:
            menu.addAction("(none)").setEnabled(False)

    def dialog_dir(self) -> Path:
        """Where file dialogs start: the open project's folder (not the hidden data folder), else the
        documents folder."""
        return start_folder(self.runner.project.path if self.runner.project is not None else None)


def sample_project_path() -> Path:
    """Where the sample project lives for this user (made on first use)."""
    from workbench.core.paths import user_data_dir

    return user_data_dir() / "Sample project.fcproj"


SAMPLE_AUTHOR = "Fact-Check Workbench sample"


def ensure_sample_project() -> Path:
    """The sample project's path, made from the bundled story first if it is not there."""
    from workbench.ops.sample import create_sample_project

    path = sample_project_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Made by the app, not by whoever runs it: its history must not name the computer's login as the
        # person who marked the quotes (on a first start the journalist has not given a name yet).
        create_sample_project(path, author=SAMPLE_AUTHOR).close()
    return path


@contextmanager
def checking_note(parent: QWidget | None, path: Path) -> Iterator[None]:
    """While a project opens: if it has to be read through first (a file this computer has not seen closed
    cleanly: a colleague's copy, one after a crash; seconds for a big one), a "Checking…" note with Cancel
    appears after half a second, and the window keeps painting."""
    note: QProgressDialog | None = None

    def tick() -> bool:
        nonlocal note
        if note is None:
            from PySide6.QtWidgets import QProgressDialog

            note = QProgressDialog(f"Checking {path.name}…\nThis computer has not seen it closed cleanly, so "
                                   "every page is read once before it opens.", "Cancel", 0, 0, parent)
            note.setWindowTitle("Opening project")
            note.setWindowModality(Qt.WindowModality.WindowModal)
            note.setMinimumDuration(500)
        note.setValue(0)  # shows the note once it has taken half a second
        QCoreApplication.processEvents()
        return note.wasCanceled()

    try:
        with trust.watching(tick):
            yield
    finally:
        if note is not None:
            note.close()
            note.deleteLater()
