"""A read-only view of a report that loads nothing: no images, no stylesheets, no files, no network.

The report's HTML is already sanitised (``workbench.export.html_report``); this view is the second wall.
Every resource the document asks for is refused (and counted, so tests can prove it), links are never
followed by Qt itself, and a web link opens in the browser only after the journalist has seen the
address and said yes. Links within the report (footnotes, claims, sources) just scroll.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QTextBrowser, QWidget

log = logging.getLogger(__name__)

WEB_SCHEMES = ("http", "https")


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
        # Python-Markdown and nh3 come with html_report: imported when a report is first shown, not at start-up.
        from workbench.export.html_report import report_css

        self.document().setDefaultStyleSheet(report_css())
        self.anchorClicked.connect(self._anchor_clicked)

    def loadResource(self, type_: int, name: QUrl) -> Any:
        self.resource_requests.append((int(type_), name.toString()))
        log.info("report view refused to load %s", name.toString())
        return None

    def show_report(self, html: str) -> None:
        """Show a sanitised report fragment (from ``markdown_to_html``)."""
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
