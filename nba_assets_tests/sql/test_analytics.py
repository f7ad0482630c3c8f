"""The phase-3 SQL files on tiny hand-written leagues: each formula checked against its numbers.

Two scenes share one warehouse. G1/G2 are formula games (an overtime box with shots, a game
without a team box). The MIL/CHI scene is the pre-game context for D = 2024-01-20 (CHI @ MIL):
a week of history, props, game lines and injury reports, plus results and quotes from after
tip-off that must not change the context.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from statistics import mean
from typing import Any

import pandas as pd
import pytest
import sqlglot
from sqlglot import exp

from nba_assets.warehouse.dialect import header_description
from nba_assets.warehouse.duckdb import DuckDBWarehouse
from nba_assets_tests.sql_harness import (
    ANALYTICS,
    League,
    build,
    run_sql,
    split_line,
    table,
    utc,
)

G1, G2 = date(2024, 1, 5), date(2024, 1, 6)  # BOS @ NYK (one OT, shots); NYK @ BOS (no team box)
D = date(2024, 1, 20)  # CHI @ MIL, the context date
HISTORY = [date(2024, 1, d) for d in (10, 12, 13, 14, 16, 17, 19)]  # CHI @ MIL before D
MIL_LOSSES = {date(2024, 1, 12), date(2024, 1, 16)}
BETA_POINTS = {10: 40, 12: 10, 13: 12, 14: 14, 17: 16, 19: 18}  # Jan 16: DNP
BETA_MINUTES = {10: 30, 12: 28, 13: 26, 14: 32, 17: 34, 19: 30}
START, END = date(2024, 1, 5), date(2024, 1, 23)


STATS = ("minutes", "points", "fgm", "fga", "fg3m", "fg3a", "ftm", "fta", "oreb", "dreb", "tov")


def p(name: str, *stats: Any, **extra: Any) -> dict[str, Any]:
    """A player's box line: ``stats`` in the order of ``STATS``, then any other column."""
    return {"player_name": name, **dict(zip(STATS, stats, strict=False)), **extra}


def out(name: str, status: str = "dnp", reason: str = "DNP - Coach's Decision") -> dict[str, Any]:
    return {"player_name": name, "status": status, "dnp_reason": reason}


def scorer(name: str, points: int, minutes: int = 30) -> dict[str, Any]:
    """A player line whose shooting adds up to ``points`` (2-pointers, then 2 or 3 free throws)."""
    made = (points - 2) // 2
    free = points - 2 * made
    return p(name, f"{minutes}:00", points, made, points - 2, 0, 0, free, 3, 1, 4, 2)


def with_bench(lines: list[dict[str, Any]], bench: str, score: int) -> list[dict[str, Any]]:
    """Add a bench player who scores whatever makes the team total ``score``."""
    remainder = scorer(bench, score - sum(line.get("points", 0) for line in lines), 20)
    return [*lines, *split_line(remainder, 2)]  # two lines: one player would take 70+ shots


def formula_games(league: League) -> None:
    #                         minutes pts fgm fga 3pm 3pa ftm fta orb drb tov
    kilo = p("Kilo Shooter", "40:00", 30, 10, 20, 4, 9, 6, 8, 1, 5, 3, starter=1)
    lima = p("Lima Big", "35:30", 12, 5, 8, 0, 0, 2, 4, 4, 8, 1)
    oscar = p("Oscar Celtic", "44:00", 35, 12, 25, 5, 12, 6, 6, 2, 6, 4, stl=1, blk=2)
    papa = p("Papa Celtic", "30:00", 10, 4, 10, 0, 0, 2, 2, 3, 4, 2)
    nyk = [kilo, lima, p("November Zero", "0:00"), out("Mike Sub")]
    extra = {"NYK": {"team_turnovers": 2}}
    league.game(G1, "BOS", "NYK", {"NYK": nyk, "BOS": [oscar, papa]}, "265:00", extra)
    shots = [  # (team, shooter, type, distance, made, assisted)
        ("NYK", "Kilo Shooter", "2pt", 8.0, 1, 1),  # paint: the 8 ft boundary is paint
        ("NYK", "Kilo Shooter", "2pt", 8.1, 0, ""),  # mid-range
        ("NYK", "Kilo Shooter", "2pt", 3.0, 1, ""),  # paint, unassisted (no assist flag)
        ("NYK", "Kilo Shooter", "3pt", 25.0, 1, 1),
        ("NYK", "Kilo Shooter", "3pt", 24.0, 0, ""),
        ("BOS", "Oscar Celtic", "2pt", 15.0, 1, 0),
        ("BOS", "Oscar Celtic", "3pt", 26.0, 1, 1),
    ]
    for event, (team, name, kind, feet, made, assisted) in enumerate(shots, start=1):
        shot = {"event_num": event, "period": 1, "shot_type": kind, "shot_distance": feet}
        shot |= {"team": team, "player_name": name, "made": made, "assisted": assisted}
        league.add("shots", G1, "BOS", "NYK", **shot)
    lines = {"NYK": [scorer("Kilo Shooter", 20)], "BOS": [scorer("Oscar Celtic", 25)]}
    league.game(G2, "NYK", "BOS", lines, with_team_box=False)


