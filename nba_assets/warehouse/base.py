"""The warehouse interface every asset uses.

Writes are always an atomic replace of a date range: the rows of ``[start, end)``
in the target are swapped for the new rows in one transaction (DuckDB) or one
MERGE (BigQuery). Re-running a range gives the same table; a run killed half-way
leaves the previous rows. Tables are created on first write and gain new
columns when a SQL file adds them.

Values are stored as they were computed, never rounded here: a float is the same
bits on every rerun because the SQL adds fractional values as exact NUMERIC sums
(README, "Deterministic floats"). Rounding at this boundary was measured and
rejected: averages of short decimals sit exactly on rounding boundaries, where
last-bit noise still rounds two ways.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import pandas as pd
from dagster import ConfigurableResource

if TYPE_CHECKING:
    from nba_assets.backups.store import BackupStore


@dataclass(frozen=True)
class Target:
    """Where a write goes: ``dataset.name``, replaced by ``date_column``, clustered by ``key``."""

    dataset: str
    name: str
    date_column: str
    key: tuple[str, ...]

    @property
    def qualified(self) -> str:
        return f"{self.dataset}.{self.name}"


@dataclass(frozen=True)
class WriteResult:
    rows: int
    seconds: float


class WarehouseError(RuntimeError):
    """A warehouse operation failed; the message names the table and what to do."""


class Warehouse(ConfigurableResource):
    """Run BigQuery-dialect SQL and atomically replace date ranges of tables."""

    @property
    @abstractmethod
    def kind(self) -> str:
        """``duckdb`` or ``bigquery`` (shown as the asset kind in the UI)."""

    @contextmanager
    def session(self) -> Iterator[None]:
        """Statements inside share what a warehouse can share between them (DuckDB: one open
        file for a step's statements); nothing is held after it."""
        yield

    @abstractmethod
    def replace_range_from_sql(
        self, target: Target, sql: str, start: date, end: date, params: dict[str, Any] | None = None
    ) -> WriteResult:
        """Run ``sql`` (a SELECT with ``@start_date``/``@end_date``) and replace ``[start, end)``."""

    @abstractmethod
    def replace_range_from_frame(
        self, target: Target, frame: pd.DataFrame, start: date, end: date
    ) -> WriteResult:
        """Replace ``[start, end)`` of ``target`` with the rows of ``frame``."""

    def replace_range_from_frames(
        self, target: Target, frames: Iterable[pd.DataFrame], start: date, end: date
    ) -> WriteResult:
        """``replace_range_from_frame`` for rows that come in pieces (a range parsed a month at
        a time), still one atomic write; a warehouse that can stages them as they come."""
        return self.replace_range_from_frame(target, pd.concat(list(frames)), start, end)

    @abstractmethod
    def query(self, sql: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
        """Run a BigQuery-dialect SELECT with named parameters and return its rows."""

    @abstractmethod
    def table_exists(self, dataset: str, name: str) -> bool:
        """Whether ``dataset.name`` has been created (by a first write)."""

    @abstractmethod
    def export_table(self, target: Target, store: BackupStore, stem: str) -> int:
        """Copy every row of ``target`` to Parquet file(s) ``<stem>.parquet`` or
        ``<stem>.<n>.parquet`` in ``store``; the rows copied. (A restore reads them back
        and writes them through ``replace_range_from_frame``, like any other write.)"""

    @abstractmethod
    def content_hash(self, target: Target) -> str:
        """A hash of the table's rows, independent of their order (duplicates count): equal
        before a snapshot and after its restore. Comparable within one warehouse kind only."""


def range_params(start: date, end: date, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A range query's parameters: ``@start_date`` and ``@end_date`` (exclusive) plus ``params``."""
    return {"start_date": start, "end_date": end, **(params or {})}


def out_of_range_message(target: Target, count: int, start: date, end: date) -> str:
    return (
        f"{target.qualified}: the query produced {count} row(s) with {target.date_column} "
        f"outside [{start}, {end}) or NULL; a range write may only touch its own dates. "
        f"Fix the range filter in the SQL file for {target.name}."
    )
