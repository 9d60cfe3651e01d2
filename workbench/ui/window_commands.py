"""The window's own commands: its actions and their keys, the menu bar, the View menu's ways to every pane,
the main toolbar, and which commands are enabled for what is open. Feature modules add theirs through
``Shell.add_action`` (``ui.host``); the window (``ui.main_window``) composes the parts these commands act on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QToolBar, QWidget

from workbench import APP_NAME
from workbench.store.queries import get_article
from workbench.ui import help_menu
from workbench.ui.common import unique_keys
from workbench.ui.import_batch import KEEP_ORIGINALS

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow


def window_action(w: MainWindow, text: str, slot: Callable[[], Any], shortcut: QKeySequence | str | None = None,
            tip: str = "") -> QAction:
    action = QAction(text, w)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(f"{tip} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
                          if shortcut else tip)
    action.triggered.connect(lambda _=False: slot())
    w.addAction(action)  # shortcuts work even when the menu bar is hidden
    return action

def make_actions(w: MainWindow) -> None:
    """The window's own commands as ``w.act_*`` (feature modules add theirs with ``Shell.add_action``)."""
    K = QKeySequence.StandardKey
    session, articles = w.session, w.articles
    w.act_new = window_action(w, "&New project…", session.new, K.New)
    w.act_open = window_action(w, "&Open project…", session.open_dialog, K.Open)
    w.act_copy = window_action(w, "Sa&ve a copy…", session.save_copy, "Ctrl+Shift+S",
                                 "Write a complete copy of the project to another file")
    w.act_close = window_action(w, "&Close project", session.close, K.Close)
    w.act_quit = window_action(w, "&Quit", w.close, "Ctrl+Q")
    # Ctrl+W everywhere; the platform's own Close keys (Ctrl+F4 on Windows/Linux) as well.
    w.act_close.setShortcuts(unique_keys("Ctrl+W", K.Close))
    w.act_undo = window_action(w, "&Undo", w.runner.undo, K.Undo)
    w.act_redo = window_action(w, "&Redo", w.runner.redo)
    w.act_redo.setShortcuts(unique_keys("Ctrl+Shift+Z", K.Redo))
    stack = w.runner.undo_stack
    for act, can, text, prefix in ((w.act_undo, stack.canUndoChanged, stack.undoTextChanged, "&Undo"),
                                   (w.act_redo, stack.canRedoChanged, stack.redoTextChanged, "&Redo")):
        act.setEnabled(False)
        can.connect(act.setEnabled)
        text.connect(lambda t, a=act, p=prefix: a.setText(f"{p} {t}" if t else p))
    w.act_find = window_action(w, "&Find in article…", w.find_bar.open, K.Find)
    w.act_paste = window_action(w, "New article from c&lipboard", articles.paste, "Ctrl+Shift+V",
                                  "Make an article from the text or web page on the clipboard")
    w.act_import = window_action(w, "&Import files…", w.import_dialog, "Ctrl+I",
                                   "Import articles from .txt, .md, .html, .pdf or .docx files")
    w.act_details = window_action(w, "Article d&etails…", articles.edit_details, "Ctrl+Shift+D")
    w.act_delete_article = window_action(w, "&Delete article…", articles.delete)
    w.act_open_original = window_action(w, "Open &original file", articles.open_original,
                                          tip="Open the PDF or Word file this article was imported from")
    w.act_save_original = window_action(w, "Save original file &as…", articles.save_original)
    w.act_keep_originals = QAction("&Keep original PDF and Word files when importing", w)
    w.act_keep_originals.setCheckable(True)
    w.act_keep_originals.setChecked(w.importer.keeps_originals())
    w.act_keep_originals.toggled.connect(lambda on: w.settings.setValue(KEEP_ORIGINALS, on))
    w.act_mark = window_action(w, "&Mark claim", w.mark_claim, "Ctrl+M",
                                 "Make the selected words a claim")
    w.act_next = window_action(w, "&Next claim", lambda: w.step_claim(1), "F8")
    w.act_prev = window_action(w, "&Previous claim", lambda: w.step_claim(-1), "Shift+F8")
    w.act_delete_claim = window_action(w, "&Delete claim", w.delete_claim, "Ctrl+Shift+Backspace")
    w.act_speaker = window_action(w, "Edit &speaker", lambda: focus_speaker(w), "Ctrl+Shift+K")
    w.status_actions = []
    from workbench.store.schema import STATUSES

    for n, status in enumerate(STATUSES, start=1):
        act = window_action(w, f"Status: &{status}", lambda s=status: w.set_status(s), f"Ctrl+{n}")
        w.status_actions.append(act)
    w.act_tags = window_action(w, "&Tags…", w.manage_tags, "Ctrl+Shift+T")
    w.act_verdicts = window_action(w, "&Verdict scale…", w.manage_verdicts)
    w.act_author = window_action(w, "Your &name…", lambda: session.set_author())
    w.act_check = window_action(w, "&Check project file", w.check_project)
    w.act_about = window_action(w, f"&About {APP_NAME}", lambda: help_menu.show_about(w))
    w.act_shortcuts = window_action(w, "&Keyboard shortcuts", lambda: help_menu.show_shortcuts(w, w.menus),
                                      K.HelpContents)

