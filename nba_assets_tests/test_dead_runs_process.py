"""A ranged run killed with SIGKILL while it holds the `warehouse` pool slot does not block
the next run: the same command again completes with no manual step (it used to wait for
the dead run's slot forever)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from dagster import DagsterInstance, DagsterRunStatus

from nba_assets_tests.conftest import DEMO_SEED, PROJECT, instance_env

RANGE = "2021-10-19...2021-11-17"


def materialize() -> list[str]:
    return [
        str(Path(sys.executable).parent / "dagster"), "asset", "materialize",
        "-m", "nba_assets.definitions", "--select", "*nba_analytics/player_game_summary",
        "--partition-range", RANGE,
    ]  # fmt: skip


def held_slots(home: Path) -> int:
    with DagsterInstance.from_config(str(home)) as instance:
        info = instance.event_log_storage.get_concurrency_info("warehouse")
        return len([slot for slot in info.claimed_slots if slot.run_id])


@pytest.mark.slow
def test_a_killed_run_frees_its_pool_slot_and_the_rerun_completes(
    tmp_path: Path, demo_landing: Path
) -> None:
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT / "dagster.yaml", home / "dagster.yaml")  # pool limit 1
    shutil.copytree(demo_landing, tmp_path / "data" / "landing" / f"demo-seed-{DEMO_SEED}")
    env = {**os.environ, **instance_env(home, tmp_path / "data")}

    assert held_slots(home) == 0  # creates the instance's storage before two processes race
    began = time.monotonic()
    victim = subprocess.Popen(
        materialize(), cwd=PROJECT, env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 300
    while held_slots(home) == 0:  # kill it while a step holds the slot
        assert victim.poll() is None, "the run ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.1)
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    killed = time.monotonic()
    assert held_slots(home) == 1  # the dead run keeps its slot: what used to block

    rerun = subprocess.run(
        materialize(), cwd=PROJECT, env=env, capture_output=True, text=True, timeout=600
    )
    done = time.monotonic()
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert "released dead run" in rerun.stderr
    print(f"\nkilled after {killed - began:.1f}s; the rerun completed {done - killed:.1f}s later")

    with DagsterInstance.from_config(str(home)) as instance:
        runs = {run.run_id: run for run in instance.get_runs()}
        statuses = sorted(run.status.value for run in runs.values())
        assert statuses == ["FAILURE", "SUCCESS"]
        dead = next(run for run in runs.values() if run.status == DagsterRunStatus.FAILURE)
        failure = instance.all_logs(dead.run_id)[-1].dagster_event
        assert "is gone: killed or crashed" in failure.message
    assert held_slots(home) == 0
    status = subprocess.run(
        [str(Path(sys.executable).parent / "nba-assets"), "status"],
        cwd=PROJECT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert "pool warehouse: 0/1 slots held (none), 0 steps queued" in status.stdout, status.stdout
    with duckdb.connect(str(tmp_path / "data" / "warehouse.duckdb"), read_only=True) as db:
        keys = db.execute(
            "SELECT COUNT(*), COUNT(DISTINCT (game_id, player_lookup)) "
            "FROM nba_analytics.player_game_summary"
        ).fetchone()
    assert keys[0] == keys[1] > 0  # wholly rewritten, no duplicate
