"""What is put back into, or taken out of, readability's text of a page with the help of trafilatura's text of it.

``html._choose`` keeps one of the two extractions, mostly readability's (one container of the page). Around and
inside that container trafilatura reads things readability's text lacks or has too much of; these rules mend the
chosen text from trafilatura's blocks, each checked against the page's tree (benchmarks/importers/real_f1.py):

- ``with_lead``: the standfirst or lede trafilatura read just before readability's first paragraph;
- ``without_furniture_lines``: readability's link-only, photo-credit and caption lines, and the lines above the
  story's first paragraph and below its last, that trafilatura left out;
- ``with_inner_lines``: the sub-heads and lists trafilatura read between two of readability's paragraphs;
- ``with_sibling_paragraphs``: the article's paragraphs trafilatura read in a box beside readability's container,
  or in its container where readability dropped them.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from workbench.importers.html_clean import BLOCKS, class_names, text_len

_WORDS = re.compile(r"\w+")


# Chinese, Japanese and Korean write without spaces between words: two characters count as a word.
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def word_count(block: str) -> int:
    """How many words a block of text has, two Chinese, Japanese or Korean characters counting as one."""
    return len(_WORDS.findall(block)) + len(CJK.findall(block)) // 2


def _key(block: str) -> str:
    """A block's words, lower-cased, one space apart: what two extractions of the same text have in common."""
    return " ".join(_WORDS.findall(block.lower()))


# A standfirst or lede trafilatura read just before the paragraphs readability chose: a block of running text
# (this many words; a standfirst often has no full stop, "Rain, storms and snow forecast for today in the centre and
# south, with Marche and Abruzzo hit"; headlines are shorter), at most _LEAD_BLOCKS of them. Readability picks one
# container, and many news pages keep the standfirst or first paragraph in another ("story-intro" above
# "story-body"): the Herald Sun's first four paragraphs, the standfirsts trafilatura's evaluation asks for on
# 40-odd pages. Up to _LEAD_HEADS sub-heads in a row between them (a heading below the page's <h1>, or a paragraph
# all in bold; no link, menu or caption) are taken along with the paragraph above them: an abstract's "Purpose of the
# Review", "What the inspectors found" (dev: CleanEval +.0007, trafilatura's set +.0007, the rest unchanged).
_LEAD_WORDS = 15
_LEAD_BLOCKS = 5
_LEAD_HEADS = 2
_HEADLINE = frozenset(("h1",))
_SENTENCE_END = re.compile(r"[.!?…。\"”»“'’)]\s*$")
# Photo captions and credits: text of <figcaption>, of boxes so named, and images' alt text.
_CAPTION_BOX = re.compile(r"caption|credit|photo|image|picture|figure|media")


def _caption_texts(tree: HtmlElement) -> str:
    """The page's photo captions and credits, whitespace-collapsed and lower-cased, one per line."""
    texts = [
        " ".join(el.text_content().split()).lower()
        for el in tree.iter()
        if isinstance(el.tag, str) and (el.tag == "figcaption" or _CAPTION_BOX.search(class_names(el)))
        and text_len(el) <= 1_000  # a box named "media-article" that holds the story is not a caption
    ]
    texts += [" ".join(img.get("alt", "").split()).lower() for img in tree.iter("img") if img.get("alt")]
    return "\n".join(t for t in texts if t)


