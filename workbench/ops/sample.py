"""The bundled sample: a real wire story with its three attributed quotes already marked, and one source
supporting Mark Rutte's claim, so a first start shows something real."""

from __future__ import annotations

from pathlib import Path

from workbench.core.paths import resource_path
from workbench.importers import import_file
from workbench.ops.articles import add_article
from workbench.ops.claims import add_claim
from workbench.ops.sources import add_source
from workbench.store import Project

SAMPLE_ARTICLE = "sample/menafn-2024-10-20-nato-rutte.txt"
SAMPLE_CLAIMS = (
    {
        "quote": "I cannot confirm these reports, but obviously they are concerning.",
        "speaker": "Mark Rutte",
        "tags": ["NATO"],
        "status": "Checked",
        "verdict": "True",
        "note": "Said at a NATO press briefing on Wednesday, answering Ukrinform.",
    },
    {
        "quote": "highly likely",
        "speaker": "Kim Yong-hyun",
        "tags": ["North Korea"],
        "status": "In progress",
        "verdict": "",
        "note": "Parliamentary session; find the official transcript.",
    },
    {
        "quote": "hoax",
        "speaker": "the Kremlin",
        "tags": ["Russia"],
        "status": "To check",
        "verdict": "",
        "note": "",
    },
)
SAMPLE_SOURCE = {
    "title": "NATO Secretary General: press conference transcripts",
    "kind": "official statement",
    "url": "https://www.nato.int/cps/en/natohq/opinions.htm",
    "publisher": "NATO",
    "accessed": "2024-10-21",
    "notes": "Official transcripts of the Secretary General's press conferences and speeches.",
    "relation": "supports",
    "excerpt": "I cannot confirm these reports, but obviously they are concerning.",
    "locator": "Press conference, Wednesday: answer to the National News Agency of Ukraine",
}


def create_sample_project(path: str | Path, *, author: str | None = None, passphrase: str | None = None) -> Project:
    """Create (and return open) a project holding the sample article, its three marked quotes and a source
    linked to the first (Mark Rutte's); encrypted under ``passphrase`` when given."""
    project = Project.create(path, title="Sample: NATO on North Korean troops", author=author, passphrase=passphrase)
    try:
        article = import_file(resource_path(SAMPLE_ARTICLE))
        article.title = "NATO cannot verify reports of North Korean troops in Ukraine, Rutte says"
        article_id = add_article(project, article=article).id
        claim_ids = [add_claim(project, article_id=article_id, **claim).id  # type: ignore[arg-type]
                     for claim in SAMPLE_CLAIMS]
        add_source(project, claim_id=claim_ids[0], **SAMPLE_SOURCE)
    except BaseException:
        project.close()
        raise
    return project
