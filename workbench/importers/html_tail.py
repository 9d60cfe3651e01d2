"""Reader comments after a saved page's article: found and left out before readability reads the page.

``importers.html`` extracts the main text twice, by trafilatura and by readability, and keeps the better text.
Trafilatura is told to leave comments out (``include_comments=False``): it deletes the page's comment containers
(a ``div``, ``section`` or list whose class or id starts with "comment", Disqus's thread) from its input before it
reads it. readability has no such step, and a long comment thread is a good candidate for it, being many
paragraphs of prose: a blog post of 1,300 words came out with 19,000 words of comments under it (L3S-GN1), and
being the longer text it was kept. ``drop_comment_boxes`` deletes the same containers from the tree readability
reads, so both extractions see the same page.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement
from trafilatura.xpaths import REMOVE_COMMENTS_AND_LISTS_XPATH

from workbench.importers.html_clean import remove

# A box that holds one of these is the article (or wraps it), whatever its name says: never deleted.
_ARTICLE_MARKERS = etree.XPath(".//article | .//main | .//h1 | .//*[@itemprop='articleBody']")
# A forum thread's posts are its content and sit in "comment" boxes; trafilatura keeps them on a page that
# declares itself a forum thread (schema.org "@type": "DiscussionForumPosting"), and so do we.
_FORUM = re.compile(r'"@type"\s*:\s*(?:"DiscussionForumPosting"|\[[^\]]*"DiscussionForumPosting")')


def _forum_thread(tree: HtmlElement) -> bool:
    """Whether the page declares itself a forum thread in its JSON-LD metadata."""
    return any(_FORUM.search(script.text or "")
               for script in tree.iterfind(".//script[@type='application/ld+json']"))


def drop_comment_boxes(tree: HtmlElement) -> int:
    """Delete, in place, the containers trafilatura deletes as reader comments when told to leave comments out
    (keeping their tails, which are the parent's text); return how many were deleted.

    Trafilatura's own reading of the page is unchanged by this (it deletes the same boxes first thing), so the
    tree both extractors read can be pruned once. Not on a forum thread, and never a box holding the headline or
    an element marked as the article (a page whose article sits in a box named "comment-wrapper")."""
    if _forum_thread(tree):
        return 0
    boxes = [box for xpath in REMOVE_COMMENTS_AND_LISTS_XPATH for box in xpath(tree)]
    deleted: set[HtmlElement] = set()
    for box in boxes:
        if any(ancestor in deleted for ancestor in box.iterancestors()):
            continue  # gone with the box around it
        if box.getparent() is None or _ARTICLE_MARKERS(box):
            continue
        remove(box)
        deleted.add(box)
    return len(deleted)


__all__ = ["drop_comment_boxes"]
