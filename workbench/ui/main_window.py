"""The main window: article list, reader, claim inspector and claims table over one open project.

There is no save command: every edit is an operation that commits to the file at once. The window keeps
no state of its own that could go stale; after each operation (or its undo/redo) every view refreshes
from the project, guided by the operation's Changes record.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from workbench import APP_NAME, __version__, ops
from workbench.core.errors import (
    DamagedProjectError,
    ForeignSchemaError,
    NotFoundError,
    ProjectInUseError,
    ProjectReadOnlyError,
    StorageError,
    WorkbenchError,
)
from workbench.importers import ImportedArticle, file_dialog_filter, import_clipboard, is_supported
from workbench.ops.sources import is_dangerous_name, safe_file_name
from workbench.store import SUFFIX, Changes, Project
from workbench.store.queries import article_original, article_text, get_article, get_claim, list_claims
from workbench.ui.articles_panel import ArticleList
from workbench.ui.claims_table import ClaimsTable
from workbench.ui.common import confirm, local_files, show_error
from workbench.ui.import_worker import ImportWorker
from workbench.ui.inspector import ClaimInspector
from workbench.ui.merge_dialog import offer_copy
from workbench.ui.reader import ArticleReader
from workbench.ui.tag_manager import TagManager
from workbench.ui.undo import OpCommand

MAX_RECENT = 10
PROJECT_FILTER = f"Fact-Check projects (*{SUFFIX})"


class FindBar(QWidget):
    """Find within the open article (Ctrl+F): Enter finds next, Shift+Enter previous, Esc closes."""

    def __init__(self, reader: ArticleReader) -> None:
        super().__init__()
        self.reader = reader
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(QLabel("Find:"))
        self.field = QLineEdit(placeholderText="Find in this article", clearButtonEnabled=True)
        self.field.returnPressed.connect(self.find_next)
        self.field.textChanged.connect(lambda _t: self.find_next(from_start=True))
        layout.addWidget(self.field, 1)
        for label, slot in (("Previous", self.find_previous), ("Next", self.find_next)):
            button = QPushButton(label)
            button.clicked.connect(lambda _=False, s=slot: s())
            layout.addWidget(button)
        self.status = QLabel()
        layout.addWidget(self.status)
        close = QPushButton("Close")
        close.clicked.connect(self.hide)
        layout.addWidget(close)
        self.hide()

    def open(self) -> None:
        self.show()
        selected = self.reader.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.field.setText(selected)
        self.field.setFocus()
        self.field.selectAll()

    def find_next(self, from_start: bool = False) -> None:
        self._find(backward=False, from_start=from_start)

    def find_previous(self) -> None:
        self._find(backward=True)

    def _find(self, backward: bool, from_start: bool = False) -> None:
        from PySide6.QtGui import QTextCursor, QTextDocument

        needle = self.field.text()
        if not needle:
            self.status.clear()
            return
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        if from_start:
            cursor = self.reader.textCursor()
            cursor.setPosition(cursor.selectionStart())
            self.reader.setTextCursor(cursor)
        found = self.reader.find(needle, flags)
        if not found:  # wrap around
            cursor = self.reader.textCursor()
            cursor.movePosition(QTextCursor.MoveOperation.End if backward else QTextCursor.MoveOperation.Start)
            self.reader.setTextCursor(cursor)
            found = self.reader.find(needle, flags)
        self.status.setText("" if found else "not found")

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
            self.reader.setFocus()
            return
        shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and shift:
            self.find_previous()
            return
        super().keyPressEvent(event)


class ArticleDetails(QDialog):
    """Edit an article's title, outlet, author, date and URL (its text never changes)."""

    FIELDS = (("title", "&Title"), ("outlet", "&Outlet"), ("author", "&Author"),
              ("published", "&Published (YYYY-MM-DD)"), ("url", "&URL"), ("language", "&Language"))

    def __init__(self, parent: QWidget, values: dict[str, str]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Article details")
        form = QFormLayout(self)
        self.edits: dict[str, QLineEdit] = {}
        for key, label in self.FIELDS:
            edit = QLineEdit(values.get(key, ""))
            self.edits[key] = edit
            form.addRow(label, edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 70, self.sizeHint().height())

    def values(self) -> dict[str, str]:
        return {k: e.text().strip() for k, e in self.edits.items()}



def unique_keys(*keys: str | QKeySequence.StandardKey) -> list[QKeySequence]:
    """The key sequences of ``keys`` (a platform standard key stands for all its bindings), each once.

    Under X11 an action that lists one key twice (e.g. "Ctrl+Shift+Z" and the standard Redo key, which is
    Ctrl+Shift+Z there) makes Qt report an ambiguous shortcut and the key does nothing at all.
    """
    seen: dict[str, QKeySequence] = {}
    for key in keys:
        sequences = (QKeySequence.keyBindings(key) if isinstance(key, QKeySequence.StandardKey)
                     else [QKeySequence(key)])
        for seq in sequences:
            seen.setdefault(seq.toString(QKeySequence.SequenceFormat.PortableText), seq)
    return [seq for text, seq in seen.items() if text]


class MainWindow(QMainWindow):
    """The workbench window. One project at a time; see the module docstring."""

    changed = Signal(object)  # Changes, after an operation, an undo or a redo
    project_opened = Signal(object)  # the Project, or None after closing

    def __init__(self, settings: QSettings | None = None) -> None:
        super().__init__()
        self.settings = settings or QSettings()
        self.project: Project | None = None
        self.undo_stack = QUndoStack(self)
        self.menus: dict[str, QMenu] = {}
        self._article_id: str | None = None
        self._import_worker: ImportWorker | None = None
        self._import_state: dict[str, Any] | None = None

        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks)

        self.reader = ArticleReader()
        self.reader.setAcceptDrops(False)  # dropped files go to the window, which imports them
        self.find_bar = FindBar(self.reader)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.reader, 1)
        column.addWidget(self.find_bar)
        self.setCentralWidget(central)

        self.article_list = ArticleList()
        self.articles_dock = self.add_panel(self.article_list, "Articles", "articles",
                                            Qt.DockWidgetArea.LeftDockWidgetArea)
        self.inspector = ClaimInspector(self)
        self.inspector_dock = self.add_panel(self.inspector, "Claim", "inspector")
        self.claims_table = ClaimsTable()
        self.claims_dock = self.add_panel(self.claims_table, "Claims", "claims",
                                          Qt.DockWidgetArea.BottomDockWidgetArea)

        self._make_actions()
        self._make_menus()
        self._install_extensions()
        self.reader.mark_action = self.act_mark
        self.reader.claim_clicked.connect(self.select_claim)
        self.reader.selectionChanged.connect(self._update_actions)
        self.article_list.article_selected.connect(lambda aid: self.open_article(aid))
        self.claims_table.activated.connect(self._jump_to_claim)
        self.claims_table.current_changed.connect(self.select_claim)
        self.changed.connect(self._refresh)
        self.undo_stack.cleanChanged.connect(lambda _c: self._update_actions())
        self._restore_layout()
        self._update_actions()

    # -- extension points ----------------------------------------------------------------------------

    def add_panel(self, widget: QWidget, title: str, object_name: str,
                  area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea) -> QDockWidget:
        """Dock ``widget`` as a panel, listed in View so a closed panel can come back."""
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{object_name}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        if "view" in self.menus:
            self.menus["view"].addAction(dock.toggleViewAction())
        return dock

    def add_file_actions(self, *actions: QAction) -> None:
        """Put feature modules' actions in the File menu, above Close/Quit; their shortcuts work even with
        the menu bar hidden."""
        for action in actions:
            self.addAction(action)
            self.menus["file"].insertAction(self._file_tail, action)

    def _install_extensions(self) -> None:
        """Panels and actions contributed by feature modules: each has ``install(window)``."""
        from workbench.ui import (
            backups_dialog,
            export_dialog,
            merge_dialog,
            search_panel,
            sources_panel,
            suggestions_panel,
        )

        for module in (suggestions_panel, sources_panel, search_panel, export_dialog, merge_dialog, backups_dialog):
            module.install(self)

    # -- actions and menus ---------------------------------------------------------------------------

    def _action(self, text: str, slot: Callable[[], Any], shortcut: QKeySequence | str | None = None,
                tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(f"{tip} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
                              if shortcut else tip)
        action.triggered.connect(lambda _=False: slot())
        self.addAction(action)  # shortcuts work even when the menu bar is hidden
        return action

    def _make_actions(self) -> None:
        K = QKeySequence.StandardKey
        self.act_new = self._action("&New project…", self.new_project, K.New)
        self.act_open = self._action("&Open project…", self.open_project_dialog, K.Open)
        self.act_copy = self._action("Save a &copy…", self.save_copy, "Ctrl+Shift+S",
                                     "Write a complete copy of the project to another file")
        self.act_close = self._action("&Close project", self.close_project, K.Close)
        self.act_quit = self._action("&Quit", self.close, "Ctrl+Q")
        # Ctrl+W everywhere; the platform's own Close keys (Ctrl+F4 on Windows/Linux) as well.
        self.act_close.setShortcuts(unique_keys("Ctrl+W", K.Close))
        self.act_undo = self._action("&Undo", self.undo, K.Undo)
        self.act_redo = self._action("&Redo", self.redo)
        self.act_redo.setShortcuts(unique_keys("Ctrl+Shift+Z", K.Redo))
        for act, can, text, prefix in ((self.act_undo, self.undo_stack.canUndoChanged,
                                        self.undo_stack.undoTextChanged, "&Undo"),
                                       (self.act_redo, self.undo_stack.canRedoChanged,
                                        self.undo_stack.redoTextChanged, "&Redo")):
            act.setEnabled(False)
            can.connect(act.setEnabled)
            text.connect(lambda t, a=act, p=prefix: a.setText(f"{p} {t}" if t else p))
        self.act_find = self._action("&Find in article…", self.find_bar.open, K.Find)
        self.act_paste = self._action("New article from &clipboard", self.paste_article, "Ctrl+Shift+V",
                                      "Make an article from the text or web page on the clipboard")
        self.act_import = self._action("&Import files…", self.import_dialog, "Ctrl+I",
                                       "Import articles from .txt, .md, .html, .pdf or .docx files")
        self.act_details = self._action("Article &details…", self.edit_article, "Ctrl+Shift+D")
        self.act_delete_article = self._action("Delete article…", self.delete_article)
        self.act_open_original = self._action("Open &original file", self.open_original,
                                              tip="Open the PDF or Word file this article was imported from")
        self.act_save_original = self._action("Save original file &as…", self.save_original)
        self.act_keep_originals = QAction("&Keep original PDF and Word files when importing", self)
        self.act_keep_originals.setCheckable(True)
        self.act_keep_originals.setChecked(self.settings.value("import/keep_originals", True, type=bool))
        self.act_keep_originals.toggled.connect(lambda on: self.settings.setValue("import/keep_originals", on))
        self.act_mark = self._action("&Mark claim", self.mark_claim, "Ctrl+M",
                                     "Make the selected words a claim")
        self.act_next = self._action("&Next claim", lambda: self.step_claim(1), "F8")
        self.act_prev = self._action("&Previous claim", lambda: self.step_claim(-1), "Shift+F8")
        self.act_delete_claim = self._action("&Delete claim", self.delete_claim, "Ctrl+Shift+Backspace")
        self.act_speaker = self._action("Edit &speaker", self._focus_speaker, "Ctrl+Shift+K")
        self.status_actions = []
        from workbench.store.schema import STATUSES

        for n, status in enumerate(STATUSES, start=1):
            act = self._action(f"Status: {status}", lambda s=status: self._set_status(s), f"Ctrl+{n}")
            self.status_actions.append(act)
        self.act_tags = self._action("&Tags…", self.manage_tags, "Ctrl+Shift+T")
        self.act_verdicts = self._action("&Verdict scale…", self.manage_verdicts)
        self.act_author = self._action("Your &name…", self.set_author)
        self.act_check = self._action("&Check project file", self.check_project)
        self.act_about = self._action(f"&About {APP_NAME}", self.about)
        self.act_shortcuts = self._action("&Keyboard shortcuts", self.show_shortcuts, K.HelpContents)

    def _make_menus(self) -> None:
        bar = self.menuBar()
        file = self.menus["file"] = bar.addMenu("&File")
        file.addActions([self.act_new, self.act_open])
        self.recent_menu = file.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file.addSeparator()
        file.addActions([self.act_paste, self.act_import])
        file.addSeparator()
        file.addAction(self.act_copy)
        self._file_tail = file.addSeparator()
        file.addActions([self.act_close, self.act_quit])

        edit = self.menus["edit"] = bar.addMenu("&Edit")
        edit.addActions([self.act_undo, self.act_redo])
        edit.addSeparator()
        edit.addAction(self.act_find)

        article = self.menus["article"] = bar.addMenu("&Article")
        article.addActions([self.act_paste, self.act_import, self.act_details])
        article.addSeparator()
        article.addActions([self.act_open_original, self.act_save_original, self.act_keep_originals])
        article.addSeparator()
        article.addAction(self.act_delete_article)

        claim = self.menus["claim"] = bar.addMenu("&Claim")
        claim.addActions([self.act_mark, self.act_speaker, self.act_next, self.act_prev])
        status_menu = claim.addMenu("Set &status")
        status_menu.addActions(self.status_actions)
        claim.addSeparator()
        claim.addAction(self.act_delete_claim)
        claim.addSeparator()

        view = self.menus["view"] = bar.addMenu("&View")
        # Keyboard users reach every pane directly; the pane comes back if it was closed.
        for n, (label, widget, dock) in enumerate((
            ("Articles", self.article_list, self.articles_dock),
            ("Article text", self.reader, None),
            ("Claim inspector", self.inspector.speaker, self.inspector_dock),
            ("Claims table", self.claims_table.view, self.claims_dock),
        ), start=1):
            view.addAction(self._action(f"Go to {label.lower()}", lambda w=widget, d=dock: self._focus(w, d),
                                        f"Alt+{n}"))
        view.addSeparator()
        for dock in self.findChildren(QDockWidget):
            view.addAction(dock.toggleViewAction())

        tools = self.menus["tools"] = bar.addMenu("&Tools")
        tools.addActions([self.act_tags, self.act_verdicts, self.act_author, self.act_check])
        help_ = self.menus["help"] = bar.addMenu("&Help")
        help_.addActions([self.act_shortcuts, self.act_about])

        toolbar = QToolBar("Main")
        toolbar.setObjectName("toolbar-main")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addActions([self.act_import, self.act_paste])
        toolbar.addSeparator()
        toolbar.addActions([self.act_mark, self.act_prev, self.act_next])
        toolbar.addSeparator()
        # The menu's Undo/Redo name the step ("Undo Mark claim"); on the toolbar that text would make the
        # buttons jump about, so these say just Undo/Redo and show the step in their tooltip.
        for label, stack_action, slot in (("Undo", self.act_undo, self.undo),
                                          ("Redo", self.act_redo, self.redo)):
            button = QAction(label, self)
            button.setEnabled(False)
            button.triggered.connect(lambda _=False, s=slot: s())
            stack_action.changed.connect(
                lambda b=button, a=stack_action: (b.setEnabled(a.isEnabled()), b.setToolTip(a.text().replace("&", "")))
            )
            toolbar.addAction(button)
        self.toolbar = toolbar
        self.addToolBar(toolbar)
        view.addSeparator()
        view.addAction(toolbar.toggleViewAction())

    def _update_actions(self) -> None:
        has_project = self.project is not None
        has_article = has_project and self._article_id is not None
        has_claim = has_project and self.inspector.claim is not None
        for act in (self.act_copy, self.act_close, self.act_paste, self.act_import, self.act_tags,
                    self.act_verdicts, self.act_check):
            act.setEnabled(has_project)
        for act in (self.act_details, self.act_delete_article, self.act_find, self.act_next, self.act_prev):
            act.setEnabled(has_article)
        self.act_mark.setEnabled(has_article and self.reader.textCursor().hasSelection())
        has_original = has_article and get_article(self.project, self._article_id).has_original
        self.act_open_original.setEnabled(has_original)
        self.act_save_original.setEnabled(has_original)
        for act in (self.act_delete_claim, self.act_speaker, *self.status_actions):
            act.setEnabled(has_claim)

    # -- running operations --------------------------------------------------------------------------

    def _attempt(self, op_fn: Callable[..., Changes], kwargs: dict[str, Any]) -> Changes | None:
        """Run an operation on the open project; a refusal or a failed write becomes a dialog (None)."""
        if self.project is None:
            return None
        try:
            return op_fn(self.project, **kwargs)
        except StorageError as exc:  # disk full, file gone...: the message says what to do about it
            self.show_error("Not saved", str(exc))
        except WorkbenchError as exc:
            self.show_error("Not done", str(exc))
        except sqlite3.Error as exc:
            self.show_error("Not saved", f"The change could not be written to the project file ({exc}). "
                                         "Everything saved before is safe.")
        return None

    def run_op(self, op_fn: Callable[..., Changes], /, **kwargs: Any) -> Changes | None:
        """Run an operation on the open project as one undoable step; errors become a dialog."""
        changes = self._attempt(op_fn, kwargs)
        if changes is not None:
            self._push(changes)
        return changes

    def _push(self, changes: Changes) -> None:
        """Put an operation that ran on the undo stack and tell the panels what it changed."""
        if changes.images:
            self.undo_stack.push(OpCommand(self.project, changes, self.changed.emit,
                                           lambda msg: self.show_error("Undo", msg), self.undo_stack))
            self.changed.emit(changes)

    def run_final_op(self, op_fn: Callable[..., Changes], /, **kwargs: Any) -> Changes | None:
        """Run an operation that cannot sit on the undo stack (a merge: undoing it would record the
        colleague's work as deleted and spread those deletions back to them). The steps before it cannot
        be undone either, as their row images predate it; the operation's own backup is the way back."""
        self.inspector.flush_pending()
        changes = self._attempt(op_fn, kwargs)
        if changes is not None:
            self.undo_stack.clear()
            self.changed.emit(changes)
        return changes

    def undo(self) -> None:
        # What is typed in the inspector is saved first, so undo steps back through it like any edit.
        self.inspector.flush_pending()
        self.undo_stack.undo()

    def redo(self) -> None:
        self.inspector.flush_pending()
        self.undo_stack.redo()

    def show_error(self, title: str, message: str) -> None:
        show_error(self, title, message)

    # -- project lifecycle ---------------------------------------------------------------------------

    def open_project(self, path: str | Path) -> bool:
        """Open a project file in this window (closing the current one); False if it was refused."""
        path = Path(path)
        try:
            project = Project.open(path, author=self.author())
        except (ProjectInUseError, ProjectReadOnlyError) as exc:
            # Open elsewhere or not writable here: the journalist can still work on a copy.
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
            self.show_error("Cannot open project", str(exc))
            return False
        self._set_project(project)
        self._add_recent(path)
        return True

    def new_project(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "New project", str(self._dialog_dir() / f"Untitled{SUFFIX}"),
                                              PROJECT_FILTER)
        if not path:
            return
        if not path.endswith(SUFFIX):
            path += SUFFIX
        try:
            if Path(path).exists():
                raise WorkbenchError(f"{Path(path).name} already exists; choose another name "
                                     "(projects are never overwritten).")
            project = Project.create(path, author=self.author())
        except WorkbenchError as exc:
            self.show_error("Cannot create project", str(exc))
            return
        self._set_project(project)
        self._add_recent(Path(path))

    def open_project_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open project", str(self._dialog_dir()),
                                              f"{PROJECT_FILTER};;All files (*)")
        if path:
            self.open_project(path)

    def close_project(self) -> None:
        self._set_project(None)

    def _set_project(self, project: Project | None) -> None:
        self.inspector.show_claim(None)  # saves typing still pending into the old project first
        if self._import_worker is not None and self._import_state is not None:
            # An import into the old project stops after the file in progress; its undo group closes here
            # because the stack is about to be cleared.
            self._import_worker.cancel()
            if self._import_state["macro"]:
                self.undo_stack.endMacro()
                self._import_state["macro"] = False
        self.undo_stack.clear()
        if self.project is not None:
            self.project.close()
        self.project = project
        self._article_id = None
        self.reader.show_article(None, "", [])
        self.claims_table.set_project(project)
        self.article_list.reload(project, None)
        self._update_title()
        if project is not None:
            articles = self.article_list.topLevelItemCount()
            if articles:
                first = self.article_list.topLevelItem(0).data(0, Qt.ItemDataRole.UserRole)
                self.open_article(first)
        self._update_actions()
        self.project_opened.emit(project)

    def _update_title(self) -> None:
        if self.project is None:
            self.setWindowTitle(APP_NAME)
            self.setWindowFilePath("")
        else:
            self.setWindowFilePath(str(self.project.path))
            ro = " (read-only)" if self.project.read_only else ""
            self.setWindowTitle(f"{self.project.title}{ro} — {APP_NAME}")

    def save_copy(self) -> None:
        if self.project is None:
            return
        default = self._dialog_dir() / f"{self.project.path.stem} copy{SUFFIX}"
        path, _ = QFileDialog.getSaveFileName(self, "Save a copy", str(default), PROJECT_FILTER)
        if not path:
            return
        if not path.endswith(SUFFIX):
            path += SUFFIX
        # The open project's file deleted or moved away under the window: the copy is the rescue, and may go
        # where the project was.
        gone = not self.project.path.exists()
        if Path(path).resolve() == self.project.path.resolve() and not gone:
            self.show_error("Save a copy", "Choose another file name: this is the open project itself.")
            return
        try:
            self.project.backup_to(path)
        except WorkbenchError as exc:
            self.show_error("Save a copy", str(exc))
            return
        if gone:
            # Every later edit to the vanished file would fail too: go on working in the copy.
            self._set_project(None)
            if self.open_project(path):
                self.statusBar().showMessage(f"Copy saved to {path}; you are now working in it", 8000)
            return
        self.statusBar().showMessage(f"Copy saved to {path}", 5000)

    # -- recent files and settings -------------------------------------------------------------------

    def author(self) -> str:
        from workbench.store.project import default_author

        return str(self.settings.value("author", "") or default_author())

    def set_author(self) -> None:
        name, ok = QInputDialog.getText(self, "Your name", "Name written on the claims you create and edit:",
                                        text=self.author())
        if ok and name.strip():
            self.settings.setValue("author", name.strip())
            if self.project is not None:
                self.project.author = name.strip()

    def recent_projects(self) -> list[str]:
        value = self.settings.value("recent", []) or []
        return [value] if isinstance(value, str) else list(value)

    def _add_recent(self, path: Path) -> None:
        entry = str(path.resolve())
        recent = [p for p in self.recent_projects() if p != entry]
        self.settings.setValue("recent", [entry, *recent][:MAX_RECENT])
        self.settings.setValue("last_project", entry)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = [p for p in self.recent_projects() if Path(p).exists()]
        for path in recent:
            action = self.recent_menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.triggered.connect(lambda _=False, p=path: self.open_project(p))
        if not recent:
            self.recent_menu.addAction("(none)").setEnabled(False)

    def _dialog_dir(self) -> Path:
        if self.project is not None:
            return self.project.path.parent
        return Path.home()

    # -- articles ------------------------------------------------------------------------------------

    def current_article_id(self) -> str | None:
        return self._article_id

    def current_claim_id(self) -> str | None:
        return self.inspector.claim.id if self.inspector.claim else None

    def open_article(self, article_id: str | None, start: int | None = None, end: int | None = None) -> None:
        """Show an article in the reader, optionally selecting ``start``..``end`` (character offsets)."""
        if self.project is None:
            return
        if article_id is not None:
            try:
                text = article_text(self.project, article_id)
            except NotFoundError:
                article_id, text = None, ""
        else:
            text = ""
        if article_id != self._article_id:
            self.inspector.show_claim(None)
            self.reader.selected_claim_id = None
        self._article_id = article_id
        claims = list_claims(self.project, article_id) if article_id else []
        self.reader.show_article(article_id, text, claims)
        if article_id:
            self.article_list.select(article_id)
        self.claims_table.set_article(article_id)
        if start is not None and end is not None:
            self.reader.select_span(start, end)
            self.reader.setFocus()
        self._update_actions()

    def _on_import_parsed(self, path: str, article: ImportedArticle, original: bytes | None,
                          state: dict[str, Any]) -> None:
        duplicate = ops.find_duplicate(self.project, article) if self.project else None
        if duplicate is not None:
            choice = state.get("duplicates")
            if choice is None:
                box = QMessageBox(QMessageBox.Icon.Question, "Already imported",
                                  f"{Path(path).name} is already in the project. Import it again?",
                                  QMessageBox.StandardButton.NoButton, self)
                skip = box.addButton("Skip", QMessageBox.ButtonRole.RejectRole)
                again = box.addButton("Import again", QMessageBox.ButtonRole.AcceptRole)
                box.setDefaultButton(skip)
                remember = None
                if state["total"] > 1:
                    remember = box.addButton("Skip all duplicates", QMessageBox.ButtonRole.DestructiveRole)
                box.exec()
                clicked = box.clickedButton()
                if clicked is remember:
                    state["duplicates"] = "skip"
                if clicked is not again:
                    state["skipped"].append(Path(path).name)
                    return
            else:
                state["skipped"].append(Path(path).name)
                return
        changes = self._attempt(ops.add_article, {"article": article, "original": original})
        if changes is None:
            return
        if not state["macro"]:
            # Opened once the first article is stored (a refused one, e.g. on a full disk, does not count),
            # so a batch that stored nothing leaves no empty undo step.
            self.undo_stack.beginMacro(f"Import {state['total']} file(s)")
            state["macro"] = True
        self._push(changes)
        state["added"].append(changes.created("articles")[0])
        state["warnings"].extend(article.warnings)

    def import_paths(self, paths: list[str]) -> None:
        """Import files off the UI thread with a cancellable progress dialog, then report what failed."""
        if self.project is None or not paths or self._import_worker is not None:
            return
        state: dict[str, Any] = {"total": len(paths), "added": [], "failed": [], "skipped": [], "warnings": [],
                                 "macro": False, "project": self.project}
        self._import_state = state
        progress = QProgressDialog("Importing…", "Cancel", 0, len(paths), self)
        progress.setWindowTitle("Import")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)  # a quick single file never flashes a dialog
        worker = ImportWorker(paths, keep_originals=self.act_keep_originals.isChecked())
        self._import_worker = worker

        def step(i: int, path: str) -> None:
            progress.setValue(i + 1)
            progress.setLabelText(f"Imported {Path(path).name} ({i + 1} of {len(paths)})")

        def parsed(i: int, path: str, article: ImportedArticle, original: bytes | None) -> None:
            # Parsed files belong to the project the import started in, never to one opened since.
            if not progress.wasCanceled() and self.project is state["project"]:
                self._on_import_parsed(path, article, original, state)
            step(i, path)

        def failed(i: int, path: str, message: str) -> None:
            state["failed"].append(message)
            step(i, path)

        worker.parsed.connect(parsed)
        worker.failed.connect(failed)
        progress.canceled.connect(worker.cancel)
        worker.finished.connect(lambda: self._import_done(worker, progress, state))
        worker.start()

    def _import_done(self, worker: ImportWorker, progress: QProgressDialog, state: dict[str, Any]) -> None:
        if state["macro"]:
            self.undo_stack.endMacro()
        self._import_state = None
        progress.close()
        worker.deleteLater()
        self._import_worker = None
        if state["added"]:
            self.open_article(state["added"][-1])
        lines = []
        if state["failed"]:
            lines.append("These files could not be imported:\n" + "\n".join(f"• {m}" for m in state["failed"]))
        if state["skipped"]:
            lines.append("Skipped (already in the project): " + ", ".join(state["skipped"]))
        if state["warnings"]:
            lines.append("Warnings:\n" + "\n".join(f"• {w}" for w in state["warnings"][:20]))
        if lines:
            summary = f"Imported {len(state['added'])} of {state['total']} file(s).\n\n" + "\n\n".join(lines)
            QMessageBox.information(self, "Import", summary)
        else:
            self.statusBar().showMessage(f"Imported {len(state['added'])} file(s).", 5000)

    def import_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Import articles", str(self._dialog_dir()),
                                                file_dialog_filter())
        self.import_paths(paths)

    def paste_article(self) -> None:
        """New article from the clipboard: rich HTML if the clipboard has it, else plain text."""
        if self.project is None:
            return
        mime = QGuiApplication.clipboard().mimeData()
        html = mime.html() if mime is not None and mime.hasHtml() else None
        text = mime.text() if mime is not None and mime.hasText() else None
        if not (html or (text and text.strip())):
            self.show_error("Nothing to paste", "The clipboard holds no text. Copy an article first.")
            return
        try:
            article = import_clipboard(html, text)
        except WorkbenchError as exc:
            self.show_error("Cannot paste", str(exc))
            return
        title, ok = QInputDialog.getText(self, "New article from clipboard", "Title:", text=article.title)
        if not ok:
            return
        article.title = title.strip() or article.title
        duplicate = ops.find_duplicate(self.project, article)
        if duplicate is not None and not confirm(
            self, "Already in the project", "This text is already in the project. Add it again?", "Add again"
        ):
            self.open_article(duplicate)
            return
        changes = self.run_op(ops.add_article, article=article)
        if changes is not None:
            self.open_article(changes.created("articles")[0])

    def edit_article(self) -> None:
        if self.project is None or self._article_id is None:
            return
        a = get_article(self.project, self._article_id)
        dialog = ArticleDetails(self, {"title": a.title, "outlet": a.outlet, "author": a.author,
                                       "published": a.published, "url": a.url, "language": a.language})
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.run_op(ops.update_article, article_id=a.id, **dialog.values())

    def open_original(self) -> None:
        """Open the article's original file in the system viewer, from a read-only temporary copy."""
        from workbench.ui.sources_panel import open_url, write_viewing_bytes

        original = article_original(self.project, self._article_id) if self.project and self._article_id else None
        if original is None:
            return
        name, data = original
        if is_dangerous_name(name):
            # Only a crafted project has such an "original"; the system would run it, not show it.
            self.show_error("Cannot open the original", f"{safe_file_name(name)} is a program or script; "
                                                        "it is not opened. Use “Save original file as…”.")
            return
        try:
            path = write_viewing_bytes(name, data)
        except OSError as exc:
            self.show_error("Cannot open the original", f"{name}: the temporary copy failed ({exc.strerror}).")
            return
        if not open_url(QUrl.fromLocalFile(str(path))):
            self.show_error("Cannot open the original", f"No program on this computer opens {name}. "
                                                        "Use “Save original file as…” instead.")

    def save_original(self) -> None:
        original = article_original(self.project, self._article_id) if self.project and self._article_id else None
        if original is None:
            return
        name, data = original
        # The stored name may come from a colleague's project: "../../.bashrc" or "/etc/passwd" must not
        # become the suggested place to save.
        dest, _ = QFileDialog.getSaveFileName(self, "Save original file as",
                                              str(self._dialog_dir() / safe_file_name(name)))
        if not dest:
            return
        from workbench.export import write_export  # the exporters load on first use, not at start-up

        try:
            write_export(data, dest)
        except WorkbenchError as exc:
            self.show_error("Not saved", str(exc))
            return
        self.statusBar().showMessage(f"Saved {dest}", 5000)

    def delete_article(self) -> None:
        if self.project is None or self._article_id is None:
            return
        a = get_article(self.project, self._article_id)
        if confirm(self, "Delete article", f"Delete “{a.title}” and its {a.claim_count} claim(s)? "
                   "You can undo this with Ctrl+Z."):
            self.run_op(ops.delete_article, article_id=a.id)

    # -- claims --------------------------------------------------------------------------------------

    def mark_claim(self) -> None:
        """Make the reader's selection a claim, then put the cursor in the speaker field."""
        span = self.reader.selection_span()
        if self.project is None or self._article_id is None or span is None:
            self.statusBar().showMessage("Select the words of the quote in the article first.", 5000)
            return
        changes = self.run_op(ops.add_claim, article_id=self._article_id, start=span[0], end=span[1])
        if changes is not None:
            self.select_claim(changes.created("claims")[0])
            self._focus_speaker()

    def select_claim(self, claim_id: str | None) -> None:
        """Make a claim current everywhere: reader (opening its article), inspector and table."""
        if self.project is None or claim_id is None:
            return
        try:
            claim = get_claim(self.project, claim_id)
        except NotFoundError:
            return
        if claim.article_id != self._article_id:
            self.open_article(claim.article_id)
        self.inspector.show_claim(claim_id)
        self.reader.show_claim(claim_id)
        self.claims_table.select(claim_id)
        self._update_actions()

    def select_source(self, source_id: str) -> None:
        """Show a source in the Sources panel (a search hit on a source lands here)."""
        self.sources_panel.reveal(source_id)

    def _jump_to_claim(self, claim_id: str) -> None:
        self.select_claim(claim_id)
        self.reader.setFocus()

    def step_claim(self, direction: int) -> None:
        ids = self.reader.claim_ids_in_order()
        if not ids:
            return
        current = self.current_claim_id()
        # With nothing selected yet, F8 starts at the first claim and Shift+F8 at the last.
        start = 0 if direction > 0 else len(ids) - 1
        index = (ids.index(current) + direction) % len(ids) if current in ids else start
        self.select_claim(ids[index])

    def delete_claim(self) -> None:
        claim_id = self.current_claim_id()
        if claim_id:
            self.run_op(ops.delete_claim, claim_id=claim_id)
            self.statusBar().showMessage("Claim deleted. Ctrl+Z brings it back.", 5000)

    def _set_status(self, status: str) -> None:
        claim_id = self.current_claim_id()
        if claim_id:
            self.run_op(ops.update_claim, claim_id=claim_id, status=status)

    def _focus(self, widget: QWidget, dock: QDockWidget | None) -> None:
        if dock is not None:
            dock.show()
            dock.raise_()
        widget.setFocus()

    def _focus_speaker(self) -> None:
        if self.inspector.claim is not None:
            self.inspector_dock.show()
            self.inspector_dock.raise_()
            self.inspector.speaker.setFocus()
            self.inspector.speaker.selectAll()

    # -- refreshing ----------------------------------------------------------------------------------

    def _refresh(self, changes: Changes) -> None:
        if self.project is None:
            return
        tables = changes.tables
        if "meta" in tables:
            self._update_title()
        if tables & {"articles", "claims"}:
            current = self._article_id
            self.article_list.reload(self.project, current)
            if current is not None and current in changes.ids("articles") and \
                    self.project.row("articles", current) is None:
                self._article_id = None
                first = self.article_list.topLevelItem(0)
                self.open_article(first.data(0, Qt.ItemDataRole.UserRole) if first else None)
        if self._article_id is not None:
            self.reader.set_claims(list_claims(self.project, self._article_id))
        elif self.reader.article_id is not None:
            self.reader.show_article(None, "", [])
        self._refresh_claims_table(changes)
        self.inspector.refresh()
        if self.inspector.claim is None:
            self.reader.selected_claim_id = None
        self._update_actions()

    def _refresh_claims_table(self, changes: Changes) -> None:
        """Claims added, edited or deleted update their rows; a change to what every row shows (tag names
        and colours, verdicts, article titles) reloads the table; anything else leaves it alone."""
        tables = changes.tables
        if tables & {"tags", "verdict_scale", "articles"}:
            self.claims_table.reload()
            return
        if not tables & {"claims", "claim_tags"}:
            return  # sources, links, dismissals...: nothing the table shows
        ids = changes.ids("claims") + [
            (i.after or i.before or {}).get("claim_id", "") for i in changes.images if i.table == "claim_tags"
        ]
        present, removed = [], []
        for claim_id in dict.fromkeys(ids):
            (present if self.project.row("claims", claim_id) is not None else removed).append(claim_id)
        self.claims_table.apply([get_claim(self.project, cid) for cid in present], removed)

    # -- dialogs -------------------------------------------------------------------------------------

    def manage_tags(self) -> None:
        TagManager(self).exec()

    def manage_verdicts(self) -> None:
        from workbench.ui.verdict_editor import VerdictEditor

        VerdictEditor(self).exec()

    def check_project(self) -> None:
        if self.project is None:
            return
        problems = self.project.check()
        if problems:
            self.show_error("Project check", "Problems were found:\n" + "\n".join(problems[:20]))
        else:
            orphans = problems.orphans
            extra = f"\n\n{len(orphans)} claim(s) cannot be found in their article text." if orphans else ""
            QMessageBox.information(self, "Project check", f"{self.project.path.name} is healthy.{extra}")

    def shortcut_table(self) -> list[tuple[str, str, str]]:
        """(menu, command, keys) for every menu command that has a shortcut, as the menus show them."""
        rows = []
        for menu in self.menus.values():
            for action in menu.actions():
                sub = action.menu()
                for act in (sub.actions() if sub is not None else [action]):
                    keys = ", ".join(dict.fromkeys(  # a platform key equal to ours is listed once
                        s.toString(QKeySequence.SequenceFormat.NativeText) for s in act.shortcuts()))
                    if keys and act.text():
                        rows.append((menu.title().replace("&", ""), act.text().replace("&", ""), keys))
        return list(dict.fromkeys(rows))

    def show_shortcuts(self) -> None:
        """Help → Keyboard shortcuts (F1): every shortcut, generated from the menus so it is never stale."""
        rows = "".join(f"<tr><td>{menu}</td><td>{_html(command)}</td><td><b>{_html(keys)}</b></td></tr>"
                       for menu, command, keys in self.shortcut_table())
        box = QMessageBox(QMessageBox.Icon.NoIcon, "Keyboard shortcuts",
                          f"<table cellspacing='0' cellpadding='3'>{rows}</table>", QMessageBox.StandardButton.Close,
                          self)
        box.exec()

    def about(self) -> None:
        QMessageBox.about(self, f"About {APP_NAME}",
                          f"<b>{APP_NAME}</b> {__version__}<br>Mark, attribute, tag, source and judge quoted "
                          "claims in news articles. Every edit is saved at once to the project file.")

    # -- drag and drop -------------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        files = local_files(event)
        if files and (all(f.endswith(SUFFIX) for f in files[:1]) or any(is_supported(f) for f in files)):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = local_files(event)
        if len(files) == 1 and files[0].endswith(SUFFIX):
            self.open_project(files[0])
        elif self.project is None:
            self.show_error("No project open", "Open or create a project before importing articles.")
        else:
            self.import_paths(files)
        event.acceptProposedAction()

    # -- layout --------------------------------------------------------------------------------------

    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            screen = QGuiApplication.primaryScreen()
            if screen is not None:
                size = screen.availableGeometry().size() * 0.85
                self.resize(size)
        state = self.settings.value("window/state")
        if state is not None:
            self.restoreState(state)
        else:
            self.resizeDocks([self.articles_dock, self.inspector_dock], [self.width() // 5, self.width() // 4],
                             Qt.Orientation.Horizontal)
            self.resizeDocks([self.claims_dock], [self.height() // 4], Qt.Orientation.Vertical)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._import_worker is not None:
            self._import_worker.cancel()
            self._import_worker.wait()
        self.inspector.show_claim(None)  # commit a note still being typed
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        if self.project is not None:
            self.settings.setValue("last_project", str(self.project.path.resolve()))
            self.undo_stack.clear()
            self.project.close()
            self.project = None
        super().closeEvent(event)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self._update_actions)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
