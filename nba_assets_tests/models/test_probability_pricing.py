"""Probabilities from a spread, prices from books, calls from expected value: hand-checked numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from nba_assets.models.config import prediction_config
from nba_assets.models.predict import price_calls, recommend
from nba_assets.models.pricing import best_prices, expected_value, payout
from nba_assets.models.probability import (
    MIN_ERRORS,
    PRIOR_SCALE,
    OutcomeSpread,
    centred,
    market_weight,
)


def test_the_prior_spread_is_normal_and_a_whole_line_can_push() -> None:
    sigma = PRIOR_SCALE * np.sqrt(20)  # 6.48 points around a 20-point mean
    over, under = OutcomeSpread().over_under(np.array([20.0, 20.0]), np.array([22.5, 22.0]))
    # over 22.5 and over 22 are both 23 or more: the same probability
    assert over[0] == pytest.approx(over[1]) == pytest.approx(0.34994, abs=1e-4)
    assert sigma == pytest.approx(6.4846, abs=1e-4)
    assert over[0] + under[0] == pytest.approx(1)  # a half-point line never pushes
    assert under[1] == pytest.approx(0.59147, abs=1e-4)  # 21 or fewer: 22 exactly pushes
    assert 1 - over[1] - under[1] == pytest.approx(0.05859, abs=1e-4)


def test_a_fitted_spread_takes_its_shape_from_the_errors() -> None:
    """Half the 16-point predictions missed by +4, half by −4: scale 1 per √point, and the
    errors' own two-point shape, not a normal curve."""
    predicted = np.full(200, 16.0)
    actual = predicted + np.tile([4.0, -4.0], 100)
    spread = OutcomeSpread.fit(predicted, actual)
    assert spread.scale == pytest.approx(1.0)
    over, _ = spread.over_under(np.array([16.0, 16.0]), np.array([16.5, 20.5]))
    assert over[0] == pytest.approx(0.5)  # between the two outcomes
    assert over[1] == pytest.approx(1 / 402)  # above both: only the mid-rank's half chance
    prior = OutcomeSpread.fit(predicted[:-1], actual[:-1])  # fewer than MIN_ERRORS
    assert prior.scale == PRIOR_SCALE and not len(prior.errors)
    assert MIN_ERRORS == 200


def test_no_line_no_probability() -> None:
    over, under = OutcomeSpread().over_under(np.array([12.0]), np.array([np.nan]))
    assert np.isnan(over[0]) and np.isnan(under[0])


def test_expected_value_at_american_prices() -> None:
    prices = pd.Series([-110, 150, 100])
    assert payout(prices).tolist() == pytest.approx([100 / 110, 1.5, 1.0])
    # 55 % at −110: 0.55 · 0.909 − 0.45 = +0.05 a unit; 40 % at +150 breaks even
    value = expected_value(pd.Series([0.55, 0.4]), pd.Series([0.45, 0.6]), pd.Series([-110, 150]))
    assert value.tolist() == pytest.approx([0.05, 0.0])


def test_each_side_goes_to_the_book_that_pays_the_most() -> None:
    quotes = pd.DataFrame(
        {
            "game_date": ["2024-01-02"] * 3,
            "player_lookup": ["ann"] * 3,
            "bookmaker": ["a", "b", "c"],
            "line": [22.5, 22.5, 23.5],
            "over_price": [-110, -105, None],  # c gives no prices: priced at −110
            "under_price": [-110, -115, None],
        }
    )
    chances = {22.5: (0.6, 0.4), 23.5: (0.5, 0.5)}  # P(over), P(under) at each line
    quotes["p_over"] = [chances[line][0] for line in quotes["line"]]
    quotes["p_under"] = [chances[line][1] for line in quotes["line"]]

    best = best_prices(quotes, ["game_date", "player_lookup"]).iloc[0]
    # over: 0.6 at −105 (+0.1714) beats 0.6 at −110 (+0.1455) and 0.5 at 23.5 (−0.0455)
    assert (best["best_over_book"], best["best_over_line"], best["best_over_price"]) == (
        "b",
        22.5,
        -105,
    )
    assert best["ev_over"] == pytest.approx(0.6 * 100 / 105 - 0.4)
    # under: 0.5 at 23.5, −110 (−0.0455) beats 0.4 at −110 (−0.236) and at −115
    assert (best["best_under_book"], best["best_under_line"]) == ("c", 23.5)
    assert best["books_priced"] == 2


