"""The phase-5 grading and feedback SQL on tiny hand-made predictions and box scores.

Predictions and box-score rows are written as frames; ``prediction_accuracy`` runs on them and
``system_daily_performance`` runs on its output, both through ``replace_range_from_sql`` like the
assets. Every expected number below is worked out by hand in the comments.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from nba_assets.package_files import sql_text
from nba_assets.scoring import Z_95, wilson_interval
from nba_assets.tables import TABLES_BY_PATH
from nba_assets.warehouse.base import Target
from nba_assets.warehouse.dialect import header_description
from nba_assets.warehouse.duckdb import DuckDBWarehouse

PREDICTIONS = Target(
    "nba_predictions",
    "player_prop_predictions",
    "game_date",
    ("game_date", "player_lookup", "system_id"),
)
BOX = Target("nba_analytics", "player_game_summary", "game_date", ("game_id", "player_lookup"))
ACCURACY = Target(
    "nba_predictions",
    "prediction_accuracy",
    "game_date",
    ("game_date", "player_lookup", "system_id"),
)
PERFORMANCE = Target(
    "nba_predictions",
    "system_daily_performance",
    "game_date",
    ("game_date", "system_id", "scoring_tier"),
)
ACCURACY_SQL = sql_text("nba_predictions", "prediction_accuracy")
PERFORMANCE_SQL = sql_text("nba_predictions", "system_daily_performance")
PERFORMANCE_PARAMS = TABLES_BY_PATH["nba_predictions/system_daily_performance"].sql_params

G = date(2024, 3, 1)  # the grading scene's game day (LAL @ BOS)
D = date(2024, 3, 31)  # the feedback scene's as-of date
MA, XGB = "moving_average", "xgboost"


def prediction(
    day: date,
    player: str,
    system: str,
    predicted: float,
    rec: str,
    line: float | None,
    tier: str = "starter",
) -> dict[str, Any]:
    return {
        "game_date": day,
        "player_lookup": player,
        "system_id": system,
        "game_id": f"{day:%Y%m%d}_LAL_BOS",
        "team_abbr": "BOS",
        "opponent_team_abbr": "LAL",
        "scoring_tier": tier,
        "predicted_points": predicted,
        "line": line,
        "edge": None if line is None else predicted - line,
        "recommendation": rec,
        "confidence": 70.0,
        "model_version": "v1",
        "feature_version": "v2_33features",
        # a call is placed at the consensus line, at −110, at book "a"
        "p_over": None if line is None else 0.6,
        "p_under": None if line is None else 0.4,
        "expected_value": 0.1 if rec in CALLS else None,
        "best_book": "a" if rec in CALLS else None,
        "best_line": line if rec in CALLS else None,
        "best_price": -110 if rec in CALLS else None,
        "books_priced": None if line is None else 1,
    }


def box(
    day: date,
    player: str,
    points: int | None,
    minutes: float | None = 30.0,
    status: str = "active",
    reason: str | None = None,
) -> dict[str, Any]:
    return {
        "game_id": f"{day:%Y%m%d}_LAL_BOS",
        "player_lookup": player,
        "game_date": day,
        "points": points,
        "minutes_played": minutes,
        "is_dnp": status != "active",
        "dnp_reason": reason,
        "player_status": status,
    }


CALLS = ("OVER", "UNDER")
PREDICTION_DTYPES = {
    "predicted_points": "Float64",
    "line": "Float64",
    "edge": "Float64",
    "confidence": "Float64",
    "p_over": "Float64",
    "p_under": "Float64",
    "expected_value": "Float64",
    "best_book": "string",
    "best_line": "Float64",
    "best_price": "Int64",
    "books_priced": "Int64",
}
BOX_DTYPES = {"points": "Int64", "minutes_played": "Float64", "is_dnp": "boolean"}


def write(
    warehouse: DuckDBWarehouse,
    target: Target,
    rows: list[dict[str, Any]],
    dtypes: dict[str, str],
    start: date,
    end: date,
) -> None:
    frame = pd.DataFrame(rows).astype(dtypes)
    warehouse.replace_range_from_frame(target, frame, start, end)


def read(warehouse: DuckDBWarehouse, target: Target) -> pd.DataFrame:
    frame = warehouse.query(f"SELECT * FROM {target.qualified}")
    frame["game_date"] = pd.to_datetime(frame["game_date"]).dt.date
    return frame


def test_headers_document_key_and_range() -> None:
    for name, sql in (
        ("prediction_accuracy", ACCURACY_SQL),
        ("system_daily_performance", PERFORMANCE_SQL),
    ):
        header = header_description(sql).splitlines()
        assert header[0].startswith(f"{name}: one row per")
        assert header[1].startswith("key: (game_date, ")
        assert "range: game_date in [@start_date, @end_date)" in header[1]


# ---------------------------------------------------------------- grading


def grading_inputs() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    later = G + timedelta(1)
    predictions = [
        prediction(G, "alice", MA, 25.0, "OVER", 22.5, "star"),  # 27: over, correct
        prediction(G, "alice", XGB, 21.0, "UNDER", 22.5, "star"),  # 27: over, wrong
        prediction(G, "bob", MA, 15.0, "UNDER", 16.5),  # 20: over, wrong; off by exactly 5
        prediction(G, "carl", MA, 18.0, "OVER", 20.0),  # 20: push
        prediction(G, "dave", MA, 11.0, "PASS", 10.5, "bench"),  # 8: under, but a PASS; off by 3
        prediction(G, "erin", MA, 12.0, "NO_LINE", None, "rotation"),  # 16: no line
        prediction(G, "fred", MA, 20.0, "OVER", 19.5),  # inactive (Ankle)
        prediction(G, "gus", MA, 6.0, "UNDER", 5.5, "bench"),  # active, 0 minutes
        prediction(G, "hank", MA, 15.0, "OVER", 14.5),  # no box-score row at all
        prediction(G, "ivan", MA, 9.0, "UNDER", 9.5, "bench"),  # DNP without a reason
        prediction(later, "alice", MA, 24.0, "UNDER", 26.5, "star"),  # not played yet
    ]
    boxes = [
        box(G, "alice", 27),
        box(G, "bob", 20),
        box(G, "carl", 20),
        box(G, "dave", 8),
        box(G, "erin", 16),
        box(G, "fred", None, None, "inactive", "Ankle"),
        box(G, "gus", 0, 0.0),
        box(G, "ivan", None, None, "dnp"),
    ]
    return predictions, boxes


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> DuckDBWarehouse:
    warehouse = DuckDBWarehouse(path=str(tmp_path_factory.mktemp("grading") / "w.duckdb"))
    predictions, boxes = grading_inputs()
    write(warehouse, PREDICTIONS, predictions, PREDICTION_DTYPES, G, G + timedelta(2))
    write(warehouse, BOX, boxes, BOX_DTYPES, G, G + timedelta(1))
    warehouse.replace_range_from_sql(ACCURACY, ACCURACY_SQL, G, G + timedelta(2))
    return warehouse


def grades(warehouse: DuckDBWarehouse) -> dict[tuple[str, str], pd.Series]:
    frame = read(warehouse, ACCURACY)
    return {(r["player_lookup"], r["system_id"]): r for _, r in frame.iterrows()}


def check(row: pd.Series, **expected: Any) -> None:
    for column, value in expected.items():
        if value is None:
            assert pd.isna(row[column]), (column, row[column])
        else:
            assert row[column] == value, (column, row[column], value)


def test_only_played_games_are_graded(graded: DuckDBWarehouse) -> None:
    rows = grades(graded)
    expected = {("alice", MA), ("alice", XGB), ("bob", MA), ("carl", MA), ("dave", MA)}
    expected |= {("erin", MA), ("fred", MA), ("gus", MA), ("ivan", MA)}
    assert set(rows) == expected  # hank has no box row; alice's next game is not played yet
    assert {r["game_date"] for r in rows.values()} == {G}


def test_correct_over_and_wrong_under_and_over(graded: DuckDBWarehouse) -> None:
    rows = grades(graded)
    picks = dict(grade_status="graded", line_outcome="OVER", is_graded_pick=True)
    check(rows["alice", MA], **picks, is_correct=True, actual_points=27, signed_error=-2.0)
    check(rows["alice", MA], absolute_error=2.0, within_3=True, within_5=True)
    check(rows["alice", XGB], **picks, is_correct=False, signed_error=-6.0, absolute_error=6.0)
    check(rows["alice", XGB], within_3=False, within_5=False, scoring_tier="star")
    check(rows["bob", MA], **picks, is_correct=False, signed_error=-5.0, absolute_error=5.0)
    check(rows["bob", MA], within_3=False, within_5=True)  # the bounds are inclusive
    # one unit at −110: a win pays 100/110, a loss costs the unit
    assert rows["alice", MA]["profit"] == pytest.approx(100 / 110)
    check(rows["alice", XGB], profit=-1.0)
    check(
        rows["alice", MA], void_reason=None, minutes_played=30.0, predicted_points=25.0, line=22.5
    )


def test_push_pass_and_no_line_are_not_picks(graded: DuckDBWarehouse) -> None:
    rows = grades(graded)
    check(rows["carl", MA], line_outcome="PUSH", is_graded_pick=False, is_correct=None)
    check(rows["carl", MA], pick_outcome="PUSH", profit=0.0)  # the stake comes back
    check(rows["dave", MA], pick_outcome=None, profit=None)
    check(rows["carl", MA], grade_status="graded", signed_error=-2.0, within_3=True)
    # a PASS still has its line outcome and its points error, but is never a pick
    check(rows["dave", MA], recommendation="PASS", line_outcome="UNDER", is_graded_pick=False)
    check(rows["dave", MA], is_correct=None, signed_error=3.0, absolute_error=3.0, within_3=True)
    check(rows["erin", MA], recommendation="NO_LINE", line=None, line_outcome=None)
    check(rows["erin", MA], is_graded_pick=False, is_correct=None, signed_error=-4.0)
    check(rows["erin", MA], within_3=False, within_5=True, scoring_tier="rotation")


def test_dnp_and_zero_minutes_are_voided(graded: DuckDBWarehouse) -> None:
    rows = grades(graded)
    voided = dict(grade_status="void_dnp", signed_error=None, absolute_error=None, within_3=None)
    voided |= dict(within_5=None, line_outcome=None, is_graded_pick=False, is_correct=None)
    check(rows["fred", MA], **voided, void_reason="Ankle", actual_points=None, minutes_played=None)
    check(rows["gus", MA], **voided, void_reason="no_minutes", actual_points=0, minutes_played=0.0)
    check(rows["ivan", MA], **voided, void_reason="dnp", recommendation="UNDER", line=9.5)


def test_rerun_after_the_box_score_arrives_grades_the_game(tmp_path: Path) -> None:
    warehouse = DuckDBWarehouse(path=str(tmp_path / "w.duckdb"))
    predictions, boxes = grading_inputs()
    later = G + timedelta(1)
    write(warehouse, PREDICTIONS, predictions, PREDICTION_DTYPES, G, later + timedelta(1))
    write(warehouse, BOX, boxes, BOX_DTYPES, G, later)
    warehouse.replace_range_from_sql(ACCURACY, ACCURACY_SQL, later, later + timedelta(1))
    assert read(warehouse, ACCURACY).empty
    write(warehouse, BOX, [box(later, "alice", 31)], BOX_DTYPES, later, later + timedelta(1))
    warehouse.replace_range_from_sql(ACCURACY, ACCURACY_SQL, later, later + timedelta(1))
    rows = grades(warehouse)
    assert set(rows) == {("alice", MA)}
    check(rows["alice", MA], game_date=later, actual_points=31, signed_error=-7.0)
    check(rows["alice", MA], line_outcome="OVER", is_graded_pick=True, is_correct=False)


# ---------------------------------------------------------------- feedback

# (day, player, system, tier, predicted, actual or None for inactive, recommendation, line)
FEEDBACK = [
    (date(2024, 2, 29), "s0", MA, "star", 60.0, 10, "PASS", None),  # +50, D−31: outside
    (date(2024, 3, 1), "s1", MA, "star", 22.0, 20, "OVER", 19.5),  # +2, D−30: correct
    (date(2024, 3, 10), "s2", MA, "star", 32.0, 30, "OVER", 31.5),  # +2, wrong
    (date(2024, 3, 20), "s6", MA, "star", 25.0, None, "OVER", 24.5),  # inactive: voided
    (date(2024, 3, 24), "s3", MA, "star", 27.0, 25, "UNDER", 26.5),  # +2, D−7: held out, correct
    (date(2024, 3, 28), "s4", MA, "star", 28.0, 25, "PASS", 27.5),  # +3, held out
    (date(2024, 3, 31), "s5", MA, "star", 45.0, 25, "OVER", 30.5),  # +20 ON D: not in D's row
    (date(2024, 3, 6), "b1", MA, "bench", 9.0, 8, "UNDER", 8.5),  # +1, correct
    (date(2024, 3, 12), "b2", MA, "bench", 8.0, 5, "NO_LINE", None),  # +3
    (date(2024, 3, 26), "b3", MA, "bench", 4.0, 6, "OVER", 6.0),  # −2, held out, push
    (date(2024, 3, 30), "b4", MA, "bench", 6.0, 7, "UNDER", 7.5),  # −1, held out, correct
    (date(2024, 3, 15), "x1", XGB, "star", 30.0, 30, "PASS", 29.5),  # 0, another system
]
FIRST, LAST = date(2024, 2, 20), date(2024, 4, 2)


@pytest.fixture(scope="module")
def feedback(tmp_path_factory: pytest.TempPathFactory) -> DuckDBWarehouse:
    warehouse = DuckDBWarehouse(path=str(tmp_path_factory.mktemp("feedback") / "w.duckdb"))
    predictions, boxes = [], []
    for day, player, system, tier, predicted, actual, rec, line in FEEDBACK:
        predictions.append(prediction(day, player, system, predicted, rec, line, tier))
        inactive = actual is None
        status, reason = ("inactive", "Knee") if inactive else ("active", None)
        boxes.append(box(day, player, actual, None if inactive else 30.0, status, reason))
    write(warehouse, PREDICTIONS, predictions, PREDICTION_DTYPES, FIRST, LAST)
    write(warehouse, BOX, boxes, BOX_DTYPES, FIRST, LAST)
    warehouse.replace_range_from_sql(ACCURACY, ACCURACY_SQL, FIRST, LAST)
    warehouse.replace_range_from_sql(
        PERFORMANCE, PERFORMANCE_SQL, D, D + timedelta(2), PERFORMANCE_PARAMS
    )
    return warehouse


def performance(warehouse: DuckDBWarehouse) -> dict[tuple[date, str, str], pd.Series]:
    frame = read(warehouse, PERFORMANCE)
    return {(r["game_date"], r["system_id"], r["scoring_tier"]): r for _, r in frame.iterrows()}


def approx(row: pd.Series, **expected: float | None) -> None:
    for column, value in expected.items():
        if value is None:
            assert pd.isna(row[column]), (column, row[column])
        else:
            assert row[column] == pytest.approx(value), (column, row[column], value)


def test_one_row_per_day_system_and_tier_with_history(feedback: DuckDBWarehouse) -> None:
    rows = performance(feedback)
    next_day = D + timedelta(1)
    expected = {(day, MA, tier) for day in (D, next_day) for tier in ("star", "bench", "all")}
    expected |= {(day, XGB, tier) for day in (D, next_day) for tier in ("star", "all")}
    assert set(rows) == expected
    early = feedback.query(
        PERFORMANCE_SQL,
        {"start_date": date(2024, 2, 28), "end_date": date(2024, 3, 2), **PERFORMANCE_PARAMS},
    )
    # Feb 28 and 29 have no graded row before them; Mar 1 has s0 (Feb 29)
    assert set(pd.to_datetime(early["game_date"]).dt.date) == {date(2024, 3, 1)}
    assert early["rows_30d"].tolist() == [1, 1]


def test_windows_mae_bias_and_hit_rate(feedback: DuckDBWarehouse) -> None:
    rows = performance(feedback)
    # star, D: 30 d = s1 +2, s2 +2, s3 +2, s4 +3 (s0 is D−31, s6 voided, s5 is on D); 7 d = s3, s4
    star = rows[D, MA, "star"]
    assert (star["rows_7d"], star["rows_30d"], star["picks_30d"]) == (2, 4, 3)
    approx(star, mae_7d=2.5, mae_30d=2.25, bias_7d=2.5, bias_30d=2.25, hit_rate_30d=2 / 3)
    # bench, D: b1 +1, b2 +3, b3 −2, b4 −1; picks b1 and b4 (b2 no line, b3 a push), both right
    bench = rows[D, MA, "bench"]
    assert (bench["rows_7d"], bench["rows_30d"], bench["picks_30d"]) == (2, 4, 2)
    approx(bench, mae_7d=1.5, mae_30d=1.75, bias_7d=-1.5, bias_30d=0.25, hit_rate_30d=1.0)
    every = rows[D, MA, "all"]
    assert (every["rows_7d"], every["rows_30d"], every["picks_30d"]) == (4, 8, 5)
    approx(every, mae_7d=2.0, mae_30d=2.0, bias_7d=0.5, bias_30d=1.25, hit_rate_30d=0.8)
    xgb = rows[D, XGB, "star"]  # one PASS on Mar 15: no picks, nothing held out
    assert (xgb["rows_7d"], xgb["rows_30d"], xgb["picks_30d"]) == (0, 1, 0)
    approx(xgb, mae_7d=None, mae_30d=0.0, bias_30d=0.0, hit_rate_30d=None)


def test_a_row_graded_on_d_feeds_only_later_days(feedback: DuckDBWarehouse) -> None:
    rows = performance(feedback)
    assert rows[D, MA, "star"]["bias_7d"] == pytest.approx(2.5)  # s5 (+20, on D) left out
    star = rows[D + timedelta(1), MA, "star"]  # Apr 1: s1 drops out, s5 comes in
    # 30 d = s2 +2, s3 +2, s4 +3, s5 +20; 7 d = [Mar 25, Apr 1) = s4, s5
    assert (star["rows_7d"], star["rows_30d"], star["picks_30d"]) == (2, 4, 3)
    approx(star, bias_7d=11.5, mae_30d=27 / 4, hit_rate_30d=1 / 3)


def test_tier_adjustment_is_kept_only_when_it_helps_the_held_out_week(
    feedback: DuckDBWarehouse,
) -> None:
    rows = performance(feedback)
    # star: fit on s1, s2 (+2 each) → −2; held out s3 +2, s4 +3: raw 2.5, adjusted |0|, |1| = 0.5
    star = rows[D, MA, "star"]
    approx(star, tier_adjustment=-2.0, heldout_mae_raw=2.5, heldout_mae_adjusted=0.5)
    assert bool(star["keep_adjustment"]) and star["applied_adjustment"] == pytest.approx(-2.0)
    # bench: fit on b1 +1, b2 +3 → −2; the bias flips in the held-out week (b3 −2, b4 −1):
    # raw 1.5, adjusted |−4|, |−3| = 3.5 → dropped
    bench = rows[D, MA, "bench"]
    approx(bench, tier_adjustment=-2.0, heldout_mae_raw=1.5, heldout_mae_adjusted=3.5)
    assert not bool(bench["keep_adjustment"]) and bench["applied_adjustment"] == 0.0
    # all: fit on +2 +2 +1 +3 → −2; held out +2 +3 −2 −1: raw 2.0, adjusted 0 1 4 3 = 2.0, a tie
    every = rows[D, MA, "all"]
    approx(every, tier_adjustment=-2.0, heldout_mae_raw=2.0, heldout_mae_adjusted=2.0)
    assert not bool(every["keep_adjustment"]) and every["applied_adjustment"] == 0.0
    # xgboost: fit on one exact prediction → 0; nothing held out → not kept
    xgb = rows[D, XGB, "star"]
    approx(xgb, tier_adjustment=0.0, heldout_mae_raw=None, heldout_mae_adjusted=None)
    assert not bool(xgb["keep_adjustment"]) and xgb["applied_adjustment"] == 0.0


def test_the_table_uses_the_scorecards_z() -> None:
    assert PERFORMANCE_PARAMS["z_95"] == Z_95


def mae_interval(errors: list[float]) -> tuple[float, float]:
    """mean ± z·sd/√n, sd the sample sd (low end floored at 0), in plain Python."""
    n, mean = len(errors), sum(errors) / len(errors)
    sd = (sum((e - mean) ** 2 for e in errors) / (n - 1)) ** 0.5
    half = Z_95 * sd / n**0.5
    return max(mean - half, 0.0), mean + half


def test_rates_come_with_their_intervals(feedback: DuckDBWarehouse) -> None:
    rows = performance(feedback)
    star = rows[D, MA, "star"]  # 30 d |errors| 2, 2, 2, 3; 7 d 2, 3; picks 3, hits 2
    assert star["hits_30d"] == 2
    approx(
        star, hit_rate_30d_low=wilson_interval(2, 3)[0], hit_rate_30d_high=wilson_interval(2, 3)[1]
    )
    low, high = mae_interval([2, 2, 2, 3])  # sd 0.5: 2.25 ± 1.96·0.5/2
    assert (low, high) == pytest.approx((2.25 - Z_95 * 0.25, 2.25 + Z_95 * 0.25))
    approx(star, mae_30d_low=low, mae_30d_high=high)
    low, high = mae_interval([2, 3])  # sd 0.707: 2.5 ± 1.96·0.5, never below 0
    approx(star, mae_7d_low=low, mae_7d_high=high)
    # bench: 2 picks, both right: the Wilson interval ends at exactly 1
    bench = rows[D, MA, "bench"]
    assert bench["hits_30d"] == 2 and bench["hit_rate_30d_high"] == 1.0
    approx(bench, hit_rate_30d_low=wilson_interval(2, 2)[0])
    approx(
        bench, mae_30d_low=mae_interval([1, 3, 2, 1])[0], mae_30d_high=mae_interval([1, 3, 2, 1])[1]
    )
    # all: 4 right of 5; 30 d |errors| 2 2 2 3 1 3 2 1
    every = rows[D, MA, "all"]
    approx(
        every, hit_rate_30d_low=wilson_interval(4, 5)[0], hit_rate_30d_high=wilson_interval(4, 5)[1]
    )
    errors = [2, 2, 2, 3, 1, 3, 2, 1]
    approx(every, mae_30d_low=mae_interval(errors)[0], mae_30d_high=mae_interval(errors)[1])
    # xgboost: no picks, one row: no interval at all (NULL, never 0 – 1 or ± 0)
    xgb = rows[D, XGB, "star"]
    approx(xgb, hit_rate_30d_low=None, hit_rate_30d_high=None, mae_30d_low=None, mae_30d_high=None)
    approx(xgb, mae_7d_low=None, mae_7d_high=None)
    assert xgb["hits_30d"] == 0


@pytest.mark.parametrize(
    ("hits", "picks"), [(0, 1), (0, 7), (1, 1), (3, 7), (7, 7), (355, 701), (1, 1000), (999, 1000)]
)
def test_the_sql_wilson_interval_is_scoring_pys(tmp_path: Path, hits: int, picks: int) -> None:
    """The table's interval and the scorecard's agree to the last bit for the same counts."""
    warehouse = DuckDBWarehouse(path=str(tmp_path / "w.duckdb"))
    day = D - timedelta(1)
    calls = [("OVER", 21.0) if i < hits else ("UNDER", 18.0) for i in range(picks)]
    rows = [prediction(day, f"p{i}", MA, p, call, 19.5) for i, (call, p) in enumerate(calls)]
    boxes = [box(day, f"p{i}", 20) for i in range(picks)]  # 20 > 19.5: OVER right, UNDER wrong
    write(warehouse, PREDICTIONS, rows, PREDICTION_DTYPES, day, D)
    write(warehouse, BOX, boxes, BOX_DTYPES, day, D)
    warehouse.replace_range_from_sql(ACCURACY, ACCURACY_SQL, day, D)
    warehouse.replace_range_from_sql(
        PERFORMANCE, PERFORMANCE_SQL, D, D + timedelta(1), PERFORMANCE_PARAMS
    )
    row = performance(warehouse)[D, MA, "all"]
    assert (row["picks_30d"], row["hits_30d"]) == (picks, hits)
    assert (row["hit_rate_30d_low"], row["hit_rate_30d_high"]) == wilson_interval(hits, picks)
