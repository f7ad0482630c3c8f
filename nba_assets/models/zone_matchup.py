"""The player's shot-zone profile against the opponent's zone defense.

``shot_zone_mismatch_score`` (phase 4) is the FG% the opponent is expected to
allow him above the league, in percentage points, weighted by where he shoots.
Points scale with FG%, so the projection is his recent scoring times
``1 + elasticity · mismatch / 100``; the elasticity is fit on history.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

LEAGUE_FG_PCT = 0.47  # one point of FG% is ~1/0.47 % of a player's points: the prior elasticity


def recent_scoring(rows: pd.DataFrame) -> pd.Series:
    return 0.6 * rows["points_avg_last_10"] + 0.4 * rows["points_avg_season"]


class ZoneMatchup:
    system_id = "zone_matchup"

    def __init__(self) -> None:
        self.elasticity = 1 / LEAGUE_FG_PCT

    @property
    def version(self) -> str:
        return f"zone_matchup_v1(elasticity={self.elasticity:.2f})"

    def fit(self, history: pd.DataFrame) -> None:
        """Least squares of relative over-performance on the mismatch, bounded to [0, 5]."""
        base = recent_scoring(history)
        usable = base > 5
        x = history.loc[usable, "shot_zone_mismatch_score"].to_numpy() / 100
        y = (history.loc[usable, "actual_points"] / base[usable] - 1).to_numpy()
        if len(x) >= 200 and np.dot(x, x) > 0:
            self.elasticity = float(np.clip(np.dot(x, y) / np.dot(x, x), 0, 5))

    def predict(self, rows: pd.DataFrame) -> pd.Series:
        effect = 1 + self.elasticity * rows["shot_zone_mismatch_score"] / 100
        return (recent_scoring(rows) * effect).clip(lower=0)
