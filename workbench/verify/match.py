"""Find a quote in a source and say how it compares: verbatim, spliced, altered or not found.

``locate`` finds where the quote's words are, piece by piece (the pieces are what omission marks such as
"…" separate; most quotes are one piece):

1. the piece as an exact phrase of word keys: one ``str.find`` over the source's joined keys;
2. else candidate places: word trigrams of the piece, each found with ``str.find``, vote for diagonals
   (source position minus quote position); close diagonals are one place, two close places are also tried
   as one window (the two halves of a splice), and rapidfuzz's ``partial_ratio_alignment`` over the whole
   source adds the closest stretch of characters when the trigrams say little (a short or much-changed
   quote). Each window is aligned word by word with ``difflib.SequenceMatcher``, which keeps runs of words
   together where an edit-distance alignment scatters common words (measured: BENCHMARKS.md); the window
   that explains most of the piece wins;
3. if more than two words of the piece are left unexplained, the piece may be a splice: it is covered by
   the longest verbatim stretches of the source from left to right, kept only if a few substantial ones do
   it (at most four, each at least three words, one at least five), so that phrases common enough to be
   found anywhere make no splice;
4. else stretches of four or more words the window left unexplained are looked for elsewhere.

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
from typing import NamedTuple

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
from workbench.verify.text import QuoteText, Token, parse_quote, sentence_break

# The closest passage is the quote's source (altered) only if more than MIN_COVERAGE of the quote's words
# are found there in order, and the quote's words and the passage's are at least MIN_SIMILARITY alike
# (rapidfuzz ratio, 0..1). Unrelated sentences from the same kind of text share up to half their words
# ("the", "we are", "that") with the closest passage; a quote with a word or two changed keeps most.
MIN_SIMILARITY = 0.5
MIN_COVERAGE = 0.55
# An unmarked gap of at most this many words inside one sentence is a dropped word (altered), not a splice.
MAX_DROPPED = 2
# A stretch of the quote at least this long found elsewhere in the source is a spliced-in piece.
MIN_ELSEWHERE = 4
# A splice is made of at most this many verbatim pieces of at least MIN_PIECE words, one at least _MIN_LONGEST.
_MAX_PIECES = 4
MIN_PIECE = 3
_MIN_LONGEST = 5
# Trigrams occurring more often than this say nothing about where a quote is.
_SHINGLE_LIMIT = 50
# At most this many trigrams of a piece are looked up (each is one scan of the source).
_MAX_SHINGLES = 16
# Quotes longer than this are not verified (a claim is a sentence or a few, not a chapter).
MAX_QUOTE_WORDS = 2000
# Candidate windows aligned per quote piece.
_CANDIDATES = 4
# Words left out between two pieces in order are shown in the diff up to this many (else shortened).
_SHOWN_OMISSION = 40


class Block(NamedTuple):
    """Quote tokens ``q .. q+n`` are source tokens ``s .. s+n`` (a tuple like difflib's ``Match``, which
    ``align_window`` reads them from)."""

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
    if len(q.tokens) > MAX_QUOTE_WORDS:
        raise ValidationError(f"The quote is {len(q.tokens):,} words long; quotes longer than {MAX_QUOTE_WORDS:,} "
                              "words are not verified. Mark the sentences that matter as the claim.")
    source.require_words()
    ctx = _Locating(source.index, source, q, [t.key for t in q.tokens], speaker)
    if len(q.pieces) == 1:
        found = ctx.index.find_all(ctx.keys)
        if found:
            s = ctx.prefer(found, 0, len(ctx.keys), near=None)
            return Alignment(q, source, [Block(0, s, len(ctx.keys))], len(found))
    blocks: list[Block] = []
    previous_end: int | None = None
    for a, b in q.pieces:
        piece = ctx.align_piece(a, b, previous_end)
        blocks.extend(piece)
        if piece:
            previous_end = piece[-1].s + piece[-1].n
    blocks.sort(key=lambda blk: blk.q)
    return Alignment(q, source, blocks)


@dataclass(slots=True)
class _Locating:
    index: _Index
    source: SourceText
    q: QuoteText
    keys: list[str]
    speaker: str | None

    def said_by_speaker(self, s: int) -> bool:
        return bool(self.speaker) and same_speaker(self.speaker, self.index.passage_of(s).speaker)

    def case_differences(self, a: int, b: int, s: int) -> int:
        """How many of quote words ``a .. b`` differ in case from source words ``s ..`` (first letters
        aside): of two places with the same words, the one written the same way is the one quoted."""
        tokens, index = self.q.tokens, self.index
        return sum((tokens[i].exact[1:] if i == a else tokens[i].exact)
                   != (index.token(s + i - a).exact[1:] if i == a else index.token(s + i - a).exact)
                   for i in range(a, b))

    def prefer(self, found: list[int], a: int, b: int, near: int | None) -> int:
        """Of several exact occurrences of quote words ``a .. b``: the claim's speaker's, then the one written
        in the same case, then the first after (or nearest to) ``near``, else the first."""
        if len(found) == 1:
            return found[0]
        pool = [s for s in found if self.said_by_speaker(s)] or found
        pool = pool[:50]
        return min(pool, key=lambda s: (self.case_differences(a, b, s),
                                        (s < near, abs(s - near)) if near is not None else (False, 0)))

    def align_piece(self, a: int, b: int, near: int | None) -> list[Block]:
        """Blocks for quote tokens ``a .. b`` (one piece between omission marks)."""
        found = self.index.find_all(self.keys[a:b])
        if found:
            return [Block(a, self.prefer(found, a, b, near), b - a)]
        best = self.best_window(a, b, near)
        if (b - a) - sum(blk.n for blk in best) > MAX_DROPPED:
            # More than a word or two of the piece is not in the best window: it may be a splice of verbatim
            # pieces from several places.
            cover = self.cover(a, b, near)
            if cover:
                return cover
        if not best:
            return []
        return self.fill_from_elsewhere(a, b, best, near)

    def cover(self, a: int, b: int, near: int | None) -> list[Block] | None:
        """The piece as consecutive verbatim stretches of the source (each the longest found from its
        start), if that explains every word with a few substantial stretches: at most ``_MAX_PIECES``, each
        of at least ``MIN_PIECE`` words, one of at least ``_MIN_LONGEST``. Else None: phrases common enough to
        be found anywhere ("I think that", "the United States") do not make a splice."""
        index, keys = self.index, self.keys
        spans: list[tuple[int, int]] = []
        i = a
        while i < b:
            if len(spans) >= _MAX_PIECES or not index.find_all(keys[i:i + 1], limit=1):
                return None
            lo, hi = i + 1, b  # keys[i:lo] is found; find the longest keys[i:j]
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if index.find_all(keys[i:mid], limit=1):
                    lo = mid
                else:
                    hi = mid - 1
            if lo - i < MIN_PIECE:
                return None
            spans.append((i, lo))
            i = lo
        if len(spans) < 2 or max(j - i for i, j in spans) < _MIN_LONGEST:
            return None
        # Which occurrence of each stretch: those that put the pieces closest together in reading order (the
        # claim's speaker's first, then those written in the same case).
        options = [index.find_all(keys[i:j], limit=50) for i, j in spans]
        best: tuple[tuple[int, int, int], list[Block]] | None = None
        for first in options[0]:
            blocks = [Block(spans[0][0], first, spans[0][1] - spans[0][0])]
            cost = 0
            for (i, j), found in zip(spans[1:], options[1:], strict=True):
                anchor = blocks[-1].s + blocks[-1].n
                s = min(found, key=lambda s, anchor=anchor: (s < anchor, abs(s - anchor)))
                cost += abs(s - anchor) + (len(index) if s < anchor else 0)
                blocks.append(Block(i, s, j - i))
            case = sum(self.case_differences(blk.q, blk.q + blk.n, blk.s) for blk in blocks)
            key = (0 if self.said_by_speaker(first) else 1, case, cost)
            if best is None or key < best[0]:
                best = (key, blocks)
        return self.polish(best[1]) if best else None

    def polish(self, blocks: list[Block]) -> list[Block]:
        """Move a junction between two pieces back to where the first piece's sentence ends in the source,
        when the second piece's occurrence is preceded by the same words: the longest-first cover otherwise
        runs the first piece over the full stop into words that belong to the second."""
        index, text = self.index, self.source.text
        for k in range(len(blocks) - 1):
            first, second = blocks[k], blocks[k + 1]
            for t in range(1, first.n - MIN_PIECE + 1):
                if second.s - t < 0 or index.keys[second.s - t] != self.keys[second.q - t]:
                    break
                cut = first.s + first.n - t
                if sentence_break(text, index.token(cut - 1).end, index.token(cut).start):
                    blocks[k] = Block(first.q, first.s, first.n - t)
                    blocks[k + 1] = Block(second.q - t, second.s - t, second.n + t)
                    break
        return blocks

    def best_window(self, a: int, b: int, near: int | None) -> list[Block]:
        piece = self.keys[a:b]
        best: list[Block] = []
        best_score: tuple[int, int, int] | None = None
        for lo, hi in self.candidate_windows(piece):
            blocks = self.align_window(piece, lo, hi, a)
            matched = sum(blk.n for blk in blocks)
            if not matched:
                continue
            spread = blocks[-1].s + blocks[-1].n - blocks[0].s
            closeness = -abs(blocks[0].s - near) if near is not None else 0
            score = (matched, -spread, closeness)
            if best_score is None or score > best_score:
                best, best_score = blocks, score
        return best

    def candidate_windows(self, piece: list[str]) -> list[tuple[int, int]]:
        """Token windows of the source where ``piece`` may be, best first."""
        index = self.index
        n = len(piece)
        k = 3 if n >= 6 else 2 if n >= 3 else 1
        votes: Counter[int] = Counter()
        # Each trigram costs one scan of the source: a long quote is placed as well by a few of them.
        stride = -(-(n - k + 1) // _MAX_SHINGLES)
        starts = range(0, n - k + 1, stride)
        shingles = len(starts)
        for i in starts:
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
        top = clusters[:_CANDIDATES]
        windows = [(max(0, first - margin), min(total, last + n + margin)) for _, first, last in top]
        # Two places close together may be the two pieces of one splice: align them as one window too.
        for i, (_, first_i, last_i) in enumerate(top[:3]):
            for _, first_j, last_j in top[i + 1:3]:
                lo, hi = min(first_i, first_j), max(last_i, last_j)
                if hi - lo <= 2 * n + 60:
                    windows.append((max(0, lo - margin), min(total, hi + n + margin)))
        if not clusters or clusters[0][0] < max(1, shingles // 3):
            # The trigrams say little (a short quote, or one with many words changed): let rapidfuzz find the
            # closest stretch of characters anywhere in the source.
            hit = fuzz.partial_ratio_alignment(" ".join(piece), index.joined, score_cutoff=50)
            if hit is not None:
                lo = index.token_at_char(hit.dest_start)
                hi = index.token_at_char(max(hit.dest_start, hit.dest_end - 1)) + 1
                windows.append((max(0, lo - margin), min(total, hi + margin)))
        return windows

    def align_window(self, piece: list[str], lo: int, hi: int, offset: int) -> list[Block]:
        matcher = SequenceMatcher(None, piece, self.index.keys[lo:hi], autojunk=False)
        blocks = [Block(offset + qa, lo + sa, n) for qa, sa, n in matcher.get_matching_blocks() if n]
        return _trim_edges(blocks)

    def fill_from_elsewhere(self, a: int, b: int, blocks: list[Block], near: int | None) -> list[Block]:
        """Look for stretches of the piece the window left unexplained elsewhere in the source: the quote
        may join words said far apart."""
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
                found = self.index.find_all(self.keys[u:v])
                if found:
                    out.append(Block(u, self.prefer(found, u, v, anchor), v - u))
                elif v - u >= 2 * MIN_ELSEWHERE:
                    sub = self.best_window(u, v, anchor)
                    if sum(blk.n for blk in sub) >= 0.6 * (v - u):
                        out.extend(sub)
            i = j
        out.sort(key=lambda blk: blk.q)
        return out


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
                # Words before the first match: the quote's own, or changed words of the source's sentence.
                s0 = _sentence_edge(index, source, blk.s, -blk.q)
                if s0 < blk.s:
                    ops.append(_Op(DELETE, 0, 0, s0, blk.s))
                ops.append(_Op(INSERT, 0, blk.q))
        else:
            q_end, s_end = prev.q + prev.n, prev.s + prev.n
            qgap, sgap = blk.q - q_end, blk.s - s_end
            marked = blk.q in cuts
            if 0 <= sgap <= max(_SHOWN_OMISSION, 2 * n):
                if qgap == 0 and sgap > 0:
                    crosses = (sentence_break(source.text, index.token(s_end - 1).end, index.token(blk.s).start)
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
        ops.extend(_equal_ops(q, index, source, blk, first_letter_free))
        prev = blk
    assert prev is not None
    if prev.q + prev.n < n:
        s1 = _sentence_edge(index, source, prev.s + prev.n, n - prev.q - prev.n)
        if s1 > prev.s + prev.n:
            ops.append(_Op(DELETE, prev.q + prev.n, prev.q + prev.n, prev.s + prev.n, s1))
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
        status = ALTERED if similarity >= MIN_SIMILARITY and coverage > MIN_COVERAGE else NOT_FOUND
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


def _sentence_edge(index: _Index, source: SourceText, s: int, count: int) -> int:
    """Up to ``|count|`` source tokens before (count < 0) or after ``s`` that stay in the sentence and
    passage of the token next to them: the words a quote's changed first or last words stand for."""
    step = -1 if count < 0 else 1
    edge = s
    for _ in range(abs(count)):
        inner, outer = (edge, edge - 1) if step < 0 else (edge - 1, edge)
        if outer < 0 or outer >= len(index) or inner < 0 or inner >= len(index):
            break
        left, right = (outer, inner) if step < 0 else (inner, outer)
        if (index.passage_of(left) is not index.passage_of(right)
                or sentence_break(source.text, index.token(left).end, index.token(right).start)):
            break
        edge += step
    return edge


def _equal_ops(q: QuoteText, index: _Index, source: SourceText, blk: Block,
               first_letter_free: set[int]) -> list[_Op]:
    """The matched words of a block, split where a word differs in case where case counts. Case is
    typography at the start of a piece or a sentence (on either side: a journalist joining two sentences
    writes "and", capitalising a fragment writes "We") and for a source word in capitals (captions)."""
    ops: list[_Op] = []
    tokens = q.tokens
    run = blk.q
    for i in range(blk.n):
        qi, si = blk.q + i, blk.s + i
        qt, st = tokens[qi], index.token(si)
        if qt.exact == st.exact or st.exact.isupper():
            continue
        if qt.exact[1:] == st.exact[1:] and (
                qi in first_letter_free
                or (qi > 0 and sentence_break(q.text, tokens[qi - 1].end, qt.start))
                or si == 0 or index.passage_of(si - 1) is not index.passage_of(si)
                or sentence_break(source.text, index.token(si - 1).end, st.start)):
            continue
        if qi > run:
            ops.append(_Op(EQUAL, run, qi, blk.s + run - blk.q, si))
        ops.append(_Op(DELETE, qi, qi, si, si + 1))
        ops.append(_Op(INSERT, qi, qi + 1))
        run = qi + 1
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
