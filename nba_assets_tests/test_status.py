"""`nba-assets status` on a demo range with one deliberately missing week in phase 3."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from dagster import DagsterInstance

from nba_assets.exports.store import ExportStore
from nba_assets.partitions import compress_dates
from nba_assets.sources.resources import DemoSource
from nba_assets.status import AssetStatus, coverage_status, render_json, render_text
from nba_assets.tables import TABLES
from nba_assets.warehouse.duckdb import DuckDBWarehouse
from nba_assets_tests.conftest import DEMO_SEED, materialize_range

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
