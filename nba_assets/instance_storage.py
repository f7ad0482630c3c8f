"""The local instance's SQLite storage: created by one process at a time, written in batches.

Two commands started together on a fresh DAGSTER_HOME (a schedule tick and a shell run,
two terminals, a script) both find no tables, both create them and both stamp the
schema version: one dies with ``UNIQUE constraint failed: alembic_version.version_num``.
Opening the storage (creation and migration checks) is serialized by a file lock in
DAGSTER_HOME; once the tables exist the lock costs a millisecond.

Event writes are batched (``nba_assets/event_batches.py``): this storage writes each of
Dagster's batches in one transaction per database file (the run's, then the index).

Dagster's SQLite storages build a SQLAlchemy engine for every statement: ~300 per one-date
run, and each new engine compiles its statements afresh (the compiled cache is the
engine's). These keep an engine per database file (``EngineCache``); with ``NullPool`` an
engine holds no open file, so locking and durability are Dagster's, and a one-date run
after four seasons takes ~2 s less.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cached_property

import yaml
from dagster._core.events.log import EventLogEntry
from dagster._core.instance.ref import InstanceRef
from dagster._core.instance.runs.run_domain import RunDomain
from dagster._core.storage.event_log import SqliteEventLogStorage
from dagster._core.storage.runs import SqliteRunStorage
from dagster._core.storage.schedules import SqliteScheduleStorage
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from dagster._core.storage.sqlite_storage import (
    DagsterSqliteStorage,
    _event_logs_directory,
    _runs_directory,
    _schedule_directory,
)
from dagster._serdes import ConfigurableClassData
from filelock import FileLock
from sqlalchemy import Connection, Engine, create_engine
from sqlalchemy.pool import NullPool

from nba_assets.dead_runs import ReleasingRunDomain
from nba_assets.event_batches import BatchedAssetEvents, IndexRows
from nba_assets.run_plan import PlanReportingInstance, PlanReportingRunDomain


class EngineCache:
    """The last ``size`` engines by connection string: a webserver reads many runs' files,
    and each engine keeps its compiled statements. Not locked: its storage's ``_db_lock``
    serializes every use."""

    def __init__(self, size: int = 8) -> None:
        self.size = size
        self._engines: OrderedDict[str, Engine] = OrderedDict()

    def get(self, url: str) -> Engine:
        engine = self._engines.pop(url, None) or create_engine(
            url, poolclass=NullPool, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS}
        )
        self._engines[url] = engine
        while len(self._engines) > self.size:
            self._engines.popitem(last=False)
        return engine


@contextmanager
def _transaction(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as connection, connection.begin():
        yield connection


class BatchedSqliteEventLogStorage(BatchedAssetEvents, SqliteEventLogStorage):
    @cached_property
    def _engines(self) -> EngineCache:
        return EngineCache()

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        """Dagster's, with the shard's engine kept (``EngineCache``)."""
        with self._db_lock:
            engine = self._engines.get(self.conn_string_for_shard(shard))
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
            with _transaction(engine) as connection:
                yield connection

    @cached_property
    def supports_asset_checks(self) -> bool:  # Dagster inspects the schema on every check event
        return super().supports_asset_checks

    def _store_events(self, events: Sequence[EventLogEntry], index_rows: IndexRows) -> None:
        """The rows in the run's file, then mirrored in the index file (whose ids the index
        rows name), one transaction each."""
        rows = self._event_rows(events)
        with self.run_connection(events[0].run_id) as conn:
            self._insert_rows(conn, rows)
        with self.index_transaction() as conn:
            index_rows(conn, events, self._insert_rows(conn, rows))


class CachedEngineRunStorage(SqliteRunStorage):
    @cached_property
    def _engine(self) -> Engine:
        return create_engine(self._conn_string, poolclass=NullPool)  # as Dagster's, kept

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        with _transaction(self._engine) as connection:
            yield connection


class LockedSqliteStorage(DagsterSqliteStorage):
    """Dagster's SQLite storage, opened under a file lock, with batched event writes."""

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None) -> None:
        os.makedirs(base_dir, exist_ok=True)
        with FileLock(os.path.join(base_dir, ".storage.lock")):
            self.base_dir = base_dir
            self._run_storage = CachedEngineRunStorage.from_local(_runs_directory(base_dir))
            self._event_log_storage = BatchedSqliteEventLogStorage(_event_logs_directory(base_dir))
            self._schedule_storage = SqliteScheduleStorage.from_local(_schedule_directory(base_dir))
            self._inst_data = inst_data
            super(DagsterSqliteStorage, self).__init__()  # what the parent's __init__ ends with

    @classmethod
    def from_config_value(  # the parent's builds a DagsterSqliteStorage by name
        cls, inst_data: ConfigurableClassData | None, config_value: dict[str, str]
    ) -> LockedSqliteStorage:
        return cls.from_local(inst_data=inst_data, **config_value)


class LocalRunDomain(ReleasingRunDomain, PlanReportingRunDomain):
    """Runs created after dead runs are released (single host: their pids can be checked),
    and ranged runs' plans announced."""


class LocalInstance(PlanReportingInstance):
    """The local instance (dagster.yaml ``instance_class``): Dagster's defaults, with the
    storage above in the instance's own directory (a storage entry in dagster.yaml would have
    to name that directory, which a copied or linked config cannot know)."""

    @cached_property
    def run_domain(self) -> RunDomain:
        return LocalRunDomain(self)

    @classmethod
    def config_schema(cls) -> dict:
        return {}

    @staticmethod
    def config_defaults(base_dir: str) -> Mapping[str, ConfigurableClassData | None]:
        storage = ConfigurableClassData(
            __name__, LockedSqliteStorage.__name__, yaml.dump({"base_dir": base_dir})
        )
        return {**InstanceRef.config_defaults(base_dir), "storage": storage}
