"""Phase 5 predictions on the demo season: no leakage, walk-forward models, one row per system."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from nba_assets.models.config import prediction_config
from nba_assets.models.predict import predict_range
from nba_assets.models.walk_forward import cutoff_of
from nba_assets.settings import SETTINGS
from nba_assets.tables import TABLES
from nba_assets.warehouse.duckdb import DuckDBWarehouse
from nba_assets_tests.conftest import SYSTEMS

DAY = date(2021, 12, 8)  # a Wednesday: its models were fit on games before Monday 2021-12-06
KEY = ["game_date", "player_lookup", "system_id"]


@pytest.fixture(scope="module")
def predictions(demo_season_warehouse: Path) -> pd.DataFrame:
    warehouse = DuckDBWarehouse(path=str(demo_season_warehouse))
    return warehouse.query("SELECT * FROM nba_predictions.player_prop_predictions")


def without_the_future(source: Path, target: Path, day: date) -> DuckDBWarehouse:
    """A copy of the warehouse as of the morning of ``day``: no later rows, no results of ``day``."""
    shutil.copy(source, target)
    with duckdb.connect(str(target)) as db:
        for table in TABLES:
            db.execute(f"DELETE FROM {table.target.qualified} WHERE {table.date_column} > ?", [day])
        for played in ("nba_raw.player_boxscores", "nba_analytics.player_game_summary"):
            db.execute(f"DELETE FROM {played} WHERE game_date = ?", [day])
    return DuckDBWarehouse(path=str(target))


def test_predictions_for_a_day_do_not_depend_on_later_games(
    demo_season_warehouse: Path, tmp_path: Path
) -> None:
    full = DuckDBWarehouse(path=str(demo_season_warehouse))
    morning = without_the_future(demo_season_warehouse, tmp_path / "morning.duckdb", DAY)
    results_known = morning.query(
        "SELECT COUNT(*) AS n FROM nba_analytics.player_game_summary WHERE game_date >= @day",
        {"day": DAY},
    )
    assert results_known["n"][0] == 0
    # the full warehouse predicts D inside a longer range, with its own freshly fit models
    with_future = predict_range(full, DAY - timedelta(10), DAY + timedelta(7), tmp_path / "a")
    alone = predict_range(morning, DAY, DAY + timedelta(1), tmp_path / "b")
    on_day = with_future[with_future["game_date"].dt.date == DAY].reset_index(drop=True)
    assert len(on_day) > 500 and set(on_day["system_id"]) == set(SYSTEMS)
    pd.testing.assert_frame_equal(alone, on_day)


def test_one_row_per_player_and_system_with_a_call_only_against_a_real_line(predictions) -> None:
    assert not predictions.duplicated(KEY).any()
    per_player = predictions.groupby(["game_date", "player_lookup"])["system_id"].nunique()
    assert (per_player == len(SYSTEMS)).all()
    no_line = predictions["line"].isna()
    assert (predictions.loc[no_line, "recommendation"] == "NO_LINE").all()
    assert predictions.loc[~no_line, "recommendation"].isin(["OVER", "UNDER", "PASS"]).all()
    picks = predictions[predictions["recommendation"].isin(["OVER", "UNDER"])]
    assert len(picks) > 1000 and picks["best_book"].notna().all()
    # a call is worth more than the margin at its best book, and its side is the likelier one
    # there: P(call) · payout − P(the other side) > 0.03
    assert (picks["expected_value"] >= prediction_config().min_expected_value).all()  # 4 decimals
    # confidence: P(the call wins at its best book's line), priced into the expected value
    win = picks["best_price"].astype(float)
    win = (win / 100).where(win > 0, 100 / win.abs())
    chance = picks["confidence"] / 100
    assert (chance * win - (1 - chance) <= picks["expected_value"] + 5e-3).all()  # 1-decimal %
    assert (predictions.loc[~no_line, ["p_over", "p_under"]].sum(axis=1) <= 1 + 1e-9).all()
    assert predictions.loc[no_line, ["p_over", "p_under", "expected_value"]].isna().all().all()
    assert (predictions["predicted_points"].between(0, 80)).all()


def test_xgboost_is_fit_walk_forward_and_saved_with_its_window(predictions) -> None:
    xgb = predictions[predictions["system_id"] == "xgboost"]
    trained = xgb[xgb["model_version"].str.startswith("xgboost_v")]
    assert len(trained) > 0.5 * len(xgb)  # the early weeks have too few graded games to fit
    for row in trained.drop_duplicates("model_version").itertuples():
        window_end = re.search(r"_(\d{8})-(\d{8})_", row.model_version).group(2)
        last_training_game = date.fromisoformat(
            f"{window_end[:4]}-{window_end[4:6]}-{window_end[6:]}"
        )
        day = row.game_date.date()
        assert last_training_game < cutoff_of(day, 7) <= day
    saved = sorted((SETTINGS.model_dir / "xgboost").glob("*/*.meta.json"))
    assert 0 < len(saved) <= trained["model_version"].nunique()  # one fit per week, not per day
    meta = json.loads(saved[0].read_text())
    assert meta["feature_version"] and meta["training_rows"] >= 1000 and meta["training_window"]
    untrained = xgb[~xgb.index.isin(trained.index)]
    assert untrained["model_version"].str.contains("untrained").all()


def test_the_ensemble_weighs_systems_by_recent_accuracy(predictions) -> None:
    versions = predictions.loc[predictions["system_id"] == "ensemble", "model_version"].unique()
    weights = [
        dict(re.findall(r"(\w+)=([\d.]+)", version)) for version in versions if "=" in version
    ]
    assert any(len(set(w.values())) > 1 for w in weights)  # not equal weights once graded


def test_predictions_do_not_depend_on_the_order_rows_are_stored_in(
    demo_season_warehouse: Path, tmp_path: Path
) -> None:
    """A chunked backfill and one ranged run store rows in different orders: same predictions."""
    shuffled = tmp_path / "shuffled.duckdb"
    shutil.copy(demo_season_warehouse, shuffled)
    with duckdb.connect(str(shuffled)) as db:
        db.execute("SELECT setseed(0.25)")
        for table in ("nba_precompute.ml_feature_store_v2", "nba_analytics.player_game_summary"):
            db.execute(
                f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM {table} ORDER BY random()"
            )
    start, end = DAY - timedelta(days=7), DAY + timedelta(days=1)
    stored = predict_range(
        DuckDBWarehouse(path=str(demo_season_warehouse)), start, end, tmp_path / "a"
    )
    reordered = predict_range(DuckDBWarehouse(path=str(shuffled)), start, end, tmp_path / "b")
    pd.testing.assert_frame_equal(stored, reordered)
