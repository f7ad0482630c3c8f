"""The demo regular season: 1,230 games, 82 per team, on ~163 dates, opening night to mid April.

Matchups follow the NBA formula (2 vs the other conference, 4 vs ten conference
rivals, 3 vs four), 41 home and 41 away per team. Dates are filled one day at
a time, as a league scheduler would: each day gets a weekday-shaped number of
games, picked among teams that are behind on their schedule, with back-to-backs
allowed sparingly (~13 per team) and never three days in a row nor four games
in five nights. Off days: Thanksgiving, Christmas Eve, the All-Star break and
two random quiet days. Tip-offs are 7:00-10:30 PM Eastern, later in the West.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from nba_assets.sources.demo.roster import EAST, TEAMS
from nba_assets.sources.demo.streams import stream

OPENING_NIGHTS = {
    2021: date(2021, 10, 19),
    2022: date(2022, 10, 18),
    2023: date(2023, 10, 24),
    2024: date(2024, 10, 22),
    2025: date(2025, 10, 21),
}
SEASON_DAYS = 173  # planned days; the last games spill into day 174 (a Sunday, mid April)
WEEKDAY_GAMES = np.array([7.2, 6.6, 9.4, 5.6, 8.8, 8.2, 7.0])  # Mon..Sun, shape only
# Back-to-back budget: a team may play a B2B while it is within this pace (+1), or
# whenever it is behind (more remaining games than BEHIND per remaining date).
# Tuned so teams average ~13 B2Bs (10-18), like 2021-22..2024-25.
B2B_PACE = 10.5
BEHIND = 0.52
PAIR_WEIGHT = 2.0  # spread a pair's meetings: pairs with more games left go first
# Tip-off choices (hours after midnight, Eastern) by the home team's time zone.
TIPS_EAST = (19.0, 19.0, 19.5, 19.5, 20.0)
TIPS_CENTRAL = (19.5, 20.0, 20.0, 20.5)
TIPS_MOUNTAIN = (21.0, 21.0, 22.0)
TIPS_PACIFIC = (22.0, 22.0, 22.5)
CENTRAL = frozenset("CHI DAL HOU MEM MIL MIN NOP OKC SAS".split())
MOUNTAIN = frozenset("DEN PHX UTA".split())
PACIFIC = frozenset("GSW LAC LAL POR SAC".split())


def opening_night(season_year: int) -> date:
    """Known opening nights; otherwise the third Tuesday of October."""
    if season_year in OPENING_NIGHTS:
        return OPENING_NIGHTS[season_year]
    first = date(season_year, 10, 1)
    return first + timedelta(days=(1 - first.weekday()) % 7 + 14)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _targets(season_year: int, rng: np.random.Generator) -> np.ndarray:
    """Games wanted on each day of the season (0 = off day); sums to about 1,230."""
    start = opening_night(season_year)
    days = [start + timedelta(days=i) for i in range(SEASON_DAYS)]
    weights = np.array([WEEKDAY_GAMES[d.weekday()] for d in days])
    all_star = _nth_weekday(season_year + 1, 2, 6, 3)
    off = {_nth_weekday(season_year, 11, 3, 4), date(season_year, 12, 24)}
    off |= {all_star + timedelta(days=k) for k in range(-2, 4)}
    quiet = [i for i, d in enumerate(days) if 20 < i < 150 and d.weekday() in (0, 3)]
    off |= {days[i] for i in rng.choice(quiet, size=2, replace=False)}
    weights = np.where([d in off for d in days], 0.0, weights)
    weights = weights * rng.uniform(0.85, 1.15, size=len(days))
    weights[0], weights[1] = 0.0, 0.0
    christmas = (date(season_year, 12, 25) - start).days
    weights[christmas] = 0.0
    fixed = {0: 2.0, 1: 12.0, christmas: 5.0}
    weights *= (1230 - sum(fixed.values())) / weights.sum()
    for i, n in fixed.items():
        weights[i] = n
    return weights


def _matchups(seed: int, season_year: int) -> np.ndarray:
    """(1230, 2) array of (home, away) team indices."""
    rng = stream(seed, season_year, "matchups")
    games: list[tuple[int, int]] = []
    teams = np.arange(len(TEAMS))
    east = np.array([TEAMS[t] in EAST for t in teams])
    for h in teams[east]:
        for a in teams[~east]:
            games += [(h, a), (a, h)]
    for conference in (teams[east], teams[~east]):
        order = rng.permutation(conference)
        steps = rng.choice(np.arange(1, 8), size=2, replace=False)
        for i in range(15):
            for j in range(i + 1, 15):
                x, y = order[i], order[j]
                games += [(x, y), (x, y), (y, x), (y, x)]
            for step in steps:  # three-game series: i hosts two of them
                x, y = order[i], order[(i + step) % 15]
                games.remove((y, x))
    return np.array(games)


def _assign_days(pairs: np.ndarray, targets: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Day index of every game, filling days in order (greedy, most urgent games first)."""
    n_teams = len(TEAMS)
    day_of = np.full(len(pairs), -1)
    played = np.zeros((n_teams, SEASON_DAYS + 60), dtype=bool)
    last_met = np.full(n_teams * n_teams, -99)
    pair_id = pairs.min(axis=1) * n_teams + pairs.max(axis=1)
    game_days_left = np.cumsum((targets > 0)[::-1])[::-1]
    day = 0
    while (day_of < 0).any():
        unplaced = day_of < 0
        if day < SEASON_DAYS:
            want = round(targets[day] * unplaced.sum() / max(targets[day:].sum(), 1e-9))
            left = game_days_left[day]
        else:  # overflow days: finish the season
            want, left = 15, 1
        if want > 0:
            candidates, score = _candidates(pairs, unplaced, played, day, max(left, 1), rng)
            score -= 0.4 * (day - last_met[pair_id[candidates]] < 10)
            pair_left = np.bincount(pair_id[unplaced], minlength=n_teams * n_teams)
            score += PAIR_WEIGHT * pair_left[pair_id[candidates]] / max(left, 1)
            used = np.zeros(n_teams, dtype=bool)
            for g in candidates[np.argsort(-score, kind="stable")]:
                if used[pairs[g]].any():
                    continue
                used[pairs[g]] = True
                day_of[g] = day
                if want <= used.sum() // 2:
                    break
            played[:, day] = used
            last_met[pair_id[day_of == day]] = day
        day += 1
    return day_of


