"""Report tests' tools: a small HTML reader that tells text from markup, in-memory selections for fast
property tests, and the sample project's Rutte and Kremlin quotes given more cited sources."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from workbench import ops
from workbench.core.anchor import make_anchor
from workbench.core.model import Article, Claim, Tag, Verdict
from workbench.export.selection import ArticleEntry, Selection
from workbench.store import Project
from workbench.store.queries import list_claims
from workbench.store.schema import DEFAULT_VERDICTS


def add_sources(project: Project) -> None:
    """Give the sample project's Rutte quote a second supporting NATO transcript (with a private note and a
    link note) and its Kremlin quote a refuting ministry report, so every part of a report shows."""
    rutte, _kim, kremlin = list_claims(project)
    ops.update_claim(project, claim_id=rutte.id, private_note="Ask the desk before naming Ukrinform.")
    ops.add_source(
        project, title="Press conference by NATO Secretary General Mark Rutte", kind="official statement",
        url="https://www.nato.int/cps/en/natohq/opinions_229999.htm", publisher="NATO",
        published="2024-10-16", accessed="2024-10-21", claim_id=rutte.id, relation="supports",
        excerpt="I cannot confirm these reports", locator="transcript, para. 12",
        link_note="Transcript matches the wire copy word for word.",
    )
    ops.add_source(
        project, title="Defence intelligence briefing", kind="document",
        publisher="Ministry of Defence of Ukraine", published="2024-10-18", claim_id=kremlin.id,
        relation="refutes", excerpt="Units from the DPRK have been observed in Kursk oblast.",
    )


SCALE = [Verdict(f"v{i}", label, i, color) for i, (label, color) in enumerate(DEFAULT_VERDICTS)]


@dataclass
class ClaimSpec:
    """A claim for an in-memory selection: the span of ``text`` it marks and what is known about it."""

    start: int
    end: int
    speaker: str = "A. Speaker"
    note: str = ""
    private_note: str = ""
    verdict: str = ""
    status: str = "To check"
    tags: list[str] = field(default_factory=list)
    anchored: bool = True


def make_selection(text: str, specs: list[ClaimSpec], *, title: str = "Report", article_title: str = "An article",
                   outlet: str = "Outlet") -> Selection:
    """A Selection built without a project file (for property tests that run hundreds of examples)."""
    article = Article(id="a1", title=article_title, outlet=outlet)
    claims = []
    for n, s in enumerate(specs):
        anchor = make_anchor(text, s.start, s.end)
        claims.append(Claim(
            id=f"c{n}", article_id="a1", start=s.start, end=s.end, exact=anchor.exact, prefix=anchor.prefix,
            suffix=anchor.suffix, speaker=s.speaker, status=s.status, verdict=s.verdict, note=s.note,
            private_note=s.private_note, tags=[Tag(f"t{i}", t, "#ffd54f") for i, t in enumerate(s.tags)],
            anchored=s.anchored, created_at="2024-10-20T08:00:00.000Z", updated_at="2024-10-21T08:00:00.000Z",
            created_by="Reporter", updated_by="Editor",
        ))
    claims.sort(key=lambda c: (c.start, -c.end))
    return Selection(title, "p1", [ArticleEntry(article, lambda: text, claims)], {}, {}, SCALE, len(claims))


class HTMLReader(HTMLParser):
    """Collects an HTML document's text (entities decoded) and its start tags with their attributes."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text_parts: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text_parts.append(data)

    @property
    def text(self) -> str:
        """The text with whitespace runs made single spaces."""
        return " ".join("".join(self.text_parts).split())

    def names(self) -> list[str]:
        return [t for t, _ in self.tags]

    def hrefs(self) -> list[str]:
        return [a.get("href") or "" for t, a in self.tags if t == "a"]


def squash(text: str) -> str:
    return " ".join(text.split())
