"""`nba-assets backfill`: a real Dagster asset backfill, launched from the shell like the UI does.

Dagster has no shell command for asset backfills; the UI calls the GraphQL
mutation ``launchPartitionBackfill`` on the webserver, and the daemon runs the
backfill (one run per chunk of ``NBA_ASSETS_BACKFILL_CHUNK_DAYS`` dates, every
selected asset in each run, queued under ``dagster.yaml``'s run limits). This
module does the same over HTTP and, with ``--wait``, follows it to the end.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from dagster import AssetKey, AssetSelection, DagsterError

LAUNCH = """
mutation($params: LaunchBackfillParams!) {
  launchPartitionBackfill(backfillParams: $params) {
    __typename
    ... on LaunchBackfillSuccess { backfillId }
    ... on PythonError { message }
    ... on InvalidStepError { invalidStepKey }
    ... on InvalidOutputError { stepKey invalidOutputName }
    ... on UnauthorizedError { message }
  }
}"""
PROGRESS = """
query($id: String!) {
  partitionBackfillOrError(backfillId: $id) {
    __typename
    ... on PartitionBackfill {
      status
      numPartitions
      runs(limit: 1000) { runId status startTime endTime }
      assetBackfillData {
        assetBackfillStatuses {
          ... on AssetPartitionsStatusCounts {
            assetKey { path }
            numPartitionsTargeted numPartitionsInProgress numPartitionsMaterialized
            numPartitionsFailed
          }
        }
      }
      error { message }
    }
    ... on BackfillNotFoundError { message }
    ... on PythonError { message }
  }
}"""
FAILURE_EVENTS = """
query($id: ID!) {
  logsForRun(runId: $id) {
    ... on EventConnection {
      events {
        __typename
        ... on ExecutionStepFailureEvent {
          stepKey
          error { message cause { message cause { message } } }
        }
        ... on AssetCheckEvaluationEvent {
          evaluation {
            checkName success severity assetKey { path }
            metadataEntries {
              label
              ... on IntMetadataEntry { intValue }
              ... on FloatMetadataEntry { floatValue }
              ... on TextMetadataEntry { text }
            }
          }
        }
        ... on RunFailureEvent { message }
      }
    }
  }
}"""
DONE = {"COMPLETED", "COMPLETED_SUCCESS"}
FAILED = {"COMPLETED_FAILED", "FAILED", "CANCELED", "CANCELING", "FAILING"}


class BackfillError(RuntimeError):
    """The webserver is unreachable, refused the backfill, or the backfill failed."""


@dataclass(frozen=True)
class Progress:
    status: str
    materialized: int  # asset-partitions done
    targeted: int
    failed: int
    runs: list[dict[str, Any]]

    @property
    def finished_runs(self) -> int:
        return sum(r["status"] in ("SUCCESS", "FAILURE", "CANCELED") for r in self.runs)


class DagsterWebserver:
    """The webserver's GraphQL endpoint (what the UI talks to)."""

    def __init__(self, url: str, timeout: float = 30) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout

    def query(self, document: str, variables: dict[str, Any]) -> dict[str, Any]:
        body = json.dumps({"query": document, "variables": variables}).encode()
        request = urllib.request.Request(
            f"{self.url}/graphql", data=body, headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer = json.loads(response.read())
        except urllib.error.HTTPError as error:  # it answered: say what it said
            raise BackfillError(
                f"the Dagster webserver at {self.url} answered HTTP {error.code}: "
                f"{_answer_text(error.read())}"
            ) from error
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
            raise BackfillError(
                f"no Dagster webserver answers at {self.url} ({error}): start it with "
                "`nba-assets ui` (webserver + daemon), or pass --url"
            ) from error
        if answer.get("errors"):
            raise BackfillError(f"{self.url}/graphql: {answer['errors'][0].get('message')}")
        return answer["data"]


def _answer_text(body: bytes) -> str:
    """The first error a GraphQL answer names, else the start of the body."""
    try:
        errors = json.loads(body).get("errors") or [{}]
        return errors[0].get("message") or body.decode(errors="replace")[:500]
    except (ValueError, AttributeError):
        return body.decode(errors="replace")[:500]


SELECTION_EXAMPLES = (
    "'group:nba_raw', 'group:nba_precompute or group:nba_predictions', "
    "'*nba_analytics/player_game_summary' (it and everything upstream), "
    "'nba_raw/player_boxscores*' (it and everything downstream)"
)


def selected_keys(selection: str | None, asset_graph: Any) -> list[AssetKey]:
    """Asset keys of a Dagster selection string (``group:nba_raw``, ``*key``...); all by default."""
    try:
        chosen = AssetSelection.from_string(selection) if selection else AssetSelection.all()
        resolved = chosen.resolve(asset_graph)
    except DagsterError as error:
        raise BackfillError(
            f"--select {selection!r} is not a valid Dagster asset selection "
            f"({str(error).splitlines()[0]}); examples: {SELECTION_EXAMPLES}"
        ) from error
    keys = sorted(resolved, key=lambda k: k.to_user_string())
    if not keys:
        raise BackfillError(f"--select {selection!r} matches no asset")
    return keys


def title(start: date, end: date, keys: list[AssetKey]) -> str:
    """The backfill's name in the UI: built from dates and a count only, never from the
    selection text (Dagster refuses titles over 100 characters or with ``%``, ``*``, ``"``)."""
    return f"nba-assets backfill {start}..{end}, {len(keys)} assets"


def launch(
    server: DagsterWebserver,
    keys: list[AssetKey],
    start: date,
    end: date,
    selection: str | None = None,
) -> str:
    """Launch one asset backfill over partition keys start..end (inclusive); returns its id."""
    tags = {"nba_assets/launched_by": "nba-assets backfill", "nba_assets/select": selection or "*"}
    params = {
        "partitionsByAssets": [
            {
                "assetKey": {"path": list(key.path)},
                "partitions": {"range": {"start": start.isoformat(), "end": end.isoformat()}},
            }
            for key in keys
        ],
        "title": title(start, end, keys),
        "tags": [{"key": key, "value": value} for key, value in tags.items()],
    }
    result = server.query(LAUNCH, {"params": params})["launchPartitionBackfill"]
    if result["__typename"] != "LaunchBackfillSuccess":
        raise BackfillError(f"the webserver refused the backfill: {result}")
    return result["backfillId"]


def progress(server: DagsterWebserver, backfill_id: str) -> Progress:
    found = server.query(PROGRESS, {"id": backfill_id})["partitionBackfillOrError"]
    if found["__typename"] != "PartitionBackfill":
        raise BackfillError(f"backfill {backfill_id}: {found.get('message')}")
    counts = [s for s in found["assetBackfillData"]["assetBackfillStatuses"] if "assetKey" in s]
    return Progress(
        status=found["status"],
        materialized=sum(s["numPartitionsMaterialized"] for s in counts),
        targeted=sum(s["numPartitionsTargeted"] for s in counts),
        failed=sum(s["numPartitionsFailed"] for s in counts),
        runs=found["runs"],
    )


def failure_causes(server: DagsterWebserver, run_id: str) -> list[str]:
    """What stopped a run, in the run's own words: each failed step with its error (the
    innermost cause: the file, column or check it names) and each failed check's numbers."""
    answer = server.query(FAILURE_EVENTS, {"id": run_id})["logsForRun"]
    causes = []
    for event in answer.get("events", []):
        kind = event["__typename"]
        if kind == "ExecutionStepFailureEvent":
            error = event["error"] or {}
            while (error.get("cause") or {}).get("message"):
                error = error["cause"]
            message = (error.get("message") or "").strip().splitlines() or ["?"]
            causes.append(f"step {event['stepKey']} failed: {message[0]}")
        elif kind == "AssetCheckEvaluationEvent" and not event["evaluation"]["success"]:
            causes.append(_failed_check(event["evaluation"]))
        elif kind == "RunFailureEvent" and not causes:
            causes.append(event["message"])
    return causes


def _failed_check(evaluation: dict[str, Any]) -> str:
    numbers = ", ".join(
        f"{entry['label']}={next(v for k, v in entry.items() if k != 'label')}"
        for entry in evaluation["metadataEntries"]
        if len(entry) > 1 and entry["label"] != "population"
    )
    asset = "/".join(evaluation["assetKey"]["path"])
    return (
        f"check {evaluation['checkName']} on {asset} failed ({evaluation['severity']}): {numbers}"
    )


def describe(current: Progress, elapsed: float) -> str:
    done = current.materialized / current.targeted if current.targeted else 0.0
    eta = f"{elapsed / done - elapsed:.0f}s" if 0 < done < 1 else "-"
    return (
        f"{current.status.lower():<12} {current.materialized}/{current.targeted} asset-partitions "
        f"({done:.0%}), runs {current.finished_runs}/{len(current.runs)} finished, "
        f"elapsed {elapsed:.0f}s, eta {eta}"
    )


def wait(
    server: DagsterWebserver,
    backfill_id: str,
    poll_seconds: float = 5,
    report: Callable[[str], None] = print,
) -> Progress:
    """Follow the backfill until it ends; raises BackfillError naming the failed run and step."""
    began, last = time.monotonic(), ""
    while True:
        current = progress(server, backfill_id)
        line = describe(current, time.monotonic() - began)
        state = line.split(" elapsed")[0]  # report a line only when something but the clock moved
        if state != last:
            report(line)
            last = state
        if current.status in DONE and not current.failed:
            return current
        failures = [r for r in current.runs if r["status"] == "FAILURE"]
        if failures or current.status in FAILED or current.failed:
            raise BackfillError(_failure_report(server, backfill_id, current, failures))
        time.sleep(poll_seconds)


def _failure_report(
    server: DagsterWebserver, backfill_id: str, current: Progress, failures: list[dict[str, Any]]
) -> str:
    """Raised as soon as a run fails (the backfill's own status follows a daemon tick later)."""
    lines = [f"backfill {backfill_id} failed: {len(failures) or 'no'} run(s) failed"]
    for run in failures:
        lines.append(f"run {run['runId']}:")
        lines += [f"  {cause}" for cause in failure_causes(server, run["runId"]) or ["?"]]
    still = len(current.runs) - current.finished_runs
    if still:
        lines.append(f"{still} other run(s) of this backfill are still going.")
    lines.append(
        f"Open {server.url}/runs/b/{backfill_id} for the logs; fix the cause, then re-execute "
        "from the failure there, or run the same command again (a range re-run replaces, "
        "never duplicates)"
    )
    return "\n".join(lines)
