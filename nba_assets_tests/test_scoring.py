"""The scorecard's statistics against numbers worked out by hand."""

from __future__ import annotations

import math
import random

import pytest

from nba_assets.scoring import BREAK_EVEN_MINUS_110, probability_score, wilson_interval


@pytest.mark.parametrize(
    ("hits", "n", "low", "high"),
    [
        # p = .55, z² = 3.8415: centre (.55 + .019207) / 1.038415 = .548150,
        # half 1.959964 / 1.038415 · √(.002475 + .000096) = .095704
        (55, 100, 0.452446, 0.643855),
        # p = .5, z²/n = 1.920729: centre .5, half .671055 · √(.125 + .240091) = .405469
        (1, 2, 0.094531, 0.905469),
        # no hits: low 0, high z² / (n + z²) = 3.841459 / 13.841459
        (0, 10, 0.0, 0.277533),
        (10, 10, 0.722467, 1.0),
        # the "±3.7 points" over ~700 picks: centre .5527439 / 1.0054878 = .549727,
        # half 1.959964 / 1.0054878 · √(.000353571 + .00000196) = .036755
        (385, 700, 0.512972, 0.586481),
    ],
)
def test_wilson_interval(hits: int, n: int, low: float, high: float) -> None:
    assert wilson_interval(hits, n) == pytest.approx((low, high), abs=1e-6)


def test_no_picks_no_interval_and_impossible_counts_refused() -> None:
    assert wilson_interval(0, 0) is None
    with pytest.raises(ValueError, match="11 hits out of 10"):
        wilson_interval(11, 10)


def test_break_even_at_minus_110() -> None:
    assert round(100 * BREAK_EVEN_MINUS_110, 2) == 52.38  # risk 110 to win 100: 110 / 210


def test_brier_log_loss_and_reliability_by_hand() -> None:
    score = probability_score([0.8, 0.6, 0.3, 0.5], [True, False, False, True])
    assert score.n == 4
    # (.2² + .6² + .3² + .5²) / 4 = (.04 + .36 + .09 + .25) / 4
    assert score.brier == pytest.approx(0.185)
    # −(ln .8 + ln .4 + ln .7 + ln .5) / 4
    assert score.log_loss == pytest.approx(0.547314, abs=1e-6)
    # four calls: four groups of one, by p
    assert [(d.mean_p, d.observed, d.n) for d in score.reliability] == [
        (0.3, 0.0, 1),
        (0.5, 1.0, 1),
        (0.6, 0.0, 1),
        (0.8, 1.0, 1),
    ]


def test_deciles_are_equal_count_groups_in_any_row_order() -> None:
    p = [i / 20 for i in range(20)]  # 0, .05, ..., .95
    over = [i % 4 == 0 for i in range(20)]
    score = probability_score(p, over)
    assert len(score.reliability) == 10 and all(d.n == 2 for d in score.reliability)
    first = score.reliability[0]  # p 0 (went over) and .05 (did not)
    assert (first.p_low, first.p_high, first.mean_p, first.observed) == (0.0, 0.05, 0.025, 0.5)
    shuffled = list(zip(p, over, strict=True))
    random.Random(1).shuffle(shuffled)
    assert probability_score(*zip(*shuffled, strict=True)) == score


def test_a_coin_flip_and_a_certain_miss() -> None:
    flip = probability_score([0.5] * 6, [True, False, True, True, False, False])
    assert flip.brier == pytest.approx(0.25) and flip.log_loss == pytest.approx(math.log(2))
    miss = probability_score([0.0, 0.5], [True, True])  # said never, went over: clipped, finite
    assert miss.log_loss == pytest.approx((-math.log(1e-15) + math.log(2)) / 2)


@pytest.mark.parametrize("p", [[1.2, 0.5], [float("nan"), 0.5], [-0.1, 0.5]])
def test_probabilities_outside_0_1_are_refused(p: list[float]) -> None:
    with pytest.raises(ValueError, match=r"1 probabilities outside \[0, 1\]"):
        probability_score(p, [True, False])
