"""Every phase-4 and phase-5 check passes on the demo season and fails on a copy corrupted the way
the predecessor's feature store and predictions broke."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from nba_assets.checks.policy import CheckPolicy, load_policy
from nba_assets.checks.results import evaluate
from nba_assets.checks.rules import CheckInput
from nba_assets.features import FEATURES
from nba_assets.tables import TABLES, TABLES_BY_PATH
from nba_assets.warehouse.duckdb import DuckDBWarehouse
from nba_assets_tests.conftest import DEMO_SEASON_RANGE, corruptible_copy, policy_file

START, END = DEMO_SEASON_RANGE
STORE = "nba_precompute/ml_feature_store_v2"
PREDICTIONS = "nba_predictions/player_prop_predictions"
HISTORY_GROUPS = ("nba_precompute", "nba_predictions")
CHECKED_DAY = date(2021, 11, 24)


@pytest.fixture
def corrupt(tmp_path: Path, demo_season_warehouse: Path):
    return corruptible_copy(demo_season_warehouse, tmp_path / "warehouse.duckdb")


def judge(warehouse: DuckDBWarehouse, path: str, check: str, policy: CheckPolicy | None = None):
    table = TABLES_BY_PATH[path]
    result = evaluate(
        check, CheckInput(warehouse, table, START, END, 1, 0, policy or load_policy(None))
    )
    return result.passed, {k: v.value for k, v in result.metadata.items()}


@pytest.fixture
def without_shots(tmp_path: Path) -> CheckPolicy:
    return policy_file(tmp_path / "checks.yaml", "absent_feeds: [shots]\n")


@pytest.mark.parametrize(
    "path, check",
    [(t.path, c) for t in TABLES if t.dataset in HISTORY_GROUPS for c in t.checks],
)
def test_every_check_passes_on_the_demo_season(demo_season_warehouse, path, check) -> None:
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


def test_everyone_rested_on_one_date_is_not_a_stuck_feature(corrupt) -> None:
    # the first date after a week without games (the All-Star break, a feed outage):
    # every player is fully rested, so fatigue_score is 100 for all of them
    warehouse = corrupt(
        f"UPDATE nba_precompute.ml_feature_store_v2 SET fatigue_score = 100 WHERE game_date = '{CHECKED_DAY}'"
    )
    passed, metadata = judge(warehouse, STORE, "feature_variance")
    assert passed, metadata


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


def test_a_player_with_a_line_missing_a_system_fails(corrupt) -> None:
    # the predecessor's duplicate / missing active predictions per player and game
    warehouse = corrupt(
        "DELETE FROM nba_predictions.player_prop_predictions WHERE system_id = 'xgboost' "
        f"AND game_date = '{CHECKED_DAY}' AND line IS NOT NULL AND player_lookup IN ("
        "SELECT DISTINCT player_lookup FROM nba_predictions.player_prop_predictions "
        f"WHERE game_date = '{CHECKED_DAY}' AND line IS NOT NULL ORDER BY player_lookup LIMIT 3)"
    )
    passed, metadata = judge(warehouse, PREDICTIONS, "lines_have_every_system")
    assert not passed
    assert metadata["missing_some_system"] == 3


@pytest.mark.parametrize(
    "corruption",
    [
        "predicted_points = -2",  # a negative projection
        "line = 20.0",  # a placeholder line on a NO_LINE row
        "edge = edge + 3",  # an edge that is not predicted - line
    ],
)
def test_insane_predictions_fail_the_bounds_check(corrupt, corruption) -> None:
    warehouse = corrupt(
        f"UPDATE nba_predictions.player_prop_predictions SET {corruption} "
        f"WHERE game_date = '{CHECKED_DAY}' AND system_id = 'ensemble' "
        + ("AND line IS NULL" if corruption.startswith("line") else "AND line IS NOT NULL")
    )
    passed, metadata = judge(warehouse, PREDICTIONS, "predictions_within_bounds")
    assert not passed
    assert metadata["by_system"].startswith("ensemble: ")


def test_ungraded_finished_games_fail_grading_coverage(corrupt) -> None:
    warehouse = corrupt(
        f"DELETE FROM nba_predictions.prediction_accuracy WHERE game_date = '{CHECKED_DAY}'"
    )
    passed, metadata = judge(
        warehouse, "nba_predictions/prediction_accuracy", "grading_covers_finished_games"
    )
    assert not passed
    assert metadata["dates_short"] == str(CHECKED_DAY)


def test_zone_windows_without_a_shots_feed_are_not_judged_the_rest_still_is(
    corrupt, without_shots
) -> None:
    zones = "nba_precompute/team_defense_zone_analysis"
    warehouse = corrupt(
        "UPDATE nba_precompute.team_defense_zone_analysis SET paint_pct_allowed_last_15 = NULL"
    )
    assert not judge(warehouse, zones, "rolling_averages_populated")[0]  # packaged: a failure
    passed, metadata = judge(warehouse, zones, "rolling_averages_populated", without_shots)
    assert passed, metadata
    assert (metadata["feed_not_configured"], metadata["not_judged"]) == (
        "shots",
        "paint_pct_allowed_last_15",
    )
    assert "pct_paint_pct_allowed_last_15" not in metadata
    assert metadata["pct_defensive_rating_last_15"] > 85
    warehouse = corrupt(
        "UPDATE nba_precompute.team_defense_zone_analysis SET defensive_rating_last_15 = NULL"
    )
    assert not judge(warehouse, zones, "rolling_averages_populated", without_shots)[0]


def test_features_only_shots_feed_are_not_judged_without_it(corrupt, without_shots) -> None:
    shot_features = [f for f in FEATURES if f.feed == "shots"]
    defaults = ", ".join(f"{f.name} = {f.default}" for f in shot_features)
    warehouse = corrupt(f"UPDATE nba_precompute.ml_feature_store_v2 SET {defaults}")
    passed, metadata = judge(warehouse, STORE, "feature_variance")
    assert not passed and "pct_paint" in metadata["examples"]  # packaged: a failure
    passed, metadata = judge(warehouse, STORE, "feature_variance", without_shots)
    assert passed, metadata
    assert metadata["not_judged"] == ", ".join(f.name for f in shot_features)
    warehouse = corrupt(
        f"UPDATE nba_precompute.ml_feature_store_v2 SET {defaults}, team_pace = 100"
    )
    passed, metadata = judge(warehouse, STORE, "feature_variance", without_shots)
    assert not passed and "team_pace" in metadata["examples"]  # the other features still are
