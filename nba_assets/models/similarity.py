"""Nearest historical games by context, similarity-weighted.

A game is described by the situation, not the player: opponent defense, rest,
venue, back-to-back, pace and current form. The prediction is the player's
season average plus how much players in the most similar past situations beat
their own season averages (weights 1 / (1 + distance)).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

CONTEXT = ("opponent_def_rating", "days_rest", "home_game", "back_to_back", "pace_score", "form")
QUERY_CHUNK = 32  # rows compared at once (bounds memory: chunk × history × 6 floats)


def context(rows: pd.DataFrame) -> np.ndarray:
    frame = rows.assign(
        form=rows["points_avg_last_5"] - rows["points_avg_season"],
        days_rest=rows["days_rest"].clip(upper=4),
    )
    return frame[list(CONTEXT)].to_numpy(dtype=float)


class Similarity:
    system_id = "similarity"

    def __init__(self, neighbors: int) -> None:
        self.neighbors = neighbors
        self.points: np.ndarray = np.empty((0, len(CONTEXT)))
        self.residuals: np.ndarray = np.empty(0)
        self.scale = np.ones(len(CONTEXT))

    @property
    def version(self) -> str:
        return f"similarity_v1(k={self.neighbors}, pool={len(self.residuals)})"

    def fit(self, history: pd.DataFrame) -> None:
        points = context(history)
        self.scale = (
            np.where(points.std(axis=0) > 0, points.std(axis=0), 1.0) if len(points) else 1.0
        )
        self.points = points / self.scale
        self.residuals = (history["actual_points"] - history["points_avg_season"]).to_numpy(float)

    def predict(self, rows: pd.DataFrame) -> pd.Series:
        base = rows["points_avg_season"].to_numpy(float)
        if len(self.residuals) < self.neighbors:
            return pd.Series(base, index=rows.index)
        queries = context(rows) / self.scale
        shift = np.empty(len(rows))
        for begin in range(0, len(rows), QUERY_CHUNK):
            chunk = queries[begin : begin + QUERY_CHUNK]
            # elementwise, not |q|² + |p|² − 2q·p: a matrix product's rounding depends on which
            # rows share the block, and near-ties would pick other neighbors in another run
            distance = np.sqrt(((chunk[:, None, :] - self.points[None, :, :]) ** 2).sum(axis=2))
            nearest = np.argpartition(distance, self.neighbors - 1, axis=1)[:, : self.neighbors]
            near_distance = np.take_along_axis(distance, nearest, axis=1)
            weights = 1 / (1 + near_distance)
            shift[begin : begin + len(chunk)] = (weights * self.residuals[nearest]).sum(
                axis=1
            ) / weights.sum(axis=1)
        return pd.Series(np.clip(base + shift, 0, None), index=rows.index)