def test_the_call_is_the_side_worth_more_than_the_margin() -> None:
    margin = prediction_config().min_expected_value
    rows = pd.DataFrame(
        {
            "predicted_points": [24.0, 18.0, 20.0, 20.0],
            "line": [22.5, 20.5, 20.5, None],
            "p_over": [0.6, 0.3, 0.49, None],
            "p_under": [0.4, 0.7, 0.51, None],
            "ev_over": [0.15, -0.4, margin / 2, None],
            "ev_under": [-0.2, 0.33, margin / 3, None],
            "best_over_book": ["b", "a", "a", None],
            "best_over_line": [22.5, 20.5, 20.5, None],
            "best_over_price": [-105, -110, 100, None],
            "best_under_book": ["a", "c", "a", None],
            "best_under_line": [22.5, 21.5, 20.5, None],
            "best_under_price": [-110, -110, -110, None],
            "best_over_p": [0.62, 0.3, 0.49, None],
            "best_under_p": [0.4, 0.72, 0.51, None],
        }
    )
    called = recommend(rows, prediction_config())
    assert called["recommendation"].tolist() == ["OVER", "UNDER", "PASS", "NO_LINE"]
    assert called["best_book"].tolist()[:2] == ["b", "c"]
    assert called["best_line"].tolist()[:2] == [22.5, 21.5]
    assert called["expected_value"].tolist()[:2] == [0.15, 0.33]
    assert np.isnan(called["expected_value"].iloc[2])  # a PASS is placed nowhere
    # the call's chance at its best book's line (21.5 for the under); a PASS: the likelier side
    assert called["confidence"].tolist()[:3] == [62.0, 72.0, 51.0]
    assert np.isnan(called["confidence"].iloc[3])
    assert called["edge"].tolist()[:3] == pytest.approx([1.5, -2.5, -0.5])


def test_the_market_weight_is_the_share_of_disagreement_that_came_true() -> None:
    line = np.full(400, 20.0)
    predicted = line + np.tile([4.0, -4.0], 200)
    # the outcomes went a quarter of the way from the line to the prediction
    assert market_weight(predicted, line, line + 1.0 * np.sign(predicted - line)) == 0.25
    assert market_weight(predicted, line, line - 2.0 * np.sign(predicted - line)) == 0.0  # clipped
    assert market_weight(predicted, line, predicted + 3.0) == 1.0  # all of it (and no more)
    assert market_weight(predicted[:199], line[:199], line[:199]) == 1.0  # too few to learn from
    frame = pd.DataFrame({"predicted": [24.0, 30.0], "line": [20.0, None]})
    assert centred(frame["predicted"], frame["line"], 0.25).tolist() == [21.0, 30.0]


def pricing_inputs(
    history_follows: str, system: str = "s"
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """One 24-point prediction against a 20.5 line (rows, graded history, quotes), after 400
    graded, lined games in which the outcomes followed either the line or the system (give or
    take 3 points)."""
    day = pd.Timestamp("2024-02-01")
    days = pd.date_range(day - pd.Timedelta(days=20), periods=400, freq="72min")
    line = np.full(400, 20.5)
    predicted = line + np.tile([4.0, -4.0, 2.0, -2.0], 100)
    noise = np.tile([3.0, 3.0, -3.0, -3.0], 100)  # unrelated to the disagreements
    actual = (line if history_follows == "line" else predicted) + noise
    graded = pd.DataFrame(
        {
            "game_date": days.floor("D"),
            "player_lookup": [f"p{i}" for i in range(400)],
            "system_id": system,
            "predicted_points": predicted,
            "line": line,
            "actual_points": actual,
        }
    )
    rows = pd.DataFrame(
        {
            "game_date": [day],
            "player_lookup": ["ann"],
            "system_id": [system],
            "predicted_points": [24.0],
            "line": [20.5],
        }
    )
    quotes = pd.DataFrame(
        {
            "game_date": [day],
            "player_lookup": ["ann"],
            "bookmaker": ["a"],
            "line": [20.5],
            "over_price": [-110],
            "under_price": [-110],
        }
    )
    return rows, graded, quotes


def priced(history_follows: str) -> pd.Series:
    return price_calls(*pricing_inputs(history_follows), lookback_days=21).iloc[0]


def test_a_system_the_market_beats_is_priced_at_the_market() -> None:
    """Outcomes that followed the line teach weight 0: the prediction's 3.5 points above the
    line are worth nothing, P(over) is the history's share above the line (one half), and
    −110 makes both sides lose."""
    row = priced("line")
    assert row["p_over"] == pytest.approx(0.5, abs=0.01)
    assert row["ev_over"] < 0 and row["ev_under"] < 0
    follows = priced("system")  # outcomes that followed the system: the full 3.5 points count
    assert follows["p_over"] > 0.8 and follows["ev_over"] > 0.5


def test_each_system_is_priced_on_its_own_history() -> None:
    """Two systems priced in one call: each row's spread and market weight come from its own
    system's graded games only."""
    market, system = pricing_inputs("line", "m"), pricing_inputs("system", "s")
    rows, graded = (pd.concat([market[i], system[i]], ignore_index=True) for i in (0, 1))
    quotes = market[2]  # one book, quoting the one player-game
    both = price_calls(rows, graded, quotes, lookback_days=21).set_index("system_id")
    assert both.loc["m", "p_over"] == pytest.approx(priced("line")["p_over"])
    assert both.loc["s", "p_over"] == pytest.approx(priced("system")["p_over"])
    assert both.loc["s", "ev_over"] > 0.5 > both.loc["m", "ev_over"]
