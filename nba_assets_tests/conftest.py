"""Shared fixtures: a temp DuckDB warehouse, sources, and ranged materialization.

Also the real-data tier: tests marked ``real_data`` read ``../shared/data/real`` (files
that cannot be vendored, or are too big to be); without that directory they are
deselected, not skipped, so a clone's skips are only the live-network ones.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from dagster import (
    AssetCheckEvaluation,
    AssetsDefinition,
    DagsterEventType,
    DagsterInstance,
    DagsterRunStatus,
    ExecuteInProcessResult,
    materialize,
)

from nba_assets.assets.compute import compute_tables
from nba_assets.assets.exports import build_export_asset
from nba_assets.assets.factory import build_table_asset
from nba_assets.checks.policy import CheckPolicy, load_policy
from nba_assets.exports.catalogue import EXPORTS
from nba_assets.exports.store import ExportStore
from nba_assets.exports.write import write_export
from nba_assets.package_files import sql_text
from nba_assets.sources.landing import FEEDS, Feed, Payload, read_payloads
from nba_assets.sources.parsing import Parsed, parse_payloads
from nba_assets.sources.player_aliases import load_aliases
from nba_assets.sources.player_registry import load_registry, registry_rows
from nba_assets.sources.player_resolution import Registry
from nba_assets.sources.real.landing import REAL_DATA_DIR
from nba_assets.sources.resources import DemoSource, FilesSource, Source
from nba_assets.tables import TABLES, TABLES_BY_PATH
from nba_assets.warehouse.duckdb import DuckDBWarehouse

PROJECT = Path(__file__).resolve().parents[1]
SQL_DIR = PROJECT / "sql"  # the repository's SQL files (installed as nba_assets.sql)
# the generic check rules: a statement only once generic_sql has named the table it judges
GENERIC_CHECKS_DIR = SQL_DIR / "checks" / "generic"
# the files that are a statement as they stand: every one of SQL_DIR but the generic rules
STATEMENT_FILES = sorted(p for p in SQL_DIR.rglob("*.sql") if p.parent != GENERIC_CHECKS_DIR)


# the prediction systems, as models/config.yaml runs them
SYSTEMS = ("moving_average", "zone_matchup", "similarity", "xgboost", "ensemble")


def parse_payload(feed: Feed, payload: Payload, registry: Registry | None = None) -> Parsed:
    """One payload file parsed as the raw assets parse a range's files."""
    return parse_payloads(feed, [payload], registry)


def sql_statement(path: Path) -> str:
    """A file of SQL_DIR as the warehouses run it: with the shared/ queries it reads inlined."""
    return sql_text(path.parent.relative_to(SQL_DIR).as_posix(), path.stem)


DEMO_SEED = 7
# [start, end): past the 14-day bootstrap by six weeks, so phase 4 has windows that fill
DEMO_SEASON_RANGE = (date(2021, 10, 19), date(2021, 12, 16))


def table_assets(
    paths: Sequence[str] | None = None, policy: CheckPolicy | None = None
) -> list[AssetsDefinition]:
    """Assets for the given catalogue paths (``nba_raw/schedule``...), or all of them."""
    tables = [TABLES_BY_PATH[p] for p in paths] if paths else list(TABLES)
    return [build_table_asset(table, "duckdb", policy) for table in tables]


def policy_file(path: Path, text: str) -> CheckPolicy:
    """The check policy of a file with ``text`` written at ``path`` (the deployment's way)."""
    path.write_text(text)
    return load_policy(path)


