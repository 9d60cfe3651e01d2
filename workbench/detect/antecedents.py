"""Who "he", "she" or "the senator" is: a linear ranker over the people named before.

``referents.antecedents`` lists the person mentions in the last dozen sentences before a
pronoun or a role and describes each by ``FEATURES`` (how far back, subject of its sentence, speaker
of a cue, introduced with an appositive, the last speaker, its gender known, …). The mention with the
highest score under ``WEIGHTS`` wins.

The weights are set by hand. ``benchmarks/detect/train_antecedents.py`` fits them on real news
(PolNeAR's train split, listwise, from these weights) and compares: on 2026-12-05 the fit gained
0.5 points of top-1 on train (0.837 -> 0.842, silver labels) and lost 0.8 on dev (0.957 -> 0.949,
hand labels), and the whole detector's speaker accuracy on dev fell 0.4 points, so the hand weights
stay. Rerun it after adding a feature. Refit again after the fifth pass (one-word names linked, first-name
genders that one pronoun does not overturn, "Dean" as a surname): the shipped weights now reach 0.865 top-1
on train and 0.979 on dev; the fit reached 0.856 and 0.979, and cost the detector 0.1 to 0.2 points of speaker
accuracy on dev and train. Three further features tried then (spoke earlier in the pronoun's paragraph,
subject of the sentence just before, the one spoken to: "told X") took near-zero fitted weights and gained
nothing, so they were left out.
"""

from __future__ import annotations

FEATURES = (
    "distance",  # narrative sentences between the mention and the pronoun, 0..12
    "subject",  # the first noun phrase of its sentence
    "speaks_near",  # subject of a speech verb, at most one sentence back
    "speaks",  # subject of a speech verb, anywhere in range
    "last_speaker",  # the person the previous quotation was attributed to
    "gender_unknown_wanted",  # the pronoun has a gender, the person's is not known
    "gender_unknown_any",  # no gender wanted ("the minister"), the person's not known
    "headline",  # named in a headline paragraph
    "introduced_near",  # first mention, with an appositive, at most two sentences back
    "under_same_pronoun",  # in a sentence whose subject is a pronoun of the wanted gender
    "same_sentence",  # in the pronoun's own sentence
    "repeated",  # how often the person was named in range (log)
    "titled",  # the person has a title ("Sen.", "Gov.")
)

WEIGHTS = (-1.0, 1.5, 1.5, 0.0, 1.0, -0.6, -0.3, -3.0, 1.5, -1.5, 0.0, 0.0, 0.0)


def score(x: list[float]) -> float:
    return sum(a * b for a, b in zip(WEIGHTS, x, strict=True))