def with_lead(trafilatura_text: str, readability_text: str, tree: HtmlElement) -> str:
    """Readability's text with the standfirst or lede trafilatura found just before it (see _LEAD_WORDS).

    ``tree``: the tree trafilatura read, where its blocks' captions and sub-heads are looked up (only when a block
    qualifies)."""
    chosen = _key(readability_text)
    blocks = [b for b in trafilatura_text.split("\n\n") if b.strip()]
    first = next((i for i, k in enumerate(map(_key, blocks)) if k and k in chosen), None)
    if first is None:
        return readability_text
    lead: list[str] = []
    heads: list[str] = []
    paragraphs = 0
    captions: str | None = None
    for block in reversed(blocks[:first]):
        words = _WORDS.findall(block.lower())
        if paragraphs == _LEAD_BLOCKS or " ".join(words[:8]) in chosen:
            break
        if len(words) < _LEAD_WORDS:
            # (each sub-head is looked up in the tree: at most _LEAD_HEADS of them in a row keeps that cheap)
            owner = _holders(tree, {0: " ".join(words[:3])}).get(0) if words and len(heads) < _LEAD_HEADS else None
            if (owner is None or _near(owner, 3, _FURNITURE) or not _heading(owner) or _captioned(owner)
                    or _near(owner, 2, _HEADLINE)):  # what is above the headline is not the story
                break
            heads.insert(0, block)  # kept only if a paragraph of the lead stands above it
            continue
        if captions is None:
            captions = _caption_texts(tree)
        if " ".join(block.split()).lower() in captions:
            break
        lead[:0] = [block, *heads]
        heads = []
        paragraphs += 1
    return "\n\n".join([*lead, readability_text])


# Lines of readability's text that trafilatura left out and that are the page's furniture inside readability's
# container, not the article:
# - a line that is only a link's text ("Zurück zur Startseite", "Kontakt", "Back to the news list": navigation), at
#   most _LINK_LINE_WORDS words and not ending like a sentence;
# - a photo credit on a line of its own ("Foto: Ingo Pertramer", "© jorisvo / Fotolia.com", "Photo by ev on
#   Unsplash"), at most _CREDIT_LINE_WORDS words (a caption that names its credit at the end is a sentence about the
#   photo and stays: unless it is a whole <figcaption>, next);
# - a photo's caption (a <figcaption>'s whole text): it describes the picture, not the story (trafilatura's own
#   evaluation counts captions as noise; Readability.js keeps them, dev .9668 -> .9661 there, trafilatura's set
#   +.003);
# - the head before the story's first paragraph: readability's lines before the first one trafilatura also read,
#   down to a sentence or a standfirst of _LEAD_WORDS words (kickers, "Posted by Danielle Black", "Published Nov. 7,
#   2012 7:26 am", "2/28 photos": the byline and date are the article's fields, not its text);
# - the tail after the article's last paragraph: readability's lines after the last one trafilatura also read, back
#   to a paragraph of running text (``running_text``) or to a line in a quotation or a list item (a tweet or a "How
#   to help:" list that closes the story). Author boxes, "This entry was posted in", "Mit unserem Newsletter bleiben
#   Sie informiert", "- Anzeige -", "SUGGESTED CITATION", "Latest posts by". A closing sentence shorter than a
#   paragraph that trafilatura missed goes too ("The vote was 7-2."): stopping at every sentence kept the WordPress
#   lines above and left trafilatura's set at .9216.
# Head and tail, measured on the dev pages of the six sets: trafilatura's set +.0035, L3S-GN1 +.0017, Dragnet +.0003
# (its gold keeps bylines and dates: -.0008 from the head alone), CleanPortalEval -.0004, Readability.js -.0006 (its
# gold keeps "About the Author" and "Next page" lines); cutting every such line of the tail, or every one short or
# without a full stop, cut the last lines of blog posts (CleanEval -.009).
_LINK_LINE_WORDS = 12
_CREDIT_LINE_WORDS = 8
_CREDIT_LINE = re.compile(
    r"^\W*(?:(?:fotos?|photos?|bild(?:er)?|quelle|credits?|crédito|image|picture)\s*:|©|\(c\)|copyright\b"
    r"|photo(?:graph)?s? by\b)",
    re.I,
)


