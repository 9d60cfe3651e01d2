"""What panels and dialogs may ask of the window, as typing Protocols (the window is never imported by them).

A panel or dialog takes the operation runner (``ui.operations.OperationRunner``: the project, running ops, undo,
errors, status messages) and, when it must move the journalist somewhere, a ``Host``. A feature module's
``install(shell)`` function, which puts its panel and commands into the window, takes a ``Shell``.
``MainWindow`` satisfies both; tests hand panels a small fake instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import Qt

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QAction, QKeySequence
    from PySide6.QtWidgets import QDockWidget, QWidget

    from workbench.ui.operations import OperationRunner
    from workbench.ui.reader import ArticleReader
    from workbench.ui.session import ProjectSession


class Host(Protocol):
    """Where the journalist is (article, claim) and the moves a panel may make in the window."""

    def current_article_id(self) -> str | None: ...

    def current_claim_id(self) -> str | None: ...

    def open_article(self, article_id: str | None, start: int | None = None, end: int | None = None) -> None:
        """Show an article in the reader, optionally selecting ``start``..``end`` (character offsets)."""

    def select_claim(self, claim_id: str | None) -> None:
        """Make a claim current everywhere (opening its article)."""

    def select_source(self, source_id: str) -> None:
        """Show a source in the Sources panel."""


class Shell(Host, Protocol):
    """The window as a feature module's ``install`` sees it: the runner, the session, and where panels and
    commands go."""

    runner: OperationRunner
    session: ProjectSession
    settings: QSettings
    reader: ArticleReader  # the article text, for panels that draw on it

    def add_panel(self, widget: QWidget, title: str, object_name: str,
                  area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea, *,
                  tab_with: str | None = None) -> QDockWidget:
        """Dock ``widget`` (listed in View); ``tab_with`` names a panel to share a tabbed place with."""

    def add_action(self, menu: str, text: str, slot: Callable[[], Any],
                   shortcut: QKeySequence | str | None = None, tip: str = "", *,
                   toolbar: bool = False) -> QAction:
        """A command in a menu (``file``, ``edit``, ``article``, ``claim``, ``view``, ``tools``, ``help``)
        whose shortcut works even with the menu bar hidden; optionally on the toolbar too."""