def context_history(league: League) -> None:
    for day in HISTORY:
        mil = [scorer("Alpha Star", 30, 36)]
        if day.day in BETA_POINTS:
            mil.append(scorer("Beta Guard", BETA_POINTS[day.day], BETA_MINUTES[day.day]))
        else:
            mil.append(out("Beta Guard"))
        injured = out("Gamma Big", "inactive", "Knee")
        mil.append(scorer("Gamma Big", 20) if day.day <= 12 else injured)
        chi = [scorer("Delta Wing", 22, 34)]
        (chi if day.day <= 15 else mil).append(scorer("Foxtrot Trade", 8, 20))
        mil_score = 100 if day in MIL_LOSSES else 110
        mil, chi = with_bench(mil, "Hotel Bench", mil_score), with_bench(chi, "India Bench", 105)
        league.game(day, "CHI", "MIL", {"MIL": mil, "CHI": chi})
    bos = with_bench([scorer("Oscar Celtic", 30, 40)], "Juliet Bench", 101)
    chi = [scorer("Delta Wing", 22, 34), scorer("Foxtrot Trade", 8, 20)]
    chi = with_bench(chi, "India Bench", 108)
    bos[0].update(fga=40, tov=9)  # a faster game, so the two teams' paces differ
    league.game(date(2024, 1, 15), "BOS", "CHI", {"BOS": bos, "CHI": chi})
    league.schedule(date(2023, 10, 24), "LAL", "DEN")  # the regular season's first and last days
    league.schedule(date(2024, 4, 14), "LAL", "DEN")


def pre_game_inputs(league: League, after_tip: bool) -> None:
    """D's props, lines and injury reports; ``after_tip`` adds some after tip-off (01:00 UTC)."""
    props = [
        ("Beta Guard", "A", "01-20 15:00", 10.5),
        ("Beta Guard", "A", "01-20 23:00", 11.5),
        ("Beta Guard", "B", "01-20 16:00", 12.5),
        ("Beta Guard", "C", "01-20 12:00", 9.5),
        ("Beta Guard", "C", "01-20 22:00", 13.0),
        ("Delta Wing", "A", "01-20 18:00", 20.5),
        ("Delta Wing", "B", "01-20 18:30", 21.5),
    ]
    lines = [
        ("X", "01-20 15:00", -5.5, 230),
        ("X", "01-20 23:30", -6.5, 231),
        ("Y", "01-20 14:00", -4.5, 228),
        ("Y", "01-20 23:00", -6.0, 228),
    ]
    reports = [
        ("MIL", "Alpha Star", "01-20 15:00", "questionable", "Ankle"),
        ("MIL", "Alpha Star", "01-20 22:00", "out", "Ankle"),
        ("MIL", "Gamma Big", "01-20 12:00", "out", "Knee"),
        ("MIL", "Golf Rookie", "01-20 18:00", "questionable", "Illness"),
        ("CHI", "Delta Wing", "01-20 17:00", "probable", "Back"),
    ]
    if after_tip:
        props += [
            ("Beta Guard", "A", "01-21 01:00", 15.5),
            ("Beta Guard", "A", "01-21 01:30", 14.5),
            ("Delta Wing", "B", "01-21 02:00", 30.5),
        ]
        lines += [("X", "01-21 02:00", -12.0, 250)]
        reports += [("MIL", "Alpha Star", "01-21 02:00", "available", "")]
    tip = {"tipoff_utc": utc("2024-01-21 01:00")}
    for name, book, at, line in props:
        quote = {"bookmaker": book, "snapshot_utc": utc(f"2024-{at}"), **tip}
        league.add("player_props", D, "CHI", "MIL", player_name=name, line=line, **quote)
    for book, at, spread, total in lines:
        quote = {"bookmaker": book, "snapshot_utc": utc(f"2024-{at}"), **tip}
        league.add("game_lines", D, "CHI", "MIL", home_spread=spread, total=total, **quote)
    for team, name, at, status, reason in reports:
        report = {"report_utc": utc(f"2024-{at}"), "status": status, "reason": reason}
        league.add("injury_report", D, "CHI", "MIL", team=team, player_name=name, **report)
    # a rookie without a box score yet: the registry knows him from D's pre-game roster
    league.add(
        "rosters", D, "CHI", "MIL", team="MIL", player_id="1649999", player_name="Golf Rookie"
    )


