"""Say what a ranged run records before it starts, while it records it.

When a run is created, Dagster writes one ``ASSET_MATERIALIZATION_PLANNED`` event per
asset-partition (``RunDomain._log_asset_planned_events``) before ``RUN_START``, and prints
nothing meanwhile: four seasons of every asset are 33,098 events (and 79 checks' planned
events of 1,273 rows each), minutes on SQLite before batching. ``PlanReportingInstance``
(the instance class of dagster.yaml and deploy/dagster.yaml) prints, to stderr of the process creating the run (the shell's
``dagster asset materialize``; the daemon for backfill runs), e.g. four seasons of every
asset on the Postgres instance::

    run plan: 26 assets × 1,273 partitions = 33,098 asset-partitions (+ 79 checks); recording it
    recording plan: 3,001 / 33,098 asset-partitions, 0 / 79 checks (9%, 6 s)
    ...
    recording plan: 33,098 / 33,098 asset-partitions, 51 / 79 checks (100%, 59 s)
    plan recorded: 33,098 asset-partitions in 63.1 s

The plan line for every run over more than one partition, a progress line at most every
``NBA_ASSETS_PLAN_PROGRESS_SECONDS`` (default 5) as the project's storages write the events
(their ``written`` observer; nba_assets/event_batches.py), and a line when they are all written.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from dagster import DagsterInstance
from dagster._core.definitions.assets.graph.base_asset_graph import BaseAssetGraph
from dagster._core.events import DagsterEventType
from dagster._core.events.log import EventLogEntry
from dagster._core.instance.ref import InstanceRef
from dagster._core.instance.runs.run_domain import RunDomain
from dagster._core.snap import ExecutionPlanSnapshot
from dagster._core.storage.dagster_run import DagsterRun
from dagster._serdes import ConfigurableClassData

from nba_assets.event_batches import BatchedAssetEvents

PROGRESS_SECONDS = 5.0  # NBA_ASSETS_PLAN_PROGRESS_SECONDS


def _say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


@dataclass
class Plan:
    """What a run's creation will record: planned events per asset, and its checks."""

    run_id: str
    partitions: Mapping[str, int]  # asset key -> partitions planned (0: unpartitioned)
    checks: int
    interval: float  # seconds between progress lines
    recorded: int = 0
    checks_recorded: int = 0
    started: float = field(default_factory=time.monotonic)
    reported: float = field(default_factory=time.monotonic)

    @property
    def total(self) -> int:
        return sum(max(n, 1) for n in self.partitions.values())

    def describe(self) -> str:
        counts = [n for n in self.partitions.values() if n]
        unpartitioned = len(self.partitions) - len(counts)
        up_to = "up to " if len(set(counts)) > 1 else ""
        shape = f"{_n(len(counts), 'asset')} × {up_to}{_n(max(counts), 'partition')}"
        if unpartitioned:
            shape += f" + {unpartitioned} unpartitioned"
        checks = f" (+ {_n(self.checks, 'check')})" if self.checks else ""
        return f"run plan: {shape} = {self.total:,} asset-partitions{checks}; recording it"

    def written(self, event: EventLogEntry) -> None:
        """The storage stored ``event``: count it, and say how far the plan got, at most
        every ``interval`` seconds."""
        if event.run_id != self.run_id:
            return
        if event.dagster_event_type == DagsterEventType.ASSET_MATERIALIZATION_PLANNED:
            self.recorded += 1
        elif event.dagster_event_type == DagsterEventType.ASSET_CHECK_EVALUATION_PLANNED:
            self.checks_recorded += 1
        now = time.monotonic()
        if now - self.reported < self.interval or self.recorded + self.checks_recorded == (
            self.total + self.checks
        ):
            return
        self.reported = now
        checks = f", {self.checks_recorded} / {_n(self.checks, 'check')}" if self.checks else ""
        _say(
            f"recording plan: {self.recorded:,} / {self.total:,} asset-partitions{checks} "
            f"({100 * self.recorded // self.total}%, {now - self.started:.0f} s)"
        )


class PlanReportingRunDomain(RunDomain):
    """Dagster's run creation, with the plan announced before its events are recorded."""

    def _log_asset_planned_events(
        self,
        dagster_run: DagsterRun,
        execution_plan_snapshot: ExecutionPlanSnapshot,
        asset_graph: BaseAssetGraph,
    ) -> None:
        try:
            plan = self._plan(dagster_run, execution_plan_snapshot, asset_graph)
        except Exception as error:  # announcing is a courtesy: never fail a run's creation
            _say(f"run plan: not counted ({type(error).__name__}: {error})")
            plan = None
        storage = self._instance.event_log_storage
        observed = isinstance(storage, BatchedAssetEvents)  # else no progress lines
        if plan is not None:
            _say(plan.describe())
            if observed:
                storage.written = plan.written
        try:
            super()._log_asset_planned_events(dagster_run, execution_plan_snapshot, asset_graph)
        finally:
            if observed:
                storage.written = None
        if plan is not None:
            elapsed = time.monotonic() - plan.started
            _say(f"plan recorded: {plan.total:,} asset-partitions in {elapsed:.1f} s")

    def _plan(
        self,
        dagster_run: DagsterRun,
        execution_plan_snapshot: ExecutionPlanSnapshot,
        asset_graph: BaseAssetGraph,
    ) -> Plan | None:
        """The counts Dagster's planned events will have, for a run over several partitions."""
        if not dagster_run.is_partitioned:
            return None
        storage = self._instance.event_log_storage
        one_per_asset = storage.supports_partition_subset_in_asset_materialization_planned_events
        partitions: dict[str, int] = {}
        checks = 0
        for step in execution_plan_snapshot.steps:
            if step.key not in execution_plan_snapshot.step_keys_to_execute:
                continue
            for output in step.outputs:
                key = output.properties.asset_key if output.properties else None
                checks += bool(output.properties and output.properties.asset_check_key)
                if key is None:
                    continue
                partitions_def = self._get_partitions_def(
                    key, asset_graph, dagster_run.remote_job_origin, dagster_run
                )
                subset = dagster_run.get_resolved_partitions_subset_for_events(partitions_def)
                planned = 0 if subset is None else 1 if one_per_asset else len(subset)
                partitions[key.to_user_string()] = planned
        if max(partitions.values(), default=0) <= 1:
            return None  # one partition: nothing worth announcing
        interval = float(os.getenv("NBA_ASSETS_PLAN_PROGRESS_SECONDS", PROGRESS_SECONDS))
        return Plan(dagster_run.run_id, partitions, checks, interval)


class PlanReportingInstance(DagsterInstance):
    """Dagster's instance, announcing each ranged run's plan (deploy/dagster.yaml's
    ``instance_class``; the local ``LocalInstance`` builds on it)."""

    @classmethod
    def config_schema(cls) -> dict:
        return {}

    @staticmethod
    def config_defaults(base_dir: str) -> Mapping[str, ConfigurableClassData | None]:
        return InstanceRef.config_defaults(base_dir)

    @cached_property
    def run_domain(self) -> RunDomain:
        return PlanReportingRunDomain(self)
