"""Find a quote in a source and say how it compares: verbatim, spliced, altered or not found.

``locate`` finds where the quote's words are. The whole quote (or each piece between omission marks) is
first looked for as an exact phrase of word keys (one ``str.find`` over the source's joined keys). If that
fails, candidate places come from word trigrams of the quote (each found with ``str.find``; a place where
many of them fall on one diagonal, source position minus quote position, is a candidate), and from
rapidfuzz's ``partial_ratio_alignment`` over the whole source when the trigrams say little (a short or
much-changed quote). Each candidate window is aligned word by word with ``difflib.SequenceMatcher`` (it
keeps runs of words together, where an edit-distance alignment scatters common words; see BENCHMARKS.md),
and the window that explains most of the quote wins. A stretch of four or more quote words the window does
not explain is looked for elsewhere: a quote joined from distant places is a splice.

``classify`` reads the alignment: every word matched and nothing left out between them is *verbatim*;
words left out between verbatim pieces are *omissions* (marked with "…" or silent; a silent gap of one or
two words inside a sentence is a dropped word, an alteration, because that is how a "not" disappears);
any added, changed or dropped word makes the quote *altered*, unless it is so far from the source that it
is *not found*.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

from rapidfuzz import fuzz

from workbench.core.errors import ValidationError
from workbench.verify.result import (
    ALTERED,
    DELETE,
    EQUAL,
    INSERT,
    NOT_FOUND,
    SPLICED,
    VERBATIM,
    Omission,
    Piece,
    Verification,
)
from workbench.verify.source import SourceText, _Index
from workbench.verify.speakers import same_speaker
from workbench.verify.text import QuoteText, Token, is_sentence_break, parse_quote

# Below this similarity (rapidfuzz ratio of the quote's words to the words found, 0..1), or with less than
# MIN_COVERAGE of the quote's words found in order, the closest passage is not the quote's source.
MIN_SIMILARITY = 0.72
MIN_COVERAGE = 0.5
# An unmarked gap of at most this many words inside one sentence is a dropped word (altered), not a splice.
MAX_DROPPED = 2
# A stretch of the quote at least this long found elsewhere in the source is a spliced-in piece.
MIN_ELSEWHERE = 4
# Trigrams occurring more often than this say nothing about where a quote is.
_SHINGLE_LIMIT = 50
# Candidate windows aligned per quote piece.
_CANDIDATES = 4
# Words left out between two pieces in order are shown in the diff up to this many (else shortened).
_SHOWN_OMISSION = 40


@dataclass(frozen=True, slots=True)
class Block:
    """Quote tokens ``q .. q+n`` are source tokens ``s .. s+n``."""

    q: int
    s: int
    n: int


@dataclass(slots=True)
class Alignment:
    """Where a quote's words are in a source: matched blocks in quote order (see ``locate``)."""

    quote: QuoteText
    source: SourceText
    blocks: list[Block]
    occurrences: int = 0

    @property
    def matched(self) -> int:
        return sum(b.n for b in self.blocks)


# -- locating ------------------------------------------------------------------------------------------


def locate(quote: str | QuoteText, source: SourceText, *, speaker: str | None = None) -> Alignment:
    """Where the quote's words are in ``source`` (blocks may be empty: nothing found).

    ``speaker`` (the claim's) breaks ties: of several places that fit equally, the one that speaker said.
    Raises ``ValidationError`` for a quote without words and ``NoSourceText`` for a source without any.
    """
    q = quote if isinstance(quote, QuoteText) else parse_quote(quote)
    if not q.tokens:
        raise ValidationError("The quote has no words to look for in the source.")
    source.require_words()
    index = source.index
    keys = [t.key for t in q.tokens]
    occurrences = 0
    if len(q.pieces) == 1:
        found = index.find_all(keys)
        occurrences = len(found)
        if found:
            s = _prefer(index, found, speaker, near=None)
            return Alignment(q, source, [Block(0, s, len(keys))], occurrences)
    blocks: list[Block] = []
    previous_end: int | None = None
    for a, b in q.pieces:
        piece = _align_piece(index, keys, a, b, speaker, previous_end)
        blocks.extend(piece)
        if piece:
            previous_end = piece[-1].s + piece[-1].n
    blocks.sort(key=lambda blk: blk.q)
    return Alignment(q, source, blocks, occurrences)


