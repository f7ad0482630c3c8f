"""Deployment settings, read once from the environment.

Everything a user may want to change without editing code lives here, with the
embedded default (DuckDB + demo league under ./data) when a variable is unset.
Secrets are not read here: resources take them through `dagster.EnvVar`.

Local state (data/, .dagster_home/) defaults to the checkout's root when running from
one, and to the directory the process starts in when the package is installed: a wheel's
own directory is site-packages.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path


def _checkout() -> Path | None:
    """The repository root when the package runs from a checkout; None when installed."""
    root = Path(__file__).resolve().parents[1]
    return root if (root / "pyproject.toml").is_file() else None


CHECKOUT = _checkout()
LOCAL_ROOT = CHECKOUT or Path.cwd().resolve()  # where data/ and .dagster_home/ default to


@dataclass(frozen=True)
class Settings:
    environment: str  # "local" (DuckDB + demo/files) or "production" (BigQuery)
    data_dir: Path
    landing_dir: Path
    source: str  # "demo", "files" or "live"
    first_game_date: date
    demo_seed: int
    bootstrap_days: int
    bigquery_location: str
    export_root: str  # a local directory or gs://bucket/prefix
    backfill_chunk_days: int  # dates per daemon-run backfill run; 0 = the whole range in one run
    duckdb_memory_limit: str  # DuckDB's memory_limit (larger sorts and joins spill to disk)
    automation: bool  # daily schedules running by default (off in the embedded setup)
    results_cron: str  # US-Eastern: yesterday's results
    slate_cron: str  # US-Eastern: today's slate
    results_deadline: str  # HH:MM US-Eastern: yesterday's results files due (freshness check)
    slate_deadline: str  # HH:MM US-Eastern: today's prediction files due
    source_step_retries: int  # feed steps re-run after a source outage (0: the run fails)
    source_step_retry_seconds: float  # wait before each such re-run
    checks_file: Path | None  # the deployment's check policy (None: the packaged rules alone)
    backup_root: str  # a local directory or gs://bucket/prefix holding the daily snapshots
    backup_keep: int  # daily snapshots kept (older ones are deleted after each snapshot)
    backup_cron: str  # US-Eastern: the daily snapshot
    ui_url: str  # the Dagster UI as alert readers reach it (links in alerts)
    alerts_per_hour: int  # alerts posted per hour at most; the rest are counted, not sent

    @property
    def duckdb_path(self) -> Path:
        return self.data_dir / "warehouse.duckdb"

    @property
    def model_dir(self) -> Path:
        """Fitted models, each saved with its training window and feature version."""
        return self.data_dir / "models"


def _env(name: str, default: str) -> str:
    return os.environ.get(name) or default


def _path_or_none(name: str) -> Path | None:
    """An optional file setting, absolute (a relative one is read against the current directory)."""
    value = os.environ.get(name)
    return Path(value).resolve() if value else None


def load_settings() -> Settings:
    data_dir = Path(_env("NBA_ASSETS_DATA_DIR", str(LOCAL_ROOT / "data"))).resolve()
    return Settings(
        environment=_env("NBA_ASSETS_ENV", "local"),
        data_dir=data_dir,
        landing_dir=Path(_env("NBA_ASSETS_LANDING_DIR", str(data_dir / "landing"))).resolve(),
        source=_env("NBA_ASSETS_SOURCE", "demo"),
        first_game_date=date.fromisoformat(_env("NBA_ASSETS_FIRST_GAME_DATE", "2021-10-19")),
        demo_seed=int(_env("NBA_ASSETS_DEMO_SEED", "7")),
        bootstrap_days=int(_env("NBA_ASSETS_BOOTSTRAP_DAYS", "14")),
        bigquery_location=_env("NBA_ASSETS_BQ_LOCATION", "US"),
        export_root=_env("NBA_ASSETS_EXPORT_ROOT", str(data_dir / "exports")),
        backfill_chunk_days=int(_env("NBA_ASSETS_BACKFILL_CHUNK_DAYS", "0")),
        duckdb_memory_limit=_env("NBA_ASSETS_DUCKDB_MEMORY_LIMIT", "300MB"),
        automation=_env("NBA_ASSETS_AUTOMATION", "off") == "on",
        results_cron=_env("NBA_ASSETS_RESULTS_CRON", "0 6 * * *"),
        slate_cron=_env("NBA_ASSETS_SLATE_CRON", "0 12 * * *"),
        results_deadline=_env("NBA_ASSETS_RESULTS_DEADLINE", "08:00"),
        slate_deadline=_env("NBA_ASSETS_SLATE_DEADLINE", "13:00"),
        source_step_retries=int(_env("NBA_ASSETS_SOURCE_STEP_RETRIES", "0")),
        source_step_retry_seconds=float(_env("NBA_ASSETS_SOURCE_STEP_RETRY_SECONDS", "60")),
        checks_file=_path_or_none("NBA_ASSETS_CHECKS_FILE"),
        backup_root=_env("NBA_ASSETS_BACKUP_ROOT", str(data_dir / "backups")),
        backup_keep=int(_env("NBA_ASSETS_BACKUP_KEEP", "14")),
        backup_cron=_env("NBA_ASSETS_BACKUP_CRON", "0 4 * * *"),
        ui_url=_env("NBA_ASSETS_UI_URL", "http://localhost:3000").rstrip("/"),
        alerts_per_hour=int(_env("NBA_ASSETS_ALERTS_PER_HOUR", "20")),
    )


SETTINGS = load_settings()


def pinned_paths(settings: Settings = SETTINGS) -> dict[str, str]:
    """Every path setting made absolute (relative ones are read against the current directory),
    for a process that starts elsewhere: `nba-assets ui` runs Dagster from DAGSTER_HOME, and
    must use the same warehouse, landing, export root and check policy as the shell that started it."""
    pinned = {
        "NBA_ASSETS_DATA_DIR": str(settings.data_dir),
        "NBA_ASSETS_LANDING_DIR": str(settings.landing_dir),
    }
    for name, root in (
        ("NBA_ASSETS_EXPORT_ROOT", settings.export_root),
        ("NBA_ASSETS_BACKUP_ROOT", settings.backup_root),
    ):
        if "://" not in root:
            pinned[name] = str(Path(root).resolve())
    if settings.checks_file:
        pinned["NBA_ASSETS_CHECKS_FILE"] = str(settings.checks_file)
    for name in ("NBA_ASSETS_ODDS_SNAPSHOT_DIR", "NBA_ASSETS_INJURY_REPORT_DIR"):
        if os.environ.get(name):
            pinned[name] = str(Path(os.environ[name]).resolve())
    return pinned
