"""Every shortcut of the main window is registered once: no action lists a key twice (under X11 that makes
Qt call the key ambiguous and it does nothing) and no two actions of the window claim the same key."""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication

from workbench.ui.common import mnemonic, unique_keys
from workbench.ui.main_window import MainWindow


def _keys(action: QAction) -> list[str]:
    return [s.toString(QKeySequence.SequenceFormat.PortableText) for s in action.shortcuts()]


def test_no_action_lists_a_key_twice(window: MainWindow, sample_path) -> None:
    window.open_project(sample_path)
    for action in window.findChildren(QAction):
        keys = _keys(action)
        assert len(keys) == len(set(keys)), f"{action.text()!r} lists a key twice: {keys}"


def test_no_two_actions_share_a_key(window: MainWindow, sample_path) -> None:
    window.open_project(sample_path)
    owners: dict[str, list[str]] = defaultdict(list)
    for action in window.findChildren(QAction):
        if action.shortcutContext().name in ("WindowShortcut", "ApplicationShortcut"):
            for key in _keys(action):
                owners[key].append(action.text())
    shared = {k: v for k, v in owners.items() if len(v) > 1}
    assert not shared, f"keys claimed by more than one action: {shared}"


def test_unique_keys_expands_standard_keys_once(qapp: QApplication) -> None:
    redo = unique_keys("Ctrl+Shift+Z", QKeySequence.StandardKey.Redo)
    texts = [s.toString(QKeySequence.SequenceFormat.PortableText) for s in redo]
    assert texts[0] == "Ctrl+Shift+Z"
    assert len(texts) == len(set(texts))
    for binding in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo):
        assert binding.toString(QKeySequence.SequenceFormat.PortableText) in texts


def test_menu_mnemonics_are_unique_in_every_menu(window: MainWindow, sample_path) -> None:
    # Alt+letter (or the letter in an open menu) must reach one item: "Article → d" opened Details, not Delete.
    from PySide6.QtWidgets import QMenu

    window.open_project(sample_path)
    menus = [a.menu() for a in window.menuBar().actions() if a.menu() is not None]
    menus += [m for menu in list(menus) for m in menu.findChildren(QMenu)]
    top = [mnemonic(a.text()) for a in window.menuBar().actions()]
    assert len([m for m in top if m]) == len({m for m in top if m}), f"menu bar: {top}"
    for menu in menus:
        letters: dict[str, list[str]] = defaultdict(list)
        for action in menu.actions():
            if action.isSeparator() or not action.isVisible():
                continue
            letter = mnemonic(action.text())
            assert letter, f"{menu.title()!r} → {action.text()!r} has no mnemonic"
            letters[letter].append(action.text())
        shared = {k: v for k, v in letters.items() if len(v) > 1}
        assert not shared, f"{menu.title()!r}: mnemonics shared: {shared}"
