"""player_prop_predictions for a date range: every system, the line, the edge and the call.

One row per (game_date, player_lookup, system_id) for every feature-store row in
the range. The line is the consensus of each book's last pre-tip quote; without
one the call is NO_LINE (never a placeholder line).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.special import ndtr

from nba_assets.models.config import PredictionConfig, prediction_config
from nba_assets.models.ensemble import ensemble
from nba_assets.models.moving_average import MovingAverage
from nba_assets.models.similarity import Similarity
from nba_assets.models.walk_forward import KEY, walk_forward
from nba_assets.models.xgboost_model import XGBoostPoints
from nba_assets.models.zone_matchup import ZoneMatchup
from nba_assets.package_files import sql_text
from nba_assets.settings import SETTINGS
from nba_assets.warehouse import Warehouse

INPUTS_SQL = sql_text("models", "prediction_inputs")
INPUT_DECIMALS = 6
SYSTEMS = ("moving_average", "zone_matchup", "similarity", "xgboost", "ensemble")
TEXT, NUMBER = "object", "float64"
# the table's columns and types (an empty range still writes a typed frame)
DTYPES = {
    "game_date": "datetime64[us]", "player_lookup": TEXT, "system_id": TEXT, "game_id": TEXT,
    "team_abbr": TEXT, "opponent_team_abbr": TEXT, "scoring_tier": TEXT,
    "predicted_points": NUMBER, "line": NUMBER, "books_quoting": "Int64", "edge": NUMBER,
    "recommendation": TEXT, "confidence": NUMBER, "model_version": TEXT, "feature_version": TEXT,
}  # fmt: skip
COLUMNS = list(DTYPES)


def load_inputs(warehouse: Warehouse, start: date, end: date) -> pd.DataFrame:
    inputs = warehouse.query(
        INPUTS_SQL,
        {"start_date": start, "end_date": end},
    )
    # Deterministic inputs. A fixed row order: XGBoost's row sampling and the similarity pool's
    # ties follow it, and the warehouse returns rows in whatever order its writes left them.
    # Rounded to 6 decimals: DuckDB's parallel aggregates can differ in the last bit between two
    # builds of the same rows, which is enough to swap two near-tied neighbors.
    inputs = inputs.assign(game_date=pd.to_datetime(inputs["game_date"]))
    numbers = inputs.select_dtypes("float").columns
    inputs[numbers] = inputs[numbers].round(INPUT_DECIMALS)
    return inputs.sort_values(["game_date", "player_lookup"], ignore_index=True)


def scoring_tier(season_average: pd.Series, tiers: dict[str, float]) -> pd.Series:
    tier = pd.Series("bench", index=season_average.index)
    for name, floor in sorted(tiers.items(), key=lambda item: item[1]):
        tier = tier.mask(season_average >= floor, name)
    return tier


def recommend(rows: pd.DataFrame, config: PredictionConfig) -> pd.DataFrame:
    """Edge against the line, OVER / UNDER / PASS / NO_LINE, and a 0–100 confidence.

    Confidence = 100 · (2Φ(|edge| / σ) − 1), σ the player's last-10 points std (at least 3):
    how far the line sits from the prediction in his own spread of outcomes. It grows
    smoothly with the edge (3 points for a σ = 3 scorer: 68; 6 points: 95) instead of capping.
    """
    edge = rows["predicted_points"] - rows["line"]
    call = np.select(
        [rows["line"].isna(), edge >= config.edge_threshold, edge <= -config.edge_threshold],
        ["NO_LINE", "OVER", "UNDER"],
        "PASS",
    )
    spread = rows["points_std_last_10"].clip(lower=3)  # an edge is worth more for a steady scorer
    return rows.assign(
        edge=edge,
        recommendation=call,
        confidence=(100 * (2 * ndtr(edge.abs() / spread) - 1)).round(1),
    )


def predict_range(warehouse: Warehouse, start: date, end: date, model_store: Path) -> pd.DataFrame:
    config = prediction_config()
    inputs = load_inputs(warehouse, start - timedelta(days=config.history_days), end)
    if not (inputs["game_date"].dt.date >= start).any():  # bootstrap days: no feature rows
        return pd.DataFrame(columns=COLUMNS).astype(DTYPES)
    components_from = start - timedelta(days=config.ensemble_lookback_days)
    systems = [
        MovingAverage(),
        ZoneMatchup(),
        Similarity(config.similarity_neighbors),
        XGBoostPoints(model_store, config.min_training_rows),
    ]
    components = pd.concat(
        [walk_forward(s, inputs, components_from, end, config.retrain_every_days) for s in systems],
        ignore_index=True,
    )
    outcomes = inputs[[*KEY, "actual_points"]]
    combined = ensemble(
        components.merge(outcomes, on=KEY),
        config.ensemble_lookback_days,
        config.ensemble_temperature,
    )
    predictions = pd.concat([components, combined.assign(system_id="ensemble")], ignore_index=True)
    in_range = predictions["game_date"].dt.date.between(start, end - timedelta(days=1))
    context = inputs[
        [*KEY, "game_id", "team_abbr", "opponent_team_abbr", "line", "books_quoting",
         "points_avg_season", "points_std_last_10", "feature_version"]
    ]  # fmt: skip
    rows = predictions[in_range].merge(context, on=KEY, validate="many_to_one")
    rows = recommend(rows, config).assign(
        scoring_tier=lambda f: scoring_tier(f["points_avg_season"], config.scoring_tiers),
    )
    ordered = rows[COLUMNS].sort_values(["game_date", "player_lookup", "system_id"])
    return ordered.astype(DTYPES).reset_index(drop=True)


def build_predictions(warehouse: Warehouse, start: date, end: date) -> pd.DataFrame:
    """The catalogue's builder: models are kept under the deployment's model dir."""
    return predict_range(warehouse, start, end, SETTINGS.model_dir)
