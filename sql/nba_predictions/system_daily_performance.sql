-- system_daily_performance: one row per (D, system, tier): recent accuracy and D's tier bias correction.
-- key: (game_date, system_id, scoring_tier)   range: game_date in [@start_date, @end_date); game_date is
--   D, every calendar day with graded rows in [D−30, D); scoring_tier is the prediction's pre-game tier
--   (star, starter, rotation, bench; 'unknown' when NULL) plus 'all' (the system overall, same columns)
-- point-in-time: only nba_predictions.prediction_accuracy rows with grade_status 'graded', a
--   signed_error and game_date strictly before D (read from @start_date − 40 days); voids never count
-- rows_7d / rows_30d: graded rows in [D−7, D) / [D−30, D);  mae_*: mean absolute_error;
--   bias_*: mean signed_error (predicted − actual, + = over-predicting) over the same rows
-- picks_30d: graded picks (is_graded_pick) in [D−30, D);  hit_rate_30d = correct / picks_30d (NULL
--   without picks): PASS, NO_LINE, pushes and voids are never in it
-- tier_adjustment = −(mean signed_error over [D−30, D−7)) (NULL without such rows), held out on
--   [D−7, D): heldout_mae_raw = mean |signed_error|, heldout_mae_adjusted = mean |predicted +
--   tier_adjustment − actual|;  keep_adjustment = heldout_mae_adjusted < heldout_mae_raw (FALSE when
--   either is NULL);  applied_adjustment = IF(keep_adjustment, tier_adjustment, 0), to be added to D's
--   predicted_points of the same system and pre-game scoring_tier (computed and applied on one basis)
-- exact means (README "Deterministic floats"): errors are averaged as NUMERIC, so a mean, and whether an
--   adjustment is kept, does not depend on the order the rows arrive in
WITH days AS (
  SELECT d AS game_date
  FROM UNNEST(GENERATE_DATE_ARRAY(@start_date, DATE_SUB(@end_date, INTERVAL 1 DAY))) AS d
),
graded AS (
  SELECT game_date, system_id, IFNULL(scoring_tier, 'unknown') AS scoring_tier,
    CAST(signed_error AS NUMERIC) AS signed_error, CAST(absolute_error AS NUMERIC) AS absolute_error,
    is_graded_pick, is_correct
  FROM nba_predictions.prediction_accuracy
  WHERE game_date >= DATE_SUB(@start_date, INTERVAL 40 DAY) AND game_date < @end_date
    AND grade_status = 'graded' AND signed_error IS NOT NULL
),
tiered AS (
  SELECT game_date, system_id, scoring_tier, signed_error, absolute_error, is_graded_pick, is_correct
  FROM graded
  UNION ALL
  SELECT game_date, system_id, 'all' AS scoring_tier, signed_error, absolute_error, is_graded_pick,
    is_correct
  FROM graded
),
windowed AS (
  -- each graded row under every D it feeds: D − 30 ≤ game_date < D
  SELECT
    d.game_date AS as_of_date,
    t.system_id,
    t.scoring_tier,
    t.signed_error,
    t.absolute_error,
    t.is_graded_pick,
    t.is_correct,
    t.game_date >= DATE_SUB(d.game_date, INTERVAL 7 DAY) AS in_7d
  FROM days AS d
  JOIN tiered AS t
    ON t.game_date >= DATE_SUB(d.game_date, INTERVAL 30 DAY) AND t.game_date < d.game_date
),
adjustments AS (
  SELECT
    as_of_date,
    system_id,
    scoring_tier,
    -CAST(AVG(IF(NOT in_7d, signed_error, NULL)) AS FLOAT64) AS tier_adjustment
  FROM windowed
  GROUP BY as_of_date, system_id, scoring_tier
),
summary AS (
  SELECT
    w.as_of_date,
    w.system_id,
    w.scoring_tier,
    COUNT(IF(w.in_7d, 1, NULL)) AS rows_7d,
    COUNT(*) AS rows_30d,
    CAST(AVG(IF(w.in_7d, w.absolute_error, NULL)) AS FLOAT64) AS mae_7d,
    CAST(AVG(w.absolute_error) AS FLOAT64) AS mae_30d,
    CAST(AVG(IF(w.in_7d, w.signed_error, NULL)) AS FLOAT64) AS bias_7d,
    CAST(AVG(w.signed_error) AS FLOAT64) AS bias_30d,
    COUNT(IF(w.is_graded_pick, 1, NULL)) AS picks_30d,
    SAFE_DIVIDE(COUNT(IF(w.is_graded_pick AND w.is_correct, 1, NULL)),
      COUNT(IF(w.is_graded_pick, 1, NULL))) AS hit_rate_30d,
    MAX(a.tier_adjustment) AS tier_adjustment,
    CAST(AVG(IF(w.in_7d, w.absolute_error, NULL)) AS FLOAT64) AS heldout_mae_raw,
    CAST(AVG(IF(w.in_7d, CAST(ABS(w.signed_error + a.tier_adjustment) AS NUMERIC), NULL)) AS FLOAT64)
      AS heldout_mae_adjusted
  FROM windowed AS w
  JOIN adjustments AS a
    ON a.as_of_date = w.as_of_date AND a.system_id = w.system_id AND a.scoring_tier = w.scoring_tier
  GROUP BY w.as_of_date, w.system_id, w.scoring_tier
)
SELECT
  as_of_date AS game_date,
  system_id,
  scoring_tier,
  rows_7d,
  rows_30d,
  mae_7d,
  mae_30d,
  bias_7d,
  bias_30d,
  picks_30d,
  hit_rate_30d,
  tier_adjustment,
  heldout_mae_raw,
  heldout_mae_adjusted,
  IFNULL(heldout_mae_adjusted < heldout_mae_raw, FALSE) AS keep_adjustment,
  IF(IFNULL(heldout_mae_adjusted < heldout_mae_raw, FALSE), tier_adjustment, 0.0) AS applied_adjustment
FROM summary
