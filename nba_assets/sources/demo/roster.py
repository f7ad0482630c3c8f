"""Demo league rosters: 30 teams × 15 players with stable skills that age across seasons.

Each team has 15 roster slots; a slot is a lineage of players, one generation
every 15 years, so a player stays on the same team with the same traits season
after season while he ages (peak ≈ 27), retires at 35 and is followed by a
20-year-old. Traits are drawn once per player (universe-wide, from the seed),
a small season wobble is added, and roles (minutes) follow the ranking of
current ability inside the team. Team traits (pace, zone defense) persist too.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nba_assets.identifiers import TEAM_CODES
from nba_assets.sources.demo.names import FIRST_NAMES, LAST_NAMES, player_names
from nba_assets.sources.demo.streams import stream

TEAMS: tuple[str, ...] = tuple(sorted(TEAM_CODES))
EAST = frozenset("ATL BKN BOS CHA CHI CLE DET IND MIA MIL NYK ORL PHI TOR WAS".split())
ROSTER = 15
BASE_SEASON = 2021
CAREER_YEARS = 15  # ages 20..34, then the slot's next generation arrives
GENERATION_OFFSET = 20  # uid generations run from -20 (1700s) to +15 (2200s)
STATS = ("oreb", "dreb", "ast", "stl", "blk", "tov", "pf")

# Slot -> position (0 guard, 1 forward, 2 center): 6 G, 6 F, 3 C per team.
SLOT_POSITION = np.array([0, 0, 1, 1, 2, 0, 1, 1, 0, 2, 0, 1, 2, 0, 1])
# Minutes per game by rank of ability inside the team (healthy roster sums > 240:
# about one rotation player is out on a typical night).
ROLE_MINUTES = np.array(
    [35.5, 34.0, 32.5, 31.0, 29.5, 26.0, 23.0, 19.5, 15.5, 11.0, 6.0, 4.0, 3.0, 2.0, 1.5]
)
# Per position: zone shot shares, FG% by zone, FTA per FGA, FT%.
ZONE_SHARE = np.array([[0.29, 0.21, 0.50], [0.35, 0.23, 0.42], [0.64, 0.20, 0.16]])
ZONE_PCT = np.array([[0.577, 0.426, 0.364], [0.601, 0.426, 0.358], [0.646, 0.411, 0.333]])
FT_RATE = np.array([0.22, 0.24, 0.33])
FT_PCT = np.array([0.81, 0.78, 0.70])
# Per position: relative per-minute rates of oreb, dreb, ast, stl, blk, tov, pf.
STAT_RATES = np.array(
    [
        [0.7, 3.6, 5.5, 1.2, 0.3, 2.0, 2.6],
        [1.6, 5.2, 2.8, 1.0, 0.6, 1.5, 3.0],
        [3.2, 8.0, 2.4, 0.8, 1.5, 1.7, 3.6],
    ]
)
USAGE_BY_POSITION = np.array([1.04, 1.0, 0.9])


@dataclass(frozen=True)
class League:
    """One season's players (index 0..449, team-major at opening night) and teams."""

    season_year: int
    names: list[str]
    player_ids: list[str]
    team: np.ndarray  # (N,) team index at opening night
    age: np.ndarray
    minutes: np.ndarray  # planned minutes per game with a healthy roster
    usage: np.ndarray  # shot-taking weight per minute
    zone_share: np.ndarray  # (N, 3) paint / mid / three shares of FGA
    zone_pct: np.ndarray  # (N, 3) FG% by zone
    ft_rate: np.ndarray  # FTA per FGA
    ft_pct: np.ndarray
    rates: np.ndarray  # (N, 7) per-minute weights of STATS
    pace: np.ndarray  # (30,) possessions per 48 minutes
    zone_defense: np.ndarray  # (30, 3) multiplier on opponents' FG% by zone (<1 = good)
    offense: np.ndarray  # (30,) multiplier on own FG% (coaching, spacing)
    team_rates: np.ndarray  # (30, 3) multipliers of TOV, FTA, OREB per possession


