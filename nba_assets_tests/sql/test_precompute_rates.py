"""Phase-4 rates on a tiny hand-written league: a rate over a window is a ratio of its sums.

Before D = 2024-01-20 (CHI @ MIL), MIL and CHI met twice: on Jan 2 (regulation) and Jan 10 (one
overtime, more possessions); BOS @ NYK on Jan 8 is a slower game, so the league's pace is not MIL's.
Rate Guy (MIL) scored 15 in 30 minutes, then 2 in 1 minute: a mean of per-game ratios makes that
minute weigh as much as the 30 (1.25 points a minute); the ratio of sums gives 17 / 31. Cameo Guy's
only game was a three in five seconds: 36 points a minute, a ratio too thin to be a feature. Each
expected value is computed here from the box lines or from phase 3's per-game columns (checked in
sql/test_analytics.py). The rest of a team's box ("Mil Rest") matters only through its totals.
"""

from __future__ import annotations

from datetime import date
from statistics import mean
from typing import Any

import pandas as pd
import pytest

from nba_assets.assets.compute import compute_tables
from nba_assets.features import FEATURES
from nba_assets.tables import TABLES
from nba_assets.warehouse.duckdb import DuckDBWarehouse
from nba_assets_tests.sql_harness import League, build, split_line, utc

OPENER, SLOW, OVERTIME, D = date(2024, 1, 2), date(2024, 1, 8), date(2024, 1, 10), date(2024, 1, 20)
START, END = OPENER, date(2024, 1, 21)
STATS = ("minutes", "points", "fgm", "fga", "fg3m", "fg3a", "ftm", "fta", "oreb", "dreb", "tov")
FEATURE = {f.name: f for f in FEATURES}


def p(name: str, *stats: Any) -> dict[str, Any]:
    """A player's box line: ``stats`` in the order of ``STATS``."""
    return {"player_name": name, **dict(zip(STATS, stats, strict=True))}


def rest(name: str, *stats: Any) -> list[dict[str, Any]]:
    """The rest of a team's box, which matters only through its totals, as four plausible
    player lines (the raw boundary quarantines one player with a team's 80 attempts)."""
    return split_line(p(name, *stats), 4)


#                 minutes pts fgm fga 3pm 3pa ftm fta orb drb tov
RATE_OPENER = p("Rate Guy", "30:00", 15, 6, 12, 0, 0, 3, 4, 0, 3, 2)
RATE_OVERTIME = p("Rate Guy", "1:00", 2, 1, 1, 0, 0, 0, 0, 0, 0, 0)
CAMEO = p("Cameo Guy", "0:05", 3, 1, 1, 1, 1, 0, 0, 0, 0, 0)
MIL_OPENER = [RATE_OPENER, *rest("Mil Rest", "40:00", 85, 40, 80, 0, 0, 5, 6, 5, 30, 10)]
MIL_OVERTIME = [
    RATE_OVERTIME,
    CAMEO,
    *rest("Mil Rest", "53:00", 145, 65, 120, 0, 0, 15, 18, 8, 35, 15),
]
CHI_OPENER = rest("Chi Starter", "40:00", 90, 40, 85, 0, 0, 10, 12, 5, 30, 12)
CHI_OVERTIME = rest("Chi Starter", "53:00", 140, 62, 118, 0, 0, 16, 20, 8, 30, 14)


