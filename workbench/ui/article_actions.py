"""The Article menu's commands on the open article: a new article from the clipboard, the article details
dialog (title, outlet, author, date, URL, language; its text never changes), opening or saving the
original PDF or Word file kept inside the project, and deleting the article."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QLineEdit, QWidget

from workbench import ops
from workbench.core.errors import ValidationError, WorkbenchError
from workbench.store.queries import article_original, get_article
from workbench.ui.common import accept_buttons, ask_text, confirm, show_error
from workbench.ui.operations import OperationRunner

if TYPE_CHECKING:
    from workbench.ui.host import Host
    from workbench.ui.session import ProjectSession


class ArticleDetails(QDialog):
    """Edit an article's title, outlet, author, date and URL (its text never changes)."""

    FIELDS = (("title", "&Title"), ("outlet", "&Outlet"), ("author", "&Author"),
              ("published", "&Published"), ("url", "&URL"), ("language", "&Language"))

    def __init__(self, parent: QWidget, values: dict[str, str]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Article details")
        from PySide6.QtWidgets import QFormLayout

        form = QFormLayout(self)
        self.edits: dict[str, QLineEdit] = {}
        for key, label in self.FIELDS:
            edit = QLineEdit(values.get(key, ""))
            self.edits[key] = edit
            form.addRow(label, edit)
        published = self.edits["published"]
        published.setPlaceholderText("e.g. 14 March 2025, 14/03/2025, 2025-03 or 2025")
        published.setToolTip("Written as you like; stored as 2025-03-14 (or 2025-03, 2025 when only the month "
                             "or year is known).")
        form.addRow(accept_buttons(self)[0])
        # Wide enough for the longest value (a headline, an address), within reason for a laptop screen.
        metrics = self.fontMetrics()
        longest = max((metrics.horizontalAdvance(v) for v in values.values() if isinstance(v, str)), default=0)
        field = min(max(longest + 40, metrics.averageCharWidth() * 60), metrics.averageCharWidth() * 110)
        for edit in self.edits.values():
            edit.setMinimumWidth(field)
        self.resize(self.sizeHint())

    def values(self) -> dict[str, str]:
        return {k: e.text().strip() for k, e in self.edits.items()}

    def accept(self) -> None:
        """Close only with a date that can be read; otherwise say why and keep what was typed."""
        from workbench.core.dates import parse_date  # (its month names and patterns: not needed at start-up)

        edit = self.edits["published"]
        try:
            iso = parse_date(edit.text(), "publication date")
        except ValidationError as exc:
            show_error(self, "Article details", str(exc))
            edit.setFocus()
            edit.selectAll()
            return
        edit.setText(iso)
        super().accept()


class ArticleActions:
    """The commands, for the article the host shows."""

    def __init__(self, runner: OperationRunner, host: Host, session: ProjectSession) -> None:
        self.runner = runner
        self.host = host
        self.session = session

    def paste(self) -> None:
        """New article from the clipboard: rich HTML if the clipboard has it, else plain text."""
        project = self.runner.project
        if project is None:
            return
        mime = QGuiApplication.clipboard().mimeData()
        html = mime.html() if mime is not None and mime.hasHtml() else None
        text = mime.text() if mime is not None and mime.hasText() else None
        if not (html or (text and text.strip())):
            self.runner.show_error("Nothing to paste", "The clipboard holds no text. Copy an article first.")
            return
        try:
            from workbench.importers import import_clipboard  # (the importers load on first use)

            article = import_clipboard(html, text)
        except WorkbenchError as exc:
            self.runner.show_error("Cannot paste", str(exc))
            return
        title = ask_text(self.runner.widget, "New article from clipboard", "Title:", article.title)
        if title is None:
            return
        article.title = title.strip() or article.title
        duplicate = ops.find_duplicate(project, article)
        if duplicate is not None and not confirm(
            self.runner.widget, "Already in the project", "This text is already in the project. Add it again?",
            "Add again",
        ):
            self.host.open_article(duplicate)
            return
        changes = self.runner.run(ops.add_article, article=article)
        if changes is not None:
            self.host.open_article(changes.created("articles")[0])

    def edit_details(self) -> None:
        article_id = self.host.current_article_id()
        if self.runner.project is None or article_id is None:
            return
        a = get_article(self.runner.project, article_id)
        dialog = ArticleDetails(self.runner.widget, {"title": a.title, "outlet": a.outlet, "author": a.author,
                                                  "published": a.published, "url": a.url, "language": a.language})
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.runner.run(ops.update_article, article_id=a.id, **dialog.values())

    def delete(self) -> None:
        article_id = self.host.current_article_id()
        if self.runner.project is None or article_id is None:
            return
        a = get_article(self.runner.project, article_id)
        if confirm(self.runner.widget, "Delete article", f"Delete “{a.title}” and its {a.claim_count} claim(s)? "
                   "You can undo this with Ctrl+Z."):
            self.runner.run(ops.delete_article, article_id=a.id)

    # -- the original file ---------------------------------------------------------------------------

    def _original(self) -> tuple[str, bytes] | None:
        article_id = self.host.current_article_id()
        return article_original(self.runner.project, article_id) if self.runner.project and article_id else None

    def open_original(self) -> None:
        """Open the article's original file in the system viewer, from a read-only temporary copy."""
        from workbench.ui.sources_panel import open_url, write_viewing_bytes

        original = self._original()
        if original is None:
            return
        name, data = original
        from workbench.ops.sources import why_not_opened

        reason = why_not_opened(name)
        if reason is not None:
            # Imported originals are txt, md, html, pdf, docx: an html page is saved, not opened (scripts).
            self.runner.show_error("Cannot open the original", f"{reason} It is not opened; use “Save original "
                                                            "file as…”.")
            return
        try:
            path = write_viewing_bytes(name, data)
        except OSError as exc:
            self.runner.show_error("Cannot open the original", f"{name}: the temporary copy failed ({exc.strerror}).")
            return
        from PySide6.QtCore import QUrl  # (PySide6 builds the class and its six enums on first use: not at start-up)

        if not open_url(QUrl.fromLocalFile(str(path))):
            self.runner.show_error("Cannot open the original", f"No program on this computer opens {name}. "
                                                            "Use “Save original file as…” instead.")

    def save_original(self) -> None:
        original = self._original()
        if original is None:
            return
        name, data = original
        # The stored name may come from a colleague's project: "../../.bashrc" or "/etc/passwd" must not
        # become the suggested place to save.
        from PySide6.QtWidgets import QFileDialog

        from workbench.ops import sources

        dest, _ = QFileDialog.getSaveFileName(self.runner.widget, "Save original file as",
                                              str(self.session.dialog_dir() / sources.safe_file_name(name)))
        if not dest:
            return
        from workbench.export import write_export  # the exporters load on first use, not at start-up

        try:
            write_export(data, dest)
        except WorkbenchError as exc:
            self.runner.show_error("Not saved", str(exc))
            return
        self.runner.show_status(f"Saved {dest}", 5000)
