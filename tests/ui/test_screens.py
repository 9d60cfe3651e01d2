"""What a person sees at 1280×720, in a light and a dark palette: nothing they need to read is cut off in the
main window, the export dialog with its preview, or the merge report (``tests/ui/clipping.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from tests.ui.clipping import clipped
from workbench.ops.merge import MergeReport
from workbench.ui.export_dialog import ExportDialog
from workbench.ui.main_window import MainWindow
from workbench.ui.merge_dialog import MergeReportDialog

DARK = {QPalette.ColorRole.Window: "#2b2b2b", QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1e1e1e", QPalette.ColorRole.AlternateBase: "#2a2a2a",
        QPalette.ColorRole.Text: "#e6e6e6", QPalette.ColorRole.Button: "#353535",
        QPalette.ColorRole.ButtonText: "#e6e6e6", QPalette.ColorRole.Highlight: "#2f65ca",
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.Link: "#7fb2ff"}


@pytest.fixture(params=["light", "dark"])
def palette(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    before = qapp.palette()
    if request.param == "dark":
        dark = QPalette(before)
        for role, color in DARK.items():
            dark.setColor(role, QColor(color))
        qapp.setPalette(dark)
    yield request.param
    qapp.setPalette(before)


def _settle(qtbot, widget) -> None:
    widget.show()
    qtbot.waitExposed(widget)
    QApplication.processEvents()


def test_main_window_at_1280x720(palette: str, qtbot, settings, sample_path: Path) -> None:
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    _settle(qtbot, window)  # shown: the first start's panel layout is applied in the event loop's next turn
    assert clipped(window) == [], "start page"
    window.open_project(sample_path)
    window.step_claim(1)
    QApplication.processEvents()
    assert clipped(window) == [], f"main window ({palette})"
    # Every tab of the right-hand panels, brought to the front in turn, reads in lines, not a word per line (the
    # Checked before panel's status was once squeezed beside its controls into a 60-pixel column).
    from PySide6.QtWidgets import QLabel

    for name in ("inspector", "suggestions", "sources", "checked-before"):
        window.docks[name].raise_()
        QApplication.processEvents()
        if name == "checked-before":  # its status comes from the library lookup it starts when shown
            qtbot.waitUntil(lambda: bool(window.checked_before_panel.status.text()), timeout=5_000)
            qtbot.wait(100)  # the new text's layout request is handled in a later turn of the event loop
        for label in window.docks[name].findChildren(QLabel):
            if label.isVisibleTo(window) and label.wordWrap() and len(label.text().split()) > 6:
                line = label.fontMetrics().height()
                assert label.height() <= 4 * line, f"{name}: {label.text()!r} squeezed to {label.width()} pixels"
    assert clipped(window) == [], f"main window, right-hand tabs ({palette})"
    window.close()


def test_export_dialog_and_merge_report(palette: str, qtbot, sample_project) -> None:
    dialog = ExportDialog(sample_project)
    qtbot.addWidget(dialog)
    _settle(qtbot, dialog)
    assert clipped(dialog) == [], f"export dialog ({palette})"
    room = dialog.screen().availableGeometry()
    assert dialog.width() <= room.width() and dialog.height() <= room.height()  # Save and Close reachable
    merged = MergeReport("Merge", other_path="/tmp/ben.fcproj", backup_path="/tmp/backup.fcproj", added={"claims": 2})
    report = MergeReportDialog(merged)
    qtbot.addWidget(report)
    _settle(qtbot, report)
    assert clipped(report) == [], f"merge report ({palette})"


def test_the_check_sees_text_cut_off(qtbot) -> None:
    from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

    box = QWidget()
    qtbot.addWidget(box)
    row = QHBoxLayout(box)
    for w in (QPushButton("Open the sample project"), QLineEdit("New article from clipboard"), QLabel("Published")):
        w.setFixedWidth(40)
        row.addWidget(w)
    _settle(qtbot, box)
    assert len(clipped(box)) == 3