def without_furniture_lines(readability_text: str, trafilatura_text: str, tree: HtmlElement) -> str:
    """Readability's text without its link-only, photo-credit and caption lines and its head and tail that
    trafilatura did not keep (see _LINK_LINE_WORDS).

    ``tree``: the tree trafilatura read, whose links and captions are looked up only when a line qualifies."""
    kept = _key(trafilatura_text)
    blocks = readability_text.split("\n\n")
    keys = [_key(b) for b in blocks]
    read = [bool(k) and k in kept for k in keys]  # (a substring search in trafilatura's whole text: once per line)
    missing = [i for i, k in enumerate(keys) if k and not read[i]]
    if not missing:
        return readability_text
    dropped: set[int] = set()
    candidates: set[int] = set()
    for i in missing:
        n = len(keys[i].split())
        if n <= _CREDIT_LINE_WORDS and _CREDIT_LINE.match(blocks[i]):
            dropped.add(i)
        elif n <= _LINK_LINE_WORDS and not _SENTENCE_END.search(blocks[i]):
            candidates.add(i)
    if candidates:
        links = {" ".join(a.text_content().split()).lower() for a in tree.iter("a")}
        dropped |= {i for i in candidates if " ".join(blocks[i].split()).lower() in links}
    captions = {" ".join(el.text_content().split()).lower() for el in tree.iter("figcaption")}
    dropped |= {i for i in missing if " ".join(blocks[i].split()).lower() in captions}
    shared = [i for i, r in enumerate(read) if r]
    if shared:
        for i in range(shared[0]):  # the head, down to a sentence or a standfirst without a full stop
            if _SENTENCE_END.search(blocks[i]) or word_count(blocks[i]) >= _LEAD_WORDS:
                break
            dropped.add(i)
        tail: list[int] = []
        for i in range(len(blocks) - 1, shared[-1], -1):  # the tail, up to a paragraph of running text
            if running_text(blocks[i], word_count(blocks[i])):
                break
            tail.append(i)
        if tail:
            dropped |= _furniture_tail(tail, keys, tree)
    return "\n\n".join(b for i, b in enumerate(blocks) if i not in dropped) if dropped else readability_text


def _furniture_tail(tail: list[int], keys: list[str], tree: HtmlElement) -> set[int]:
    """Of the tail's lines (last first), those below the last one held in a quotation (a tweet the story quotes at its
    end) or in a list item that is no link (a closing "How to help:" list)."""
    holders = _holders(tree, {i: " ".join(keys[i].split()[:3]) for i in tail if keys[i]})
    cut: set[int] = set()
    for i in tail:
        holder = holders.get(i)
        if holder is not None and (
            _near(holder, 4, _QUOTED) or (_near(holder, 2, _ITEM) and not _near(holder, 2, _LINK))
        ):
            break
        cut.add(i)
    return cut


_QUOTED = frozenset(("blockquote", "q"))
_ITEM = frozenset(("li", "dd"))
_LINK = frozenset(("a",))


# Short lines trafilatura read between two paragraphs of the chosen text that the chosen text lacks: a sub-head
# readability left out ("More ways to customize", "1. AI shines a light on cumbersome toolchains"), a list's items
# ("- Ruler", "- Spoon" under "What You'll Need"), a photo's caption written as a list item. Each line has fewer
# than _INNER_WORDS words (longer blocks there are mostly teasers and related stories: putting those back lost on
# L3S-GN1 and Readability.js, BENCHMARKS.md). Put back in place, a run of consecutive lines at once, when
# - no line is the text of a link, button, menu, form or table cell on the page (_FURNITURE, nearest levels);
# - a single line is a heading (<h2>, or a paragraph that is all bold) and no photo credit or caption box's text:
#   lone lines there are otherwise "advertisement", "Sections:", "Reuters" (L3S-GN1's gold leaves them out);
# - several lines are a list, perhaps under a heading: several lines of headlines are a "Latest news" box.
_INNER_WORDS = 15
_FURNITURE = frozenset(("a", "button", "nav", "menu", "aside", "footer", "form", "select", "label", "td", "th"))
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
# A list item as trafilatura writes it ("- Ruler") or a numbered one ("1. ...", "(2) ...").
_LIST_ITEM = re.compile(r"^(?:[-•*] |\(?\d{1,2}[.)] )")


