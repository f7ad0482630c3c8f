"""A player's expected points from his recent form: minutes he is playing × points he scores a minute.

Minutes follow the role and change fast (a starter hurt, a rotation shortened), so they are weighted
with a short half-life (3 games); scoring per minute is noisy game to game and is taken over a long one
(20 games), shrunk toward what players with as many minutes score when his minutes are few. Both come
from ``sql/models/prediction_inputs.sql`` (games strictly before the row's date); without them (no game
in the last year) the feature store's last-10 average stands in.
"""

from __future__ import annotations

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
