"""A player's expected points from his recent form: minutes he is playing × points he scores a minute.

Minutes follow the role and change fast (a starter hurt, a rotation shortened), so they are weighted
with a short half-life (3 games); scoring per minute is noisy game to game and is taken over a long one
(20 games), shrunk toward what players with as many minutes score when his minutes are few. Both come
from ``nba_precompute.player_recent_form`` (games strictly before the row's date, read through
``sql/models/prediction_inputs.sql``); without them (no game in the last year) the feature store's
last-10 average stands in.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

# league points per minute rises with minutes (a starter shoots more): 0.25 + 0.0085 · minutes, from a
# least-squares fit over real 2024-25 player-games; a prior worth PRIOR_MINUTES minutes of his own play
PPM_AT_ZERO, PPM_PER_MINUTE, PRIOR_MINUTES = 0.25, 0.0085, 30.0
FORM_WINDOW_GAMES = 20  # the games a 20-game half-life rate mostly rests on


def expected_minutes(rows: pd.DataFrame) -> pd.Series:
    return rows["minutes_ewm_3"].fillna(rows["minutes_avg_last_10"]).astype(float)


def points_per_minute(rows: pd.DataFrame) -> pd.Series:
    """His weighted rate, shrunk toward the league's at his minutes by the minutes it rests on."""
    minutes = expected_minutes(rows)
    played = rows["form_games"].fillna(0).clip(upper=FORM_WINDOW_GAMES).astype(float) * minutes
    prior = PPM_AT_ZERO + PPM_PER_MINUTE * minutes
    own = rows["ppm_ewm_20"].astype(float).fillna(prior)
    return (own * played + prior * PRIOR_MINUTES) / (played + PRIOR_MINUTES)


def projected_points(rows: pd.DataFrame) -> pd.Series:
    """Minutes × points per minute; the last-10 average for a player without a game in a year."""
    projection = expected_minutes(rows) * points_per_minute(rows)
    return projection.where(rows["form_games"].notna(), rows["points_avg_last_10"]).astype(float)


def recent_points(rows: pd.DataFrame) -> pd.Series:
    """Points weighted over his recent games (half-life 8 games)."""
    return rows["points_ewm_8"].fillna(rows["points_avg_last_10"]).astype(float)


def mae_scale(prediction: pd.Series, actual: pd.Series, grid: np.ndarray) -> float:
    """The multiplier of ``grid`` with the least absolute error: points are skewed (a median below
    the mean), and an absolute error is least at the median."""
    p, y = prediction.to_numpy(float), actual.to_numpy(float)
    errors = [np.abs(k * p - y).mean() for k in grid]
    return float(grid[int(np.argmin(errors))])


@dataclass(frozen=True)
class MatchupBaseline:
    """The league's opponent defensive rating and game pace over the games a model is fit on."""

    defense: float
    pace: float

    @classmethod
    def of(cls, history: pd.DataFrame) -> MatchupBaseline:
        return cls(float(history["opponent_def_rating"].mean()), float(game_pace(history).mean()))


def game_pace(rows: pd.DataFrame) -> pd.Series:
    return (rows["team_pace"] + rows["opponent_pace"]) / 2


def matchup_terms(rows: pd.DataFrame, baseline: MatchupBaseline) -> np.ndarray:
    """Per row: the opponent's points allowed per 100 possessions and the game's expected pace,
    each as a share above the league's (0.05 = 5 % more), the relative change in points they
    scale."""
    defense = rows["opponent_def_rating"].astype(float) / baseline.defense - 1
    pace = game_pace(rows).astype(float) / baseline.pace - 1
    return np.column_stack([defense.to_numpy(), pace.to_numpy()])


def lad_fit(x: np.ndarray, y: np.ndarray, iterations: int = 30) -> np.ndarray:
    """Least-absolute-deviation coefficients of y on x (no intercept), by iteratively reweighted
    least squares; residuals under half a point weigh as half a point (a bounded weight)."""
    weights = np.ones(len(y))
    beta = np.zeros(x.shape[1])
    for _ in range(iterations):
        root = np.sqrt(weights)
        beta = np.linalg.lstsq(x * root[:, None], y * root, rcond=None)[0]
        weights = 1 / np.maximum(np.abs(y - x @ beta), 0.5)
    return beta
