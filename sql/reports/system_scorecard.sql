-- system_scorecard: how each prediction system did in [@start_date, @end_date), next to two
--   references scored on the very same rows: the naive last-10 average and the line itself.
-- population: nba_predictions.prediction_accuracy rows graded (not voided) whose player had a real
--   pre-tip line; every system predicts every such player, so all rows of a date compare alike
-- mae: mean |predicted − actual|;  baseline_mae: mean |points_avg_last_10 − actual| (the feature
--   store's value entering the game);  line_mae: mean |line − actual|
-- picks: graded OVER / UNDER calls (pushes excluded);  hit_rate: correct / picks
-- errors are averaged as NUMERIC (README "Deterministic floats"): the same rows print the same figures
WITH graded AS (
  SELECT a.system_id, a.is_graded_pick, a.is_correct,
    CAST(a.absolute_error AS NUMERIC) AS absolute_error,
    CAST(ABS(f.points_avg_last_10 - a.actual_points) AS NUMERIC) AS baseline_error,
    CAST(ABS(a.line - a.actual_points) AS NUMERIC) AS line_error
  FROM nba_predictions.prediction_accuracy AS a
  JOIN nba_precompute.ml_feature_store_v2 AS f
    ON f.game_date = a.game_date AND f.player_lookup = a.player_lookup
  WHERE a.game_date >= @start_date AND a.game_date < @end_date
    AND f.game_date >= @start_date AND f.game_date < @end_date
    AND a.grade_status = 'graded' AND a.line IS NOT NULL
)
SELECT
  system_id,
  COUNT(*) AS graded_rows,
  CAST(AVG(absolute_error) AS FLOAT64) AS mae,
  CAST(AVG(baseline_error) AS FLOAT64) AS baseline_mae,
  CAST(AVG(line_error) AS FLOAT64) AS line_mae,
  COUNT(IF(is_graded_pick, 1, NULL)) AS picks,
  SAFE_DIVIDE(COUNT(IF(is_correct, 1, NULL)), COUNT(IF(is_graded_pick, 1, NULL))) AS hit_rate
FROM graded
GROUP BY system_id
ORDER BY mae
