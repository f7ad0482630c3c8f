"""The ML feature set: names, order, valid ranges and defaults, versioned.

Models read features by position, so the list is only ever appended to; any
change of meaning or order bumps FEATURE_VERSION. The feature-store SQL outputs
exactly these columns in this order (a test holds it to that), and the range
checks read their bounds from here.
"""

from __future__ import annotations

from dataclasses import dataclass

# v2: rates over a window are ratios of the window's sums (usage, team pace and ratings were means of
# per-game ratios); ppm and usage need 12 minutes in the window. v3: windows carry across seasons and
# season averages are shrunk toward the carried history (opening night has features). Saved XGBoost
# models are keyed by it.
FEATURE_VERSION = "v3_38"


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


# Ranges are what the sport allows, not what one league produced: a definitional bound (a share is
# 0..1, a clamp in the SQL) or the sport's records, for the shortest window a feature can have (one
# game, or 12 minutes for the per-minute rates). A value outside is a unit, join or formula bug and
# blocks the feature store (checks/table_rules.py feature_ranges). Single-game team extremes below are from
# the real team logs, 2014-15 to 2024-25 (regular season and playoffs); the observed 2024-25 spread of
# every feature is asserted inside its range by nba_assets_tests/pipeline/test_real_feature_ranges.py.
POINTS = 100  # the single-game record (Wilt Chamberlain, 1962); a window can be one game
GAME_MINUTES = 78  # the longest game went six overtimes (1951): 48 + 6 × 5
# points per 100 possessions: single games 67.0 (MEM, 2015-11-02) .. 163.0 (IND, 2025-03-27)
RATING = (60, 170)
# possessions per 48 minutes: single games 81.1 (NYK-NOP, 2015-01-19) .. 120.8 (IND-WAS, 2021-05-03)
PACE = (70, 130)

FEATURES: tuple[Feature, ...] = (
    Feature("points_avg_last_5", 0, POINTS, 10.0, "recent_scoring"),
    Feature("points_avg_last_10", 0, POINTS, 10.0, "recent_scoring"),
    Feature("points_avg_season", 0, POINTS, 10.0, "recent_scoring"),
    # sample std of games in 0..100: two games, 0 and 100, give the most, 100/√2
    Feature("points_std_last_10", 0, 71, 5.0, "recent_scoring"),
    Feature("minutes_avg_last_10", 0, GAME_MINUTES, 20.0, "recent_scoring"),
    # Σ points / Σ minutes over ≥ 12 minutes: the most anyone has scored in 12 minutes is 37 (Klay
    # Thompson's quarter, 2015-01-23), 3.1 a minute; 3.5 allows whole-minute box scores (12 = 11:30)
    Feature("ppm_avg_last_10", 0, 3.5, 0.45, "recent_scoring"),
    # Σ PTS / 2·Σ(FGA + 0.44·FTA): a made three (3 / 2) is the most any attempt can return
    Feature("ts_pct_last_10", 0, 1.5, 0.56, "recent_scoring"),
    # 82 (88 for a player traded mid-season: Walt Bellamy 1968-69) + 2 play-in + 4 rounds of 7
    Feature("games_played_season", 0, 118, 0.0, "recent_scoring"),
    Feature("fatigue_score", 0, 100, 100.0, "fatigue"),  # clamped in the SQL
    # days since the previous played game, looked for in the 30 days before D (NULL beyond)
    Feature("days_rest", 1, 30, 2.0, "fatigue"),
    Feature("back_to_back", 0, 1, 0.0, "fatigue"),
    # D-6..D-1: the schedule never gives a team 4 games in 5 nights, so 4 at most (5 = a duplicated game)
    Feature("games_in_last_7_days", 0, 4, 2.0, "fatigue"),
    # 4 games (above) of 48 minutes is 192; 250 leaves room for 11 overtime periods
    Feature("minutes_in_last_7_days", 0, 250, 60.0, "fatigue"),
    Feature("shot_zone_mismatch_score", -10, 10, 0.0, "matchup", "shots"),  # clamped in the SQL
    Feature("opponent_def_rating", *RATING, 112.0, "matchup"),
    # 100·(FG% allowed − league FG%): the difference of two percentages
    Feature("opponent_paint_vs_league", -100, 100, 0.0, "matchup", "shots"),
    Feature("opponent_three_pt_vs_league", -100, 100, 0.0, "matchup", "shots"),
    Feature("pct_paint", 0, 1, 0.35, "matchup", "shots"),  # shares of field-goal attempts
    Feature("pct_mid_range", 0, 1, 0.2, "matchup", "shots"),
    Feature("pct_three", 0, 1, 0.4, "matchup", "shots"),
    Feature("pace_score", -8, 8, 0.0, "pace"),  # clamped in the SQL
    Feature("opponent_pace", *PACE, 100.0, "pace"),
    Feature("team_pace", *PACE, 100.0, "pace"),
    # the share of his team's plays while he is on the floor: 100 at most (the per-minute estimate
    # overshoots only in tiny samples, hence 12 minutes); the season record is 41.7 (Westbrook 2016-17)
    Feature("usage_rate_last_10", 0, 100, 18.0, "usage"),
    Feature("usage_spike_score", -8, 8, 0.0, "usage", "injury_report"),  # clamped in the SQL
    # teammates on a roster: 15 standard + 3 two-way contracts, less himself
    Feature("star_teammates_out", 0, 17, 0.0, "usage", "injury_report"),
    Feature("team_off_rating", *RATING, 112.0, "team"),
    Feature("team_win_pct", 0, 1, 0.5, "team"),
    Feature("home_game", 0, 1, 0.0, "game"),
    Feature("rest_advantage", -3, 3, 0.0, "game"),  # clamped in the SQL
    Feature("injury_risk", 0, 3, 0.0, "game", "injury_report"),  # available 0 .. doubtful / out 3
    # a projection of one game's points (0 = no line): far below the record (38.5 at most in 2025-26's
    # first week)
    Feature("vegas_points_line", 0, POINTS, 0.0, "vegas", "player_props"),
    # current − opening line of one player-game: news moves a book's line by up to 10 (2025-26 first
    # week); a move cannot exceed the higher of the two lines, and posted lines top out around 40
    Feature("vegas_line_move", -50, 50, 0.0, "vegas", "player_props"),
    Feature("has_vegas_line", 0, 1, 0.0, "vegas", "player_props"),
    # a projected combined score: games 2014-25 ended with 134 .. 351 points
    Feature("game_total", 130, 360, 225.0, "vegas", "game_lines"),
    Feature("avg_points_vs_opponent", 0, POINTS, 10.0, "history"),
    # the 3 years before D touch 4 seasons, each with at most 8 regular-season meetings (4 with each of
    # two teams, for a player traded mid-season) + 1 NBA Cup knockout + 1 play-in + 7 playoff games
    Feature("games_vs_opponent", 0, 68, 0.0, "history"),
    # least-squares slope over 5..10 games of 0..100 points: five games 0, 0, x, 100, 100 give the
    # most, 0.3 × 100
    Feature("pts_slope_last_10", -30, 30, 0.0, "trend"),
)

FEATURE_NAMES: tuple[str, ...] = tuple(f.name for f in FEATURES)
