"""The main window: it composes the article list, reader, claim inspector, claims table and the feature
panels over one open project, and holds the menus, the toolbar and the window layout.

There is no save command: every edit is an operation that commits to the file at once. The window keeps
no state of its own that could go stale: the operation runner (``ui.operations``) owns the project and
the undo stack, and after each operation (or its undo/redo) every view refreshes from the project, guided
by the operation's Changes record. What the window does lives beside it: the project session (open, new,
recent, save a copy, author) in ``ui.session``, file imports in ``ui.import_batch``, the Article menu's
commands in ``ui.article_actions``, the find bar in ``ui.find_bar``; panels and dialogs see the window
only through the Protocols of ``ui.host``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QMainWindow,
    QMenu,
    QPushButton,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from workbench import APP_NAME, ops
from workbench.core.errors import NotFoundError
from workbench.core.model import title_line
from workbench.store import SUFFIX, Changes, Project
from workbench.store.queries import article_text, get_article, get_claim, get_claims, list_claims
from workbench.ui import help_menu
from workbench.ui.article_actions import ArticleActions
from workbench.ui.articles_panel import ArticleList
from workbench.ui.claims_table import ClaimsTable
from workbench.ui.common import after_first_frame, give_mnemonics, local_files, unique_keys
from workbench.ui.find_bar import FindBar
from workbench.ui.import_batch import KEEP_ORIGINALS, Importer
from workbench.ui.inspector import ClaimInspector
from workbench.ui.operations import OperationRunner
from workbench.ui.reader import ArticleHeader, ArticleReader
from workbench.ui.session import ProjectSession
from workbench.ui.welcome import WelcomePage


class MainWindow(QMainWindow):
    """The workbench window. One project at a time; see the module docstring.

    ``runner`` (the operation runner), ``session`` and ``importer`` are what panels, dialogs and tests work
    with; ``project`` and ``open_project`` are the window's own outward face (start-up, self-test).
    """

    def __init__(self, settings: QSettings | None = None, *, defer_features: bool = False) -> None:
        """``defer_features``: build the feature panels and commands (search, sources, suggestions, backups,
        export, merge, encryption, fact-check library, history, review) just after the window's first frame
        instead of before it (``run`` does: the window shows sooner, the feature docks start as tabs behind
        the articles and the inspector anyway). Everything that needs them calls ``install_features``."""
        super().__init__()
        self.settings = settings or QSettings()
        self.runner = OperationRunner(self)
        # Connected first: the window's own views follow a new project before any panel hears of it.
        self.runner.project_opened.connect(self._project_changed)
        self.runner.changed.connect(self._refresh)
        self.runner.status_message.connect(lambda text, msecs: self.statusBar().showMessage(text, msecs))
        self.session = ProjectSession(self.runner, self.settings)
        # Whose name goes on every claim and edit, always in view; a click changes it.
        self.author_label = QPushButton()
        self.author_label.setFlat(True)
        self.author_label.setToolTip("The name written on your claims and edits (Tools → Your name…)")
        self.author_label.clicked.connect(lambda: self.session.set_author())
        self.statusBar().addPermanentWidget(self.author_label)
        self.session.on_author_changed = self._show_author
        self._show_author(self.session.author())
        self.menus: dict[str, QMenu] = {}
        self.docks: dict[str, QDockWidget] = {}
        self._saved_layout = False  # a saved layout was restored: panels added later go back to it (add_panel)
        self._article_id: str | None = None
        self._restoring_place = False  # reopening a project at its article and claim: nothing to remember yet

        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks)

        self.reader = ArticleReader()
        self.reader.setAcceptDrops(False)  # dropped files go to the window, which imports them
        self.find_bar = FindBar(self.reader)
        self.article_header = ArticleHeader()
        reading = self.reading = QWidget()
        column = QVBoxLayout(reading)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.article_header)
        column.addWidget(self.reader, 1)
        column.addWidget(self.find_bar)
        # The reading page, and the welcome page when no project is open (built when first needed: ``welcome``).
        self.central = QStackedWidget()
        self.central.addWidget(reading)
        self.setCentralWidget(self.central)
        self._welcome: WelcomePage | None = None

        self.article_list = ArticleList()
        self.add_panel(self.article_list, "Articles", "articles", Qt.DockWidgetArea.LeftDockWidgetArea)
        # Before the importer: closing a project saves the inspector's typing first.
        self.inspector = ClaimInspector(self.runner, self, lazy=defer_features)
        self.add_panel(self.inspector, "Claim", "inspector")
        self.claims_table = ClaimsTable()
        self.add_panel(self.claims_table, "Claims", "claims", Qt.DockWidgetArea.BottomDockWidgetArea)
        self.importer = Importer(self.runner, self, self.settings)
        self.articles = ArticleActions(self.runner, self, self.session)

        self._make_actions()
        self._make_menus()
        self._features_installed = False
        if defer_features:
            after_first_frame(self, self.install_features)
        else:
            self.install_features()
        self.reader.mark_action = self.act_mark
        self.reader.claim_clicked.connect(self.select_claim)
        self.reader.selectionChanged.connect(self._update_actions)
        self.article_list.article_selected.connect(lambda aid: self.open_article(aid))
        self.claims_table.activated.connect(self._jump_to_claim)
        self.claims_table.current_changed.connect(self.select_claim)
        self.runner.undo_stack.cleanChanged.connect(lambda _c: self._update_actions())
        self._restore_layout()
        self._update_actions()

    @property
    def welcome(self) -> WelcomePage:
        """What the window shows with no project open (New / Open / recent / the sample) instead of an empty
        reader. Built the first time it is needed: a start that reopens the last project never shows it, and
        building it, filling it and making it the current page cost that start ~3 ms before its first frame."""
        if self._welcome is None:
            self._welcome = WelcomePage(self.session.new, self.session.open_dialog, self.session.open,
                                        self.session.open_sample)
            self.central.addWidget(self._welcome)
        return self._welcome

    def _show_welcome(self) -> None:
        self.welcome.show_recent(self.session.existing_recent())
        self.central.setCurrentWidget(self.welcome)

    def _welcome_unless_opened(self) -> None:
        # Shown with no project: ``run`` opens one right after showing the window, before any frame is
        # painted; when that open asks something first (a passphrase, what to do with a damaged file), or
        # fails, or nothing was to be opened, the window behind shows the welcome page.
        if self.project is None and self.central.currentWidget() is not self._welcome:
            self._show_welcome()

    @property
    def project(self) -> Project | None:
        """The open project (the runner's)."""
        return self.runner.project

    def open_project(self, path: str | Path) -> bool:
        """Open a project file in this window (closing the current one); False if it was refused."""
        return self.session.open(path)

    # -- where panels and commands go (the ``Shell`` Protocol) ---------------------------------------

    def add_panel(self, widget: QWidget, title: str, object_name: str,
                  area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea, *,
                  tab_with: str | None = None) -> QDockWidget:
        """Dock ``widget`` as a panel, listed in View so a closed panel can come back; ``tab_with`` names a
        panel whose place it shares as a tab (that one stays in front)."""
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{object_name}")
        dock.setWidget(widget)
        self.docks[object_name] = dock
        if "view" in self.menus:
            self.menus["view"].addAction(dock.toggleViewAction())
        # Added after the saved layout was restored (defer_features): it goes back where it was left.
        if self._saved_layout and self.restoreDockWidget(dock):
            return dock
        self.addDockWidget(area, dock)
        if tab_with is not None:
            self.tabifyDockWidget(self.docks[tab_with], dock)
            self.docks[tab_with].raise_()
        return dock

    def add_action(self, menu: str, text: str, slot: Callable[[], Any], shortcut: QKeySequence | str | None = None,
                   tip: str = "", *, toolbar: bool = False) -> QAction:
        """A command in ``menu`` (File's go above Close and Quit), optionally on the toolbar too."""
        action = self._action(text, slot, shortcut, tip)
        if menu == "file":
            self.menus["file"].insertAction(self._file_tail, action)
        else:
            self.menus[menu].addAction(action)
        if toolbar:
            self.toolbar.addAction(action)
        return action

    def install_features(self) -> None:
        """Panels and commands contributed by feature modules (each has ``install(shell)``); once. Each
        takes the open project, if any, as it is built, so they may come after it was opened."""
        if self._features_installed:
            return
        self._features_installed = True
        from workbench.ui import (
            backups_dialog,
            checked_before,
            claim_actions,
            encryption,
            export_dialog,
            factcheck_dialog,
            history_dialog,
            merge_dialog,
            review_widget,
            search_panel,
            sources_panel,
            suggestions_panel,
        )

        self.suggestions_panel = suggestions_panel.install(self)
        self.sources_panel = sources_panel.install(self)
        self.search_panel = search_panel.install(self)
        self.export_action = export_dialog.install(self)
        self.share_action, self.merge_action = merge_dialog.install(self)
        self.restore_backup_action, self.periodic_backups = backups_dialog.install(self)
        self.encryption_actions = encryption.install(self)
        self.act_adjust, self.act_copy_citation = claim_actions.install(self)
        self.inspector.build_form()
        self.factchecks, self.checked_before_panel = checked_before.install(self, self.inspector.checked_before)
        self.factcheck_action = factcheck_dialog.install(self, self.factchecks)
        self.history_action = history_dialog.install(self)
        self.require_review_action = review_widget.install(self)
        self.reader.claim_menu_actions = [self.act_delete_claim, self.act_adjust, self.act_copy_citation]
        for menu in self.menus.values():
            give_mnemonics(menu)
            # Panels and toolbars (their toggle actions) may be added later: letters are given when shown.
            menu.aboutToShow.connect(lambda m=menu: give_mnemonics(m))
        self._update_actions()  # (the highlight menu's claim actions follow the selection)

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
        session, articles = self.session, self.articles
        self.act_new = self._action("&New project…", session.new, K.New)
        self.act_open = self._action("&Open project…", session.open_dialog, K.Open)
        self.act_copy = self._action("Sa&ve a copy…", session.save_copy, "Ctrl+Shift+S",
                                     "Write a complete copy of the project to another file")
        self.act_close = self._action("&Close project", session.close, K.Close)
        self.act_quit = self._action("&Quit", self.close, "Ctrl+Q")
        # Ctrl+W everywhere; the platform's own Close keys (Ctrl+F4 on Windows/Linux) as well.
        self.act_close.setShortcuts(unique_keys("Ctrl+W", K.Close))
        self.act_undo = self._action("&Undo", self.runner.undo, K.Undo)
        self.act_redo = self._action("&Redo", self.runner.redo)
        self.act_redo.setShortcuts(unique_keys("Ctrl+Shift+Z", K.Redo))
        stack = self.runner.undo_stack
        for act, can, text, prefix in ((self.act_undo, stack.canUndoChanged, stack.undoTextChanged, "&Undo"),
                                       (self.act_redo, stack.canRedoChanged, stack.redoTextChanged, "&Redo")):
            act.setEnabled(False)
            can.connect(act.setEnabled)
            text.connect(lambda t, a=act, p=prefix: a.setText(f"{p} {t}" if t else p))
        self.act_find = self._action("&Find in article…", self.find_bar.open, K.Find)
        self.act_paste = self._action("New article from c&lipboard", articles.paste, "Ctrl+Shift+V",
                                      "Make an article from the text or web page on the clipboard")
        self.act_import = self._action("&Import files…", self.import_dialog, "Ctrl+I",
                                       "Import articles from .txt, .md, .html, .pdf or .docx files")
        self.act_details = self._action("Article d&etails…", articles.edit_details, "Ctrl+Shift+D")
        self.act_delete_article = self._action("&Delete article…", articles.delete)
        self.act_open_original = self._action("Open &original file", articles.open_original,
                                              tip="Open the PDF or Word file this article was imported from")
        self.act_save_original = self._action("Save original file &as…", articles.save_original)
        self.act_keep_originals = QAction("&Keep original PDF and Word files when importing", self)
        self.act_keep_originals.setCheckable(True)
        self.act_keep_originals.setChecked(self.importer.keeps_originals())
        self.act_keep_originals.toggled.connect(lambda on: self.settings.setValue(KEEP_ORIGINALS, on))
        self.act_mark = self._action("&Mark claim", self.mark_claim, "Ctrl+M",
                                     "Make the selected words a claim")
        self.act_next = self._action("&Next claim", lambda: self.step_claim(1), "F8")
        self.act_prev = self._action("&Previous claim", lambda: self.step_claim(-1), "Shift+F8")
        self.act_delete_claim = self._action("&Delete claim", self.delete_claim, "Ctrl+Shift+Backspace")
        self.act_speaker = self._action("Edit &speaker", self._focus_speaker, "Ctrl+Shift+K")
        self.status_actions = []
        from workbench.store.schema import STATUSES

        for n, status in enumerate(STATUSES, start=1):
            act = self._action(f"Status: &{status}", lambda s=status: self.set_status(s), f"Ctrl+{n}")
            self.status_actions.append(act)
        self.act_tags = self._action("&Tags…", self.manage_tags, "Ctrl+Shift+T")
        self.act_verdicts = self._action("&Verdict scale…", self.manage_verdicts)
        self.act_author = self._action("Your &name…", lambda: session.set_author())
        self.act_check = self._action("&Check project file", self.check_project)
        self.act_about = self._action(f"&About {APP_NAME}", lambda: help_menu.show_about(self))
        self.act_shortcuts = self._action("&Keyboard shortcuts", lambda: help_menu.show_shortcuts(self, self.menus),
                                          K.HelpContents)

    def _make_menus(self) -> None:
        bar = self.menuBar()
        file = self.menus["file"] = bar.addMenu("&File")
        file.addActions([self.act_new, self.act_open])
        self.recent_menu = file.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(lambda: self.session.fill_recent_menu(self.recent_menu))
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
        status_menu = claim.addMenu("Set s&tatus")
        status_menu.addActions(self.status_actions)
        claim.addSeparator()
        claim.addAction(self.act_delete_claim)
        claim.addSeparator()

        view = self.menus["view"] = bar.addMenu("&View")
        # Keyboard users reach every pane directly; the pane comes back if it was closed.
        for n, (label, widget, dock) in enumerate((
            ("&articles", self.article_list, self.docks["articles"]),
            ("article &text", self.reader, None),
            ("claim &inspector", self.inspector, self.docks["inspector"]),  # (its focus goes to the speaker)
            ("claims ta&ble", self.claims_table.view, self.docks["claims"]),
        ), start=1):
            view.addAction(self._action(f"Go to {label}", lambda w=widget, d=dock: self._focus(w, d),
                                        f"Alt+{n}"))
        view.addSeparator()
        K = QKeySequence.StandardKey
        self.act_larger = self._action("&Larger text", lambda: self._text_size(+1))
        self.act_larger.setShortcuts(unique_keys("Ctrl+=", K.ZoomIn))
        self.act_smaller = self._action("Smaller te&xt", lambda: self._text_size(-1))
        self.act_smaller.setShortcuts(unique_keys(K.ZoomOut))
        self.act_normal_size = self._action("&Normal text size", lambda: self._text_size(None), "Ctrl+0")
        view.addActions([self.act_larger, self.act_smaller, self.act_normal_size])
        self.reader.set_text_size_step(int(self.settings.value("reader/text_size", 2)))
        view.addSeparator()
        # The window's own list: findChildren(QDockWidget) wraps every child of the window in Python to test
        # its type (~2-3 ms before the first frame).
        for dock in self.docks.values():
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
        for label, stack_action, slot in (("Undo", self.act_undo, self.runner.undo),
                                          ("Redo", self.act_redo, self.runner.redo)):
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
        toolbar.toggleViewAction().setText("&Main toolbar")
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
        for act in (self.act_delete_claim, self.act_speaker, *self.status_actions,
                    *self.reader.claim_menu_actions):
            act.setEnabled(has_claim)

    # -- the open project ----------------------------------------------------------------------------

    def _project_changed(self, project: Project | None) -> None:
        """Another project (or none) is open: show it at the article and claim the journalist left it at,
        else at its first article."""
        if project is None:
            self._show_welcome()
        else:
            self.central.setCurrentWidget(self.reading)
        self._article_id = None
        self.reader.show_article(None, "", [])
        self.claims_table.set_project(project)
        self.article_list.reload(project, None, counts_later=True)
        self._update_title()
        article_id, claim_id = self.session.last_place()
        if project is not None and article_id is None and self.article_list.topLevelItemCount():
            article_id = self.article_list.topLevelItem(0).data(0, Qt.ItemDataRole.UserRole)
        # Opening the article first would remember it without its claim, and selecting the claim then put
        # the claim back: two changes to the settings that end where they began, yet rewrite their file.
        self._restoring_place = True
        try:
            if article_id is not None:
                self.open_article(article_id)
            if claim_id is not None:
                self.select_claim(claim_id)
        finally:
            self._restoring_place = False
        self._remember_place()
        self._update_actions()

    def _remember_place(self) -> None:
        if not self._restoring_place:
            self.session.remember_place(self._article_id, self.current_claim_id())

    def _update_title(self) -> None:
        if self.project is None:
            self.setWindowTitle(APP_NAME)
            self.setWindowFilePath("")
        else:
            self.setWindowFilePath(str(self.project.path))
            ro = " (read-only)" if self.project.read_only else ""
            # The file and its folder too: two windows on two copies of one project must be told apart.
            path = self.project.path
            where = f"{path.name} in {path.parent.name}" if path.parent.name else path.name
            if self.project.encrypted:
                # The title is content, and window titles end up in task bars, screenshots and logs.
                self.setWindowTitle(f"{path.name}{ro} (encrypted) — {APP_NAME}")
                return
            self.setWindowTitle(f"{self.project.title}{ro} — {where} — {APP_NAME}")

    def import_dialog(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        from workbench import importers  # (loaded on first use, not at start-up)

        paths, _ = QFileDialog.getOpenFileNames(self, "Import articles", str(self.session.dialog_dir()),
                                                importers.file_dialog_filter())
        self.importer.import_paths(paths)

    # -- the Host Protocol: where the journalist is ----------------------------------------------------

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
        article = get_article(self.project, article_id) if article_id else None
        self.article_header.show_article(article, text)
        self.reader.show_article(article_id, text, claims,
                                 headline=title_line(text, article.title) if article is not None else 0)
        if article_id:
            self.article_list.select(article_id)
        self.claims_table.set_article(article_id)
        if start is not None and end is not None:
            self.reader.select_span(start, end)
            self.reader.setFocus()
        self._remember_place()
        self._update_actions()

    # -- claims --------------------------------------------------------------------------------------

    def mark_claim(self) -> None:
        """Make the reader's selection a claim, then put the cursor in the speaker field."""
        span = self.reader.selection_span()
        if self.project is None or self._article_id is None or span is None:
            self.statusBar().showMessage("Select the words of the quote in the article first.", 5000)
            return
        changes = self.runner.run(ops.add_claim, article_id=self._article_id, start=span[0], end=span[1])
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
        self.docks["inspector"].raise_()  # the Claim tab comes to the front of Suggestions or Sources
        self.reader.show_claim(claim_id)
        self.claims_table.select(claim_id)
        self._remember_place()
        self._update_actions()

    def select_source(self, source_id: str) -> None:
        """Show a source in the Sources panel (a search hit on a source lands here)."""
        self.install_features()
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
        """Delete the current claim and stay in its article, on the next claim there (or none)."""
        claim_id = self.current_claim_id()
        if not claim_id:
            return
        ids = self.reader.claim_ids_in_order()
        index = ids.index(claim_id) if claim_id in ids else -1
        rest = ids[index + 1:] + ids[:max(index, 0)][::-1]  # the next one, else the one before
        if self.runner.run(ops.delete_claim, claim_id=claim_id) is None:
            return
        if rest:
            self.select_claim(rest[0])
        self.statusBar().showMessage("Claim deleted. Ctrl+Z brings it back.", 5000)

    def set_status(self, status: str) -> None:
        """Give the current claim a status (Ctrl+1 … Ctrl+4)."""
        claim_id = self.current_claim_id()
        if claim_id:
            self.runner.run(ops.update_claim, claim_id=claim_id, status=status)

    def _show_author(self, name: str) -> None:
        # Never silently the login name: until the journalist gives one, say whose name it is.
        chosen = self.settings.value("author", "") or os.environ.get("WORKBENCH_AUTHOR")
        self.author_label.setText(f"Author: {name}" if chosen else f"Author: {name or '—'} (login name; click to set)")

    def _text_size(self, step: int | None) -> None:
        """The article text one size larger or smaller (None: the normal size); remembered."""
        taken = self.reader.set_text_size_step(2 if step is None else self.reader.text_size_step() + step)
        self.settings.setValue("reader/text_size", taken)

    def _focus(self, widget: QWidget, dock: QDockWidget | None) -> None:
        if dock is not None:
            dock.show()
            dock.raise_()
        widget.setFocus()

    def _focus_speaker(self) -> None:
        if self.inspector.claim is not None:
            self._focus(self.inspector.speaker, self.docks["inspector"])
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
            if current is not None and current in changes.ids("articles") and self.project.row("articles", current):
                # Details edited: the title may now match the text's first line, or no longer match it.
                article, text = get_article(self.project, current), article_text(self.project, current)
                self.article_header.show_article(article, text)
                self.reader.set_headline(title_line(text, article.title))
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
        wanted = list(dict.fromkeys(ids))
        present = get_claims(self.project, wanted)
        found = {c.id for c in present}
        self.claims_table.apply(present, [cid for cid in wanted if cid not in found])

    # -- dialogs -------------------------------------------------------------------------------------

    def manage_tags(self) -> None:
        from workbench.ui.list_editor import TagManager

        TagManager(self.runner).exec()

    def manage_verdicts(self) -> None:
        from workbench.ui.list_editor import VerdictEditor

        VerdictEditor(self.runner).exec()

    def check_project(self) -> None:
        if self.project is None:
            return
        problems = self.project.check()
        if problems:
            from workbench.ui.recovery_dialog import offer_after_check  # only when needed: not at start-up

            self.install_features()
            offer_after_check(self.session, self.project.path, problems, self.restore_backup_action)
        else:
            orphans = problems.orphans
            extra = f"\n\n{len(orphans)} claim(s) cannot be found in their article text." if orphans else ""
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.information(self, "Project check", f"{self.project.path.name} is healthy.{extra}")

    # -- drag and drop -------------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        from workbench import importers

        files = local_files(event)
        if files and (all(f.endswith(SUFFIX) for f in files[:1]) or any(importers.is_supported(f) for f in files)):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = local_files(event)
        if len(files) == 1 and files[0].endswith(SUFFIX):
            self.open_project(files[0])
        elif self.project is None:
            self.runner.show_error("No project open", "Open or create a project before importing articles.")
        else:
            self.importer.import_paths(files)
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
        self._saved_layout = state is not None and self.restoreState(state)
        self._default_layout_pending = not self._saved_layout

    def _default_layout(self) -> None:
        """First start: panels sized for the window as shown (maximised or not), wide enough to read —
        the inspector's fields, about ten rows of the claims table."""
        self._default_layout_pending = False
        char = self.fontMetrics().averageCharWidth()
        self.resizeDocks([self.docks["articles"], self.docks["inspector"]],
                         [max(self.width() // 6, char * 30), max(self.width() // 4, char * 48)],
                         Qt.Orientation.Horizontal)
        view = self.claims_table.view
        rows = view.verticalHeader().defaultSectionSize() * 21 // 2
        # Title, filters, header, frame and a horizontal scroll bar if shown: what is not the viewport (measured
        # without view.viewport(), a Qt-private object: see ClaimsTable's event filter).
        bar = view.horizontalScrollBar()
        viewport = view.maximumViewportSize().height() - (bar.height() if bar.isVisible() else 0)
        chrome = self.docks["claims"].height() - viewport
        self.resizeDocks([self.docks["claims"]], [min(rows + chrome, self.height() * 9 // 20)],
                         Qt.Orientation.Vertical)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.importer.stop()
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.session.close_for_exit()  # saves typing still pending (a note) first
        super().closeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._default_layout_pending:
            QTimer.singleShot(0, self._default_layout)  # once the window has its real size
        QTimer.singleShot(0, self._update_actions)
        if self.project is None:  # (a queued call comes before the first paint, which Qt posts at low priority)
            QTimer.singleShot(0, self._welcome_unless_opened)

