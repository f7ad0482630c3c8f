"""The statistics a scorecard quotes: a hit rate's interval, and how good a probability was.

A hit rate over a few hundred picks is noisy (±3.7 points at 95 % over 700), so the
scorecard never shows one without its Wilson interval, next to the break-even rate at
the usual −110 price. Probabilities are judged by proper scores (Brier, log loss) and a
reliability table: said-vs-happened per decile of the predicted probability.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

Z_95 = 1.959963984540054  # two-sided 95 % normal quantile
BREAK_EVEN_MINUS_110 = 110 / 210  # win 100 for 110 risked: 52.38 % to break even
LOG_LOSS_CLIP = 1e-15  # a certain call that misses costs −ln(1e-15) ≈ 34.5, not infinity


def wilson_interval(hits: int, n: int, z: float = Z_95) -> tuple[float, float] | None:
    """The Wilson score interval of hits / n (None without picks).

    Wilson rather than p ± z·√(p(1−p)/n): it stays inside [0, 1] and keeps its coverage
    for small n and rates near 0 or 1.
    """
    if n <= 0:
        return None
    if not 0 <= hits <= n:
        raise ValueError(f"wilson_interval: {hits} hits out of {n} picks")
    rate, z2 = hits / n, z * z
    centre = (rate + z2 / (2 * n)) / (1 + z2 / n)
    half = z / (1 + z2 / n) * math.sqrt(rate * (1 - rate) / n + z2 / (4 * n * n))
    low = 0.0 if hits == 0 else centre - half  # exact ends where rounding would miss them
    high = 1.0 if hits == n else centre + half
    return low, high


@dataclass(frozen=True)
class Decile:
    """One tenth of the calls, ordered by their probability: what they said, what happened."""

    p_low: float
    p_high: float
    n: int
    mean_p: float
    observed: float  # share that went over


@dataclass(frozen=True)
class ProbabilityScore:
    n: int
    brier: float  # mean (p − outcome)²: 0 is perfect, a constant 0.5 scores 0.25
    log_loss: float  # mean −ln P(what happened): a constant 0.5 scores ln 2 ≈ 0.693
    reliability: list[Decile]


def probability_score(p: Sequence[float], outcome: Sequence[bool]) -> ProbabilityScore:
    """Brier score, log loss and a reliability table of P(over) against what happened.

    Deciles are equal-count groups of the calls sorted by p (ties broken by outcome: the
    calls are sorted before anything is added, so no figure depends on row order), not
    fixed-width bins: prop probabilities
    crowd around 0.5, where fixed tenths would put nearly every call in two bins.
    """
    probs = np.asarray(p, dtype=float)
    went_over = np.asarray(outcome, dtype=bool).astype(float)
    if probs.shape != went_over.shape or probs.ndim != 1:
        raise ValueError(
            f"probability_score: {probs.shape} probabilities, {went_over.shape} outcomes"
        )
    if probs.size == 0:
        raise ValueError("probability_score: no calls to score")
    bad = np.count_nonzero(~((probs >= 0) & (probs <= 1)))  # NaN included
    if bad:
        raise ValueError(f"probability_score: {bad} probabilities outside [0, 1] (or missing)")
    order = np.lexsort((went_over, probs))  # one order for any order of the same calls
    probs, went_over = probs[order], went_over[order]
    clipped = np.clip(probs, LOG_LOSS_CLIP, 1 - LOG_LOSS_CLIP)
    log_loss = -np.mean(went_over * np.log(clipped) + (1 - went_over) * np.log(1 - clipped))
    groups = np.array_split(np.arange(probs.size), min(10, probs.size))
    return ProbabilityScore(
        n=int(probs.size),
        brier=float(np.mean((probs - went_over) ** 2)),
        log_loss=float(log_loss),
        reliability=[
            Decile(
                p_low=float(probs[g].min()),
                p_high=float(probs[g].max()),
                n=int(g.size),
                mean_p=float(probs[g].mean()),
                observed=float(went_over[g].mean()),
            )
            for g in groups
        ],
    )
