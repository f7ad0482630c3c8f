"""Benchmark: what a one-date run costs Dagster alone, for a graph of our shape doing no work.

Not a test: the floor under ``bench/orchestration.py``'s "one date" figure. It builds a code
location of as many daily-partitioned assets as the real one has steps, each depending on the
one before and carrying as many asset checks as the real ones do on average, whose bodies return
at once, and times ``dagster asset materialize --select '*' --partition D`` on a fresh instance of
``nba_assets/dagster.yaml`` (the same storage, the same batching). What is left of the real
one-date run above this floor is ours: imports, loading the definitions, SQL, models, files.

    .venv/bin/python bench/dagster_floor.py            # the real graph's shape, 3 runs
    .venv/bin/python bench/dagster_floor.py --assets 30 --checks 3 --runs 5
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
NO_WORK = """
from dagster import (AssetCheckResult, AssetCheckSpec, AssetKey, DailyPartitionsDefinition,
                     Definitions, MaterializeResult, asset, in_process_executor)

PARTITIONS = DailyPartitionsDefinition(start_date="2021-10-19")


def build(index, upstream):
    key = AssetKey(["floor", f"asset_{{index}}"])
    checks = [AssetCheckSpec(f"check_{{c}}", asset=key) for c in range({checks})]

    @asset(key=key, deps=upstream, partitions_def=PARTITIONS, check_specs=checks, pool="warehouse")
    def _asset():
        results = [AssetCheckResult(check_name=s.name, passed=True) for s in checks]
        return MaterializeResult(metadata={{"rows": 0}}, check_results=results)

    return _asset


assets = []
for index in range({assets}):
    assets.append(build(index, [assets[-1].key] if assets else []))
defs = Definitions(assets=assets, executor=in_process_executor)
"""


def real_shape() -> tuple[int, int]:
    """Steps and checks per asset of the real code location (its asset checks included)."""
    from nba_assets.definitions import defs

    graph = defs.resolve_asset_graph()
    assets = len(graph.get_all_asset_keys())
    checks = len(graph.asset_check_keys)
    return assets, round(checks / assets)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assets", type=int)
    parser.add_argument("--checks", type=int, help="asset checks per asset")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    assets, checks = real_shape() if args.assets is None else (args.assets, args.checks or 3)
    work = Path(tempfile.mkdtemp(prefix="dagster-floor-"))
    (work / "floor_defs.py").write_text(NO_WORK.format(assets=assets, checks=checks))
    dagster = str(Path(sys.executable).parent / "dagster")
    seconds = []
    for run in range(args.runs):
        home = work / f"home-{run}"
        home.mkdir()
        shutil.copy(PROJECT / "nba_assets" / "dagster.yaml", home / "dagster.yaml")
        env = {**os.environ, "DAGSTER_HOME": str(home), "PYTHONPATH": str(PROJECT)}
        command = [dagster, "asset", "materialize", "-f", str(work / "floor_defs.py")]
        command += ["--select", "*", "--partition", "2025-04-13"]
        began = time.perf_counter()
        subprocess.run(command, env=env, check=True, capture_output=True)
        seconds.append(time.perf_counter() - began)
    shutil.rmtree(work)
    print(
        f"{assets} no-op assets x {checks} checks, one date: median {statistics.median(seconds):.1f} s "
        f"over {args.runs} runs ({', '.join(f'{s:.1f}' for s in seconds)})"
    )


if __name__ == "__main__":
    main()
