-- prediction_inputs: the feature store's rows in [@start_date, @end_date) with what the prediction
--   systems need besides the features, and the player's actual points when the game has been played.
-- one row per (game_date, player_lookup), from nba_precompute.ml_feature_store_v2
-- actual_points: nba_analytics.player_game_summary points for that game when minutes_played > 0, NULL
--   otherwise (not played yet, DNP, inactive). A system may fit on actual_points only of rows dated
--   before the date it predicts: nba_assets/models/walk_forward.py enforces it
-- line: the consensus last pre-tip points line of upcoming_player_game_context (NULL when no book
--   quoted him);  books_quoting: how many books it is taken from
-- total_composite_adjustment: nba_precompute.player_composite_factors' bounded sum of adjustments
-- form_games, minutes_ewm_3, points_ewm_8, ppm_ewm_20, fga_per_minute_ewm_10, fta_per_minute_ewm_10: the
--   player's recent form before D, from nba_precompute.player_recent_form (its header has the formulas)
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
form AS (
  SELECT *
  FROM nba_precompute.player_recent_form
  WHERE game_date >= @start_date AND game_date < @end_date
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
