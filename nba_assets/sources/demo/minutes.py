"""Minutes: who plays and for how long, summing exactly to the team's player-minutes.

A coach starts from each player's role minutes; when rotation players are out
their minutes go mostly to the bench (players with headroom), so teammates of
an absent star play more and shoot more. Deep-bench players get garbage-time
minutes some nights and a coach's-decision DNP the others.
"""

from __future__ import annotations

import numpy as np

REGULATION = 240.0
MAX_MINUTES = 42.0
DEEP_BENCH = 12.0  # planned minutes below this: plays only some nights
B2B_MINUTES = 0.95  # heavy-minute players are managed on second nights


def round_to_total(values: np.ndarray, totals: np.ndarray) -> np.ndarray:
    """Integers per row, each within 1 of ``values``, summing exactly to ``totals``.

    ``values`` rows must already sum to ``totals`` (largest-remainder rounding).
    """
    floor = np.floor(values)
    missing = np.rint(totals - floor.sum(axis=1)).astype(int)
    order = np.argsort(-(values - floor), axis=1, kind="stable")
    bump = np.arange(values.shape[1])[None, :] < missing[:, None]
    result = floor.copy()
    np.put_along_axis(result, order, np.take_along_axis(floor, order, axis=1) + bump, axis=1)
    return result.astype(int)


def planned_minutes(
    role: np.ndarray, available: np.ndarray, second_night: np.ndarray
) -> np.ndarray:
    """Expected regulation minutes (rows sum to 240) for the available players."""
    base = np.where(available, role, 0.0)
    base = np.where(second_night[:, None] & (base >= 25), base * B2B_MINUTES, base)
    total = base.sum(axis=1, keepdims=True)
    # Too many healthy players: the end of the bench gives up minutes first.
    give = base * (1.0 - base / 44.0) ** 2
    excess = np.maximum(total - REGULATION, 0.0)
    base = base - give * np.minimum(excess / np.maximum(give.sum(axis=1, keepdims=True), 1e-9), 1.0)
    total = base.sum(axis=1, keepdims=True)
    cap = np.where(available, np.minimum(MAX_MINUTES, 1.2 * base + 10.0), 0.0)
    headroom = cap - base
    deficit = np.maximum(REGULATION - total, 0.0)
    room = np.maximum(headroom.sum(axis=1, keepdims=True), 1e-9)
    grown = base + headroom * np.minimum(deficit / room, 1.0)
    return grown * REGULATION / grown.sum(axis=1, keepdims=True)


def actual_seconds(
    planned: np.ndarray, team_minutes: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Seconds played: noisy around plan, deep bench sometimes DNP, summing to team minutes."""
    chance = np.clip(planned / DEEP_BENCH, 0.0, 1.0) ** 1.1
    plays = (planned > 0) & (rng.random(planned.shape) < chance)
    chance = np.maximum(chance, 1e-9)
    garbage = planned / chance * rng.uniform(0.3, 1.7, planned.shape)
    noisy = np.where(
        planned >= DEEP_BENCH, planned * np.exp(rng.normal(0, 0.13, planned.shape)), garbage
    )
    minutes = np.where(plays, np.maximum(noisy, 0.5), 0.0)
    total_seconds = team_minutes * 60.0
    scaled = minutes * (total_seconds / minutes.sum(axis=1))[:, None]
    limit = team_minutes[:, None] * 60.0 / 5.0 - 60.0
    over = np.maximum(scaled - limit, 0.0)
    scaled = np.minimum(scaled, limit)
    spare = np.where(plays & (scaled < limit), scaled, 0.0)
    scaled += spare / spare.sum(axis=1, keepdims=True) * over.sum(axis=1, keepdims=True)
    return round_to_total(scaled, total_seconds)
