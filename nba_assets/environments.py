"""Resources per environment, chosen in one place by ``NBA_ASSETS_ENV``.

- local (default): DuckDB file under the data dir + the demo league (or `files`).
- production: BigQuery (project and credentials from the environment) + files/live sources.
"""

from __future__ import annotations

import os
from typing import Any

from dagster import EnvVar

from nba_assets.alerts.webhook import webhook_for
from nba_assets.backups.store import BackupStore
from nba_assets.exports.store import GCS_SCHEME, ExportStore
from nba_assets.settings import Settings
from nba_assets.sources.live.source import live_source
from nba_assets.sources.resources import DemoSource, FilesSource, Source
from nba_assets.warehouse import Warehouse
from nba_assets.warehouse.duckdb import DuckDBWarehouse


def source_for(settings: Settings) -> Source:
    if settings.source == "demo":
        return DemoSource(
            landing_dir=str(settings.landing_dir / f"demo-seed-{settings.demo_seed}"),
            seed=settings.demo_seed,
        )
    if settings.source == "files":
        return FilesSource(landing_dir=str(settings.landing_dir / "files"))
    if settings.source == "live":
        return live_source(settings.landing_dir / "live")
    raise ValueError(f"NBA_ASSETS_SOURCE={settings.source!r}: expected 'demo', 'files' or 'live'")


def warehouse_for(settings: Settings) -> Warehouse:
    if settings.environment == "local":
        return DuckDBWarehouse(
            path=str(settings.duckdb_path), memory_limit=settings.duckdb_memory_limit
        )
    if settings.environment == "production":
        from nba_assets.warehouse.bigquery import BigQueryWarehouse

        # Without NBA_ASSETS_GCP_CREDENTIALS the client uses Application Default Credentials.
        credentials = "NBA_ASSETS_GCP_CREDENTIALS"
        return BigQueryWarehouse(
            project=EnvVar("NBA_ASSETS_BQ_PROJECT"),
            location=settings.bigquery_location,
            gcp_credentials=EnvVar(credentials) if os.environ.get(credentials) else None,
        )
    raise ValueError(f"NBA_ASSETS_ENV={settings.environment!r}: expected 'local' or 'production'")


def exports_for(settings: Settings) -> ExportStore:
    """Local files by default; a gs:// root writes to Cloud Storage (project from the environment)."""
    if settings.export_root.startswith(GCS_SCHEME):
        return ExportStore(root=settings.export_root, gcp_project=_gcp_project())
    return ExportStore(root=settings.export_root)


def _gcp_project() -> EnvVar | None:
    project = "NBA_ASSETS_GCS_PROJECT"
    return EnvVar(project) if os.environ.get(project) else None


def backups_for(settings: Settings) -> BackupStore:
    """Snapshots under the data dir by default; a gs:// root (required with BigQuery) uploads."""
    gcs = settings.backup_root.startswith(GCS_SCHEME)
    return BackupStore(root=settings.backup_root, gcp_project=_gcp_project() if gcs else None)


def resources_for(settings: Settings) -> dict[str, Any]:
    return {
        "warehouse": warehouse_for(settings),
        "source": source_for(settings),
        "exports": exports_for(settings),
        "backups": backups_for(settings),
        "alert_webhook": webhook_for(),
    }
