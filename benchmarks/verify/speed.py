"""How long verifying a 30-word quote takes in a 200,000-word transcript (the runner's ``verify`` goal).

The transcript is real: White House press briefings one after another (see ``corpus.py``) until the word
count is reached, read by ``importers.transcripts`` and laid out by ``SourceText.from_transcript``, as a
long hearing would be. Without the corpus the articles of ``benchmarks/detect/corpus`` are repeated
instead (and the result says so). Quotes are 30 consecutive words of one passage: a third verbatim, a
third with one word changed, a third spliced from two 15-word pieces of distant passages with "…".

Measured: ``verify_quote`` per quote with the source's word index built (it is built once per source and
kept, like the source text), and, once, the cold path: laying out the transcript, building the index and
the first verification. The floor is ``str.find`` of the quote in the source text.
"""

from __future__ import annotations

import random
import statistics
import time
from pathlib import Path

from benchmarks.verify import corpus
from workbench.importers.transcripts import TranscriptPassage, read_transcript
from workbench.verify import SourceText, verify_quote
from workbench.verify.text import token_keys

QUOTE_WORDS = 30


def transcript_passages(words: int) -> tuple[list[TranscriptPassage], str]:
    """About ``words`` words of transcript passages, and where they come from."""
    passages: list[TranscriptPassage] = []
    count = 0
    try:
        files = corpus.list_files("press-briefings")
    except corpus.CorpusMissing:
        # The bundled real wire story (resources/sample), repeated: the invented corpus that was here is gone.
        folder = Path(__file__).resolve().parents[2] / "resources" / "sample"
        paragraphs = [p for path in sorted(folder.glob("*.txt"))
                      for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
        if not paragraphs:
            raise corpus.CorpusMissing(corpus.HOW) from None  # nothing to repeat: never loop on nothing
        while count < words:
            for text in paragraphs:
                passages.append(TranscriptPassage(text, None, None, "Reporter"))
                count += len(text.split())
        return passages, "the sample wire story, repeated (the verification corpus is missing)"
    for start in range(0, len(files), 50):
        for data in corpus.read_files(files[start:start + 50]).values():
            try:
                transcript = read_transcript(corpus.plain(data).encode("utf-8"), "briefing.txt")
            except Exception:  # a page with no speaker turns
                continue
            for p in transcript.passages:
                passages.append(p)
                count += len(token_keys(p.text))  # words as the verifier counts them
                if count >= words:
                    return passages, "White House press briefings"
    return passages, "White House press briefings"


def _quote_at(source: SourceText, rng: random.Random, size: int) -> tuple[int, str]:
    index = source.index
    for _ in range(10_000):
        i = rng.randrange(len(index) - size)
        if index.passage_of(i) is index.passage_of(i + size - 1):
            return i, source.text[index.token(i).start:index.token(i + size - 1).end]
    raise RuntimeError("no passage is long enough for a quote")


def measure(words: int = 200_000, quotes: int = 60, seed: int = 1) -> dict:
    passages, what = transcript_passages(words)
    started = time.perf_counter()
    source = SourceText.from_transcript(passages)
    rng = random.Random(f"verify-speed-{seed}")
    _, first = _quote_at(source, rng, QUOTE_WORDS)  # building the index is part of the cold path
    verify_quote(first, source)
    cold = time.perf_counter() - started
    index = source.index
    vocab = sorted({k for k in index.keys[:5000] if k.isalpha() and len(k) > 4})
    ours: list[float] = []
    floor: list[float] = []
    right = 0
    for n in range(quotes):
        kind = ("verbatim", "altered", "spliced")[n % 3]
        _, quote = _quote_at(source, rng, QUOTE_WORDS)
        if kind == "altered":
            words_ = quote.split(" ")
            j = rng.randrange(1, len(words_) - 1)
            words_[j] = rng.choice(vocab)
            quote = " ".join(words_)
        elif kind == "spliced":
            _, a = _quote_at(source, rng, QUOTE_WORDS // 2)
            _, b = _quote_at(source, rng, QUOTE_WORDS // 2)
            quote = f"{a} … {b}"
        t = time.perf_counter()
        source.text.find(quote)
        floor.append(time.perf_counter() - t)
        t = time.perf_counter()
        result = verify_quote(quote, source)
        ours.append(time.perf_counter() - t)
        right += result.status == kind
    ours.sort()
    return {"words": len(index), "characters": len(source.text), "source": what, "quotes": quotes,
            "ours_s": statistics.median(ours), "floor_s": statistics.median(floor),
            "p95_s": ours[int(0.95 * (len(ours) - 1))], "max_s": ours[-1], "cold_s": cold,
            "classified_as_planted": right}


if __name__ == "__main__":
    import json

    print(json.dumps(measure(), indent=1))