def materialize_range(
    resources: dict,
    start: date,
    end: date,
    paths: Sequence[str] | None = None,
    raise_on_error: bool = True,
    exports: bool = False,
    instance: DagsterInstance | None = None,
    policy: CheckPolicy | None = None,
) -> ExecuteInProcessResult:
    """One run over partition keys ``start..end`` (inclusive), like a UI backfill or the CLI.

    ``exports`` adds the phase-6 assets (the resources then need an ``exports`` store);
    ``policy`` judges the checks (default: the packaged rules, as the tests run).
    """
    export_assets = [build_export_asset(e, policy) for e in EXPORTS] if exports else []
    return materialize(
        [*table_assets(paths, policy), *export_assets],
        resources=resources,
        tags={
            "dagster/asset_partition_range_start": start.isoformat(),
            "dagster/asset_partition_range_end": end.isoformat(),
        },
        raise_on_error=raise_on_error,
        instance=instance,
    )


def corruptible_copy(source: Path, target: Path) -> Callable[[str], DuckDBWarehouse]:
    """Copy a warehouse file; the returned function runs a corrupting statement on the copy."""
    shutil.copy(source, target)

    def corrupt(statement: str) -> DuckDBWarehouse:
        with duckdb.connect(str(target)) as db:
            db.execute(statement)
        return DuckDBWarehouse(path=str(target))

    return corrupt


def table_snapshot(warehouse: DuckDBWarehouse) -> dict[str, pd.DataFrame]:
    """Every table's rows in a stable order (what 'identical' means for a rerun)."""
    tables = {}
    for table in TABLES:
        frame = warehouse.query(f"SELECT * FROM {table.target.qualified}")
        tables[table.path] = frame.sort_values(list(frame.columns)).reset_index(drop=True)
    return tables


def file_digests(root: Path) -> dict[str, str]:
    """sha256 of every file under ``root``, by relative path."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def instance_env(home: Path, data_dir: Path) -> dict[str, str]:
    """The variables pointing a real `dagster` process at a temp instance and data directory."""
    return {
        "DAGSTER_HOME": str(home),
        "NBA_ASSETS_DATA_DIR": str(data_dir),
        "NBA_ASSETS_DEMO_SEED": str(DEMO_SEED),
    }


def one_run_check_evaluations(home: Path) -> list[AssetCheckEvaluation]:
    """The check evaluations of the instance's only run, asserted to have succeeded (a
    `dagster` process's run, read back from its DAGSTER_HOME)."""
    with DagsterInstance.from_config(str(home)) as instance:
        runs = instance.get_runs()
        assert len(runs) == 1 and runs[0].status == DagsterRunStatus.SUCCESS
        return [
            event.dagster_event.event_specific_data
            for event in instance.all_logs(
                runs[0].run_id, of_type=DagsterEventType.ASSET_CHECK_EVALUATION
            )
        ]


def check_results(result: ExecuteInProcessResult) -> dict[tuple[str, str], bool]:
    """``(asset path, check name) -> passed`` for every check evaluated in the run."""
    return {
        (e.asset_key.to_user_string(), e.check_name): e.passed
        for e in result.get_asset_check_evaluations()
    }


@pytest.fixture
def warehouse(tmp_path: Path) -> DuckDBWarehouse:
    return DuckDBWarehouse(path=str(tmp_path / "warehouse.duckdb"))


@pytest.fixture(scope="session")
def demo_landing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo season landed once per test session (generation is deterministic)."""
    root = tmp_path_factory.mktemp("demo-landing")
    DemoSource(landing_dir=str(root), seed=DEMO_SEED).land("schedule", [date(2021, 10, 19)])
    return root


@pytest.fixture(scope="session")
def demo_season_warehouse(tmp_path_factory: pytest.TempPathFactory, demo_landing: Path) -> Path:
    """Every phase over the first DEMO_SEASON_DAYS of the demo season, built once per session.

    Built through the assets' own compute path without Dagster's bookkeeping; tests that
    change it copy the file first.
    """
    path = tmp_path_factory.mktemp("demo-season") / "warehouse.duckdb"
    source = DemoSource(landing_dir=str(demo_landing), seed=DEMO_SEED)
    compute_tables(DuckDBWarehouse(path=str(path)), source, *DEMO_SEASON_RANGE)
    return path


@pytest.fixture(scope="session")
def demo_season_exports(
    tmp_path_factory: pytest.TempPathFactory, demo_season_warehouse: Path
) -> Path:
    """The demo season's export files, written once per session (tests that change them copy)."""
    root = tmp_path_factory.mktemp("demo-exports")
    warehouse = DuckDBWarehouse(path=str(demo_season_warehouse))
    for export in EXPORTS:
        write_export(export, warehouse, ExportStore(root=str(root)), *DEMO_SEASON_RANGE)
    return root


