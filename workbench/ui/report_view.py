"""A read-only view of a report that loads nothing: no images, no stylesheets, no files, no network.

The report's HTML is already sanitised (``workbench.export.html_report``); this view is the second wall.
Every resource the document asks for is refused (and counted, so tests can prove it), links are never
followed by Qt itself, and a web link opens in the browser only after the journalist has seen the
address and said yes. Links within the report (footnotes, claims, sources) just scroll.

Its colours follow the window's palette, light or dark (the report's stylesheet with its colour variables
filled from the palette), and change with it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QUrl
from PySide6.QtGui import QColor, QDesktopServices, QPalette
from PySide6.QtWidgets import QMessageBox, QTextBrowser, QWidget

log = logging.getLogger(__name__)

WEB_SCHEMES = ("http", "https")
# WCAG's minimum contrast for body text.
MIN_CONTRAST = 4.5


def luminance(colour: QColor) -> float:
    """WCAG relative luminance."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours, 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _mix(a: QColor, b: QColor, share_of_b: float) -> str:
    return QColor.fromRgbF(*(x + (y - x) * share_of_b for x, y in zip(
        (a.redF(), a.greenF(), a.blueF()), (b.redF(), b.greenF(), b.blueF()), strict=True))).name()


def palette_colours(palette: QPalette) -> dict[str, str]:
    """The report's colour variables for a palette: text and background are the palette's, greys are
    mixed from them, and the claim highlight is the report's own light or dark pair (a pale yellow under
    light text would be unreadable)."""
    from workbench.export.html_report import report_colours

    text = palette.color(QPalette.ColorRole.Text)
    base = palette.color(QPalette.ColorRole.Base)
    dark = luminance(base) < luminance(text)
    colours = report_colours(dark) | {
        "text": text.name(), "background": base.name(), "muted": _mix(text, base, 0.2),
        "rule": _mix(text, base, 0.7), "header": _mix(text, base, 0.9),
    }
    link = palette.color(QPalette.ColorRole.Link)
    if contrast(link, base) >= MIN_CONTRAST:
        colours["link"] = link.name()
    return colours


class ReportView(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setSearchPaths([])
        # Every resource the document asked for, as (resource type, URL); none was ever loaded.
        self.resource_requests: list[tuple[int, str]] = []
        # What opens a confirmed web link; tests replace it.
        self.open_url: Callable[[QUrl], Any] = QDesktopServices.openUrl
        self._html = ""
        self._apply_palette()
        self.anchorClicked.connect(self._anchor_clicked)

    def _apply_palette(self) -> None:
        # Python-Markdown and nh3 come with html_report: imported when a report is first shown, not at start-up.
        from workbench.export.html_report import report_css

        self.document().setDefaultStyleSheet(report_css(palette_colours(self.palette())))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            # The stylesheet applies when a document is set: set the report again in the new colours.
            self._apply_palette()
            if self._html:
                position = self.verticalScrollBar().value()
                self.setHtml(self._html)
                self.verticalScrollBar().setValue(position)

    def loadResource(self, type_: int, name: QUrl) -> Any:
        self.resource_requests.append((int(type_), name.toString()))
        log.info("report view refused to load %s", name.toString())
        return None

    def show_report(self, html: str) -> None:
        """Show a sanitised report fragment (from ``markdown_to_html``)."""
        self._html = html
        self.setHtml(html)

    def confirm_open(self, url: QUrl) -> bool:
        """Ask before leaving the app for a web page; the address is shown in full."""
        box = QMessageBox(QMessageBox.Icon.Question, "Open link",
                          "Open this address in your web browser?\n\n" + url.toString(),
                          QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel, self)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Open

    def _anchor_clicked(self, url: QUrl) -> None:
        if not url.scheme() and url.hasFragment():
            self.scrollToAnchor(url.fragment())
        elif url.scheme().lower() in WEB_SCHEMES:
            if self.confirm_open(url):
                self.open_url(url)
        else:
            log.info("report view ignored a %s link", url.scheme() or "relative")
