"""The one rule for which addresses may become links, wherever an address comes from.

Addresses reach the app from the journalist (a source's URL), from imported pages (an article's address in
its markup, which anyone can craft) and from a colleague's project file. Each one is shown as a link, put
into reports and may be opened in the browser, so only web addresses qualify: ``http``/``https`` with a
host, and ``doi:`` identifiers (which stand for a ``https://doi.org/`` address). Never ``javascript:``,
``data:``, ``file:`` or a relative path.
"""

from __future__ import annotations

from urllib.parse import urlsplit

WEB_SCHEMES = ("http", "https")
DOI_PREFIX = "doi:"
DOI_RESOLVER = "https://doi.org/"


def link_target(url: str) -> str | None:
    """Where a link to ``url`` may point: the address itself when it is a web address with a host, the
    doi.org address for a ``doi:`` identifier, None for anything else (shown as text only)."""
    url = (url or "").strip()
    if url[: len(DOI_PREFIX)].lower() == DOI_PREFIX:
        doi = url[len(DOI_PREFIX) :].lstrip("/")
        return DOI_RESOLVER + doi if doi else None
    try:
        parts = urlsplit(url)
    except ValueError:  # a malformed IPv6 host ("http://[x")
        return None
    if parts.scheme.lower() not in WEB_SCHEMES or not parts.hostname:
        return None
    return url


def is_web_address(url: str) -> bool:
    """True for an ``http``/``https`` address with a host: what an imported article's address must be."""
    url = (url or "").strip()
    return bool(url) and link_target(url) == url
