"""Prediction settings from ``config.yaml``, typed."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml


@dataclass(frozen=True)
class PredictionConfig:
    history_days: int
    retrain_every_days: int
    min_training_rows: int
    ensemble_lookback_days: int
    ensemble_temperature: float
    similarity_neighbors: int
    edge_threshold: float
    best_bet_edge: float
    scoring_tiers: dict[str, float]


@cache
def prediction_config() -> PredictionConfig:
    raw = yaml.safe_load((Path(__file__).parent / "config.yaml").read_text())
    recommendation = raw.pop("recommendation")
    return PredictionConfig(**raw, **recommendation)
