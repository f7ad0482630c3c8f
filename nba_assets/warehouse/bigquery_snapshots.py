"""The statements a BigQuery table snapshot sends, built from data (no I/O).

A snapshot is an ``EXPORT DATA`` job writing Parquet files to the backup bucket.
The row count reads the table ``FOR SYSTEM_TIME AS OF`` the same instant as the
export, so both describe one state of the table even if a write lands in between.
"""

from __future__ import annotations

from nba_assets.warehouse.base import WarehouseError

AS_OF_PARAM = "snapshot_time"


def _as_of(ref: str) -> str:
    return f"{ref} FOR SYSTEM_TIME AS OF @{AS_OF_PARAM}"


def export_uri(location: str) -> str:
    """The export's wildcard URI (BigQuery numbers the files), checked to be a safe literal."""
    if not location.startswith("gs://") or any(c in location for c in "'\\\n*"):
        raise WarehouseError(
            f"{location!r}: a BigQuery snapshot goes to a gs:// backup root "
            "(NBA_ASSETS_BACKUP_ROOT=gs://bucket/prefix) without quotes or wildcards"
        )
    return f"{location}.*.parquet"


def export_sql(ref: str, uri: str) -> str:
    """Every row of the table, as of the snapshot instant, to Parquet files at ``uri``."""
    return (
        f"EXPORT DATA OPTIONS (uri = '{uri}', format = 'PARQUET', overwrite = true) AS\n"
        f"SELECT * FROM {_as_of(ref)}"
    )


def count_sql(ref: str) -> str:
    return f"SELECT COUNT(*) AS row_count FROM {_as_of(ref)}"


def content_hash_sql(ref: str) -> str:
    """Row count and the sum of every row's fingerprint: order-free, duplicates counted."""
    return (
        "SELECT COUNT(*) AS row_count,\n"
        "  COALESCE(SUM(CAST(FARM_FINGERPRINT(TO_JSON_STRING(t)) AS BIGNUMERIC)), 0) AS total\n"
        f"FROM {ref} AS t"
    )
