"""Every phase on the demo league, end to end through Dagster: checks pass, reruns change nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from nba_assets.exports.catalogue import EXPORTS
from nba_assets.exports.store import ExportStore
from nba_assets.sources.resources import DemoSource
from nba_assets.tables import TABLES
from nba_assets.warehouse.duckdb import DuckDBWarehouse
from nba_assets_tests.conftest import (
    DEMO_SEED,
    check_results,
    file_digests,
    materialize_range,
    table_snapshot,
)

START, END = date(2021, 10, 19), date(2021, 11, 4)  # past the bootstrap: phases 4-6 have rows


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, demo_landing: Path):
    root = tmp_path_factory.mktemp("demo-pipeline")
    warehouse = DuckDBWarehouse(path=str(root / "warehouse.duckdb"))
    resources = {
        "warehouse": warehouse,
        "source": DemoSource(landing_dir=str(demo_landing), seed=DEMO_SEED),
        "exports": ExportStore(root=str(root / "exports")),
    }
    result = materialize_range(resources, START, END, exports=True)
    return resources, result


def test_every_table_has_rows_and_every_check_passes(built) -> None:
    resources, result = built
    assert result.success
    checks = check_results(result)
    assert len(checks) == sum(len(t.checks) for t in TABLES) + len(EXPORTS)
    assert [key for key, passed in checks.items() if not passed] == []
    counts = {
        t.path: int(
            resources["warehouse"].query(f"SELECT COUNT(*) AS n FROM {t.target.qualified}")["n"][0]
        )
        for t in TABLES
    }
    assert all(n > 0 for n in counts.values()), counts
    written = file_digests(Path(resources["exports"].root))
    # 2021-11-02 .. 11-04 are the first dates past the bootstrap; the feedback starts a day later
    dated = {"predictions": 3, "results": 3, "best_bets": 3, "system_performance": 2}
    for export in EXPORTS:
        assert sum(name.startswith(f"{export.folder}/") for name in written) == dated[export.name]
    assert "systems/performance.json" in written


def test_one_run_covers_the_whole_range(built) -> None:
    _, result = built
    keys = {
        e.partition
        for e in result.get_asset_materialization_events()
        if e.asset_key.to_user_string() == "nba_analytics/player_game_summary"
    }
    assert len(keys) == (END - START).days + 1


def test_rerunning_the_range_three_times_changes_nothing(built) -> None:
    resources, _ = built
    before, files_before = (
        table_snapshot(resources["warehouse"]),
        file_digests(Path(resources["exports"].root)),
    )
    for _ in range(3):
        assert materialize_range(resources, START, END, exports=True).success
    after = table_snapshot(resources["warehouse"])
    assert file_digests(Path(resources["exports"].root)) == files_before
    for path, frame in before.items():
        pd.testing.assert_frame_equal(after[path], frame, check_exact=True, obj=path)
        key = next(t for t in TABLES if t.path == path).key
        assert not after[path].duplicated(subset=list(key)).any(), path
