"""Who can play each game, and what the injury report said beforehand.

Three reasons a player misses a game, each leaving a trace a model can learn from:
- injury spells (a few days to two months) on a per-player calendar: 'out' on
  every report, 'questionable' the day before the first game, then a
  questionable -> probable -> available return;
- game-time knocks: listed probable / questionable / doubtful, playing with
  probability 95% / 55% / 20%; the last report resolves some of them;
- rest: veterans and stars sit some second nights of back-to-backs, announced
  on game day only (late information for the books).
Reports are made the day before (17:30 ET), on game day (13:30 ET) and one hour
before tip-off.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from nba_assets.sources.demo.roster import League
from nba_assets.sources.demo.streams import stream

STATUSES = ("out", "doubtful", "questionable", "probable", "available")
OUT, DOUBTFUL, QUESTIONABLE, PROBABLE, AVAILABLE = range(5)
NONE = -1
PLAY_CHANCE = {PROBABLE: 0.95, QUESTIONABLE: 0.55, DOUBTFUL: 0.2}
AILMENTS = (
    "Left Ankle; Sprain",
    "Right Ankle; Sprain",
    "Left Knee; Soreness",
    "Right Knee; Soreness",
    "Left Hamstring; Strain",
    "Right Hamstring; Strain",
    "Lower Back; Spasms",
    "Right Hip; Contusion",
    "Left Foot; Plantar Fasciitis",
    "Illness; Non-COVID",
    "Right Wrist; Sprain",
    "Left Calf; Tightness",
    "Right Shoulder; Soreness",
    "Left Groin; Strain",
    "Right Hand; Fracture",
    "Concussion Protocol",
)
MINOR = len(AILMENTS) - 2  # the last two keep a player out for a while: never a knock
REST = len(AILMENTS)  # reason index for rest
SPELL_RATE = 0.0055  # injuries per player per calendar day
SPELL_DAYS = ((2, 7), (7, 21), (21, 71))  # short (55%), medium (30%), long (15%) absences
KNOCK_RATE = 0.035  # game-time knocks per player-game


@dataclass(frozen=True)
class Availability:
    """Per (team-game, roster slot): absence cause, reason and the three reports."""

    out: np.ndarray  # (TG, 15) bool: injured/knocked out (box status 'inactive')
    rest: np.ndarray  # (TG, 15) bool: rested (box status 'dnp')
    reason: np.ndarray  # (TG, 15) index into AILMENTS (REST for rest), -1 none
    reports: np.ndarray  # (TG, 15, 3) status code at each report time, -1 unlisted


def _spells(league: League, n_days: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Calendar of injury spells: (players, days) out flag and ailment index."""
    n = len(league.names)
    out = np.zeros((n, n_days + 2), dtype=bool)
    ailment = np.full((n, n_days + 2), NONE)
    proneness = SPELL_RATE * np.exp(0.04 * (league.age - 27)) * (0.6 + league.minutes / 60)
    counts = rng.poisson(proneness * n_days)
    for player in np.repeat(np.arange(n), counts):
        start = int(rng.integers(-20, n_days))
        low, high = SPELL_DAYS[int(np.searchsorted([0.55, 0.85], rng.random()))]
        length = int(rng.integers(low, high))
        days = slice(max(start, 0), max(min(start + length, n_days), 0))
        out[player, days] = True
        ailment[player, days] = rng.integers(MINOR if length < 7 else len(AILMENTS))
    return out, ailment


def build_availability(
    league: League, games: pd.DataFrame, rosters: np.ndarray, seed: int
) -> Availability:
    rng = stream(seed, league.season_year, "availability")
    n_days = int(games["day"].max()) + 1
    spell, ailment = _spells(league, n_days, rng)
    players = rosters.reshape(-1, rosters.shape[-1])  # (TG, 15), TG = 2 * game + side
    day = np.repeat(games["day"].to_numpy(), 2)[:, None]
    team = games[["away", "home"]].to_numpy().reshape(-1)

    injured = spell[players, day]
    fresh = injured & ~spell[players, day - 1]
    returning = ~injured & (spell[players, day - 1] | spell[players, np.maximum(day - 2, 0)])
    reports = np.full((*players.shape, 3), NONE)
    reason = np.where(injured, ailment[players, day], NONE)
    reports[injured] = OUT
    reports[fresh & (rng.random(players.shape) < 0.5), 0] = QUESTIONABLE
    back_reason = np.maximum(ailment[players, day - 1], ailment[players, np.maximum(day - 2, 0)])
    reports[returning] = [QUESTIONABLE, PROBABLE, AVAILABLE]

    knock = ~injured & ~returning & (rng.random(players.shape) < KNOCK_RATE)
    listed = rng.choice([PROBABLE, QUESTIONABLE, DOUBTFUL], p=[0.45, 0.4, 0.15], size=players.shape)
    chance = np.select([listed == s for s in PLAY_CHANCE], list(PLAY_CHANCE.values()))
    plays = rng.random(players.shape) < chance
    resolved = rng.random(players.shape) < 0.4
    final = np.where(resolved, np.where(plays, AVAILABLE, OUT), listed)
    late = rng.random(players.shape) < 0.3  # knock appeared on game day
    reports[knock, 0] = np.where(late, NONE, listed)[knock]
    reports[knock, 1] = listed[knock]
    reports[knock, 2] = final[knock]
    scratched = knock & ~plays
    knock_reason = rng.integers(MINOR, size=players.shape)
    reason = np.where(knock | returning, np.where(returning, back_reason, knock_reason), reason)

    played = np.zeros((int(team.max()) + 1, n_days + 1), dtype=bool)
    played[team, day[:, 0]] = True
    second_night = played[team, np.maximum(day[:, 0] - 1, 0)] & (day[:, 0] > 0)
    rest_chance = np.where(league.age[players] >= 31, 0.22, 0.07) * (league.minutes[players] >= 30)
    rest = second_night[:, None] & ~injured & ~knock & (rng.random(players.shape) < rest_chance)
    reports[rest] = [NONE, OUT, OUT]
    reason = np.where(rest, REST, reason)
    return Availability(out=injured | scratched, rest=rest, reason=reason, reports=reports)


def report_times(games: pd.DataFrame) -> np.ndarray:
    """(games, 3) UTC datetime64[s]: day before 17:30 ET, game day 13:30 ET, tip-off - 1 h."""
    day = pd.to_datetime(games["game_date"])
    eastern = [day - pd.Timedelta(hours=6, minutes=30), day + pd.Timedelta(hours=13, minutes=30)]
    utc = [
        pd.DatetimeIndex(t).tz_localize("America/New_York").tz_convert(None).to_numpy()
        for t in eastern
    ]
    hour_before = games["tipoff_utc"].dt.tz_convert(None).to_numpy() - np.timedelta64(1, "h")
    return np.stack([*utc, hour_before], axis=1).astype("datetime64[s]")
