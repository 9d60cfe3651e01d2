"""The application icon set (resources/icons, build/icons) and its use by the window; project files named
by a file manager as a path or a file:// URI."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QSize
from PySide6.QtGui import QImage
from PySide6.QtSvg import QSvgRenderer

from workbench.ui.app import application_icon, choose_project, create_application
from workbench.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
ICONS = ROOT / "resources" / "icons"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


@pytest.mark.parametrize("name", ["fact-check-workbench", "application-x-fact-check-workbench"],
                         ids=["app", "project-file"])
def test_icon_exists_in_every_size(name: str) -> None:
    assert QSvgRenderer(str(ICONS / f"{name}.svg")).isValid()
    for size in SIZES:
        image = QImage(str(ICONS / f"{name}-{size}.png"))
        assert (image.width(), image.height()) == (size, size), size
        centre = image.pixelColor(size // 2, size // 2)
        assert centre.alpha() == 255, size  # drawn, not an empty transparent square


def test_windows_ico_and_macos_icns_hold_png_images() -> None:
    ico = (ROOT / "build" / "icons" / "fact-check-workbench.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", ico)
    assert (reserved, kind) == (0, 1)
    sides = []
    for n in range(count):
        width, _h, _c, _r, _planes, _bits, length, offset = struct.unpack_from("<BBBBHHII", ico, 6 + 16 * n)
        assert ico[offset:offset + 8] == b"\x89PNG\r\n\x1a\n"
        assert offset + length <= len(ico)
        sides.append(width or 256)
    assert sides == [16, 24, 32, 48, 64, 128, 256]
    icns = (ROOT / "build" / "icons" / "fact-check-workbench.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack_from(">I", icns, 4)[0] == len(icns)
    kinds, pos = [], 8
    while pos < len(icns):
        kind, length = icns[pos:pos + 4], struct.unpack_from(">I", icns, pos + 4)[0]
        assert icns[pos + 8:pos + 16] == b"\x89PNG\r\n\x1a\n"
        kinds.append(kind)
        pos += length
    assert pos == len(icns)
    assert {b"ic07", b"ic08", b"ic09", b"ic10"} <= set(kinds)  # 128, 256, 512 and 1024 pixels


def test_window_uses_the_app_icon(qtbot, tmp_path: Path) -> None:
    app = create_application()
    icon = application_icon()
    assert {QSize(s, s) for s in SIZES} <= set(icon.availableSizes())
    window = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    assert set(window.windowIcon().availableSizes()) == set(icon.availableSizes())
    expected = QImage(str(ICONS / "fact-check-workbench-48.png")).convertToFormat(QImage.Format.Format_ARGB32)
    shown = window.windowIcon().pixmap(48, 48).toImage().convertToFormat(QImage.Format.Format_ARGB32)
    assert shown == expected
    assert app.desktopFileName() == "fact-check-workbench"  # Wayland finds the desktop entry's icon by it


@pytest.mark.parametrize(("argument", "expected"), [
    pytest.param("{tmp}/My story.fcproj", "{tmp}/My story.fcproj", id="path"),
    pytest.param("file://{tmp}/My%20story.fcproj", "{tmp}/My story.fcproj", id="file-uri"),
    pytest.param("file://{tmp}/Caf%C3%A9.fcproj", "{tmp}/Café.fcproj", id="file-uri-utf8"),
])
def test_project_named_by_a_file_manager_is_the_one_opened(tmp_path: Path, argument: str, expected: str) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    chosen = choose_project(argument.format(tmp=tmp_path), settings)
    assert chosen == Path(expected.format(tmp=tmp_path))
