"""Coverage status per asset: the table the old operators kept by hand, from the instance and the data.

For every asset over a date range: partitions Dagster has not materialized
(compressed ranges), game dates expected to have rows (schedule- and
bootstrap-aware, as the coverage checks judge them) that have none, rows or files
present, the latest result of each check with its numbers, and when it last ran.
The text view names the check policy in effect under its header (file, overridden rules,
absent feeds); ``--json`` holds all of it, every rule on every asset.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd
from dagster import AssetCheckEvaluation, AssetCheckKey, AssetKey, DagsterInstance
from dagster._core.storage.asset_check_execution_record import (
    COMPLETED_ASSET_CHECK_EXECUTION_RECORD_STATUSES,
    AssetCheckExecutionRecord,
    AssetCheckExecutionRecordStatus,
)

from nba_assets.checks.coverage import Coverage, coverage, expected_dates
from nba_assets.checks.policy import CheckPolicy, active_policy
from nba_assets.exports.catalogue import EXPORT_CHECK, EXPORTS, Export
from nba_assets.exports.store import ExportStore
from nba_assets.exports.write import export_dates
from nba_assets.partitions import compress_dates, days
from nba_assets.table_entry import Table
from nba_assets.tables import TABLES
from nba_assets.warehouse import Warehouse

SUMMARY_FIELDS = 3  # numbers shown per check in the text view (all of them in --json)


@dataclass(frozen=True)
class CheckStatus:
    name: str
    passed: bool | None  # None: never evaluated
    numbers: dict[str, Any] = field(default_factory=dict)
    note: str = ""  # e.g. the latest run planned the check but ended before evaluating it


@dataclass(frozen=True)
class AssetStatus:
    asset: str
    dates_in_range: int
    not_materialized: str  # compressed ranges of partitions without a materialization
    dates_expected: int
    dates_missing: str  # expected game dates without rows (or files)
    rows: int  # rows in the range (exports: files)
    last_run: str | None
    checks: list[CheckStatus]

    @property
    def healthy(self) -> bool:
        """No expected date without rows, no partition left unbuilt (off days are partitions
        too, and a week missing from the schedule is only visible here), no failing check."""
        return (
            not self.dates_missing
            and not self.not_materialized
            and all(c.passed is not False for c in self.checks)
        )


def _exists(warehouse: Warehouse, *paths: str) -> bool:
    return all(warehouse.table_exists(*path.split("/")) for path in paths)


def _table_coverage(warehouse: Warehouse, table: Table, start: date, end: date) -> Coverage:
    if not _exists(warehouse, "nba_raw/schedule"):  # nothing materialized yet: nothing expected
        return Coverage(frozenset(), {})
    if not _exists(warehouse, table.path):
        return Coverage(expected_dates(warehouse, table, start, end), {})
    return coverage(warehouse, table, start, end)


def _export_coverage(
    warehouse: Warehouse, store: ExportStore, export: Export, start: date, end: date
) -> Coverage:
    ready = _exists(warehouse, *export.deps)
    expected = export_dates(export, warehouse, start, end) if ready else set()
    files = {day: 1 for day in days(start, end) if store.exists(export.path(day))}
    return Coverage(frozenset(expected), files)


def _evaluation(record: AssetCheckExecutionRecord | None) -> AssetCheckEvaluation | None:
    data = record.event.dagster_event.event_specific_data if record and record.event else None
    return data if isinstance(data, AssetCheckEvaluation) else None


def _unevaluated_note(instance: DagsterInstance, record: AssetCheckExecutionRecord) -> str:
    """A check planned by a run that failed (or is still going) before evaluating it."""
    run = instance.get_run_by_id(record.run_id)
    state = run.status.value.lower() if run else "deleted"
    return f"not evaluated by the latest run {record.run_id[:8]} ({state})"


def _checks(instance: DagsterInstance, key: AssetKey, names: list[str]) -> list[CheckStatus]:
    check_keys = [AssetCheckKey(key, name) for name in names]
    storage = instance.event_log_storage
    latest = storage.get_latest_asset_check_execution_by_key(check_keys)
    statuses = []
    for check_key in check_keys:
        record = latest.get(check_key)
        note = ""
        if record and record.status == AssetCheckExecutionRecordStatus.PLANNED:
            note = _unevaluated_note(instance, record)
            evaluated = storage.get_asset_check_execution_history(
                check_key, limit=1, status=COMPLETED_ASSET_CHECK_EXECUTION_RECORD_STATUSES
            )
            record = evaluated[0] if evaluated else None
        evaluation = _evaluation(record)
        if evaluation is None:
            statuses.append(CheckStatus(check_key.name, None, note=note))
            continue
        numbers = {
            name: value.value
            for name, value in evaluation.metadata.items()
            if isinstance(value.value, int | float | str) and name != "population"
        }
        statuses.append(CheckStatus(check_key.name, bool(evaluation.passed), numbers, note))
    return statuses


def _last_run(instance: DagsterInstance, key: AssetKey) -> str | None:
    event = instance.get_latest_materialization_event(key)
    if event is None:
        return None
    return datetime.fromtimestamp(event.timestamp, UTC).strftime("%Y-%m-%d %H:%M UTC")


def scheduled_through(warehouse: Warehouse) -> date | None:
    """The last game date in the schedule (the default end of a status range)."""
    if not _exists(warehouse, "nba_raw/schedule"):
        return None
    last = warehouse.query("SELECT MAX(game_date) AS last FROM nba_raw.schedule")["last"][0]
    return None if pd.isna(last) else pd.Timestamp(last).date()


def coverage_status(
    instance: DagsterInstance,
    warehouse: Warehouse,
    store: ExportStore,
    start: date,
    end: date,
) -> list[AssetStatus]:
    """Every table and export over game dates [start, end)."""
    entries: list[tuple[AssetKey, list[str], Coverage]] = [
        (t.asset_key, list(t.checks), _table_coverage(warehouse, t, start, end)) for t in TABLES
    ]
    entries += [
        (e.asset_key, [EXPORT_CHECK], _export_coverage(warehouse, store, e, start, end))
        for e in EXPORTS
    ]
    statuses = []
    for key, check_names, covered in entries:
        materialized = instance.get_materialized_partitions(key)
        unmaterialized = [d for d in days(start, end) if d.isoformat() not in materialized]
        statuses.append(
            AssetStatus(
                asset=key.to_user_string(),
                dates_in_range=(end - start).days,
                not_materialized=compress_dates(unmaterialized),
                dates_expected=len(covered.expected),
                dates_missing=compress_dates(covered.missing),
                rows=covered.rows,
                last_run=_last_run(instance, key),
                checks=_checks(instance, key, check_names),
            )
        )
    return statuses


def _check_text(check: CheckStatus) -> str:
    note = f" [{check.note}]" if check.note else ""
    if check.passed is None:
        return f"{check.name}: never evaluated{note}"
    numbers = ", ".join(f"{k}={v}" for k, v in list(check.numbers.items())[:SUMMARY_FIELDS])
    return f"{check.name}: {'pass' if check.passed else 'FAIL'} ({numbers}){note}"


def _pool_text(pool: dict[str, Any]) -> str:
    held = ", ".join(pool["held_by"]) or "none"
    return (
        f"pool {pool['pool']}: {len(pool['held_by'])}/{pool['limit']} slots held ({held}), "
        f"{pool['queued_steps']} steps queued"
    )


def render_text(
    statuses: list[AssetStatus],
    start: date,
    end: date,
    pools: Sequence[dict[str, Any]] = (),
    policy: CheckPolicy | None = None,
) -> str:
    """The table, then every failing or unevaluated check and the pools; ``policy`` defaults to
    the active one (each check result also names the policy that judged it, in its metadata)."""
    lines = [
        f"coverage {start} .. {end} (end exclusive), {(end - start).days} dates",
        (active_policy() if policy is None else policy).summary(),
        "",
        f"{'asset':<42}{'rows':>9}{'expected':>10}  {'missing game dates':<24}"
        f"{'not materialized':<26}last run",
    ]
    for s in statuses:
        lines.append(
            f"{s.asset:<42}{s.rows:>9,}{s.dates_expected:>10}  {s.dates_missing or '-':<24}"
            f"{s.not_materialized or '-':<26}{s.last_run or 'never'}"
        )
    failing = [(s, c) for s in statuses for c in s.checks if c.passed is False]
    unevaluated = [(s, c) for s in statuses for c in s.checks if c.note and c.passed is not False]
    lines += [
        "",
        f"checks: {sum(len(s.checks) for s in statuses)} latest results, {len(failing)} failing, "
        f"{len(unevaluated)} not evaluated by their latest run",
    ]
    lines += [f"  {s.asset}  {_check_text(c)}" for s, c in failing + unevaluated]
    lines += [_pool_text(pool) for pool in pools]
    return "\n".join(lines)


def render_json(
    statuses: list[AssetStatus],
    start: date,
    end: date,
    pools: Sequence[dict[str, Any]] = (),
    policy: CheckPolicy | None = None,
) -> str:
    return json.dumps(
        {
            "start": start.isoformat(),
            "end_exclusive": end.isoformat(),
            "check_policy": (active_policy() if policy is None else policy).effective(),
            "assets": [asdict(s) | {"healthy": s.healthy} for s in statuses],
            "pools": list(pools),
        },
        indent=2,
        default=str,
    )
