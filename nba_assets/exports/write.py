"""Write an export's documents for a date range, and check what is there.

A range is replaced like a table: every date with rows gets its document, every
date without rows loses any file it had, so re-running a range leaves exactly
the files a first run would have written, byte for byte.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import date
from typing import Any

import orjson
import pandas as pd
from fastjsonschema import JsonSchemaValueException

from nba_assets.exports.catalogue import Export
from nba_assets.exports.documents import encode
from nba_assets.exports.store import ExportStore
from nba_assets.partitions import compress_dates, date_chunks, days
from nba_assets.warehouse import Warehouse, range_params

EXAMPLES = 5
EXPORT_CHUNK_DAYS = 31
MISSING, STRAY = "missing", "stray"  # what file_problem says besides an invalid file
log = logging.getLogger(__name__)  # shown in the run's logs (dagster.yaml python_logs)


class InvalidExport(ValueError):
    """A document that does not match its schema (names the file and the field)."""


@dataclass(frozen=True)
class ExportWrite:
    files: int
    rows: int
    removed: int
    seconds: float


def problems(export: Export, document: Any) -> list[str]:
    """What is wrong with ``document`` for its schema (the first error, with its path)."""
    try:
        export.validate(document)
    except JsonSchemaValueException as error:
        return [error.message]  # e.g. "data.games[3].players[0].line must be number or null"
    return []


def export_rows(export: Export, warehouse: Warehouse, start: date, end: date) -> pd.DataFrame:
    rows = warehouse.query(export.sql, range_params(start, end, export.params))
    return rows.assign(game_date=pd.to_datetime(rows["game_date"]).dt.date)


def export_dates(export: Export, warehouse: Warehouse, start: date, end: date) -> set[date]:
    """The dates of the range the export has rows for, read a piece at a time like the write."""
    return {
        day
        for piece in date_chunks(start, end, EXPORT_CHUNK_DAYS)
        for day in export_rows(export, warehouse, *piece)["game_date"]
    }


def write_export(
    export: Export, warehouse: Warehouse, store: ExportStore, start: date, end: date
) -> ExportWrite:
    """The range ``EXPORT_CHUNK_DAYS`` at a time (four seasons of predictions at once held
    gigabytes), with a progress line per piece of a longer range."""
    began = time.perf_counter()
    files = rows = removed = 0
    for chunk_start, chunk_end in date_chunks(start, end, EXPORT_CHUNK_DAYS):
        piece = write_days(export, warehouse, store, chunk_start, chunk_end)
        files, rows, removed = files + piece.files, rows + piece.rows, removed + piece.removed
        if (end - start).days > EXPORT_CHUNK_DAYS:
            log.info(f"exports/{export.name}: {files} files up to {chunk_end} (end exclusive)")
    if export.latest:
        refresh_latest(export, store)
    return ExportWrite(files, rows, removed, time.perf_counter() - began)


def write_days(
    export: Export, warehouse: Warehouse, store: ExportStore, start: date, end: date
) -> ExportWrite:
    began = time.perf_counter()
    rows = export_rows(export, warehouse, start, end)
    by_day = {day: group for day, group in rows.groupby("game_date", sort=True)}
    removed = 0
    for day in days(start, end):
        relative = export.path(day)
        if day not in by_day:
            removed += store.exists(relative)
            store.delete(relative)
            continue
        document = export.shape(day, by_day[day])
        if found := problems(export, document):
            raise InvalidExport(f"{store.location(relative)}: {found[0]}")
        store.write(relative, encode(document))
    return ExportWrite(len(by_day), len(rows), removed, time.perf_counter() - began)


def refresh_latest(export: Export, store: ExportStore) -> None:
    """Copy the newest dated document to ``export.latest`` (or remove it when none is left)."""
    dated = [name for name in store.names(export.folder) if name[:1].isdigit()]
    if not dated:
        store.delete(export.latest)
        return
    store.write(export.latest, store.read(f"{export.folder}/{max(dated)}"))


def file_problem(export: Export, store: ExportStore, day: date, expected: bool) -> str | None:
    """``MISSING``, ``STRAY`` (a file for a date without rows), what is wrong with the file, or
    None when it is as it should be."""
    content = store.read(export.path(day))
    if content is None:
        return MISSING if expected else None
    if not expected:
        return STRAY
    try:
        document = orjson.loads(content)
    except orjson.JSONDecodeError as error:
        return f"{export.path(day)}: not JSON ({error})"
    found = problems(export, document)
    if document.get("game_date", document.get("as_of")) != day.isoformat():
        found.append("its date is not the file's date")
    return f"{export.path(day)}: {found[0]}" if found else None


def audit_export(
    export: Export, warehouse: Warehouse, store: ExportStore, start: date, end: date
) -> tuple[bool, dict[str, Any]]:
    """Every date with rows in the range has its file, and every file parses and validates;
    a month at a time, with a progress line per month of a longer range."""
    expected: set[date] = set()
    missing, invalid, stray = [], [], []
    for piece_start, piece_end in date_chunks(start, end, EXPORT_CHUNK_DAYS):
        wanted = export_dates(export, warehouse, piece_start, piece_end)
        expected |= wanted
        for day in days(piece_start, piece_end):
            problem = file_problem(export, store, day, day in wanted)
            if problem == MISSING:
                missing.append(day)
            elif problem == STRAY:
                stray.append(day)
            elif problem:
                invalid.append(problem)
        if (end - start).days > EXPORT_CHUNK_DAYS:
            log.info(f"exports/{export.name}: files checked up to {piece_end} (end exclusive)")
    passed = not (missing or invalid or stray)
    return passed, {
        "files_expected": len(expected),
        "missing": len(missing),
        "invalid": len(invalid),
        "stray": len(stray),
        "missing_dates": compress_dates(missing) or "none",
        "stray_dates": compress_dates(stray) or "none",
        "examples": "; ".join(invalid[:EXAMPLES]) or "none",
        "root": store.root,
    }
