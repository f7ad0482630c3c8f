"""`nba-assets scorecard`: the same rows for every system, the references, JSON, the CLI.

Hand-written grades first (the population rule and every figure worked out by hand), then
one week of the demo season (the two report queries agree on the rows; the naive pick
record recomputed in pandas), then the command itself on that warehouse.
"""

from __future__ import annotations

import json
import math
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from nba_assets.cli import main
from nba_assets.definitions import defs
from nba_assets.models.config import prediction_config
from nba_assets.package_files import sql_text
from nba_assets.scorecard import (
    LINE,
    NAIVE,
    ScorecardError,
    read_scorecard,
    render_json,
    render_text,
    scorecard_from_json,
)
from nba_assets.scoring import probability_score
from nba_assets.tables import TABLES_BY_PATH
from nba_assets.warehouse.duckdb import DuckDBWarehouse
from nba_assets_tests.conftest import SYSTEMS

G = date(2021, 11, 20)
WEEK = (date(2021, 11, 15), date(2021, 11, 22))  # [start, end) inside the demo season


def grade(
    player: str,
    system: str,
    predicted: float,
    call: str,
    line: float | None,
    actual: int,
    status: str = "graded",
    **extra: Any,
) -> dict[str, Any]:
    """A prediction_accuracy row, its outcome columns derived as the grading SQL does."""
    outcome = (
        None if line is None else "OVER" if actual > line else "UNDER" if actual < line else "PUSH"
    )
    pick = call in ("OVER", "UNDER") and outcome in ("OVER", "UNDER")
    return {
        "game_date": G,
        "player_lookup": player,
        "system_id": system,
        "predicted_points": predicted,
        "line": line,
        "recommendation": call,
        "actual_points": actual,
        "grade_status": status,
        "line_outcome": outcome,
        "is_graded_pick": pick,
        "is_correct": call == outcome if pick else None,
        **extra,
    }


def hand_grades() -> list[dict[str, Any]]:
    return [
        # counted: every system graded with the same line, and a last-10 average
        grade("alice", "a", 24.0, "OVER", 20.5, 25),  # |1|, correct
        grade("alice", "b", 19.0, "UNDER", 20.5, 25),  # |6|, wrong
        grade("alice", "c", 22.5, "OVER", 20.5, 25),  # |2.5|, correct
        grade("frank", "a", 9.0, "UNDER", 10.5, 8),  # |1|, correct
        grade("frank", "b", 11.0, "PASS", 10.5, 8),  # |3|
        grade("frank", "c", 8.0, "UNDER", 10.5, 8),  # |0|, correct
        grade("gus", "a", 14.0, "PASS", 15.0, 15),  # |1|
        grade("gus", "b", 17.0, "OVER", 15.0, 15),  # |2|, a push: no pick
        grade("gus", "c", 15.0, "PASS", 15.0, 15),  # |0|
        # dropped for every system: c has no row for bob
        grade("bob", "a", 40.0, "OVER", 10.5, 2),
        grade("bob", "b", 40.0, "OVER", 10.5, 2),
        # dropped: c's grade is void
        grade("carl", "a", 40.0, "OVER", 10.5, 2),
        grade("carl", "b", 40.0, "OVER", 10.5, 2),
        grade("carl", "c", 40.0, "OVER", 10.5, 2, status="void_dnp"),
        # dropped: no line at all
        *(grade("dave", s, 40.0, "NO_LINE", None, 2) for s in "abc"),
        # dropped: no feature-store row (no last-10 average to compare with)
        *(grade("erin", s, 40.0, "OVER", 10.5, 2) for s in "abc"),
        # dropped: the systems saw different lines
        grade("hank", "a", 40.0, "OVER", 10.5, 2),
        grade("hank", "b", 40.0, "OVER", 10.5, 2),
        grade("hank", "c", 40.0, "OVER", 11.5, 2),
    ]


