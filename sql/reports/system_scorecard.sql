-- system_scorecard: one row per prediction system over game dates [@start_date, @end_date), plus two
--   references scored on the very same rows: 'naive_last_10' and 'line'
-- population (the same rows for every row of the output): (game_date, player_lookup) of
--   nba_predictions.prediction_accuracy where every system with a row in the range has a graded (not
--   voided) row with a real pre-tip line, all with the same line, and the feature store has the player's
--   points_avg_last_10 entering the game; a system missing a row drops that row for all
-- naive_last_10: nba_precompute.ml_feature_store_v2.points_avg_last_10 as the prediction; it calls OVER
--   when (last-10 − line) ≥ @edge_threshold, UNDER when ≤ −@edge_threshold, else PASS: the systems' rule
-- line: the consensus line as the prediction (no calls: it has no edge against itself)
-- mae: mean |predicted − actual|;  bias: mean (predicted − actual), + = over-predicting
-- picks: graded OVER / UNDER calls (pushes excluded);  hits: the correct ones
-- errors are averaged as NUMERIC (README "Deterministic floats"): the same rows print the same figures
WITH accuracy AS (
  SELECT game_date, player_lookup, system_id, grade_status, predicted_points, line, actual_points,
    line_outcome, is_graded_pick, is_correct
  FROM nba_predictions.prediction_accuracy
  WHERE game_date >= @start_date AND game_date < @end_date
),
systems AS (
  SELECT COUNT(DISTINCT system_id) AS n FROM accuracy
),
every_system AS (
  SELECT game_date, player_lookup, MIN(line) AS line, MIN(actual_points) AS actual_points,
    MIN(line_outcome) AS line_outcome
  FROM accuracy
  WHERE grade_status = 'graded' AND line IS NOT NULL
  GROUP BY game_date, player_lookup
  HAVING COUNT(DISTINCT system_id) = (SELECT n FROM systems) AND MIN(line) = MAX(line)
),
same_rows AS (
  SELECT e.*, f.points_avg_last_10
  FROM every_system AS e
  JOIN nba_precompute.ml_feature_store_v2 AS f
    ON f.game_date = e.game_date AND f.player_lookup = e.player_lookup
  WHERE f.game_date >= @start_date AND f.game_date < @end_date AND f.points_avg_last_10 IS NOT NULL
),
naive AS (
  SELECT *,
    CASE
      WHEN points_avg_last_10 - line >= @edge_threshold THEN 'OVER'
      WHEN points_avg_last_10 - line <= -@edge_threshold THEN 'UNDER'
      ELSE 'PASS'
    END AS recommendation
  FROM same_rows
),
calls AS (
  SELECT a.system_id, a.predicted_points, a.actual_points, a.is_graded_pick, a.is_correct
  FROM accuracy AS a
  JOIN same_rows AS s ON s.game_date = a.game_date AND s.player_lookup = a.player_lookup
  WHERE a.grade_status = 'graded' AND a.line IS NOT NULL
  UNION ALL
  SELECT 'naive_last_10', points_avg_last_10, actual_points,
    recommendation IN ('OVER', 'UNDER') AND line_outcome IN ('OVER', 'UNDER'),
    IF(recommendation IN ('OVER', 'UNDER') AND line_outcome IN ('OVER', 'UNDER'),
      recommendation = line_outcome, NULL)
  FROM naive
  UNION ALL
  SELECT 'line', line, actual_points, FALSE, CAST(NULL AS BOOL)
  FROM same_rows
)
SELECT
  system_id,
  COUNT(*) AS graded_rows,
  CAST(AVG(CAST(ABS(predicted_points - actual_points) AS NUMERIC)) AS FLOAT64) AS mae,
  CAST(AVG(CAST(predicted_points - actual_points AS NUMERIC)) AS FLOAT64) AS bias,
  COUNT(IF(is_graded_pick, 1, NULL)) AS picks,
  COUNT(IF(is_correct, 1, NULL)) AS hits
FROM calls
GROUP BY system_id
ORDER BY system_id
