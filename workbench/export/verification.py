"""A claim's verification against its sources as reports say it (Markdown, so HTML reports have it too).
The results come from ``ops.verify.best_verifications``."""

from __future__ import annotations

from typing import Any

from workbench.export.escape import md_inline


def verification_line(r: dict[str, Any]) -> str:
    """A claim's verification as a report says it, in Markdown: "Verbatim in *Budget hearing, 14 May* at
    01:12:09", "Altered: *rise* → *fall* (in *…* at …)"; the source's speaker when it is someone else."""
    title = f"*{md_inline(r.get('title') or 'the source')}*"
    where = f" at {md_inline(r['locator'])}" if r.get("locator") else ""
    status = r["status"]
    if status == "verbatim":
        line = f"Verbatim in {title}{where}"
    elif status == "spliced":
        mark = "the omission marked" if r.get("ellipsis") else "joined silently, the omission not marked"
        line = f"Spliced from {title}{where} ({mark})"
    elif status == "altered":
        changes = [f"*{md_inline(a) or '—'}* → *{md_inline(b) or '—'}*" for a, b in r.get("changes", [])]
        line = f"Altered: {'; '.join(changes[:3]) or 'the words differ'} (in {title}{where})"
    elif r.get("problem"):
        # Nothing was compared (a scan, an unreadable file): not the same as the source not saying it.
        line = f"Could not be checked against {title}: {md_inline(r['problem'].rstrip('.'))}"
    else:
        line = f"Not found in {title}"
    if r.get("speaker_in_source") and status != "not_found":
        line += f"; the source gives these words to {md_inline(r['speaker_in_source'])}"
    return line
