"""Shot rows (one per field-goal attempt) that add up exactly to the box score.

Each player's zone attempts and makes from the simulation become rows with a
distance consistent with the zone (paint ≤ 8 ft, mid-range 9-22 ft, threes
22-23.7 ft from the corner or 23.75 ft and beyond), a game time (period 1-4,
5+ in overtime) that orders the event numbers, and, for makes, an assist flag:
the team's assist count picks its assisted makes (threes most often).
"""

from __future__ import annotations

import numpy as np

from nba_assets.sources.demo.games import Box

ASSIST_WEIGHT = np.array([0.5, 0.55, 0.85])  # paint, mid, three


def _distance(zone: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    u = rng.random(len(zone))
    paint = np.where(u < 0.7, rng.uniform(0.0, 3.9, len(zone)), rng.uniform(4.0, 8.0, len(zone)))
    mid = rng.uniform(9.0, 22.0, len(zone))
    corner = rng.uniform(22.0, 23.6, len(zone))
    above = np.minimum(23.8 + rng.exponential(1.8, len(zone)), 34.0)
    heave = rng.uniform(40.0, 62.0, len(zone))
    three = np.where(u < 0.25, corner, np.where(u > 0.995, heave, above))
    return np.round(np.select([zone == 0, zone == 1], [paint, mid], three), 1)


def shot_events(box: Box, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Shot columns as arrays: tg (team-game row), slot, event_num, period, zone, distance, made, assisted."""
    attempts = box.zone_fga.reshape(-1)
    cell = np.repeat(np.arange(len(attempts)), attempts)
    first = np.repeat(np.cumsum(attempts) - attempts, attempts)
    made = (np.arange(len(cell)) - first) < box.zone_fgm.reshape(-1)[cell]
    tg, rest = np.divmod(cell, box.zone_fga.shape[1] * 3)
    slot, zone = np.divmod(rest, 3)

    game = tg // 2
    length = box.team_minutes[tg] / 5.0 * 60.0
    clock = rng.random(len(cell)) * length
    period = np.where(clock < 2880, clock // 720 + 1, (clock - 2880) // 300 + 5).astype(int)
    order = np.lexsort((clock, game))
    gaps = rng.integers(2, 7, len(cell))
    running = np.cumsum(gaps[order])
    starts = np.searchsorted(game[order], game[order], side="left")
    event = np.empty(len(cell), dtype=int)
    event[order] = running - running[starts] + gaps[order][starts] + 1

    key = np.where(made, np.log(ASSIST_WEIGHT[zone]) + rng.gumbel(size=len(cell)), -np.inf)
    by_key = np.lexsort((-key, tg))
    group_start = np.searchsorted(tg[by_key], tg[by_key], side="left")
    rank = np.empty(len(cell), dtype=int)
    rank[by_key] = np.arange(len(cell)) - group_start
    assisted = made & (rank < box.stats["ast"].sum(axis=1)[tg])
    return {
        "tg": tg,
        "slot": slot,
        "event_num": event,
        "period": period,
        "zone": zone,
        "distance": _distance(zone, rng),
        "made": made,
        "assisted": assisted,
    }
