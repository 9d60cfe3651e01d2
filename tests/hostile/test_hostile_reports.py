"""Hostile HTML and Markdown typed into (or imported into) every field a report shows.

The Markdown report must carry it as text (escaped), the HTML report must carry no script, handler, style,
frame, image or non-web link at all, and the in-app preview must load nothing, whatever it is handed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from workbench import ops
from workbench.export import ExportOptions, export
from workbench.export.html_report import markdown_to_html
from workbench.importers import ImportedArticle
from workbench.store import Project

from .hostile_files import SCRIPT_MARK

M = SCRIPT_MARK
# What a colleague's project, a pasted web page or a mischievous intern could put in a field.
HOSTILE_HTML = (
    f'<script>{M}()</script><img src="http://198.51.100.7/{M}.gif" onerror="{M}()">'
    f'<a href="javascript:{M}()">x</a><iframe src="file:///etc/passwd"></iframe>'
    f"<style>@import url(http://198.51.100.7/{M}.css)</style><svg onload={M}()></svg>"
    f'<base href="http://198.51.100.7/"><meta http-equiv="refresh" content="0;url=http://198.51.100.7/">'
)
HOSTILE_MARKDOWN = (
    f"[click](javascript:{M}()) ![img](http://198.51.100.7/{M}.png) <http://198.51.100.7/{M}>\n\n"
    f"[ref]: javascript:{M}()\n\n<div onclick='{M}()'>raw *block*</div>\n\n"
    f"```\n<script>{M}</script>\n```\n{{: onclick=\"{M}()\" }}\n\n[^1]\n\n[^1]: <script>{M}</script>"
)
HOSTILE = f"Said {HOSTILE_HTML} and {HOSTILE_MARKDOWN} end"


def _hostile_project(path: Path) -> Project:
    project = Project.create(path, title=f"Report {HOSTILE_HTML}", author="Test Author")
    text = f"The mayor said {HOSTILE_HTML} to reporters.\n\nHe added: {HOSTILE_MARKDOWN} on Tuesday."
    article = ImportedArticle(text=text, title=HOSTILE, outlet=HOSTILE_HTML, author=HOSTILE_MARKDOWN,
                              url=f"javascript:{M}()", format="txt")
    article_id = ops.add_article(project, article=article).created("articles")[0]
    claim_id = ops.add_claim(project, article_id=article_id, quote=HOSTILE_HTML, speaker=HOSTILE,
                             tags=[f"<b onmouseover={M}()>tag</b>"], note=HOSTILE, private_note=HOSTILE
                             ).created("claims")[0]
    ops.add_claim(project, article_id=article_id, quote=HOSTILE_MARKDOWN.split("\n")[0], speaker=HOSTILE_MARKDOWN,
                  note=HOSTILE_MARKDOWN)
    ops.add_source(project, title=HOSTILE[:500], publisher=HOSTILE_HTML[:500], notes=HOSTILE, url="https://example.org/a?b=<c>",
                   claim_id=claim_id, relation="refutes")
    return project


@pytest.fixture
def hostile_project(tmp_path: Path) -> Project:
    project = _hostile_project(tmp_path / "hostile-report.fcproj")
    yield project
    project.close()


def test_markdown_report_carries_hostile_html_and_markdown_as_text(hostile_project: Project) -> None:
    md = export(hostile_project, "markdown", ExportOptions(private_notes=True))

    assert M in md  # the words are there, as text
    assert not re.search(r"<(?!!--)[A-Za-z/]", md)  # not one raw tag: every "<" of user text is &lt;
    # No script link and no image. Notes are Markdown, so the autolink a note writes is a web link (the
    # app asks before opening one); the image's address is never linked.
    assert not re.search(r"(?<!\\)\]\((?:javascript|http://198[^)]*\.png)", md)
    assert not re.search(r"(?<!\\)!\[", md)
    assert not re.search(r"^\[ref\]:", md, re.M) and "{:" not in md.replace("\\{:", "")
    # What the report's own renderer makes of it: no element that could run or load anything.
    _assert_inert(markdown_to_html(md), web_links=True)


def _assert_inert(fragment: str, *, web_links: bool = False) -> None:
    """No element that could run, load or style anything; links only to the report itself or, when
    ``web_links``, to web addresses (which the app opens only after asking)."""
    tree = lxml_html.fragment_fromstring(fragment, create_parent="div")
    tags = {el.tag for el in tree.iter() if isinstance(el.tag, str)}
    assert not tags & {"script", "style", "img", "iframe", "svg", "object", "embed", "base", "meta", "link", "form"}
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        for attribute, value in el.attrib.items():
            assert not attribute.lower().startswith("on"), (el.tag, attribute)
            assert attribute not in ("style", "src", "srcdoc", "action", "formaction")
            if attribute == "href":
                assert value.startswith(("#", "http://", "https://", "mailto:")), value
                assert web_links or "198.51.100.7" not in value


def test_html_report_has_no_script_handler_style_or_foreign_resource(hostile_project: Project) -> None:
    page = export(hostile_project, "html", ExportOptions(private_notes=True))

    body = page[page.index("<body"):]
    # Web links a note writes are links (notes are Markdown); nothing else links anywhere, no image does.
    _assert_inert(body[body.index(">") + 1 : body.rindex("</body>")], web_links=True)
    assert f"198.51.100.7/{M}.png\"" not in body
    assert M in body  # shown as text
    assert f"&lt;script&gt;{M}" in body  # as text: the escaped tag, not an element
    # The file itself forbids loading anything, should a viewer ever find something to load.
    assert "Content-Security-Policy\" content=\"default-src 'none'" in page


def test_html_sanitiser_strips_everything_dangerous_it_is_handed_directly() -> None:
    # The second wall: even raw hostile HTML reaching the renderer comes out inert.
    _assert_inert(markdown_to_html(HOSTILE_HTML + "\n\n" + HOSTILE_MARKDOWN), web_links=True)


def test_report_preview_loads_nothing_and_opens_nothing(qtbot, hostile_project: Project, no_network) -> None:
    from workbench.ui.report_view import ReportView

    view = ReportView()
    qtbot.addWidget(view)
    opened: list[str] = []
    view.open_url = lambda url: opened.append(url.toString())
    view.confirm_open = lambda url: pytest.fail(f"asked to open {url.toString()}")

    view.show_report(markdown_to_html(export(hostile_project, "markdown", ExportOptions(private_notes=True))))
    assert view.resource_requests == []  # the sanitised report asks for nothing at all
    assert M in view.toPlainText()

    # Handed raw hostile HTML, the view still loads nothing: each request is refused (and recorded).
    view.show_report(HOSTILE_HTML + f'<link rel="stylesheet" href="http://198.51.100.7/{M}.css">')
    view.resize(600, 400)
    view.show()
    qtbot.waitExposed(view)
    requested = [url for _type, url in view.resource_requests]
    assert any(url.startswith("http://198.51.100.7") for url in requested), requested  # asked, and refused
    from PySide6.QtCore import QUrl

    for link in (f"javascript:{M}()", "file:///etc/passwd", "data:text/html,x"):
        view.anchorClicked.emit(QUrl(link))
    assert opened == []
    assert no_network == []


def test_export_dialog_preview_of_a_hostile_project_loads_nothing(qtbot, hostile_project: Project,
                                                                   no_network) -> None:
    from workbench.ui.export_dialog import ExportDialog

    dialog = ExportDialog(hostile_project)
    qtbot.addWidget(dialog)
    results: list = []
    dialog.finished_job.connect(results.append)
    dialog.show()
    dialog.private_notes.setChecked(True)  # every field the report can show
    dialog.refresh_preview()
    qtbot.waitUntil(lambda: any(r.preview and r.generation == dialog.generation and not r.error for r in results),
                    timeout=10_000)

    assert dialog.preview.currentWidget() is dialog.report_view
    assert M in dialog.report_view.toPlainText()  # the hostile text is shown, as text
    assert dialog.report_view.resource_requests == []
    _assert_inert(results[-1].text, web_links=True)  # a note's web links are links; the app asks before opening
    assert no_network == []
