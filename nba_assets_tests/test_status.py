"""`nba-assets status` on a demo range with one deliberately missing week in phase 3."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from dagster import DagsterInstance

from nba_assets.checks.rules import CheckInput, covers_scheduled_dates
from nba_assets.exports.store import ExportStore
from nba_assets.partitions import compress_dates, days
from nba_assets.sources.resources import DemoSource
from nba_assets.status import (
    AssetStatus,
    _table_coverage,
    coverage_status,
    render_json,
    render_text,
)
from nba_assets.tables import TABLES
from nba_assets.warehouse.duckdb import DuckDBWarehouse
from nba_assets_tests.conftest import DEMO_SEED, corruptible_copy, materialize_range
from nba_assets_tests.sql_harness import League

START, LAST = date(2021, 10, 19), date(2021, 11, 25)
GAP = (date(2021, 11, 11), date(2021, 11, 17))  # analytics never run for this week
RAW = [t.path for t in TABLES if t.dataset == "nba_raw"]
ANALYTICS = [t.path for t in TABLES if t.dataset == "nba_analytics"]
END = date(2021, 11, 26)  # exclusive


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, demo_landing: Path):
    root = tmp_path_factory.mktemp("status")
    instance = DagsterInstance.ephemeral()
    warehouse = DuckDBWarehouse(path=str(root / "warehouse.duckdb"))
    resources = {
        "warehouse": warehouse,
        "source": DemoSource(landing_dir=str(demo_landing), seed=DEMO_SEED),
    }
    assert materialize_range(resources, START, LAST, RAW, instance=instance).success
    before, after = date(2021, 11, 10), date(2021, 11, 18)
    assert materialize_range(resources, START, before, ANALYTICS, instance=instance).success
    assert materialize_range(resources, after, LAST, ANALYTICS, instance=instance).success
    store = ExportStore(root=str(root / "exports"))
    return warehouse, coverage_status(instance, warehouse, store, START, END)


def by_asset(statuses: list[AssetStatus]) -> dict[str, AssetStatus]:
    return {s.asset: s for s in statuses}


def test_the_missing_week_shows_in_phase_3_and_nowhere_upstream(built) -> None:
    warehouse, statuses = built
    status = by_asset(statuses)
    game_days = warehouse.query(
        "SELECT DISTINCT game_date FROM nba_raw.schedule WHERE game_date BETWEEN @a AND @b",
        {"a": GAP[0], "b": GAP[1]},
    )["game_date"]
    gap_game_dates = compress_dates(list(pd.to_datetime(game_days).dt.date))
    assert gap_game_dates  # the demo league plays that week
    for path in ANALYTICS:
        assert status[path].not_materialized == "2021-11-11..2021-11-17", path
        assert status[path].dates_missing == gap_game_dates, path
        assert not status[path].healthy
    for path in RAW:
        assert status[path].not_materialized == "" and status[path].dates_missing == "", path
        assert status[path].healthy and status[path].rows > 0


def test_rows_and_checks_come_from_the_warehouse_and_the_instance(built) -> None:
    warehouse, statuses = built
    summary = by_asset(statuses)["nba_analytics/player_game_summary"]
    rows = warehouse.query(
        "SELECT COUNT(*) AS n FROM nba_analytics.player_game_summary WHERE game_date < @end",
        {"end": END},
    )["n"][0]
    assert summary.rows == rows > 0
    assert summary.last_run is not None
    checks = {c.name: c for c in summary.checks}
    assert set(checks) == {
        "no_duplicate_keys",
        "game_id_format",
        "covers_scheduled_dates",
        "usage_rate_population",
    }
    assert all(c.passed for c in checks.values())
    assert checks["usage_rate_population"].numbers["threshold"] == 95


def test_assets_never_run_say_so(built) -> None:
    _, statuses = built
    cache = by_asset(statuses)["nba_precompute/player_daily_cache"]
    assert cache.last_run is None and cache.rows == 0
    assert cache.not_materialized == "2021-10-19..2021-11-25"
    assert all(c.passed is None for c in cache.checks)
    predictions = by_asset(statuses)["exports/predictions"]
    assert predictions.dates_expected == 0  # no rows to export: no date is "missing"...
    assert not predictions.healthy  # ...but never materialized is still a gap


def test_text_and_json_views(built) -> None:
    _, statuses = built
    text = render_text(statuses, START, END)
    line = next(x for x in text.splitlines() if x.startswith("nba_analytics/player_game_summary"))
    assert "2021-11-11..2021-11-17" in line
    assert "never" in next(x for x in text.splitlines() if x.startswith("nba_precompute/"))
    document = json.loads(render_json(statuses, START, END))
    assert len(document["assets"]) == len(statuses)
    unhealthy = {a["asset"] for a in document["assets"] if not a["healthy"]}
    assert set(ANALYTICS) <= unhealthy


def test_a_run_that_failed_before_its_checks_does_not_break_status(tmp_path, demo_landing) -> None:
    """A failed run leaves its checks planned, never evaluated: status reports the last real
    evaluation and says the latest run did not evaluate it (it used to crash reading the plan)."""
    instance = DagsterInstance.ephemeral()
    first, last = date(2021, 10, 19), date(2021, 10, 21)
    resources = {
        "warehouse": DuckDBWarehouse(path=str(tmp_path / "warehouse.duckdb")),
        "source": DemoSource(landing_dir=str(demo_landing), seed=DEMO_SEED),
    }
    summary = "nba_analytics/player_game_summary"
    assert materialize_range(resources, first, last, [*RAW, summary], instance=instance).success
    corrupt = corruptible_copy(tmp_path / "warehouse.duckdb", tmp_path / "broken.duckdb")
    resources["warehouse"] = corrupt("DROP TABLE nba_raw.team_boxscores")
    failed = materialize_range(
        resources, first, last, [summary], raise_on_error=False, instance=instance
    )
    assert not failed.success

    statuses = by_asset(
        coverage_status(
            instance,
            resources["warehouse"],
            ExportStore(root=str(tmp_path)),
            first,
            date(2021, 10, 22),
        )
    )
    checks = {c.name: c for c in statuses[summary].checks}
    usage = checks["usage_rate_population"]
    assert usage.passed is True  # the last evaluation, from the first run
    assert usage.note == f"not evaluated by the latest run {failed.run_id[:8]} (failure)"
    text = render_text(list(statuses.values()), first, date(2021, 10, 22))
    assert "4 not evaluated by their latest run" in text
    assert "usage_rate_population: pass (" in text and failed.run_id[:8] in text


def test_an_off_day_at_the_bootstrap_boundary_is_not_a_missing_date(warehouse) -> None:
    """2024-25: opening night 10-22, 14 bootstrap days end on 11-05, Election Day, no games.
    Predictions start on 11-06, so the first date with graded history, and thus the first date
    system_daily_performance owes rows, is 11-07: status and the coverage check both say so."""
    league = League()
    opening, last = date(2024, 10, 22), date(2024, 11, 10)
    for day in days(opening, last + timedelta(days=1)):
        if day != date(2024, 11, 5):
            league.schedule(day, "BOS", "NYK", season_year=2024)
    league.load(warehouse)
    with duckdb.connect(warehouse.path) as db:  # the table exists and is empty
        db.execute("CREATE SCHEMA nba_predictions")
        db.execute("CREATE TABLE nba_predictions.system_daily_performance (game_date DATE)")
    performance = next(t for t in TABLES if t.name == "system_daily_performance")
    accuracy = next(t for t in TABLES if t.name == "prediction_accuracy")
    end = last + timedelta(days=1)
    assert min(_table_coverage(warehouse, accuracy, opening, end).expected) == date(2024, 11, 6)
    expected = _table_coverage(warehouse, performance, opening, end).expected
    assert sorted(expected) == [date(2024, 11, d) for d in range(7, 11)]
    check = CheckInput(warehouse, performance, opening, end, rows_written=0, rows_quarantined=0)
    _, numbers = covers_scheduled_dates(check, {"min_pct": 100})
    assert numbers["dates_expected"] == 4 and numbers["missing_ranges"] == "2024-11-07..2024-11-10"
