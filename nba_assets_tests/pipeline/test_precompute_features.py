"""Phase-4 properties on the demo season, recomputed independently in pandas over every row.

Each test targets a bug the predecessor shipped (predecessor digest §7): DNPs averaged
in as zeros, back-to-backs never flagged, 7-day windows that counted 8 days, a
fatigue adjustment written where the score belonged, adjustments with the wrong sign.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from nba_assets.features import FEATURE_NAMES, FEATURE_VERSION
from nba_assets.settings import SETTINGS
from nba_assets.warehouse.duckdb import DuckDBWarehouse


@pytest.fixture(scope="module")
def warehouse(demo_season_warehouse: Path) -> DuckDBWarehouse:
    return DuckDBWarehouse(path=str(demo_season_warehouse))


@pytest.fixture(scope="module")
def games(warehouse: DuckDBWarehouse) -> pd.DataFrame:
    """Every player box-score row (played, DNP, inactive), oldest first."""
    return warehouse.query(
        "SELECT player_lookup, game_date, minutes_played, points, is_dnp "
        "FROM nba_analytics.player_game_summary ORDER BY player_lookup, game_date"
    )


def table(warehouse: DuckDBWarehouse, name: str) -> pd.DataFrame:
    return warehouse.query(f"SELECT * FROM nba_precompute.{name}")


def history_before(games: pd.DataFrame, rows: pd.DataFrame, date_column: str) -> pd.DataFrame:
    """Each (row, earlier game of the same player) pair: the history a row for D may use."""
    earlier = games.rename(columns={"game_date": "played_on"})
    pairs = rows[[date_column, "player_lookup"]].merge(earlier, on="player_lookup")
    return pairs[pairs["played_on"] < pairs[date_column]]


def test_no_rows_in_the_bootstrap_window_and_rows_right_after(warehouse) -> None:
    opening = warehouse.query("SELECT MIN(game_date) AS d FROM nba_raw.schedule")["d"][0]
    first_day = pd.Timestamp(opening) + timedelta(days=SETTINGS.bootstrap_days)
    for name, column in [
        ("team_defense_zone_analysis", "analysis_date"),
        ("player_shot_zone_analysis", "analysis_date"),
        ("player_daily_cache", "cache_date"),
        ("player_composite_factors", "game_date"),
        ("ml_feature_store_v2", "game_date"),
    ]:
        dates = pd.to_datetime(table(warehouse, name)[column])
        assert dates.min() >= first_day, name
        assert (dates - first_day).dt.days.min() <= 1, name  # the first game date after it


def test_averages_skip_dnp_games(warehouse, games) -> None:
    cache = table(warehouse, "player_daily_cache")
    pairs = history_before(games, cache, "cache_date")
    played = pairs[pairs["minutes_played"] > 0].sort_values("played_on", ascending=False)
    last_5 = played.groupby(["cache_date", "player_lookup"]).head(5)
    expected = last_5.groupby(["cache_date", "player_lookup"])["points"].mean()
    actual = cache.set_index(["cache_date", "player_lookup"])["points_avg_last_5"].dropna()
    assert len(actual) > 9_000
    pd.testing.assert_series_equal(
        actual.sort_index(),
        expected.reindex(actual.index).sort_index().astype(float),
        check_names=False,
    )
    # the property is exercised: many windows hold DNPs, and counting them as 0 would differ
    recent_rows = pairs.sort_values("played_on", ascending=False).groupby(
        ["cache_date", "player_lookup"]
    )
    with_dnp = recent_rows.head(5).groupby(["cache_date", "player_lookup"])["is_dnp"].any()
    assert with_dnp.sum() > 500
    as_zero = recent_rows.head(5).fillna({"points": 0}).groupby(["cache_date", "player_lookup"])
    wrong = as_zero["points"].mean().reindex(actual.index)
    assert (abs(wrong - actual) > 1).sum() > 100


def test_back_to_backs_are_flagged_and_cost_fatigue(warehouse, games) -> None:
    factors = table(warehouse, "player_composite_factors")
    played = games[games["minutes_played"] > 0]
    pairs = history_before(played, factors, "game_date")
    previous = pairs.groupby(["game_date", "player_lookup"])["played_on"].max()
    factors = factors.set_index(["game_date", "player_lookup"])
    expected = (factors.index.get_level_values(0) - previous.reindex(factors.index)) == timedelta(1)
    assert (factors["back_to_back"].fillna(False) == expected.to_numpy()).all()
    flagged = factors[factors["back_to_back"].fillna(False)]
    assert len(flagged) > 500
    assert (flagged["fatigue_score"] <= 85).all()
    features = table(warehouse, "ml_feature_store_v2").set_index(["game_date", "player_lookup"])
    assert (features.loc[flagged.index, "back_to_back"] == 1).all()


def test_seven_day_counts_cover_six_days_before_d(warehouse, games) -> None:
    factors = table(warehouse, "player_composite_factors")
    played = games[games["minutes_played"] > 0]
    pairs = history_before(played, factors, "game_date")
    recent = pairs[pairs["played_on"] > pairs["game_date"] - timedelta(days=7)]
    counts = recent.groupby(["game_date", "player_lookup"]).size()
    factors = factors.set_index(["game_date", "player_lookup"])
    expected = counts.reindex(factors.index, fill_value=0)
    known = factors["games_in_last_7_days"].notna()
    assert (factors.loc[known, "games_in_last_7_days"] == expected[known]).all()
    assert factors["games_in_last_7_days"].max() <= 4  # 4 games in 6 days is the NBA's limit
    assert (factors["minutes_in_last_7_days"] <= 48 * 4 + 25).all()


def test_fatigue_is_a_score_and_every_adjustment_moves_its_way(warehouse) -> None:
    factors = table(warehouse, "player_composite_factors")
    assert factors["fatigue_score"].between(0, 100).all()
    assert factors["fatigue_score"].nunique() > 5
    np.testing.assert_allclose(factors["fatigue_adjustment"], (factors["fatigue_score"] - 100) / 20)
    for score, adjustment in [
        ("shot_zone_mismatch_score", "shot_zone_adjustment"),
        ("pace_score", "pace_adjustment"),
        ("usage_spike_score", "usage_adjustment"),
    ]:
        assert (np.sign(factors[score]) * np.sign(factors[adjustment]) >= 0).all(), adjustment
        assert (factors[adjustment] != 0).mean() > 0.2, adjustment  # usage: only with teammates out
    assert factors["total_composite_adjustment"].abs().max() <= 8
    features = table(warehouse, "ml_feature_store_v2").set_index(["game_date", "player_lookup"])
    scores = factors.set_index(["game_date", "player_lookup"])["fatigue_score"]
    assert (features.loc[scores.index, "fatigue_score"] == scores).all()  # not the adjustment


def test_feature_store_columns_are_the_versioned_feature_list(warehouse) -> None:
    features = table(warehouse, "ml_feature_store_v2")
    columns = list(features.columns)
    start = columns.index(FEATURE_NAMES[0])
    assert columns[start : start + len(FEATURE_NAMES)] == list(FEATURE_NAMES)
    assert (features["feature_version"] == FEATURE_VERSION).all()
    assert features[list(FEATURE_NAMES)].notna().all().all()
    assert features["default_feature_count"].between(0, len(FEATURE_NAMES)).all()
    assert features["feature_quality_score"].mean() > 90


def test_zone_shares_and_league_comparison_are_consistent(warehouse) -> None:
    zones = table(warehouse, "player_shot_zone_analysis").dropna(subset=["paint_rate_last_10"])
    shares = zones[["paint_rate_last_10", "mid_range_rate_last_10", "three_pt_rate_last_10"]]
    np.testing.assert_allclose(shares.sum(axis=1), 100)
    defense = table(warehouse, "team_defense_zone_analysis")
    assert (defense.groupby("analysis_date").size() == 30).all()
    assert (defense["strongest_zone"] != defense["weakest_zone"]).all()
    # attempts-weighted, the teams' differences from the league pool cancel out on each date
    weighted = (
        defense["paint_defense_vs_league_avg"]
        * defense["paint_attempts_allowed_per_game"]
        * defense["zone_games_in_sample"]
    )
    assert weighted.groupby(defense["analysis_date"]).sum().abs().max() < 1e-6