def _aligned(chosen_text: str, trafilatura_text: str) -> tuple[list[str], str, list[str], list[str], list[int | None]]:
    """The chosen text's paragraphs and all their words; trafilatura's blocks, their words, and where each block is
    in the chosen text (None: not there)."""
    chosen = chosen_text.split("\n\n")
    keys = [_key(b) for b in chosen]
    blocks = [b for b in trafilatura_text.split("\n\n") if b.strip()]
    tkeys = [_key(b) for b in blocks]
    where = [next((j for j, c in enumerate(keys) if k and (k == c or (k.count(" ") >= 3 and k in c))), None)
             for k in tkeys]
    return chosen, " ".join(keys), blocks, tkeys, where


def _with_inserts(chosen: list[str], inserts: dict[int, list[str]]) -> str:
    """The chosen paragraphs with ``inserts`` put back: each list after the paragraph of its key (-1: before all)."""
    out = list(inserts.get(-1, []))
    for j, block in enumerate(chosen):
        out.append(block)
        out += inserts.get(j, [])
    return "\n\n".join(out)


def with_inner_lines(chosen_text: str, trafilatura_text: str, tree: HtmlElement) -> str:
    """``chosen_text`` with the sub-heads and lists trafilatura read between two of its paragraphs put back in
    place (see _INNER_WORDS). ``tree``: the tree trafilatura read, walked only when some line qualifies."""
    chosen, whole, blocks, tkeys, where = _aligned(chosen_text, trafilatura_text)
    found: dict[int, str] = {}
    for i, k in enumerate(tkeys):
        words = k.split()
        # (a table row, "| a | b |", is a layout table's cell more often than the article's)
        if where[i] is not None or not k or len(words) >= _INNER_WORDS or k in whole or blocks[i].startswith("|"):
            continue
        # a piece of a paragraph the chosen text has (split at a <br> or around a link) is no missing line
        if len(words) >= 4 and (" ".join(words[:4]) in whole or " ".join(words[-4:]) in whole):
            continue
        before = next((where[j] for j in range(i - 1, -1, -1) if where[j] is not None), None)
        after = next((where[j] for j in range(i + 1, len(tkeys)) if where[j] is not None), None)
        if before is not None and after is not None and after >= before:
            found[i] = " ".join(words[:3])
    if not found:
        return chosen_text
    holders = _holders(tree, found)
    runs: list[list[int]] = []
    for i in sorted(found):
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    inserts: dict[int, list[str]] = {}
    for run in runs:
        owners = [holders.get(i) for i in run]
        if _article_lines([blocks[i] for i in run], owners):
            at = next(where[j] for j in range(run[0] - 1, -1, -1) if where[j] is not None)
            inserts.setdefault(at or 0, []).extend(blocks[i] for i in run)
    if not inserts:
        return chosen_text
    return _with_inserts(chosen, inserts)


def _holders(tree: HtmlElement, starts: dict[int, str], *, last: bool = False) -> dict[int, HtmlElement]:
    """For each line (by its first words), the element that holds the first text node on the page starting so;
    with ``last``, the last one (a page may repeat a paragraph earlier: drk.de keeps a hidden read-aloud copy of
    its story above it)."""
    holders: dict[int, HtmlElement] = {}
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        for text, owner in ((element.text, element), (element.tail, element.getparent())):
            if not text or owner is None or not text.strip():
                continue
            node = _key(text)
            for i, start in starts.items():
                if (last or i not in holders) and node.startswith(start):
                    holders[i] = owner
            if not last and len(holders) == len(starts):
                return holders
    return holders


