"""Recent form: expected minutes × points per minute, blended with weighted recent points, scaled by
the matchup.

Both parts are exponentially weighted moving averages of the player's own games (``form.py``). Fit
on the games before the cutoff: the blend weight and a scale for the median (an absolute error is
least at the median, and points are skewed), then how much the opponent's defense and the game's
pace move points (``form.matchup_terms``, least absolute deviations). Few graded games: the prior
values below and no matchup term.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nba_assets.models.form import (
    MatchupBaseline,
    lad_fit,
    mae_scale,
    matchup_terms,
    projected_points,
    recent_points,
)

BLENDS = np.round(np.arange(0.0, 1.01, 0.1), 2)  # weight of the minutes × rate projection
SCALES = np.round(np.arange(0.90, 1.031, 0.01), 2)
PRIOR_BLEND, PRIOR_SCALE = 0.8, 0.96  # the values the real 2024-25 season settles on
MIN_FIT_ROWS = 500
MIN_MATCHUP_ROWS = 2000  # a matchup effect is a few percent: it needs a season's month to show


class MovingAverage:
    system_id = "moving_average"

    def __init__(self) -> None:
        self.blend, self.scale = PRIOR_BLEND, PRIOR_SCALE
        self.baseline: MatchupBaseline | None = None
        self.matchup = np.zeros(2)

    @property
    def version(self) -> str:
        return (
            f"moving_average_v3(minutes_x_ppm={self.blend:.1f}, scale={self.scale:.2f}, "
            f"defense={self.matchup[0]:+.3f}, pace={self.matchup[1]:+.3f})"
        )

    def fit(self, history: pd.DataFrame) -> None:
        """The blend and scale with the least absolute error on the graded games before the cutoff,
        then the matchup terms' coefficients on what is left."""
        self.blend, self.scale, self.baseline = PRIOR_BLEND, PRIOR_SCALE, None
        self.matchup = np.zeros(2)
        if len(history) < MIN_FIT_ROWS:
            return
        projection, recent = projected_points(history), recent_points(history)
        actual = history["actual_points"]
        fits = []
        for blend in BLENDS:
            mixed = blend * projection + (1 - blend) * recent
            scale = mae_scale(mixed, actual, SCALES)
            fits.append(((scale * mixed - actual).abs().mean(), blend, scale))
        _, self.blend, self.scale = min(fits)
        if len(history) >= MIN_MATCHUP_ROWS:
            self.baseline = MatchupBaseline.of(history)
            base = self.scale * self.unscaled(history).to_numpy(float)
            terms = matchup_terms(history, self.baseline) * base[:, None]
            self.matchup = lad_fit(terms, actual.to_numpy(float) - base)

    def unscaled(self, rows: pd.DataFrame) -> pd.Series:
        return self.blend * projected_points(rows) + (1 - self.blend) * recent_points(rows)

    def predict(self, rows: pd.DataFrame) -> pd.Series:
        points = self.scale * self.unscaled(rows)
        if self.baseline is not None:
            points = points * (1 + matchup_terms(rows, self.baseline) @ self.matchup)
        return points.clip(lower=0)
