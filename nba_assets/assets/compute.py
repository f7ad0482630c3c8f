"""Computing one table over a date range, outside of Dagster's bookkeeping.

The asset factory calls this for every asset; tests and tools call it directly to
build a warehouse through exactly the same code path.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from nba_assets.assets.raw_feeds import load_feed
from nba_assets.sources.resources import Source
from nba_assets.table_entry import Table, TableKind
from nba_assets.tables import TABLES
from nba_assets.warehouse import Warehouse


@dataclass(frozen=True)
class TableWrite:
    rows: int
    quarantined: int
    seconds: float  # warehouse time
    metadata: dict[str, Any] = field(default_factory=dict)


def compute_table(
    table: Table, warehouse: Warehouse, source: Source | None, start: date, end: date
) -> TableWrite:
    """Replace ``[start, end)`` of the table: from its landing feed, its Python builder or its SQL."""
    if table.kind is TableKind.FEED:
        if source is None:
            raise ValueError(f"{table.path} loads a landing feed and needs a source")
        load = load_feed(table, warehouse, source, start, end)
        return TableWrite(
            load.rows,
            load.quarantined,
            load.seconds,
            {
                "rows_quarantined": load.quarantined,
                "payload_files": load.files,
                "parse_seconds": round(load.parse_seconds, 3),
                **source.land_metadata(),
            },
        )
    if table.kind is TableKind.PYTHON:
        # the builder's pieces are built as the write takes them: its time is both
        write = warehouse.replace_range_from_frames(
            table.target, table.build(warehouse, start, end), start, end
        )
        return TableWrite(write.rows, 0, write.seconds, {"build_seconds": round(write.seconds, 3)})
    write = warehouse.replace_range_from_sql(table.target, table.sql, start, end, table.sql_params)
    return TableWrite(write.rows, 0, write.seconds)


def compute_tables(
    warehouse: Warehouse,
    source: Source | None,
    start: date,
    end: date,
    tables: Iterable[Table] = TABLES,
) -> dict[str, int]:
    """Several tables over one range, in catalogue (dependency) order; rows written per table."""
    order = {t.path: i for i, t in enumerate(TABLES)}
    return {
        t.path: compute_table(t, warehouse, source, start, end).rows
        for t in sorted(tables, key=lambda t: order[t.path])
    }