def _article_lines(lines: list[str], owners: list[HtmlElement | None]) -> bool:
    """Whether a run of missing lines is the article's (see _INNER_WORDS)."""
    if any(owner is None or _near(owner, 3, _FURNITURE) for owner in owners):
        return False
    if len(lines) > 1:
        items = [bool(_LIST_ITEM.match(line)) for line in lines]
        return all(items[1:]) and any(items)
    owner, line = owners[0], lines[0]
    assert owner is not None
    if line.rstrip().endswith(":") or _captioned(owner):
        return False
    return bool(_LIST_ITEM.match(line)) or _heading(owner)


def _near(owner: HtmlElement, levels: int, tags: frozenset[str]) -> bool:
    """Whether ``owner`` or one of its nearest ``levels`` ancestors is one of ``tags``."""
    return any(isinstance(e.tag, str) and e.tag in tags for e in (owner, *list(owner.iterancestors())[:levels]))


def _heading(owner: HtmlElement) -> bool:
    """Whether a line held by ``owner`` is a heading, or a paragraph all in bold (as sub-heads often are)."""
    parent = owner.getparent()
    return _near(owner, 2, _HEADINGS) or (
        owner.tag in ("strong", "b") and not (owner.tail or "").strip() and parent is not None and parent.tag == "p"
    )


def _captioned(owner: HtmlElement) -> bool:
    """Whether a line held by ``owner`` is in a photo's caption or credit."""
    return any(
        isinstance(e.tag, str) and (e.tag in ("figcaption", "figure") or _CAPTION_BOX.search(class_names(e)))
        for e in (owner, *list(owner.iterancestors())[:3])
    )


# Readability keeps one container; some pages hold the article in two boxes side by side, and readability's is then
# only part of it (drk.de: the first paragraph in "o-textblock", the rest in the "o-media__body" after it, both in the
# page's main column); and inside its container readability's cleaning drops whole boxes of paragraphs now and then
# (National Geographic's "paragraph" boxes after the first few, a journal's abstract). Trafilatura's paragraphs of
# running text (at least _INNER_WORDS words, ending like a sentence; no list item or copyright line) that readability's
# text lacks are put back, in trafilatura's order, when
# - they lie near readability's box: under the box's ancestor _SIBLING_LEVELS up, at most one level deeper than
#   readability's paragraphs lie under that ancestor (a sidebar's teasers sit deeper, in boxes of boxes), and in the
#   same kind of element as readability's paragraphs (<p> beside <p>);
# - no element between them and that ancestor is a link, menu, form or table cell (_FURNITURE) or is named as a
#   comment, related-stories, social or sidebar box (_SIDE_BOX);
# - there are at least _SIBLING_RUN of them outside readability's box, or _WITHIN_RUN inside it: a paragraph or two
#   there is a promotion or a note far more often than the article's own ("PR-Inside.com announces...", "Don't
#   forget to check out our White Paper Library", "NOTE: Please post your comments...").
# Measured on the dev pages of the six sets (benchmarks/importers/real_f1.py, BENCHMARKS.md); going up three levels,
# or accepting fewer paragraphs, lost on L3S-GN1.
_SIBLING_LEVELS = 2
_SIBLING_RUN = 2
_WITHIN_RUN = 3
_SIDE_BOX = re.compile(
    r"comment|related|teaser|aside|footer|sidebar|promo|newsletter|recommend|share|social|author|bio\b|widget"
    r"|advert|sponsor|more|popular|trending|nav|menu|breadcrumb|tags?\b|signup|subscribe|tweet|twitter|instagram"
    r"|embed|rail|(?<![a-z])right(?![a-z])"
)
_NOT_PROSE = re.compile(r"^\W*(?:·|©|copyright\b)", re.I)


def running_text(block: str, words: int) -> bool:
    """Whether a block of text is a paragraph of running text, not a line (a heading, a caption, a link)."""
    return words >= _INNER_WORDS and _SENTENCE_END.search(block) is not None


