"""One factory: a catalogue entry -> a daily-partitioned asset with its inline checks.

Every asset computes its whole partition range in one step (``BackfillPolicy.single_run``):
a season is one run and one set-based statement per table, not a loop of days.
Checks run inside the same step over the same range (one step, not one per check).
"""

import time
import warnings

import requests
from dagster import (
    AssetExecutionContext,
    AssetKey,
    AssetsDefinition,
    BackfillPolicy,
    BetaWarning,
    Failure,
    MaterializeResult,
    MetadataValue,
    RetryPolicy,
    asset,
)

from nba_assets.assets.compute import compute_table
from nba_assets.checks.coverage import dates_with_rows
from nba_assets.checks.policy import CheckPolicy, active_policy
from nba_assets.checks.results import check_spec, evaluate
from nba_assets.checks.rules import CheckInput
from nba_assets.partitions import daily_partitions, date_range
from nba_assets.settings import SETTINGS
from nba_assets.sources.live.odds.api import OddsApiError
from nba_assets.sources.live.stats_nba.client import StatsRequestError
from nba_assets.table_entry import Table
from nba_assets.tables import TABLES_BY_PATH
from nba_assets.warehouse import Warehouse

WAREHOUSE_POOL = "warehouse"
# A source's own per-request retries give up within NBA_ASSETS_SOURCE_GIVE_UP_SECONDS (3 min);
# a deployment whose schedules should ride out a longer outage re-runs the feed step after a
# fixed wait (NBA_ASSETS_SOURCE_STEP_RETRIES, off by default: a run fails in minutes)...
SOURCE_RETRY = (
    RetryPolicy(max_retries=SETTINGS.source_step_retries, delay=SETTINGS.source_step_retry_seconds)
    if SETTINGS.source_step_retries
    else None
)
# ...and nothing else: a wrong payload or a warehouse error would fail the same way again.
TRANSIENT = (
    StatsRequestError,
    OddsApiError,
    requests.RequestException,
    TimeoutError,
    ConnectionError,
)


def retried(error: Exception) -> bool:
    """Whether a feed asset's failure is worth its RetryPolicy (the source, not the data)."""
    return isinstance(error, TRANSIENT)


# single_run backfill policies are what make a season one run; the parameter is marked beta.
warnings.filterwarnings("ignore", message="Parameter `backfill_policy`", category=BetaWarning)


def backfill_policy() -> BackfillPolicy:
    """Daemon-run backfills: one run per chunk of dates (every selected asset in it), or one run."""
    chunk = SETTINGS.backfill_chunk_days
    return BackfillPolicy.multi_run(chunk) if chunk else BackfillPolicy.single_run()


def _coverage(warehouse: Warehouse, table: Table, context: AssetExecutionContext) -> dict:
    start, end = date_range(context)
    game_dates = len(dates_with_rows(warehouse, TABLES_BY_PATH["nba_raw/schedule"], start, end))
    metadata = {
        "range": MetadataValue.text(f"{start} .. {end} (end exclusive)"),
        "dates_in_range": (end - start).days,
        "game_dates_in_range": game_dates,
        "dates_with_rows": len(dates_with_rows(warehouse, table, start, end)),
    }
    if not game_dates:
        metadata["note"] = MetadataValue.text("no games scheduled in this range")
    return metadata


def build_table_asset(
    table: Table, warehouse_kind: str, policy: CheckPolicy | None = None
) -> AssetsDefinition:
    """The table's asset, its checks judged by ``policy`` (default: the deployment's)."""
    policy = active_policy() if policy is None else policy

    @asset(
        key=table.asset_key,
        deps=[AssetKey(dep.split("/")) for dep in table.deps],
        partitions_def=daily_partitions,
        backfill_policy=backfill_policy(),
        pool=WAREHOUSE_POOL,
        group_name=table.group,
        kinds={warehouse_kind, "sql" if table.runs_sql else "python"},
        check_specs=[
            check_spec(policy.rule(name, table.path), table.asset_key) for name in table.checks
        ],
        description=table.description,
        required_resource_keys={"warehouse", "source"} if table.feed else {"warehouse"},
        retry_policy=SOURCE_RETRY if table.feed else None,
        owners=["team:nba-data"],
    )
    def _table(context: AssetExecutionContext) -> MaterializeResult:
        try:
            with context.resources.warehouse.session():  # one open file for the step
                return _materialize(context)
        except Exception as error:
            if not table.feed or retried(error):
                raise
            raise Failure(f"{type(error).__name__}: {error}", allow_retries=False) from error

    def _materialize(context: AssetExecutionContext) -> MaterializeResult:
        step_began = time.perf_counter()
        start, end = date_range(context)
        warehouse: Warehouse = context.resources.warehouse
        write = compute_table(
            table, warehouse, context.resources.source if table.feed else None, start, end
        )
        context.log.info(
            f"{table.path}: wrote {write.rows} rows for [{start}, {end}) in {write.seconds:.2f}s"
        )
        began = time.perf_counter()
        check_input = CheckInput(
            warehouse, table, start, end, write.rows, write.quarantined, policy
        )
        results = [evaluate(name, check_input) for name in table.checks]
        return MaterializeResult(
            metadata={
                "rows": write.rows,
                **write.metadata,
                **_coverage(warehouse, table, context),
                "write_seconds": round(write.seconds, 3),
                "check_seconds": round(time.perf_counter() - began, 3),
                "compute_seconds": round(time.perf_counter() - step_began, 3),
                "table": MetadataValue.text(table.target.qualified),
            },
            check_results=results,
        )

    return _table