def _uids(season_year: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The uid and age of the player holding each (team, slot) this season."""
    first_age = 20 + stream(seed, "age").integers(0, CAREER_YEARS, size=len(TEAMS) * ROSTER)
    years = season_year - BASE_SEASON
    generation = np.ceil((first_age + years - 34) / CAREER_YEARS).astype(int)
    age = first_age + years - CAREER_YEARS * generation
    uid = (generation + GENERATION_OFFSET) * len(TEAMS) * ROSTER + np.arange(len(TEAMS) * ROSTER)
    if uid.min() < 0 or uid.max() >= len(FIRST_NAMES) * len(LAST_NAMES):
        raise ValueError(f"demo league supports seasons near {BASE_SEASON}, not {season_year}")
    return uid, age


def _age_curve(age: np.ndarray) -> np.ndarray:
    return -0.012 * (age - 27.0) ** 2


def _team_traits(season_year: int, seed: int) -> dict[str, np.ndarray]:
    """Persistent team identity plus a season wobble."""
    lasting = stream(seed, "teams").standard_normal((len(TEAMS), 9))
    season = stream(seed, season_year, "teams").standard_normal((len(TEAMS), 9))
    z = 0.75 * lasting + 0.66 * season
    return {
        "pace": np.clip(100.6 + 2.0 * z[:, 0], 96.0, 105.0),
        "zone_defense": 1.0 - 0.03 * z[:, 8:9] + 0.025 * z[:, 1:4],  # z[:, 8]: team quality
        "offense": 1.0 + 0.03 * z[:, 8] + 0.015 * z[:, 4],
        "team_rates": 1.0 + np.array([0.09, 0.10, 0.12]) * z[:, 5:8],
    }


def build_league(season_year: int, seed: int) -> League:
    uid, age = _uids(season_year, seed)
    n = len(uid)
    team = np.arange(n) // ROSTER
    position = SLOT_POSITION[np.arange(n) % ROSTER]
    universe = len(FIRST_NAMES) * len(LAST_NAMES)
    trait = stream(seed, "players").standard_normal((universe, 17))[uid]
    wobble = stream(seed, season_year, "players").standard_normal((n, 4))
    ability = trait[:, 0] + _age_curve(age) + 0.3 * wobble[:, 0]

    rank = np.empty(n, dtype=int)
    for t in range(len(TEAMS)):
        members = np.flatnonzero(team == t)
        rank[members[np.argsort(-ability[members], kind="stable")]] = np.arange(ROSTER)
    minutes = ROLE_MINUTES[rank] * np.exp(0.05 * wobble[:, 1])
    old = np.clip(age - 31, 0, None)
    minutes = minutes * (1.0 - 0.03 * old)  # veterans are managed

    creation = np.clip(0.9 * ability + 0.45 * trait[:, 1], -3.0, 2.2)  # no 40-ppg outliers
    usage = USAGE_BY_POSITION[position] * np.exp(0.32 * creation + 0.05 * wobble[:, 2])
    shares = ZONE_SHARE[position] * np.exp(0.3 * trait[:, 14:17])
    zone_share = shares / shares.sum(axis=1, keepdims=True)

    skill = 0.015 * ability[:, None] + np.array([0.020, 0.022, 0.020]) * trait[:, 2:5]
    zone_pct = ZONE_PCT[position] + skill
    zone_pct[:, 2] += 0.12 * (zone_share[:, 2] - ZONE_SHARE[position, 2])  # shooters shoot
    ft_rate = FT_RATE[position] * np.exp(0.3 * trait[:, 5] + 0.08 * ability)
    ft_pct = np.clip(FT_PCT[position] + 0.06 * trait[:, 6], 0.5, 0.94)
    rates = STAT_RATES[position] * np.exp(0.25 * trait[:, 7:14])
    rates[:, 2] *= np.exp(0.15 * ability)  # better players create more

    names = player_names(seed, uid)
    return League(
        season_year=season_year,
        names=names,
        player_ids=[str(1_620_000 + u) for u in uid.tolist()],
        team=team,
        age=age,
        minutes=minutes,
        usage=usage,
        zone_share=zone_share,
        zone_pct=np.clip(zone_pct, 0.2, 0.8),
        ft_rate=ft_rate,
        ft_pct=ft_pct,
        rates=rates,
        **_team_traits(season_year, seed),
    )
