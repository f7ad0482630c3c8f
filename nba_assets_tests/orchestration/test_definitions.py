"""The shape of the code location, pinned: an accidental change to keys, deps,
partitions, backfill policies, pools, checks, or the jobs, schedules and sensors beside
them shows up in review.

Regenerate after an intended change: NBA_ASSETS_UPDATE_SNAPSHOT=1 pytest nba_assets_tests/orchestration/test_definitions.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from dagster import AssetKey
from dagster._core.definitions.backfill_policy import BackfillPolicyType

from nba_assets.definitions import defs

SNAPSHOT = Path(__file__).parent / "snapshots" / "definitions.json"


def describe() -> dict:
    graph = defs.resolve_asset_graph()
    shape = {}
    for key in sorted(graph.get_all_asset_keys(), key=AssetKey.to_user_string):
        node = graph.get(key)
        partitions = node.partitions_def
        shape[key.to_user_string()] = {
            "group": node.group_name,
            "deps": sorted(d.to_user_string() for d in node.parent_keys),
            "partitions": f"daily from {partitions.start:%Y-%m-%d} {partitions.timezone} "
            f"end_offset={partitions.end_offset}",
            "backfill_policy": node.backfill_policy.policy_type.value,
            "pools": sorted(node.pools or []),
            "checks": sorted(
                f"{check.name}{' (blocking)' if graph.get_check_spec(check).blocking else ''}"
                for check in node.check_keys
            ),
        }
    shape["(automation)"] = {
        "jobs": sorted(job.name for job in defs.jobs or []),
        "schedules": sorted(f"{s.name} {s.cron_schedule}" for s in defs.schedules or []),
        "sensors": sorted(s.name for s in defs.sensors or []),
    }
    return shape


def test_definitions_match_the_snapshot() -> None:
    shape = describe()
    if os.environ.get("NBA_ASSETS_UPDATE_SNAPSHOT"):
        SNAPSHOT.write_text(json.dumps(shape, indent=2) + "\n")
    assert shape == json.loads(SNAPSHOT.read_text())


def test_every_asset_computes_a_range_in_one_run() -> None:
    graph = defs.resolve_asset_graph()
    for key in graph.get_all_asset_keys():
        assert graph.get(key).backfill_policy.policy_type == BackfillPolicyType.SINGLE_RUN, key


def test_definitions_validate() -> None:
    defs.resolve_all_job_defs()
    assert defs.get_repository_def().get_all_jobs()
