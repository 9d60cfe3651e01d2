"""Real labelled news for the quote detector: PolNeAR, read from its public repository.

PolNeAR (Newell, Margolin and Ruths, LREC 2018; github.com/networkdynamics/PolNeAR) is 1,008 hard-news
articles from seven US publishers (Breitbart, Huffington Post, New York Times, Politico, USA Today,
Washington Post, Western Journalism) on the 2016 US election, with every attribution annotated by hand
as Source / Cue / Content spans (brat standoff). Its repository states no licence, so nothing of it is
committed here: this module reads the texts and annotations from a local copy at benchmark time.

Get it with the workbench's ``fetch`` tool (``github:networkdynamics/PolNeAR``, a bare git directory
under ``/work/.mirror``) or ``git clone https://github.com/networkdynamics/PolNeAR``; point
``WORKBENCH_POLNEAR`` at the clone (or bare git directory) when it is somewhere else.

What counts as a gold quotation: a stretch of text between quotation marks (paired here by a small,
independent reader, one piece per paragraph like the detector's convention) of which at least half
lies inside an annotated Content span. Its gold speaker comes from that attribution's Source:

* ``name``: the source names someone ("Trump", "Spokeswoman Jessica Ditto", "The New York Times");
* ``np``: a description that carries a name ("Clinton's campaign"): kept as written;
* ``coref``: a pronoun or role ("he", "the Indiana governor") resolved to a name by the CoreNLP
  coreference chains that ship with PolNeAR (automatic, so *silver*);
* ``hand``: set by hand in ``polnear_labels.json`` (this repository's own annotation, made by reading the
  article), which also drops quote-marked titles that are no quotations, overrides silver speakers and
  adds the attributed quotations the annotators left out (``extra``, or ``spans`` where the marks are
  too broken for the reader here);
* ``none``: no source, or none that could be resolved; such quotations count for recall and precision
  but not for speaker accuracy.

Splits are PolNeAR's own: ``train`` (840 articles, 11 months of coverage) is where rules are developed
and the ranker trained; ``dev`` (84 articles, the 11th month) is held out for calibrating confidence;
``test`` (84 articles, the 12th month) is never tuned on.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass, field
from pathlib import Path


def words(text: str) -> frozenset[str]:
    """A set of white-space separated words."""
    return frozenset(text.split())


DEFAULT_REPO = Path("/work/.mirror/networkdynamics+PolNeAR/repo")
LABELS = Path(__file__).resolve().parent / "polnear_labels.json"
SPLITS = ("train", "dev", "test")
CACHE_VERSION = 10

PRONOUNS = words(
    "he she they it we i you his her their its our my him them us me which who that this these those"
)
_DETERMINERS = ("the ", "a ", "an ")
_OPENERS = "“‘"
_CLOSERS = "”’"


@dataclass
class GoldQuote:
    start: int  # the quoted words, marks excluded
    end: int
    speaker: str | list[str]  # "" when unknown; a list of accepted forms when labelled by hand
    how: str  # name, np, coref, hand, none
    source: str  # the Source span as written
    source_start: int = -1


@dataclass
class Article:
    name: str
    split: str
    publisher: str
    text: str
    quotes: list[GoldQuote] = field(default_factory=list)


def repo_path() -> Path:
    path = Path(os.environ.get("WORKBENCH_POLNEAR", DEFAULT_REPO))
    if not path.exists():
        raise SystemExit(
            f"PolNeAR not found at {path}. Fetch github:networkdynamics/PolNeAR (or git clone "
            "https://github.com/networkdynamics/PolNeAR) and set WORKBENCH_POLNEAR to its directory."
        )
    return path


class _Reader:
    """Files of the PolNeAR repository: from a work tree, or from a bare git directory."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.bare = not (root / "data").is_dir()
        self._proc: subprocess.Popen[bytes] | None = None

    def list(self, folder: str) -> list[str]:
        if not self.bare:
            return sorted(str(p.relative_to(self.root)) for p in (self.root / folder).iterdir())
        out = subprocess.run(
            ["git", "-C", str(self.root), "ls-tree", "--name-only", "HEAD", folder + "/"],
            capture_output=True, check=True, text=True,
        ).stdout
        return sorted(out.splitlines())

    def read(self, path: str) -> str | None:
        if not self.bare:
            p = self.root / path
            return p.read_text(encoding="utf-8") if p.exists() else None
        if self._proc is None:
            self._proc = subprocess.Popen(
                ["git", "-C", str(self.root), "cat-file", "--batch"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            )
        assert self._proc.stdin is not None and self._proc.stdout is not None
        self._proc.stdin.write(f"HEAD:{path}\n".encode())
        self._proc.stdin.flush()
        header = self._proc.stdout.readline().decode().split()
        if len(header) < 3 or header[1] != "blob":
            return None
        data = self._proc.stdout.read(int(header[2]))
        self._proc.stdout.read(1)
        return data.decode("utf-8")

    def close(self) -> None:
        if self._proc is not None:
            assert self._proc.stdin is not None
            self._proc.stdin.close()
            self._proc.wait()


# -- brat standoff -------------------------------------------------------------------------------


@dataclass
class _Attribution:
    source: tuple[str, list[tuple[int, int]]] | None
    content: list[tuple[int, int]]


def _parse_ann(ann: str) -> list[_Attribution]:
    spans: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
    events: list[dict[str, str]] = []
    for line in ann.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and re.fullmatch(r"T\d+", parts[0]):
            kind, _, rng = parts[1].partition(" ")
            try:
                ranges = [(int(a), int(b)) for a, b in (r.split() for r in rng.split(";"))]
            except ValueError:
                continue
            spans[parts[0]] = (kind, ranges, parts[2] if len(parts) > 2 else "")
        elif len(parts) >= 2 and re.fullmatch(r"E\d+", parts[0]):
            events.append(dict(p.split(":", 1) for p in parts[1].split() if ":" in p))
    out = []
    for ev in events:
        content = spans.get(ev.get("Content", ""))
        if content is None:
            continue
        src = spans.get(ev.get("Source", ""))
        out.append(_Attribution((src[2], src[1]) if src else None, content[1]))
    return out


# -- quotation marks -----------------------------------------------------------------------------


def quote_pieces(text: str) -> list[tuple[int, int]]:
    """(start, end) of the words inside quotation marks, one piece per paragraph, outermost only.

    Deliberately simple and separate from the detector's own mark reader: curly double quotes pair
    by direction, straight double quotes alternate within a paragraph, and single quotes count only
    outside double ones and only where the context says quotation rather than apostrophe.
    """
    # Doubled apostrophes (''...'') are double quotation marks in older newspaper copy.
    text = re.sub(r"(?<!')''(?!')", lambda m: ' "' if m.start() == 0 or text[m.start() - 1].isspace() else '" ', text)
    pieces: list[tuple[int, int]] = []
    pos = 0
    for para in text.split("\n"):
        pstart, pend = pos, pos + len(para)
        pos = pend + 1
        pieces.extend(_double_pieces(text, pstart, pend))
        pieces.extend(_single_pieces(text, pstart, pend, pieces))
    pieces.sort()
    return [(s, e) for s, e in pieces if e > s and text[s:e].strip()]


def _double_pieces(text: str, pstart: int, pend: int) -> list[tuple[int, int]]:
    out = []
    open_at = -1
    for m in re.finditer('[“”"]', text[pstart:pend]):
        i = pstart + m.start()
        ch = m.group()
        if ch == "“" or (ch == '"' and open_at < 0):
            if open_at < 0:
                open_at = i
        elif open_at >= 0:
            out.append((open_at + 1, i))
            open_at = -1
    if open_at >= 0:
        out.append((open_at + 1, pend))
    return out


def _single_pieces(text: str, pstart: int, pend: int, doubles: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    open_at = -1
    for m in re.finditer("[‘’']", text[pstart:pend]):
        i = pstart + m.start()
        if any(s - 1 <= i <= e for s, e in doubles):
            continue
        before = text[i - 1] if i > pstart else " "
        after = text[i + 1] if i + 1 < pend else " "
        if before.isalnum() and after.isalnum():
            continue  # don't, Korea's
        if open_at < 0:
            if (before.isspace() or before in "([—–-") and after.isalnum():
                open_at = i
        elif (before.isalnum() or before in ".,!?") and not after.isalnum():
            out.append((open_at + 1, i))
            open_at = -1
    return out


# -- speakers ------------------------------------------------------------------------------------


_ORG_HEADS = words(
    "campaign administration team committee office department agency party staff camp government "
    "ministry company firm group organization organisation foundation union court board council"
)


def _clean_source(src: str) -> str:
    """The name part of a source: no parenthesis, appositive, relative clause or possessive ending."""
    s = " ".join(src.replace("``", "").replace("''", "").split())
    s = re.sub(r"\([^)]*\)", "", s)
    s = re.split(r",| --? | — | – | who | which ", s)[0]
    # "Mr. Morgan of the Sierra Club", "Gov. Earl Ray Tomblin of West Virginia": the person
    if re.match(r"(Mr|Mrs|Ms|Dr|Gov|Sen|Rep)\.? ", s):
        s = re.split(r" of ", s)[0]
    s = re.sub(r"[’']s?$", "", s.strip()).strip(" ,")
    return " ".join(s.split())


_HEAD_STOPS = words("of by for at in from with on to about under")


def _head(words: list[str]) -> str:
    """The head of a noun phrase: its last word before a preposition or a participle ("the documents
    released by WikiLeaks" -> "documents"; "Secretary of State John Kerry" -> "Secretary")."""
    head = ""
    for i, w in enumerate(words):
        low = w.lower()
        if i > 0 and head and (low in _HEAD_STOPS or (w.islower() and low.endswith("ed"))):
            break
        head = w
    return head


def _is_name_like(src: str) -> bool:
    """Does a source name someone: its head capitalised, and not a lone pronoun?"""
    words = _clean_source(src).split()
    if not words or (len(words) == 1 and words[0].lower() in PRONOUNS):
        return False
    return _head(words)[:1].isupper() and words[-1][:1].isupper()


def _org_description(src: str) -> bool:
    """"Clinton's campaign", "the Trump administration": an organisation described with a name."""
    words = _clean_source(src).split()
    return (
        len(words) >= 2
        and words[-1].lower() in _ORG_HEADS
        and any(w[:1].isupper() and w.lower() not in ("the", "a", "an") for w in words[:-1])
    )


def _coref_index(xml: str | None) -> list[tuple[int, int, str]]:
    """(start, end, representative text) of every mention in a CoreNLP coreference chain whose
    representative is a proper name."""
    if not xml:
        return []
    root = ET.fromstring(xml)
    tokens: dict[tuple[int, int], tuple[int, int, str]] = {}
    for sent in root.iter("sentence"):
        sid = sent.get("id")
        if sid is None or sent.find("tokens") is None:
            continue
        for tok in sent.find("tokens") or []:
            tokens[(int(sid), int(tok.get("id", "0")))] = (
                int(tok.findtext("CharacterOffsetBegin", "0")),
                int(tok.findtext("CharacterOffsetEnd", "0")),
                tok.findtext("POS", ""),
            )
    out = []
    coref = root.find("document/coreference")
    if coref is None:
        return out
    for chain in coref.findall("coreference"):
        mentions = chain.findall("mention")
        rep = next((m for m in mentions if m.get("representative") == "true"), None)
        if rep is None:
            continue
        rep_text = rep.findtext("text", "")
        sid = int(rep.findtext("sentence", "0"))
        head = tokens.get((sid, int(rep.findtext("head", "0"))))
        if head is None or head[2] not in ("NNP", "NNPS"):
            continue
        for m in mentions:
            sid = int(m.findtext("sentence", "0"))
            first = tokens.get((sid, int(m.findtext("start", "0"))))
            last = tokens.get((sid, int(m.findtext("end", "0")) - 1))
            if first and last:
                out.append((first[0], last[1], rep_text.replace(" 's", "").replace(" '", "")))
    return out


def _resolve(src_text: str, src_ranges: list[tuple[int, int]], coref: list[tuple[int, int, str]]) -> tuple[str, str]:
    if _is_name_like(src_text):
        return _clean_source(src_text), "name"
    # "Brazile's CNN colleague, Jake Tapper,": the name is the appositive.
    for part in src_text.split(",")[1:]:
        if _is_name_like(part) and len(_clean_source(part).split()) <= 4:
            return _clean_source(part), "name"
    if _org_description(src_text):
        return _clean_source(src_text), "np"
    s0, s1 = src_ranges[0][0], src_ranges[-1][1]
    best = ""
    best_key = (0, 0)
    for a, b, rep in coref:
        overlap = min(b, s1) - max(a, s0)
        # The mention that covers most of the source, the tightest one on ties.
        if overlap > 0 and (overlap, -(b - a)) > best_key:
            best, best_key = rep, (overlap, -(b - a))
    best = _clean_source(best)
    if best and _is_name_like(best) and len(best.split()) <= 5:
        return best, "coref"
    return "", "none"


# -- loading -------------------------------------------------------------------------------------


def _cache_file(root: Path) -> Path:
    labels = LABELS.read_bytes() if LABELS.exists() else b""
    key = hashlib.sha256(f"{root.resolve()}|{CACHE_VERSION}".encode() + labels + Path(__file__).read_bytes())
    return Path(tempfile.gettempdir()) / "workbench-benchmarks" / f"polnear-{key.hexdigest()[:16]}.json"


def load(splits: tuple[str, ...] = SPLITS) -> list[Article]:
    """Articles of the given splits with their gold quotations (cached after the first build)."""
    root = repo_path()
    cache = _cache_file(root)
    if cache.exists():
        raw = json.loads(cache.read_text(encoding="utf-8"))
    else:
        raw = _build(root)
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps(raw), encoding="utf-8")
    out = []
    for a in raw:
        if a["split"] in splits:
            out.append(Article(a["name"], a["split"], a["publisher"], a["text"], [GoldQuote(**q) for q in a["quotes"]]))
    return out


def _build(root: Path) -> list[dict[str, object]]:
    labels = json.loads(LABELS.read_text(encoding="utf-8")) if LABELS.exists() else {}
    reader = _Reader(root)
    try:
        articles = []
        for split in SPLITS:
            anns: dict[str, list[str]] = {}
            for path in reader.list(f"data/{split}/attributions"):
                stem = Path(path).stem.rsplit("_", 1)[0]
                anns.setdefault(stem, []).append(path)
            for path in reader.list(f"data/{split}/text"):
                name = Path(path).stem
                text = reader.read(path)
                if text is None or name not in anns:
                    continue
                # Articles annotated by several people: the first annotator's file, always the same.
                ann = reader.read(sorted(anns[name])[0]) or ""
                coref = _coref_index(reader.read(f"data/{split}/corenlp/{name}.txt.xml"))
                quotes = _gold(text, _parse_ann(ann), coref, labels.get(name, {}))
                articles.append(
                    {"name": name, "split": split, "publisher": name.split("_", 1)[0], "text": text,
                     "quotes": [asdict(q) for q in quotes]}
                )
        return articles
    finally:
        reader.close()


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """The detector's span convention: no surrounding space, no trailing comma."""
    while s < e and text[s].isspace():
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:"):
        e -= 1
    return s, e


def _gold(
    text: str, attributions: list[_Attribution], coref: list[tuple[int, int, str]], labels: dict[str, object]
) -> list[GoldQuote]:
    dropped = set(labels.get("not_quotes", []))  # type: ignore[arg-type]
    speakers: dict[str, str] = labels.get("speakers", {})  # type: ignore[assignment]
    extra: dict[str, str | list[str]] = labels.get("extra", {})  # type: ignore[assignment]
    seen: set[str] = set()
    out = []
    for s, e in quote_pieces(text):
        best: _Attribution | None = None
        best_overlap = 0
        for att in attributions:
            ov = sum(max(0, min(e, b) - max(s, a)) for a, b in att.content)
            if ov > best_overlap:
                best, best_overlap = att, ov
        if best is None or best_overlap * 2 < (e - s):
            # A quotation the annotators left out, added by hand ("extra" in the labels).
            ts, te = _trim(text, s, e)
            if str(ts) in extra:
                seen.add(str(ts))
                out.append(GoldQuote(ts, te, extra[str(ts)], "hand", "", -1))
            continue
        s, e = _trim(text, s, e)
        key = str(s)
        seen.add(key)
        if key in dropped or e <= s:
            continue
        if best.source is None:
            speaker, how, src, src_start = "", "none", "", -1
        else:
            src, ranges = best.source
            speaker, how = _resolve(src, ranges, coref)
            src_start = ranges[0][0]
        if key in speakers:
            speaker, how = speakers[key], "hand"
        out.append(GoldQuote(s, e, speaker, how, " ".join(src.split()), src_start))
    # Quotations whose marks the simple reader above does not pair (”…” opened with a closing mark),
    # added by hand with their exact span.
    for start, end, who in labels.get("spans", []):  # type: ignore[union-attr]
        out.append(GoldQuote(int(start), int(end), who, "hand", "", -1))
    out.sort(key=lambda q: q.start)
    stale = (set(speakers) | dropped | set(extra)) - seen
    if stale:
        # A label whose quotation the reader no longer finds would silently stop counting.
        raise SystemExit(f"polnear_labels.json: no quotation starts at {sorted(stale)} any more")
    return out
