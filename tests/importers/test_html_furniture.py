"""What the HTML importer keeps of the article and leaves of the page's furniture around it, on pages shaped like
real ones of the public sets (benchmarks/importers/real_f1.py): captions, author boxes and "posted in" lines after
the story, tweets quoted in it, ruby readings over Japanese, sub-heads between a story's opening paragraphs."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from workbench.importers import import_bytes
from workbench.importers.html import _choose
from workbench.importers.html_merge import with_lead, without_furniture_lines

SENTENCES = [
    f"Finding {i}: the inspectors wrote that the reservoir's dam had not been checked for eleven years, and the "
    "water board said it would publish its own figures." for i in range(8)
]


def _page(body: str) -> bytes:
    return f"""<html><head><title>Dam unchecked for years | Courier</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<div class="content"><h1>Dam unchecked for years</h1>{body}</div>
<footer><a href="/imprint">Imprint</a></footer></body></html>""".encode()


def _paragraphs(sentences: list[str]) -> str:
    return "".join(f"<p>{s}</p>" for s in sentences)


def test_a_photo_caption_inside_the_story_is_not_article_text() -> None:
    caption = "The dam seen from the north bank on Tuesday morning, shortly before the inspection began."
    page = _page(f"""{_paragraphs(SENTENCES[:4])}<figure><img src="dam.jpg" alt="">
<figcaption>{caption}</figcaption></figure>{_paragraphs(SENTENCES[4:])}""")
    text = import_bytes(page, "dam.html").text
    assert "north bank" not in text
    assert "Finding 0:" in text and "Finding 7:" in text


def _without(readability_blocks: list[str], trafilatura_blocks: list[str]) -> str:
    tree = lxml_html.fromstring("<html><body>" + _paragraphs(readability_blocks) + "</body></html>")
    return without_furniture_lines("\n\n".join(readability_blocks), "\n\n".join(trafilatura_blocks), tree)


def test_the_tail_after_the_storys_last_paragraph_is_left_out() -> None:
    # Readability keeps its box's author line, "posted in" line and newsletter promotion; trafilatura does not.
    tail = ["About the author", "Jo Reed covers water and energy", "This entry was posted in Environment.",
            "Sign up for our newsletter"]
    text = _without([*SENTENCES[:3], *tail], SENTENCES[:3])
    assert text == "\n\n".join(SENTENCES[:3])


def test_a_closing_paragraph_only_readability_read_is_kept_and_so_is_what_precedes_it() -> None:
    closing = ("The water board's spokesman said on Wednesday that a full inspection would begin next month and "
               "that residents downstream would be told of the results.")
    blocks = [*SENTENCES[:3], "A short line.", closing]
    assert _without(blocks, SENTENCES[:3]) == "\n\n".join(blocks)


def test_a_tweet_quoted_in_the_story_is_article_text() -> None:
    tweet = ("The dam report is out and it is worse than we feared: eleven years without a single check "
             "pic.twitter.com/AbC123 — Jo Reed (@joreed) March 3, 2024")
    page = _page(f"""{_paragraphs(SENTENCES[:4])}<blockquote class="twitter-tweet"><p lang="en">{tweet}</p>
</blockquote>{_paragraphs(SENTENCES[4:])}""")
    text = import_bytes(page, "dam.html").text
    assert "worse than we feared" in text
    assert text.index("Finding 3:") < text.index("worse than we feared") < text.index("Finding 4:")


def test_ruby_readings_over_japanese_are_not_read_into_the_text() -> None:
    sentence = ("<ruby>子<rt>こ</rt></ruby>どもへの<ruby>虐待<rt>ぎゃくたい</rt></ruby>をなくすための"
                "<ruby>法律<rt>ほうりつ</rt></ruby>ができて、親が子どもを教育するために、たたいたり蹴ったりする体罰を"
                "禁止することになりました。")
    page = f"""<html lang="ja"><head><title>体罰の禁止</title></head><body><article><h1>体罰の禁止</h1>
{"".join(f"<p>{sentence}</p>" for _ in range(4))}</article></body></html>""".encode()
    text = import_bytes(page, "nhk.html").text
    assert "子どもへの虐待をなくすための法律ができて" in text
    assert "こども" not in text and "ぎゃくたい" not in text


def test_more_words_of_menus_do_not_outweigh_a_paragraph_of_running_text() -> None:
    # A regional paper's page (trafilatura's set, rnz.de): trafilatura read the page's menus, 449 words of one- and
    # two-word lines; readability the article, 85 words in running text.
    menus = "\n\n".join(f"Ortsteil {i}" for i in range(60))
    article = " ".join(SENTENCES[:2])
    assert _choose(menus + "\n\nFinding 0: the inspectors wrote", article) == article


def test_a_sub_head_between_the_standfirst_and_the_first_paragraphs_does_not_cut_the_standfirst_off() -> None:
    standfirst = ("Inspectors found that nobody had looked at the reservoir's dam for eleven years, and the water "
                  "board now promises an inquiry.")
    page = f"""<html><head><title>Dam unchecked | Courier</title></head><body><div id="page"><div id="story">