def make_league(after_tip: bool) -> League:
    league = League()
    formula_games(league)
    context_history(league)
    pre_game_inputs(league, after_tip)
    later = date(2024, 1, 22)
    if after_tip:  # D and D+2 are played; their results must not reach D's context
        mil = [scorer("Beta Guard", 50, 44), scorer("Foxtrot Trade", 30)]
        league.game(D, "CHI", "MIL", {"MIL": mil, "CHI": [scorer("Delta Wing", 40)]})
        mil, chi = [scorer("Beta Guard", 2)], [scorer("Delta Wing", 9)]
        league.game(later, "MIL", "CHI", {"MIL": mil, "CHI": chi})
    else:
        league.schedule(D, "CHI", "MIL")
        league.schedule(later, "MIL", "CHI")
    return league


def built_warehouse(path: Path, after_tip: bool) -> DuckDBWarehouse:
    warehouse = DuckDBWarehouse(path=str(path))
    make_league(after_tip).load(warehouse)
    build(warehouse, START, END)
    return warehouse


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> DuckDBWarehouse:
    return built_warehouse(tmp_path_factory.mktemp("sql") / "w.duckdb", after_tip=True)


def values(row: pd.Series, *columns: str) -> tuple[Any, ...]:
    return tuple(row[c] for c in columns)


def rows(warehouse: DuckDBWarehouse, name: str, key: str, day: date = G1) -> dict[Any, pd.Series]:
    """The table's rows of one game date, by ``key``."""
    frame = table(warehouse, name)
    frame = frame[pd.to_datetime(frame["game_date"]).dt.date == day]
    return {k: r for k, r in frame.set_index(key, drop=False).iterrows()}


@pytest.mark.parametrize("name", ANALYTICS)
def test_sql_parses_as_bigquery_and_documents_itself(name: str) -> None:
    sql = ANALYTICS[name].sql
    tree = sqlglot.parse_one(sql, read="bigquery")
    parameters = {p.name for p in tree.find_all(exp.Parameter)}
    assert parameters <= {"start_date", "end_date", *ANALYTICS[name].params}  # all declared
    header = header_description(sql).splitlines()
    assert header[0].startswith(f"{name}: one row per")
    assert header[1].startswith("key: (")
    assert "range: game_date in [@start_date, @end_date)" in header[1]


def test_player_usage_ts_efg_with_overtime_team_minutes(warehouse: DuckDBWarehouse) -> None:
    pgs = rows(warehouse, "player_game_summary", "player_lookup")
    kilo = pgs["kiloshooter"]
    assert kilo["team_minutes"] == 265.0 and kilo["minutes_played"] == 40.0
    # NYK team: FGA 28, FTA 12, TOV 4 (team_turnovers excluded); 265 team minutes with one OT
    usage = 100 * (20 + 0.44 * 8 + 3) * (265 / 5) / (40 * (28 + 0.44 * 12 + 4))
    assert kilo["usage_rate"] == pytest.approx(usage)
    assert kilo["ts_pct"] == pytest.approx(30 / (2 * (20 + 0.44 * 8)))
    assert kilo["efg_pct"] == pytest.approx((10 + 0.5 * 4) / 20)
    assert pgs["limabig"]["minutes_played"] == 35.5
    assert values(kilo, "starter_flag", "rebounds", "win_flag") == (True, 6, False)
    zero = pgs["novemberzero"]  # played 0:00: usage and shooting ratios undefined
    assert pd.isna(zero["usage_rate"]) and pd.isna(zero["ts_pct"]) and pd.isna(zero["efg_pct"])