def _prefer(index: _Index, found: list[int], speaker: str | None, near: int | None) -> int:
    """Of several exact occurrences: the claim's speaker's, then the first after (or nearest to) ``near``."""
    if len(found) == 1:
        return found[0]
    pool = found
    if speaker:
        said = [s for s in found if same_speaker(speaker, index.passage_of(s).speaker)]
        pool = said or found
    if near is None:
        return pool[0]
    return min(pool, key=lambda s: (s < near, abs(s - near)))


def _align_piece(index: _Index, keys: list[str], a: int, b: int, speaker: str | None,
                 near: int | None) -> list[Block]:
    """Blocks for quote tokens ``a .. b`` (one piece between omission marks)."""
    found = index.find_all(keys[a:b])
    if found:
        return [Block(a, _prefer(index, found, speaker, near), b - a)]
    best = _best_window(index, keys, a, b, near)
    if not best:
        return []
    return _fill_from_elsewhere(index, keys, a, b, best, near)


def _best_window(index: _Index, keys: list[str], a: int, b: int, near: int | None) -> list[Block]:
    piece = keys[a:b]
    windows = _candidate_windows(index, piece)
    best: list[Block] = []
    best_score: tuple[int, int, int] | None = None
    for lo, hi in windows:
        blocks = _align_window(index, piece, lo, hi, a)
        matched = sum(blk.n for blk in blocks)
        if not matched:
            continue
        spread = blocks[-1].s + blocks[-1].n - blocks[0].s
        closeness = -abs(blocks[0].s - near) if near is not None else 0
        score = (matched, -spread, closeness)
        if best_score is None or score > best_score:
            best, best_score = blocks, score
    return best


