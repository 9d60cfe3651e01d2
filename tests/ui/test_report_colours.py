"""The report in light and dark: every piece of text of the export preview is readable (WCAG contrast
4.5:1 against what is behind it) under a light and a dark window palette, and follows a palette change;
the HTML file's own light and dark schemes are readable too."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette, QTextCursor

from tests.support.reports import add_sources
from workbench import ops
from workbench.export.html_report import export_html, markdown_to_html, report_colours
from workbench.export.markdown_report import export_markdown
from workbench.export.selection import ExportOptions
from workbench.store import Project
from workbench.store.queries import list_claims
from workbench.ui.report_view import MIN_CONTRAST, ReportView, contrast


def make_palette(dark: bool) -> QPalette:
    """A window palette as a desktop's light or dark theme sets it."""
    p = QPalette()
    window, base, text, link = (("#2b2b2b", "#1e1e1e", "#f0f0f0", "#5ea0ff") if dark
                                else ("#efefef", "#ffffff", "#000000", "#0000ff"))
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive, QPalette.ColorGroup.Disabled):
        p.setColor(group, QPalette.ColorRole.Window, QColor(window))
        p.setColor(group, QPalette.ColorRole.Base, QColor(base))
        p.setColor(group, QPalette.ColorRole.AlternateBase, QColor(window))
        for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
            p.setColor(group, role, QColor(text))
        p.setColor(group, QPalette.ColorRole.Button, QColor(window))
        p.setColor(group, QPalette.ColorRole.Link, QColor(link))
    return p


def unreadable(view: ReportView) -> list[tuple[str, str, str, float]]:
    """Every run of text whose colour is too close to what is behind it: (text, colour, background, ratio)."""
    doc = view.document()
    palette = view.palette()
    root = doc.rootFrame().frameFormat().background()
    page = root.color() if root.style().value else palette.color(QPalette.ColorRole.Base)
    bad = []
    block = doc.begin()
    while block.isValid():
        cursor = QTextCursor(block)
        table = cursor.currentTable()
        behind = page
        if block.blockFormat().background().style().value:
            behind = block.blockFormat().background().color()
        if table is not None:
            cell = table.cellAt(cursor).format().background()
            if cell.style().value:
                behind = cell.color()
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            text = fragment.text().strip()
            if text:
                fmt = fragment.charFormat()
                fg = fmt.foreground().color() if fmt.foreground().style().value else palette.color(
                    QPalette.ColorRole.Text)
                bg = fmt.background().color() if fmt.background().style().value else behind
                ratio = contrast(fg, bg)
                if ratio < MIN_CONTRAST:
                    bad.append((text[:30], fg.name(), bg.name(), round(ratio, 2)))
            it += 1
        block = block.next()
    return bad


@pytest.fixture
def report(sample_project: Project) -> str:
    add_sources(sample_project)
    claim = list_claims(sample_project)[0]
    ops.update_claim(sample_project, claim_id=claim.id, note="**Asked** the *desk*; see [NATO](https://www.nato.int/x)")
    return markdown_to_html(export_markdown(sample_project, ExportOptions(private_notes=True)))


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_every_text_of_the_preview_is_readable(qtbot, report: str, dark: bool) -> None:
    view = ReportView()
    qtbot.addWidget(view)
    view.setPalette(make_palette(dark))
    view.show_report(report)
    view.resize(900, 700)
    view.show()
    qtbot.waitExposed(view)
    text = view.toPlainText()
    assert "Summary" in text and "highly likely" in text and "Asked" in text  # the parts checked are there
    assert unreadable(view) == []


def test_preview_follows_a_palette_change(qtbot, report: str) -> None:
    view = ReportView()
    qtbot.addWidget(view)
    view.setPalette(make_palette(False))
    view.show_report(report)
    view.show()
    qtbot.waitExposed(view)
    assert unreadable(view) == []
    view.setPalette(make_palette(True))  # the desktop switched to dark while the dialog was open
    assert "highly likely" in view.toPlainText()
    assert unreadable(view) == []


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_html_file_schemes_are_readable(sample_project: Project, dark: bool) -> None:
    page = export_html(sample_project)
    assert "@media (prefers-color-scheme: dark)" in page
    c = {k: QColor(v) for k, v in report_colours(dark).items()}
    for fg, bg in (("text", "background"), ("muted", "background"), ("link", "background"),
                   ("claim-text", "claim"), ("text", "header")):
        assert contrast(c[fg], c[bg]) >= MIN_CONTRAST, (fg, bg)
    # Every colour in a rule is one of the scheme's variables: nothing keeps a light colour in dark mode.
    rules = page[page.index("body {"):page.index("</style>")]
    assert "#" not in rules.replace("#article", "")
