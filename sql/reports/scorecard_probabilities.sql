-- scorecard_probabilities: one row per system per row of the system_scorecard population in
--   [@start_date, @end_date) (its CTEs, kept identical: test_scorecard.py compares the row counts),
--   with every column of nba_predictions.prediction_accuracy
-- why every column: the probability of an OVER (p_over) is added by a later item; a file naming a
--   column the warehouse lacks would not run, so nba_assets/scorecard.py picks it up when present
-- went_over: actual > line (TRUE), < line (FALSE), NULL for a push
-- naive_mean / naive_sd: nba_precompute.ml_feature_store_v2's points_avg_last_10 / points_std_last_10
--   entering the game (point-in-time: the last 10 played games before it; the sd is the store's default
--   with fewer than 2 games): nba_assets/scorecard.py prices the naive P(points > line) from them
WITH accuracy AS (
  SELECT *
  FROM nba_predictions.prediction_accuracy
  WHERE game_date >= @start_date AND game_date < @end_date
),
systems AS (
  SELECT COUNT(DISTINCT system_id) AS n FROM accuracy
),
every_system AS (
  SELECT game_date, player_lookup
  FROM accuracy
  WHERE grade_status = 'graded' AND line IS NOT NULL
  GROUP BY game_date, player_lookup
  HAVING COUNT(DISTINCT system_id) = (SELECT n FROM systems) AND MIN(line) = MAX(line)
),
same_rows AS (
  SELECT e.*, f.points_avg_last_10 AS naive_mean, f.points_std_last_10 AS naive_sd
  FROM every_system AS e
  JOIN nba_precompute.ml_feature_store_v2 AS f
    ON f.game_date = e.game_date AND f.player_lookup = e.player_lookup
  WHERE f.game_date >= @start_date AND f.game_date < @end_date AND f.points_avg_last_10 IS NOT NULL
)
SELECT a.*, s.naive_mean, s.naive_sd,
  IF(a.line_outcome = 'PUSH', NULL, a.line_outcome = 'OVER') AS went_over
FROM accuracy AS a
JOIN same_rows AS s ON s.game_date = a.game_date AND s.player_lookup = a.player_lookup
WHERE a.grade_status = 'graded' AND a.line IS NOT NULL
