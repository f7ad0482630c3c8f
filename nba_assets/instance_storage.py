"""The local instance's SQLite storage: created by one process at a time, written in batches.

Two commands started together on a fresh DAGSTER_HOME (a schedule tick and a shell run,
two terminals, a script) both find no tables, both create them and both stamp the
schema version: one dies with ``UNIQUE constraint failed: alembic_version.version_num``.
Opening the storage (creation and migration checks) is serialized by a file lock in
DAGSTER_HOME; once the tables exist the lock costs a millisecond.

A ranged run records one event per asset-partition when it is created (planned) and when
each step ends (materialized): 35,000 events for four seasons of 28 assets. Dagster's
SQLite event log opens two connections and commits twice per event (~20 ms). With
``DAGSTER_EVENT_BATCH_SIZE`` set (this storage sets it in every process that opens it, unless
the environment already does), Dagster hands those events over
in batches; this storage writes each batch in one transaction per database file, with the
same rows as one-by-one writes (``test_event_batches.py`` compares the two).
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Mapping, Sequence

import yaml
from dagster import DagsterInstance
from dagster._core.events import ASSET_EVENTS
from dagster._core.events.log import EventLogEntry
from dagster._core.instance.ref import InstanceRef
from dagster._core.storage.event_log import SqliteEventLogStorage
from dagster._core.storage.runs import SqliteRunStorage
from dagster._core.storage.schedules import SqliteScheduleStorage
from dagster._core.storage.sqlalchemy_compat import db_result
from dagster._core.storage.sqlite_storage import (
    DagsterSqliteStorage,
    _event_logs_directory,
    _runs_directory,
    _schedule_directory,
)
from dagster._serdes import ConfigurableClassData
from filelock import FileLock

EVENT_BATCH_SIZE = 1000  # events per batch (Dagster's DAGSTER_EVENT_BATCH_SIZE)


def _batchable(event: EventLogEntry) -> bool:
    """Asset events: written to the run's file and mirrored in the cross-run index."""
    return event.is_dagster_event and event.dagster_event_type in ASSET_EVENTS


class BatchedSqliteEventLogStorage(SqliteEventLogStorage):
    def store_event_batch(self, events: Sequence[EventLogEntry]) -> None:
        """Runs of consecutive asset events in two transactions, anything else one by one,
        in the order given (the run's log keeps its order)."""
        for batchable, group in itertools.groupby(events, key=_batchable):
            group = list(group)
            if not batchable or len({e.run_id for e in group}) != 1:
                for event in group:
                    self.store_event(event)
                continue
            with self.run_connection(group[0].run_id) as conn:
                conn.execute(self.prepare_insert_event_batch(group))
            with self.index_transaction() as conn:
                for event in group:
                    with db_result(conn, self.prepare_insert_event(event)) as result:
                        event_id = result.inserted_primary_key[0]
                    self._store_asset_event_tags(conn, [event], [event_id])
                    self._store_asset_event(conn, event, event_id)


class LockedSqliteStorage(DagsterSqliteStorage):
    """Dagster's SQLite storage, opened under a file lock, with batched event writes."""

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None) -> None:
        os.environ.setdefault("DAGSTER_EVENT_BATCH_SIZE", str(EVENT_BATCH_SIZE))
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


class LocalInstance(DagsterInstance):
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