# last-10 averages: alice 23 (23 − 20.5 = 2.5: OVER, right), frank 10 (−0.5: PASS),
# gus 12 (−3: UNDER, but a push), and the dropped players
LAST_10 = {
    "alice": 23.0,
    "frank": 10.0,
    "gus": 12.0,
    "bob": 5.0,
    "carl": 5.0,
    "dave": 5.0,
    "hank": 5.0,
}
# last-10 sds (the naive probability's spread): frank's 0.5 is floored to NAIVE_SD_FLOOR (1)
LAST_10_SD = {"alice": 4.0, "frank": 0.5, "gus": 3.0}


def hand_warehouse(folder: Path, grades: list[dict[str, Any]]) -> DuckDBWarehouse:
    warehouse = DuckDBWarehouse(path=str(folder / "hand.duckdb"))
    accuracy = TABLES_BY_PATH["nba_predictions/prediction_accuracy"].target
    store = TABLES_BY_PATH["nba_precompute/ml_feature_store_v2"].target
    rows = pd.DataFrame(grades).astype({"line": float, "predicted_points": float})
    warehouse.replace_range_from_frame(accuracy, rows, G, G + timedelta(1))
    features = pd.DataFrame(
        {
            "game_date": G,
            "player_lookup": list(LAST_10),
            "points_avg_last_10": list(LAST_10.values()),
            "points_std_last_10": [LAST_10_SD.get(p, 5.0) for p in LAST_10],
        }
    )
    warehouse.replace_range_from_frame(store, features, G, G + timedelta(1))
    return warehouse


@pytest.fixture(scope="module")
def hand_card(tmp_path_factory: pytest.TempPathFactory):
    warehouse = hand_warehouse(tmp_path_factory.mktemp("hand"), hand_grades())
    return read_scorecard(warehouse, G, G + timedelta(1))


def test_a_row_counts_only_when_every_system_has_it(hand_card) -> None:
    assert hand_card.rows == 3  # alice, frank, gus
    assert {s.system_id: s.rows for s in hand_card.systems} == dict.fromkeys(
        ["a", "b", "c", NAIVE, LINE], 3
    )


def test_figures_by_hand(hand_card) -> None:
    scores = {s.system_id: s for s in hand_card.systems}
    expected = {  # mae, bias, picks, hits over alice, frank, gus
        "a": (3 / 3, (-1 + 1 - 1) / 3, 2, 2),
        "b": (11 / 3, (-6 + 3 + 2) / 3, 1, 0),
        "c": (2.5 / 3, (-2.5 + 0 + 0) / 3, 2, 2),
        NAIVE: (7 / 3, (-2 + 2 - 3) / 3, 1, 1),
        LINE: (7 / 3, (-4.5 + 2.5 + 0) / 3, 0, 0),
    }
    for system, (mae, bias, picks, hits) in expected.items():
        s = scores[system]
        assert (s.mae, s.bias) == pytest.approx((mae, bias)), system
        assert (s.picks, s.hits) == (picks, hits), system
        assert s.mae_vs_naive == pytest.approx(mae / (7 / 3)), system
    assert scores[LINE].hit_rate is None and scores[LINE].hit_rate_low is None
    assert scores["b"].hit_rate == 0 and scores["b"].hit_rate_low == 0.0
    # systems by MAE, then the two references
    assert [s.system_id for s in hand_card.systems] == ["c", "a", "b", NAIVE, LINE]


def test_without_a_probability_column_the_card_says_so(hand_card) -> None:
    assert hand_card.probabilities is None
    assert "no probabilities in this warehouse" in render_text(hand_card)
    assert json.loads(render_json(hand_card))["probabilities"] is None


def test_a_probability_column_is_picked_up(tmp_path: Path) -> None:
    p_over = {"alice": 0.7, "frank": 0.4, "gus": 0.9, "bob": 0.99}  # gus pushed: not scored
    grades = [g | {"p_over": p_over.get(g["player_lookup"], 0.5)} for g in hand_grades()]
    card = read_scorecard(hand_warehouse(tmp_path, grades), G, G + timedelta(1))
    assert card.probabilities is not None
    assert list(card.probabilities) == ["c", "a", "b", NAIVE]
    # alice went over, frank under (gus is a push, bob is not in the population)
    assert card.probabilities["a"] == probability_score([0.7, 0.4], [True, False])
    assert card.probabilities["a"].brier == pytest.approx((0.3**2 + 0.4**2) / 2)
    assert "Brier" in render_text(card)
    assert scorecard_from_json(render_json(card)) == card


