"""Point-in-time: a pre-game row for date D is the same whether or not D's results and later games exist.

For several dates D across the demo season, a second warehouse is built that holds
only games before D, D's schedule (not played yet: no status, no scores) and D's lines
and injury reports; no later schedule row either, so how far the schedule table reaches
cannot change a row. Phase 3 and phase 4 are recomputed there and D's rows must equal
those of the warehouse built with every game loaded. The same holds for every input the
prediction systems get for D (``sql/models/prediction_inputs.sql``: the features, the line,
the recent-form inputs), and for D's quotes taken after tip-off: moved in-game lines and
totals change none of them.
"""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from nba_assets.assets.compute import compute_table, compute_tables
from nba_assets.models.predict import INPUTS_SQL
from nba_assets.sources.resources import DemoSource
from nba_assets.table_entry import Table
from nba_assets.tables import TABLES, TABLES_BY_PATH
from nba_assets.warehouse.duckdb import DuckDBWarehouse
from nba_assets_tests.conftest import DEMO_SEASON_RANGE, DEMO_SEED

DATES = [date(2021, 11, 5), date(2021, 11, 12), date(2021, 11, 24), date(2021, 12, 8)]
# D's rows are known before tip-off
PRE_GAME_FEEDS = ("rosters", "player_props", "game_lines", "injury_report")
PRE_GAME_TABLES = [
    t for t in TABLES if t.dataset == "nba_precompute" or t.name.startswith("upcoming_")
]
SEASON_START, SEASON_END = DEMO_SEASON_RANGE


def known_before_tipoff(full: DuckDBWarehouse, pre_game: DuckDBWarehouse, day: date) -> None:
    """Copy into ``pre_game`` the raw rows a scraper could have had on the morning of ``day``."""
    for table in (t for t in TABLES if t.dataset == "nba_raw"):
        if table.name == "schedule":
            rows = full.query(
                "SELECT * REPLACE ("
                "IF(game_date < @day, game_status, 'scheduled') AS game_status, "
                "IF(game_date < @day, away_score, NULL) AS away_score, "
                "IF(game_date < @day, home_score, NULL) AS home_score) FROM nba_raw.schedule "
                "WHERE game_date <= @day",  # nor any later schedule row: nothing reads ahead
                {"day": day},
            )
            end = day + timedelta(days=1)
        else:
            last = "<=" if table.name in PRE_GAME_FEEDS else "<"
            rows = full.query(
                f"SELECT * FROM {table.target.qualified} WHERE game_date {last} @day", {"day": day}
            )
            end = day + timedelta(days=1)
        pre_game.replace_range_from_frame(table.target, rows, SEASON_START, end)


def rows_on(warehouse: DuckDBWarehouse, table: Table, day: date) -> pd.DataFrame:
    frame = warehouse.query(
        f"SELECT * FROM {table.target.qualified} WHERE {table.date_column} = @day", {"day": day}
    )
    return frame.sort_values(list(table.key)).reset_index(drop=True)


@pytest.fixture(scope="module")
def full(demo_season_warehouse: Path) -> DuckDBWarehouse:
    return DuckDBWarehouse(path=str(demo_season_warehouse))


@pytest.fixture(scope="module", params=DATES, ids=str)
def pre_game(request, full: DuckDBWarehouse, tmp_path_factory) -> tuple[date, DuckDBWarehouse]:
    day = request.param
    warehouse = DuckDBWarehouse(path=str(tmp_path_factory.mktemp("pre-game") / "w.duckdb"))
    known_before_tipoff(full, warehouse, day)
    analytics = [t for t in TABLES if t.dataset == "nba_analytics"]
    compute_tables(warehouse, None, SEASON_START, day + timedelta(days=1), analytics)
    precompute = [t for t in TABLES if t.dataset == "nba_precompute"]
    compute_tables(warehouse, None, day, day + timedelta(days=1), precompute)
    return day, warehouse


def test_the_pre_game_warehouse_holds_nothing_from_d_onwards(pre_game) -> None:
    day, warehouse = pre_game
    for name in ("player_boxscores", "shots", "team_boxscores"):
        later = warehouse.query(
            f"SELECT COUNT(*) AS n FROM nba_raw.{name} WHERE game_date >= @day", {"day": day}
        )
        assert later["n"][0] == 0, name
    played = warehouse.query(
        "SELECT COUNT(*) AS n FROM nba_raw.schedule WHERE game_date >= @day AND home_score IS NOT NULL",
        {"day": day},
    )
    assert played["n"][0] == 0


@pytest.mark.parametrize("table", PRE_GAME_TABLES, ids=lambda t: t.path)
def test_rows_for_d_equal_those_built_with_the_whole_season(pre_game, full, table) -> None:
    day, warehouse = pre_game
    expected = rows_on(full, table, day)
    assert len(expected) >= 10, f"{table.path} has too few rows on {day} to compare"
    pd.testing.assert_frame_equal(
        rows_on(warehouse, table, day), expected, check_exact=True, obj=table.path
    )


def test_a_window_that_includes_d_would_be_caught(pre_game, full) -> None:
    """The comparison is sharp: the predecessor's `<=` leak makes D's rows differ."""
    day, warehouse = pre_game
    table = TABLES_BY_PATH["nba_precompute/player_daily_cache"]
    leaky = table.sql.replace("AND g.game_date < p.cache_date", "AND g.game_date <= p.cache_date")
    assert leaky != table.sql
    params = {"start_date": day, "end_date": day + timedelta(days=1), **table.sql_params}
    leaked = full.query(leaky, params).sort_values(list(table.key)).reset_index(drop=True)
    honest = rows_on(warehouse, table, day)
    assert not leaked["points_avg_last_5"].equals(honest["points_avg_last_5"])


