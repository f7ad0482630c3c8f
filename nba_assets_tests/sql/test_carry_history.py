"""History carries across seasons and absences: opening night and a player's return have features.

One scene: MIL and CHI close the 2023 season (Feb-Mar 2024), then open 2024 in October. No
rosters feed, no injury report: who is on a slate comes from box scores alone. Every number
is worked out by hand from the box lines below.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from nba_assets.assets.compute import compute_tables
from nba_assets.tables import CARRY_PARAMS, TABLES
from nba_assets.warehouse.duckdb import DuckDBWarehouse
from nba_assets_tests.sql_harness import League, build, split_line

FIRST = date(2024, 2, 1)  # the warehouse's first game: its bootstrap ends 14 days later
RETURN = date(2024, 3, 20)  # Back Guy's first game since Feb 1 (48 days out)
OPENING = date(2024, 10, 22)  # the 2024 season's first game
SECOND_GAME, THIRD = date(2024, 10, 24), date(2024, 10, 26)
PRIOR = CARRY_PARAMS["prior_games"]
# points of Carry Guy's played games, oldest first: Feb 1, Mar 1, Mar 3 (2023 season), Oct 24
CARRY_POINTS = [12, 10, 20]
OCTOBER_POINTS = 30


def scorer(name: str, points: int, minutes: int = 30) -> dict[str, str | int]:
    """A line whose shooting adds up to ``points``: 2-pointers plus 2 or 3 free throws."""
    made = (points - 2) // 2
    free = points - 2 * made
    return {
        "player_name": name, "minutes": f"{minutes}:00", "points": points, "fgm": made,
        "fga": points - 2, "fg3m": 0, "fg3a": 0, "ftm": free, "fta": 3, "oreb": 1, "dreb": 4,
        "tov": 2,
    }  # fmt: skip


def team(*lines: dict, bench: str, total: int = 100) -> list[dict]:
    """The lines plus a bench (six lines) that brings the team to ``total`` points and 240
    minutes."""
    rest = scorer(bench, total - sum(int(line["points"]) for line in lines), 240 - 30 * len(lines))
    return [*lines, *split_line(rest, 6)]


def make_league() -> League:
    league = League()
    mil = team(scorer("Carry Guy", 12), scorer("Back Guy", 8), bench="Mil Bench")
    league.game(FIRST, "CHI", "MIL", {"MIL": mil, "CHI": team(bench="Chi Bench", total=98)})
    for day, points in zip((date(2024, 3, 1), date(2024, 3, 3)), CARRY_POINTS[1:], strict=True):
        mil = team(scorer("Carry Guy", points), bench="Mil Bench", total=104)
        league.game(day, "CHI", "MIL", {"MIL": mil, "CHI": team(bench="Chi Bench", total=99)})
    league.schedule(RETURN, "CHI", "MIL")
    league.schedule(OPENING, "CHI", "MIL", season_year=2024)
    mil = team(scorer("Carry Guy", OCTOBER_POINTS), bench="Mil Bench", total=110)
    league.game(
        SECOND_GAME, "MIL", "CHI", {"MIL": mil, "CHI": team(bench="Chi Bench")}, season_year=2024
    )
    league.schedule(THIRD, "CHI", "MIL", season_year=2024)
    return league


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> DuckDBWarehouse:
    warehouse = DuckDBWarehouse(path=str(tmp_path_factory.mktemp("carry") / "w.duckdb"))
    make_league().load(warehouse)
    start, end = FIRST, THIRD + timedelta(days=1)
    build(warehouse, start, end)
    compute_tables(
        warehouse, None, start, end, [t for t in TABLES if t.dataset == "nba_precompute"]
    )
    return warehouse


def row_on(warehouse: DuckDBWarehouse, table: str, day: date, player: str) -> pd.Series:
    """The player's one row of ``table`` (qualified name) on ``day``."""
    date_column = "cache_date" if table.endswith("player_daily_cache") else "game_date"
    rows = warehouse.query(
        f"SELECT * FROM {table} WHERE {date_column} = @day AND player_lookup = @player",
        {"day": day, "player": player},
    )
    assert len(rows) == 1, f"{player} has no {table} row on {day}"
    return rows.iloc[0]