def normal_cdf(z: float) -> float:
    return 0.5 * (1 + math.erf(z / math.sqrt(2)))


def test_the_naive_probability_by_hand(tmp_path: Path) -> None:
    """P(over) from a normal with the last-10 mean and sd, on the same player-games."""
    grades = [g | {"p_over": 0.5} for g in hand_grades()]
    card = read_scorecard(hand_warehouse(tmp_path, grades), G, G + timedelta(1))
    assert card.probabilities is not None
    naive = card.probabilities[NAIVE]
    # alice: mean 23, sd 4, line 20.5, went over; frank: mean 10, sd 0.5 -> 1, line 10.5, under;
    # gus pushed (not scored)
    alice, frank = normal_cdf((23 - 20.5) / 4), normal_cdf((10 - 10.5) / 1)
    assert naive.n == 2
    assert naive.brier == pytest.approx(((1 - alice) ** 2 + frank**2) / 2)
    assert naive.log_loss == pytest.approx(-(math.log(alice) + math.log(1 - frank)) / 2)
    assert [d.mean_p for d in naive.reliability] == pytest.approx([frank, alice])
    assert [d.observed for d in naive.reliability] == [0.0, 1.0]
    text = render_text(card)
    naive_line = next(line for line in text.splitlines() if line.startswith(NAIVE) and "/" in line)
    assert naive_line.split()[1:4] == ["2", f"{naive.brier:.3f}", f"{naive.log_loss:.3f}"]


def test_the_naive_probability_skips_games_a_system_did_not_price(tmp_path: Path) -> None:
    """A player-game without every system's p_over is left out of the naive score too."""
    grades = [
        g | {"p_over": None if (g["player_lookup"], g["system_id"]) == ("frank", "b") else 0.5}
        for g in hand_grades()
    ]
    card = read_scorecard(hand_warehouse(tmp_path, grades), G, G + timedelta(1))
    assert card.probabilities is not None
    assert card.probabilities[NAIVE].n == 1  # alice only
    assert card.probabilities["a"].n == 2 and card.probabilities["b"].n == 1


def test_json_round_trip(hand_card) -> None:
    text = render_json(hand_card)
    assert "NaN" not in text  # undefined figures are null: the file is strict JSON
    assert scorecard_from_json(text) == hand_card


def test_a_warehouse_without_predictions_says_what_to_build(warehouse: DuckDBWarehouse) -> None:
    with pytest.raises(ScorecardError, match="no nba_predictions/prediction_accuracy"):
        read_scorecard(warehouse, G, G + timedelta(1))


# ---------------------------------------------------------------- the demo season


@pytest.fixture(scope="module")
def demo(demo_season_warehouse: Path) -> DuckDBWarehouse:
    return DuckDBWarehouse(path=str(demo_season_warehouse))


def test_the_two_report_queries_score_the_same_rows(demo: DuckDBWarehouse) -> None:
    card = read_scorecard(demo, *WEEK)
    assert card.rows > 500
    assert [s.system_id for s in card.systems][-2:] == [NAIVE, LINE]
    assert {s.system_id for s in card.systems} == {*SYSTEMS, NAIVE, LINE}
    assert {s.rows for s in card.systems} == {card.rows}
    params = {"start_date": WEEK[0], "end_date": WEEK[1]}
    calls = demo.query(sql_text("reports", "scorecard_probabilities"), params)
    assert calls.groupby("system_id").size().to_dict() == dict.fromkeys(SYSTEMS, card.rows)


