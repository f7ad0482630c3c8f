-- player_composite_factors: one row per player in nba_analytics.upcoming_player_game_context on D: four
--   bounded factors that adjust the player's projected points, each moving the way its name says.
-- key: (game_date, player_lookup) + game_id   range: game_date in [@start_date, @end_date), except the
--   warehouse's first @bootstrap_days days (from the earliest game in nba_raw.schedule)
-- point-in-time: D's rows of upcoming_player/team_game_context, player_shot_zone_analysis (the player) and
--   team_defense_zone_analysis (the opponent), plus team_offense_game_summary games strictly before D
--   and at most @carry_days days before it, any season (opening night carries the previous season's)
-- fatigue_score INT 0–100 (100 = fresh, a score, never an adjustment): 100; back_to_back −15, else
--   days_rest ≥ 3 +5; games_in_last_7_days ≥ 4 −10; minutes_in_last_7_days > 140 −10;
--   avg_minutes_per_game_last_7 > 35 −8; back_to_backs_last_14_days ≥ 2 −12, = 1 −5; clamped to 0–100
--   (an unknown input meets no condition).  fatigue_adjustment = (fatigue_score − 100)/20, in [−5, 0]
-- shot_zone_mismatch_score = Σ over paint, mid_range, three_pt of the player's <zone>_rate_last_10 / 100
--   (share of FGA) × the opponent's <zone>_defense_vs_league_avg (FG% allowed − league, pct points;
--   + = softer), clamped ±10;  shot_zone_adjustment = 0.3 × score, in [−3, 3]
-- team_pace_last_10 = 48·Σ possessions / Σ(team_minutes/5) over a team's last 10 games before D with
--   possessions (a ratio of the window's sums, not a mean of per-game paces: an overtime game weighs its
--   minutes);  league_pace_last_10: the same ratio pooled over every team's window on D;
--   expected_pace = mean of the two teams';  pace_score = expected_pace − league_pace_last_10, clamped ±8;
--   pace_adjustment = points_avg_last_10 × pace_score / 100 (a faster game raises the projection)
-- usage_spike_score = projected_usage_rate − avg_usage_rate_last_7_games (teammates out leave plays),
--   clamped ±8;  usage_adjustment = 0.4 × score, in [−3.2, 3.2]
-- total_composite_adjustment = the four adjustments summed, clamped ±8
-- a score whose inputs are NULL is 0 (its adjustment 0);  missing_inputs = how many of days_rest, the
--   player's zone rates, the opponent's zone defense, team pace, opponent pace, points_avg_last_10 and
--   avg_usage_rate_last_7_games were NULL
-- rest_advantage = the player's days_rest − the opponent team's days_rest, clamped ±3 (NULL if either is)
-- exact sums (README "Deterministic floats"): possessions and minutes are summed as NUMERIC, so the
--   paces do not depend on the order the rows arrive in
WITH players AS (
  SELECT c.*
  FROM nba_analytics.upcoming_player_game_context AS c
  WHERE c.game_date >= @start_date AND c.game_date < @end_date
    AND c.game_date >= (SELECT first_date FROM shared.bootstrap)
),
slate_dates AS (
  SELECT DISTINCT game_date, season_year FROM players
),
team_games AS (
  SELECT team_abbr, game_date,
    CAST(possessions AS NUMERIC) AS possessions, CAST(team_minutes AS NUMERIC) AS team_minutes
  FROM nba_analytics.team_offense_game_summary
  WHERE game_date >= DATE_SUB(@start_date, INTERVAL @carry_days DAY) AND game_date < @end_date
    AND possessions IS NOT NULL AND team_minutes > 0
),
team_recent_games AS (
  SELECT d.game_date, t.team_abbr, t.possessions, t.team_minutes,
    ROW_NUMBER() OVER (PARTITION BY d.game_date, t.team_abbr ORDER BY t.game_date DESC) AS games_ago
  FROM slate_dates AS d
  JOIN team_games AS t
    ON t.game_date < d.game_date AND t.game_date >= DATE_SUB(d.game_date, INTERVAL @carry_days DAY)
),
team_windows AS (
  SELECT game_date, team_abbr, SUM(possessions) AS possessions, SUM(team_minutes) AS team_minutes
  FROM team_recent_games
  WHERE games_ago <= 10
  GROUP BY game_date, team_abbr
),
team_pace AS (
  SELECT game_date, team_abbr,
    48 * CAST(possessions AS FLOAT64) / (CAST(team_minutes AS FLOAT64) / 5) AS pace_last_10
  FROM team_windows
),
league_pace AS (
  SELECT game_date,
    48 * CAST(SUM(possessions) AS FLOAT64) / (CAST(SUM(team_minutes) AS FLOAT64) / 5) AS league_pace_last_10
  FROM team_windows
  GROUP BY game_date
),
opponent_rest AS (
  SELECT game_date, team_abbr, days_rest
  FROM nba_analytics.upcoming_team_game_context
  WHERE game_date >= @start_date AND game_date < @end_date
),
player_zones AS (
  SELECT analysis_date, player_lookup, paint_rate_last_10, mid_range_rate_last_10, three_pt_rate_last_10
  FROM nba_precompute.player_shot_zone_analysis
  WHERE analysis_date >= @start_date AND analysis_date < @end_date
),
zone_defense AS (
  SELECT analysis_date, team_abbr, defensive_rating_last_15, paint_defense_vs_league_avg,
    mid_range_defense_vs_league_avg, three_pt_defense_vs_league_avg
  FROM nba_precompute.team_defense_zone_analysis
  WHERE analysis_date >= @start_date AND analysis_date < @end_date
),
inputs AS (
  SELECT
    p.game_date, p.player_lookup, p.game_id, p.season_year, p.team_abbr, p.opponent_team_abbr,
    p.days_rest, p.back_to_back, p.games_in_last_7_days, p.minutes_in_last_7_days,
    p.avg_minutes_per_game_last_7, p.back_to_backs_last_14_days, p.points_avg_last_10,
    p.avg_usage_rate_last_7_games, p.projected_usage_rate, p.star_teammates_out,
    r.days_rest AS opponent_days_rest,
    z.paint_rate_last_10, z.mid_range_rate_last_10, z.three_pt_rate_last_10,
    d.defensive_rating_last_15 AS opponent_def_rating_last_15,
    d.paint_defense_vs_league_avg AS opponent_paint_defense_vs_league_avg,
    d.mid_range_defense_vs_league_avg AS opponent_mid_range_defense_vs_league_avg,
    d.three_pt_defense_vs_league_avg AS opponent_three_pt_defense_vs_league_avg,
    tp.pace_last_10 AS team_pace_last_10,
    op.pace_last_10 AS opponent_pace_last_10,
    lp.league_pace_last_10,
    (tp.pace_last_10 + op.pace_last_10) / 2 AS expected_pace
  FROM players AS p
  LEFT JOIN opponent_rest AS r ON r.game_date = p.game_date AND r.team_abbr = p.opponent_team_abbr
  LEFT JOIN player_zones AS z ON z.analysis_date = p.game_date AND z.player_lookup = p.player_lookup
  LEFT JOIN zone_defense AS d ON d.analysis_date = p.game_date AND d.team_abbr = p.opponent_team_abbr
  LEFT JOIN team_pace AS tp ON tp.game_date = p.game_date AND tp.team_abbr = p.team_abbr
  LEFT JOIN team_pace AS op ON op.game_date = p.game_date AND op.team_abbr = p.opponent_team_abbr
  LEFT JOIN league_pace AS lp ON lp.game_date = p.game_date
),
scores AS (
  SELECT
    *,
    CAST(LEAST(GREATEST(
      100
      + IF(back_to_back, -15, IF(IFNULL(days_rest >= 3, FALSE), 5, 0))
      + IF(games_in_last_7_days >= 4, -10, 0)
      + IF(minutes_in_last_7_days > 140, -10, 0)
      + IF(IFNULL(avg_minutes_per_game_last_7 > 35, FALSE), -8, 0)
      + CASE WHEN back_to_backs_last_14_days >= 2 THEN -12 WHEN back_to_backs_last_14_days = 1 THEN -5 ELSE 0 END,
      0), 100) AS INT64) AS fatigue_score,
    IFNULL(LEAST(GREATEST(
      paint_rate_last_10 / 100 * opponent_paint_defense_vs_league_avg
      + mid_range_rate_last_10 / 100 * opponent_mid_range_defense_vs_league_avg
      + three_pt_rate_last_10 / 100 * opponent_three_pt_defense_vs_league_avg,
      -10), 10), 0) AS shot_zone_mismatch_score,
    IFNULL(LEAST(GREATEST(expected_pace - league_pace_last_10, -8), 8), 0) AS pace_score,
    IFNULL(LEAST(GREATEST(projected_usage_rate - avg_usage_rate_last_7_games, -8), 8), 0)
      AS usage_spike_score,
    IF(days_rest IS NULL, 1, 0)
      + IF(paint_rate_last_10 IS NULL OR mid_range_rate_last_10 IS NULL OR three_pt_rate_last_10 IS NULL, 1, 0)
      + IF(
        opponent_paint_defense_vs_league_avg IS NULL
          OR opponent_mid_range_defense_vs_league_avg IS NULL
          OR opponent_three_pt_defense_vs_league_avg IS NULL,
        1, 0)
      + IF(team_pace_last_10 IS NULL, 1, 0)
      + IF(opponent_pace_last_10 IS NULL, 1, 0)
      + IF(points_avg_last_10 IS NULL, 1, 0)
      + IF(avg_usage_rate_last_7_games IS NULL, 1, 0) AS missing_inputs
  FROM inputs
),
adjustments AS (
  SELECT
    *,
    (fatigue_score - 100) / 20 AS fatigue_adjustment,
    0.3 * shot_zone_mismatch_score AS shot_zone_adjustment,
    IFNULL(points_avg_last_10 * pace_score / 100, 0) AS pace_adjustment,
    0.4 * usage_spike_score AS usage_adjustment
  FROM scores
)
SELECT
  game_date,
  player_lookup,
  game_id,
  season_year,
  team_abbr,
  opponent_team_abbr,
  days_rest,
  back_to_back,
  games_in_last_7_days,
  minutes_in_last_7_days,
  avg_minutes_per_game_last_7,
  back_to_backs_last_14_days,
  fatigue_score,
  CAST(fatigue_adjustment AS FLOAT64) AS fatigue_adjustment,
  paint_rate_last_10,
  mid_range_rate_last_10,
  three_pt_rate_last_10,
  opponent_def_rating_last_15,
  opponent_paint_defense_vs_league_avg,
  opponent_mid_range_defense_vs_league_avg,
  opponent_three_pt_defense_vs_league_avg,
  shot_zone_mismatch_score,
  shot_zone_adjustment,
  team_pace_last_10,
  opponent_pace_last_10,
  league_pace_last_10,
  expected_pace,
  pace_score,
  pace_adjustment,
  points_avg_last_10,
  avg_usage_rate_last_7_games,
  projected_usage_rate,
  star_teammates_out,
  usage_spike_score,
  usage_adjustment,
  LEAST(GREATEST(
    fatigue_adjustment + shot_zone_adjustment + pace_adjustment + usage_adjustment, -8), 8
  ) AS total_composite_adjustment,
  opponent_days_rest,
  LEAST(GREATEST(days_rest - opponent_days_rest, -3), 3) AS rest_advantage,
  missing_inputs
FROM adjustments
