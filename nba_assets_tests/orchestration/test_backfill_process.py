"""`nba-assets backfill --wait` against a real webserver + daemon (`nba-assets ui`).

60 days in 20-day chunks with one backfill run at a time (dagster.yaml): the
backfill completes in 3 runs that never overlap, and its tables and files equal
those of a single in-process ranged run over the same dates. Then two
overlapping backfills launched at once both complete without a duplicate key or
a lock error, and headless Chromium finds the graph, partitions, checks and
backfills pages showing what was run.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from dagster import DagsterInstance

from nba_assets.exports.catalogue import EXPORTS
from nba_assets.exports.store import ExportStore
from nba_assets.sources.resources import DemoSource
from nba_assets.tables import TABLES, TABLES_BY_PATH
from nba_assets.warehouse.duckdb import DuckDBWarehouse
from nba_assets_tests.conftest import DEMO_SEED, file_digests, materialize_range, table_snapshot
from nba_assets_tests.ui_process import start_ui, stop_ui

PROJECT = Path(__file__).resolve().parents[2]
START, LAST = date(2021, 10, 19), date(2021, 12, 17)  # 60 dates
CHUNK_DAYS = 20
OVERLAPPING = [("2021-12-01", "2021-12-20"), ("2021-12-11", "2021-12-30")]
SUMMARY = "nba_analytics/player_game_summary"
# Debian's chromium, headless, with nothing that phones home (the network is closed here)
CHROMIUM = [
    "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--virtual-time-budget=15000",  # lets the app fetch and render before the DOM is dumped
]  # fmt: skip


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, demo_landing: Path) -> Iterator[dict]:
    root = tmp_path_factory.mktemp("backfill")
    landing = root / "data" / "landing" / f"demo-seed-{DEMO_SEED}"
    shutil.copytree(demo_landing, landing)  # already generated: runs only parse
    env = {
        **os.environ,
        "DAGSTER_HOME": str(root / "dagster_home"),
        "NBA_ASSETS_DATA_DIR": str(root / "data"),
        "NBA_ASSETS_DEMO_SEED": str(DEMO_SEED),
        "NBA_ASSETS_BACKFILL_CHUNK_DAYS": str(CHUNK_DAYS),
    }
    cli = str(Path(sys.executable).parent / "nba-assets")
    process, url = start_ui([cli, "ui"], root, env, root / "ui.log")
    try:
        yield {"url": url, "env": env, "root": root, "cli": cli}
    finally:
        stop_ui(process)


@pytest.fixture(scope="module")
def backfilled(server: dict) -> tuple[subprocess.CompletedProcess, float]:
    began = time.monotonic()
    completed = subprocess.run(
        [
            server["cli"],
            "backfill",
            START.isoformat(),
            LAST.isoformat(),
            "--wait",
            "--chunk-days",
            str(CHUNK_DAYS),
            "--url",
            server["url"],
            "--poll-seconds",
            "2",
        ],
        env=server["env"],
        capture_output=True,
        text=True,
        timeout=1500,
    )
    return completed, time.monotonic() - began


@pytest.mark.slow
def test_the_backfill_completes_in_chunks_that_never_overlap(server, backfilled) -> None:
    completed, wall = backfilled
    assert completed.returncode == 0, completed.stdout[-2000:] + completed.stderr[-3000:]
    assert "succeeded: 3 runs" in completed.stdout
    every = (len(TABLES) + len(EXPORTS)) * 60  # every asset x 60 dates
    assert f"{every}/{every} asset-partitions (100%)" in completed.stdout
    with DagsterInstance.from_config(server["env"]["DAGSTER_HOME"]) as instance:
        records = sorted(instance.get_run_records(), key=lambda r: r.start_time)
    assert len(records) == 3
    ranges = [
        (r.dagster_run.tags["dagster/asset_partition_range_start"],
         r.dagster_run.tags["dagster/asset_partition_range_end"]) for r in records
    ]  # fmt: skip
    assert ranges == [
        ("2021-10-19", "2021-11-07"),
        ("2021-11-08", "2021-11-27"),
        ("2021-11-28", "2021-12-17"),
    ]
    for earlier, later in itertools.pairwise(records):
        assert earlier.end_time <= later.start_time  # one backfill run at a time
    running = sum(r.end_time - r.start_time for r in records)
    print(f"\nbackfill 60 days: {wall:.0f}s wall, {len(records)} runs, {running:.0f}s running")


@pytest.mark.slow
def test_the_backfill_equals_one_ranged_run(
    server, backfilled, tmp_path: Path, demo_landing: Path
) -> None:
    assert backfilled[0].returncode == 0
    resources = {
        "warehouse": DuckDBWarehouse(path=str(tmp_path / "single.duckdb")),
        "source": DemoSource(landing_dir=str(demo_landing), seed=DEMO_SEED),
        "exports": ExportStore(root=str(tmp_path / "exports")),
    }
    assert materialize_range(resources, START, LAST, exports=True).success
    chunked = DuckDBWarehouse(path=str(server["root"] / "data" / "warehouse.duckdb"))
    single = table_snapshot(resources["warehouse"])
    for path, frame in table_snapshot(chunked).items():
        assert len(frame) > 0, path
        pd.testing.assert_frame_equal(frame, single[path], check_exact=True, obj=path)
    assert file_digests(server["root"] / "data" / "exports") == file_digests(tmp_path / "exports")


@pytest.mark.slow
def test_no_webserver_is_a_clear_error(server) -> None:
    completed = subprocess.run(
        [server["cli"], "backfill", "2021-10-19", "2021-10-20", "--url", "http://127.0.0.1:9"],
        env=server["env"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 1
    assert "no Dagster webserver answers at http://127.0.0.1:9" in completed.stderr


def launch(server: dict, first: str, last: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            server["cli"],
            "backfill",
            first,
            last,
            "--wait",
            "--url",
            server["url"],
            "--poll-seconds",
            "2",
        ],
        env=server["env"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow
def test_two_overlapping_backfills_both_complete_without_duplicates(server, backfilled) -> None:
    # after the equality test (file order): this rewrites December's dates
    processes = [launch(server, first, last) for first, last in OVERLAPPING]
    for process in processes:
        out, err = process.communicate(timeout=1500)
        assert process.returncode == 0, out[-2000:] + err[-3000:]
        assert "succeeded" in out
    warehouse = DuckDBWarehouse(path=str(server["root"] / "data" / "warehouse.duckdb"))
    for table in TABLES:
        keys = ", ".join(table.key)
        duplicates = warehouse.query(
            f"SELECT COUNT(*) AS n FROM (SELECT {keys} FROM {table.target.qualified} "
            f"GROUP BY {keys} HAVING COUNT(*) > 1)"
        )
        assert duplicates["n"].iloc[0] == 0, table.path
    summary = warehouse.query(
        f"SELECT MAX(game_date) AS last FROM {TABLES_BY_PATH[SUMMARY].target.qualified}"
    )
    assert str(summary["last"].iloc[0])[:10] == OVERLAPPING[1][1]
    logs = [server["root"] / "ui.log", *(server["root"] / "dagster_home").rglob("*.err")]
    assert not [log for log in logs if "Could not set lock" in log.read_text(errors="replace")]


def rendered_text(url: str, profile: Path) -> str:
    """The page's text after the app has rendered it in headless Chromium."""
    if shutil.which("chromium") is None:
        pytest.fail("chromium is not installed: `make system-deps` installs it")
    dom = subprocess.run(
        [*CHROMIUM, f"--user-data-dir={profile}", "--dump-dom", url],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout  # fmt: skip
    dom = re.sub(r"<(style|script)\b.*?</\1>", " ", dom, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", dom))


@pytest.mark.slow
def test_the_ui_shows_groups_partitions_checks_and_the_backfill(
    server, backfilled, tmp_path: Path
) -> None:
    backfill_id = re.search(r"backfill (\w+):", backfilled[0].stdout).group(1)
    page = lambda path: rendered_text(f"{server['url']}/{path}", tmp_path / "chromium")  # noqa: E731

    graph = page("asset-groups")
    assert {t.group for t in TABLES} | {"exports"} <= set(graph.split())

    partitions = page(f"assets/{SUMMARY}?view=partitions")
    assert "Materialized (73)" in partitions  # 10-19..12-17, then the overlaps to 12-30
    assert "Failed (0)" in partitions

    checks = page(f"assets/{SUMMARY}?view=checks")
    for name in TABLES_BY_PATH[SUMMARY].checks:
        assert name in checks
    assert "Evaluation result Passed" in checks

    backfills = page("overview/backfills")
    assert backfill_id in backfills
    assert "nba-assets backfill" in backfills  # the launched_by tag
    assert backfills.count("Success") >= 3


@pytest.mark.slow
def test_a_failed_backfill_names_the_cause_as_soon_as_its_run_fails(server, backfilled) -> None:
    """Last in the file: a landed box-score file loses a column; the backfill of that date fails
    and the shell says which step, which file and which column, without waiting for the
    daemon to mark the whole backfill failed."""
    day = "2022-01-05"
    landed = server["root"] / "data" / "landing" / f"demo-seed-{DEMO_SEED}" / "player_boxscores"
    frame = pd.read_csv(landed / f"{day}.csv", dtype=str)
    frame.drop(columns=["minutes"]).to_csv(landed / f"{day}.csv", index=False)
    completed = subprocess.run(
        [
            server["cli"],
            "backfill",
            day,
            day,
            "--select",
            "nba_raw/player_boxscores*",
            "--wait",
            "--url",
            server["url"],
            "--poll-seconds",
            "1",
        ],
        env=server["env"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    exited = time.time()
    assert completed.returncode == 1, completed.stdout + completed.stderr
    err = completed.stderr
    print(f"\n{err}")
    assert "step nba_raw__player_boxscores failed:" in err, err
    assert f"player_boxscores/{day}.csv: missing column(s) minutes" in err, err
    run_id = re.search(r"run ([0-9a-f-]{36}):", err).group(1)
    with DagsterInstance.from_config(server["env"]["DAGSTER_HOME"]) as instance:
        ended = instance.get_run_record_by_id(run_id).end_time
    print(f"\nfailure reported {exited - ended:.1f}s after the run ended")
    assert exited - ended < 20  # the backfill's own FAILED status comes ~30 s later
