"""A ranged run says what it is about to record, and how far it got, before it starts.

Dagster records one planned event per asset-partition when a run is created, before
``RUN_START``; the project's instance (nba_assets/run_plan.py) prints the plan and progress
lines meanwhile. Here a small asset over 30 dates, progress lines as often as they come and
Dagster's batches of 10.
"""

from __future__ import annotations

import re
import shutil
from datetime import date

import pytest
from dagster import DagsterInstance

from nba_assets.sources.resources import DemoSource
from nba_assets.warehouse.duckdb import DuckDBWarehouse
from nba_assets_tests.conftest import DEMO_SEED, PROJECT, materialize_range

PLAN = re.compile(
    r"^run plan: 1 asset × 30 partitions = 30 asset-partitions \(\+ \d+ checks?\); recording it$"
)
PROGRESS = re.compile(
    r"^recording plan: (\d+) / 30 asset-partitions, (\d+) / (\d+) checks? \((\d+)%, \d+ s\)$"
)
DONE = re.compile(r"^plan recorded: 30 asset-partitions in \d+\.\d s$")


def plan_lines(capsys: pytest.CaptureFixture) -> list[str]:
    return [line for line in capsys.readouterr().err.splitlines() if "plan" in line]


def test_a_ranged_run_prints_its_plan_and_progress(
    tmp_path, demo_landing, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("NBA_ASSETS_PLAN_PROGRESS_SECONDS", "0")
    monkeypatch.setenv("DAGSTER_EVENT_BATCH_SIZE", "10")
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT / "dagster.yaml", home / "dagster.yaml")
    resources = {
        "warehouse": DuckDBWarehouse(path=str(tmp_path / "warehouse.duckdb")),
        "source": DemoSource(landing_dir=str(demo_landing), seed=DEMO_SEED),
    }
    schedule = ["nba_raw/schedule"]
    with DagsterInstance.from_config(str(home)) as instance:
        capsys.readouterr()
        ranged = materialize_range(
            resources, date(2021, 10, 19), date(2021, 11, 17), schedule, instance=instance
        )
        lines = plan_lines(capsys)
        one_date = materialize_range(
            resources, date(2021, 11, 18), date(2021, 11, 18), schedule, instance=instance
        )
        one_date_lines = plan_lines(capsys)
    assert ranged.success and one_date.success

    assert PLAN.match(lines[0]), lines
    assert DONE.match(lines[-1]), lines
    progress = [PROGRESS.match(line) for line in lines[1:-1]]
    assert progress and all(progress), lines
    counts = [(int(m.group(1)), int(m.group(2))) for m in progress]  # as they are written
    checks = int(progress[0].group(3))
    assert counts == sorted(counts) and counts[0] > (0, 0) and counts[-1] < (30, checks)
    assert one_date_lines == []  # a one-date run (the daily schedule's) announces nothing
