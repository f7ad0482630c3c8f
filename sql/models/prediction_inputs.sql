-- prediction_inputs: the feature store's rows in [@start_date, @end_date) with what the prediction
--   systems need besides the features, and the player's actual points when the game has been played.
-- one row per (game_date, player_lookup), from nba_precompute.ml_feature_store_v2
-- actual_points: nba_analytics.player_game_summary points for that game when minutes_played > 0, NULL
--   otherwise (not played yet, DNP, inactive). A system may fit on actual_points only of rows dated
--   before the date it predicts: nba_assets/models/walk_forward.py enforces it
-- line: the consensus last pre-tip points line of upcoming_player_game_context (NULL when no book
--   quoted him);  books_quoting: how many books it is taken from
-- total_composite_adjustment: nba_precompute.player_composite_factors' bounded sum of adjustments
-- exponentially weighted form, over the player's played games (minutes > 0) strictly before D and at most
--   365 days before it (any season), the game k games ago weighing 0.5^((k − 1) / half-life):
--   minutes_ewm_3 = Σ w·minutes / Σ w (half-life 3 games: a role changes fast);  points_ewm_8 (8 games);
--   ppm_ewm_20 = Σ w·points / Σ w·minutes (20 games: a rate needs many games to settle);
--   fga_per_minute_ewm_10, fta_per_minute_ewm_10 likewise (shot volume, 10 games);
--   form_games = how many games they rest on; all NULL without a played game in the window.
--   Summed as NUMERIC: exact, so no value depends on the order rows arrive in
WITH context AS (
  SELECT game_date, player_lookup, current_points_line, books_quoting
  FROM nba_analytics.upcoming_player_game_context
  WHERE game_date >= @start_date AND game_date < @end_date
),
factors AS (
  SELECT game_date, player_lookup, total_composite_adjustment
  FROM nba_precompute.player_composite_factors
  WHERE game_date >= @start_date AND game_date < @end_date
),
played AS (
  SELECT game_id, player_lookup, points
  FROM nba_analytics.player_game_summary
  WHERE game_date >= @start_date AND game_date < @end_date AND minutes_played > 0
),
earlier_games AS (
  SELECT
    f.game_date, f.player_lookup, g.points, g.minutes_played, g.fg_attempts, g.ft_attempts,
    ROW_NUMBER() OVER (PARTITION BY f.game_date, f.player_lookup ORDER BY g.game_date DESC) AS games_ago
  FROM nba_precompute.ml_feature_store_v2 AS f
  JOIN nba_analytics.player_game_summary AS g
    ON g.player_lookup = f.player_lookup
    AND g.game_date < f.game_date AND g.game_date >= DATE_SUB(f.game_date, INTERVAL 365 DAY)
  WHERE f.game_date >= @start_date AND f.game_date < @end_date
    AND g.game_date >= DATE_SUB(@start_date, INTERVAL 365 DAY) AND g.game_date < @end_date
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
  f.*,
  c.current_points_line AS line,
  c.books_quoting,
  a.total_composite_adjustment,
  m.form_games,
  m.minutes_ewm_3,
  m.points_ewm_8,
  m.ppm_ewm_20,
  m.fga_per_minute_ewm_10,
  m.fta_per_minute_ewm_10,
  p.points AS actual_points
FROM nba_precompute.ml_feature_store_v2 AS f
LEFT JOIN context AS c ON c.game_date = f.game_date AND c.player_lookup = f.player_lookup
LEFT JOIN factors AS a ON a.game_date = f.game_date AND a.player_lookup = f.player_lookup
LEFT JOIN form AS m ON m.game_date = f.game_date AND m.player_lookup = f.player_lookup
LEFT JOIN played AS p ON p.game_id = f.game_id AND p.player_lookup = f.player_lookup
WHERE f.game_date >= @start_date AND f.game_date < @end_date
