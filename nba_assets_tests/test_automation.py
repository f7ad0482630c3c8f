"""The daily schedules: which partition each tick runs, what it selects, and off by default."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from dagster import AssetKey, DefaultScheduleStatus, build_schedule_context

from nba_assets.assets.factory import SOURCE_RETRY
from nba_assets.definitions import defs
from nba_assets.tables import TABLES

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


def test_schedules_are_off_by_default_and_sources_retry() -> None:
    for name in ("daily_results_schedule", "daily_slate_schedule"):
        assert defs.resolve_schedule_def(name).default_status == DefaultScheduleStatus.STOPPED
    raw = defs.resolve_assets_def(AssetKey(["nba_raw", "player_boxscores"]))
    assert raw.op.retry_policy == SOURCE_RETRY and SOURCE_RETRY.max_retries == 3
    summary = defs.resolve_assets_def(AssetKey(["nba_analytics", "player_game_summary"]))
    assert summary.op.retry_policy is None
