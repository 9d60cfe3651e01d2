"""Read-only queries over a project's library of sources: the sources themselves, their attached files,
and the links between claims and sources. Return plain dataclasses for the UI, CLI and exporters."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from workbench.core.errors import ProjectFileError
from workbench.store.fts import FilterWords
from workbench.store.project import Project
from workbench.store.queries import one_row
from workbench.store.schema import UNREFERENCED_ATTACHMENT


@dataclass(slots=True)
class SourceFile:
    """A file attached to a source (its metadata; the bytes are read with ``attachment_bytes``)."""

    id: str
    source_id: str
    name: str
    mime: str
    sha256: str
    size: int
    created_at: str = ""
    created_by: str = ""


@dataclass(slots=True)
class Source:
    id: str
    title: str
    kind: str = "document"
    url: str = ""
    publisher: str = ""
    published: str = ""
    accessed: str = ""
    reliability: str = ""
    notes: str = ""
    created_at: str = ""
    updated_at: str = ""
    created_by: str = ""
    updated_by: str = ""
    # How many distinct claims link to it ("used by N claims"), and how many links there are in all.
    claim_count: int = 0
    link_count: int = 0
    files: list[SourceFile] = field(default_factory=list)


@dataclass(slots=True)
class SourceLink:
    """One claim–source link, with enough of both ends to show it without another query."""

    id: str
    claim_id: str
    source_id: str
    relation: str
    excerpt: str = ""
    locator: str = ""
    note: str = ""
    created_at: str = ""
    updated_at: str = ""
    created_by: str = ""
    updated_by: str = ""
    source_title: str = ""
    source_kind: str = ""
    source_url: str = ""
    source_publisher: str = ""
    claim_exact: str = ""
    claim_speaker: str = ""
    article_id: str = ""
    article_title: str = ""


_SOURCE_COLS = (
    "s.id, s.title, s.kind, s.url, s.publisher, s.published, s.accessed, s.reliability, s.notes, "
    "s.created_at, s.updated_at, s.created_by, s.updated_by"
)
_FILE_COLS = "f.id, f.source_id, f.name, f.mime, f.sha256, a.size, f.created_at, f.created_by"
_FILE_FROM = "FROM source_files f JOIN attachments a ON a.sha256 = f.sha256"
# A link with its source's fields (_LINK_SOURCE_*), and with its claim's and article's too (_LINK_*).
_LINK_SOURCE_COLS = (
    "l.id, l.claim_id, l.source_id, l.relation, l.excerpt, l.locator, l.note, l.created_at, l.updated_at, "
    "l.created_by, l.updated_by, s.title, s.kind, s.url, s.publisher"
)
_LINK_SOURCE_FROM = "FROM claim_sources l JOIN sources s ON s.id = l.source_id"
_LINK_COLS = f"{_LINK_SOURCE_COLS}, c.exact, c.speaker, a.id, a.title"
_LINK_FROM = f"{_LINK_SOURCE_FROM} JOIN claims c ON c.id = l.claim_id JOIN articles a ON a.id = c.article_id"


def list_sources(project: Project, filter_text: str = "") -> list[Source]:
    """Every source (by title), with its files and how many claims use it.

    ``filter_text`` keeps only sources whose title, publisher, URL or notes contain words starting with
    each of the given words (accents and case ignored, as in every search of the app).
    """
    sql = f"SELECT {_SOURCE_COLS} FROM sources s"
    params: tuple = ()
    query = FilterWords.of(filter_text).fts()
    if query:
        sql += " WHERE s.seq IN (SELECT rowid FROM sources_fts WHERE sources_fts MATCH ?)"
        params = (query,)
    sql += " ORDER BY s.title COLLATE NOCASE, s.seq"
    sources = [Source(*r) for r in project.conn.execute(sql, params)]
    _fill(project, sources)
    return sources


def get_source(project: Project, source_id: str) -> Source:
    source = Source(*one_row(project, f"SELECT {_SOURCE_COLS} FROM sources s WHERE s.id = ?", source_id, "source"))
    _fill(project, [source])
    return source


def _fill(project: Project, sources: list[Source]) -> None:
    if not sources:
        return
    counts = {
        r[0]: (r[1], r[2])
        for r in project.conn.execute(
            "SELECT source_id, count(DISTINCT claim_id), count(*) FROM claim_sources GROUP BY source_id"
        )
    }
    files: dict[str, list[SourceFile]] = {}
    for r in project.conn.execute(f"SELECT {_FILE_COLS} {_FILE_FROM} ORDER BY f.created_at, f.id"):
        f = SourceFile(*r)
        files.setdefault(f.source_id, []).append(f)
    for s in sources:
        s.claim_count, s.link_count = counts.get(s.id, (0, 0))
        s.files = files.get(s.id, [])


def source_files(project: Project, source_id: str) -> list[SourceFile]:
    """Metadata of the files attached to a source, in the order they were attached."""
    rows = project.conn.execute(
        f"SELECT {_FILE_COLS} {_FILE_FROM} WHERE f.source_id = ? ORDER BY f.created_at, f.id", (source_id,))
    return [SourceFile(*r) for r in rows]


def get_source_file(project: Project, file_id: str) -> SourceFile:
    return SourceFile(*one_row(project, f"SELECT {_FILE_COLS} {_FILE_FROM} WHERE f.id = ?", file_id, "attached file"))


def attachment_bytes(project: Project, file_id: str) -> bytes:
    """The content of an attached file, checked against its sha256 so a damaged copy is never handed out
    as if it were the original document."""
    f = get_source_file(project, file_id)
    row = project.conn.execute("SELECT data FROM attachments WHERE sha256 = ?", (f.sha256,)).fetchone()
    data = bytes(row[0])
    if hashlib.sha256(data).hexdigest() != f.sha256:
        raise ProjectFileError(
            f"The stored copy of {f.name} is damaged (its content no longer matches its checksum). "
            "Attach the original file again."
        )
    return data


def claim_links(project: Project, claim_id: str) -> list[SourceLink]:
    """The sources of one claim with how each relates to it, in the order they were linked."""
    rows = project.conn.execute(
        f"SELECT {_LINK_COLS} {_LINK_FROM} WHERE l.claim_id = ? ORDER BY l.created_at, l.id", (claim_id,)
    )
    return [SourceLink(*r) for r in rows]


def source_links(project: Project, source_id: str) -> list[SourceLink]:
    """The claims that use one source, by article and position in it."""
    rows = project.conn.execute(
        f"SELECT {_LINK_COLS} {_LINK_FROM} WHERE l.source_id = ? ORDER BY a.seq, c.start, l.created_at, l.id",
        (source_id,),
    )
    return [SourceLink(*r) for r in rows]


def all_links(project: Project) -> Iterator[SourceLink]:
    """Every claim–source link, oldest first, with its source's title, kind, URL and publisher but not its
    claim's or article's (a report over the whole project has those already); read as it is iterated."""
    for row in project.conn.execute(f"SELECT {_LINK_SOURCE_COLS} {_LINK_SOURCE_FROM} ORDER BY l.created_at, l.id"):
        yield SourceLink(*row)


def all_sources(project: Project) -> Iterator[Source]:
    """Every source's own fields (without its files and counts), read as it is iterated."""
    for row in project.conn.execute(f"SELECT {_SOURCE_COLS} FROM sources s"):
        yield Source(*row)


