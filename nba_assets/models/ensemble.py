"""Combines the other systems, each weighted by its recent accuracy.

The weight of a system for date D is exp(−(MAE − best MAE) / temperature), its MAE
taken over its graded predictions in the lookback days before D (never D itself):
systems within a tenth of a point of each other share, a clearly worse one fades.
With no graded history, equal weights.
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pandas as pd


def ensemble(components: pd.DataFrame, lookback_days: int, temperature: float) -> pd.DataFrame:
    """``components``: game_date, player_lookup, system_id, predicted_points, actual_points.

    Returns game_date, player_lookup, predicted_points, model_version for every
    (game_date, player_lookup) the components predicted.
    """
    graded = components.dropna(subset=["actual_points"]).assign(
        error=lambda f: (f["predicted_points"] - f["actual_points"]).abs()
    )
    wide = components.pivot_table(
        index=["game_date", "player_lookup"], columns="system_id", values="predicted_points"
    )
    blocks = []
    for day, rows in wide.groupby(level="game_date"):
        recent = graded[
            (graded["game_date"] < day)
            & (graded["game_date"] >= day - timedelta(days=lookback_days))
        ]
        mae = recent.groupby("system_id")["error"].mean().reindex(wide.columns)
        weights = np.exp(-(mae - mae.min()) / temperature).fillna(1.0)
        weights = weights / weights.sum()
        blocks.append(
            pd.DataFrame(
                {
                    "predicted_points": (rows * weights).sum(axis=1)
                    / rows.notna().mul(weights).sum(axis=1),
                    "model_version": "ensemble_v1("
                    + ", ".join(f"{s}={w:.2f}" for s, w in weights.items())
                    + ")",
                }
            )
        )
    return pd.concat(blocks).reset_index() if blocks else pd.DataFrame()
