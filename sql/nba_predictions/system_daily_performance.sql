-- system_daily_performance: one row per (D, system, tier): recent accuracy and D's tier bias correction.
-- key: (game_date, system_id, scoring_tier)   range: game_date in [@start_date, @end_date); game_date is
--   D, every calendar day with graded rows in [D−30, D); scoring_tier is the prediction's pre-game tier
--   (star, starter, rotation, bench; 'unknown' when NULL) plus 'all' (the system overall, same columns)
-- point-in-time: only nba_predictions.prediction_accuracy rows with grade_status 'graded', a
--   signed_error and game_date strictly before D (read from @start_date − 40 days); voids never count
-- rows_7d / rows_30d: graded rows in [D−7, D) / [D−30, D);  mae_*: mean absolute_error;
--   bias_*: mean signed_error (predicted − actual, + = over-predicting) over the same rows
-- picks_30d: graded picks (is_graded_pick) in [D−30, D);  hits_30d: the correct ones;  hit_rate_30d =
--   hits_30d / picks_30d (NULL without picks): PASS, NO_LINE, pushes and voids are never in it
-- intervals (95 %, z = @z_95; README "Scoring the systems"): a rate is never reported without one
--   hit_rate_30d_low / _high: the Wilson score interval of hits_30d / picks_30d, p = hits / n,
--     (p + z²/(2n)) / (1 + z²/n) ∓ z / (1 + z²/n) · √(p(1 − p)/n + z²/(4n²)), exactly 0 when hits = 0
--     and 1 when hits = n (nba_assets/scoring.py wilson_interval, the same arithmetic; NULL without picks)
--   mae_7d_low / _high, mae_30d_low / _high: mae ± z·sd/√n, sd the sample sd of the window's absolute
--     errors = √((n·Σe² − (Σe)²) / (n·(n − 1))) from NUMERIC sums (e² rounded to 9 decimals per row);
--     the low end never below 0; NULL with fewer than 2 rows
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
    CAST(CAST(absolute_error AS NUMERIC) * CAST(absolute_error AS NUMERIC) AS NUMERIC) AS squared_error,
    is_graded_pick, is_correct
  FROM nba_predictions.prediction_accuracy
  WHERE game_date >= DATE_SUB(@start_date, INTERVAL 40 DAY) AND game_date < @end_date
    AND grade_status = 'graded' AND signed_error IS NOT NULL
),
tiered AS (
  SELECT game_date, system_id, scoring_tier, signed_error, absolute_error, squared_error, is_graded_pick,
    is_correct
  FROM graded
  UNION ALL
  SELECT game_date, system_id, 'all' AS scoring_tier, signed_error, absolute_error, squared_error,
    is_graded_pick, is_correct
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
    t.squared_error,
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
    -- n·Σe² − (Σe)², exact in NUMERIC (never negative but for e²'s rounding: floored at 0)
    SUM(IF(w.in_7d, w.squared_error, NULL)) * COUNT(IF(w.in_7d, 1, NULL))
      - SUM(IF(w.in_7d, w.absolute_error, NULL)) * SUM(IF(w.in_7d, w.absolute_error, NULL))
      AS error_spread_7d,
    SUM(w.squared_error) * COUNT(*) - SUM(w.absolute_error) * SUM(w.absolute_error) AS error_spread_30d,
    COUNT(IF(w.is_graded_pick, 1, NULL)) AS picks_30d,
    COUNT(IF(w.is_graded_pick AND w.is_correct, 1, NULL)) AS hits_30d,
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
),
spreads AS (
  SELECT
    *,
    -- the sample sd of the absolute errors: √(spread / (n·(n − 1)))
    SQRT(SAFE_DIVIDE(CAST(IF(error_spread_7d < 0, 0, error_spread_7d) AS FLOAT64),
      rows_7d * (rows_7d - 1))) AS sd_7d,
    SQRT(SAFE_DIVIDE(CAST(IF(error_spread_30d < 0, 0, error_spread_30d) AS FLOAT64),
      rows_30d * (rows_30d - 1))) AS sd_30d,
    -- Wilson: centre ∓ half, written as nba_assets/scoring.py writes it
    SAFE_DIVIDE(hit_rate_30d + SAFE_DIVIDE(@z_95 * @z_95, 2 * picks_30d),
      1 + SAFE_DIVIDE(@z_95 * @z_95, picks_30d)) AS wilson_centre_30d,
    SAFE_DIVIDE(@z_95, 1 + SAFE_DIVIDE(@z_95 * @z_95, picks_30d))
      * SQRT(SAFE_DIVIDE(hit_rate_30d * (1 - hit_rate_30d), picks_30d)
        + SAFE_DIVIDE(@z_95 * @z_95, 4 * picks_30d * picks_30d)) AS wilson_half_30d
  FROM summary
),
half_widths AS (
  SELECT
    *,
    @z_95 * SAFE_DIVIDE(sd_7d, SQRT(rows_7d)) AS mae_7d_half,
    @z_95 * SAFE_DIVIDE(sd_30d, SQRT(rows_30d)) AS mae_30d_half
  FROM spreads
)
SELECT
  as_of_date AS game_date,
  system_id,
  scoring_tier,
  rows_7d,
  rows_30d,
  mae_7d,
  mae_30d,
  IF(mae_7d - mae_7d_half < 0, 0.0, mae_7d - mae_7d_half) AS mae_7d_low,
  mae_7d + mae_7d_half AS mae_7d_high,
  IF(mae_30d - mae_30d_half < 0, 0.0, mae_30d - mae_30d_half) AS mae_30d_low,
  mae_30d + mae_30d_half AS mae_30d_high,
  bias_7d,
  bias_30d,
  picks_30d,
  hits_30d,
  hit_rate_30d,
  CASE WHEN picks_30d = 0 THEN NULL WHEN hits_30d = 0 THEN 0.0
    ELSE wilson_centre_30d - wilson_half_30d END AS hit_rate_30d_low,
  CASE WHEN picks_30d = 0 THEN NULL WHEN hits_30d = picks_30d THEN 1.0
    ELSE wilson_centre_30d + wilson_half_30d END AS hit_rate_30d_high,
  tier_adjustment,
  heldout_mae_raw,
  heldout_mae_adjusted,
  IFNULL(heldout_mae_adjusted < heldout_mae_raw, FALSE) AS keep_adjustment,
  IF(IFNULL(heldout_mae_adjusted < heldout_mae_raw, FALSE), tier_adjustment, 0.0) AS applied_adjustment
FROM half_widths
