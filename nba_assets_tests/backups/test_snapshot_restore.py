"""Snapshots and restore on a demo month: a wrong backfill is undone to the last bit.

The demo season's warehouse is copied first (the fixture is shared). The wrong
backfill is a real one: a week of box scores with every scorer given 10 more
points, forced through the same compute path as the assets (no checks), which
rewrites that week of every table built from them.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import pandas.testing as pdt
import pytest

from nba_assets.assets.compute import compute_tables
from nba_assets.backups.job import warehouse_backup
from nba_assets.backups.manifest import MANIFEST, SnapshotError, read_manifest
from nba_assets.backups.restore import restore_snapshot
from nba_assets.backups.snapshot import backup_targets, prune, take_snapshot
from nba_assets.backups.store import BackupStore
from nba_assets.sources.landing import landing_path
from nba_assets.sources.resources import FilesSource
from nba_assets.warehouse.duckdb import DuckDBWarehouse
from nba_assets_tests.conftest import DEMO_SEASON_RANGE, table_snapshot

WRONG_WEEK = (date(2021, 11, 1), date(2021, 11, 8))  # [start, end)
# NBA_ASSETS_BACKUP_REPORT=file.json keeps the manifest, hashes and timings for the record
REPORT = os.environ.get("NBA_ASSETS_BACKUP_REPORT")


@pytest.fixture
def warehouse(tmp_path: Path, demo_season_warehouse: Path) -> DuckDBWarehouse:
    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(demo_season_warehouse, copy)
    return DuckDBWarehouse(path=str(copy))


@pytest.fixture
def store(tmp_path: Path) -> BackupStore:
    return BackupStore(root=str(tmp_path / "backups"))


def hashes(warehouse: DuckDBWarehouse) -> dict[str, str]:
    return {path: warehouse.content_hash(target) for path, target in backup_targets().items()}


def inflated_landing(tmp_path: Path, demo_landing: Path) -> Path:
    """The demo payloads, where the wrong week's scorers have 10 points they never scored."""
    root = tmp_path / "landing"
    shutil.copytree(demo_landing, root)
    for day in pd.date_range(*WRONG_WEEK, inclusive="left").date:
        path = landing_path(root, "player_boxscores", day)
        if not path.exists():
            continue
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        scored = frame["points"].str.isdigit()
        frame.loc[scored, "points"] = (frame.loc[scored, "points"].astype(int) + 10).astype(str)
        frame.to_csv(path, index=False)
    return root


def test_a_wrong_backfill_is_restored_to_identical_tables(
    warehouse: DuckDBWarehouse, store: BackupStore, tmp_path: Path, demo_landing: Path
) -> None:
    began = time.perf_counter()
    manifest = take_snapshot(warehouse, store)
    snapshot_seconds = time.perf_counter() - began
    before, rows_before = hashes(warehouse), table_snapshot(warehouse)

    source = FilesSource(landing_dir=str(inflated_landing(tmp_path, demo_landing)))
    compute_tables(warehouse, source, *WRONG_WEEK)  # forced through: no checks on this path
    wrong = hashes(warehouse)
    changed = sorted(path for path in before if wrong[path] != before[path])
    assert "nba_raw/player_boxscores" in changed
    assert "nba_analytics/player_game_summary" in changed
    assert "nba_predictions/prediction_accuracy" in changed

    began = time.perf_counter()
    restored = restore_snapshot(warehouse, store, manifest.snapshot)
    restore_seconds = time.perf_counter() - began
    after = hashes(warehouse)
    assert after == before
    assert all(r.after == r.expected for r in restored)
    rewritten = sorted(r.path for r in restored if r.start is not None)
    assert rewritten == changed  # a table already equal to the snapshot is left alone
    for path, frame in table_snapshot(warehouse).items():
        pdt.assert_frame_equal(frame, rows_before[path], check_exact=True)
    assert {t.path: t.rows for t in manifest.tables} == {
        path: int(h.split(":")[0]) for path, h in after.items()
    }
    if REPORT:
        Path(REPORT).write_text(
            json.dumps(
                {
                    "manifest": json.loads(manifest.to_json()),
                    "changed_by_wrong_backfill": changed,
                    "hashes": {p: [before[p], wrong[p], after[p]] for p in before},
                    "snapshot_seconds": snapshot_seconds,
                    "restore_seconds": restore_seconds,
                },
                indent=2,
            )
        )


def test_a_date_range_of_some_tables_is_restored_and_nothing_else(
    warehouse: DuckDBWarehouse, store: BackupStore
) -> None:
    path = "nba_analytics/player_game_summary"
    target = backup_targets()[path]
    manifest = take_snapshot(warehouse, store)
    before, columns = hashes(warehouse), list(warehouse.query(f"SELECT * FROM {target.qualified}"))
    with warehouse.connect() as db:
        db.execute(f"UPDATE {target.qualified} SET points = points + 1")  # every date
    damaged = warehouse.content_hash(target)
    [only] = restore_snapshot(warehouse, store, manifest.snapshot, [path], *WRONG_WEEK)
    assert (only.path, only.start, only.end, only.before) == (path, *WRONG_WEEK, damaged)

    rows = warehouse.query(f"SELECT * FROM {target.qualified}")
    assert list(rows) == columns  # the same columns, nothing added by the write
    days = pd.to_datetime(rows["game_date"]).dt.date
    in_week = (days >= WRONG_WEEK[0]) & (days < WRONG_WEEK[1])
    assert only.rows == in_week.sum() > 0
    with warehouse.connect() as db:  # the week is back, every other date keeps its damage
        db.execute(
            f"UPDATE {target.qualified} SET points = points - 1 "
            "WHERE game_date < $start OR game_date >= $end",
            {"start": WRONG_WEEK[0], "end": WRONG_WEEK[1]},
        )
    assert hashes(warehouse) == before


