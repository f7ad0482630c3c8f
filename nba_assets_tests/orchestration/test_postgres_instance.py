"""The production instance config (deploy/dagster.yaml) on a real local PostgreSQL server.

A throwaway cluster is created with initdb and started on a free port; a ranged
`dagster asset materialize` then runs against the Postgres-backed instance, and
its run, events and checks are read back from Postgres. The same range recorded with
batched event writes and one by one leaves the same records (as orchestration/test_event_batches.py
checks on SQLite).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg2
import pytest
from dagster import AssetKey, DagsterInstance

from nba_assets.postgres_storage import BatchedPostgresEventLogStorage, PooledPostgresRunStorage
from nba_assets_tests.conftest import DEMO_SEED
from nba_assets_tests.orchestration.test_event_batches import assert_same_records, recorded
from nba_assets_tests.postgres_server import postgres_bin, throwaway_postgres

PROJECT = Path(__file__).resolve().parents[2]
FIRST, LAST = "2021-10-19", "2021-11-07"


@pytest.fixture(scope="module")
def postgres() -> Iterator[dict[str, str]]:
    if postgres_bin() is None:
        pytest.fail("PostgreSQL server binaries not found: `make system-deps` installs them")
    with throwaway_postgres() as variables:
        yield variables


def connect(postgres: dict[str, str]) -> psycopg2.extensions.connection:
    return psycopg2.connect(
        host="127.0.0.1",
        port=postgres["DAGSTER_PG_PORT"],
        user="dagster",
        dbname=postgres["DAGSTER_PG_DB"],
    )


@pytest.mark.slow
def test_a_ranged_run_on_the_postgres_instance(
    postgres: dict[str, str], tmp_path: Path, demo_landing: Path
) -> None:
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT / "deploy" / "dagster.yaml", home / "dagster.yaml")
    shutil.copytree(demo_landing, tmp_path / "data" / "landing" / f"demo-seed-{DEMO_SEED}")
    env = {
        **os.environ,
        **postgres,
        "DAGSTER_HOME": str(home),
        "DAGSTER_COMPUTE_LOG_DIR": str(tmp_path / "compute_logs"),
        "NBA_ASSETS_DATA_DIR": str(tmp_path / "data"),
        "NBA_ASSETS_DEMO_SEED": str(DEMO_SEED),
    }
    completed = subprocess.run(
        [str(Path(sys.executable).parent / "dagster"), "asset", "materialize",
         "-m", "nba_assets.definitions", "--select", "*nba_analytics/player_game_summary",
         "--partition-range", f"{FIRST}...{LAST}"],
        cwd=PROJECT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr[-3000:]

    os.environ.update(postgres)  # the instance config reads them when loaded here
    try:
        with DagsterInstance.from_config(str(home)) as instance:
            assert isinstance(instance.run_storage, PooledPostgresRunStorage)
            assert isinstance(instance.event_log_storage, BatchedPostgresEventLogStorage)
            for storage in (instance.run_storage, instance.event_log_storage):
                assert (
                    storage._engine.pool.size() == 1
                )  # one connection kept, not one per statement
            (run,) = instance.get_runs()
            assert run.is_success
            assert run.tags["dagster/asset_partition_range_start"] == FIRST
            assert run.tags["dagster/asset_partition_range_end"] == LAST
            summary = AssetKey(["nba_analytics", "player_game_summary"])
            assert len(instance.get_materialized_partitions(summary)) == 20  # off days too
    finally:
        for name in postgres:
            os.environ.pop(name, None)

    with connect(postgres) as db, db.cursor() as cursor:
        cursor.execute(
            "SELECT dagster_event_type, COUNT(*) FROM event_logs "
            "WHERE dagster_event_type IN ('ASSET_MATERIALIZATION', 'ASSET_CHECK_EVALUATION') "
            "GROUP BY 1"
        )
        events = dict(cursor.fetchall())
    assets = 4 + 1  # schedule, player/team box scores, shots + the summary
    assert events["ASSET_MATERIALIZATION"] == assets * 20
    assert events["ASSET_CHECK_EVALUATION"] > 0


@pytest.mark.slow
def test_batched_and_one_by_one_writes_read_the_same_on_postgres(
    postgres: dict[str, str], tmp_path: Path, demo_landing: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs = {}
    for name, batch_size in (("batched", "1000"), ("one_by_one", "0")):
        db = connect(postgres)
        db.autocommit = True  # CREATE DATABASE runs outside a transaction (so no `with db`)
        try:
            with db.cursor() as cursor:
                cursor.execute(f"CREATE DATABASE {name}")
        finally:
            db.close()
        for var, value in {**postgres, "DAGSTER_PG_DB": name}.items():
            monkeypatch.setenv(var, value)
        monkeypatch.setenv("DAGSTER_COMPUTE_LOG_DIR", str(tmp_path / name / "compute_logs"))
        runs[name] = recorded(
            tmp_path / name,
            batch_size,
            demo_landing,
            monkeypatch,
            config=PROJECT / "deploy" / "dagster.yaml",
            storage=BatchedPostgresEventLogStorage,
        )
    assert_same_records(runs["batched"], runs["one_by_one"])
