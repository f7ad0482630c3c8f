"""The feature ranges hold on the whole real 2024-25 regular season.

The season (opener 2024-10-22 to 2025-04-13: team game logs, complete, and the partial player game
logs) is landed through the ``files`` source and run in one ranged run, as in
``pipeline/test_real_precompute.py``. ``feature_ranges`` blocks the feature store, so a real value outside a
range in ``nba_assets/features.py`` would stop predictions: every row is checked here, and the
observed spread of each feature is printed (``pytest -s``) and recorded as a test property.

Real-data tier: MylesThomas/betting states no licence, so its logs are read from ``../shared``
and never vendored; without it these tests are deselected (conftest).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from dagster import ExecuteInProcessResult

from nba_assets.features import FEATURES
from nba_assets.identifiers import player_lookup
from nba_assets.sources.real.landing import PLAYER_LOGS, REAL_DATA_DIR
from nba_assets.warehouse.duckdb import DuckDBWarehouse
from nba_assets_tests.conftest import check_results
from nba_assets_tests.pipeline.test_real_precompute import EXPECTED_FAILURES, real_run

START, END = date(2024, 10, 22), date(2025, 4, 13)  # the regular season, inclusive
STORE = "nba_precompute/ml_feature_store_v2"
# Landry Shamet's only game before 2024-12-27: 1 minute, 2 points (the 2.0 points a minute)
CAMEO, CAMEO_DATE = "landryshamet", date(2024, 12, 27)

pytestmark = pytest.mark.real_data


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[DuckDBWarehouse, ExecuteInProcessResult]:
    landed = {"schedule": 1230, "team_boxscores": 2460, "player_boxscores": 22124}
    return real_run(tmp_path_factory.mktemp("real_season"), START, END, landed)


@pytest.fixture(scope="module")
def store(run) -> pd.DataFrame:
    return run[0].query(f"SELECT * FROM {STORE.replace('/', '.')}")


def test_the_season_runs_and_the_range_check_passes(run) -> None:
    _, result = run
    assert result.success
    checks = check_results(result)
    assert checks[(STORE, "feature_ranges")]
    assert {key for key, passed in checks.items() if not passed} == EXPECTED_FAILURES


def test_every_feature_of_every_row_is_inside_its_range(
    store: pd.DataFrame, record_property: pytest.RecordProperty
) -> None:
    # every rostered player on every game date after the bootstrap (players back from absences too)
    assert len(store) == 30_559
    spread = pd.DataFrame(
        [(f.name, store[f.name].min(), store[f.name].max(), f.low, f.high) for f in FEATURES],
        columns=["feature", "min", "max", "low", "high"],
    )
    print(f"\nreal 2024-25 feature store, {len(store)} rows\n{spread.to_string(index=False)}")
    record_property("feature_spread", spread.to_dict("records"))
    outside = {
        f.name: int((~store[f.name].between(f.low, f.high)).sum())
        for f in FEATURES
        if not store[f.name].between(f.low, f.high).all()  # NaN is outside too
    }
    assert outside == {}


def test_points_per_minute_is_a_ratio_of_sums_over_12_minutes_or_more(run) -> None:
    """The cache's ppm is Σ points / Σ minutes of the last 10 played games, from the logs."""
    warehouse, _ = run
    cache = warehouse.query(
        "SELECT cache_date, player_lookup, ppm_avg_last_10, minutes_total_last_10 "
        "FROM nba_precompute.player_daily_cache"
    )
    cache["cache_date"] = pd.to_datetime(cache["cache_date"]).dt.strftime("%Y-%m-%d")
    logs = pd.read_parquet(REAL_DATA_DIR / PLAYER_LOGS)
    logs = logs[logs["minutes"] > 0].assign(player_lookup=logs["player"].map(player_lookup))
    pairs = cache[["cache_date", "player_lookup"]].merge(
        logs[["player_lookup", "date", "pts", "minutes"]], on="player_lookup"
    )
    pairs = pairs[pairs["date"] < pairs["cache_date"]].sort_values("date", ascending=False)
    key = ["cache_date", "player_lookup"]
    last_10 = pairs[pairs.groupby(key).cumcount() < 10].groupby(key)[["pts", "minutes"]].sum()
    ours = cache.set_index(key).join(last_10, how="inner")
    assert len(ours) > 28_000
    pd.testing.assert_series_equal(
        ours["ppm_avg_last_10"], ours["pts"] / ours["minutes"], check_names=False
    )
    assert (ours["minutes_total_last_10"] == ours["minutes"]).all()
    # the row: 2 points in 1 minute is the cache's ratio, and too few minutes for a feature
    cameo = ours.loc[(CAMEO_DATE.isoformat(), CAMEO)]
    assert (cameo["pts"], cameo["minutes"], cameo["ppm_avg_last_10"]) == (2, 1, 2.0)
    row = store_row(warehouse, CAMEO, CAMEO_DATE)
    defaults = {f.name: f.default for f in FEATURES}
    for name in ("ppm_avg_last_10", "usage_rate_last_10"):
        assert row[name] == defaults[name], name


def store_row(warehouse: DuckDBWarehouse, player: str, day: date) -> pd.Series:
    return warehouse.query(
        f"SELECT * FROM {STORE.replace('/', '.')} WHERE player_lookup = @player AND game_date = @day",
        {"player": player, "day": day},
    ).iloc[0]
