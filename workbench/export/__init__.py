"""Project -> reports and data files (Markdown, HTML, CSV, JSON, ClaimReview, Web Annotation). No Qt.

``FORMATS`` lists what the CLI and the export dialog offer; ``export(project, name, options)`` makes one as
text, ``export_to(project, name, path, options)`` writes one to a file piece by piece (the data formats are
streamed: a 100,000-claim project is never held as one document, see ``export.stream``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
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
    render: Callable[[Project, ExportOptions], Iterable[str]]  # the export's text, in pieces


def _markdown(project: Project, options: ExportOptions) -> Iterable[str]:
    from workbench.export.markdown_report import markdown_pieces

    return markdown_pieces(project, options)


def _html(project: Project, options: ExportOptions) -> Iterable[str]:
    from workbench.export.html_report import html_pieces

    return html_pieces(project, options)


def _csv(project: Project, options: ExportOptions) -> Iterable[str]:
    from workbench.export.csv_export import export_csv

    return export_csv(project, options)


def _json(project: Project, options: ExportOptions) -> Iterable[str]:
    from workbench.export.json_export import export_json

    return export_json(project, private_notes=options.private_notes, options=options)


def _claimreview(project: Project, options: ExportOptions) -> Iterable[str]:
    from workbench.export.claimreview import export_claimreview

    return export_claimreview(project, options)


def _annotations(project: Project, options: ExportOptions) -> Iterable[str]:
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
    """The project exported as ``fmt`` (a key of FORMATS), as one text (a preview, a test)."""
    return "".join(export_pieces(project, fmt, options))


def export_pieces(project: Project, fmt: str, options: ExportOptions | None = None) -> Iterator[str]:
    """The export's text in pieces, made as they are asked for."""
    yield from FORMATS[fmt].render(project, options or ExportOptions())


def export_to(project: Project, fmt: str, path: str | Path, options: ExportOptions | None = None) -> Path:
    """Write the export to ``path`` piece by piece, through a temporary file renamed into place (an existing
    file is only ever replaced by a complete export; a project file never)."""
    return write_export(export_pieces(project, fmt, options), path)


def write_export(content: str | bytes | Iterable[str], path: str | Path) -> Path:
    """Write an export (text, text in pieces, or bytes such as an article's original file) to ``path``
    through a temporary file renamed into place, so an existing file is only ever replaced by a complete
    one. Pieces are written as they are made. Text is written exactly (a CSV brings its own CRLF)."""
    out = Path(path)
    refuse_to_replace_project(out, "an export")  # most likely the project itself, picked by mistake
    if isinstance(content, bytes):
        data: bytes | Iterable[bytes] = content
    elif isinstance(content, str):
        data = content.encode("utf-8")
    else:
        data = (piece.encode("utf-8") for piece in content)
    try:
        write_atomically(out, data)
    except OSError as exc:
        raise WorkbenchError(f"{out}: cannot be written ({exc.strerror or exc}).") from exc
    return out


__all__ = ["FORMATS", "ExportOptions", "Format", "export", "export_pieces", "export_to", "write_export"]
