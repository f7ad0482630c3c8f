"""Daily automation: the schedules' partitions and selections, the exports' freshness checks,
and the late-corrections sensor, all off by default."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import pytest
import requests
from dagster import (
    AssetKey,
    AssetMaterialization,
    DagsterInstance,
    DefaultScheduleStatus,
    DefaultSensorStatus,
    SensorResult,
    build_schedule_context,
    build_sensor_context,
    materialize,
)

from nba_assets.assets.factory import SOURCE_RETRY, retried
from nba_assets.checks.freshness import RESULTS_DEADLINE, SLATE_DEADLINE
from nba_assets.definitions import defs
from nba_assets.late_corrections import SENSOR_TAG, late_corrections_sensor
from nba_assets.sources.landing import PayloadError
from nba_assets.sources.live.stats_nba.client import StatsRequestError
from nba_assets.sources.resources import DemoSource
from nba_assets.tables import TABLES
from nba_assets.warehouse.duckdb import DuckDBWarehouse
from nba_assets_tests.conftest import DEMO_SEED, materialize_range, table_assets

EASTERN = ZoneInfo("America/New_York")


def selected(job_name: str) -> set[str]:
    job = defs.resolve_job_def(job_name)
    return {key.to_user_string() for key in job.asset_layer.selected_asset_keys}


@pytest.mark.parametrize(
    "name, tick, partition",
    [
        ("daily_results_schedule", datetime(2022, 1, 5, 6, 0, tzinfo=EASTERN), "2022-01-04"),
        ("daily_slate_schedule", datetime(2022, 1, 5, 12, 0, tzinfo=EASTERN), "2022-01-05"),
        # just after midnight Eastern is still "yesterday" for the results of the night before
        ("daily_results_schedule", datetime(2022, 3, 1, 0, 30, tzinfo=EASTERN), "2022-02-28"),
    ],
)
def test_each_tick_runs_one_partition(name: str, tick: datetime, partition: str) -> None:
    schedule = defs.resolve_schedule_def(name)
    context = build_schedule_context(
        scheduled_execution_time=tick, repository_def=defs.get_repository_def()
    )
    requests = schedule.evaluate_tick(context)
    [request] = requests.run_requests
    assert request.partition_key == partition
    assert schedule.execution_timezone == "America/New_York"


def test_results_grade_yesterday_and_the_slate_predicts_today() -> None:
    results, slate = selected("daily_results"), selected("daily_slate")
    assert {"nba_raw/player_boxscores", "nba_predictions/prediction_accuracy"} <= results
    assert "exports/results" in results and "nba_predictions/player_prop_predictions" not in results
    assert {"nba_raw/player_props", "nba_raw/injury_report", "exports/predictions"} <= slate
    assert {t.path for t in TABLES if t.dataset == "nba_precompute"} <= slate
    assert "nba_raw/player_boxscores" not in slate  # tonight's box scores don't exist yet


def test_schedules_are_off_by_default_and_feed_steps_are_not_rerun() -> None:
    for name in ("daily_results_schedule", "daily_slate_schedule", "exports_due_0800_schedule"):
        assert defs.resolve_schedule_def(name).default_status == DefaultScheduleStatus.STOPPED
    raw = defs.resolve_assets_def(AssetKey(["nba_raw", "player_boxscores"]))
    assert raw.op.retry_policy is SOURCE_RETRY is None  # an outage fails the run in minutes
    summary = defs.resolve_assets_def(AssetKey(["nba_analytics", "player_game_summary"]))
    assert summary.op.retry_policy is None
    assert late_corrections_sensor.default_status == DefaultSensorStatus.STOPPED


def test_only_a_failing_source_is_retried() -> None:
    assert retried(StatsRequestError("scoreboardv3: 503 after 4 tries"))
    assert retried(requests.ConnectionError("reset by peer"))
    assert not retried(PayloadError("bad.csv: missing column(s) points"))
    assert not retried(duckdb.CatalogException("Table nba_raw.schedule does not exist"))


def test_a_deterministic_feed_failure_fails_at_once(tmp_path: Path, demo_landing: Path) -> None:
    # box scores alone: the coverage query needs the schedule table, which was never built
    resources = {
        "warehouse": DuckDBWarehouse(path=str(tmp_path / "w.duckdb")),
        "source": DemoSource(landing_dir=str(demo_landing), seed=DEMO_SEED),
    }
    day = date(2021, 10, 20)
    result = materialize_range(
        resources, day, day, ["nba_raw/player_boxscores"], raise_on_error=False
    )
    assert not result.success
    kinds = [event.event_type_value for event in result.all_events]
    assert "STEP_UP_FOR_RETRY" not in kinds  # not 30 + 60 + 120 s of waiting for the same error
    [failure] = [e for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
    assert "CatalogException" in failure.event_specific_data.error.message


@pytest.mark.parametrize(
    "deadline, now, partition",
    [
        (SLATE_DEADLINE, datetime(2022, 1, 5, 12, 59, tzinfo=EASTERN), "2022-01-04"),
        (SLATE_DEADLINE, datetime(2022, 1, 5, 13, 0, tzinfo=EASTERN), "2022-01-05"),
        (RESULTS_DEADLINE, datetime(2022, 1, 5, 7, 59, tzinfo=EASTERN), "2022-01-03"),
        (RESULTS_DEADLINE, datetime(2022, 1, 5, 8, 0, tzinfo=EASTERN), "2022-01-04"),
        # 03:30 UTC on the 6th is still the evening of the 5th in New York
        (SLATE_DEADLINE, datetime(2022, 1, 6, 3, 30, tzinfo=ZoneInfo("UTC")), "2022-01-05"),
    ],
)
def test_each_export_is_due_by_its_deadline(deadline, now: datetime, partition: str) -> None:
    assert deadline.expected_partition(now).isoformat() == partition


def freshness(instance: DagsterInstance) -> dict[str, tuple[bool, str]]:
    """Run the 08:00 deadline's checks on ``instance``: asset path -> (passed, expected)."""
    result = defs.resolve_job_def("exports_due_0800").execute_in_process(instance=instance)
    return {
        e.asset_key.to_user_string(): (e.passed, e.metadata["expected_partition"].value)
        for e in result.get_asset_check_evaluations()
    }


