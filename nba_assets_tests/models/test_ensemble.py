"""The ensemble: systems weighted by recent accuracy, the blend moved toward a real line by how much
of its past disagreement with the line came true (out of sample)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from nba_assets.models.ensemble import PRIOR_MARKET_WEIGHT, ensemble

PLAYERS = 60


def season(days: int, actual_from_line: float, lined: bool = True) -> pd.DataFrame:
    """Two systems predicting the same, 60 players a day; a line 4 points from it, and the player
    scoring line + ``actual_from_line`` × (prediction − line)."""
    rng = np.random.default_rng(7)
    frames = []
    for day in pd.date_range("2024-11-01", periods=days):
        predicted = rng.uniform(5, 30, PLAYERS)
        line = predicted + rng.choice([-4.0, 4.0], PLAYERS)
        actual = line + actual_from_line * (predicted - line)
        for system in ("a", "b"):
            frames.append(
                pd.DataFrame(
                    {
                        "game_date": day,
                        "player_lookup": [f"p{i}" for i in range(PLAYERS)],
                        "system_id": system,
                        "predicted_points": predicted,
                        "actual_points": actual,
                        "line": line if lined else np.nan,
                    }
                )
            )
    return pd.concat(frames, ignore_index=True)


def blend_and_line(components: pd.DataFrame, day: str) -> pd.DataFrame:
    combined = ensemble(components, lookback_days=21, temperature=0.1)
    on_day = combined[combined["game_date"] == pd.Timestamp(day)]
    first = components[(components["system_id"] == "a") & (components["game_date"] == day)]
    return on_day.merge(first[["player_lookup", "predicted_points", "line"]], on="player_lookup")


@pytest.mark.parametrize("came_true", [0.0, 0.3, 1.0])
def test_the_blend_moves_toward_the_line_by_the_share_of_disagreement_that_came_true(
    came_true: float,
) -> None:
    rows = blend_and_line(season(20, came_true), "2024-11-15")  # 14 lined days (840 games) before
    assert rows["model_version"].str.endswith(f"market={came_true:.2f})").all()
    expected = rows["line"] + came_true * (rows["predicted_points_y"] - rows["line"])
    np.testing.assert_allclose(rows["predicted_points_x"], expected, atol=0.02)


def test_until_enough_lined_games_the_prior_weight_leans_on_the_line() -> None:
    rows = blend_and_line(season(20, 1.0), "2024-11-03")  # 2 days, 120 lined games: too few
    assert rows["model_version"].str.endswith(f"market={PRIOR_MARKET_WEIGHT:.2f})").all()
    distance = (rows["predicted_points_x"] - rows["line"]).abs()
    np.testing.assert_allclose(distance, PRIOR_MARKET_WEIGHT * 4, atol=0.05)


def test_without_a_line_the_blend_is_the_prediction() -> None:
    rows = blend_and_line(season(20, 0.0, lined=False), "2024-11-15")
    np.testing.assert_allclose(rows["predicted_points_x"], rows["predicted_points_y"], atol=0.02)
