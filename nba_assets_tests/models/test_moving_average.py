"""moving_average's matchup terms: fit by least absolute deviations on the games before the cutoff."""

from __future__ import annotations

import numpy as np
import pandas as pd

from nba_assets.models.form import lad_fit
from nba_assets.models.moving_average import MovingAverage


def test_least_absolute_deviations_ignore_a_tenth_of_wild_outcomes() -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(size=(2000, 2))
    y = x @ np.array([1.5, -0.5]) + rng.normal(scale=0.2, size=2000)
    y[:200] += 40  # a tenth of the rows far off, all one way: least squares would follow them
    np.testing.assert_allclose(lad_fit(x, y), [1.5, -0.5], atol=0.05)


def history(rows: int, defense_effect: float) -> pd.DataFrame:
    """Players with the same recent form (about 18 points); the opponent's defensive rating and
    the teams' paces vary, and points follow the defense by ``defense_effect`` (pace: not at all)."""
    rng = np.random.default_rng(11)
    rating = rng.uniform(104, 120, rows)
    form = {"minutes_ewm_3": 30.0, "minutes_avg_last_10": 30.0, "form_games": 20,
            "ppm_ewm_20": 0.6, "points_ewm_8": 18.0, "points_avg_last_10": 18.0}  # fmt: skip
    noise = rng.normal(scale=1.0, size=rows)
    return pd.DataFrame(
        {
            **form,
            "opponent_def_rating": rating,
            "team_pace": rng.uniform(96, 104, rows),
            "opponent_pace": rng.uniform(96, 104, rows),
            "actual_points": 18 * (1 + defense_effect * (rating / rating.mean() - 1)) + noise,
        }
    )


def test_points_follow_the_opponents_defense_as_history_says() -> None:
    model = MovingAverage()
    model.fit(history(3000, defense_effect=0.8))
    defense, pace = model.matchup
    assert abs(defense - 0.8) < 0.1 and abs(pace) < 0.1
    rows = history(2, defense_effect=0.8).assign(opponent_def_rating=[104.0, 120.0])
    strong_defense, weak_defense = model.predict(rows)
    assert strong_defense < weak_defense  # more points allowed per 100 possessions: more points


def test_without_a_season_of_history_there_is_no_matchup_term() -> None:
    model = MovingAverage()
    model.fit(history(1000, defense_effect=0.8))
    assert model.baseline is None and not model.matchup.any()
    assert "defense=+0.000" in model.version
