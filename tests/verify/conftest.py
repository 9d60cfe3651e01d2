"""Sources for the verification tests, written like the real ones: a NATO press conference caption file
(WebVTT, with voices) in which Mark Rutte answers the question the sample article reports, a South Korean
parliamentary session as a plain-text transcript with speaker turns, and a Kremlin statement as plain text.
The sample article's three quotes are checked against them."""

from __future__ import annotations

import pytest

from tests.support.texts import KOREA_TRANSCRIPT, KREMLIN_STATEMENT, NATO_VTT
from workbench.core.paths import resource_path
from workbench.importers.transcripts import read_transcript
from workbench.ops.sample import SAMPLE_ARTICLE
from workbench.verify import SourceText


@pytest.fixture
def nato() -> SourceText:
    return SourceText.from_transcript(read_transcript(NATO_VTT.encode(), "nato-presser.vtt").passages)


@pytest.fixture
def korea() -> SourceText:
    return SourceText.from_transcript(read_transcript(KOREA_TRANSCRIPT.encode(), "korea.txt").passages)


@pytest.fixture
def kremlin() -> SourceText:
    return SourceText.from_text(KREMLIN_STATEMENT)


@pytest.fixture
def sample_text() -> str:
    """The sample wire story's text, as the importer stores it."""
    from workbench.importers import import_file

    return import_file(resource_path(SAMPLE_ARTICLE)).text
