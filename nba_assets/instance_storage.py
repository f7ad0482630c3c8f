"""The local instance's SQLite storage: created by one process at a time, written in batches.

Two commands started together on a fresh DAGSTER_HOME (a schedule tick and a shell run,
two terminals, a script) both find no tables, both create them and both stamp the
schema version: one dies with ``UNIQUE constraint failed: alembic_version.version_num``.
Opening the storage (creation and migration checks) is serialized by a file lock in
DAGSTER_HOME; once the tables exist the lock costs a millisecond.

Event writes are batched (``nba_assets/event_batches.py``): this storage writes each of
Dagster's batches in one transaction per database file (the run's, then the index).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

import yaml
from dagster._core.events.log import EventLogEntry
from dagster._core.instance.ref import InstanceRef
from dagster._core.storage.event_log import SqliteEventLogStorage
from dagster._core.storage.runs import SqliteRunStorage
from dagster._core.storage.schedules import SqliteScheduleStorage
from dagster._core.storage.sqlite_storage import (
    DagsterSqliteStorage,
    _event_logs_directory,
    _runs_directory,
    _schedule_directory,
)
from dagster._serdes import ConfigurableClassData
from filelock import FileLock

from nba_assets.event_batches import BatchedAssetEvents, IndexRows
from nba_assets.run_plan import PlanReportingInstance


class BatchedSqliteEventLogStorage(BatchedAssetEvents, SqliteEventLogStorage):
    def _store_events(self, events: Sequence[EventLogEntry], index_rows: IndexRows) -> None:
        """The rows in the run's file, then mirrored in the index file (whose ids the index
        rows name), one transaction each."""
        rows = self._event_rows(events)
        with self.run_connection(events[0].run_id) as conn:
            self._insert_rows(conn, rows)
        with self.index_transaction() as conn:
            index_rows(conn, events, self._insert_rows(conn, rows))


class LockedSqliteStorage(DagsterSqliteStorage):
    """Dagster's SQLite storage, opened under a file lock, with batched event writes."""

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None) -> None:
        os.makedirs(base_dir, exist_ok=True)
        with FileLock(os.path.join(base_dir, ".storage.lock")):
            self.base_dir = base_dir
            self._run_storage = SqliteRunStorage.from_local(_runs_directory(base_dir))
            self._event_log_storage = BatchedSqliteEventLogStorage(_event_logs_directory(base_dir))
            self._schedule_storage = SqliteScheduleStorage.from_local(_schedule_directory(base_dir))
            self._inst_data = inst_data
            super(DagsterSqliteStorage, self).__init__()  # what the parent's __init__ ends with

    @classmethod
    def from_config_value(  # the parent's builds a DagsterSqliteStorage by name
        cls, inst_data: ConfigurableClassData | None, config_value: dict[str, str]
    ) -> LockedSqliteStorage:
        return cls.from_local(inst_data=inst_data, **config_value)


class LocalInstance(PlanReportingInstance):
    """The local instance (dagster.yaml ``instance_class``): Dagster's defaults, with the
    storage above in the instance's own directory (a storage entry in dagster.yaml would have
    to name that directory, which a copied or linked config cannot know)."""

    @classmethod
    def config_schema(cls) -> dict:
        return {}

    @staticmethod
    def config_defaults(base_dir: str) -> Mapping[str, ConfigurableClassData | None]:
        storage = ConfigurableClassData(
            __name__, LockedSqliteStorage.__name__, yaml.dump({"base_dir": base_dir})
        )
        return {**InstanceRef.config_defaults(base_dir), "storage": storage}
