"""A ranged step works in bounded pieces (feeds a month, SQL 120 days at a time) with the same rows."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from nba_assets.assets import raw_feeds
from nba_assets.assets.compute import compute_tables
from nba_assets.sources.resources import DemoSource
from nba_assets.tables import TABLES
from nba_assets.warehouse.duckdb import DuckDBWarehouse
from nba_assets_tests.conftest import DEMO_SEASON_RANGE, DEMO_SEED

PHASES_1_TO_4 = [t for t in TABLES if t.dataset in ("nba_raw", "nba_analytics", "nba_precompute")]


def test_tables_built_in_small_pieces_equal_the_range_at_once(
    demo_season_warehouse: Path,
    demo_landing: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(raw_feeds, "FEED_CHUNK_DAYS", 4)
    pieces = DuckDBWarehouse(path=str(tmp_path / "pieces.duckdb"), sql_chunk_days=9)
    source = DemoSource(landing_dir=str(demo_landing), seed=DEMO_SEED)
    written = compute_tables(pieces, source, *DEMO_SEASON_RANGE, PHASES_1_TO_4)

    whole = DuckDBWarehouse(path=str(demo_season_warehouse))
    assert sum(written.values()) > 100_000
    for table in PHASES_1_TO_4:
        for target in (table.target, *([table.quarantine] if table.feed else [])):
            assert pieces.content_hash(target) == whole.content_hash(target), target.qualified
    with duckdb.connect(pieces.path) as db:  # the scratch tables are dropped after each write
        scratch = "SELECT count(*) FROM information_schema.tables WHERE table_schema = '_scratch'"
        assert db.execute(scratch).fetchone() == (0,)
