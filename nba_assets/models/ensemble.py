"""Combines the other systems, each weighted by its recent accuracy, then leans on the market.

The weight of a system for date D is exp(−(MAE − best MAE) / temperature), its MAE
taken over its graded predictions in the lookback days before D (never D itself):
systems within a tenth of a point of each other share, a clearly worse one fades.
With no graded history, equal weights.

Where D's row has a real line, the blend moves toward it: line + w·(blend − line), w the share of
the blend's disagreements with the market that came true over the lookback's lined games
(``probability.market_weight``, out of sample). A line is the market's own prediction and, on real
books, the better one: on the real 2024-25 pick'em lines w settles near 0.07, and on those games
this takes the ensemble's MAE from 5.43 to 5.28 (the line alone: 5.28). Until the lookback holds
enough lined games, w = ``PRIOR_MARKET_WEIGHT``, what the real 2023-24 sportsbook weeks gave.
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pandas as pd

from nba_assets.models.probability import centred, market_weight

PRIOR_MARKET_WEIGHT = 0.1


def system_weights(graded: pd.DataFrame, systems: pd.Index, temperature: float) -> pd.Series:
    mae = graded.groupby("system_id")["error"].mean().reindex(systems)
    weights = np.exp(-(mae - mae.min()) / temperature).fillna(1.0)
    return weights / weights.sum()


def ensemble(components: pd.DataFrame, lookback_days: int, temperature: float) -> pd.DataFrame:
    """``components``: game_date, player_lookup, system_id, predicted_points, actual_points, line.

    Returns game_date, player_lookup, predicted_points, model_version for every
    (game_date, player_lookup) the components predicted.
    """
    graded = components.dropna(subset=["actual_points"]).assign(
        error=lambda f: (f["predicted_points"] - f["actual_points"]).abs()
    )
    key = ["game_date", "player_lookup"]
    wide = components.pivot_table(index=key, columns="system_id", values="predicted_points")
    known = components.drop_duplicates(key).set_index(key)[["line", "actual_points"]]
    blended = []
    lined_blends = pd.DataFrame(columns=["game_date", "blend", "line", "actual_points"])
    for day, rows in wide.groupby(level="game_date"):
        since = day - timedelta(days=lookback_days)
        recent = graded[(graded["game_date"] < day) & (graded["game_date"] >= since)]
        weights = system_weights(recent, wide.columns, temperature)
        blend = (rows * weights).sum(axis=1) / rows.notna().mul(weights).sum(axis=1)
        lined_blends = lined_blends[lined_blends["game_date"] >= since]  # the lookback's
        market = market_weight(
            lined_blends["blend"],
            lined_blends["line"],
            lined_blends["actual_points"],
            PRIOR_MARKET_WEIGHT,
        )
        outcome = known.reindex(rows.index)
        blended.append(
            pd.DataFrame(
                {
                    "predicted_points": centred(blend, outcome["line"], market),
                    "model_version": "ensemble_v2("
                    + ", ".join(f"{s}={w:.2f}" for s, w in weights.items())
                    + f"; market={market:.2f})",
                }
            )
        )
        today = outcome.assign(blend=blend).dropna(subset=["line", "actual_points"])
        today = today.reset_index()[lined_blends.columns]
        if len(today):
            lined_blends = pd.concat([lined_blends.dropna(axis=1, how="all"), today])
    return pd.concat(blended).reset_index() if blended else pd.DataFrame()
