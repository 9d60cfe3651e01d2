"""The main window: it composes the article list, reader, claim inspector, claims table and the feature
panels over one open project, and keeps the window layout.

There is no save command: every edit is an operation that commits to the file at once. The window keeps
no state of its own that could go stale: the operation runner (``ui.operations``) owns the project and
the undo stack, and after each operation (or its undo/redo) every view refreshes from the project, guided
by the operation's Changes record. What the window does lives beside it: the project session (open, new,
recent, save a copy, author) in ``ui.session``, file imports in ``ui.import_batch``, the window's actions,
menus and toolbar in ``ui.window_commands``, the Article menu's commands in ``ui.article_actions``, the find
bar in ``ui.find_bar``; panels and dialogs see the window only through the Protocols of ``ui.host``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import partial
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
    QVBoxLayout,
    QWidget,
)

from workbench import APP_NAME, ops
from workbench.core.errors import NotFoundError
from workbench.core.model import title_line
from workbench.store import SUFFIX, Changes, Project
from workbench.store.queries import (
    article_text,
    claim_count_up_to,
    get_article,
    get_claim,
    get_claims,
    list_claims,
)
from workbench.ui import window_commands
from workbench.ui.article_actions import ArticleActions
from workbench.ui.articles_panel import ArticleList
from workbench.ui.claims_table import ClaimsTable
from workbench.ui.common import after_first_frame, give_mnemonics, local_files
from workbench.ui.find_bar import FindBar
from workbench.ui.import_batch import Importer
from workbench.ui.inspector import ClaimInspector
from workbench.ui.operations import OperationRunner
from workbench.ui.reader import EAGER_HIGHLIGHTS, ON_SCREEN_CHARS, ArticleHeader, ArticleReader
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

        window_commands.make_actions(self)
        window_commands.make_menus(self)
        self._features_installed = False
        if defer_features:
            after_first_frame(self, self.install_features)
        else:
            self.install_features()
        self.reader.mark_action = self.act_mark
        self.reader.claim_clicked.connect(self.select_claim)
        self.reader.selectionChanged.connect(self._update_actions)
        self.article_list.article_selected.connect(lambda aid: self.open_article(aid, first_screen_first=True))
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
        action = window_commands.window_action(self, text, slot, shortcut, tip)
        if menu == "file":
            self.menus["file"].insertAction(self.file_menu_tail, action)
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

    def _update_actions(self) -> None:
        window_commands.update_actions(self)

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
                self.open_article(article_id, first_screen_first=claim_id is None)
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

    def open_article(self, article_id: str | None, start: int | None = None, end: int | None = None, *,
                     first_screen_first: bool = False) -> None:
        """Show an article in the reader, optionally selecting ``start``..``end`` (character offsets).
        ``first_screen_first``: the article is shown from its top and nothing will look for a claim further
        down before the next frame, so an article with many claims is shown with those of its first screen,
        and the rest are read right after the first paint."""
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
        more = None
        if not article_id:
            claims = []
        elif first_screen_first and start is None and article_id != self.reader.article_id \
                and self.reader.isVisible() and claim_count_up_to(self.project, EAGER_HIGHLIGHTS + 1, article_id) \
                > EAGER_HIGHLIGHTS:
            claims = list_claims(self.project, article_id, starting_before=ON_SCREEN_CHARS)
            more = partial(list_claims, self.project, article_id)  # read after the first paint
        else:
            claims = list_claims(self.project, article_id)
        article = get_article(self.project, article_id) if article_id else None
        self.article_header.show_article(article, text)
        self.reader.show_article(article_id, text, claims, more=more,
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
            window_commands.focus_speaker(self)

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

