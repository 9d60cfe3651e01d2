"""Confidence that means something: a small trained model over the rules' evidence.

For every quotation the rules collect evidence (how the speaker was found, the cue, the shape of the
quotation, what kind of speaker came out) as a short vector of numbers, ``FEATURES``. Two logistic
regressions, trained on real labelled news (``benchmarks/detect/train.py``, PolNeAR's train split),
read it:

* ``p_quote``: is this a quotation someone is reported to have said or written (not a title, a
  nickname, a reporter's scare quote)? Suggestions below ``model.keep_at`` are not offered.
* ``p_speaker``: is the speaker the rules found the right one?

Their product goes through a calibration table fitted on held-out articles (PolNeAR's dev split),
so that a suggestion shown at 0.8 is right — quotation and speaker — about 8 times in 10. A speaker
the model does not believe (``p_speaker`` below ``model.blank_below``) is left empty for the
journalist instead of being guessed.

The model is a JSON file of a few kilobytes in ``resources/models/``, read on first use; inference is
a dot product per quotation. Without the file (a broken installation) the rules' own score is used.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

MODEL_NAME = "models/detect-confidence.json"

HOWS = (
    "cue", "colon", "label", "cue_nospeaker", "same_sentence", "group", "continuation", "context_para", "sentence",
    "subject", "none",
)
FEATURES = (
    "bias",
    "rule_score",
    *(f"how_{h}" for h in HOWS),
    "cue_after_quote",
    "gap_words",
    "log_words",
    "short_fragment",
    "sentence_like",
    "title_case",
    "naming_marker",
    "closed",
    "multi_paragraph",
    "speaker_empty",
    "speaker_lowercase",
    "speaker_known_person",
    "speaker_words",
    "speech_verb_in_sentence",
    "headline",
    "whole_paragraph",
    "speech_punctuation",
    "first_person",
    "speaker_is_last_speaker",
    "ref_pronoun",
    "ref_role",
    "cue_according",
    "opens_sentence",
    "people_nearby",
    "speaker_named_in_sentence",
)


@dataclass(frozen=True, slots=True)
class Model:
    quote: tuple[float, ...]
    speaker: tuple[float, ...]
    calibration_x: tuple[float, ...]  # raw score breakpoints, ascending
    calibration_y: tuple[float, ...]  # calibrated probability at each breakpoint
    keep_at: float
    blank_below: float

    def p_quote(self, x: list[float]) -> float:
        return _sigmoid(sum(w * v for w, v in zip(self.quote, x, strict=True)))

    def p_speaker(self, x: list[float]) -> float:
        return _sigmoid(sum(w * v for w, v in zip(self.speaker, x, strict=True)))

    def calibrate(self, raw: float) -> float:
        """Piecewise-linear through the isotonic calibration points."""
        xs, ys = self.calibration_x, self.calibration_y
        if not xs:
            return raw
        i = bisect_right(xs, raw)
        if i == 0:
            return ys[0]
        if i >= len(xs):
            return ys[-1]
        x0, x1, y0, y1 = xs[i - 1], xs[i], ys[i - 1], ys[i]
        return y0 + (y1 - y0) * (raw - x0) / (x1 - x0) if x1 > x0 else y1


def _sigmoid(z: float) -> float:
    if z < -30:
        return 0.0
    if z > 30:
        return 1.0
    return 1.0 / (1.0 + math.exp(-z))


def model_from_dict(data: dict[str, object]) -> Model:
    names = tuple(data["features"])  # type: ignore[arg-type]
    if names != FEATURES:
        raise ValueError("the confidence model was trained on other features; retrain it")
    return Model(
        quote=tuple(data["quote"]),  # type: ignore[arg-type]
        speaker=tuple(data["speaker"]),  # type: ignore[arg-type]
        calibration_x=tuple(data["calibration_x"]),  # type: ignore[arg-type]
        calibration_y=tuple(data["calibration_y"]),  # type: ignore[arg-type]
        keep_at=float(data["keep_at"]),  # type: ignore[arg-type]
        blank_below=float(data["blank_below"]),  # type: ignore[arg-type]
    )


@lru_cache(maxsize=1)
def load_model() -> Model | None:
    """The shipped model, read once; None when the file is missing or unreadable."""
    from workbench.core.paths import resource_path

    try:
        data = json.loads(resource_path(MODEL_NAME).read_text(encoding="utf-8"))
        return model_from_dict(data)
    except (OSError, ValueError, KeyError, TypeError):
        return None