def get_link(project: Project, link_id: str) -> SourceLink:
    return SourceLink(*one_row(project, f"SELECT {_LINK_COLS} {_LINK_FROM} WHERE l.id = ?", link_id, "source link"))


def find_source(project: Project, *, url: str = "", title: str = "", publisher: str = "") -> str | None:
    """Id of the first source with this URL; or, when no URL is given, with this title and publisher
    (case ignored). None when there is none."""
    if url.strip():
        row = project.conn.execute(
            "SELECT id FROM sources WHERE url = ? ORDER BY seq LIMIT 1", (url.strip(),)
        ).fetchone()
    elif title.strip():
        row = project.conn.execute(
            "SELECT id FROM sources WHERE title = ? COLLATE NOCASE AND publisher = ? COLLATE NOCASE "
            "ORDER BY seq LIMIT 1",
            (" ".join(title.split()), " ".join(publisher.split())),
        ).fetchone()
    else:
        row = None
    return row[0] if row else None


def unreferenced_attachments(project: Project) -> list[tuple[str, int]]:
    """``(sha256, size)`` of stored file contents no source uses any more (left by deleted sources and
    detached files, kept so that undo can bring them back)."""
    return list(project.conn.execute(
        f"SELECT sha256, size FROM attachments WHERE {UNREFERENCED_ATTACHMENT} "
        "ORDER BY created_at, sha256"
    ))
