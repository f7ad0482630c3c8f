-- system_performance export: per date D in [@start_date, @end_date) with feedback rows, each system's
--   accuracy entering D, overall ('all') and per scoring tier: systems/performance/{D}.json.
-- from nba_predictions.system_daily_performance (7- and 30-day windows before D, the kept tier
--   adjustment) and, for the season to date, nba_predictions.prediction_accuracy rows graded (not voided)
--   in D's season before D: season_rows, season_mae, season_bias, season_picks, season_hit_rate
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
    SAFE_DIVIDE(COUNT(IF(t.is_graded_pick AND t.is_correct, 1, NULL)),
      COUNT(IF(t.is_graded_pick, 1, NULL))) AS season_hit_rate
  FROM feedback AS f
  LEFT JOIN tiered AS t
    ON t.system_id = f.system_id AND t.scoring_tier = f.scoring_tier AND t.game_date < f.game_date
    AND t.season_year = EXTRACT(YEAR FROM f.game_date) - IF(EXTRACT(MONTH FROM f.game_date) < 8, 1, 0)
  GROUP BY f.game_date, f.system_id, f.scoring_tier
)
SELECT
  f.game_date,
  f.system_id,
  f.scoring_tier,
  f.rows_7d,
  f.mae_7d,
  f.bias_7d,
  f.rows_30d,
  f.mae_30d,
  f.bias_30d,
  f.picks_30d,
  f.hit_rate_30d,
  f.applied_adjustment,
  s.season_rows,
  s.season_mae,
  s.season_bias,
  s.season_picks,
  s.season_hit_rate
FROM feedback AS f
JOIN season AS s
  ON s.game_date = f.game_date AND s.system_id = f.system_id AND s.scoring_tier = f.scoring_tier
ORDER BY f.game_date, f.system_id, f.scoring_tier
