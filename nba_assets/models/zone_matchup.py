"""The player's shot-zone profile against the opponent's zone defense.

``shot_zone_mismatch_score`` (phase 4) is the FG% the opponent is expected to
allow him above the league, in percentage points, weighted by where he shoots.
Points scale with FG%, so the projection is his recent scoring times
``1 + elasticity · mismatch / 100``; the elasticity is fit on history, and so is
a scale for the median (an absolute error is least there; points are skewed).
Without a shots feed the mismatch is 0 and this is his recent scoring, scaled.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nba_assets.models.form import mae_scale, recent_points

LEAGUE_FG_PCT = 0.47  # one point of FG% is ~1/0.47 % of a player's points: the prior elasticity
SCALES = np.round(np.arange(0.90, 1.031, 0.01), 2)
PRIOR_SCALE = 0.97
MIN_FIT_ROWS = 500


def recent_scoring(rows: pd.DataFrame) -> pd.Series:
    """Weighted recent points (half-life 8 games) steadied by the season average."""
    return 0.6 * recent_points(rows) + 0.4 * rows["points_avg_season"]


class ZoneMatchup:
    system_id = "zone_matchup"

    def __init__(self) -> None:
        self.elasticity = 1 / LEAGUE_FG_PCT
        self.scale = PRIOR_SCALE

    @property
    def version(self) -> str:
        return f"zone_matchup_v2(elasticity={self.elasticity:.2f}, scale={self.scale:.2f})"

    def fit(self, history: pd.DataFrame) -> None:
        """Least squares of relative over-performance on the mismatch, bounded to [0, 5]; then the
        scale with the least absolute error."""
        base = recent_scoring(history)
        usable = base > 5
        x = history.loc[usable, "shot_zone_mismatch_score"].to_numpy() / 100
        y = (history.loc[usable, "actual_points"] / base[usable] - 1).to_numpy()
        if len(x) >= 200 and np.dot(x, x) > 0:
            self.elasticity = float(np.clip(np.dot(x, y) / np.dot(x, x), 0, 5))
        self.scale = PRIOR_SCALE
        if len(history) >= MIN_FIT_ROWS:
            self.scale = mae_scale(self.unscaled(history), history["actual_points"], SCALES)

    def unscaled(self, rows: pd.DataFrame) -> pd.Series:
        return recent_scoring(rows) * (1 + self.elasticity * rows["shot_zone_mismatch_score"] / 100)

    def predict(self, rows: pd.DataFrame) -> pd.Series:
        return (self.scale * self.unscaled(rows)).clip(lower=0)
