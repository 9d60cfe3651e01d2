"""Sources for the verification tests, written like the real ones: a NATO press conference caption file
(WebVTT, with voices) in which Mark Rutte answers the question the sample article reports, a South Korean
parliamentary session as a plain-text transcript with speaker turns, a Kremlin statement as plain text, the
same press conference as SubRip with the quote changed, and two wire versions of the story for ``trace``."""

from __future__ import annotations

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


# The same press conference as SubRip, where the wire's quote was changed ("worrying", not "concerning")
# and the answer is given to the moderator by the captioner.
ALTERED_SRT = """1
00:12:31,400 --> 00:12:35,800
MODERATOR: Well, on North Korea, I cannot confirm these reports, but obviously they are worrying.

2
00:12:35,800 --> 00:12:41,300
MODERATOR: What we see is the increasing military cooperation between Russia and North Korea.
"""


TRACE_ARTICLE_EARLY = """NATO chief says cannot confirm North Korean troops

Brussels, 16 October (Agency) - NATO Secretary General Mark Rutte said on Wednesday: "I cannot confirm
these reports, but obviously they are concerning."
"""


TRACE_ARTICLE_LATE = """Rutte on Korea

Mark Rutte told reporters: "I can confirm these reports, and obviously they are concerning."
"""
