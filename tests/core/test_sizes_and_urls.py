"""One way to show a file's size, and one rule for which addresses may become links (sources, imported
articles and reports all use it)."""

from __future__ import annotations

import pytest

from workbench.core.sizes import human_size
from workbench.core.urls import is_web_address, link_target


def test_sizes_read_as_people_say_them() -> None:
    assert [human_size(n) for n in (0, 1, 812, 1023, 2048, 1536, 50 * 1024 * 1024, 3 * 1024**3 + 1024**3 // 10)] == [
        "0 bytes", "1 byte", "812 bytes", "1023 bytes", "2 KB", "1.5 KB", "50 MB", "3.1 GB"]


@pytest.mark.parametrize(
    ("url", "target"),
    [
        ("https://example.com/a?b=1", "https://example.com/a?b=1"),
        ("HTTP://EXAMPLE.COM", "HTTP://EXAMPLE.COM"),
        ("  http://example.com  ", "http://example.com"),
        ("doi:10.1000/xyz", "https://doi.org/10.1000/xyz"),
        ("DOI://10.1000/xyz", "https://doi.org/10.1000/xyz"),
        ("doi:", None),
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        ("data:text/html,<script>x</script>", None),
        ("file:///etc/passwd", None),
        ("ftp://example.com/x", None),
        ("mailto:desk@example.com", None),
        ("//example.com/x", None),
        ("/relative/path", None),
        ("https://", None),
        ("http://[broken", None),
        ("", None),
    ],
    ids=["https", "upper-case", "spaces-around", "doi", "doi-slashes", "empty-doi", "javascript",
         "javascript-mixed-case", "data", "file", "ftp", "mailto", "scheme-relative", "relative", "no-host",
         "bad-ipv6", "empty"],
)
def test_only_web_addresses_become_links(url: str, target: str | None) -> None:
    assert link_target(url) == target
    assert is_web_address(url) == (target is not None and target == url.strip())
