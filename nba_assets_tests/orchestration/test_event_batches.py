"""Batched event writes leave the instance in the same state as Dagster's one-by-one writes.

The same ranged run is recorded twice on the project's instance storage
(nba_assets/instance_storage.py): once with Dagster's batches (DAGSTER_EVENT_BATCH_SIZE,
as every process using the storage sets it) and once event by event (the stock path).
Everything the UI and `nba-assets status` read must agree: the run's log, partition
status, latest materializations, asset-check history and the status table.
``recorded`` and ``assert_same_records`` also serve the Postgres instance of deploy/
(orchestration/test_postgres_instance.py).
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as db
from dagster import AssetKey, DagsterEventType, DagsterInstance
from dagster._core.definitions.partitions.partition_key_range import PartitionKeyRange
from dagster._core.events import AssetCheckEvaluationPlanned, DagsterEvent
from dagster._core.events.log import EventLogEntry
from dagster._core.storage.event_log import SqliteEventLogStorage
from dagster._core.storage.event_log.schema import AssetCheckExecutionsTable

from nba_assets.event_batches import BatchedAssetEvents
from nba_assets.exports.store import ExportStore
from nba_assets.instance_storage import BatchedSqliteEventLogStorage
from nba_assets.partitions import daily_partitions
from nba_assets.sources.resources import DemoSource
from nba_assets.status import coverage_status
from nba_assets.tables import TABLES
from nba_assets.warehouse.duckdb import DuckDBWarehouse
from nba_assets_tests.conftest import DEMO_SEED, PROJECT, materialize_range

START, LAST = date(2021, 10, 19), date(2021, 10, 28)
BATCHED = (
    "ASSET_MATERIALIZATION_PLANNED",
    "ASSET_MATERIALIZATION",
    "ASSET_CHECK_EVALUATION_PLANNED",
)
PATHS = [t.path for t in TABLES if t.dataset in ("nba_raw", "nba_analytics")]


def timing(name: str) -> bool:
    return name.endswith("seconds")  # differs between any two runs


def recorded(
    root: Path,
    batch_size: str,
    demo_landing: Path,
    monkeypatch: pytest.MonkeyPatch,
    config: Path = PROJECT / "dagster.yaml",
    storage: type[BatchedAssetEvents] = BatchedSqliteEventLogStorage,
) -> dict:
    """Run the range on a fresh instance of ``config`` (its event log a ``storage``); return
    what readers see."""
    monkeypatch.setenv("DAGSTER_EVENT_BATCH_SIZE", batch_size)
    written = []  # events each successful batch write took: a failed one falls back silently
    write_batch = storage._store_events

    def counted(self: BatchedAssetEvents, events: list, index_rows: Callable) -> None:
        write_batch(self, events, index_rows)
        written.append(len(events))

    monkeypatch.setattr(storage, "_store_events", counted)
    home = root / "dagster_home"
    home.mkdir(parents=True)
    shutil.copy(config, home / "dagster.yaml")
    warehouse = DuckDBWarehouse(path=str(root / "warehouse.duckdb"))
    resources = {
        "warehouse": warehouse,
        "source": DemoSource(landing_dir=str(demo_landing), seed=DEMO_SEED),
    }
    with DagsterInstance.from_config(str(home)) as instance:
        assert isinstance(instance.event_log_storage, storage)
        result = materialize_range(resources, START, LAST, PATHS, instance=instance)
        assert result.success
        keys = sorted(instance.get_asset_keys(), key=lambda k: k.to_user_string())
        log = [
            (
                e.dagster_event_type.value,
                e.step_key,
                str(e.dagster_event.asset_key),
                e.dagster_event.partition,
            )
            for e in instance.all_logs(result.run_id)
            if e.dagster_event
        ]
        check_keys = sorted(
            {
                e.dagster_event.asset_check_planned_data.asset_check_key
                for e in instance.all_logs(result.run_id)
                if e.dagster_event_type == DagsterEventType.ASSET_CHECK_EVALUATION_PLANNED
            },
            key=str,
        )
        history = {  # a check's executions as its page in the UI lists them
            str(check_key): [
                (r.status.value, r.run_id == result.run_id, r.partition)
                for r in instance.event_log_storage.get_asset_check_execution_history(
                    check_key, limit=10
                )
            ]
            for check_key in check_keys
        }
        latest = {}
        for key in keys:
            event = instance.get_latest_materialization_event(key)
            metadata = event.asset_materialization.metadata
            # the asset's index row (asset_keys) points at its newest event in the event log
            entry = instance.get_asset_records([key])[0].asset_entry
            newest = instance.fetch_materializations(key, limit=1).records[0]
            latest[key.to_user_string()] = (
                event.run_id == result.run_id,
                {k: v.value for k, v in metadata.items() if not timing(k)},
                entry.last_run_id == result.run_id,
                entry.last_materialization_record.storage_id == newest.storage_id,
                entry.last_materialization_record.timestamp == newest.timestamp,
            )
        statuses = coverage_status(
            instance,
            warehouse,
            ExportStore(root=str(root / "exports")),
            START,
            LAST + timedelta(days=1),
        )
        return {
            "log": log,
            "partitions": {
                k.to_user_string(): instance.get_materialized_partitions(k) for k in keys
            },
            "latest": latest,
            "check_history": history,
            "batch_written": sum(written),
            "checks": {
                s.asset: [(c.name, c.passed, c.numbers) for c in s.checks] for s in statuses
            },
            "status": [(s.asset, s.rows, s.dates_missing, s.not_materialized) for s in statuses],
        }


def assert_same_records(batched: dict, one_by_one: dict) -> None:
    planned = [e for e in batched["log"] if e[0] == "ASSET_MATERIALIZATION_PLANNED"]
    assert len(planned) == len(PATHS) * 10  # one per asset-partition: what batches carry
    batchable = [e for e in batched["log"] if e[0] in BATCHED]
    assert batched["batch_written"] == len(batchable)
    assert one_by_one["batch_written"] == 0
    assert batched["check_history"], "the range's checks ran"
    for part in ("log", "partitions", "latest", "check_history", "checks", "status"):
        assert batched[part] == one_by_one[part], part


@pytest.mark.slow
def test_batched_and_one_by_one_writes_read_the_same(tmp_path, demo_landing, monkeypatch) -> None:
    batched = recorded(tmp_path / "batched", "1000", demo_landing, monkeypatch)
    one_by_one = recorded(tmp_path / "one_by_one", "0", demo_landing, monkeypatch)
    assert_same_records(batched, one_by_one)


def test_check_planned_rows_are_dagsters(tmp_path) -> None:
    """A check planned over a range: the same rows as Dagster's SQLite storage writes."""
    keys = daily_partitions.get_partition_keys_in_range(
        PartitionKeyRange("2021-10-19", "2022-04-10")
    )
    planned = AssetCheckEvaluationPlanned(
        asset_key=AssetKey(["nba_raw", "schedule"]),
        check_name="no_duplicate_keys",
        partitions_subset=daily_partitions.subset_with_partition_keys(
            keys
        ).to_serializable_subset(),
    )
    event = EventLogEntry(
        user_message="",
        level=logging.DEBUG,
        job_name="j",
        run_id="r",
        error_info=None,
        timestamp=1.0,
        step_key="s",
        dagster_event=DagsterEvent(
            DagsterEventType.ASSET_CHECK_EVALUATION_PLANNED.value, "j", event_specific_data=planned
        ),
    )
    rows = []
    for storage in (
        SqliteEventLogStorage(str(tmp_path / "dagster")),
        BatchedSqliteEventLogStorage(str(tmp_path / "ours")),
    ):
        storage.store_event(event)
        with storage.index_connection() as conn:
            table = AssetCheckExecutionsTable
            columns = [c for c in table.c if c.name != "create_timestamp"]  # when written
            rows.append(conn.execute(db.select(*columns).order_by(table.c.id)).fetchall())
    assert len(rows[0]) == len(keys) and rows[0] == rows[1]
