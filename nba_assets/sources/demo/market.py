"""What the sportsbooks know before each snapshot, and what they estimate from it.

Books quote at ~20 h (some games), 6 h, 90 min and 10 min before tip-off, and
for a few games once more during the game (an in-game quote that later phases
must ignore). At each snapshot a book knows the injury reports published so
far: players reported out (or doubtful) are off the board and their minutes
and shots go to teammates. Its estimate of a player's points blends the
model-expected points given that information (with form only half-seen) and
the player's recent average, plus a market-wide error and a small per-book
difference; lines are half-points.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from nba_assets.sources.demo.availability import DOUBTFUL, NONE, OUT, Availability
from nba_assets.sources.demo.games import Box, GameContext, expected_points
from nba_assets.sources.demo.roster import League

BOOKS = ("draftkings", "fanduel", "betmgm", "caesars")
PREGAME = np.array([-20 * 3600, -6 * 3600, -90 * 60, -10 * 60])  # seconds before tip
EARLY_SHARE = 0.6  # games with a ~20 h snapshot
IN_GAME_SHARE = 0.05  # games with one in-game snapshot
HISTORY_WEIGHT = 0.3  # recency: share of the recent average in the book's estimate
FORM_SEEN = 0.5  # share of the latent form a book's model captures
MARKET_ERROR = 2.1  # points: error shared by every book on a player-game
BOOK_ERROR = 0.35


@dataclass(frozen=True)
class Market:
    snapshots: np.ndarray  # (games, 5) datetime64[s]; NaT where a game has no such snapshot
    estimate: np.ndarray  # (TG, 15, 5, books) points estimates
    listed: np.ndarray  # (TG, 15, 5, books) bool: the book quotes this player then
    team_estimate: np.ndarray  # (TG, 5, books) team points estimates


def snapshot_times(tips: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """(games, 5): four pre-game snapshots (the first for some games) and one in-game."""
    n = len(tips)
    jitter = rng.integers(-240, 240, (n, 4))
    jitter[:, 3] = rng.integers(-120, 60, n)
    before = tips[:, None] + (PREGAME + jitter).astype("timedelta64[s]")
    during = tips + rng.integers(30 * 60, 75 * 60, n).astype("timedelta64[s]")
    snaps = np.concatenate([before, during[:, None]], axis=1)
    snaps[rng.random(n) >= EARLY_SHARE, 0] = np.datetime64("NaT")
    snaps[rng.random(n) >= IN_GAME_SHARE, 4] = np.datetime64("NaT")
    return snaps


def known_out(
    availability: Availability, report_times: np.ndarray, snaps: np.ndarray
) -> np.ndarray:
    """(TG, 15, 5): the latest report published before the snapshot says out or doubtful."""
    latest = np.full((*availability.reports.shape[:2], snaps.shape[1]), NONE)
    per_tg_reports = np.repeat(report_times, 2, axis=0)  # (TG, 3)
    per_tg_snaps = np.repeat(snaps, 2, axis=0)  # (TG, 5)
    for r in range(report_times.shape[1]):
        seen = per_tg_reports[:, r, None] <= per_tg_snaps  # (TG, 5)
        status = availability.reports[:, :, r, None]
        latest = np.where(seen[:, None, :] & (status != NONE), status, latest)
    return (latest == OUT) | (latest == DOUBTFUL)


def recent_average(ctx: GameContext, box: Box, day: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(TG, 15) exponentially weighted points over each player's earlier games, and their count."""
    played = box.seconds > 0
    rows = pd.DataFrame(
        {
            "player": ctx.players[played],
            "day": np.broadcast_to(day[:, None], played.shape)[played],
            "points": box.stats["points"][played].astype(float),
        }
    ).sort_values(["day", "player"], kind="stable")
    grouped = rows.groupby("player")["points"]
    rows["avg"] = grouped.transform(lambda s: s.ewm(halflife=6).mean())
    rows["games"] = grouped.cumcount() + 1
    wanted = pd.DataFrame(
        {"player": ctx.players.reshape(-1), "day": np.repeat(day, ctx.players.shape[1])}
    )
    wanted["row"] = np.arange(len(wanted))
    found = pd.merge_asof(
        wanted.sort_values("day", kind="stable"),
        rows.sort_values("day", kind="stable"),
        on="day",
        by="player",
        allow_exact_matches=False,
    ).sort_values("row")
    shape = ctx.players.shape
    return (
        found["avg"].to_numpy().reshape(shape),
        found["games"].fillna(0).to_numpy().reshape(shape),
    )


