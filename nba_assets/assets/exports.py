"""One factory: an export entry -> a daily-partitioned asset writing its JSON files, with its check.

Like the tables, a range is one step (``BackfillPolicy.single_run``); the check
reads back what was written for the range, so it judges the files, not the intent.
"""

import time

from dagster import (
    AssetExecutionContext,
    AssetKey,
    AssetsDefinition,
    MaterializeResult,
    MetadataValue,
    asset,
)

from nba_assets.assets.factory import WAREHOUSE_POOL, backfill_policy
from nba_assets.checks.policy import CheckPolicy, active_policy
from nba_assets.checks.results import check_result, check_spec
from nba_assets.exports.catalogue import EXPORT_CHECK, Export
from nba_assets.exports.store import ExportStore
from nba_assets.exports.write import audit_export, write_export
from nba_assets.partitions import daily_partitions, date_range
from nba_assets.warehouse import Warehouse


def build_export_asset(export: Export, policy: CheckPolicy | None = None) -> AssetsDefinition:
    """The export's asset, its check judged by ``policy`` (default: the deployment's)."""
    rule = (active_policy() if policy is None else policy).rule(
        EXPORT_CHECK, export.asset_key.to_user_string()
    )

    @asset(
        key=export.asset_key,
        deps=[AssetKey(dep.split("/")) for dep in export.deps],
        partitions_def=daily_partitions,
        backfill_policy=backfill_policy(),
        pool=WAREHOUSE_POOL,  # reads the warehouse: same limit as the table steps
        group_name="exports",
        kinds={"json"},
        check_specs=[check_spec(rule, export.asset_key)],
        description=export.description,
        required_resource_keys={"warehouse", "exports"},
        owners=["team:nba-data"],
    )
    def _export(context: AssetExecutionContext) -> MaterializeResult:
        warehouse: Warehouse = context.resources.warehouse
        with warehouse.session():  # one open file for the step
            return _write(context, warehouse)

    def _write(context: AssetExecutionContext, warehouse: Warehouse) -> MaterializeResult:
        start, end = date_range(context)
        store: ExportStore = context.resources.exports
        write = write_export(export, warehouse, store, start, end)
        context.log.info(
            f"exports/{export.name}: {write.files} files under {store.location(export.folder)} "
            f"for [{start}, {end}) in {write.seconds:.2f}s"
        )
        began = time.perf_counter()
        passed, metadata = audit_export(export, warehouse, store, start, end)
        check_seconds = time.perf_counter() - began
        return MaterializeResult(
            metadata={
                "rows": write.files,
                "source_rows": write.rows,
                "files_removed": write.removed,
                "range": MetadataValue.text(f"{start} .. {end} (end exclusive)"),
                "location": MetadataValue.text(store.location(export.folder)),
                "write_seconds": round(write.seconds, 3),
                "check_seconds": round(check_seconds, 3),
                "compute_seconds": round(write.seconds + check_seconds, 3),
            },
            check_results=[check_result(rule, passed, metadata)],
        )

    return _export
