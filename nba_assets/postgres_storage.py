"""The production instance's Postgres storage (deploy/dagster.yaml), with batched event writes.

dagster-postgres's storage, except its event log writes each of Dagster's event batches
(``nba_assets/event_batches.py``) in one transaction: the ``event_logs`` rows in one
multi-row insert, then the index rows Dagster's ``store_event`` writes per event. (Its own
``store_event_batch`` writes materializations in two transactions and updates ``asset_keys``
from the last event only; planned events, most of a ranged run's, one by one, a connection
each.) ``test_postgres_instance.py`` compares this storage's batches with one-by-one writes.

Its event log and run storages keep one connection open per process (``_pooled``):
dagster-postgres opens a new one for every statement, and a one-date run writes ~300 events.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as db
from dagster._core.events.log import EventLogEntry
from dagster._core.storage.base_storage import DagsterStorage
from dagster._serdes import ConfigurableClassData
from dagster_postgres import DagsterPostgresStorage, PostgresEventLogStorage
from dagster_postgres.event_log.event_log import CHANNEL_NAME
from dagster_postgres.run_storage import PostgresRunStorage
from dagster_postgres.schedule_storage import PostgresScheduleStorage
from dagster_postgres.utils import (
    create_pg_engine,
    get_token_provider_from_config,
    pg_url_from_config,
)

from nba_assets.event_batches import BatchedAssetEvents, IndexRows

POOL_RECYCLE_SECONDS = 300  # under any IAM token's lifetime; a reconnect costs milliseconds


def _pooled(storage: PostgresEventLogStorage | PostgresRunStorage) -> None:
    """The storage's engine with one connection kept open (checked before each use, recycled
    every ``POOL_RECYCLE_SECONDS``); extra threads (the run-log watcher) get short-lived ones."""
    storage._engine = create_pg_engine(
        storage.postgres_url,
        storage._token_provider,
        isolation_level="AUTOCOMMIT",
        pool_size=1,
        max_overflow=4,
        pool_recycle=POOL_RECYCLE_SECONDS,
        pool_pre_ping=True,
    )


def _from_config(config_value: Mapping[str, Any]) -> dict[str, Any]:
    """The constructor arguments dagster-postgres's storages take from ``postgres_db`` config."""
    return {
        "postgres_url": pg_url_from_config(config_value),
        "should_autocreate_tables": config_value.get("should_autocreate_tables", True),
        "token_provider": get_token_provider_from_config(config_value),
    }


class Pooled:
    """A dagster-postgres storage (mixed in before it) with one connection kept (``_pooled``),
    built from ``postgres_db`` config as itself (the parents build theirs by name)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _pooled(self)  # type: ignore[arg-type]

    @classmethod
    def from_config_value(
        cls, inst_data: ConfigurableClassData | None, config_value: Mapping[str, Any]
    ) -> Any:
        return cls(inst_data=inst_data, **_from_config(config_value))


class BatchedPostgresEventLogStorage(Pooled, BatchedAssetEvents, PostgresEventLogStorage):
    def _store_events(self, events: Sequence[EventLogEntry], index_rows: IndexRows) -> None:
        """One transaction: the rows, the notifications ``store_event`` sends, the index rows."""
        with self.index_transaction() as conn:
            event_ids = self._insert_rows(conn, self._event_rows(events))
            conn.execute(
                db.text(f"SELECT pg_notify('{CHANNEL_NAME}', n) FROM unnest(:notify_ids) AS n"),
                {"notify_ids": [f"{e.run_id}_{i}" for e, i in zip(events, event_ids, strict=True)]},
            )
            index_rows(conn, events, event_ids)


class PooledPostgresRunStorage(Pooled, PostgresRunStorage):
    pass


class BatchedPostgresStorage(DagsterPostgresStorage):
    """dagster-postgres's storage with the event log above (deploy/dagster.yaml
    ``storage: custom``, with the same ``postgres_db`` config as ``storage: postgres``)."""

    def __init__(
        self,
        postgres_url: str,
        should_autocreate_tables: bool = True,
        inst_data: ConfigurableClassData | None = None,
        token_provider: Any = None,
    ) -> None:
        # the parent's __init__, with this event log (building its own would open a connection)
        self.postgres_url = postgres_url
        self.should_autocreate_tables = should_autocreate_tables
        self._inst_data = inst_data
        storage_args = (postgres_url, should_autocreate_tables)
        self._run_storage = PooledPostgresRunStorage(*storage_args, token_provider=token_provider)
        self._event_log_storage = BatchedPostgresEventLogStorage(
            *storage_args, token_provider=token_provider
        )
        self._schedule_storage = PostgresScheduleStorage(
            *storage_args, token_provider=token_provider
        )
        DagsterStorage.__init__(self)

    @classmethod
    def from_config_value(  # the parent's builds a DagsterPostgresStorage by name
        cls, inst_data: ConfigurableClassData | None, config_value: Mapping[str, Any]
    ) -> BatchedPostgresStorage:
        return cls(inst_data=inst_data, **_from_config(config_value))

    def _storage_data(self, storage: type) -> ConfigurableClassData | None:
        """How a process rebuilding this storage from its config builds one of its parts."""
        if self.inst_data is None:
            return None
        return ConfigurableClassData(__name__, storage.__name__, self.inst_data.config_yaml)

    @property
    def event_storage_data(self) -> ConfigurableClassData | None:
        return self._storage_data(BatchedPostgresEventLogStorage)

    @property
    def run_storage_data(self) -> ConfigurableClassData | None:
        return self._storage_data(PooledPostgresRunStorage)