def make_league() -> League:
    league = League()
    league.game(OPENER, "CHI", "MIL", {"MIL": MIL_OPENER, "CHI": CHI_OPENER})
    nyk = rest("Nyk Starter", "40:00", 80, 38, 88, 0, 0, 4, 5, 4, 30, 8)
    bos = rest("Bos Starter", "40:00", 84, 40, 90, 0, 0, 4, 6, 4, 30, 9)
    league.game(SLOW, "BOS", "NYK", {"NYK": nyk, "BOS": bos})
    league.game(OVERTIME, "MIL", "CHI", {"MIL": MIL_OVERTIME, "CHI": CHI_OVERTIME}, "265:00")
    league.schedule(D, "CHI", "MIL")
    shot = {"event_num": 1, "period": 1, "shot_type": "2pt", "shot_distance": 3.0, "made": 1}
    league.add("shots", OPENER, "CHI", "MIL", team="MIL", player_name="Rate Guy", **shot)
    tip = {"tipoff_utc": utc("2024-01-21 01:00"), "snapshot_utc": utc("2024-01-20 18:00")}
    league.add(
        "player_props", D, "CHI", "MIL", player_name="Rate Guy", bookmaker="A", line=8.5, **tip
    )
    league.add("game_lines", D, "CHI", "MIL", bookmaker="A", home_spread=-3.5, total=228, **tip)
    report = {"report_utc": utc("2024-01-20 17:00"), "status": "probable", "reason": "Back"}
    league.add("injury_report", D, "CHI", "MIL", team="CHI", player_name="Chi Starter", **report)
    return league


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> DuckDBWarehouse:
    warehouse = DuckDBWarehouse(path=str(tmp_path_factory.mktemp("rates") / "w.duckdb"))
    make_league().load(warehouse)
    build(warehouse, START, END)
    compute_tables(
        warehouse, None, START, END, [t for t in TABLES if t.dataset == "nba_precompute"]
    )
    return warehouse


def row_on_d(warehouse: DuckDBWarehouse, table: str, date_column: str, **key: str) -> pd.Series:
    where = " AND ".join(f"{column} = @{column}" for column in key)
    return warehouse.query(
        f"SELECT * FROM nba_precompute.{table} WHERE {date_column} = @day AND {where}",
        {"day": D, **key},
    ).iloc[0]


def plays(line: dict[str, Any]) -> float:
    """Possessions a line used, as usage counts them: FGA + 0.44·FTA + TOV."""
    return line["fga"] + 0.44 * line["fta"] + line["tov"]


def test_points_per_minute_is_the_ratio_of_sums_not_a_mean_of_ratios(warehouse) -> None:
    cache = row_on_d(warehouse, "player_daily_cache", "cache_date", player_lookup="rateguy")
    ratio_of_sums, mean_of_ratios = 17 / 31, mean([15 / 30, 2 / 1])
    assert cache["minutes_total_last_10"] == 31
    assert cache["ppm_avg_last_10"] == pytest.approx(ratio_of_sums)
    assert cache["ppm_avg_last_10"] != pytest.approx(mean_of_ratios)  # 1.25: the minute weighs 30
    store = row_on_d(warehouse, "ml_feature_store_v2", "game_date", player_lookup="rateguy")
    assert store["ppm_avg_last_10"] == pytest.approx(ratio_of_sums)


def test_true_shooting_pools_points_and_attempts(warehouse) -> None:
    cache = row_on_d(warehouse, "player_daily_cache", "cache_date", player_lookup="rateguy")
    assert cache["ts_pct_last_10"] == pytest.approx(17 / (2 * (13 + 0.44 * 4)))
    per_game = mean([15 / (2 * (12 + 0.44 * 4)), 2 / (2 * 1)])  # 0.77: the 1-of-1 game counts half
    assert cache["ts_pct_last_10"] != pytest.approx(per_game)


