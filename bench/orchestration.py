"""Benchmark: N demo seasons of every asset in one command, then one more date, on an instance.

Not a test: numbers to compare before and after a change (README, "Performance"). For each
instance (the local SQLite one, or the Postgres one of ``deploy/`` on a throwaway server) and each
number of seasons, in a fresh DAGSTER_HOME and data dir (the demo league's landing files are
generated once, up front, and shared):

1. ``dagster asset materialize --select '*' --partition-range FIRST...LAST-1``: N seasons;
2. ``... --partition LAST``: the daily run, after N seasons of history.

Each is timed as a whole process (wall, peak memory of the process) and split from its output
and the instance's records: *pre-run* (start until ``RUN_START``: imports, loading the code,
recording the run's plan), *steps* (``RUN_START`` to the end), of which *compute* is what the
steps' own metadata say they spent (warehouse SQL and writes, models, checks) and *bookkeeping*
the rest (Dagster's events and step machinery). *Silent* is the longest stretch without a line of
output. Prints one markdown table.

    .venv/bin/python bench/orchestration.py --seasons 1 4 --instance sqlite
    .venv/bin/python bench/orchestration.py --seasons 1 --instance postgres
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))  # the test package's throwaway server, from a checkout
from nba_assets_tests.postgres_server import throwaway_postgres  # noqa: E402

LAST_SEASON = 2024  # the 2024-25 demo season ends the range
SEED = "7"
# runs a command and reports its peak memory: RUSAGE_CHILDREN of a process with one child
MEASURE = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[1:])\n"
    "print(f'peak-rss-kb {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}', flush=True)\n"
    "sys.exit(code)\n"
)


@dataclass
class Measured:
    wall: float
    peak_gb: float
    pre_run: float
    steps: float
    compute: float
    models: float
    silent: float
    ok: bool

    def cells(self) -> list[str]:
        return [
            f"{self.wall:.1f}",
            f"{self.peak_gb:.2f}",
            f"{self.pre_run:.1f}",
            f"{self.steps:.1f}",
            f"{self.compute:.1f}",
            f"{self.models:.1f}",
            f"{self.steps - self.compute:.1f}",
            f"{self.silent:.1f}",
        ]


def season_range(seasons: int, landing: Path) -> tuple[date, date]:
    """The first game date of the first season and the last of LAST_SEASON."""
    from nba_assets.demo_run import season_dates
    from nba_assets.sources.resources import DemoSource

    source = DemoSource(landing_dir=str(landing), seed=int(SEED))
    first = season_dates(source, LAST_SEASON - seasons + 1)[0]
    return first, season_dates(source, LAST_SEASON)[-1]


def run(command: list[str], env: dict[str, str], log: Path) -> tuple[float, float, float, float]:
    """Wall seconds, peak GB, seconds until RUN_START, longest silence; the output to ``log``."""
    began = time.perf_counter()
    last = began
    run_start = silent = peak_kb = 0.0
    process = subprocess.Popen(
        [sys.executable, "-c", MEASURE, *command],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    with log.open("w") as out:
        for line in process.stdout or ():
            now = time.perf_counter()
            silent, last = max(silent, now - last), now
            if "RUN_START" in line and not run_start:
                run_start = now - began
            if line.startswith("peak-rss-kb"):
                peak_kb = float(line.split()[1])
            out.write(line)
    if process.wait():
        raise SystemExit(f"{' '.join(command)} failed: see {log}")
    return time.perf_counter() - began, peak_kb / 1024**2, run_start, silent


def step_seconds(home: Path, env: dict[str, str]) -> tuple[float, float]:
    """What the latest run's steps say they computed, and the predictions' model time."""
    script = (
        "from dagster import DagsterInstance\n"
        "from dagster._core.events import DagsterEventType as T\n"
        "i = DagsterInstance.get(); run = i.get_runs(limit=1)[0]\n"
        "events = i.all_logs(run.run_id, of_type=T.ASSET_MATERIALIZATION)\n"
        "seen = {}\n"
        "for e in events:\n"
        "    m = e.asset_materialization.metadata\n"
        "    key = e.asset_materialization.asset_key\n"
        "    seen[key] = (m['compute_seconds'].value, m.get('build_seconds') and "
        "m['build_seconds'].value or 0)\n"
        "print(sum(c for c, _ in seen.values()), sum(b for _, b in seen.values()))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    compute, models = done.stdout.split()
    return float(compute), float(models)


def measure(command: list[str], env: dict[str, str], home: Path, log: Path) -> Measured:
    wall, peak, pre_run, silent = run(command, env, log)
    compute, models = step_seconds(home, env)
    return Measured(wall, peak, pre_run, wall - pre_run, compute, models, silent, True)


def bench(instance: str, seasons: int, work: Path, landing: Path) -> tuple[Measured, Measured]:
    first, last = season_range(seasons, landing)
    root = Path(tempfile.mkdtemp(prefix=f"bench-{instance}-{seasons}-", dir=work))
    home, data = root / "home", root / "data"
    home.mkdir()
    (data / "landing").mkdir(parents=True)
    (data / "landing" / f"demo-seed-{SEED}").symlink_to(landing)
    config = "deploy/dagster.yaml" if instance == "postgres" else "nba_assets/dagster.yaml"
    shutil.copy(PROJECT / config, home / "dagster.yaml")
    server = throwaway_postgres() if instance == "postgres" else nullcontext({})
    with server as variables:
        env = {
            **os.environ,
            **variables,
            "DAGSTER_HOME": str(home),
            "DAGSTER_COMPUTE_LOG_DIR": str(root / "compute_logs"),  # deploy/dagster.yaml reads it
            "NBA_ASSETS_DATA_DIR": str(data),
            "NBA_ASSETS_FIRST_GAME_DATE": first.isoformat(),
            "NBA_ASSETS_DEMO_SEED": SEED,
            "PYTHONUNBUFFERED": "1",  # lines as they happen: the silences are measured
        }
        dagster = [str(Path(sys.executable).parent / "dagster"), "asset", "materialize"]
        dagster += ["-m", "nba_assets.definitions", "--select", "*"]
        span = f"{first}...{last - timedelta(days=1)}"
        ranged = measure([*dagster, "--partition-range", span], env, home, root / "ranged.log")
        daily = measure([*dagster, "--partition", last.isoformat()], env, home, root / "daily.log")
    shutil.rmtree(data / "warehouse.duckdb.tmp", ignore_errors=True)
    print(f"{instance} {seasons}: logs and data in {root}", file=sys.stderr)
    return ranged, daily


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seasons", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--instance", choices=["sqlite", "postgres"], nargs="+", default=["sqlite"])
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "nba_bench")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    landing = args.work / f"landing-seed-{SEED}"
    began = time.perf_counter()
    season_range(max(args.seasons), landing)  # generates the league up front, outside the timings
    print(f"demo league landed in {time.perf_counter() - began:.0f} s", file=sys.stderr)

    header = ["wall s", "peak GB", "pre-run s", "steps s", "compute s", "models s"]
    header += ["bookkeeping s", "silent s"]
    print(f"| instance | work | {' | '.join(header)} |")
    print(f"|---|---|{'---|' * len(header)}")
    for instance in args.instance:
        for seasons in args.seasons:
            ranged, daily = bench(instance, seasons, args.work, landing)
            label = f"{seasons} season{'s' * (seasons > 1)}"
            print(f"| {instance} | {label}, one ranged run | {' | '.join(ranged.cells())} |")
            print(f"| {instance} | one date after {label} | {' | '.join(daily.cells())} |")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
