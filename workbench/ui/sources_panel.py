"""The Sources panel: the project's library of sources, with a filter, the files attached to the
selected source and the claims that use it; plus ``install(shell)``, which docks the panel and adds the
"Link source…" (Ctrl+L) and "Add article origin as source" commands to the Claim menu.

Attached files are opened with the system's viewer from a temporary, non-executable copy; the app never
runs them. Programs and scripts (``.exe``, ``.sh``, ``.js``…) are not handed to the system at all: the
journalist can only save a copy of them.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench import ops
from workbench.core.errors import NotFoundError, WorkbenchError
from workbench.core.sizes import human_size
from workbench.ops.sources import origin_source_id, safe_file_name, save_attachment, why_not_opened
from workbench.store import Changes, Project
from workbench.store.queries_sources import (
    Source,
    attachment_bytes,
    get_source,
    get_source_file,
    list_sources,
    source_links,
)
from workbench.ui.common import FileDrops, Panel, action_bar, filter_field, on_screen, start_folder
from workbench.ui.operations import OperationRunner
from workbench.ui.source_dialogs import SOURCE_TABLES, SourceDialog, link_source_for_current_claim, relation_icon

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings

    from workbench.ui.host import Host, Shell

_ROLE = Qt.ItemDataRole.UserRole
_temp_dir: tempfile.TemporaryDirectory[str] | None = None
VIEWER_WARNED = "encryption/viewer_warned"


def open_url(url: QUrl) -> bool:
    """Hand a URL to the system (its viewer for a file). One place, so tests can watch it."""
    return QDesktopServices.openUrl(url)


def _viewing_dir() -> Path:
    """A private temporary folder for copies being viewed, removed when the app exits."""
    global _temp_dir
    if _temp_dir is None:
        _temp_dir = tempfile.TemporaryDirectory(prefix="workbench-attachments-", ignore_cleanup_errors=True)
        atexit.register(_temp_dir.cleanup)
    return Path(_temp_dir.name)


def clear_viewing_copies() -> None:
    """Delete every viewing copy written so far (an encrypted project closes: its files must not outlive it
    in plain text). Folders and files were made read-only; they are made writable again to be removed."""
    if _temp_dir is None:
        return
    root = Path(_temp_dir.name)
    for folder in list(root.iterdir()) if root.is_dir() else []:
        with contextlib.suppress(OSError):
            folder.chmod(stat.S_IRWXU)
            shutil.rmtree(folder, ignore_errors=True)


def warn_viewer_once(parent: QWidget | None, settings: QSettings) -> None:
    """Once ever: the system viewer may keep a copy of what it shows, outside the encrypted project."""
    if settings.value(VIEWER_WARNED, False, type=bool):
        return
    settings.setValue(VIEWER_WARNED, True)
    QMessageBox.information(
        parent, "Opening a file of an encrypted project",
        "The file is opened from a private temporary folder that is emptied when the project closes. The "
        "program that shows it may keep its own copy, thumbnail or recent-files entry: those are not "
        "encrypted.")


def write_viewing_copy(project: Project, file_id: str) -> Path:
    """Write an attached file to a fresh temporary copy readable only by this user and never executable.

    Each copy gets its own folder so two files of the same name never overwrite each other, and so the
    viewer sees the original name.
    """
    f = get_source_file(project, file_id)
    return write_viewing_bytes(f.name, attachment_bytes(project, file_id))


def write_viewing_bytes(name: str, data: bytes) -> Path:
    """``data`` as a read-only temporary file called ``name`` in a folder of its own (see above)."""
    folder = Path(tempfile.mkdtemp(prefix="view-", dir=_viewing_dir()))
    path = folder / safe_file_name(name)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    # Read-only, file and folder: a viewer that "saves" (in place, or by writing a new file and renaming it
    # over the old) must ask where to save instead of changing a copy that is deleted when the app quits.
    path.chmod(stat.S_IRUSR)
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    return path


class SourcesPanel(Panel):
    """The library: filter, list, add/edit/delete, files (attach/open/save/remove), and where it is used.
    ``link_action`` and ``origin_action`` are its Claim-menu commands, once installed."""

    link_action: QAction
    origin_action: QAction

    def __init__(self, runner: OperationRunner, host: Host) -> None:
        super().__init__(runner, host)
        # Files dropped on a source are attached to it; dropped elsewhere, each becomes a new source.
        self.drops = FileDrops(self, lambda: self.project is not None, self._files_dropped)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.filter = filter_field("Filter sources (title, publisher, URL, notes)", self.reload)
        layout.addWidget(self.filter)

        splitter = QSplitter(Qt.Orientation.Vertical)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Title", "Kind", "Publisher", "Claims", "Files"])
        self.tree.headerItem().setToolTip(3, "How many claims use this source")
        self.tree.setRootIsDecorated(False)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (3, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # The title gets the room; kind and publisher start narrow and can be widened by dragging.
        for column in (1, 2):
            header.resizeSection(column, self.fontMetrics().averageCharWidth() * 12)
        self.tree.setSortingEnabled(True)
        self.tree.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.currentItemChanged.connect(lambda *_: self._show_details())
        self.tree.itemDoubleClicked.connect(lambda _i, _c: self.edit_source())
        splitter.addWidget(self.tree)

        self.details = QTabWidget()
        files_page = QWidget()
        files_layout = QVBoxLayout(files_page)
        files_layout.setContentsMargins(0, 0, 0, 0)
        self.files = QTreeWidget()
        self.files.setHeaderLabels(["File", "Type", "Size"])
        self.files.setRootIsDecorated(False)
        self.files.itemDoubleClicked.connect(lambda _i, _c: self.open_file())
        self.files.currentItemChanged.connect(lambda *_: self._update_buttons())
        files_layout.addWidget(self.files)
        bar, actions = action_bar(self, [
            ("&Attach file…", "Attach files to this source (stored inside the project)", self.attach_files),
            ("&Open", "Open a copy with the system's viewer", self.open_file),
            ("Save &as…", "Save a copy of the file", self.save_file_as),
            ("Remove", "Remove the file from this source", self.detach_file),
        ])
        self.act_attach, self.act_open, self.act_save, self.act_detach = actions
        files_layout.addWidget(bar)
        self.details.addTab(files_page, "Files")
        self.used_by = QTreeWidget()
        self.used_by.setHeaderLabels(["Relation", "Claim", "Speaker", "Article"])
        self.used_by.setRootIsDecorated(False)
        self.used_by.itemActivated.connect(lambda item, _c: self.host.select_claim(item.data(0, _ROLE)))
        self.details.addTab(self.used_by, "Used by")
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.PlainText)
        self.notes.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.addTab(self.notes, "Details")
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)

        bar, actions = action_bar(self, [
            ("&New…", "Add a source to the library", self.add_source),
            ("&Edit…", "Edit the selected source", self.edit_source),
            ("&Link to claim…", "Link the selected claim to this source",
             lambda: link_source_for_current_claim(self.runner, self.host, self.current_source_id())),
            ("&Delete…", "Delete the source, its files and its links to claims", self.delete_source),
        ])
        self.act_add, self.act_edit, self.act_link, self.act_delete = actions
        layout.addWidget(bar)

        # The list is read when the panel is on screen: behind the Claim tab (where it starts) an open would
        # read (and, encrypted, decrypt) every source for nobody. ``stale`` says it must be read when shown.
        self.stale = True
        self._select_next: str | None = None
        runner.changed.connect(self._on_changed)
        runner.project_opened.connect(lambda _p: self.reload())
        self.reload()

    # -- showing -------------------------------------------------------------------------------------

    @property
    def project(self) -> Project | None:
        return self.runner.project

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self.stale:
            self.reload()

    def fresh(self) -> None:
        """Read the list now if it waited for the panel to be shown (before something is looked up in it)."""
        if self.stale:
            self.reload(now=True)

    def reload(self, *, now: bool = False) -> None:
        """Fill the list from the project, keeping the selected source selected; while the panel is hidden
        (and not ``now``), only mark it to be read when shown. A closed project empties it at once."""
        if not now and self.project is not None and not on_screen(self):
            self.stale = True
            return
        self.stale = False
        current = self._select_next or self._current_item_id()
        self._select_next = None
        self.tree.setSortingEnabled(False)
        self.tree.clear()
        sources: list[Source] = list_sources(self.project, self.filter.text()) if self.project else []
        for s in sources:
            item = QTreeWidgetItem([s.title, s.kind, s.publisher, "", ""])
            item.setData(0, _ROLE, s.id)
            # Numbers sort as numbers: DisplayRole holds ints, so 10 comes after 9.
            item.setData(3, Qt.ItemDataRole.DisplayRole, s.claim_count)
            item.setData(4, Qt.ItemDataRole.DisplayRole, len(s.files))
            item.setToolTip(0, "\n".join(x for x in (s.title, s.url, s.published) if x))
            self.tree.addTopLevelItem(item)
            if s.id == current:
                self.tree.setCurrentItem(item)
        self.tree.setSortingEnabled(True)
        if self.tree.currentItem() is not None:
            self.tree.scrollToItem(self.tree.currentItem())
        self._show_details()

    def _on_changed(self, changes: Changes) -> None:
        if changes.tables & SOURCE_TABLES:
            created = changes.created("sources")
            if created:
                self._select_next = created[-1]  # selected now, or when the hidden list is read
            self.reload()

    def _current_item_id(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, _ROLE) if item is not None else None

    def current_source_id(self) -> str | None:
        self.fresh()
        return self._current_item_id()

    def select(self, source_id: str) -> bool:
        self.fresh()
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item.data(0, _ROLE) == source_id:
                self.tree.setCurrentItem(item)
                self.tree.scrollToItem(item)
                return True
        return False

    def reveal(self, source_id: str) -> None:
        """Show the panel with this source selected (clearing a filter that hides it)."""
        if not self.select(source_id):
            self.filter.clear()
            self.select(source_id)
        dock = self.parentWidget()
        if dock is not None and hasattr(dock, "raise_"):
            dock.show()
            dock.raise_()

    def _show_details(self) -> None:
        self.files.clear()
        self.used_by.clear()
        self.notes.clear()
        source_id = self.current_source_id()
        if self.project is not None and source_id is not None:
            try:
                s = get_source(self.project, source_id)
            except NotFoundError:
                s = None
            if s is not None:
                for f in s.files:
                    # Shown as it would be saved: a bidi override in a colleague's project must not
                    # make "invoice\u202efdp.exe" look like "invoiceexe.pdf".
                    item = QTreeWidgetItem([safe_file_name(f.name), f.mime, human_size(f.size)])
                    item.setData(0, _ROLE, f.id)
                    reason = why_not_opened(f.name)
                    if reason is not None:
                        item.setToolTip(0, f"{reason} It can be saved, not opened.")
                    self.files.addTopLevelItem(item)
                for link in source_links(self.project, source_id):
                    item = QTreeWidgetItem([link.relation, f"“{link.claim_exact}”", link.claim_speaker,
                                            link.article_title])
                    item.setIcon(0, relation_icon(link.relation))
                    item.setData(0, _ROLE, link.claim_id)
                    item.setToolTip(1, link.excerpt or link.claim_exact)
                    self.used_by.addTopLevelItem(item)
                self.details.setTabText(1, f"Used by ({s.claim_count})")
                fields = (("Kind", s.kind), ("URL", s.url), ("Publisher", s.publisher),
                          ("Published", s.published), ("Accessed", s.accessed), ("Reliability", s.reliability))
                text = "\n".join(f"{label}: {value}" for label, value in fields if value)
                self.notes.setText(f"{text}\n\n{s.notes}".strip())
                for column in range(3):
                    self.files.resizeColumnToContents(column)
        else:
            self.details.setTabText(1, "Used by")
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_project = self.project is not None
        has_source = has_project and self.current_source_id() is not None
        has_file = has_source and self.current_file_id() is not None
        self.act_add.setEnabled(has_project)
        for action in (self.act_edit, self.act_delete, self.act_attach, self.act_link):
            action.setEnabled(has_source)
        for action in (self.act_open, self.act_save, self.act_detach):
            action.setEnabled(has_file)

    def current_file_id(self) -> str | None:
        item = self.files.currentItem()
        return item.data(0, _ROLE) if item is not None else None

    # -- sources -------------------------------------------------------------------------------------

    def _submit(self, op: Callable[..., Changes], **fixed: Any) -> Callable[[dict[str, Any]], bool]:
        return lambda values: self.runner.run(op, **fixed, **values) is not None

    def add_source(self) -> None:
        if self.project is not None:
            SourceDialog(self, self._submit(ops.add_source)).exec()

    def edit_source(self) -> None:
        source_id = self.current_source_id()
        if self.project is None or source_id is None:
            return
        source = get_source(self.project, source_id)
        SourceDialog(self, self._submit(ops.update_source, source_id=source_id), source).exec()

    def delete_source(self) -> None:
        source_id = self.current_source_id()
        if self.project is None or source_id is None:
            return
        s = get_source(self.project, source_id)
        used = (f"It is used by {s.claim_count} claim(s); those links will be removed too."
                if s.claim_count else "No claim uses it.")
        files = f" Its {len(s.files)} attached file(s) go with it." if s.files else ""
        answer = QMessageBox.question(
            self, "Delete source", f"Delete the source “{s.title}”?\n\n{used}{files}\n\nCtrl+Z brings it back.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.runner.run(ops.delete_source, source_id=source_id)

    def add_article_origin(self) -> None:
        """The "Add article origin as source" command, for the article shown in the reader."""
        article_id = self.host.current_article_id()
        if article_id is None:
            if self.project is not None:
                self.runner.show_status("Open an article first.", 5000)
            return
        changes = self.runner.run(ops.add_article_origin_source, article_id=article_id)
        if changes is None or self.project is None:
            return
        self.runner.show_status("The article was added to the sources." if changes.images
                                else "The article is already in the sources.", 5000)
        source_id = origin_source_id(self.project, article_id)
        if source_id is not None:
            self.reveal(source_id)

    # -- files ---------------------------------------------------------------------------------------

    def attach_files(self, paths: list[str] | None = None) -> None:
        source_id = self.current_source_id()
        if self.project is None or source_id is None:
            return
        if paths is None:
            paths, _ = QFileDialog.getOpenFileNames(self, "Attach files to the source", "", "All files (*)")
        for path in paths:
            # One step per file: a refused file (too big) does not take the others down with it.
            self.runner.run(ops.attach_file, source_id=source_id, path=path)

    def open_file(self) -> None:
        file_id = self.current_file_id()
        if self.project is None or file_id is None:
            return
        f = get_source_file(self.project, file_id)
        reason = why_not_opened(f.name)
        if reason is not None:
            answer = QMessageBox.warning(
                self, "Not opened",
                f"{reason} So Fact-Check Workbench does not open it.\n\nSave a copy instead?",
                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer == QMessageBox.StandardButton.Save:
                self.save_file_as()
            return
        if self.project.encrypted:
            settings = getattr(self.host, "settings", None)
            if settings is not None:
                warn_viewer_once(self, settings)
        try:
            path = write_viewing_copy(self.project, file_id)
        except (WorkbenchError, OSError) as exc:
            self.runner.show_error("Cannot open the file", str(exc))
            return
        if not open_url(QUrl.fromLocalFile(str(path))):
            self.runner.show_error("Cannot open the file",
                                    f"No program on this computer opens {f.mime} files. Use “Save as…” to "
                                    "keep a copy and open it another way.")

    def save_file_as(self) -> None:
        file_id = self.current_file_id()
        if self.project is None or file_id is None:
            return
        f = get_source_file(self.project, file_id)
        start = str(start_folder(self.project.path) / safe_file_name(f.name))
        dest, _ = QFileDialog.getSaveFileName(self, "Save attached file", start, "All files (*)")
        if not dest:
            return
        try:
            save_attachment(self.project, file_id=file_id, dest=dest)
        except WorkbenchError as exc:
            self.runner.show_error("Not saved", str(exc))

    def detach_file(self) -> None:
        file_id = self.current_file_id()
        if file_id is not None:
            self.runner.run(ops.detach_file, file_id=file_id)

    # -- dropping files ------------------------------------------------------------------------------

    def _files_dropped(self, files: list[str], event: QDropEvent) -> None:
        pos = self.tree.viewport().mapFrom(self, event.position().toPoint())
        item = self.tree.itemAt(pos) if self.tree.viewport().rect().contains(pos) else None
        if item is not None:
            self.tree.setCurrentItem(item)
            self.attach_files(files)
            return
        for path in files:
            self.runner.run(ops.add_source, title=Path(path).stem, kind="document", files=[path])


# -- installing into the window ------------------------------------------------------------------------


def install(shell: Shell) -> SourcesPanel:
    """Dock the Sources panel beside the claim inspector and add the source commands to the Claim menu."""
    panel = SourcesPanel(shell.runner, shell)
    # Beside the claim inspector as a tab: both want the full height of the right side.
    dock = shell.add_panel(panel, "Sources", "sources", Qt.DockWidgetArea.RightDockWidgetArea, tab_with="inspector")
    # A tab brought to the front is not always "shown" again: read the list then too.
    dock.visibilityChanged.connect(lambda visible: visible and panel.fresh())
    panel.link_action = shell.add_action(
        "claim", "&Link source…", lambda: link_source_for_current_claim(shell.runner, shell), "Ctrl+L",
        "Link the selected claim to a source that supports it, refutes it or gives context")
    panel.origin_action = shell.add_action(
        "claim", "Add article &origin as source", panel.add_article_origin,
        tip="Make the article shown (its outlet, URL, title and date) a source in the library")
    return panel
