"""The DuckDB warehouse's write contract: atomic range replace, idempotent, self-evolving."""

from datetime import date

import pandas as pd
import pytest

from nba_assets.warehouse import Target, WarehouseError
from nba_assets.warehouse.duckdb import DuckDBWarehouse

SOURCE = Target("nba_raw", "points", "game_date", ("player",))
DERIVED = Target("nba_analytics", "doubled", "game_date", ("player",))
OCT = [date(2021, 10, d) for d in range(19, 25)]


def seed(warehouse: DuckDBWarehouse) -> None:
    frame = pd.DataFrame(
        {
            "player": ["a", "b"] * 3,
            "game_date": sorted(OCT[:3] * 2),
            "points": [10, 20, 11, 21, 12, 22],
        }
    )
    warehouse.replace_range_from_frame(SOURCE, frame, OCT[0], OCT[3])


DOUBLE = (
    "SELECT player, game_date, points * 2 AS doubled FROM nba_raw.points "
    "WHERE game_date >= @start_date AND game_date < @end_date"
)


def table(warehouse: DuckDBWarehouse, target: Target) -> pd.DataFrame:
    return warehouse.query(f"SELECT * FROM {target.qualified} ORDER BY game_date, player")


def test_rerunning_a_range_gives_the_same_table(warehouse: DuckDBWarehouse) -> None:
    seed(warehouse)
    for _ in range(3):
        written = warehouse.replace_range_from_sql(DERIVED, DOUBLE, OCT[0], OCT[3])
        assert written.rows == 6
    result = table(warehouse, DERIVED)
    assert len(result) == 6
    assert result["doubled"].tolist() == [20, 40, 22, 42, 24, 44]


def test_replacing_a_sub_range_leaves_other_dates(warehouse: DuckDBWarehouse) -> None:
    seed(warehouse)
    warehouse.replace_range_from_sql(DERIVED, DOUBLE, OCT[0], OCT[3])
    warehouse.replace_range_from_sql(
        DERIVED, DOUBLE.replace("points * 2", "points * 3"), OCT[1], OCT[2]
    )
    assert table(warehouse, DERIVED)["doubled"].tolist() == [20, 40, 33, 63, 24, 44]


def test_an_empty_result_clears_the_range(warehouse: DuckDBWarehouse) -> None:
    seed(warehouse)
    warehouse.replace_range_from_sql(DERIVED, DOUBLE, OCT[0], OCT[3])
    warehouse.replace_range_from_sql(DERIVED, DOUBLE + " AND FALSE", OCT[2], OCT[3])
    assert len(table(warehouse, DERIVED)) == 4


def test_a_new_column_in_the_sql_is_added_to_the_table(warehouse: DuckDBWarehouse) -> None:
    seed(warehouse)
    warehouse.replace_range_from_sql(DERIVED, DOUBLE, OCT[0], OCT[3])
    widened = DOUBLE.replace("AS doubled", "AS doubled, points + 1 AS plus_one")
    warehouse.replace_range_from_sql(DERIVED, widened, OCT[2], OCT[3])
    result = table(warehouse, DERIVED)
    assert result["plus_one"].isna().sum() == 4
    assert result["plus_one"].dropna().tolist() == [13, 23]


def test_rows_outside_the_range_are_refused_and_nothing_changes(
    warehouse: DuckDBWarehouse,
) -> None:
    seed(warehouse)
    warehouse.replace_range_from_sql(DERIVED, DOUBLE, OCT[0], OCT[3])
    leaky = "SELECT player, game_date, points AS doubled FROM nba_raw.points"
    with pytest.raises(WarehouseError, match="outside"):
        warehouse.replace_range_from_sql(DERIVED, leaky, OCT[1], OCT[2])
    assert table(warehouse, DERIVED)["doubled"].tolist() == [20, 40, 22, 42, 24, 44]


def test_a_failing_query_rolls_back(warehouse: DuckDBWarehouse) -> None:
    seed(warehouse)
    warehouse.replace_range_from_sql(DERIVED, DOUBLE, OCT[0], OCT[3])
    broken = DOUBLE.replace("points * 2", "CAST('x' AS INT64)")
    with pytest.raises(Exception, match=r"Conversion|convert|cast"):
        warehouse.replace_range_from_sql(DERIVED, broken, OCT[0], OCT[3])
    assert len(table(warehouse, DERIVED)) == 6


def test_named_parameters_are_bound_not_formatted(warehouse: DuckDBWarehouse) -> None:
    seed(warehouse)
    found = warehouse.query(
        "SELECT COUNT(*) AS n FROM nba_raw.points WHERE player = @who AND points > @above",
        {"who": "a'; DROP TABLE nba_raw.points; --", "above": 0},
    )
    assert found["n"].iloc[0] == 0
    assert warehouse.table_exists("nba_raw", "points")
    with pytest.raises(WarehouseError, match="above"):
        warehouse.query("SELECT * FROM nba_raw.points WHERE points > @above")