def build_market(
    league: League,
    ctx: GameContext,
    availability: Availability,
    box: Box,
    day: np.ndarray,
    tips: np.ndarray,
    report_times: np.ndarray,
    rng: np.random.Generator,
) -> Market:
    """``day``: (games,) season day; ``tips``/``report_times``: (games,) / (games, 3) UTC."""
    snaps = snapshot_times(tips, rng)
    out = known_out(availability, report_times, snaps)
    expected = np.stack(
        [expected_points(league, ctx, ~out[..., k], FORM_SEEN * ctx.form) for k in range(4)], axis=2
    )  # (TG, 15, 4): per pre-game snapshot
    elapsed = np.where(np.isnat(snaps[:, 4]), 0, (snaps[:, 4] - tips).astype(np.int64))
    done = np.repeat(np.clip(elapsed / (48 * 60), 0.1, 0.9), 2)  # (TG,) share of game played
    history, games_seen = recent_average(ctx, box, np.repeat(day, 2))
    blend = np.where(games_seen >= 3, HISTORY_WEIGHT, 0.0)[..., None]
    model = (1 - blend) * expected + blend * np.nan_to_num(history)[..., None]
    return Market(
        snapshots=snaps,
        estimate=_player_estimates(model, box.stats["points"], done, rng),
        listed=_board(expected, out, box.seconds > 0, snaps, rng),
        team_estimate=_team_estimates(expected, box.stats["points"].sum(axis=1), done, rng),
    )


def _player_estimates(
    model: np.ndarray, points: np.ndarray, done: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """(TG, 15, 5, books): pre-game estimates converge to the close; in-game ones see the game."""
    n_books = len(BOOKS)
    market = rng.normal(0, MARKET_ERROR, points.shape)[..., None, None]
    drift = rng.normal(0, 1, (*model.shape, n_books)) * np.array([0.6, 0.45, 0.3, 0.2])[:, None]
    estimate = np.empty((*points.shape, 5, n_books))
    estimate[..., :4, :] = model[..., None] + market + drift
    estimate += rng.normal(0, BOOK_ERROR, (*points.shape, 1, n_books))
    live = done[:, None] * points + (1 - done[:, None]) * estimate[..., 3, :].mean(axis=-1)
    estimate[..., 4, :] = live[..., None] + rng.normal(0, 1.0, (*points.shape, n_books))
    return estimate


def _board(
    expected: np.ndarray,
    out: np.ndarray,
    played: np.ndarray,
    snaps: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """(TG, 15, 5, books): the rotation players each book lists at each snapshot.

    A book lists a team's top 9-11 expected scorers not reported out (top 7 only
    a day ahead); in-game quotes only for players who are on the floor.
    """
    ranked = np.where(out[..., :4], -1.0, expected)
    rank = np.argsort(np.argsort(-ranked, axis=1), axis=1)
    quota = rng.integers(9, 12, (len(out), 1, 1))
    board = (rank < quota) & (ranked >= 4.5)
    board[..., 0] &= rank[..., 0] < 7
    board = np.concatenate([board, board[..., 3:4] & played[..., None]], axis=2)
    shown = rng.random((*out.shape[:2], 1, len(BOOKS))) < np.array([1.0, 1.0, 0.93, 0.9])
    quoted = ~np.isnat(np.repeat(snaps, 2, axis=0))[:, None, :, None]
    return board[..., None] & shown & ~out[..., None] & quoted


def _team_estimates(
    expected: np.ndarray, points: np.ndarray, done: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """(TG, 5, books) team points: the sum of player expectations, a shared error, book noise."""
    team = expected.sum(axis=1)  # (TG, 4)
    live = done * points + (1 - done) * team[:, 3]
    team = np.concatenate([team, live[:, None]], axis=1)
    n = len(points)
    shared = rng.normal(0, 1.5, (n, 1, 1)) + rng.normal(0, 0.6, (n, 5, 1))
    return team[..., None] + shared + rng.normal(0, 0.3, (n, 1, len(BOOKS)))
