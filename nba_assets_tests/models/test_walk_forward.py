"""Walk-forward fits on a bounded window, and the prediction cache that keeps a daily run flat."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from nba_assets.models import predict
from nba_assets.models import walk_forward as walk_forward_module
from nba_assets.models.config import prediction_config
from nba_assets.models.predict import predict_range
from nba_assets.models.prediction_cache import PredictionCache
from nba_assets.models.walk_forward import cutoff_of, walk_forward
from nba_assets.warehouse.duckdb import DuckDBWarehouse

DAY = date(2021, 12, 8)


class HistoryMean:
    """A real (if simple) system: the mean of the points it was fit on, plus the row's form."""

    system_id = "history_mean"

    def __init__(self) -> None:
        self.fits: list[tuple[pd.Timestamp, pd.Timestamp, int]] = []
        self.mean = 0.0

    @property
    def version(self) -> str:
        return f"history_mean({self.mean:.3f})"

    def fit(self, history: pd.DataFrame) -> None:
        self.fits.append((history["game_date"].min(), history["game_date"].max(), len(history)))
        self.mean = float(history["actual_points"].mean())

    def predict(self, rows: pd.DataFrame) -> pd.Series:
        assert "actual_points" not in rows
        return self.mean + rows["form"]


def league(days: int) -> pd.DataFrame:
    """Two players a day for ``days`` days from 2021-10-04, every game graded."""
    dates = pd.date_range("2021-10-04", periods=days, freq="D").repeat(2)
    rng = np.random.default_rng(3)
    return pd.DataFrame(
        {
            "game_date": dates,
            "player_lookup": ["a", "b"] * days,
            "form": rng.normal(size=2 * days).round(3),
            "actual_points": rng.integers(0, 40, size=2 * days).astype(float),
        }
    )


def test_a_fit_reads_only_the_history_window_before_its_cutoff() -> None:
    rows, system = league(120), HistoryMean()
    start, end = date(2021, 12, 1), date(2022, 1, 1)
    walk_forward(system, rows, start, end, every_days=7, history_days=30)
    cutoffs = sorted({cutoff_of(start + timedelta(d), 7) for d in range((end - start).days)})
    assert len(system.fits) == len(cutoffs)
    for (first, last, count), cutoff in zip(system.fits, cutoffs, strict=True):
        assert first.date() == cutoff - timedelta(days=30)  # not the range's start minus 30
        assert last.date() == cutoff - timedelta(days=1)
        assert count == 2 * 30


def test_a_long_walk_forward_says_how_far_it_got(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A piece's fits can take longer than a run may stay silent: progress lines in between."""
    monkeypatch.setattr(walk_forward_module, "PROGRESS_SECONDS", 0.0)
    start, end = date(2021, 12, 1), date(2022, 1, 1)
    with caplog.at_level("INFO", logger=walk_forward_module.__name__):
        walk_forward(HistoryMean(), league(120), start, end, every_days=7, history_days=30)
    lines = [r.getMessage() for r in caplog.records]
    assert lines[0].startswith("history_mean [2021-12-01, 2022-01-01): 0 / 5 cutoffs (")
    assert lines[-1].startswith("history_mean [2021-12-01, 2022-01-01): 4 / 5 cutoffs (")


def test_the_cache_refits_only_what_changed(tmp_path: Path) -> None:
    rows = league(60)
    start, end = date(2021, 11, 15), date(2021, 12, 3)
    first = walk_forward(HistoryMean(), rows, start, end, 7, 30, PredictionCache(tmp_path))

    again = HistoryMean()
    assert walk_forward(again, rows, start, end, 7, 30, PredictionCache(tmp_path)).equals(first)
    assert again.fits == []  # every row read back

    changed = rows.copy()
    moved = (changed["game_date"] == "2021-11-30") & (changed["player_lookup"] == "a")
    changed.loc[moved, "form"] += 5  # one row's input: that row's cutoff refits, nothing else
    system = HistoryMean()
    redone = walk_forward(system, changed, start, end, 7, 30, PredictionCache(tmp_path))
    assert len(system.fits) == 1
    differs = redone["predicted_points"] != first["predicted_points"]
    assert differs.sum() == 1 and redone.loc[differs, "game_date"].dt.date.tolist() == [
        date(2021, 11, 30)
    ]

    history_changed = rows.assign(actual_points=rows["actual_points"] + 1)
    system = HistoryMean()
    walk_forward(system, history_changed, start, end, 7, 30, PredictionCache(tmp_path))
    assert len(system.fits) == 3  # other outcomes: other models, every cutoff refit


def test_a_daily_run_reads_back_the_backfills_models_and_agrees_with_it(
    demo_season_warehouse: Path, tmp_path: Path
) -> None:
    warehouse = DuckDBWarehouse(path=str(demo_season_warehouse))
    store = tmp_path / "models"
    ranged = predict_range(warehouse, DAY - timedelta(days=6), DAY + timedelta(days=1), store)
    files = {p: p.stat().st_mtime_ns for p in store.rglob("*") if p.is_file()}

    daily = predict_range(warehouse, DAY, DAY + timedelta(days=1), store)

    on_day = ranged[ranged["game_date"].dt.date == DAY].reset_index(drop=True)
    pd.testing.assert_frame_equal(daily, on_day)
    after = {p: p.stat().st_mtime_ns for p in store.rglob("*") if p.is_file()}
    assert after == files  # no model trained, no prediction recomputed: all read back
    lookback = 2 * prediction_config().ensemble_lookback_days
    assert len(list((store / "predictions").rglob("*.parquet"))) >= 4 * (lookback // 7)


def test_a_range_in_chunks_equals_the_range_at_once(
    demo_season_warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warehouse = DuckDBWarehouse(path=str(demo_season_warehouse))
    start, end = DAY - timedelta(days=5), DAY + timedelta(days=2)
    whole = predict_range(warehouse, start, end, tmp_path / "whole")
    monkeypatch.setattr(predict, "CHUNK_DAYS", 3)
    chunked = predict_range(warehouse, start, end, tmp_path / "chunked")
    assert whole["game_date"].dt.date.nunique() == 7
    pd.testing.assert_frame_equal(chunked, whole)
