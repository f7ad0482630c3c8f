"""The production instance's Postgres storage (deploy/dagster.yaml), with batched event writes.

dagster-postgres's storage, except its event log writes each of Dagster's event batches
(``nba_assets/event_batches.py``) in one transaction: the ``event_logs`` rows in one
multi-row insert, then the index rows Dagster's ``store_event`` writes per event. (Its own
``store_event_batch`` writes materializations in two transactions and updates ``asset_keys``
from the last event only; planned events, most of a ranged run's, one by one, a connection
each.) ``test_postgres_instance.py`` compares this storage's batches with one-by-one writes.
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
from dagster_postgres.utils import get_token_provider_from_config, pg_url_from_config

from nba_assets.event_batches import BatchedAssetEvents, IndexRows


def _from_config(config_value: Mapping[str, Any]) -> dict[str, Any]:
    """The constructor arguments dagster-postgres's storages take from ``postgres_db`` config."""
    return {
        "postgres_url": pg_url_from_config(config_value),
        "should_autocreate_tables": config_value.get("should_autocreate_tables", True),
        "token_provider": get_token_provider_from_config(config_value),
    }


class BatchedPostgresEventLogStorage(BatchedAssetEvents, PostgresEventLogStorage):
    @classmethod
    def from_config_value(  # the parent's builds a PostgresEventLogStorage by name
        cls, inst_data: ConfigurableClassData | None, config_value: Mapping[str, Any]
    ) -> BatchedPostgresEventLogStorage:
        return cls(inst_data=inst_data, **_from_config(config_value))

    def _store_events(self, events: Sequence[EventLogEntry], index_rows: IndexRows) -> None:
        """One transaction: the rows, the notifications ``store_event`` sends, the index rows."""
        with self.index_transaction() as conn:
            event_ids = self._insert_rows(conn, self._event_rows(events))
            conn.execute(
                db.text(f"SELECT pg_notify('{CHANNEL_NAME}', n) FROM unnest(:notify_ids) AS n"),
                {"notify_ids": [f"{e.run_id}_{i}" for e, i in zip(events, event_ids, strict=True)]},
            )
            index_rows(conn, events, event_ids)


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
        self._run_storage = PostgresRunStorage(*storage_args, token_provider=token_provider)
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

    @property
    def event_storage_data(self) -> ConfigurableClassData | None:
        if self.inst_data is None:
            return None
        name = BatchedPostgresEventLogStorage.__name__
        return ConfigurableClassData(__name__, name, self.inst_data.config_yaml)
