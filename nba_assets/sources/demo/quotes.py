"""Sportsbook quotes as landing rows: player points props and game lines.

Lines are half-points just below the book's estimate (x.5), prices are
American odds around -110 with ~4.5% vig, shaded toward the side the book's
own estimate favours.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nba_assets.sources.demo.frames import frame, game_columns, iso_utc
from nba_assets.sources.demo.games import GameContext
from nba_assets.sources.demo.market import BOOKS, Market
from nba_assets.sources.demo.names import book_name
from nba_assets.sources.demo.roster import League

VIG = 0.0225  # per side


def half_point(estimate: np.ndarray) -> np.ndarray:
    return np.floor(estimate) + 0.5


def american(probability: np.ndarray) -> np.ndarray:
    """Win probability (with vig) -> American odds (-110, +105, ...)."""
    favourite = probability >= 0.5
    odds = np.where(
        favourite,
        -100 * probability / (1 - probability),
        100 * (1 - probability) / np.maximum(probability, 1e-9),
    )
    return np.rint(odds).astype(int)


def _prices(estimate: np.ndarray, line: np.ndarray, spread: np.ndarray) -> tuple[np.ndarray, ...]:
    over = 1 / (1 + np.exp(-1.7 * (estimate - line) / spread))
    return american(over + VIG), american(1 - over + VIG)


def props_frame(
    league: League, games: pd.DataFrame, ctx: GameContext, market: Market, tips: np.ndarray
) -> pd.DataFrame:
    tg, slot, snap, book = np.nonzero(market.listed)
    game = tg // 2
    estimate = np.maximum(market.estimate[tg, slot, snap, book], 1.0)
    line = half_point(estimate)
    over, under = _prices(estimate, line, 0.2 * np.maximum(estimate, 1) + 3)
    names = np.array([[book_name(n, b) for b in BOOKS] for n in league.names], dtype=object)
    table = frame(
        "player_props",
        {
            **game_columns(games, game),
            "tipoff_utc": iso_utc(tips[game]),
            "snapshot_utc": iso_utc(market.snapshots[game, snap]),
            "bookmaker": np.array(BOOKS, dtype=object)[book],
            "player_name": names[ctx.players[tg, slot], book],
            "line": line,
            "over_price": over,
            "under_price": under,
        },
    )
    order = np.lexsort((slot, tg, book, market.snapshots[game, snap], game))
    return table.iloc[order].reset_index(drop=True)


def lines_frame(games: pd.DataFrame, market: Market, tips: np.ndarray) -> pd.DataFrame:
    game, snap, book = np.nonzero(
        ~np.isnat(market.snapshots)[:, :, None] & np.ones(len(BOOKS), bool)
    )
    away = market.team_estimate[2 * game, snap, book]
    home = market.team_estimate[2 * game + 1, snap, book]
    return frame(
        "game_lines",
        {
            **game_columns(games, game),
            "tipoff_utc": iso_utc(tips[game]),
            "snapshot_utc": iso_utc(market.snapshots[game, snap]),
            "bookmaker": np.array(BOOKS, dtype=object)[book],
            "home_spread": half_point(away - home),
            "total": half_point(away + home),
        },
    )
