-- player_recent_form: one row per player on D's slate: exponentially weighted form over his played
--   games (minutes > 0) strictly before D and at most @carry_days days before it (any season), the
--   game k games ago weighing 0.5^((k − 1) / half-life). The prediction systems' recent-form inputs
--   (sql/models/prediction_inputs.sql), computed once per date here instead of over every prediction
--   run's history window.
-- key: (game_date, player_lookup)   range: game_date in [@start_date, @end_date); rows exist where
--   nba_precompute.player_composite_factors has them (the feature store's rows)
-- minutes_ewm_3 = Σ w·minutes / Σ w (half-life 3 games: a role changes fast);  points_ewm_8 (8 games);
--   ppm_ewm_20 = Σ w·points / Σ w·minutes (20 games: a rate needs many games to settle);
--   fga_per_minute_ewm_10, fta_per_minute_ewm_10 likewise (shot volume, 10 games);
--   form_games = how many games they rest on; all NULL without a played game in the window.
--   Summed as NUMERIC: exact, so no value depends on the order rows arrive in
WITH slate AS (
  SELECT game_date, player_lookup
  FROM nba_precompute.player_composite_factors
  WHERE game_date >= @start_date AND game_date < @end_date
),
earlier_games AS (
  SELECT
    s.game_date, s.player_lookup, g.points, g.minutes_played, g.fg_attempts, g.ft_attempts,
    ROW_NUMBER() OVER (PARTITION BY s.game_date, s.player_lookup ORDER BY g.game_date DESC) AS games_ago
  FROM slate AS s
  JOIN nba_analytics.player_game_summary AS g
    ON g.player_lookup = s.player_lookup
    AND g.game_date < s.game_date AND g.game_date >= DATE_SUB(s.game_date, INTERVAL @carry_days DAY)
  WHERE g.game_date >= DATE_SUB(@start_date, INTERVAL @carry_days DAY) AND g.game_date < @end_date
    AND g.minutes_played > 0
),
weighted AS (
  -- each product is one float per row (no order to depend on), summed as exact NUMERIC
  SELECT
    game_date, player_lookup,
    CAST(POW(0.5, (games_ago - 1) / 3) AS NUMERIC) AS w3,
    CAST(POW(0.5, (games_ago - 1) / 3) * minutes_played AS NUMERIC) AS w3_minutes,
    CAST(POW(0.5, (games_ago - 1) / 8) AS NUMERIC) AS w8,
    CAST(POW(0.5, (games_ago - 1) / 8) * points AS NUMERIC) AS w8_points,
    CAST(POW(0.5, (games_ago - 1) / 20) * points AS NUMERIC) AS w20_points,
    CAST(POW(0.5, (games_ago - 1) / 20) * minutes_played AS NUMERIC) AS w20_minutes,
    CAST(POW(0.5, (games_ago - 1) / 10) * fg_attempts AS NUMERIC) AS w10_fga,
    CAST(POW(0.5, (games_ago - 1) / 10) * ft_attempts AS NUMERIC) AS w10_fta,
    CAST(POW(0.5, (games_ago - 1) / 10) * minutes_played AS NUMERIC) AS w10_minutes
  FROM earlier_games
),
form AS (
  SELECT
    game_date,
    player_lookup,
    COUNT(*) AS form_games,
    CAST(SUM(w3_minutes) AS FLOAT64) / CAST(SUM(w3) AS FLOAT64) AS minutes_ewm_3,
    CAST(SUM(w8_points) AS FLOAT64) / CAST(SUM(w8) AS FLOAT64) AS points_ewm_8,
    SAFE_DIVIDE(CAST(SUM(w20_points) AS FLOAT64), CAST(SUM(w20_minutes) AS FLOAT64)) AS ppm_ewm_20,
    SAFE_DIVIDE(CAST(SUM(w10_fga) AS FLOAT64), CAST(SUM(w10_minutes) AS FLOAT64)) AS fga_per_minute_ewm_10,
    SAFE_DIVIDE(CAST(SUM(w10_fta) AS FLOAT64), CAST(SUM(w10_minutes) AS FLOAT64)) AS fta_per_minute_ewm_10
  FROM weighted
  GROUP BY game_date, player_lookup
)
SELECT
  s.game_date,
  s.player_lookup,
  m.form_games,
  m.minutes_ewm_3,
  m.points_ewm_8,
  m.ppm_ewm_20,
  m.fga_per_minute_ewm_10,
  m.fta_per_minute_ewm_10
FROM slate AS s
LEFT JOIN form AS m ON m.game_date = s.game_date AND m.player_lookup = s.player_lookup