def test_props_and_injuries_resolve_the_same_before_tip_off(
    pre_game, full: DuckDBWarehouse, demo_landing: Path
) -> None:
    """D's player names resolve through the registry as it stood before D's games: rebuilt
    from D's rosters and earlier box scores only, it gives D's rows of the full warehouse."""
    day, warehouse = pre_game
    source = DemoSource(landing_dir=str(demo_landing), seed=DEMO_SEED)
    for path in ("nba_raw/players", "nba_raw/player_props", "nba_raw/injury_report"):
        compute_table(TABLES_BY_PATH[path], warehouse, source, day, day + timedelta(days=1))
    for path in ("nba_raw/player_props", "nba_raw/injury_report"):
        table = TABLES_BY_PATH[path]
        expected = rows_on(full, table, day)
        assert len(expected) > 0
        pd.testing.assert_frame_equal(rows_on(warehouse, table, day), expected)
    listed = warehouse.query(
        "SELECT DISTINCT seen_in FROM nba_raw.players WHERE game_date = @day", {"day": day}
    )
    assert listed["seen_in"].tolist() == ["roster"]  # D's box score was not there to list anyone


# ---------------------------------------------------------------- the prediction systems' inputs

FORM_INPUTS = (
    "form_games",
    "minutes_ewm_3",
    "points_ewm_8",
    "ppm_ewm_20",
    "fga_per_minute_ewm_10",
    "fta_per_minute_ewm_10",
)
RESULT_COLUMNS = ("actual_points",)  # the label: what a system is graded on, never an input


def prediction_inputs(warehouse: DuckDBWarehouse, day: date) -> pd.DataFrame:
    """Every input ``sql/models/prediction_inputs.sql`` gives the systems for ``day``'s rows."""
    frame = warehouse.query(INPUTS_SQL, {"start_date": day, "end_date": day + timedelta(days=1)})
    frame = frame.drop(columns=list(RESULT_COLUMNS))
    return frame.sort_values(["game_date", "player_lookup"]).reset_index(drop=True)


def test_prediction_inputs_for_d_equal_those_built_with_the_whole_season(pre_game, full) -> None:
    """Box scores of D and later (and every later row) change no input of D's rows: the feature
    store's, the line and books, the composite adjustment, and each recent-form input."""
    day, warehouse = pre_game
    expected = prediction_inputs(full, day)
    assert len(expected) >= 100
    assert {*FORM_INPUTS, "line", "books_quoting"} <= set(expected.columns)
    for column in (*FORM_INPUTS, "line"):  # compared on real values, not on NULLs
        assert expected[column].notna().mean() > 0.5, column
    pd.testing.assert_frame_equal(
        prediction_inputs(warehouse, day), expected, check_exact=True, obj="prediction_inputs"
    )
    assert (
        full.query(  # the whole-season warehouse does hold D's results
            "SELECT COUNT(*) AS n FROM nba_analytics.player_game_summary WHERE game_date = @day",
            {"day": day},
        )["n"][0]
        > 0
    )


def quoted_after_tip_off(warehouse: DuckDBWarehouse, day: date) -> None:
    """D's props and game lines quoted again 30 minutes into the game, every number moved."""
    after = (
        "JOIN (SELECT DISTINCT game_id, tipoff_utc FROM nba_raw.schedule) AS s USING (game_id) "
        "WHERE q.game_date = ?"
    )
    with duckdb.connect(warehouse.path) as db:
        db.execute(
            "INSERT INTO nba_raw.player_props SELECT q.* REPLACE (s.tipoff_utc + INTERVAL 30 MINUTE "
            f"AS snapshot_utc, q.line + 5 AS line) FROM nba_raw.player_props AS q {after}",
            [day],
        )
        db.execute(
            "INSERT INTO nba_raw.game_lines SELECT q.* REPLACE (s.tipoff_utc + INTERVAL 30 MINUTE "
            "AS snapshot_utc, q.home_spread + 10 AS home_spread, q.total + 20 AS total) "
            f"FROM nba_raw.game_lines AS q {after}",
            [day],
        )


def test_quotes_after_tip_off_change_no_input_of_d(pre_game, tmp_path: Path) -> None:
    """In-game quotes of D (moved lines and totals) leave every input of D's rows as it was."""
    day, warehouse = pre_game
    before = prediction_inputs(warehouse, day)
    shutil.copy(warehouse.path, tmp_path / "in-game.duckdb")
    in_game = DuckDBWarehouse(path=str(tmp_path / "in-game.duckdb"))
    quoted_after_tip_off(in_game, day)
    compute_tables(in_game, None, day, day + timedelta(days=1), PRE_GAME_TABLES)
    pd.testing.assert_frame_equal(
        prediction_inputs(in_game, day), before, check_exact=True, obj="prediction_inputs"
    )
    # sharp: the context's line without its pre-tip filter would take the in-game quote
    context = TABLES_BY_PATH["nba_analytics/upcoming_player_game_context"]
    leaky = context.sql.replace("AND p.snapshot_utc < g.tipoff_utc", "")
    assert leaky != context.sql
    params = {"start_date": day, "end_date": day + timedelta(days=1), **context.sql_params}
    leaked = in_game.query(leaky, params).merge(before, on=["game_date", "player_lookup"])
    moved = (leaked["current_points_line"] - leaked["line"]).dropna()
    assert (moved != 0).sum() > 50