def test_a_snapshot_that_differs_from_its_manifest_is_refused_and_nothing_changes(
    warehouse: DuckDBWarehouse, store: BackupStore
) -> None:
    manifest = take_snapshot(warehouse, store)
    with warehouse.connect() as db:
        db.execute("DELETE FROM nba_raw.schedule WHERE game_date >= '2021-11-01'")
    damaged = hashes(warehouse)
    folder = Path(store.root) / manifest.snapshot
    shots = folder / "nba_raw.shots.parquet"
    shots.write_bytes(shots.read_bytes() + b"\0")  # a file changed after it was written
    with pytest.raises(SnapshotError, match=r"nba_raw\.shots\.parquet: does not match"):
        restore_snapshot(warehouse, store, manifest.snapshot)
    assert hashes(warehouse) == damaged  # the schedule was not put back either
    (folder / MANIFEST).unlink()
    with pytest.raises(SnapshotError, match=r"no manifest\.json"):
        restore_snapshot(warehouse, store, manifest.snapshot)


def test_the_manifest_lists_every_table_with_rows_checksums_and_the_code_version(
    warehouse: DuckDBWarehouse, store: BackupStore
) -> None:
    manifest = read_manifest(store, take_snapshot(warehouse, store).snapshot)
    assert {t.path for t in manifest.tables} == set(backup_targets())
    assert manifest.warehouse == "duckdb" and manifest.code_version.startswith("0.1.0")
    for table in manifest.tables:
        [file] = table.files
        assert file.name == f"{table.path.replace('/', '.')}.parquet"
        assert len(file.sha256) == 64 and file.bytes > 0
    summary = manifest.table("nba_raw/schedule")
    assert summary.rows == warehouse.query("SELECT count(*) AS n FROM nba_raw.schedule")["n"][0]
    assert DEMO_SEASON_RANGE  # the month the demo warehouse holds


def test_retention_keeps_the_newest_finished_snapshots(tmp_path: Path) -> None:
    store = BackupStore(root=str(tmp_path / "backups"))
    source = DuckDBWarehouse(path=str(tmp_path / "small.duckdb"))
    frame = pd.DataFrame({"game_date": [date(2021, 10, 19)], "game_id": ["g"]})
    source.replace_range_from_frame(
        backup_targets()["nba_raw/schedule"], frame, date(2021, 10, 19), date(2021, 10, 20)
    )
    days = [datetime(2026, 12, day, 9, tzinfo=UTC) for day in (1, 2, 3, 4)]
    names = [take_snapshot(source, store, now=day).snapshot for day in days]
    (Path(store.root) / "2026-12-02T120000Z").mkdir()  # killed half-way, older than the newest
    (Path(store.root) / "2026-12-05T000000Z").mkdir()  # still being written
    deleted = prune(store, keep=2)
    assert deleted == [names[0], names[1], "2026-12-02T120000Z"]
    assert store.folders() == [names[2], names[3], "2026-12-05T000000Z"]


def test_the_daily_job_snapshots_and_reports_what_it_wrote(
    warehouse: DuckDBWarehouse, store: BackupStore
) -> None:
    result = warehouse_backup.execute_in_process(
        resources={"warehouse": warehouse, "backups": store}
    )
    assert result.success
    [output] = [e for e in result.all_events if e.event_type_value == "STEP_OUTPUT"]
    metadata = {k: v.value for k, v in output.event_specific_data.metadata.items()}
    assert metadata["tables"] == len(backup_targets())
    assert metadata["rows"] == sum(int(h.split(":")[0]) for h in hashes(warehouse).values())
    assert store.folders() == [result.output_for_node("snapshot_warehouse")]


def test_a_lost_warehouse_is_rebuilt_from_a_snapshot(
    warehouse: DuckDBWarehouse, store: BackupStore, tmp_path: Path
) -> None:
    manifest = take_snapshot(warehouse, store)
    empty = DuckDBWarehouse(path=str(tmp_path / "new.duckdb"))
    restored = restore_snapshot(empty, store, manifest.snapshot)
    assert {r.path for r in restored} == set(backup_targets())
    original = table_snapshot(warehouse)
    for path, frame in table_snapshot(empty).items():  # every row, every value
        pdt.assert_frame_equal(frame, original[path], check_dtype=False)
    # Parquet has no 128-bit integer: a DuckDB HUGEINT column (a SUM of integers; INT64 on
    # BigQuery) comes back DOUBLE in a table the restore creates, so its hash differs, and
    # that is the only difference
    with warehouse.connect() as db:
        hugeint = {
            f"{schema}/{name}"
            for schema, name in db.execute(
                "SELECT DISTINCT table_schema, table_name FROM information_schema.columns "
                "WHERE data_type = 'HUGEINT'"
            ).fetchall()
        }
    differ = {r.path for r in restored if r.after != r.expected}
    assert differ == hugeint
