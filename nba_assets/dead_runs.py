"""Runs whose process died release what they hold, without anyone running a Dagster command.

A run's process marks it failed and gives back its `warehouse` pool slot when it ends. A
process killed outright (OOM killer, reboot, ``kill -9``, Ctrl-C then kill) does neither:
the run stays STARTED, keeps its slot, and every later run logs "Step blocked by limit
for pool warehouse" forever. Dagster's daemon frees slots of *finished* runs and monitors
runs it launched; a ranged run started from the shell has no such watcher.

On a single-host instance (SQLite storage, the embedded setup) a run's process can be
checked directly: every `nba-assets` command, and the local instance before it creates any
run (a shell `dagster asset materialize`, a launch from the UI, a backfill's or a schedule's
runs: ``ReleasingRunDomain``), fails the runs whose process is gone and frees their slots
and queued steps. A production instance (Postgres, runs on other hosts) uses Dagster's run
monitoring instead (deploy/dagster.yaml).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import psutil
from dagster import DagsterEventType, DagsterInstance, DagsterRunStatus, RunsFilter
from dagster._core.instance.runs.run_domain import RunDomain
from dagster._core.storage.dagster_run import FINISHED_STATUSES, DagsterRun
from dagster._core.storage.runs import SqliteRunStorage

LIVE_STATUSES = [DagsterRunStatus.STARTING, DagsterRunStatus.STARTED, DagsterRunStatus.CANCELING]
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReleasedRun:
    run_id: str
    pid: int | None  # None: a finished run that still held slots or queued steps
    status: str  # what the run was marked as

    def __str__(self) -> str:
        note = f"pid {self.pid} gone, marked {self.status}" if self.pid else self.status
        return f"released dead run {self.run_id} ({note}): its pool slots and queued steps are free"


def _run_process(instance: DagsterInstance, run_id: str) -> tuple[int, float] | None:
    """The pid executing the run and when it started, from RUN_START: logged by the process
    that executes the steps (not the one that created the run, which may have exited)."""
    started = instance.get_records_for_run(run_id, of_type=DagsterEventType.RUN_START, limit=1)
    for record in started.records:
        event = record.event_log_entry
        if event.dagster_event and event.dagster_event.pid:
            return event.dagster_event.pid, event.timestamp
    return None  # not started yet (STARTING): nothing to judge


def _alive(pid: int, logged_at: float) -> bool:
    """The same process, still running (a reused pid started after the run's first event)."""
    try:
        process = psutil.Process(pid)
        return process.create_time() <= logged_at + 1 and process.status() != "zombie"
    except psutil.NoSuchProcess:
        return False


def single_host(instance: DagsterInstance) -> bool:
    """Every run of this instance runs on this machine, so its pid can be checked here."""
    return isinstance(instance.run_storage, SqliteRunStorage)


def release_dead_runs(instance: DagsterInstance) -> list[ReleasedRun]:
    """Fail runs whose process is gone and free the pool slots and queued steps they hold."""
    if not single_host(instance):
        return []
    released = []
    for record in instance.get_run_records(RunsFilter(statuses=LIVE_STATUSES)):
        run = record.dagster_run
        process = _run_process(instance, run.run_id)
        if process is None or _alive(*process):
            continue
        instance.report_run_failed(
            run,
            message=f"the run's process (pid {process[0]}) is gone: killed or crashed. Its "
            "tables are wholly old or new (every write is an atomic range replace); run the "
            "same range again.",
        )
        instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
        released.append(ReleasedRun(run.run_id, process[0], "failure"))
    holders = instance.event_log_storage.get_concurrency_run_ids()  # queued or holding a slot
    if holders:
        finished = RunsFilter(run_ids=list(holders), statuses=list(FINISHED_STATUSES))
        for record in instance.get_run_records(finished):
            instance.event_log_storage.free_concurrency_slots_for_run(record.dagster_run.run_id)
            released.append(ReleasedRun(record.dagster_run.run_id, None, "already finished"))
    return released


class ReleasingRunDomain(RunDomain):
    """Run creation that first releases what dead runs hold: the new run's steps would
    otherwise wait for their slots."""

    def create_run(self, **kwargs: Any) -> DagsterRun:
        try:
            for run in release_dead_runs(self._instance):
                log.warning("%s", run)
        except Exception as error:  # a guard: creating the run matters more
            log.warning("could not check for dead runs: %s", error)
        return super().create_run(**kwargs)


def pool_usage(instance: DagsterInstance) -> list[dict[str, object]]:
    """Per concurrency pool: its limit, the runs holding slots and the steps queued for one."""
    usage = []
    for key in sorted(instance.event_log_storage.get_concurrency_keys()):
        info = instance.event_log_storage.get_concurrency_info(key)
        usage.append(
            {
                "pool": key,
                "limit": info.limit,
                "held_by": sorted({f"{s.run_id} ({s.step_key})" for s in info.claimed_slots}),
                "queued_steps": info.pending_step_count,
            }
        )
    return usage
