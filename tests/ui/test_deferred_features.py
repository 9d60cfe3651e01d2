"""The window as ``workbench`` starts it: the feature panels and commands are built just after the first
frame (``MainWindow(defer_features=True)``, issue 25's start-up). They must then show the project opened
before them, and go back where the journalist left them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt

from workbench import ops
from workbench.store import Project
from workbench.ui.main_window import MainWindow


def _started(qtbot, settings: QSettings, project: Path) -> MainWindow:
    window = MainWindow(settings, defer_features=True)
    qtbot.addWidget(window)
    window.show()
    window.open_project(project)  # as ui.app.run does: opened before the first frame
    assert not hasattr(window, "sources_panel")  # nothing of the features yet
    qtbot.waitUntil(lambda: hasattr(window, "sources_panel"), timeout=3000)
    return window


def test_features_built_after_the_first_frame_show_the_project_opened_before(
        qtbot, settings: QSettings, sample_path: Path) -> None:
    with Project.open(sample_path) as project:
        ops.add_source(project, title="Interview with the mayor", kind="interview")
    window = _started(qtbot, settings, sample_path)

    # Read when its tab comes to the front (once the first start's layout has tabbed it, a turn later).
    qtbot.waitUntil(lambda: bool(window.tabifiedDockWidgets(window.docks["sources"])), timeout=3_000)
    window.docks["sources"].raise_()
    qtbot.waitUntil(lambda: not window.sources_panel.stale, timeout=3_000)
    titles = [window.sources_panel.tree.topLevelItem(i).text(0)
              for i in range(window.sources_panel.tree.topLevelItemCount())]
    assert "Interview with the mayor" in titles
    # Their commands are in the menus, with working shortcuts, and their docks are tabs behind the panels
    # the window started with.
    file_menu = [a.text().replace("&", "") for a in window.menus["file"].actions()]
    assert any(t.startswith("Export") for t in file_menu) and any(t.startswith("Merge") for t in file_menu)
    assert window.search_panel.find_action.shortcut().toString() == "Ctrl+Shift+F"
    qtbot.waitUntil(lambda: window.tabifiedDockWidgets(window.docks["articles"]) == [window.docks["search"]])
    assert not window.docks["articles"].visibleRegion().isEmpty()
    window.close()


def test_late_panels_go_back_where_they_were_left(qtbot, settings: QSettings, sample_path: Path) -> None:
    first = _started(qtbot, settings, sample_path)
    # The journalist moves the Sources panel to the left and closes the Suggestions panel.
    first.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, first.docks["sources"])
    first.docks["suggestions"].close()
    first.close()

    second = _started(qtbot, settings, sample_path)
    assert second.dockWidgetArea(second.docks["sources"]) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert second.docks["suggestions"].isHidden()
    second.close()


def test_the_claim_inspector_built_after_the_first_frame_shows_and_edits_a_claim(
        qtbot, settings: QSettings, sample_path: Path) -> None:
    window = MainWindow(settings, defer_features=True)
    qtbot.addWidget(window)
    window.open_project(sample_path)
    with Project.open(sample_path, read_only=True) as project:
        claim = project.conn.execute("SELECT id, exact FROM claims ORDER BY seq LIMIT 1").fetchone()
    window.select_claim(claim[0])  # before the first frame: the inspector builds its fields for it
    assert claim[1] in window.inspector.quote.text()
    window.show()
    qtbot.waitUntil(lambda: hasattr(window, "sources_panel"), timeout=3000)
    window.inspector.speaker.setText("Jens Stoltenberg")
    window.inspector.speaker.editingFinished.emit()
    window.close()
    with Project.open(sample_path, read_only=True) as project:
        assert project.conn.execute("SELECT speaker FROM claims WHERE id = ?", (claim[0],)).fetchone()[0] == \
            "Jens Stoltenberg"