def make_menus(w: MainWindow) -> None:
    """The menu bar (``w.menus`` by name), the View menu's ways to every pane, and the main toolbar."""
    bar = w.menuBar()
    file = w.menus["file"] = bar.addMenu("&File")
    file.addActions([w.act_new, w.act_open])
    w.recent_menu = file.addMenu("Open &recent")
    w.recent_menu.aboutToShow.connect(lambda: w.session.fill_recent_menu(w.recent_menu))
    file.addSeparator()
    file.addActions([w.act_paste, w.act_import])
    file.addSeparator()
    file.addAction(w.act_copy)
    w.file_menu_tail = file.addSeparator()  # File's feature commands go above it
    file.addActions([w.act_close, w.act_quit])

    edit = w.menus["edit"] = bar.addMenu("&Edit")
    edit.addActions([w.act_undo, w.act_redo])
    edit.addSeparator()
    edit.addAction(w.act_find)

    article = w.menus["article"] = bar.addMenu("&Article")
    article.addActions([w.act_paste, w.act_import, w.act_details])
    article.addSeparator()
    article.addActions([w.act_open_original, w.act_save_original, w.act_keep_originals])
    article.addSeparator()
    article.addAction(w.act_delete_article)

    claim = w.menus["claim"] = bar.addMenu("&Claim")
    claim.addActions([w.act_mark, w.act_speaker, w.act_next, w.act_prev])
    status_menu = claim.addMenu("Set s&tatus")
    status_menu.addActions(w.status_actions)
    claim.addSeparator()
    claim.addAction(w.act_delete_claim)
    claim.addSeparator()

    view = w.menus["view"] = bar.addMenu("&View")
    # Keyboard users reach every pane directly; the pane comes back if it was closed.
    for n, (label, widget, dock) in enumerate((
        ("&articles", w.article_list, w.docks["articles"]),
        ("article &text", w.reader, None),
        ("claim &inspector", w.inspector, w.docks["inspector"]),  # (its focus goes to the speaker)
        ("claims ta&ble", w.claims_table.view, w.docks["claims"]),
    ), start=1):
        view.addAction(window_action(w, f"Go to {label}", lambda w=widget, d=dock: _focus(w, d),
                                    f"Alt+{n}"))
    view.addSeparator()
    K = QKeySequence.StandardKey
    w.act_larger = window_action(w, "&Larger text", lambda: _text_size(w, +1))
    w.act_larger.setShortcuts(unique_keys("Ctrl+=", K.ZoomIn))
    w.act_smaller = window_action(w, "Smaller te&xt", lambda: _text_size(w, -1))
    w.act_smaller.setShortcuts(unique_keys(K.ZoomOut))
    w.act_normal_size = window_action(w, "&Normal text size", lambda: _text_size(w, None), "Ctrl+0")
    view.addActions([w.act_larger, w.act_smaller, w.act_normal_size])
    w.reader.set_text_size_step(int(w.settings.value("reader/text_size", 2)))
    view.addSeparator()
    # The window's own list: findChildren(QDockWidget) wraps every child of the window in Python to test
    # its type (~2-3 ms before the first frame).
    for dock in w.docks.values():
        view.addAction(dock.toggleViewAction())

    tools = w.menus["tools"] = bar.addMenu("&Tools")
    tools.addActions([w.act_tags, w.act_verdicts, w.act_author, w.act_check])
    help_ = w.menus["help"] = bar.addMenu("&Help")
    help_.addActions([w.act_shortcuts, w.act_about])

    toolbar = QToolBar("Main")
    toolbar.setObjectName("toolbar-main")
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    toolbar.addActions([w.act_import, w.act_paste])
    toolbar.addSeparator()
    toolbar.addActions([w.act_mark, w.act_prev, w.act_next])
    toolbar.addSeparator()
    # The menu's Undo/Redo name the step ("Undo Mark claim"); on the toolbar that text would make the
    # buttons jump about, so these say just Undo/Redo and show the step in their tooltip.
    for label, stack_action, slot in (("Undo", w.act_undo, w.runner.undo),
                                      ("Redo", w.act_redo, w.runner.redo)):
        button = QAction(label, w)
        button.setEnabled(False)
        button.triggered.connect(lambda _=False, s=slot: s())
        stack_action.changed.connect(
            lambda b=button, a=stack_action: (b.setEnabled(a.isEnabled()), b.setToolTip(a.text().replace("&", "")))
        )
        toolbar.addAction(button)
    w.toolbar = toolbar
    w.addToolBar(toolbar)
    view.addSeparator()
    toolbar.toggleViewAction().setText("&Main toolbar")
    view.addAction(toolbar.toggleViewAction())

