"""The shell path: `dagster asset materialize --partition-range` makes ONE run over the range,
and says what it plans before it starts."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from dagster import DagsterInstance

from nba_assets_tests.conftest import DEMO_SEED, PROJECT, instance_env


@pytest.mark.slow
def test_cli_partition_range_is_one_run(tmp_path: Path, demo_landing: Path) -> None:
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT / "dagster.yaml", home / "dagster.yaml")
    landing = tmp_path / "data" / "landing" / f"demo-seed-{DEMO_SEED}"
    shutil.copytree(demo_landing, landing)  # already generated: the run only parses
    env = {**os.environ, **instance_env(home, tmp_path / "data")}
    dagster = Path(sys.executable).parent / "dagster"
    completed = subprocess.run(
        [str(dagster), "asset", "materialize", "-m", "nba_assets.definitions",
         "--select", "*nba_analytics/player_game_summary",
         "--partition-range", "2021-10-19...2021-10-28"],
        cwd=PROJECT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr[-3000:]
    # the plan is announced before the run records it (nba_assets/run_plan.py)
    assert "run plan: 5 assets × 10 partitions = 50 asset-partitions" in completed.stderr
    assert "plan recorded: 50 asset-partitions in" in completed.stderr

    with DagsterInstance.from_config(str(home)) as instance:
        runs = instance.get_runs()
        assert len(runs) == 1
        assert runs[0].tags["dagster/asset_partition_range_start"] == "2021-10-19"
        assert runs[0].tags["dagster/asset_partition_range_end"] == "2021-10-28"

    with duckdb.connect(str(tmp_path / "data" / "warehouse.duckdb"), read_only=True) as db:
        dates = db.execute(
            "SELECT COUNT(DISTINCT game_date), MIN(game_date), MAX(game_date) "
            "FROM nba_analytics.player_game_summary"
        ).fetchone()
    assert dates is not None and dates[0] >= 9
    assert str(dates[1]) == "2021-10-19" and str(dates[2]) <= "2021-10-28"
