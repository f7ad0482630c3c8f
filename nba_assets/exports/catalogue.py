"""The exports: one entry per document family; the asset factory and its check come from here.

An export's rows come from ``sql/exports/<name>.sql``; its documents are written to
``<folder>/<YYYY-MM-DD>.json`` and match ``schemas/<name>.schema.json``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

import fastjsonschema
import pandas as pd
from dagster import AssetKey

from nba_assets.exports import documents
from nba_assets.models.config import prediction_config
from nba_assets.package_files import package_text, sql_text
from nba_assets.scoring import Z_95
from nba_assets.warehouse.dialect import header_description, referenced_tables

PUBLISHED_SYSTEM = "ensemble"  # results and best bets are one system's calls: the combined one
BEST_BETS_PER_DAY = 15
EXPORT_CHECK = "exports_valid"  # the one check every export carries (checks/thresholds.yaml)


@dataclass(frozen=True)
class Export:
    name: str
    folder: str
    shape: Callable[[date, pd.DataFrame], dict[str, Any]]
    params: dict[str, Any] = field(default_factory=dict)
    latest: str | None = None  # the newest dated document is also written here

    @property
    def asset_key(self) -> AssetKey:
        return AssetKey(["exports", self.name])

    @property
    def sql(self) -> str:
        return sql_text("exports", self.name)

    @property
    def deps(self) -> tuple[str, ...]:
        return tuple(sorted(referenced_tables(self.sql)))

    @property
    def description(self) -> str:
        return f"Files {self.folder}/{{date}}.json. " + header_description(self.sql)

    @cached_property
    def schema(self) -> dict[str, Any]:
        return json.loads(package_text("exports", "schemas", f"{self.name}.schema.json"))

    @cached_property
    def validate(self) -> Callable[[Any], Any]:
        """The schema compiled to Python (a season of documents validates in well under a second)."""
        return fastjsonschema.compile(self.schema)

    def path(self, day: date) -> str:
        return f"{self.folder}/{day.isoformat()}.json"


EXPORTS: tuple[Export, ...] = (
    Export("predictions", "predictions", documents.predictions_document),
    Export(
        "results",
        "results",
        lambda day, rows: documents.results_document(day, rows, PUBLISHED_SYSTEM),
        params={"system_id": PUBLISHED_SYSTEM},
    ),
    Export(
        "best_bets",
        "best-bets",
        lambda day, rows: documents.best_bets_document(
            day, rows, PUBLISHED_SYSTEM, prediction_config().best_bets_min_expected_value
        ),
        params={
            "system_id": PUBLISHED_SYSTEM,
            "best_bets_min_expected_value": prediction_config().best_bets_min_expected_value,
            "best_bets_per_day": BEST_BETS_PER_DAY,
        },
    ),
    Export(
        "system_performance",
        "systems/performance",
        documents.performance_document,
        params={"z_95": Z_95},  # the intervals' z, the one nba_assets/scoring.py uses
        latest="systems/performance.json",
    ),
)
