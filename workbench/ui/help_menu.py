"""The Help menu's dialogs: the keyboard shortcuts (generated from the menus, so never stale) and About."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from workbench import APP_NAME, __version__


def shortcut_table(menus: Iterable[QMenu]) -> list[tuple[str, str, str]]:
    """(menu, command, keys) for every command of ``menus`` that has a shortcut, as the menus show them."""
    rows = []
    for menu in menus:
        for action in menu.actions():
            sub = action.menu()
            for act in (sub.actions() if sub is not None else [action]):
                keys = ", ".join(dict.fromkeys(  # a platform key equal to ours is listed once
                    s.toString(QKeySequence.SequenceFormat.NativeText) for s in act.shortcuts()))
                if keys and act.text():
                    rows.append((menu.title().replace("&", ""), act.text().replace("&", ""), keys))
    return list(dict.fromkeys(rows))


def show_shortcuts(parent: QWidget, menus: dict[str, QMenu]) -> None:
    """Help → Keyboard shortcuts (F1): every shortcut of the window's menus."""
    rows = "".join(f"<tr><td>{menu}</td><td>{escape(command)}</td><td><b>{escape(keys)}</b></td></tr>"
                   for menu, command, keys in shortcut_table(menus.values()))
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.NoIcon, "Keyboard shortcuts",
                      f"<table cellspacing='0' cellpadding='3'>{rows}</table>", QMessageBox.StandardButton.Close,
                      parent)
    box.exec()


def show_about(parent: QWidget) -> None:
    """Help → About."""
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.about(parent, f"About {APP_NAME}",
                      f"<b>{APP_NAME}</b> {__version__}<br>Mark, attribute, tag, source and judge quoted "
                      "claims in news articles. Every edit is saved at once to the project file.")