def _candidate_windows(index: _Index, piece: list[str]) -> list[tuple[int, int]]:
    """Token windows of the source where ``piece`` may be, best first."""
    n = len(piece)
    k = 3 if n >= 6 else 2 if n >= 3 else 1
    votes: Counter[int] = Counter()
    shingles = n - k + 1
    for i in range(shingles):
        found = index.find_all(piece[i:i + k], limit=_SHINGLE_LIMIT + 1)
        if len(found) > _SHINGLE_LIMIT:
            continue
        for s in found:
            votes[s - i] += 1
    # Diagonals close together are one place (words added or dropped shift the diagonal a little).
    tolerance = max(2, n // 4)
    clusters: list[tuple[int, int, int]] = []  # (votes, first diagonal, last diagonal)
    for d in sorted(votes):
        if clusters and d - clusters[-1][2] <= tolerance:
            v, first, _ = clusters[-1]
            clusters[-1] = (v + votes[d], first, d)
        else:
            clusters.append((votes[d], d, d))
    clusters.sort(key=lambda c: -c[0])
    margin = max(8, n // 2)
    total = len(index)
    windows = [(max(0, first - margin), min(total, last + n + margin)) for _, first, last in clusters[:_CANDIDATES]]
    if not clusters or clusters[0][0] < max(1, shingles // 3):
        # The trigrams say little (a short quote, or one with many words changed): let rapidfuzz find the
        # closest stretch of characters anywhere in the source.
        needle = " ".join(piece)
        hit = fuzz.partial_ratio_alignment(needle, index.joined, score_cutoff=50)
        if hit is not None:
            lo = index.token_at_char(hit.dest_start)
            hi = index.token_at_char(max(hit.dest_start, hit.dest_end - 1)) + 1
            windows.append((max(0, lo - margin), min(total, hi + margin)))
    return windows


def _align_window(index: _Index, piece: list[str], lo: int, hi: int, offset: int) -> list[Block]:
    matcher = SequenceMatcher(None, piece, index.keys[lo:hi], autojunk=False)
    blocks = [Block(offset + qa, lo + sa, n) for qa, sa, n in matcher.get_matching_blocks() if n]
    return _trim_edges(blocks)


def _trim_edges(blocks: list[Block]) -> list[Block]:
    """Drop a one- or two-word match at either end that sits apart from the rest in the source (a "the"
    of the window's margin), so the found passage is the quote's, not the margin's."""
    while len(blocks) > 1:
        first, second = blocks[0], blocks[1]
        if first.n <= 2 and (second.s - first.s - first.n) > (second.q - first.q - first.n) + 2:
            blocks.pop(0)
            continue
        last, prev = blocks[-1], blocks[-2]
        if last.n <= 2 and (last.s - prev.s - prev.n) > (last.q - prev.q - prev.n) + 2:
            blocks.pop()
            continue
        break
    return blocks


def _fill_from_elsewhere(index: _Index, keys: list[str], a: int, b: int, blocks: list[Block],
                         near: int | None) -> list[Block]:
    """Look for stretches of the piece the window left unexplained elsewhere in the source: the quote may
    join words said far apart."""
    out = list(blocks)
    covered = [False] * (b - a)
    for blk in blocks:
        for i in range(blk.q, blk.q + blk.n):
            covered[i - a] = True
    i = 0
    while i < len(covered):
        if covered[i]:
            i += 1
            continue
        j = i
        while j < len(covered) and not covered[j]:
            j += 1
        u, v = a + i, a + j
        if v - u >= MIN_ELSEWHERE:
            anchor = next((blk.s + blk.n for blk in reversed(out) if blk.q < u), near)
            found = index.find_all(keys[u:v])
            if found:
                out.append(Block(u, _prefer(index, found, None, anchor), v - u))
            elif v - u >= 2 * MIN_ELSEWHERE:
                sub = _best_window(index, keys, u, v, anchor)
                if sum(blk.n for blk in sub) >= 0.6 * (v - u):
                    out.extend(sub)
        i = j
    out.sort(key=lambda blk: blk.q)
    return out


# -- classifying ---------------------------------------------------------------------------------------


def verify_quote(quote: str, source: SourceText, *, speaker: str | None = None,
                 source_id: str | None = None) -> Verification:
    """Locate ``quote`` in ``source`` and classify it (see the module docstring).

    ``speaker`` is the claim's speaker: it picks among equal places and is compared with the transcript's
    speaker of the passage found (``speaker_in_source`` is set when they differ).
    """
    return classify(locate(quote, source, speaker=speaker), speaker=speaker, source_id=source_id)


@dataclass(slots=True)
class _Op:
    tag: str  # EQUAL / DELETE / INSERT, or "omit" (words left out between pieces) / "jump" (far away)
    q0: int = 0
    q1: int = 0
    s0: int = 0
    s1: int = 0
    marked: bool = False


def classify(alignment: Alignment, *, speaker: str | None = None, source_id: str | None = None) -> Verification:
    """The verdict on an alignment: status, similarity, found passage, locator, speaker, word diff."""
    q, source = alignment.quote, alignment.source
    index = source.index
    blocks = alignment.blocks
    n = len(q.tokens)
    if not blocks:
        return Verification(NOT_FOUND, 0.0, source=source_id)
    cuts = {a for a, _ in q.pieces[1:]}
    piece_starts = {a for a, _ in q.pieces}
    ops: list[_Op] = []
    omissions: list[Omission] = []
    prev: Block | None = None
    for blk in blocks:
        first_letter_free = set(piece_starts)
        if prev is None:
            if blk.q > 0:
                ops.append(_Op(INSERT, 0, blk.q))
        else:
            q_end, s_end = prev.q + prev.n, prev.s + prev.n
            qgap, sgap = blk.q - q_end, blk.s - s_end
            marked = blk.q in cuts
            if 0 <= sgap <= max(_SHOWN_OMISSION, 2 * n):
                if qgap == 0 and sgap > 0:
                    between = source.text[index.token(s_end - 1).end:index.token(blk.s).start]
                    crosses = (is_sentence_break(between)
                               or index.passage_of(s_end - 1).speaker != index.passage_of(blk.s).speaker)
                    if marked or sgap > MAX_DROPPED or crosses:
                        ops.append(_Op("omit", q_end, q_end, s_end, blk.s, marked))
                        omissions.append(Omission(marked, sgap))
                        first_letter_free.add(blk.q)
                    else:
                        ops.append(_Op(DELETE, q_end, q_end, s_end, blk.s))
                elif qgap > 0:
                    if sgap > 0:
                        ops.append(_Op(DELETE, q_end, q_end, s_end, blk.s))
                    ops.append(_Op(INSERT, q_end, blk.q))
            else:
                if qgap > 0:
                    ops.append(_Op(INSERT, q_end, blk.q))
                ops.append(_Op("jump", blk.q, blk.q, s_end, blk.s, marked))
                omissions.append(Omission(marked, None))
                first_letter_free.add(blk.q)
        ops.extend(_equal_ops(q.tokens, index, blk, first_letter_free))
        prev = blk
    assert prev is not None
    if prev.q + prev.n < n:
        ops.append(_Op(INSERT, prev.q + prev.n, n))
    ops = _typography(ops, q.tokens, index)
    altered = any(op.tag in (INSERT, DELETE) for op in ops)

    matched_q = [op for op in ops if op.tag == EQUAL]
    source_keys = [index.keys[i] for op in ops if op.tag in (EQUAL, DELETE) for i in range(op.s0, op.s1)]
    quote_keys = [t.key for t in q.tokens]
    coverage = sum(op.q1 - op.q0 for op in matched_q) / n
    if altered:
        similarity = fuzz.ratio(" ".join(quote_keys), " ".join(source_keys)) / 100
        if similarity >= 1.0:
            similarity = 0.99  # a change of case only
        status = ALTERED if similarity >= MIN_SIMILARITY and coverage >= MIN_COVERAGE else NOT_FOUND
    else:
        similarity = 1.0
        status = SPLICED if omissions else VERBATIM
    if status == NOT_FOUND:
        return Verification(NOT_FOUND, similarity, source=source_id)

    pieces = _pieces(ops, index, source)
    first = pieces[0]
    found_speaker = first.speaker
    return Verification(
        status=status,
        similarity=similarity,
        found=" […] ".join(p.text for p in pieces),
        locator=first.locator,
        speaker_in_source=(found_speaker if found_speaker and not same_speaker(speaker, found_speaker)
                           else None),
        diff=_diff(ops, q, index, source),
        ellipsis=bool(omissions) and all(o.marked for o in omissions),
        source=source_id,
        start=first.start,
        end=first.end,
        speaker=found_speaker,
        pieces=pieces,
        omissions=omissions,
        occurrences=alignment.occurrences,
        changes=_changes(ops, q, index, source),
    )


def _equal_ops(tokens: list[Token], index: _Index, blk: Block, first_letter_free: set[int]) -> list[_Op]:
    """The matched words of a block, split where a word differs in case where case counts: only the first
    letter of a piece may change case, and a source word in capitals (captions) matches any case."""
    ops: list[_Op] = []
    run = blk.q
    for i in range(blk.n):
        qt, st = tokens[blk.q + i], index.token(blk.s + i)
        if qt.exact == st.exact or st.exact.isupper() or (
                blk.q + i in first_letter_free and qt.exact[1:] == st.exact[1:]):
            continue
        if blk.q + i > run:
            ops.append(_Op(EQUAL, run, blk.q + i, blk.s + run - blk.q, blk.s + i))
        ops.append(_Op(DELETE, blk.q + i, blk.q + i, blk.s + i, blk.s + i + 1))
        ops.append(_Op(INSERT, blk.q + i, blk.q + i + 1))
        run = blk.q + i + 1
    if run < blk.q + blk.n:
        ops.append(_Op(EQUAL, run, blk.q + blk.n, blk.s + run - blk.q, blk.s + blk.n))
    return ops


def _typography(ops: list[_Op], tokens: list[Token], index: _Index) -> list[_Op]:
    """A deleted and an inserted run with the same letters ("long term" / "long-term", "can not" /
    "cannot") differ in typography only: they become one equal run."""
    out: list[_Op] = []
    i = 0
    while i < len(ops):
        op = ops[i]
        nxt = ops[i + 1] if i + 1 < len(ops) else None
        if (op.tag == DELETE and nxt is not None and nxt.tag == INSERT
                and "".join(index.keys[op.s0:op.s1]) == "".join(t.key for t in tokens[nxt.q0:nxt.q1])
                and (op.s1 - op.s0 > 1 or nxt.q1 - nxt.q0 > 1)):
            out.append(_Op(EQUAL, nxt.q0, nxt.q1, op.s0, op.s1))
            i += 2
            continue
        out.append(op)
        i += 1
    merged: list[_Op] = []
    for op in out:
        if merged and op.tag == EQUAL and merged[-1].tag == EQUAL and merged[-1].q1 == op.q0 \
                and merged[-1].s1 == op.s0:
            merged[-1].q1, merged[-1].s1 = op.q1, op.s1
        else:
            merged.append(op)
    return merged


def _pieces(ops: list[_Op], index: _Index, source: SourceText) -> list[Piece]:
    """The source stretches the quote came from: one, unless a jump separates them."""
    groups: list[list[int]] = [[]]
    for op in ops:
        if op.tag == "jump":
            groups.append([])
        elif op.s1 > op.s0:
            groups[-1].extend((op.s0, op.s1 - 1))
    pieces = []
    for g in groups:
        if not g:
            continue
        a, b = min(g), max(g)
        start, end = index.token(a).start, index.token(b).end
        first, last = index.passage_of(a), index.passage_of(b)
        locator = first.locator
        if first.page is not None and last.page is not None and last.page != first.page:
            locator = f"pp. {first.page}–{last.page}"
        pieces.append(Piece(start, end, " ".join(source.text[start:end].split()), locator, first.speaker))
    return pieces


def _quote_text(q: QuoteText, a: int, b: int) -> str:
    """Quote tokens ``a .. b`` with the punctuation and spaces that follow them (and, for the first token,
    what precedes it), so that the equal and inserted runs of the diff put together give the quote."""
    if a >= b:
        return ""
    start = 0 if a == 0 else q.tokens[a].start
    end = len(q.text) if b >= len(q.tokens) else q.tokens[b].start
    return q.text[start:end]


def _source_words(index: _Index, source: SourceText, a: int, b: int) -> str:
    if b - a > _SHOWN_OMISSION:
        head = _source_words(index, source, a, a + _SHOWN_OMISSION // 2)
        tail = _source_words(index, source, b - _SHOWN_OMISSION // 2, b)
        return f"{head.rstrip()} […] {tail}"
    text = source.text[index.token(a).start:index.token(b - 1).end]
    return " ".join(text.split()) + " "


def _diff(ops: list[_Op], q: QuoteText, index: _Index, source: SourceText) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for op in ops:
        if op.tag in (EQUAL, INSERT):
            item = (op.tag, _quote_text(q, op.q0, op.q1))
        elif op.tag in (DELETE, "omit"):
            item = (DELETE, _source_words(index, source, op.s0, op.s1))
        else:
            continue
        if not item[1]:
            continue
        if out and out[-1][0] == item[0]:
            out[-1] = (item[0], out[-1][1] + item[1])
        else:
            out.append(item)
    return out


def _changes(ops: list[_Op], q: QuoteText, index: _Index, source: SourceText) -> list[tuple[str, str]]:
    """(source words, quote words) for each change: a delete and the insert after it form one change."""
    out: list[tuple[str, str]] = []
    pending: str | None = None
    for op in ops:
        if op.tag == DELETE:
            pending = _source_words(index, source, op.s0, op.s1).strip()
        elif op.tag == INSERT:
            out.append((pending or "", " ".join(_quote_text(q, op.q0, op.q1).split()).strip(" ,.;:!?\"'“”‘’")))
            pending = None
        else:
            if pending is not None:
                out.append((pending, ""))
            pending = None
    if pending is not None:
        out.append((pending, ""))
    return out
