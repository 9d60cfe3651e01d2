"""Render the application and project-file icons from their SVGs: PNGs for Linux and the window,
a .ico for Windows and a .icns for macOS. Run after editing an SVG, then commit the results:

    .venv/bin/python build/make-icons.py

Sources: resources/icons/fact-check-workbench.svg (the app) and
resources/icons/application-x-fact-check-workbench.svg (a .fcproj file).
Output: resources/icons/<name>-<size>.png (bundled: the window icon and the Linux desktop entry),
build/icons/fact-check-workbench.ico and .icns (used only by PyInstaller on Windows/macOS).
Qt renders the SVGs (QtSvg ships with PySide6-Essentials); .ico and .icns are written here by hand
(both are a small directory of PNG images), so no imaging library is needed.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
BUILD_ICONS = ROOT / "build" / "icons"
APP = "fact-check-workbench"
MIME_ICON = "application-x-fact-check-workbench"
# The hicolor theme's usual sizes; the window takes the nearest one.
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# .icns element types holding PNG data, by pixel size (Apple's "ic.." / "icp." codes; @2x reuse sizes).
ICNS_TYPES = (
    (b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256), (b"ic09", 512),
    (b"ic10", 1024), (b"ic11", 32), (b"ic12", 64), (b"ic13", 256), (b"ic14", 512),
)


def render_png(svg: Path, size: int) -> bytes:
    """The SVG drawn at size x size pixels, as PNG bytes."""
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico holding PNG images (supported since Windows Vista)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, png in sorted(pngs.items()):
        side = 0 if size >= 256 else size  # 0 means 256 in the directory entry
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset + len(blobs))
        blobs += png
    return header + entries + blobs


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """A macOS .icns: a list of (type, length, PNG) elements."""
    body = b"".join(kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    _app = QGuiApplication(sys.argv)  # QImage text/SVG rendering needs a Gui application
    BUILD_ICONS.mkdir(parents=True, exist_ok=True)
    for name in (APP, MIME_ICON):
        svg = ICONS / f"{name}.svg"
        for size in SIZES:
            (ICONS / f"{name}-{size}.png").write_bytes(render_png(svg, size))
    app_svg = ICONS / f"{APP}.svg"
    pngs = {size: render_png(app_svg, size) for size in {*ICO_SIZES, *(s for _k, s in ICNS_TYPES)}}
    (BUILD_ICONS / f"{APP}.ico").write_bytes(ico_bytes({s: pngs[s] for s in ICO_SIZES}))
    (BUILD_ICONS / f"{APP}.icns").write_bytes(icns_bytes(pngs))
    print(f"wrote {2 * len(SIZES)} PNGs to {ICONS.relative_to(ROOT)}/ and {APP}.ico/.icns to "
          f"{BUILD_ICONS.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
