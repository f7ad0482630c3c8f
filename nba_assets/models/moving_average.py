"""Weighted recent scoring plus the phase-4 composite adjustment.

Recent games weigh most (form), the season average steadies it; the composite
adjustment (fatigue, zone matchup, pace, usage) is already bounded and signed in SQL.
"""

from __future__ import annotations

import pandas as pd

WEIGHTS = {"points_avg_last_5": 0.5, "points_avg_last_10": 0.3, "points_avg_season": 0.2}


class MovingAverage:
    system_id = "moving_average"
    version = "moving_average_v1"

    def fit(self, history: pd.DataFrame) -> None:
        """A fixed formula: nothing to learn."""

    def predict(self, rows: pd.DataFrame) -> pd.Series:
        blend = sum(weight * rows[column] for column, weight in WEIGHTS.items())
        return (blend + rows["total_composite_adjustment"]).clip(lower=0)