def test_dnp_rows_are_kept_with_null_stats(warehouse: DuckDBWarehouse) -> None:
    sub = rows(warehouse, "player_game_summary", "player_lookup")["mikesub"]
    assert sub["player_status"] == "dnp" and bool(sub["is_dnp"]) and not bool(sub["is_active"])
    assert sub["dnp_reason"] == "DNP - Coach's Decision"
    for column in ("minutes_played", "points", "fg_attempts", "usage_rate", "paint_attempts"):
        assert pd.isna(sub[column]), column


def test_missing_team_box_gives_null_usage_and_schedule_result(warehouse: DuckDBWarehouse) -> None:
    g2 = run_sql(warehouse, "player_game_summary", G2, G2 + timedelta(1)).set_index("player_lookup")
    assert g2["usage_rate"].isna().all() and g2["ts_pct"].notna().all()
    assert not g2.loc["kiloshooter", "win_flag"] and g2.loc["oscarceltic", "win_flag"]
    assert not g2["shot_zones_available"].any() and g2["paint_attempts"].isna().all()


def test_shot_zones_split_at_8_feet_and_count_assists(warehouse: DuckDBWarehouse) -> None:
    pgs = rows(warehouse, "player_game_summary", "player_lookup")
    zones = [
        "paint_attempts",
        "paint_makes",
        "mid_range_attempts",
        "mid_range_makes",
        "three_pt_zone_attempts",
        "three_pt_zone_makes",
        "assisted_fg_makes",
        "unassisted_fg_makes",
    ]
    assert [pgs["kiloshooter"][z] for z in zones] == [2, 2, 1, 0, 2, 1, 2, 1]
    assert [pgs["limabig"][z] for z in zones] == [0] * 8  # no shots, zones known
    assert [pgs["oscarceltic"][z] for z in zones] == [0, 0, 1, 1, 1, 1, 1, 1]


def test_team_possessions_pace_and_ratings(warehouse: DuckDBWarehouse) -> None:
    offense = rows(warehouse, "team_offense_game_summary", "team_abbr")
    nyk_estimate = 28 + 0.44 * 12 - 5 + 4 + 2  # FGA + 0.44·FTA - OREB + TOV + team turnovers
    bos_estimate = 35 + 0.44 * 8 - 5 + 6
    possessions = (nyk_estimate + bos_estimate) / 2
    nyk, bos = offense["NYK"], offense["BOS"]
    assert nyk["possessions"] == pytest.approx(possessions) == bos["possessions"]
    assert nyk["pace"] == pytest.approx(possessions * 48 / (265 / 5))
    assert nyk["offensive_rating"] == pytest.approx(100 * 42 / possessions)
    assert bos["ts_pct"] == pytest.approx(45 / (2 * (35 + 0.44 * 8)))
    assert bos["efg_pct"] == pytest.approx((16 + 0.5 * 5) / 35)
    assert nyk["overtime_periods"] == 1 and bos["margin_of_victory"] == 3 and bos["win_flag"]
    paint = values(nyk, "team_paint_attempts", "team_paint_makes", "points_in_paint_scored")
    assert paint == (2, 2, 4)


def test_team_defense_flips_the_opponent(warehouse: DuckDBWarehouse) -> None:
    defense = rows(warehouse, "team_defense_game_summary", "defending_team_abbr")
    bos = defense["BOS"]
    assert values(bos, "team_abbr", "points_allowed", "turnovers_forced") == ("BOS", 42, 6)
    assert bos["defensive_rating"] == pytest.approx(100 * 42 / bos["possessions"])
    assert bos["opponent_ts_pct"] == pytest.approx(42 / (2 * (28 + 0.44 * 12)))
    zones = ("points_in_paint_allowed", "mid_range_points_allowed", "three_pt_points_allowed")
    assert values(bos, *zones) == (4, 0, 3)
    assert values(bos, "steals", "blocks", "defensive_rebounds") == (1, 2, 10)