def test_usage_pools_the_plays_and_the_team_plays_it_divides(warehouse) -> None:
    games = [  # (his line, his team's lines, team player-minutes)
        (RATE_OPENER, MIL_OPENER, 240),
        (RATE_OVERTIME, MIL_OVERTIME, 265),
    ]
    minutes = [float(line["minutes"].split(":")[0]) for line, _, _ in games]
    used = [plays(line) * team_minutes / 5 for line, _, team_minutes in games]
    team = [
        m * sum(plays(t) for t in lines) for m, (_, lines, _) in zip(minutes, games, strict=True)
    ]
    per_game = [100 * u / t for u, t in zip(used, team, strict=True)]
    cache = row_on_d(warehouse, "player_daily_cache", "cache_date", player_lookup="rateguy")
    for window in ("usage_rate_last_7", "usage_rate_last_10", "usage_rate_season"):
        assert cache[window] == pytest.approx(100 * sum(used) / sum(team)), window
    assert cache["usage_rate_last_10"] != pytest.approx(mean(per_game))
    summary = warehouse.query(
        "SELECT usage_rate FROM nba_analytics.player_game_summary "
        "WHERE player_lookup = 'rateguy' ORDER BY game_date"
    )
    assert list(summary["usage_rate"]) == pytest.approx(per_game)  # phase 3 agrees game by game
    store = row_on_d(warehouse, "ml_feature_store_v2", "game_date", player_lookup="rateguy")
    assert store["usage_rate_last_10"] == pytest.approx(100 * sum(used) / sum(team))


def test_a_rate_over_seconds_stays_in_the_cache_and_the_feature_takes_its_default(
    warehouse,
) -> None:
    cache = row_on_d(warehouse, "player_daily_cache", "cache_date", player_lookup="cameoguy")
    assert cache["minutes_total_last_10"] == pytest.approx(5 / 60, abs=1e-4)
    assert cache["ppm_avg_last_10"] == pytest.approx(36, rel=1e-3)  # a three in 0:05
    assert cache["usage_rate_last_10"] > 100  # the per-minute estimate overshoots in a tiny sample
    assert cache["ts_pct_last_10"] == 1.5  # no floor: a made three is the most an attempt returns
    store = row_on_d(warehouse, "ml_feature_store_v2", "game_date", player_lookup="cameoguy")
    for name in ("ppm_avg_last_10", "usage_rate_last_10"):
        assert store[name] == FEATURE[name].default, name
    assert store["ts_pct_last_10"] == 1.5


def test_team_pace_and_ratings_are_ratios_of_the_windows_sums(warehouse) -> None:
    games = warehouse.query(
        "SELECT team_abbr, possessions, team_minutes, points_scored, pace, offensive_rating "
        "FROM nba_analytics.team_offense_game_summary ORDER BY game_date"
    )
    mil, chi = games[games["team_abbr"] == "MIL"], games[games["team_abbr"] == "CHI"]
    pace = 48 * mil["possessions"].sum() / (mil["team_minutes"].sum() / 5)
    assert list(mil["team_minutes"]) == [240, 265]  # an overtime game weighs its minutes
    cache = row_on_d(warehouse, "player_daily_cache", "cache_date", player_lookup="rateguy")
    assert cache["team_pace_last_10"] == pytest.approx(pace)
    assert cache["team_pace_last_10"] != pytest.approx(mil["pace"].mean())
    off_rating = 100 * mil["points_scored"].sum() / mil["possessions"].sum()
    assert cache["team_off_rating_last_10"] == pytest.approx(off_rating)
    assert cache["team_off_rating_last_10"] != pytest.approx(mil["offensive_rating"].mean())
    defense = row_on_d(warehouse, "team_defense_zone_analysis", "analysis_date", team_abbr="MIL")
    def_rating = 100 * chi["points_scored"].sum() / mil["possessions"].sum()
    assert defense["defensive_rating_last_15"] == pytest.approx(def_rating)
    assert defense["opponent_pace"] == pytest.approx(pace)  # the same games, CHI's side
    factors = row_on_d(warehouse, "player_composite_factors", "game_date", player_lookup="rateguy")
    assert factors["team_pace_last_10"] == factors["opponent_pace_last_10"] == pytest.approx(pace)
    league = 48 * games["possessions"].sum() / (games["team_minutes"].sum() / 5)
    assert factors["league_pace_last_10"] == pytest.approx(league)
    team_paces = [pace, pace, *games[games["team_abbr"].isin(["BOS", "NYK"])]["pace"]]
    assert factors["league_pace_last_10"] != pytest.approx(mean(team_paces))
    assert factors["pace_score"] == pytest.approx(pace - league)