def cache_row(warehouse: DuckDBWarehouse, day: date, player: str) -> pd.Series:
    return row_on(warehouse, "nba_precompute.player_daily_cache", day, player)


def context_row(warehouse: DuckDBWarehouse, day: date, player: str) -> pd.Series:
    return row_on(warehouse, "nba_analytics.upcoming_player_game_context", day, player)


def test_opening_night_carries_the_previous_season(warehouse: DuckDBWarehouse) -> None:
    context = context_row(warehouse, OPENING, "carryguy")
    assert context["team_abbr"] == "MIL" and context["roster_source"] == "box_score"
    row = cache_row(warehouse, OPENING, "carryguy")
    assert row["games_played_season"] == 0
    assert row["points_avg_last_10"] == pytest.approx(sum(CARRY_POINTS) / 3)
    assert row["points_avg_last_3"] == pytest.approx(sum(CARRY_POINTS) / 3)
    # no game this season: the season average is the carried one
    assert row["points_avg_season"] == pytest.approx(sum(CARRY_POINTS) / 3)
    assert row["minutes_avg_season"] == pytest.approx(30)
    # the team's pace and record come from its 2023 games; it won all three
    assert row["team_games_season"] == 0 and row["team_win_pct"] == pytest.approx(1.0)
    assert pd.notna(row["team_pace_last_10"])


def test_season_average_is_shrunk_toward_the_carried_one(warehouse: DuckDBWarehouse) -> None:
    row = cache_row(warehouse, THIRD, "carryguy")
    prior = sum(CARRY_POINTS) / 3
    assert row["games_played_season"] == 1
    assert row["points_avg_season"] == pytest.approx((OCTOBER_POINTS + PRIOR * prior) / (1 + PRIOR))
    assert row["points_avg_last_10"] == pytest.approx((sum(CARRY_POINTS) + OCTOBER_POINTS) / 4)
    assert row["points_avg_last_3"] == pytest.approx((10 + 20 + OCTOBER_POINTS) / 3)
    # MIL won on Oct 24 (110 to 100) after three wins: 1 of 1, shrunk toward 3 of 3
    assert row["team_games_season"] == 1 and row["team_win_pct"] == pytest.approx(1.0)


def test_a_player_back_from_a_long_absence_is_on_the_slate(warehouse: DuckDBWarehouse) -> None:
    """Back Guy last played 48 days before: beyond the 30-day form window, inside the carry."""
    context = context_row(warehouse, RETURN, "backguy")
    assert context["team_abbr"] == "MIL" and pd.isna(context["days_rest"])
    row = cache_row(warehouse, RETURN, "backguy")
    assert row["points_avg_last_10"] == pytest.approx(8) and row["points_avg_season"] == 8


def test_nothing_is_carried_beyond_the_window(warehouse: DuckDBWarehouse) -> None:
    """Back Guy's only game (Feb 1) is 264 days before the October opener: inside 365 days he is
    still listed; a window of 250 days forgets him and Carry Guy's February game."""
    assert context_row(warehouse, OPENING, "backguy")["team_abbr"] == "MIL"
    table = next(t for t in TABLES if t.name == "player_daily_cache")
    params = {
        "start_date": OPENING,
        "end_date": OPENING + timedelta(days=1),
        **table.sql_params,
        "carry_days": 250,
    }
    rows = warehouse.query(table.sql, params).set_index("player_lookup")
    assert rows.loc["carryguy", "points_avg_last_10"] == pytest.approx(15)  # Mar 1 and Mar 3
    assert pd.isna(rows.loc["backguy", "points_avg_last_10"])


def test_the_warehouse_first_days_stay_a_bootstrap(warehouse: DuckDBWarehouse) -> None:
    first = warehouse.query("SELECT MIN(cache_date) AS d FROM nba_precompute.player_daily_cache")
    assert pd.Timestamp(first["d"][0]).date() == date(2024, 3, 1)  # Feb 1 + 14 days, next game
