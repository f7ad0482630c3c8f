"""The ML feature set: names, order, valid ranges and defaults, versioned.

Models read features by position, so the list is only ever appended to; any
change of meaning or order bumps FEATURE_VERSION. The feature-store SQL outputs
exactly these columns in this order (a test holds it to that), and the range
checks read their bounds from here.
"""

from __future__ import annotations

from dataclasses import dataclass

FEATURE_VERSION = "v1_38"


@dataclass(frozen=True)
class Feature:
    name: str
    low: float
    high: float
    default: float
    category: str  # recent_scoring | fatigue | matchup | pace | usage | team | game | vegas | history | trend
    # the optional landing feed it comes from: without that feed it sits at its default, and a
    # deployment that declares the feed absent (check policy) does not have it judged
    feed: str | None = None


# Ranges bound what a correct pipeline can produce (early-season ten-game means included): a value
# outside is a unit or join bug, not an unusual game.
FEATURES: tuple[Feature, ...] = (
    Feature("points_avg_last_5", 0, 70, 10.0, "recent_scoring"),
    Feature("points_avg_last_10", 0, 70, 10.0, "recent_scoring"),
    Feature("points_avg_season", 0, 70, 10.0, "recent_scoring"),
    Feature("points_std_last_10", 0, 30, 5.0, "recent_scoring"),
    Feature("minutes_avg_last_10", 0, 48, 20.0, "recent_scoring"),
    Feature("ppm_avg_last_10", 0, 1.5, 0.45, "recent_scoring"),
    Feature("ts_pct_last_10", 0, 1.5, 0.56, "recent_scoring"),
    Feature("games_played_season", 0, 82, 0.0, "recent_scoring"),
    Feature("fatigue_score", 0, 100, 100.0, "fatigue"),
    Feature("days_rest", 0, 30, 2.0, "fatigue"),
    Feature("back_to_back", 0, 1, 0.0, "fatigue"),
    Feature("games_in_last_7_days", 0, 4, 2.0, "fatigue"),
    Feature("minutes_in_last_7_days", 0, 200, 60.0, "fatigue"),
    Feature("shot_zone_mismatch_score", -10, 10, 0.0, "matchup", "shots"),
    Feature("opponent_def_rating", 80, 140, 112.0, "matchup"),
    Feature("opponent_paint_vs_league", -25, 25, 0.0, "matchup", "shots"),
    Feature("opponent_three_pt_vs_league", -25, 25, 0.0, "matchup", "shots"),
    Feature("pct_paint", 0, 1, 0.35, "matchup", "shots"),
    Feature("pct_mid_range", 0, 1, 0.2, "matchup", "shots"),
    Feature("pct_three", 0, 1, 0.4, "matchup", "shots"),
    Feature("pace_score", -8, 8, 0.0, "pace"),
    Feature("opponent_pace", 80, 120, 100.0, "pace"),
    Feature("team_pace", 80, 120, 100.0, "pace"),
    Feature("usage_rate_last_10", 0, 60, 18.0, "usage"),
    Feature("usage_spike_score", -8, 8, 0.0, "usage", "injury_report"),
    Feature("star_teammates_out", 0, 5, 0.0, "usage", "injury_report"),
    Feature("team_off_rating", 80, 140, 112.0, "team"),
    Feature("team_win_pct", 0, 1, 0.5, "team"),
    Feature("home_game", 0, 1, 0.0, "game"),
    Feature("rest_advantage", -3, 3, 0.0, "game"),
    Feature("injury_risk", 0, 3, 0.0, "game", "injury_report"),
    Feature("vegas_points_line", 0, 80, 0.0, "vegas", "player_props"),
    Feature("vegas_line_move", -15, 15, 0.0, "vegas", "player_props"),
    Feature("has_vegas_line", 0, 1, 0.0, "vegas", "player_props"),
    Feature("game_total", 180, 270, 225.0, "vegas", "game_lines"),
    Feature("avg_points_vs_opponent", 0, 70, 10.0, "history"),
    Feature("games_vs_opponent", 0, 100, 0.0, "history"),
    Feature("pts_slope_last_10", -10, 10, 0.0, "trend"),
)

FEATURE_NAMES: tuple[str, ...] = tuple(f.name for f in FEATURES)