def update_actions(w: MainWindow) -> None:
    """Enable what the open project, article, selection and claim allow."""
    has_project = w.project is not None
    has_article = has_project and w.current_article_id() is not None
    has_claim = has_project and w.inspector.claim is not None
    for act in (w.act_copy, w.act_close, w.act_paste, w.act_import, w.act_tags,
                w.act_verdicts, w.act_check):
        act.setEnabled(has_project)
    for act in (w.act_details, w.act_delete_article, w.act_find, w.act_next, w.act_prev):
        act.setEnabled(has_article)
    w.act_mark.setEnabled(has_article and w.reader.textCursor().hasSelection())
    has_original = has_article and get_article(w.project, w.current_article_id()).has_original
    w.act_open_original.setEnabled(has_original)
    w.act_save_original.setEnabled(has_original)
    for act in (w.act_delete_claim, w.act_speaker, *w.status_actions,
                *w.reader.claim_menu_actions):
        act.setEnabled(has_claim)


def _text_size(w: MainWindow, step: int | None) -> None:
    """The article text one size larger or smaller (None: the normal size); remembered."""
    taken = w.reader.set_text_size_step(2 if step is None else w.reader.text_size_step() + step)
    w.settings.setValue("reader/text_size", taken)

def _focus(widget: QWidget, dock: QDockWidget | None) -> None:
    if dock is not None:
        dock.show()
        dock.raise_()
    widget.setFocus()

def focus_speaker(w: MainWindow) -> None:
    """The cursor in the claim inspector's speaker field, its text selected (Ctrl+Shift+K, and after marking)."""
    if w.inspector.claim is not None:
        _focus(w.inspector.speaker, w.docks["inspector"])
        w.inspector.speaker.selectAll()
