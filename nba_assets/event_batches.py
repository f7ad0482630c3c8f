"""Dagster's event batches written in one go, the same rows as one-by-one writes.

A ranged run records one event per asset-partition when it is created (planned) and when
each step ends (materialized): 33,098 planned events for four seasons of every asset. Dagster's
SQL event logs write them one by one: a connection and a commit (or two) per event. With
``DAGSTER_EVENT_BATCH_SIZE`` set, Dagster hands those events over in batches
(``store_event_batch``); the storages here set it in every process that opens them (unless
the environment already does) and write a batch's events together.

Per event, Dagster's ``store_event`` writes the ``event_logs`` row, then in the cross-run index
the asset's indexed tags and its ``asset_keys`` entry (last run, last materialization), or
for a check's planned event its ``asset_check_executions`` rows. ``BatchedAssetEvents`` does
the same for a run of consecutive events of one kind: the rows in one statement, then the
index rows event by event in the same order (so every ``asset_keys`` column ends on the value
one-by-one writes leave). Anything else in a batch is stored one by one, in the order given.
Each backend says how the rows reach its database (``_store_events``): SQLite in two
transactions (the run's file, then the index file), Postgres in one.
``test_event_batches.py`` and ``test_postgres_instance.py`` compare both with one-by-one
writes.

A check's planned event in a ranged run becomes one ``asset_check_executions`` row per
partition, each holding the serialized event: Dagster serializes it once per row (0.3 ms; a
check over four seasons, 1,273 times: 51 s for the 79 checks of every asset). It is serialized
once here, the rows unchanged (``test_check_planned_rows_are_dagsters``), ten checks per
transaction. Rows go in with SQLAlchemy's executemany rather than Dagster's multi-row
``VALUES`` statements, whose text and bind parameters SQLAlchemy builds row by row (a third
of a plan's time, profiled).

``written``, when set, is called with each event once it is stored (``run_plan.py``'s progress).
"""

from __future__ import annotations

import itertools
import os
from abc import abstractmethod
from collections.abc import Callable, Sequence
from typing import Any

from dagster._core.events import ASSET_EVENTS, AssetCheckEvaluationPlanned, DagsterEventType
from dagster._core.events.log import EventLogEntry
from dagster._core.storage.asset_check_execution_record import AssetCheckExecutionRecordStatus
from dagster._core.storage.event_log.schema import (
    AssetCheckExecutionsTable,
    SqlEventLogStorageTable,
)
from dagster._serdes import serialize_value
from sqlalchemy.engine import Connection

EVENT_BATCH_SIZE = 1000  # events per batch (Dagster's DAGSTER_EVENT_BATCH_SIZE)
# check planned events per transaction: four seasons' are 1,273 rows of ~1.3 kB each, and 79 of
# them in one transaction took 10 s on Postgres, with no progress line meanwhile
CHECKS_PER_WRITE = 10


def enable_event_batches() -> None:
    """Turn on Dagster's batches in this process (and the run processes it starts)."""
    os.environ.setdefault("DAGSTER_EVENT_BATCH_SIZE", str(EVENT_BATCH_SIZE))


IndexRows = Callable[[Connection, Sequence[EventLogEntry], Sequence[int]], None]


def _batch_kind(event: EventLogEntry) -> str | None:
    """How ``event`` is batched: "asset" events (written to the event log and mirrored in the
    cross-run asset index), "check_planned" events (one check execution row per partition),
    or None (stored one by one)."""
    if not event.is_dagster_event:
        return None
    if event.dagster_event_type in ASSET_EVENTS and event.get_dagster_event().asset_key:
        return "asset"
    if event.dagster_event_type == DagsterEventType.ASSET_CHECK_EVALUATION_PLANNED:
        return "check_planned"
    return None


