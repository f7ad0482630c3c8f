"""Every stored float has the same bits however its range was cut: one run, two runs, a rerun
of a range straddling the cut, and a rebuild in a warehouse whose raw data stops early.

Those builds feed each aggregate its rows in other orders (other physical row orders, other
join and thread schedules); a floating-point sum that depended on that order would differ in
the last bits. Compared exactly (`check_exact=True`): "equal rows" means equal, not close.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from nba_assets.assets.compute import compute_tables
from nba_assets.table_entry import Table
from nba_assets.tables import TABLES
from nba_assets.warehouse.duckdb import DuckDBWarehouse
from nba_assets_tests.conftest import DEMO_SEASON_RANGE, corruptible_copy

START, END = DEMO_SEASON_RANGE
CUT = date(2021, 11, 20)  # well past the bootstrap days: phase 4 and 5 have rows on both sides
RAW = [t for t in TABLES if t.dataset == "nba_raw"]
DERIVED = [t for t in TABLES if t.dataset != "nba_raw"]  # phases 3, 4 and 5


def rows(warehouse: DuckDBWarehouse, table: Table, before: date = END) -> pd.DataFrame:
    frame = warehouse.query(
        f"SELECT * FROM {table.target.qualified} WHERE {table.date_column} < @before",
        {"before": before},
    )
    return frame.sort_values(list(table.key)).reset_index(drop=True)


def differing_floats(built: pd.DataFrame, expected: pd.DataFrame) -> dict[str, str]:
    """``column -> how many values differ and by how much``, for a readable failure."""
    found = {}
    for column in expected.select_dtypes("float").columns:
        left, right = built[column].to_numpy(), expected[column].to_numpy()
        differ = (left != right) & ~(np.isnan(left) & np.isnan(right))
        if differ.any():
            gap = np.nanmax(np.abs(left[differ] - right[differ]))
            found[column] = f"{differ.sum()} of {len(right)} values, by up to {gap:.1e}"
    return found


def assert_bit_identical(built: DuckDBWarehouse, full: DuckDBWarehouse, before: date) -> None:
    """Every derived table's rows before ``before``: same rows, same types, same float bits."""
    pairs = {t.path: (rows(built, t, before), rows(full, t, before)) for t in DERIVED}
    differences = {}
    for path, (got, expected) in pairs.items():
        assert len(expected) > 0, f"{path} has no rows before {before} to compare"
        assert len(got) == len(expected), path
        differences |= {f"{path}.{c}": d for c, d in differing_floats(got, expected).items()}
    assert not differences, "floats differ:\n" + "\n".join(
        f"{k}: {v}" for k, v in differences.items()
    )
    for path, (got, expected) in pairs.items():
        pd.testing.assert_frame_equal(got, expected, check_exact=True, obj=path)


def raw_only_copy(full: Path, target: Path, raw_end: date = END) -> DuckDBWarehouse:
    """The full warehouse's raw rows before ``raw_end``, every derived table dropped."""
    statements = [f"DROP TABLE {t.target.qualified}" for t in DERIVED]
    statements += [f"DELETE FROM {t.target.qualified} WHERE game_date >= '{raw_end}'" for t in RAW]
    return corruptible_copy(full, target)("; ".join(statements))


@pytest.fixture(scope="module")
def full(demo_season_warehouse: Path) -> DuckDBWarehouse:
    """Every phase over the demo range in one run per table."""
    return DuckDBWarehouse(path=str(demo_season_warehouse))


def test_two_runs_and_a_rerun_store_the_same_bits_as_one(
    full: DuckDBWarehouse, demo_season_warehouse: Path, tmp_path: Path
) -> None:
    split = raw_only_copy(demo_season_warehouse, tmp_path / "split.duckdb")
    compute_tables(split, None, START, CUT, DERIVED)
    compute_tables(split, None, CUT, END, DERIVED)
    assert_bit_identical(split, full, END)
    compute_tables(split, None, CUT - timedelta(days=7), CUT + timedelta(days=7), DERIVED)
    assert_bit_identical(split, full, END)


def test_a_rebuild_that_stops_early_stores_the_same_bits(
    full: DuckDBWarehouse, demo_season_warehouse: Path, tmp_path: Path
) -> None:
    truncated = raw_only_copy(demo_season_warehouse, tmp_path / "truncated.duckdb", raw_end=CUT)
    compute_tables(truncated, None, START, CUT, DERIVED)
    assert_bit_identical(truncated, full, CUT)