def test_the_naive_probability_on_the_demo_week(demo: DuckDBWarehouse) -> None:
    """Scored on every non-push player-game of the card, from the store's last-10 mean and sd."""
    card = read_scorecard(demo, *WEEK)
    params = {"start_date": WEEK[0], "end_date": WEEK[1]}
    calls = demo.query(sql_text("reports", "scorecard_probabilities"), params)
    games = calls[calls["system_id"] == "ensemble"].dropna(subset=["went_over"])
    games = games.merge(
        demo.query(
            "SELECT game_date, player_lookup, points_avg_last_10, points_std_last_10 "
            "FROM nba_precompute.ml_feature_store_v2"
        ),
        on=["game_date", "player_lookup"],
    )
    sd = games["points_std_last_10"].clip(lower=1.0)
    p = [normal_cdf(z) for z in (games["points_avg_last_10"] - games["line"]) / sd]
    assert card.probabilities is not None
    naive = card.probabilities[NAIVE]
    expected = probability_score(p, games["went_over"].astype(bool).tolist())
    assert (naive.brier, naive.log_loss) == pytest.approx((expected.brier, expected.log_loss))
    assert [d.mean_p for d in naive.reliability] == pytest.approx(
        [d.mean_p for d in expected.reliability]
    )
    assert [d.n for d in naive.reliability] == [d.n for d in expected.reliability]
    assert naive.n == len(games) > 500
    assert 0.15 < naive.brier < 0.3


def test_the_naive_pick_record_recomputed(demo: DuckDBWarehouse) -> None:
    params = {"start_date": WEEK[0], "end_date": WEEK[1]}
    calls = demo.query(sql_text("reports", "scorecard_probabilities"), params)
    rows = calls[calls["system_id"] == "ensemble"].merge(
        demo.query(
            "SELECT game_date, player_lookup, points_avg_last_10 "
            "FROM nba_precompute.ml_feature_store_v2"
        ),
        on=["game_date", "player_lookup"],
    )
    edge = rows["points_avg_last_10"] - rows["line"]
    threshold = prediction_config().edge_threshold
    call = pd.Series(np.select([edge >= threshold, edge <= -threshold], ["OVER", "UNDER"], "PASS"))
    picked = (call != "PASS") & rows["line_outcome"].isin(["OVER", "UNDER"])
    naive = next(s for s in read_scorecard(demo, *WEEK).systems if s.system_id == NAIVE)
    assert naive.picks == picked.sum() > 100
    assert naive.hits == (call[picked] == rows["line_outcome"][picked]).sum()
    assert naive.mae == pytest.approx(
        (rows["points_avg_last_10"] - rows["actual_points"]).abs().mean()
    )


@pytest.fixture
def cli_on_demo(demo_season_warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """`nba-assets` with a copy of the demo season as its warehouse and a temporary instance."""
    shutil.copy(demo_season_warehouse, tmp_path / "warehouse.duckdb")
    monkeypatch.setitem(
        defs.resources, "warehouse", DuckDBWarehouse(path=str(tmp_path / "warehouse.duckdb"))
    )
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))


def test_the_command_prints_every_system_and_both_references(cli_on_demo, capsys) -> None:
    last = WEEK[1] - timedelta(1)  # --end is inclusive
    assert main(["scorecard", "--start", str(WEEK[0]), "--end", str(last)]) == 0
    text = capsys.readouterr().out
    firsts = {line.split()[0] for line in text.splitlines() if line.strip()}
    assert {*SYSTEMS, NAIVE, LINE} <= firsts
    assert "break-even hit rate at −110: 52.38 %" in text
    assert main(["scorecard", "--start", str(WEEK[0]), "--end", str(last), "--json"]) == 0
    card = scorecard_from_json(capsys.readouterr().out)
    assert (card.start, card.end_exclusive) == WEEK
    assert card.rows == read_scorecard(defs.resources["warehouse"], *WEEK).rows


def test_a_range_without_graded_rows_exits_1(cli_on_demo, capsys) -> None:
    assert main(["scorecard", "--start", "2021-10-19", "--end", "2021-10-25"]) == 1  # bootstrap
    assert "no player-game that every system predicted" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--start", "2021-13-01"], "--start '2021-13-01': not a date; write YYYY-MM-DD"),
        (["--end", "21-11-30"], "--end '21-11-30': not a date; write YYYY-MM-DD"),
        (["--start", "2021-11-30", "--end", "2021-11-01"], "--end 2021-11-01 is before --start"),
    ],
)
def test_bad_dates_are_one_clear_line(
    argv: list[str], message: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    with pytest.raises(SystemExit) as stopped:
        main(["scorecard", *argv])
    assert str(stopped.value).startswith(message) and "\n" not in str(stopped.value)
