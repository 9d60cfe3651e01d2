"""Project -> reports and data files (Markdown, HTML, CSV, JSON, ClaimReview, Web Annotation). No Qt.

``FORMATS`` lists what the CLI and the export dialog offer; ``export(project, name, options)`` makes one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from workbench.core.atomic import write_atomically
from workbench.core.errors import WorkbenchError
from workbench.export.selection import ExportOptions
from workbench.store import Project
from workbench.store.header import refuse_to_replace_project


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    label: str  # as the export dialog lists it
    suffix: str  # default file name extension
    file_filter: str  # for the save dialog
    render: Callable[[Project, ExportOptions], str]


def _markdown(project: Project, options: ExportOptions) -> str:
    from workbench.export.markdown_report import export_markdown

    return export_markdown(project, options)


def _html(project: Project, options: ExportOptions) -> str:
    from workbench.export.html_report import export_html

    return export_html(project, options)


def _csv(project: Project, options: ExportOptions) -> str:
    from workbench.export.csv_export import export_csv

    return export_csv(project, options)


def _json(project: Project, options: ExportOptions) -> str:
    from workbench.export.json_export import export_json

    return export_json(project, private_notes=options.private_notes, options=options)


def _claimreview(project: Project, options: ExportOptions) -> str:
    from workbench.export.claimreview import export_claimreview

    return export_claimreview(project, options)


def _annotations(project: Project, options: ExportOptions) -> str:
    from workbench.export.annotations import export_annotations

    return export_annotations(project, options)


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("markdown", "Report (Markdown)", ".md", "Markdown (*.md)", _markdown),
    Format("html", "Report (web page, HTML)", ".html", "Web page (*.html)", _html),
    Format("csv", "Claims table (CSV, for spreadsheets)", ".csv", "CSV (*.csv)", _csv),
    Format("json", "Project data (JSON)", ".json", "JSON (*.json)", _json),
    Format("claimreview", "ClaimReview markup (JSON-LD)", ".jsonld", "JSON-LD (*.jsonld *.json)", _claimreview),
    Format("annotations", "Web Annotations (W3C, JSON-LD)", ".jsonld", "JSON-LD (*.jsonld *.json)",
           _annotations),
)}


def export(project: Project, fmt: str, options: ExportOptions | None = None) -> str:
    """The project exported as ``fmt`` (a key of FORMATS)."""
    return FORMATS[fmt].render(project, options or ExportOptions())


def write_export(text: str | bytes, path: str | Path) -> Path:
    """Write an export (text, or bytes such as an article's original file) to ``path`` through a temporary
    file renamed into place, so an existing file is only ever replaced by a complete one. Text is written
    exactly (a CSV brings its own CRLF)."""
    out = Path(path)
    refuse_to_replace_project(out, "an export")  # most likely the project itself, picked by mistake
    try:
        write_atomically(out, text if isinstance(text, bytes) else text.encode("utf-8"))
    except OSError as exc:
        raise WorkbenchError(f"{out}: cannot be written ({exc.strerror or exc}).") from exc
    return out


__all__ = ["FORMATS", "ExportOptions", "Format", "export", "write_export"]
