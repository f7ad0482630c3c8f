"""Prediction settings from ``config.yaml``, typed."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import yaml

from nba_assets.package_files import package_text


@dataclass(frozen=True)
class PredictionConfig:
    history_days: int
    retrain_every_days: int
    min_training_rows: int
    ensemble_lookback_days: int
    ensemble_temperature: float
    similarity_neighbors: int
    edge_threshold: float
    min_expected_value: float
    best_bets_min_expected_value: float
    scoring_tiers: dict[str, float]


@cache
def prediction_config() -> PredictionConfig:
    raw = yaml.safe_load(package_text("models", "config.yaml"))
    recommendation = raw.pop("recommendation")
    return PredictionConfig(**raw, **recommendation)
