-- ml_feature_store_v2: one row per player on D's slate: the model's feature vector, named and ordered.
-- key: (game_date, player_lookup) + game_id   range: game_date in [@start_date, @end_date); rows exist where
--   nba_precompute.player_composite_factors has them (so none in the warehouse's bootstrap days)
-- the feature columns are nba_assets/features.py FEATURES, in that order, version @feature_version; each
--   is FLOAT64 and never NULL: a missing input takes the feature's default (@default_<name>) and counts
--   in default_feature_count;  feature_quality_score = 100 − 60·default_feature_count / @feature_count
--   (a defaulted feature is worth 40 of 100, as in the predecessor's source weights)
-- point-in-time: D's rows of player_composite_factors, player_daily_cache, upcoming_player_game_context
--   (which hold only games before D and D's pre-game schedule, lines and injury reports), plus
--   nba_analytics.player_game_summary games strictly before D for the head-to-head history
-- avg_points_vs_opponent / games_vs_opponent: the player's played games (minutes > 0) against D's
--   opponent in the 3 years before D, any season;  injury_risk: the latest pre-tip report's status,
--   available / none 0, probable 1, questionable 2, doubtful or out 3
-- ppm_avg_last_10, usage_rate_last_10: player_daily_cache's ratios of the last 10 games' sums, taken only
--   when those games hold ≥ 12 minutes (minutes_total_last_10; one quarter), else the default: fewer
--   minutes say nothing about a per-minute rate (box scores give minutes to the second, so one 0:05
--   appearance with a three would read 36 points a minute);  ts_pct_last_10 needs no such floor (a made
--   three is the most points per attempt, 1.5)
-- vegas_points_line: consensus last pre-tip line (0 and has_vegas_line 0 when no book quotes him);
--   vegas_line_move = that line − the opening consensus;  game_total: consensus total
WITH factors AS (
  SELECT *
  FROM nba_precompute.player_composite_factors
  WHERE game_date >= @start_date AND game_date < @end_date
),
cache AS (
  SELECT *
  FROM nba_precompute.player_daily_cache
  WHERE cache_date >= @start_date AND cache_date < @end_date
),
context AS (
  SELECT *
  FROM nba_analytics.upcoming_player_game_context
  WHERE game_date >= @start_date AND game_date < @end_date
),
head_to_head AS (
  SELECT f.game_date, f.player_lookup, AVG(g.points) AS avg_points_vs_opponent, COUNT(*) AS games_vs_opponent
  FROM factors AS f
  JOIN nba_analytics.player_game_summary AS g
    ON g.player_lookup = f.player_lookup AND g.opponent_team_abbr = f.opponent_team_abbr
    AND g.game_date < f.game_date AND g.game_date >= DATE_SUB(f.game_date, INTERVAL 1096 DAY)
  WHERE g.game_date >= DATE_SUB(@start_date, INTERVAL 1096 DAY) AND g.game_date < @end_date
    AND g.minutes_played > 0
  GROUP BY f.game_date, f.player_lookup
),
inputs AS (
  SELECT
    f.game_date, f.player_lookup, f.game_id, f.season_year, f.team_abbr, f.opponent_team_abbr,
    k.points_avg_last_5, k.points_avg_last_10, k.points_avg_season, k.points_std_last_10,
    k.minutes_avg_last_10, IF(k.minutes_total_last_10 >= 12, k.ppm_avg_last_10, NULL) AS ppm_avg_last_10,
    k.ts_pct_last_10, k.games_played_season,
    f.fatigue_score, f.days_rest, IF(f.back_to_back, 1, 0) AS back_to_back, f.games_in_last_7_days,
    f.minutes_in_last_7_days, f.shot_zone_mismatch_score,
    f.opponent_def_rating_last_15 AS opponent_def_rating,
    f.opponent_paint_defense_vs_league_avg AS opponent_paint_vs_league,
    f.opponent_three_pt_defense_vs_league_avg AS opponent_three_pt_vs_league,
    f.paint_rate_last_10 / 100 AS pct_paint, f.mid_range_rate_last_10 / 100 AS pct_mid_range,
    f.three_pt_rate_last_10 / 100 AS pct_three,
    f.pace_score, f.opponent_pace_last_10 AS opponent_pace, k.team_pace_last_10 AS team_pace,
    IF(k.minutes_total_last_10 >= 12, k.usage_rate_last_10, NULL) AS usage_rate_last_10,
    f.usage_spike_score, f.star_teammates_out,
    k.team_off_rating_last_10 AS team_off_rating, k.team_win_pct,
    IF(c.home_game, 1, 0) AS home_game, f.rest_advantage,
    CASE c.player_status WHEN 'probable' THEN 1 WHEN 'questionable' THEN 2 WHEN 'doubtful' THEN 3
      WHEN 'out' THEN 3 ELSE 0 END AS injury_risk,
    c.current_points_line AS vegas_points_line, c.line_movement AS vegas_line_move,
    IF(c.current_points_line IS NULL, 0, 1) AS has_vegas_line, c.game_total,
    h.avg_points_vs_opponent, IFNULL(h.games_vs_opponent, 0) AS games_vs_opponent,
    k.pts_slope_last_10
  FROM factors AS f
  LEFT JOIN cache AS k ON k.cache_date = f.game_date AND k.player_lookup = f.player_lookup
  LEFT JOIN context AS c ON c.game_date = f.game_date AND c.player_lookup = f.player_lookup
  LEFT JOIN head_to_head AS h ON h.game_date = f.game_date AND h.player_lookup = f.player_lookup
),
counted AS (
  SELECT
    *,
    IF(points_avg_last_5 IS NULL, 1, 0) + IF(points_avg_last_10 IS NULL, 1, 0) + IF(points_avg_season IS NULL, 1, 0)
    + IF(points_std_last_10 IS NULL, 1, 0) + IF(minutes_avg_last_10 IS NULL, 1, 0) + IF(ppm_avg_last_10 IS NULL, 1, 0)
    + IF(ts_pct_last_10 IS NULL, 1, 0) + IF(games_played_season IS NULL, 1, 0) + IF(fatigue_score IS NULL, 1, 0)
    + IF(days_rest IS NULL, 1, 0) + IF(back_to_back IS NULL, 1, 0) + IF(games_in_last_7_days IS NULL, 1, 0)
    + IF(minutes_in_last_7_days IS NULL, 1, 0) + IF(shot_zone_mismatch_score IS NULL, 1, 0) + IF(opponent_def_rating IS NULL, 1, 0)
    + IF(opponent_paint_vs_league IS NULL, 1, 0) + IF(opponent_three_pt_vs_league IS NULL, 1, 0) + IF(pct_paint IS NULL, 1, 0)
    + IF(pct_mid_range IS NULL, 1, 0) + IF(pct_three IS NULL, 1, 0) + IF(pace_score IS NULL, 1, 0)
    + IF(opponent_pace IS NULL, 1, 0) + IF(team_pace IS NULL, 1, 0) + IF(usage_rate_last_10 IS NULL, 1, 0)
    + IF(usage_spike_score IS NULL, 1, 0) + IF(star_teammates_out IS NULL, 1, 0) + IF(team_off_rating IS NULL, 1, 0)
    + IF(team_win_pct IS NULL, 1, 0) + IF(home_game IS NULL, 1, 0) + IF(rest_advantage IS NULL, 1, 0)
    + IF(injury_risk IS NULL, 1, 0) + IF(vegas_points_line IS NULL, 1, 0) + IF(vegas_line_move IS NULL, 1, 0)
    + IF(has_vegas_line IS NULL, 1, 0) + IF(game_total IS NULL, 1, 0) + IF(avg_points_vs_opponent IS NULL, 1, 0)
    + IF(games_vs_opponent IS NULL, 1, 0) + IF(pts_slope_last_10 IS NULL, 1, 0) AS default_feature_count
  FROM inputs
)
SELECT
  game_date,
  player_lookup,
  game_id,
  season_year,
  team_abbr,
  opponent_team_abbr,
  CAST(IFNULL(points_avg_last_5, @default_points_avg_last_5) AS FLOAT64) AS points_avg_last_5,
  CAST(IFNULL(points_avg_last_10, @default_points_avg_last_10) AS FLOAT64) AS points_avg_last_10,
  CAST(IFNULL(points_avg_season, @default_points_avg_season) AS FLOAT64) AS points_avg_season,
  CAST(IFNULL(points_std_last_10, @default_points_std_last_10) AS FLOAT64) AS points_std_last_10,
  CAST(IFNULL(minutes_avg_last_10, @default_minutes_avg_last_10) AS FLOAT64) AS minutes_avg_last_10,
  CAST(IFNULL(ppm_avg_last_10, @default_ppm_avg_last_10) AS FLOAT64) AS ppm_avg_last_10,
  CAST(IFNULL(ts_pct_last_10, @default_ts_pct_last_10) AS FLOAT64) AS ts_pct_last_10,
  CAST(IFNULL(games_played_season, @default_games_played_season) AS FLOAT64) AS games_played_season,
  CAST(IFNULL(fatigue_score, @default_fatigue_score) AS FLOAT64) AS fatigue_score,
  CAST(IFNULL(days_rest, @default_days_rest) AS FLOAT64) AS days_rest,
  CAST(IFNULL(back_to_back, @default_back_to_back) AS FLOAT64) AS back_to_back,
  CAST(IFNULL(games_in_last_7_days, @default_games_in_last_7_days) AS FLOAT64) AS games_in_last_7_days,
  CAST(IFNULL(minutes_in_last_7_days, @default_minutes_in_last_7_days) AS FLOAT64) AS minutes_in_last_7_days,
  CAST(IFNULL(shot_zone_mismatch_score, @default_shot_zone_mismatch_score) AS FLOAT64) AS shot_zone_mismatch_score,
  CAST(IFNULL(opponent_def_rating, @default_opponent_def_rating) AS FLOAT64) AS opponent_def_rating,
  CAST(IFNULL(opponent_paint_vs_league, @default_opponent_paint_vs_league) AS FLOAT64) AS opponent_paint_vs_league,
  CAST(IFNULL(opponent_three_pt_vs_league, @default_opponent_three_pt_vs_league) AS FLOAT64) AS opponent_three_pt_vs_league,
  CAST(IFNULL(pct_paint, @default_pct_paint) AS FLOAT64) AS pct_paint,
  CAST(IFNULL(pct_mid_range, @default_pct_mid_range) AS FLOAT64) AS pct_mid_range,
  CAST(IFNULL(pct_three, @default_pct_three) AS FLOAT64) AS pct_three,
  CAST(IFNULL(pace_score, @default_pace_score) AS FLOAT64) AS pace_score,
  CAST(IFNULL(opponent_pace, @default_opponent_pace) AS FLOAT64) AS opponent_pace,
  CAST(IFNULL(team_pace, @default_team_pace) AS FLOAT64) AS team_pace,
  CAST(IFNULL(usage_rate_last_10, @default_usage_rate_last_10) AS FLOAT64) AS usage_rate_last_10,
  CAST(IFNULL(usage_spike_score, @default_usage_spike_score) AS FLOAT64) AS usage_spike_score,
  CAST(IFNULL(star_teammates_out, @default_star_teammates_out) AS FLOAT64) AS star_teammates_out,
  CAST(IFNULL(team_off_rating, @default_team_off_rating) AS FLOAT64) AS team_off_rating,
  CAST(IFNULL(team_win_pct, @default_team_win_pct) AS FLOAT64) AS team_win_pct,
  CAST(IFNULL(home_game, @default_home_game) AS FLOAT64) AS home_game,
  CAST(IFNULL(rest_advantage, @default_rest_advantage) AS FLOAT64) AS rest_advantage,
  CAST(IFNULL(injury_risk, @default_injury_risk) AS FLOAT64) AS injury_risk,
  CAST(IFNULL(vegas_points_line, @default_vegas_points_line) AS FLOAT64) AS vegas_points_line,
  CAST(IFNULL(vegas_line_move, @default_vegas_line_move) AS FLOAT64) AS vegas_line_move,
  CAST(IFNULL(has_vegas_line, @default_has_vegas_line) AS FLOAT64) AS has_vegas_line,
  CAST(IFNULL(game_total, @default_game_total) AS FLOAT64) AS game_total,
  CAST(IFNULL(avg_points_vs_opponent, @default_avg_points_vs_opponent) AS FLOAT64) AS avg_points_vs_opponent,
  CAST(IFNULL(games_vs_opponent, @default_games_vs_opponent) AS FLOAT64) AS games_vs_opponent,
  CAST(IFNULL(pts_slope_last_10, @default_pts_slope_last_10) AS FLOAT64) AS pts_slope_last_10,
  default_feature_count,
  ROUND(100 - 60 * default_feature_count / @feature_count, 2) AS feature_quality_score,
  @feature_version AS feature_version
FROM counted
