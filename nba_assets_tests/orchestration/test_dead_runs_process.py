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
        str(Path(sys.executable).parent / "dagster"),
        "asset",
        "materialize",
        "-m",
        "nba_assets.definitions",
        "--select",
        "*nba_analytics/player_game_summary",
        "--partition-range",
        RANGE,
    ]


def held_slots(home: Path) -> int:
    with DagsterInstance.from_config(str(home)) as instance:
        info = instance.event_log_storage.get_concurrency_info("warehouse")
        return len([slot for slot in info.claimed_slots if slot.run_id])


def prepared(tmp_path: Path, demo_landing: Path) -> tuple[Path, dict[str, str]]:
    """A fresh instance of the project's config (pool limit 1) and a landed demo league."""
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT / "dagster.yaml", home / "dagster.yaml")
    shutil.copytree(demo_landing, tmp_path / "data" / "landing" / f"demo-seed-{DEMO_SEED}")
    assert held_slots(home) == 0  # creates the instance's storage before two processes race
    return home, {**os.environ, **instance_env(home, tmp_path / "data")}


def started_holding_the_slot(home: Path, env: dict[str, str]) -> subprocess.Popen:
    """The ranged run, once one of its steps holds the `warehouse` slot (mid-write)."""
    run = subprocess.Popen(
        materialize(), cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 300
    while held_slots(home) == 0:
        assert run.poll() is None, "the run ended before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.1)
    return run


@pytest.mark.slow
def test_a_killed_run_frees_its_pool_slot_and_the_rerun_completes(
    tmp_path: Path, demo_landing: Path
) -> None:
    home, env = prepared(tmp_path, demo_landing)
    began = time.monotonic()
    victim = started_holding_the_slot(home, env)
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
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "pool warehouse: 0/1 slots held (none), 0 steps queued" in status.stdout, status.stdout
    with duckdb.connect(str(tmp_path / "data" / "warehouse.duckdb"), read_only=True) as db:
        keys = db.execute(
            "SELECT COUNT(*), COUNT(DISTINCT (game_id, player_lookup)) "
            "FROM nba_analytics.player_game_summary"
        ).fetchone()
    assert keys[0] == keys[1] > 0  # wholly rewritten, no duplicate


@pytest.mark.slow
def test_ctrl_c_stops_a_run_within_seconds_and_frees_its_slot(tmp_path, demo_landing) -> None:
    home, env = prepared(tmp_path, demo_landing)
    run = started_holding_the_slot(home, env)
    interrupted = time.monotonic()
    run.send_signal(signal.SIGINT)
    run.wait(timeout=60)
    stopped = time.monotonic() - interrupted
    print(f"\nCtrl-C mid-write: the run stopped {stopped:.1f}s later")
    assert stopped < 5
    assert held_slots(home) == 0  # nothing left for the next run to wait on
    with DagsterInstance.from_config(str(home)) as instance:
        assert [r.status.value for r in instance.get_runs()] == ["FAILURE"]