@pytest.fixture
def demo_resources(warehouse: DuckDBWarehouse, demo_landing: Path) -> dict:
    source: Source = DemoSource(landing_dir=str(demo_landing), seed=DEMO_SEED)
    return {"warehouse": warehouse, "source": source}


def files_resources(warehouse: DuckDBWarehouse, landing: Path) -> dict:
    return {"warehouse": warehouse, "source": FilesSource(landing_dir=str(landing))}


def parsed_landing(
    root: Path, feed: str, dates: Sequence[date], registry: Registry | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(rows, rejected) of a feed's landed files on ``dates``, as its raw asset parses them
    (props and injury reports resolve their names through ``registry``)."""
    payloads = list(read_payloads(root, feed, list(dates)))
    parsed = parse_payloads(FEEDS[feed], payloads, registry)
    return parsed.rows, parsed.rejected


def listings(day: date, players: dict[str, str], seen_in: str = "roster") -> pd.DataFrame:
    """Registry listings: ``players`` (NBA name -> person id) listed on ``day``, on a pre-game
    roster or in a box score."""
    return pd.DataFrame(
        {
            "game_date": day,
            "player_id": list(players.values()),
            "player_name": list(players),
            "seen_in": seen_in,
        }
    )


def listed_registry(folder: Path, listed: pd.DataFrame, end: date) -> Registry:
    """The registry usable before ``end`` once ``listed`` (game_date, player_id, player_name,
    seen_in) is in ``nba_raw.players``: written and read back as the assets do."""
    warehouse = DuckDBWarehouse(path=str(folder / "registry.duckdb"))
    rows = registry_rows(listed, load_aliases())
    target = TABLES_BY_PATH["nba_raw/players"].target
    warehouse.replace_range_from_frame(target, rows, min(rows["game_date"]), end)
    return load_registry(warehouse, end)


REAL_SEASON_TOTALS_2025_26 = (
    REAL_DATA_DIR
    / "nba_api_fixtures"
    / "tidy"
    / "leaguedashplayerstats__LeagueDashPlayerStats.parquet"
)


def real_roster_2025_26() -> dict[str, str]:
    """NBA name -> person id of the 535 players with 2025-26 minutes (season totals recorded in
    Feb 2026): the rosters the real first-week quotes are resolved against."""
    totals = pd.read_parquet(REAL_SEASON_TOTALS_2025_26)
    return dict(zip(totals["PLAYER_NAME"], totals["PLAYER_ID"].astype(str), strict=True))


REAL_DATA_DESELECTED = pytest.StashKey[int]()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without ``../shared/data/real``, drop the ``real_data`` tests from the run."""
    if REAL_DATA_DIR.is_dir():
        return
    real = [item for item in items if item.get_closest_marker("real_data")]
    if real:
        items[:] = [item for item in items if not item.get_closest_marker("real_data")]
        config.hook.pytest_deselected(items=real)
        config.stash[REAL_DATA_DESELECTED] = len(real)


def pytest_report_collectionfinish(config: pytest.Config) -> str | None:
    """Say why the real-data tests are not in the run (shown with ``-q`` too)."""
    if REAL_DATA_DESELECTED not in config.stash:
        return None
    count = config.stash[REAL_DATA_DESELECTED]
    return f"real-data tests: {count} deselected ({REAL_DATA_DIR} absent)"