def test_results_files_are_stale_until_yesterday_is_written() -> None:
    with DagsterInstance.ephemeral() as instance:
        [(passed, expected)] = freshness(instance).values()
        assert not passed
        assert expected == RESULTS_DEADLINE.expected_partition(datetime.now(EASTERN)).isoformat()
        results = AssetKey(["exports", "results"])
        older = (date.fromisoformat(expected) - timedelta(days=1)).isoformat()
        instance.report_runless_asset_event(AssetMaterialization(results, partition=older))
        assert freshness(instance) == {"exports/results": (False, expected)}  # the wrong day
        instance.report_runless_asset_event(AssetMaterialization(results, partition=expected))
        assert freshness(instance) == {"exports/results": (True, expected)}


def evaluate(instance: DagsterInstance, cursor: str | None) -> SensorResult:
    context = build_sensor_context(
        instance=instance, cursor=cursor, repository_def=defs.get_repository_def()
    )
    return late_corrections_sensor(context)


FEEDS = ["nba_raw/schedule", "nba_raw/player_boxscores"]  # box scores are judged by the schedule


def test_a_late_box_score_correction_rebuilds_its_dependents_through_yesterday(
    tmp_path: Path, demo_landing: Path
) -> None:
    yesterday = datetime.now(EASTERN).date() - timedelta(days=1)
    boxscores = AssetKey(["nba_raw", "player_boxscores"])
    resources = {
        "warehouse": DuckDBWarehouse(path=str(tmp_path / "w.duckdb")),
        "source": DemoSource(landing_dir=str(demo_landing), seed=DEMO_SEED),
    }
    with DagsterInstance.ephemeral() as instance:
        first = evaluate(instance, None)  # starts watching now: history is not a correction
        assert not first.run_requests
        # the nightly run for yesterday is not a correction
        instance.report_runless_asset_event(
            AssetMaterialization(boxscores, partition=yesterday.isoformat())
        )
        nightly = evaluate(instance, first.cursor)
        assert not nightly.run_requests
        # a re-run of only the box scores for 2021-12-01 is
        day = date(2021, 12, 1)
        materialize_range(resources, day, day, FEEDS, instance=instance)
        corrected = evaluate(instance, nightly.cursor)
        [request] = corrected.run_requests
        assert request.tags["dagster/asset_partition_range_start"] == "2021-12-01"
        assert request.tags["dagster/asset_partition_range_end"] == yesterday.isoformat()
        job = defs.resolve_job_def("late_corrections")
        rebuilt = {key.to_user_string() for key in job.asset_layer.selected_asset_keys}
        assert {"nba_analytics/player_game_summary", "nba_precompute/ml_feature_store_v2",
                "nba_predictions/prediction_accuracy", "exports/results"} <= rebuilt  # fmt: skip
        # of the raw tables, only the registry and the feeds whose names resolve through it:
        # a corrected box score can list a player (or a name) the registry did not have
        raw = {path for path in rebuilt if path.startswith("nba_raw/")}
        assert raw == {"nba_raw/players", "nba_raw/player_props", "nba_raw/injury_report"}
        # the sensor's own rebuild (tagged) does not trigger another one
        materialize(
            table_assets(FEEDS), resources=resources, instance=instance,
            partition_key=day.isoformat(), tags={SENSOR_TAG: "1"},
        )  # fmt: skip
        assert not evaluate(instance, corrected.cursor).run_requests
