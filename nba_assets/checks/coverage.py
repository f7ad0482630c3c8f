"""Coverage: which dates of a range a table has rows for, against the game dates it should.

One computation for the asset's metadata (``assets/factory.py``), the ``covers_scheduled_dates``
check and ``nba-assets status``: the expected dates come from
``sql/checks/expected_game_dates.sql`` (schedule-, bootstrap- and results-aware, per the
table's ``coverage_params``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from nba_assets.package_files import sql_text
from nba_assets.table_entry import Table
from nba_assets.warehouse import Warehouse, range_params


@dataclass(frozen=True)
class Coverage:
    expected: frozenset[date]  # game dates that should have rows
    rows_per_date: Mapping[date, int]  # the dates with rows (exports: files)

    @property
    def present(self) -> frozenset[date]:
        return frozenset(self.rows_per_date)

    @property
    def rows(self) -> int:
        return sum(self.rows_per_date.values())

    @property
    def missing(self) -> list[date]:
        return sorted(self.expected - self.present)


def dates_with_rows(warehouse: Warehouse, table: Table, start: date, end: date) -> dict[date, int]:
    """Rows per date of ``[start, end)`` in the table, for the dates that have any."""
    column = table.date_column
    per_date = warehouse.query(
        f"SELECT {column} AS day, COUNT(*) AS n FROM {table.target.qualified} "
        f"WHERE {column} >= @start_date AND {column} < @end_date GROUP BY {column}",
        range_params(start, end),
    )
    return dict(
        zip(pd.to_datetime(per_date["day"]).dt.date, per_date["n"].astype(int), strict=True)
    )


def expected_dates(warehouse: Warehouse, table: Table, start: date, end: date) -> frozenset[date]:
    """The game dates of ``[start, end)`` the table should have rows for."""
    sql = sql_text("checks", "expected_game_dates")
    expected = warehouse.query(sql, range_params(start, end, table.coverage_params))
    return frozenset(pd.to_datetime(expected["game_date"]).dt.date)


def coverage(warehouse: Warehouse, table: Table, start: date, end: date) -> Coverage:
    return Coverage(
        expected_dates(warehouse, table, start, end), dates_with_rows(warehouse, table, start, end)
    )
