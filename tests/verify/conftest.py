"""Sources for the verification tests, written like the real ones: a NATO press conference caption file
(WebVTT, with voices) in which Mark Rutte answers the question the sample article reports, a South Korean
parliamentary session as a plain-text transcript with speaker turns, and a Kremlin statement as plain text.
The sample article's three quotes are checked against them."""

from __future__ import annotations

import pytest

from workbench.core.paths import resource_path
from workbench.importers.transcripts import read_transcript
from workbench.ops.sample import SAMPLE_ARTICLE
from workbench.verify import SourceText

NATO_VTT = """WEBVTT

NOTE Press conference by NATO Secretary General Mark Rutte, Brussels

00:12:19.200 --> 00:12:24.900
<v Moderator>The next question goes to the National News Agency of Ukraine, Ukrinform.

00:12:25.100 --> 00:12:31.000
<v Reporter>Secretary General, President Zelensky says North Korean soldiers are fighting
alongside Russian forces. Can NATO confirm that?

00:12:31.400 --> 00:12:35.800
<v Mark Rutte>Well, on North Korea — I cannot confirm these reports,
but obviously they are concerning.

00:12:35.800 --> 00:12:41.300
<v Mark Rutte>What we see is the increasing military cooperation between Russia and
North Korea, and we condemn it.

00:12:41.300 --> 00:12:47.900
<v Mark Rutte>We will not speculate, and we have no evidence at this moment of
North Korean troops in Ukraine. Allies are consulting closely.

00:12:48.200 --> 00:12:52.000
<v Reporter>And defence spending? Will allies reach 3 percent this year?

00:12:52.300 --> 00:12:58.600
<v Mark Rutte>Twenty-three allies now spend at least 2 percent of GDP on defence,
and that is not enough.
"""

KOREA_TRANSCRIPT = """National Defense Committee, plenary session (transcript)

[00:41:05] CHAIR: The minister may answer the question on North Korean troops.

[00:41:12] MINISTER KIM YONG-HYUN: Thank you. North Korea could indeed deploy troops to assist Russia,
especially after signing a mutual security treaty with Moscow. Such an action is highly likely.

[00:41:40] MINISTER KIM YONG-HYUN: There may already have been casualties among North Korean soldiers.
We are watching the situation very closely.

[00:42:02] REP. PARK: So you are saying the deployment is already under way?
"""

KREMLIN_STATEMENT = """Statement by the Press Secretary of the President of Russia

Claims that North Korean soldiers are fighting in Ukraine are another hoax spread by Western media.

Russia and the DPRK are developing their relations in full accordance with international law."""


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
