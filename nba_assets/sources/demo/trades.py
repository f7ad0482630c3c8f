"""Mid-season trades and the resulting roster of each team in each game.

Three to five one-for-one trades between mid December and the deadline in
early February swap two rotation players of similar role, so both teams keep
15 players; from the trade date on, box scores show each player on his new team.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from nba_assets.sources.demo.roster import ROSTER, TEAMS, League
from nba_assets.sources.demo.streams import stream


@dataclass(frozen=True)
class Trade:
    day: int  # season day index the trade takes effect
    players: tuple[int, int]  # player indices, swapped between their teams


def pick_trades(league: League, opening: date, seed: int) -> list[Trade]:
    rng = stream(seed, league.season_year, "trades")
    first = (date(opening.year, 12, 15) - opening).days
    deadline = (date(opening.year + 1, 2, 8) - opening).days
    count = int(rng.integers(3, 6))
    teams = rng.choice(len(TEAMS), size=2 * count, replace=False)
    trades = []
    for k in range(count):
        a_team, b_team = teams[2 * k], teams[2 * k + 1]
        a_members = np.flatnonzero(league.team == a_team)
        b_members = np.flatnonzero(league.team == b_team)
        a_order = a_members[np.argsort(-league.minutes[a_members], kind="stable")]
        a = int(a_order[rng.integers(3, 11)])
        b = int(b_members[np.argmin(np.abs(league.minutes[b_members] - league.minutes[a]))])
        trades.append(Trade(day=int(rng.integers(first, deadline)), players=(a, b)))
    return sorted(trades, key=lambda t: t.day)


def game_rosters(league: League, games: pd.DataFrame, trades: list[Trade]) -> np.ndarray:
    """(games, 2, 15) player indices of the away (0) and home (1) roster, by minutes role."""
    team = league.team.copy()
    epochs = [team.copy()]
    for trade in trades:
        a, b = trade.players
        team[a], team[b] = team[b], team[a]
        epochs.append(team.copy())
    by_epoch = np.empty((len(epochs), len(TEAMS), ROSTER), dtype=int)
    for e, assignment in enumerate(epochs):
        for t in range(len(TEAMS)):
            members = np.flatnonzero(assignment == t)
            by_epoch[e, t] = members[np.argsort(-league.minutes[members], kind="stable")]
    epoch = np.searchsorted([t.day for t in trades], games["day"].to_numpy(), side="right")
    sides = games[["away", "home"]].to_numpy()
    return by_epoch[epoch[:, None], sides]
