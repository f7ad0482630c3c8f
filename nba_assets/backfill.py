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

from dagster import AssetKey, AssetSelection

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
FAILED_STEPS = """
query($id: ID!) {
  runOrError(runId: $id) {
    ... on Run { stepStats { stepKey status } }
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
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
            raise BackfillError(
                f"no Dagster webserver answers at {self.url} ({error}): start it with "
                "`nba-assets ui` (webserver + daemon), or pass --url"
            ) from error
        if answer.get("errors"):
            raise BackfillError(f"{self.url}/graphql: {answer['errors'][0].get('message')}")
        return answer["data"]


def selected_keys(selection: str | None, asset_graph: Any) -> list[AssetKey]:
    """Asset keys of a Dagster selection string (``group:nba_raw``, ``*key``...); all by default."""
    chosen = AssetSelection.from_string(selection) if selection else AssetSelection.all()
    keys = sorted(chosen.resolve(asset_graph), key=lambda k: k.to_user_string())
    if not keys:
        raise BackfillError(f"--select {selection!r} matches no asset")
    return keys


def launch(
    server: DagsterWebserver, keys: list[AssetKey], start: date, end: date, title: str
) -> str:
    """Launch one asset backfill over partition keys start..end (inclusive); returns its id."""
    params = {
        "partitionsByAssets": [
            {
                "assetKey": {"path": list(key.path)},
                "partitions": {"range": {"start": start.isoformat(), "end": end.isoformat()}},
            }
            for key in keys
        ],
        "title": title,
        "tags": [{"key": "nba_assets/launched_by", "value": "nba-assets backfill"}],
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


def failed_steps(server: DagsterWebserver, run_id: str) -> list[str]:
    run = server.query(FAILED_STEPS, {"id": run_id})["runOrError"]
    return [s["stepKey"] for s in run.get("stepStats", []) if s["status"] == "FAILURE"]


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
        if current.status in FAILED or current.failed:
            failures = [r for r in current.runs if r["status"] == "FAILURE"]
            named = "; ".join(
                f"run {r['runId']} failed at {', '.join(failed_steps(server, r['runId'])) or '?'}"
                for r in failures
            )
            raise BackfillError(
                f"backfill {backfill_id} ended {current.status}: {named or 'no run failed'}. "
                f"Open {server.url}/runs/b/{backfill_id} to re-execute from the failure, or "
                "run the same command again (a range re-run replaces, never duplicates)"
            )
        time.sleep(poll_seconds)
