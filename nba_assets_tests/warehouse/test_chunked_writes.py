"""A ranged step works in bounded pieces (feeds a month, SQL 120 days at a time) with the same rows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from nba_assets.assets import raw_feeds
from nba_assets.assets.compute import compute_tables
from nba_assets.sources.resources import DemoSource
from nba_assets.tables import TABLES
from nba_assets.warehouse import Target
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


def test_a_column_null_in_the_first_piece_takes_the_type_of_a_later_one(tmp_path: Path) -> None:
    """A month of predictions without a priced book, then one with: one write, both months."""
    warehouse = DuckDBWarehouse(path=str(tmp_path / "w.duckdb"))
    target = Target("nba_predictions", "calls", "game_date", ("game_date", "player_lookup"))
    unpriced = pd.DataFrame(
        {"game_date": [pd.Timestamp("2024-11-01")], "player_lookup": ["a"], "best_book": [None]}
    )
    priced = pd.DataFrame(
        {"game_date": [pd.Timestamp("2024-12-01")], "player_lookup": ["b"], "best_book": ["fd"]}
    )
    written = warehouse.replace_range_from_frames(
        target, [unpriced, priced], date(2024, 11, 1), date(2025, 1, 1)
    )
    rows = warehouse.query("SELECT * FROM nba_predictions.calls ORDER BY game_date")
    assert written.rows == 2
    assert rows["best_book"].tolist() == [None, "fd"]


def test_a_ranged_write_says_how_far_it_got_after_each_piece(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A season's write logs each piece (the run is never silent for long); a day's, nothing."""
    warehouse = DuckDBWarehouse(path=str(tmp_path / "w.duckdb"))
    target = Target("nba_raw", "quotes", "game_date", ("game_date", "player_lookup"))
    pieces = [
        pd.DataFrame({"game_date": [pd.Timestamp(day)] * 2, "player_lookup": ["a", "b"]})
        for day in ("2024-11-01", "2024-12-01", "2025-01-01")
    ]
    with caplog.at_level("INFO", logger="nba_assets"):
        warehouse.replace_range_from_frames(target, pieces, date(2024, 11, 1), date(2025, 2, 1))
        warehouse.replace_range_from_frames(
            target, pieces[:1], date(2024, 11, 1), date(2024, 11, 2)
        )
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("nba_assets.warehouse")]
    assert [line.split(" rows staged")[0] for line in lines] == [
        "nba_raw.quotes: 2",
        "nba_raw.quotes: 4",
        "nba_raw.quotes: 6",
    ]
