"""Every phase-4 check can fail: corrupt a copy of the demo season the way the predecessor's store broke."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest

from nba_assets.checks.rules import CheckInput, evaluate
from nba_assets.tables import TABLES, TABLES_BY_PATH
from nba_assets.warehouse.duckdb import DuckDBWarehouse
from nba_assets_tests.conftest import DEMO_SEASON_RANGE

START, END = DEMO_SEASON_RANGE
STORE = "nba_precompute/ml_feature_store_v2"
CHECKED_DAY = date(2021, 11, 24)


@pytest.fixture
def corrupt(tmp_path: Path, demo_season_warehouse: Path):
    path = tmp_path / "warehouse.duckdb"
    shutil.copy(demo_season_warehouse, path)

    def apply(statement: str) -> DuckDBWarehouse:
        with duckdb.connect(str(path)) as db:
            db.execute(statement)
        return DuckDBWarehouse(path=str(path))

    return apply


def judge(warehouse: DuckDBWarehouse, path: str, check: str):
    result = evaluate(check, CheckInput(warehouse, TABLES_BY_PATH[path], START, END, 1, 0))
    return result.passed, {k: v.value for k, v in result.metadata.items()}


@pytest.mark.parametrize(
    "path, check",
    [(t.path, c) for t in TABLES if t.dataset == "nba_precompute" for c in t.checks],
)
def test_every_phase4_check_passes_on_the_demo_season(demo_season_warehouse, path, check) -> None:
    passed, metadata = judge(DuckDBWarehouse(path=str(demo_season_warehouse)), path, check)
    assert passed, metadata


def test_a_missing_date_after_bootstrap_fails_coverage(corrupt) -> None:
    warehouse = corrupt(
        f"DELETE FROM nba_precompute.player_daily_cache WHERE cache_date = '{CHECKED_DAY}'"
    )
    passed, metadata = judge(
        warehouse, "nba_precompute/player_daily_cache", "covers_scheduled_dates"
    )
    assert not passed
    assert metadata["missing_ranges"] == str(CHECKED_DAY)
    assert metadata["bootstrap_days_not_judged"] == 14


def test_rolling_averages_left_empty_fail(corrupt) -> None:
    warehouse = corrupt(
        "UPDATE nba_precompute.player_daily_cache SET points_avg_last_10 = NULL "
        "WHERE HASH(player_lookup) % 5 = 0"
    )
    passed, metadata = judge(
        warehouse, "nba_precompute/player_daily_cache", "rolling_averages_populated"
    )
    assert not passed
    assert 70 < metadata["pct_points_avg_last_10"] < 90


def test_an_adjustment_written_as_the_fatigue_score_fails_the_range_check(corrupt) -> None:
    # the predecessor wrote fatigue_adjustment (-5..0) into the fatigue_score feature for six days
    warehouse = corrupt(
        "UPDATE nba_precompute.ml_feature_store_v2 SET fatigue_score = (fatigue_score - 100) / 20 "
        f"WHERE game_date = '{CHECKED_DAY}' AND fatigue_score < 100"
    )
    passed, metadata = judge(warehouse, STORE, "feature_ranges")
    assert not passed
    assert metadata["features_out_of_range"] == 1 and "fatigue_score" in metadata["examples"]


def test_a_feature_stuck_at_its_default_fails_the_variance_check(corrupt) -> None:
    # the predecessor's team_win_pct was 0.5 for 99.8 % of rows
    warehouse = corrupt(
        f"UPDATE nba_precompute.ml_feature_store_v2 SET team_win_pct = 0.5 WHERE game_date = '{CHECKED_DAY}'"
    )
    passed, metadata = judge(warehouse, STORE, "feature_variance")
    assert not passed
    assert metadata["examples"] == f"{CHECKED_DAY} team_win_pct"


def test_a_feature_flat_over_the_whole_range_fails_even_where_a_date_may_be_uniform(
    corrupt,
) -> None:
    # usage_spike_score may be 0 on one date (nobody out), never on every date: the predecessor's
    # pace and usage scores were never populated upstream
    warehouse = corrupt("UPDATE nba_precompute.ml_feature_store_v2 SET usage_spike_score = 0")
    passed, metadata = judge(warehouse, STORE, "feature_variance")
    assert not passed
    assert metadata["examples"] == "whole range usage_spike_score"


def test_mostly_defaulted_features_fail_the_quality_check(corrupt) -> None:
    warehouse = corrupt(
        "UPDATE nba_precompute.ml_feature_store_v2 SET default_feature_count = 20, "
        "feature_quality_score = 100 - 60 * 20 / 38"
    )
    passed, metadata = judge(warehouse, STORE, "feature_quality")
    assert not passed
    assert metadata["mean"] < 80 and metadata["defaults_per_row"] == 20