<h1>Dam unchecked for years</h1><div class="story-body"><div class="story-intro"><p>{standfirst}</p></div>
<h2>What the inspectors found</h2>
<p>The inspectors' report, seen by this newspaper, runs to forty pages and lists every check that was missed.</p>
<div id="read-more"><div><a href="#more">Read more</a></div><div id="read-more-content">{_paragraphs(SENTENCES)}</div>
</div></div></div></div></body></html>""".encode()
    text = import_bytes(page, "dam.html").text
    assert text.startswith(standfirst)
    assert text.index("What the inspectors found") < text.index("forty pages") < text.index("Finding 0:")


def test_the_kicker_byline_and_date_above_the_storys_first_paragraph_are_left_out() -> None:
    head = ["Investigations", "Posted by Jo Reed", "Published Nov. 7, 2012 7:26 am"]
    assert _without([*head, *SENTENCES[:3]], SENTENCES[:3]) == "\n\n".join(SENTENCES[:3])
    # A standfirst only readability read stays, and so does all below it.
    standfirst = "Nobody checked the dam for eleven years."
    blocks = ["Posted by Jo Reed", standfirst, "Published Nov. 7", *SENTENCES[:3]]
    assert _without(blocks, SENTENCES[:3]) == "\n\n".join(blocks[1:])


def test_closing_paragraphs_in_chinese_are_no_tail() -> None:
    # Chinese has no spaces between words: a whole paragraph is one \w+ run, but it is running text all the same.
    story = [f"第{i}段：市议会周二投票决定，由于预算缺口达四百二十万美元，"
             "将在年底前关闭三家公共图书馆，官员表示无法通过其他削减来弥补。" for i in range(5)]
    assert _without(story, story[:3]) == "\n\n".join(story)


def test_a_tweet_or_a_list_that_closes_the_story_is_kept() -> None:
    tweet = "Closing libraries in the poorest neighborhoods is a choice. We will fight this. pic.twitter.com/x"
    items = ["How to help:", "Sign the petition at City Hall", "Attend the budget meeting on June 11"]
    tree = lxml_html.fromstring(f"""<html><body>{_paragraphs(SENTENCES[:3])}
<blockquote class="twitter-tweet"><p>{tweet}</p>&mdash; Dana Ortiz (@danaortiz) <a href="/s/1">June 4, 2024</a>
</blockquote><p>{items[0]}</p><ul><li>{items[1]}</li><li>{items[2]}</li></ul></body></html>""")
    readability = [*SENTENCES[:3], tweet, "— Dana Ortiz (@danaortiz) June 4, 2024", *items]
    text = without_furniture_lines("\n\n".join(readability), "\n\n".join(SENTENCES[:3]), tree)
    assert text == "\n\n".join(readability)


def test_the_lead_stops_at_the_headline_and_looks_up_few_sub_heads(monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.importers import html_merge

    teaser = ("Subscribe today for unlimited access to local news, and get your first three months of digital "
              "access for just one dollar.")
    tree = lxml_html.fromstring(f"""<html><body><div class="promo"><p>{teaser}</p></div><article>
<h1>Dam unchecked for years</h1>{_paragraphs(SENTENCES)}</article></body></html>""")
    trafilatura = "\n\n".join([teaser, "Dam unchecked for years", *SENTENCES])
    assert with_lead(trafilatura, "\n\n".join(SENTENCES), tree) == "\n\n".join(SENTENCES)

    # A thousand headings above the story: each one looked up in the tree would take the import quadratic.
    heads = [f"Section {i}" for i in range(1000)]
    tree = lxml_html.fromstring("<html><body>" + "".join(f"<h3>{h}</h3>" for h in heads)
                                + _paragraphs(SENTENCES) + "</body></html>")
    calls = []
    real = html_merge._holders
    monkeypatch.setattr(html_merge, "_holders", lambda *a, **k: calls.append(1) or real(*a, **k))
    with_lead("\n\n".join([*heads, *SENTENCES]), "\n\n".join(SENTENCES), tree)
    assert len(calls) <= 3
