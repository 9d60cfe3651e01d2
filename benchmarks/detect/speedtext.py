"""The text the ``detect`` speed goal runs on: 100,000 characters of real news.

PolNeAR's articles (see ``polnear.py``) when a copy is on this machine — quotation-dense political
news from seven outlets — else the bundled sample wire story, repeated. Either way the figure is
the time ``suggest_quotes`` takes on one 100,000-character article.
"""

from __future__ import annotations

from workbench.core.paths import resource_path

SIZE = 100_000


def text_100k() -> tuple[str, str]:
    """(text, where it came from)."""
    try:
        from benchmarks.detect import polnear

        parts = [a.text for a in polnear.load(("train",))[:60]]
        source = "PolNeAR train articles"
    except SystemExit:  # no copy of PolNeAR here
        parts = [resource_path("sample/menafn-2024-10-20-nato-rutte.txt").read_text(encoding="utf-8")]
        source = "the sample wire story, repeated"
    base = "\n\n".join(parts)
    text = (base + "\n\n") * (SIZE // len(base) + 1)
    return text[:SIZE], source
