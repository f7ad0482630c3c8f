"""Taking a snapshot of every warehouse table, and keeping only the newest ones.

Every table the catalogue writes is copied (each raw table's quarantine too), one
after the other, then the manifest is written last: a snapshot folder without a
manifest is unfinished and is never restored. Runs in the warehouse pool, so no
write changes a table while it is copied.
"""

from __future__ import annotations

import subprocess
import time
from datetime import UTC, datetime
from importlib.metadata import version

from nba_assets.backups.manifest import (
    MANIFEST,
    Manifest,
    TableEntry,
    describe_file,
    finished_snapshots,
)
from nba_assets.backups.store import BackupStore
from nba_assets.settings import CHECKOUT
from nba_assets.tables import TABLES
from nba_assets.warehouse import Target, Warehouse


def backup_targets() -> dict[str, Target]:
    """``dataset/name`` -> target of every table the pipeline writes."""
    targets = {table.path: table.target for table in TABLES}
    for table in TABLES:
        if table.feed:
            quarantine = table.quarantine
            targets[f"{quarantine.dataset}/{quarantine.name}"] = quarantine
    return targets


def code_version() -> str:
    """The package version, plus the commit when running from a git checkout."""
    package = version("nba_assets")
    if CHECKOUT is None:
        return package
    found = subprocess.run(
        ["git", "-C", str(CHECKOUT), "describe", "--always", "--dirty"],
        capture_output=True,
        text=True,
        check=False,
    )
    return f"{package}+{found.stdout.strip()}" if found.returncode == 0 else package


def table_stem(snapshot: str, target: Target) -> str:
    return f"{snapshot}/{target.dataset}.{target.name}"


def table_files(store: BackupStore, snapshot: str, target: Target) -> list[str]:
    """The table's files in the snapshot (``<dataset>.<name>.parquet`` or numbered parts)."""
    stem = f"{target.dataset}.{target.name}."
    return [n for n in store.files(snapshot) if n.startswith(stem) and n.endswith(".parquet")]


def snapshot_table(
    warehouse: Warehouse, store: BackupStore, snapshot: str, path: str, target: Target
) -> TableEntry:
    began = time.perf_counter()
    rows = warehouse.export_table(target, store, table_stem(snapshot, target))
    content_hash = warehouse.content_hash(target)
    files = []
    for name in table_files(store, snapshot, target):
        content = store.read(f"{snapshot}/{name}")
        files.append(describe_file(name, content or b""))
    return TableEntry(
        path=path,
        date_column=target.date_column,
        rows=rows,
        content_hash=content_hash,
        seconds=round(time.perf_counter() - began, 3),
        files=tuple(files),
    )


def take_snapshot(
    warehouse: Warehouse, store: BackupStore, now: datetime | None = None
) -> Manifest:
    """Copy every existing table into a new snapshot folder named for ``now`` (UTC)."""
    now = now or datetime.now(UTC)
    snapshot = now.strftime("%Y-%m-%dT%H%M%SZ")
    began = time.perf_counter()
    entries = tuple(
        snapshot_table(warehouse, store, snapshot, path, target)
        for path, target in backup_targets().items()
        if warehouse.table_exists(target.dataset, target.name)
    )
    manifest = Manifest(
        snapshot=snapshot,
        created_at=now.isoformat(timespec="seconds"),
        warehouse=warehouse.kind,
        code_version=code_version(),
        seconds=round(time.perf_counter() - began, 3),
        tables=entries,
    )
    store.write(f"{snapshot}/{MANIFEST}", manifest.to_json())
    return manifest


def prune(store: BackupStore, keep: int) -> list[str]:
    """Delete all but the newest ``keep`` finished snapshots (and unfinished ones older than
    the newest finished one: a snapshot killed half-way); the folders deleted."""
    folders = store.folders()
    finished = finished_snapshots(store)
    kept = set(finished[-keep:]) if keep > 0 else set(finished)
    newest = finished[-1] if finished else ""
    doomed = [f for f in folders if f not in kept and f < newest]
    for folder in doomed:
        store.remove_folder(folder)
    return doomed