def test_player_rest_and_windows_are_strictly_before_d(warehouse: DuckDBWarehouse) -> None:
    ctx = rows(warehouse, "upcoming_player_game_context", "player_lookup", D)
    beta = ctx["betaguard"]  # played Jan 10, 12, 13, 14, 17, 19 (16: DNP); scored 50 on D itself
    assert beta["days_rest"] == 1 and bool(beta["back_to_back"])
    assert beta["games_in_last_7_days"] == 3  # Jan 14, 17, 19: not D, not D-7 (Jan 13), no DNP
    assert values(beta, "games_in_last_14_days", "minutes_in_last_7_days") == (6, 96.0)
    assert beta["avg_minutes_per_game_last_7"] == 32.0
    assert beta["back_to_backs_last_14_days"] == 2  # Jan 12→13 and 13→14; 14→17 is not one
    assert beta["points_avg_last_5"] == 14.0  # 10, 12, 14, 16, 18: the DNP is skipped, not a zero
    assert beta["points_avg_last_10"] == pytest.approx(mean(BETA_POINTS.values()))
    usage = table(warehouse, "player_game_summary").query("player_lookup == 'betaguard'")
    before = usage[pd.to_datetime(usage["game_date"]).dt.date < D]["usage_rate"].dropna()
    assert beta["avg_usage_rate_last_7_games"] == pytest.approx(before.mean())
    gamma = ctx["gammabig"]  # inactive since Jan 13, last played Jan 12
    assert values(gamma, "days_rest", "back_to_back", "games_in_last_7_days") == (8, False, 0)


def test_history_is_bounded_by_the_lookback(warehouse: DuckDBWarehouse) -> None:
    ctx = run_sql(warehouse, "upcoming_player_game_context", D, D + timedelta(1), lookback_days=7)
    gamma = ctx.set_index("player_lookup").loc["gammabig"]  # last played Jan 12, before D - 7
    assert pd.isna(gamma["days_rest"]) and pd.isna(gamma["points_avg_last_5"])
    assert gamma["team_abbr"] == "MIL"  # still rostered: inactive rows on Jan 13-19


def test_roster_is_latest_team_plus_injury_report(warehouse: DuckDBWarehouse) -> None:
    ctx = rows(warehouse, "upcoming_player_game_context", "player_lookup", D)
    mil = {"alphastar", "betaguard", "gammabig", "foxtrottrade", "golfrookie"}
    mil |= {"hotelbench", "hotelbench2"}  # the bench is split in two lines (with_bench)
    assert set(ctx) == mil | {"deltawing", "indiabench", "indiabench2"}  # BOS/NYK: no game on D
    assert ctx["foxtrottrade"]["team_abbr"] == "MIL"  # traded from CHI on Jan 16
    rookie = ctx["golfrookie"]  # only on D's injury report (and roster: see the registry)
    assert rookie["roster_source"] == "injury_report" and rookie["player_status"] == "questionable"
    assert pd.isna(rookie["days_rest"]) and rookie["games_in_last_14_days"] == 0
    assert {r["season_phase"] for r in ctx.values()} == {"mid"}


def test_prop_line_is_median_of_last_pre_tip_quotes(warehouse: DuckDBWarehouse) -> None:
    ctx = rows(warehouse, "upcoming_player_game_context", "player_lookup", D)
    beta = ctx["betaguard"]  # book A's 15.5 at tip-off and 14.5 in-game are ignored
    assert values(beta, "current_points_line", "opening_points_line") == (12.5, 10.5)
    assert values(beta, "line_movement", "books_quoting") == (2.0, 3)
    assert ctx["deltawing"]["current_points_line"] == 21.0  # two books: the mean of the two
    alpha = ctx["alphastar"]  # no quotes at all
    assert pd.isna(alpha["current_points_line"]) and alpha["books_quoting"] == 0


def test_game_lines_from_each_teams_side(warehouse: DuckDBWarehouse) -> None:
    players = rows(warehouse, "upcoming_player_game_context", "player_lookup", D)
    teams = rows(warehouse, "upcoming_team_game_context", "team_abbr", D)
    for mil, chi in ((players["betaguard"], players["deltawing"]), (teams["MIL"], teams["CHI"])):
        spread = ("game_spread", "opening_spread", "spread_movement")
        assert values(mil, *spread) == (-6.25, -5.0, -1.25)
        assert values(chi, *spread) == (6.25, 5.0, 1.25)
        assert values(chi, "game_total", "opening_total", "total_movement") == (229.5, 229.0, 0.5)


