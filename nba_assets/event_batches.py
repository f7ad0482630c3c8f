"""Dagster's event batches written in one go, the same rows as one-by-one writes.

A ranged run records one event per asset-partition when it is created (planned) and when
each step ends (materialized): 35,000 events for four seasons of 28 assets. Dagster's SQL
event logs write them one by one: a connection and a commit (or two) per event. With
``DAGSTER_EVENT_BATCH_SIZE`` set, Dagster hands those events over in batches
(``store_event_batch``); the storages here set it in every process that opens them (unless
the environment already does) and write a batch's asset events together.

Per event, Dagster's ``store_event`` writes the ``event_logs`` row, then in the cross-run index
the asset's indexed tags and its ``asset_keys`` entry (last run, last materialization).
``BatchedAssetEvents`` does the same for a run of consecutive asset events: the rows in one
multi-row insert, then the index rows event by event in the same order (so every
``asset_keys`` column ends on the value one-by-one writes leave). Anything else in a batch
(asset-check events) is stored one by one, in the order given. Each backend says how the rows
reach its database: SQLite in two transactions (the run's file, then the index file),
Postgres in one. ``test_event_batches.py`` compares both with one-by-one writes.
"""

from __future__ import annotations

import itertools
import os
from abc import abstractmethod
from collections.abc import Sequence
from typing import Any

from dagster._core.events import ASSET_EVENTS
from dagster._core.events.log import EventLogEntry
from sqlalchemy.engine import Connection

EVENT_BATCH_SIZE = 1000  # events per batch (Dagster's DAGSTER_EVENT_BATCH_SIZE)


def enable_event_batches() -> None:
    """Turn on Dagster's batches in this process (and the run processes it starts)."""
    os.environ.setdefault("DAGSTER_EVENT_BATCH_SIZE", str(EVENT_BATCH_SIZE))


def _batchable(event: EventLogEntry) -> bool:
    """Asset events: written to the event log and mirrored in the cross-run asset index."""
    return (
        event.is_dagster_event
        and event.dagster_event_type in ASSET_EVENTS
        and event.get_dagster_event().asset_key is not None
    )


class BatchedAssetEvents:
    """``store_event_batch`` for a SqlEventLogStorage subclass (mixed in before it)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        enable_event_batches()
        super().__init__(*args, **kwargs)

    def store_event_batch(self, events: Sequence[EventLogEntry]) -> None:
        """Runs of consecutive asset events of one run together, anything else one by one,
        in the order given (the run's log keeps its order)."""
        for batchable, group in itertools.groupby(events, key=_batchable):
            group = list(group)
            if batchable and len({e.run_id for e in group}) == 1:
                self._store_asset_events(group)
            else:
                for event in group:
                    self.store_event(event)  # type: ignore[attr-defined]

    @abstractmethod
    def _store_asset_events(self, events: Sequence[EventLogEntry]) -> None:
        """Write one run's asset events: their rows, then ``_index_asset_events``."""

    def _index_asset_events(
        self, conn: Connection, events: Sequence[EventLogEntry], event_ids: Sequence[int]
    ) -> None:
        """What ``store_event`` writes to the index for each asset event, in order."""
        self._store_asset_event_tags(conn, events, event_ids)  # type: ignore[attr-defined]
        for event, event_id in zip(events, event_ids, strict=True):
            self._store_asset_event(conn, event, event_id)  # type: ignore[attr-defined]
