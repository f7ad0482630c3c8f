"""Recent form: expected minutes × points per minute, blended with weighted recent points.

Both parts are exponentially weighted moving averages of the player's own games (``form.py``). Fit
on the games before the cutoff: the blend weight and a scale for the median (an absolute error is
least at the median, and points are skewed). Few graded games: the prior values below.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nba_assets.models.form import mae_scale, projected_points, recent_points

BLENDS = np.round(np.arange(0.0, 1.01, 0.1), 2)  # weight of the minutes × rate projection
SCALES = np.round(np.arange(0.90, 1.031, 0.01), 2)
PRIOR_BLEND, PRIOR_SCALE = 0.8, 0.96  # the values the real 2024-25 season settles on
MIN_FIT_ROWS = 500


class MovingAverage:
    system_id = "moving_average"

    def __init__(self) -> None:
        self.blend, self.scale = PRIOR_BLEND, PRIOR_SCALE

    @property
    def version(self) -> str:
        return f"moving_average_v2(minutes_x_ppm={self.blend:.1f}, scale={self.scale:.2f})"

    def fit(self, history: pd.DataFrame) -> None:
        """The blend and scale with the least absolute error on the graded games before the cutoff."""
        if len(history) < MIN_FIT_ROWS:
            self.blend, self.scale = PRIOR_BLEND, PRIOR_SCALE
            return
        projection, recent = projected_points(history), recent_points(history)
        actual = history["actual_points"]
        fits = []
        for blend in BLENDS:
            mixed = blend * projection + (1 - blend) * recent
            scale = mae_scale(mixed, actual, SCALES)
            fits.append(((scale * mixed - actual).abs().mean(), blend, scale))
        _, self.blend, self.scale = min(fits)

    def unscaled(self, rows: pd.DataFrame) -> pd.Series:
        return self.blend * projected_points(rows) + (1 - self.blend) * recent_points(rows)

    def predict(self, rows: pd.DataFrame) -> pd.Series:
        return (self.scale * self.unscaled(rows)).clip(lower=0)
