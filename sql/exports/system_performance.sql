-- system_performance export: per date D in [@start_date, @end_date) with feedback rows, each system's
--   accuracy entering D, overall ('all') and per scoring tier: systems/performance/{D}.json.
-- from nba_predictions.system_daily_performance (7- and 30-day windows before D, the kept tier
--   adjustment) and, for the season to date, nba_predictions.prediction_accuracy rows graded (not voided)
--   in D's season before D: season_rows, season_mae, season_bias, season_picks, season_hit_rate
-- intervals (95 %, z = @z_95): the 7- and 30-day ones are system_daily_performance's (mae_7d_low / _high,
--   mae_30d_low / _high, hit_rate_30d_low / _high); the season's are computed here the same way:
--   season_hits (correct picks), season_mae_low / _high = season_mae ± z·sd/√n (sd the sample sd of the
--   absolute errors from NUMERIC sums, √((n·Σe² − (Σe)²) / (n·(n − 1))), low end ≥ 0, NULL below 2 rows),
--   season_hit_rate_low / _high = the Wilson interval of season_hits / season_picks (NULL without picks)
-- seasons open in August or later (a date before August belongs to the season that started the year before)
-- errors are averaged as NUMERIC (README "Deterministic floats"): the same rows give the same bytes
WITH feedback AS (
  SELECT *
  FROM nba_predictions.system_daily_performance
  WHERE game_date >= @start_date AND game_date < @end_date
),
graded AS (
  SELECT
    game_date,
    system_id,
    IFNULL(scoring_tier, 'unknown') AS scoring_tier,
    CAST(signed_error AS NUMERIC) AS signed_error,
    CAST(absolute_error AS NUMERIC) AS absolute_error,
    CAST(CAST(absolute_error AS NUMERIC) * CAST(absolute_error AS NUMERIC) AS NUMERIC) AS squared_error,
    is_graded_pick,
    is_correct,
    EXTRACT(YEAR FROM game_date) - IF(EXTRACT(MONTH FROM game_date) < 8, 1, 0) AS season_year
  FROM nba_predictions.prediction_accuracy
  WHERE game_date >= DATE_SUB(@start_date, INTERVAL 366 DAY) AND game_date < @end_date
    AND grade_status = 'graded' AND signed_error IS NOT NULL
),
tiered AS (
  SELECT * FROM graded
  UNION ALL
  SELECT * REPLACE ('all' AS scoring_tier) FROM graded
),
season AS (
  SELECT
    f.game_date,
    f.system_id,
    f.scoring_tier,
    COUNT(t.absolute_error) AS season_rows,
    CAST(AVG(t.absolute_error) AS FLOAT64) AS season_mae,
    CAST(AVG(t.signed_error) AS FLOAT64) AS season_bias,
    COUNT(IF(t.is_graded_pick, 1, NULL)) AS season_picks,
    COUNT(IF(t.is_graded_pick AND t.is_correct, 1, NULL)) AS season_hits,
    SAFE_DIVIDE(COUNT(IF(t.is_graded_pick AND t.is_correct, 1, NULL)),
      COUNT(IF(t.is_graded_pick, 1, NULL))) AS season_hit_rate,
    -- n·Σe² − (Σe)², exact in NUMERIC (floored at 0 below: e² is rounded to 9 decimals)
    SUM(t.squared_error) * COUNT(t.absolute_error) - SUM(t.absolute_error) * SUM(t.absolute_error)
      AS season_error_spread
  FROM feedback AS f
  LEFT JOIN tiered AS t
    ON t.system_id = f.system_id AND t.scoring_tier = f.scoring_tier AND t.game_date < f.game_date
    AND t.season_year = EXTRACT(YEAR FROM f.game_date) - IF(EXTRACT(MONTH FROM f.game_date) < 8, 1, 0)
  GROUP BY f.game_date, f.system_id, f.scoring_tier
),
season_spread AS (
  SELECT
    *,
    SQRT(SAFE_DIVIDE(CAST(IF(season_error_spread < 0, 0, season_error_spread) AS FLOAT64),
      season_rows * (season_rows - 1))) AS season_sd,
    -- Wilson: centre ∓ half, written as nba_assets/scoring.py writes it
    SAFE_DIVIDE(season_hit_rate + SAFE_DIVIDE(@z_95 * @z_95, 2 * season_picks),
      1 + SAFE_DIVIDE(@z_95 * @z_95, season_picks)) AS wilson_centre,
    SAFE_DIVIDE(@z_95, 1 + SAFE_DIVIDE(@z_95 * @z_95, season_picks))
      * SQRT(SAFE_DIVIDE(season_hit_rate * (1 - season_hit_rate), season_picks)
        + SAFE_DIVIDE(@z_95 * @z_95, 4 * season_picks * season_picks)) AS wilson_half
  FROM season
),
season_intervals AS (
  SELECT
    *,
    @z_95 * SAFE_DIVIDE(season_sd, SQRT(season_rows)) AS mae_half
  FROM season_spread
)
SELECT
  f.game_date,
  f.system_id,
  f.scoring_tier,
  f.rows_7d,
  f.mae_7d,
  f.mae_7d_low,
  f.mae_7d_high,
  f.bias_7d,
  f.rows_30d,
  f.mae_30d,
  f.mae_30d_low,
  f.mae_30d_high,
  f.bias_30d,
  f.picks_30d,
  f.hits_30d,
  f.hit_rate_30d,
  f.hit_rate_30d_low,
  f.hit_rate_30d_high,
  f.applied_adjustment,
  s.season_rows,
  s.season_mae,
  IF(s.season_mae - s.mae_half < 0, 0.0, s.season_mae - s.mae_half) AS season_mae_low,
  s.season_mae + s.mae_half AS season_mae_high,
  s.season_bias,
  s.season_picks,
  s.season_hits,
  s.season_hit_rate,
  CASE WHEN s.season_picks = 0 THEN NULL WHEN s.season_hits = 0 THEN 0.0
    ELSE s.wilson_centre - s.wilson_half END AS season_hit_rate_low,
  CASE WHEN s.season_picks = 0 THEN NULL WHEN s.season_hits = s.season_picks THEN 1.0
    ELSE s.wilson_centre + s.wilson_half END AS season_hit_rate_high
FROM feedback AS f
JOIN season_intervals AS s
  ON s.game_date = f.game_date AND s.system_id = f.system_id AND s.scoring_tier = f.scoring_tier
ORDER BY f.game_date, f.system_id, f.scoring_tier
