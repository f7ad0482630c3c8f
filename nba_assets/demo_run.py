"""The main job on the embedded default: demo league -> every phase over one season, as ranged runs.

Prints what a user wants after a run: rows per table, check results, and where
the time went (warehouse SQL, Python parsing, Dagster bookkeeping).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, timedelta

from dagster import AssetKey, DagsterInstance, ExecuteInProcessResult, materialize

from nba_assets.definitions import defs
from nba_assets.partitions import RANGE_END, RANGE_START
from nba_assets.scorecard import read_scorecard, render_text
from nba_assets.sources.landing import landing_path
from nba_assets.sources.resources import DemoSource


@dataclass(frozen=True)
class TableSummary:
    path: str
    rows: int
    warehouse_seconds: float
    compute_seconds: float
    checks_passed: int
    checks_failed: list[str]


def season_dates(source: DemoSource, season_year: int) -> list[date]:
    """The game dates of a demo season (generating the league on first use)."""
    opening = date(season_year, 10, 1)
    window = [opening + timedelta(days=i) for i in range(270)]
    source.land("schedule", window)
    return [d for d in window if landing_path(source.root, "schedule", d).exists()]


def materialize_range(start: date, end: date, instance: DagsterInstance) -> ExecuteInProcessResult:
    """One run over [start, end] (inclusive partition keys) for every asset."""
    return materialize(
        list(defs.assets or []),
        instance=instance,
        resources=defs.resources,
        tags={RANGE_START: start.isoformat(), RANGE_END: end.isoformat()},
        run_config={"loggers": {"console": {"config": {"log_level": "INFO"}}}},
        raise_on_error=False,
    )


def summarize(result: ExecuteInProcessResult) -> list[TableSummary]:
    latest: dict[AssetKey, dict] = {}
    for event in result.get_asset_materialization_events():
        latest[event.asset_key] = {k: v.value for k, v in event.materialization.metadata.items()}
    checks: dict[AssetKey, list] = {}
    for evaluation in result.get_asset_check_evaluations():
        checks.setdefault(evaluation.asset_key, []).append(evaluation)
    summaries = []
    for key, metadata in latest.items():
        evaluations = checks.get(key, [])
        summaries.append(
            TableSummary(
                path=key.to_user_string(),
                rows=int(metadata["rows"]),
                warehouse_seconds=float(metadata["write_seconds"])
                + float(metadata["check_seconds"]),
                compute_seconds=float(metadata["compute_seconds"]),
                checks_passed=sum(e.passed for e in evaluations),
                checks_failed=[e.check_name for e in evaluations if not e.passed],
            )
        )
    return summaries


def report(summaries: list[TableSummary], wall_seconds: float, start: date, end: date) -> str:
    lines = [f"nba_assets demo: {start} .. {end} in one ranged run, {wall_seconds:.1f}s wall", ""]
    lines.append(
        f"{'table (exports: files)':<42}{'rows':>10}{'checks':>9}{'secs':>8}  failed checks"
    )
    for s in sorted(summaries, key=lambda s: s.path):
        total = s.checks_passed + len(s.checks_failed)
        lines.append(
            f"{s.path:<42}{s.rows:>10,}{f'{s.checks_passed}/{total}':>9}"
            f"{s.compute_seconds:>8.1f}  {', '.join(s.checks_failed) or '-'}"
        )
    warehouse = sum(s.warehouse_seconds for s in summaries)
    compute = sum(s.compute_seconds for s in summaries)
    lines += [
        "",
        f"time: warehouse SQL {warehouse:.1f}s, Python (parse, models) {compute - warehouse:.1f}s, "
        f"Dagster run + bookkeeping {wall_seconds - compute:.1f}s",
    ]
    return "\n".join(lines)


def run_demo(season_year: int, max_days: int | None = None) -> bool:
    source = defs.resources["source"]
    if not isinstance(source, DemoSource):
        raise SystemExit(
            "nba-assets demo needs the demo source (unset NBA_ASSETS_SOURCE or set 'demo')"
        )
    began = time.perf_counter()
    dates = season_dates(source, season_year)
    print(f"demo league season {season_year}: landed in {time.perf_counter() - began:.1f}s")
    if not dates:
        raise SystemExit(f"the demo league has no games for season {season_year}")
    start = dates[0]
    end = dates[-1] if max_days is None else min(dates[-1], start + timedelta(days=max_days - 1))
    began = time.perf_counter()
    result = materialize_range(start, end, DagsterInstance.get())
    wall = time.perf_counter() - began
    print(report(summarize(result), wall, start, end))
    print()
    print(render_text(read_scorecard(defs.resources["warehouse"], start, end + timedelta(days=1))))
    print(f"\nexports: {defs.resources['exports'].root}")
    if not result.success:
        print(f"\nrun {result.run_id} failed: open it in the UI (make ui) to see the failed step")
    return result.success