def with_sibling_paragraphs(chosen_text: str, trafilatura_text: str, tree: HtmlElement) -> str:
    """``chosen_text`` with the article's paragraphs trafilatura read beside or inside readability's box put back in
    place (see _SIBLING_LEVELS). ``tree``: the tree trafilatura read."""
    chosen, whole, blocks, tkeys, where = _aligned(chosen_text, trafilatura_text)
    anchors, candidates = [], []
    for i, k in enumerate(tkeys):
        words = k.split()
        if not running_text(blocks[i], len(words)):
            continue
        if where[i] is not None:
            anchors.append(i)
        # (a piece of a paragraph the chosen text has, split at a <br> or around a link, is no missing paragraph)
        elif (
            k not in whole and " ".join(words[:4]) not in whole and " ".join(words[-4:]) not in whole
            # nor is a list item, a layout table's row or a copyright line
            and not _LIST_ITEM.match(blocks[i]) and not _NOT_PROSE.match(blocks[i]) and not blocks[i].startswith("|")
        ):
            candidates.append(i)
    if not anchors or len(candidates) < _SIBLING_RUN:
        return chosen_text
    starts = {i: " ".join(tkeys[i].split()[:5]) for i in anchors + candidates}
    holders = {i: _block(owner) for i, owner in _holders(tree, starts, last=True).items()}
    paragraphs = [holders[i] for i in anchors if i in holders]
    if not paragraphs:
        return chosen_text
    box = _common_ancestor(paragraphs)
    if box in paragraphs and box.getparent() is not None:
        box = box.getparent()  # readability's text is one paragraph: its box is the element around it
    around = box
    for _ in range(_SIBLING_LEVELS):
        parent = around.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        around = parent
    shared = {box, *box.iterancestors()}
    depths = sorted(_depth(p, around) for p in paragraphs)
    deepest = depths[len(depths) // 2] + 1
    kinds = {p.tag for p in paragraphs}
    beside: list[int] = []
    within: list[int] = []
    for i in candidates:
        h = holders.get(i)
        if h is not None and h.tag in kinds and _depth(h, around) <= deepest and _beside(h, around, shared):
            (within if box in h.iterancestors() else beside).append(i)
    found = sorted((beside if len(beside) >= _SIBLING_RUN else []) + (within if len(within) >= _WITHIN_RUN else []))
    if not found:
        return chosen_text
    inserts: dict[int, list[str]] = {}
    for i in found:
        at = next((where[j] for j in range(i - 1, -1, -1) if where[j] is not None), -1)
        inserts.setdefault(at, []).append(blocks[i])
    return _with_inserts(chosen, inserts)


def _block(element: HtmlElement) -> HtmlElement:
    """The nearest block element around ``element`` (a paragraph's <p> rather than the <strong> it starts with)."""
    return next((e for e in (element, *element.iterancestors()) if isinstance(e.tag, str) and e.tag in BLOCKS),
                element)


def _common_ancestor(elements: list[HtmlElement]) -> HtmlElement:
    """The deepest element that is ``elements``' own or ancestor for all of them."""
    paths = [list(reversed([e, *e.iterancestors()])) for e in elements]
    common = paths[0][0]
    for level in zip(*paths, strict=False):
        if any(e is not level[0] for e in level):
            break
        common = level[0]
    return common


def _depth(element: HtmlElement, ancestor: HtmlElement) -> int:
    """How many levels ``element`` lies under ``ancestor`` (a large number when not under it)."""
    for n, parent in enumerate(element.iterancestors(), start=1):
        if parent is ancestor:
            return n
    return 1_000


def _beside(holder: HtmlElement, around: HtmlElement, shared: set[HtmlElement]) -> bool:
    """Whether ``holder`` lies under ``around`` in no link, menu, form, table cell or side box (see _SIDE_BOX).

    ``shared``: readability's box and its ancestors, whose names are not held against a paragraph beside it (the
    article's own box may well be named "story-more")."""
    for element in (holder, *holder.iterancestors()):
        if element is around:
            return True
        if element.tag in _FURNITURE or (element not in shared and _SIDE_BOX.search(class_names(element))):
            return False
    return False
