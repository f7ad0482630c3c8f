"""The daily backup: one op that snapshots every table, then prunes to the retention.

A job rather than assets: a snapshot is a copy of the warehouse at an instant,
not a partition of anything. It runs in the warehouse pool, so it never copies a
table while a write is replacing a range of it. Its schedule is off by default,
like the daily runs (``NBA_ASSETS_AUTOMATION=on`` or the UI turns it on).
"""

from dagster import MetadataValue, OpExecutionContext, Output, ScheduleDefinition, job, op

from nba_assets.assets.factory import WAREHOUSE_POOL
from nba_assets.automation import DEFAULT_STATUS
from nba_assets.backups.snapshot import prune, take_snapshot
from nba_assets.backups.store import BackupStore
from nba_assets.partitions import GAME_TIMEZONE
from nba_assets.settings import SETTINGS
from nba_assets.warehouse import Warehouse


@op(pool=WAREHOUSE_POOL, description="Copy every warehouse table into a new snapshot.")
def snapshot_warehouse(
    context: OpExecutionContext, warehouse: Warehouse, backups: BackupStore
) -> Output[str]:
    manifest = take_snapshot(warehouse, backups)
    deleted = prune(backups, SETTINGS.backup_keep)
    context.log.info(
        f"snapshot {manifest.snapshot}: {len(manifest.tables)} tables in {manifest.seconds} s; "
        f"deleted {deleted or 'none'} (keeping {SETTINGS.backup_keep})"
    )
    return Output(
        manifest.snapshot,
        metadata={
            "snapshot": backups.location(manifest.snapshot),
            "tables": len(manifest.tables),
            "rows": sum(t.rows for t in manifest.tables),
            "bytes": sum(t.bytes for t in manifest.tables),
            "seconds": manifest.seconds,
            "code_version": manifest.code_version,
            "deleted": MetadataValue.json(deleted),
        },
    )


@job(description="Snapshot every warehouse table (README, 'Backups and restore').")
def warehouse_backup() -> None:
    snapshot_warehouse()


backup_schedule = ScheduleDefinition(
    name="warehouse_backup_schedule",
    job=warehouse_backup,
    cron_schedule=SETTINGS.backup_cron,
    execution_timezone=GAME_TIMEZONE,
    default_status=DEFAULT_STATUS,
    description=f"Daily snapshot of every table, keeping {SETTINGS.backup_keep} "
    f"({SETTINGS.backup_cron}, US-Eastern).",
)
