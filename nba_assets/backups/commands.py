"""`nba-assets backup` and `nba-assets restore`: the shell side of snapshots.

Both use the code location's own resources (warehouse, backup root), so the shell
acts on the same tables and folder as the daily job.
"""

from __future__ import annotations

import time
from datetime import date, timedelta

from nba_assets.backups.manifest import (
    Manifest,
    SnapshotError,
    finished_snapshots,
    read_manifest,
)
from nba_assets.backups.restore import RestoredTable, restore_snapshot
from nba_assets.backups.snapshot import prune, take_snapshot
from nba_assets.backups.store import BackupStore
from nba_assets.settings import SETTINGS
from nba_assets.warehouse import Warehouse


def manifest_table(manifest: Manifest) -> str:
    lines = [f"{'table':<42} {'rows':>8} {'bytes':>10} {'seconds':>8}"]
    for t in manifest.tables:
        lines.append(f"{t.path:<42} {t.rows:>8} {t.bytes:>10} {t.seconds:>8.3f}")
    rows, size = sum(t.rows for t in manifest.tables), sum(t.bytes for t in manifest.tables)
    lines.append(f"{'total':<42} {rows:>8} {size:>10} {manifest.seconds:>8.3f}")
    return "\n".join(lines)


def backup(warehouse: Warehouse, store: BackupStore, list_only: bool, as_json: bool) -> int:
    if list_only:
        for folder in finished_snapshots(store):
            print(folder)
        return 0
    manifest = take_snapshot(warehouse, store)
    deleted = prune(store, SETTINGS.backup_keep)
    if as_json:
        print(manifest.to_json().decode(), end="")
    else:
        print(f"snapshot {manifest.snapshot} -> {store.location(manifest.snapshot)}")
        print(manifest_table(manifest))
        print(f"kept the newest {SETTINGS.backup_keep}; deleted: {', '.join(deleted) or 'none'}")
    return 0


def _row(r: RestoredTable) -> str:
    span = f"{r.start}..{r.end - timedelta(days=1)}" if r.start and r.end else "(unchanged)"
    verdict = (
        "" if r.expected is None else ("  = snapshot" if r.after == r.expected else "  != SNAPSHOT")
    )
    return f"{r.path:<42} {span:<22} {r.rows:>8}  {r.before} -> {r.after}{verdict}"


def restore(
    warehouse: Warehouse,
    store: BackupStore,
    snapshot: str,
    tables: list[str] | None,
    start: date | None,
    last: date | None,
) -> int:
    """Restore, print a line per table; exit 1 if a whole-table restore missed its snapshot."""
    end = last + timedelta(days=1) if last else None
    began = time.perf_counter()
    try:
        snapshot = read_manifest(store, snapshot).snapshot  # `latest` -> its name
        restored = restore_snapshot(warehouse, store, snapshot, tables, start, end)
    except SnapshotError as error:
        raise SystemExit(f"error: {error}; nothing was restored") from None
    print(
        f"restored {len(restored)} table(s) from {store.location(snapshot)} "
        f"in {time.perf_counter() - began:.1f} s"
    )
    print(f"{'table':<42} {'dates':<22} {'rows':>8}  content hash before -> after")
    for r in restored:
        print(_row(r))
    return 1 if any(r.expected is not None and r.after != r.expected for r in restored) else 0