def _candidates(
    pairs: np.ndarray,
    unplaced: np.ndarray,
    played: np.ndarray,
    day: int,
    left: int,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Games both teams may play on ``day`` and their urgency (teams behind schedule first).

    Never three days in a row nor four games in five nights; a back-to-back only
    within the team's B2B budget, unless it is behind.
    """
    y1 = played[:, day - 1] if day >= 1 else np.zeros(len(played), bool)
    y2 = played[:, day - 2] if day >= 2 else np.zeros(len(played), bool)
    recent = played[:, max(day - 4, 0) : day].sum(axis=1)
    b2b = (played[:, 1 : day + 1] & played[:, :day]).sum(axis=1) if day >= 1 else 0
    remaining = 82 - played[:, :day].sum(axis=1)
    behind = remaining / left
    over_budget = b2b >= B2B_PACE * (day + 1) / SEASON_DAYS + 1
    blocked = (y1 & y2) | (recent >= 3) | (y1 & over_budget & (behind < BEHIND))
    urgency = behind + rng.uniform(0, 0.15, len(played)) - 0.05 * y1
    candidates = np.flatnonzero(unplaced & ~blocked[pairs[:, 0]] & ~blocked[pairs[:, 1]])
    return candidates, urgency[pairs[candidates, 0]] + urgency[pairs[candidates, 1]]


def _tipoffs(home: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Eastern tip-off hour of each game, by the home team's time zone."""
    hours = np.empty(len(home))
    for i, t in enumerate(home):
        code = TEAMS[t]
        if code in PACIFIC:
            choices = TIPS_PACIFIC
        elif code in MOUNTAIN:
            choices = TIPS_MOUNTAIN
        elif code in CENTRAL:
            choices = TIPS_CENTRAL
        else:
            choices = TIPS_EAST
        hours[i] = choices[rng.integers(len(choices))]
    return hours


def build_schedule(season_year: int, seed: int) -> pd.DataFrame:
    """One row per game: game_date, day, home, away (team indices), tipoff_utc, nba_game_id."""
    rng = stream(seed, season_year, "schedule")
    pairs = _matchups(seed, season_year)
    days = _assign_days(pairs, _targets(season_year, rng), rng)
    hours = _tipoffs(pairs[:, 0], rng)
    start = pd.Timestamp(opening_night(season_year))
    local = start + pd.to_timedelta(days, unit="D") + pd.to_timedelta(hours, unit="h")
    games = pd.DataFrame(
        {
            "game_date": (start + pd.to_timedelta(days, unit="D")).date,
            "day": days,
            "home": pairs[:, 0],
            "away": pairs[:, 1],
            "tipoff_utc": local.tz_localize("America/New_York").tz_convert("UTC"),
        }
    )
    games = games.sort_values(["day", "tipoff_utc", "home"], kind="stable").reset_index(drop=True)
    games["nba_game_id"] = [f"002{season_year % 100:02d}{i + 1:05d}" for i in range(len(games))]
    return games
