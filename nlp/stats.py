"""95 % intervals for the evaluation's figures: Wilson for proportions, a bootstrap over events for F1.

A figure measured on a hundred notices moves by a point per notice; the interval says
how far the same classifier could score on another set of that size. Notices that
report the same event are one draw, not several, so the bootstrap resamples events
(groups of notices, see `splits.event_groups`) rather than notices.
"""
from __future__ import annotations

import math
import random
from collections.abc import Sequence

Z95 = 1.959963984540054  # the standard normal's 97.5th percentile
BOOTSTRAP_SAMPLES = 2000
BOOTSTRAP_SEED = 20261205


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of `successes` out of `n` (0..1 when n is 0)."""
    if n <= 0:
        return (0.0, 1.0)
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))


def f1_of(tp: int, fp: int, fn: int) -> float:
    """F1 from counts, as shared/eval/score.py computes it (1.0 when there is nothing to find or found)."""
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def bootstrap_f1(counts: Sequence[tuple[int, int, int]], groups: Sequence[int] | None = None,
                 samples: int = BOOTSTRAP_SAMPLES, seed: int = BOOTSTRAP_SEED) -> tuple[float, float]:
    """Percentile 95 % interval of micro-F1 over per-notice (tp, fp, fn) counts, resampling groups of notices.

    `groups[i]` is the event of notice i (each notice its own event when None); the
    same seed gives the same interval.
    """
    if not counts:
        return (0.0, 1.0)
    by_group: dict[int, list[int]] = {}
    for index, group in enumerate(groups if groups is not None else range(len(counts))):
        totals = by_group.setdefault(group, [0, 0, 0])
        for j in range(3):
            totals[j] += counts[index][j]
    units = list(by_group.values())
    rng = random.Random(seed)
    scores = []
    for _ in range(samples):
        tp = fp = fn = 0
        for unit in rng.choices(units, k=len(units)):
            tp += unit[0]
            fp += unit[1]
            fn += unit[2]
        scores.append(f1_of(tp, fp, fn))
    scores.sort()
    low = scores[int(0.025 * (samples - 1))]
    high = scores[int(math.ceil(0.975 * (samples - 1)))]
    return (low, high)