class BatchedAssetEvents:
    """``store_event_batch`` for a SqlEventLogStorage subclass (mixed in before it)."""

    written: Callable[[EventLogEntry], None] | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        enable_event_batches()
        super().__init__(*args, **kwargs)

    def store_event(self, event: EventLogEntry) -> None:
        super().store_event(event)  # type: ignore[misc]
        if self.written:
            self.written(event)

    def store_event_batch(self, events: Sequence[EventLogEntry]) -> None:
        """Runs of consecutive events of one kind and run together, anything else one by one,
        in the order given (the run's log keeps its order)."""
        index_rows: dict[str | None, IndexRows] = {
            "asset": self._index_asset_events,
            "check_planned": self._index_check_planned_events,
        }
        for kind, group in itertools.groupby(events, key=_batch_kind):
            group = list(group)
            if kind is None or len({e.run_id for e in group}) != 1:
                for event in group:
                    self.store_event(event)
                continue
            size = CHECKS_PER_WRITE if kind == "check_planned" else len(group)
            for start in range(0, len(group), size):
                self._store_events(group[start : start + size], index_rows[kind])
                for event in group[start : start + size] if self.written else ():
                    self.written(event)

    @abstractmethod
    def _store_events(self, events: Sequence[EventLogEntry], index_rows: IndexRows) -> None:
        """Write one run's events: their rows (``_event_rows``, ``_insert_rows``), then
        ``index_rows`` with the ids of their rows in the cross-run index."""

    def _event_rows(self, events: Sequence[EventLogEntry]) -> list[dict[str, Any]]:
        """The events' ``event_logs`` rows, as ``store_event`` writes them (each event serialized
        once, however many databases its row goes to)."""
        return [self._event_to_row(event) for event in events]  # type: ignore[attr-defined]

    @staticmethod
    def _insert_rows(conn: Connection, rows: Sequence[dict[str, Any]]) -> list[int]:
        """``_event_rows`` in one statement (SQLAlchemy's executemany, no statement text per
        row); their ids, in order."""
        table = SqlEventLogStorageTable
        inserted = conn.execute(
            table.insert().returning(table.c.id, sort_by_parameter_order=True), rows
        )
        return [event_id for (event_id,) in inserted]

    def _index_asset_events(
        self, conn: Connection, events: Sequence[EventLogEntry], event_ids: Sequence[int]
    ) -> None:
        """What ``store_event`` writes to the index for the asset events: each one's tags, and
        each asset's ``asset_keys`` row as one-by-one writes leave it. Dagster sets that row's
        columns by event type and overwrites them (nothing accumulates), so the last event of
        each (asset, type), written in order, leaves every column on the same value: a range's
        1,274 events of an asset are one row write, not 1,274 (and one serialization, not 1,274)."""
        self._store_asset_event_tags(conn, events, event_ids)  # type: ignore[attr-defined]
        last_of_kind = {
            (event.get_dagster_event().asset_key, event.dagster_event_type): position
            for position, event in enumerate(events)
        }
        for position in sorted(last_of_kind.values()):
            self._store_asset_event(conn, events[position], event_ids[position])  # type: ignore[attr-defined]

    def _index_check_planned_events(
        self, conn: Connection, events: Sequence[EventLogEntry], event_ids: Sequence[int]
    ) -> None:
        """What ``store_event`` writes to the index for each check's planned event."""
        rows = [
            row
            for event, event_id in zip(events, event_ids, strict=True)
            for row in self._check_planned_rows(event, event_id)
        ]
        conn.execute(AssetCheckExecutionsTable.insert(), rows)

    def _store_asset_check_evaluation_planned(
        self, event: EventLogEntry, event_id: int | None
    ) -> None:
        """Dagster's method, with the rows below."""
        with self.index_connection() as conn:  # type: ignore[attr-defined]
            conn.execute(
                AssetCheckExecutionsTable.insert(), self._check_planned_rows(event, event_id)
            )

    def _check_planned_rows(self, event: EventLogEntry, event_id: int | None) -> list[dict]:
        """SqlEventLogStorage._store_asset_check_evaluation_planned's rows, the event
        serialized once."""
        planned = event.get_dagster_event().event_specific_data
        assert isinstance(planned, AssetCheckEvaluationPlanned)
        subset = planned.partitions_subset
        row = {
            "asset_key": planned.asset_key.to_string(),
            "check_name": planned.check_name,
            "run_id": event.run_id,
            "execution_status": AssetCheckExecutionRecordStatus.PLANNED.value,
            "evaluation_event": serialize_value(event),
            "evaluation_event_timestamp": self._event_insert_timestamp(event),  # type: ignore[attr-defined]
            "evaluation_event_storage_id": event_id,
        }
        partitions = subset.get_partition_keys() if subset else [None]
        return [{**row, "partition": partition} for partition in partitions]
