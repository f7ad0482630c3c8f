"""Putting a snapshot's tables (or a date range of them) back, through the range replace.

Every file of every table asked for is checked against the manifest before the
first write: a snapshot that does not match its manifest changes nothing. Each
table is then written with ``replace_range_from_frame``, the atomic range swap
every asset write uses, so a reader sees a table's old rows or its restored
rows, never a mix. A whole-table restore replaces the range from the earliest to
the latest date found in the snapshot or in the table, so rows a bad backfill
added outside the snapshot's dates go too; a table whose content hash already is
the snapshot's is left alone.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from nba_assets.backups.manifest import (
    Manifest,
    SnapshotError,
    TableEntry,
    read_manifest,
    verified_files,
)
from nba_assets.backups.snapshot import backup_targets
from nba_assets.backups.store import BackupStore
from nba_assets.settings import SETTINGS
from nba_assets.warehouse import Target, Warehouse


@dataclass(frozen=True)
class RestoredTable:
    path: str
    start: date | None  # the range replaced, [start, end); None: nothing to replace
    end: date | None
    rows: int  # rows written
    before: str  # content hash before the restore
    after: str  # ...and after
    expected: str | None  # the snapshot's hash, when the whole table was restored


def _frame(contents: list[bytes], date_column: str) -> pd.DataFrame:
    """The snapshot's rows with Arrow types: integers with NULLs stay integers, so a table the
    restore has to create (an empty warehouse) gets the types it had."""
    frames = [pd.read_parquet(io.BytesIO(c), dtype_backend="pyarrow") for c in contents]
    frame = pd.concat(frames, ignore_index=True)
    frame[date_column] = pd.to_datetime(frame[date_column]).dt.date
    return frame


def _table_dates(warehouse: Warehouse, target: Target) -> list[date]:
    """The earliest and latest date the table holds now (none if it is empty or missing)."""
    if not warehouse.table_exists(target.dataset, target.name):
        return []
    column = f"`{target.date_column}`"
    found = warehouse.query(
        f"SELECT MIN({column}) AS lo, MAX({column}) AS hi FROM {target.qualified}"
    )
    return [pd.Timestamp(v).date() for v in found.iloc[0] if not pd.isna(v)]


def _range(
    warehouse: Warehouse, target: Target, frame: pd.DataFrame, start: date | None, end: date | None
) -> tuple[date, date] | None:
    if start and end:
        return start, end
    dates = [*_table_dates(warehouse, target), *frame[target.date_column].dropna()]
    if dates:
        return start or min(dates), end or max(dates) + timedelta(days=1)
    if not warehouse.table_exists(target.dataset, target.name):
        # an empty table the warehouse lost: no rows over any one day creates it, typed
        return SETTINGS.first_game_date, SETTINGS.first_game_date + timedelta(days=1)
    return None


def selected_entries(manifest: Manifest, tables: Sequence[str] | None) -> list[TableEntry]:
    return [manifest.table(path) for path in tables] if tables else list(manifest.tables)


def restore_snapshot(
    warehouse: Warehouse,
    store: BackupStore,
    snapshot: str,
    tables: Sequence[str] | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[RestoredTable]:
    """Restore ``tables`` (default: all in the snapshot) over ``[start, end)`` (default: whole)."""
    manifest = read_manifest(store, snapshot)
    snapshot = manifest.snapshot  # `latest` resolved
    targets = backup_targets()
    entries = selected_entries(manifest, tables)
    unknown = [e.path for e in entries if e.path not in targets]
    if unknown:
        raise SnapshotError(f"snapshot {snapshot}: {unknown} are not tables of this catalogue")
    frames = {e.path: _frame(verified_files(store, manifest, e), e.date_column) for e in entries}
    whole = start is None and end is None
    same_kind = manifest.warehouse == warehouse.kind
    restored = []
    for entry in entries:
        target = targets[entry.path]
        exists = warehouse.table_exists(target.dataset, target.name)
        before = warehouse.content_hash(target) if exists else "missing"
        expected = entry.content_hash if whole and same_kind else None
        if expected is not None and before == expected:  # already the snapshot: not rewritten
            restored.append(RestoredTable(entry.path, None, None, 0, before, before, expected))
            continue
        span, rows = _write(warehouse, target, frames[entry.path], start, end)
        after = warehouse.content_hash(target) if span else before
        restored.append(
            RestoredTable(entry.path, *(span or (None, None)), rows, before, after, expected)
        )
    return restored


def _write(
    warehouse: Warehouse, target: Target, frame: pd.DataFrame, start: date | None, end: date | None
) -> tuple[tuple[date, date] | None, int]:
    """One table's range replace from the snapshot's rows (the whole span by default):
    the range replaced (None: nothing in the snapshot or the table) and the rows written."""
    span = _range(warehouse, target, frame, start, end)
    if span is None:
        return None, 0
    dates = frame[target.date_column]
    # a fresh index: an Arrow-backed frame keeps a filtered index as a column when registered
    rows_in = frame[(dates >= span[0]) & (dates < span[1])].reset_index(drop=True)
    return span, warehouse.replace_range_from_frame(target, rows_in, *span).rows