def test_injury_status_is_the_latest_report_before_tip(warehouse: DuckDBWarehouse) -> None:
    ctx = rows(warehouse, "upcoming_player_game_context", "player_lookup", D)
    assert values(ctx["alphastar"], "player_status", "injury_reason") == ("out", "Ankle")
    assert pd.isna(ctx["betaguard"]["player_status"])
    teams = rows(warehouse, "upcoming_team_game_context", "team_abbr", D)
    counts = ("players_out_count", "questionable_players_count")
    assert values(teams["MIL"], *counts) == (2, 1)  # Alpha and Gamma out, the rookie questionable
    assert values(teams["CHI"], *counts) == (0, 0)  # probable counts as neither


def test_star_teammates_out_and_projected_usage(warehouse: DuckDBWarehouse) -> None:
    ctx = rows(warehouse, "upcoming_player_game_context", "player_lookup", D)
    alpha, beta, delta = ctx["alphastar"], ctx["betaguard"], ctx["deltawing"]
    stars_out = [r["star_teammates_out"] for r in (beta, alpha, delta)]
    assert stars_out == [2, 1, 0]  # Beta: Alpha + Gamma; Alpha: Gamma (never himself)
    # Alpha (out) leaves his share of plays; Gamma (out, no game in 7 days) leaves nothing new
    share = alpha["avg_usage_rate_last_7_games"] / 100 * 36 / 48
    assert beta["teammates_usage_share_out"] == pytest.approx(share)
    projected = beta["avg_usage_rate_last_7_games"] / (1 - share)
    assert beta["projected_usage_rate"] == pytest.approx(projected)


def test_pace_and_defense_context_from_last_games(warehouse: DuckDBWarehouse) -> None:
    ctx = rows(warehouse, "upcoming_player_game_context", "player_lookup", D)["betaguard"]

    def mean_before_d(name: str, team: str, column: str) -> float:
        frame = table(warehouse, name)
        before = pd.to_datetime(frame["game_date"]).dt.date < D
        return frame[before & (frame["team_abbr"] == team)][column].mean()

    mil_pace = mean_before_d("team_offense_game_summary", "MIL", "pace")
    chi_pace = mean_before_d("team_offense_game_summary", "CHI", "pace")
    chi_drtg = mean_before_d("team_defense_game_summary", "CHI", "defensive_rating")
    assert mil_pace != pytest.approx(chi_pace)  # BOS @ CHI on Jan 15 was faster
    assert ctx["opponent_pace_last_10"] == pytest.approx(chi_pace)
    assert ctx["pace_differential"] == pytest.approx(mil_pace - chi_pace)
    assert ctx["opponent_def_rating_last_10"] == pytest.approx(chi_drtg)


def test_team_rest_streaks_and_last_game(warehouse: DuckDBWarehouse) -> None:
    teams = rows(warehouse, "upcoming_team_game_context", "team_abbr", D)
    mil, chi = teams["MIL"], teams["CHI"]  # MIL: W L W W L W W; CHI: L W L L W(BOS) W L L
    rest = ("days_rest", "back_to_back", "games_in_last_7_days", "games_in_last_14_days")
    assert values(mil, *rest, "game_number_in_season") == (1, True, 4, 7, 8)
    assert values(chi, *rest, "game_number_in_season") == (1, True, 5, 8, 9)
    form = ("team_win_streak_entering", "team_loss_streak_entering", "last_game_margin")
    assert values(mil, *form, "last_game_result") == (2, 0, 5, "W")
    assert values(chi, *form, "last_game_result") == (0, 2, -5, "L")


@pytest.mark.parametrize("name", ANALYTICS)
def test_output_is_limited_to_the_range(warehouse: DuckDBWarehouse, name: str) -> None:
    start, end = date(2024, 1, 12), date(2024, 1, 14)
    days = set(pd.to_datetime(run_sql(warehouse, name, start, end)["game_date"]).dt.date)
    assert days == {start, start + timedelta(1)}


@pytest.mark.parametrize("name", ["upcoming_player_game_context", "upcoming_team_game_context"])
def test_context_is_point_in_time(warehouse: DuckDBWarehouse, tmp_path: Path, name: str) -> None:
    """D's context is the same whether D's result, later games and in-game quotes exist or not."""
    before = built_warehouse(tmp_path / "before.duckdb", after_tip=False)
    key = list(ANALYTICS[name].key)
    without = run_sql(before, name, D, D + timedelta(1)).sort_values(key, ignore_index=True)
    with_later = run_sql(warehouse, name, D, D + timedelta(1)).sort_values(key, ignore_index=True)
    assert len(without) > 0
    pd.testing.assert_frame_equal(without, with_later)
