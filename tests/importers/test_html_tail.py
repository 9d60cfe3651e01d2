"""Reader comments under a blog post are not imported (``workbench.importers.html_tail``): shaped on an L3S-GN1
page (a Movable Type blog, 2007) where readability took the post with 19,000 words of comments under it."""

from __future__ import annotations

from lxml import html as lxml_html

from workbench.importers import import_bytes
from workbench.importers.html_tail import drop_comment_boxes

POST = "".join(
    f"<p>{n}) The race for the nomination has tightened in Iowa, and the campaign spent heavily on television "
    "advertising in the final week before the caucuses, according to filings published on Friday.</p>"
    for n in range(1, 7)
)
COMMENT = (
    '<div class="comments-body"><p><b>{n}.</b> I always love how the pundits on both coasts treat the Midwest as '
    "flyover country until the caucus comes around, and then suddenly every diner, every church supper and every "
    "county fair is a bellwether of the national mood, which it never was, and never will be, whatever the polls "
    "say.</p><span class=\"comments-post\">Posted by: Reader {n} at December 29, 2007 12:{n:02d} PM</span></div>"
)


def _page(comments: int) -> bytes:
    thread = "".join(COMMENT.format(n=n) for n in range(1, comments + 1))
    return (
        '<html><head><title>Fight! Fight! Fight!</title></head><body><div id="container"><div class="blog">'
        f'<h2 class="date-header">December 29, 2007</h2><div class="blogbody"><h3>Fight! Fight! Fight!</h3>{POST}'
        '<div class="posted">Posted by Eric at December 29, 2007 12:03 PM</div></div>'
        f'<div class="comments-head">Comments</div>{thread}</div></div></body></html>'
    ).encode()


def test_a_long_comment_thread_under_a_blog_post_is_not_imported() -> None:
    text = import_bytes(_page(30), "post.html").text
    assert "advertising in the final week" in text and "6) The race" in text
    assert "flyover country" not in text and "Posted by: Reader" not in text


def test_the_comment_boxes_go_but_never_a_box_holding_the_headline() -> None:
    tree = lxml_html.fromstring(
        '<html><body><div class="comment-wrapper"><h1>Headline</h1><p>The article.</p></div>'
        '<div class="comments"><p>A reader.</p></div><ol class="commentlist"><li>Another.</li></ol></body></html>')
    assert drop_comment_boxes(tree) == 2
    assert tree.text_content() == "HeadlineThe article."


def test_a_forum_thread_keeps_its_posts() -> None:
    tree = lxml_html.fromstring(
        '<html><head><script type="application/ld+json">{"@type": "DiscussionForumPosting"}</script></head>'
        '<body><div class="comment"><p>The first post of the thread.</p></div></body></html>')
    assert drop_comment_boxes(tree) == 0
