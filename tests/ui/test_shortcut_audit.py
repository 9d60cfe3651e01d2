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


def test_window_mnemonics_leave_the_menu_bar_its_letters(window: MainWindow, sample_path, qtbot) -> None:
    # Alt+T opened nothing while the claim form showed "&Tags": Qt finds two owners for the key and gives it to
    # neither (the menu bar's Tools lost Alt+T, View lost Alt+V to "&Verdict", Article Alt+A to "St&atus").
    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel

    from workbench.store.queries import list_claims

    window.open_project(sample_path)
    window.select_claim(list_claims(window.project)[0].id)  # builds the claim form (made on first need)
    qtbot.wait(50)
    menu_bar = {mnemonic(a.text()) for a in window.menuBar().actions()} - {None}
    owners: dict[str, list[str]] = defaultdict(list)
    shown: dict[str, list[str]] = defaultdict(list)  # only what is on screen at once can be ambiguous
    for widget in [*window.findChildren(QLabel), *window.findChildren(QAbstractButton),
                   *window.findChildren(QGroupBox)]:
        if isinstance(widget, QLabel) and widget.buddy() is None:
            continue  # a label without a buddy has no shortcut
        text = widget.title() if isinstance(widget, QGroupBox) else widget.text()
        letter = mnemonic(text)
        if letter:
            owners[letter].append(text)
            if widget.isVisibleTo(window):
                shown[letter].append(text)
    clashes = {k: v for k, v in owners.items() if k in menu_bar}
    assert not clashes, f"window controls take the menu bar's Alt+letters: {clashes}"
    assert "Ve&rdict" in shown["r"], "the claim form is not on screen: the test checks nothing"
    shared = {k: v for k, v in shown.items() if len(v) > 1}
    assert not shared, f"one Alt+letter for several controls on screen: {shared}"
