"""Whether two speaker names name the same person: "Mark Rutte", "RUTTE", "Secretary General Rutte".

Transcripts label speakers their own way (``MS. JEAN-PIERRE:``, ``SECRETARY BLINKEN:``, ``Rutte``) and a
claim records a full name. Titles and honorifics are dropped and what is left compared as word sets: one
containing the other is the same person. A label that is only a title ("THE PRESIDENT", "Q") names no one
we can compare, so it counts as different and is shown to the journalist, who knows who held the office.
"""

from __future__ import annotations

import re
import unicodedata

_TITLES = frozenset(
    """
mr mrs ms miss mx dr sir dame madam madame the a president vice secretary general minister prime senator sen
rep representative congressman congresswoman governor gov mayor judge justice chief chairman chairwoman chair
ambassador admiral adm gen col colonel lt lieutenant captain capt sgt sergeant prof professor rev
reverend speaker leader press deputy principal director coordinator national security adviser advisor defense
defence foreign state of for and chancellor commissioner hon honorable
honourable councillor councilmember council member attorney spokesperson spokesman spokeswoman jr sr
ii iii mp mep
""".split()  # noqa: SIM905 (a word list reads better as words)
)
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def name_words(name: str) -> frozenset[str]:
    """The words of a name that identify the person (no titles, no accents, lower case, no hyphens)."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    words = {w.replace("-", "").replace("’", "").replace("'", "") for w in _WORD.findall(plain)}
    return frozenset(w for w in words if w not in _TITLES and len(w) > 1)


def same_speaker(a: str | None, b: str | None) -> bool:
    """Whether ``a`` and ``b`` name the same person (see the module docstring). Empty names never match."""
    if not a or not b:
        return False
    wa, wb = name_words(a), name_words(b)
    if not wa or not wb:
        # Titles only ("THE PRESIDENT"): the same only when written the same.
        return " ".join(a.lower().split()) == " ".join(b.lower().split())
    return wa <= wb or wb <= wa
