"""One catalogue entry (``Table``): what a table declares, and what is derived from it.

The entries themselves are in ``tables.py``. A table is one of three kinds (``TableKind``):
parsed from its landing feed, built by a named Python function, or selected by its SQL file.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any

import pandas as pd
from dagster import AssetKey

from nba_assets.package_files import sql_text
from nba_assets.sources.landing import FEEDS
from nba_assets.warehouse import Target, Warehouse
from nba_assets.warehouse.dialect import header_description, referenced_tables


class TableKind(Enum):
    """How a table's rows are made."""

    FEED = "feed"  # parsed from the landing feed of the table's name (sources/landing.py)
    PYTHON = "python"  # returned in pieces by a Python builder (``Table.builder``)
    SQL = "sql"  # selected by its SQL file, sql/<dataset>/<name>.sql


@dataclass(frozen=True)
class Table:
    dataset: str
    name: str
    date_column: str
    key: tuple[str, ...]
    upstream: tuple[str, ...] = ()  # tables the checks read besides those the SQL reads
    checks: tuple[str, ...] = ("no_duplicate_keys",)
    kind: TableKind = TableKind.SQL
    # PYTHON tables: "module:function", called (warehouse, start, end) -> the range's rows in pieces
    builder: str = ""
    params: dict[str, Any] = field(default_factory=dict)  # extra SQL parameters
    # history-based tables: the warehouse's first N days are expected to be empty (nothing to carry
    # yet); later seasons open on the previous season's history
    bootstrap_days: int = 0
    # ...and this many game dates after them too: a table built from earlier game dates'
    # results has nothing to read on the first one (an off day there must not shift it)
    lag_game_dates: int = 0
    # a table of results (box scores and what is built from them): only game dates with a final
    # game need rows, so a run over a slate still to be played is not judged incomplete
    results: bool = False
    rolling_columns: tuple[str, ...] = ()  # judged by rolling_averages_populated
    # columns filled only from an optional feed (NULL without it): not judged where the
    # deployment's check policy declares that feed absent
    column_feeds: dict[str, str] = field(default_factory=dict)
    summary: str = ""  # raw tables; SQL tables take their description from the SQL header

    def __post_init__(self) -> None:
        if bool(self.builder) != (self.kind is TableKind.PYTHON):
            raise ValueError(f"{self.path}: a builder is named for, and only for, a PYTHON table")
        if self.kind is TableKind.FEED and self.name not in FEEDS:
            raise ValueError(f"{self.path}: no landing feed {self.name!r} in sources/landing.py")

    @property
    def path(self) -> str:
        return f"{self.dataset}/{self.name}"

    @property
    def asset_key(self) -> AssetKey:
        return AssetKey([self.dataset, self.name])

    @property
    def group(self) -> str:
        return self.dataset

    @property
    def target(self) -> Target:
        return Target(self.dataset, self.name, self.date_column, self.key)

    @property
    def quarantine(self) -> Target:
        """Where rejected payload rows of a raw table are kept, queryable."""
        return Target(self.dataset, f"{self.name}_quarantine", "game_date", ("source_file",))

    @property
    def sql(self) -> str:
        return sql_text(self.dataset, self.name)

    @property
    def feed(self) -> str | None:
        """The landing feed a FEED table parses: the one of its name."""
        return self.name if self.kind is TableKind.FEED else None

    @property
    def runs_sql(self) -> bool:
        return self.kind is TableKind.SQL

    def build(self, warehouse: Warehouse, start: date, end: date) -> Iterable[pd.DataFrame]:
        """A PYTHON table's rows for ``[start, end)``, in pieces, from its builder."""
        module, function = self.builder.split(":")
        return getattr(importlib.import_module(module), function)(warehouse, start, end)

    @property
    def sql_params(self) -> dict[str, Any]:
        """Parameters besides the range; a statement binds only those it names."""
        return {"bootstrap_days": self.bootstrap_days, **self.params}

    @property
    def coverage_params(self) -> dict[str, int | bool]:
        """Parameters of sql/checks/expected_game_dates.sql: which game dates need rows."""
        return {
            "bootstrap_days": self.bootstrap_days,
            "lag_game_dates": self.lag_game_dates,
            "final_only": self.results,
        }

    @property
    def deps(self) -> tuple[str, ...]:
        """Upstream tables, read off the SQL itself so the graph can't drift from the query."""
        if not self.runs_sql:
            return tuple(sorted(set(self.upstream) - {self.path}))
        read = referenced_tables(self.sql) | set(self.upstream)
        return tuple(sorted(read - {self.path}))

    @property
    def description(self) -> str:
        return self.summary or header_description(self.sql)
