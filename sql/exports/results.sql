-- results export: the graded predictions of @system_id for the dates in [@start_date, @end_date), one row
--   per (game_date, player_lookup): what results/{date}.json lists and sums up.
-- from nba_predictions.prediction_accuracy (only games with a box score have rows), the player's name from
--   nba_analytics.upcoming_player_game_context
-- result: 'VOID' for a voided row (DNP / no minutes), 'NO_LINE' without a line, 'PASS' for a PASS call,
--   'PUSH' when the actual points equal the line, else 'WIN' / 'LOSS' (is_correct); only WIN and LOSS
--   are picks, so a hit rate over them is never diluted by PASS, pushes or voids
-- the day's summary (nba_assets/exports/documents.py) sums these rows up: the win rate over WIN + LOSS
--   with its 95 % Wilson interval (nba_assets/scoring.py), the MAE over non-VOID rows ± 1.96·sd/√n
SELECT
  a.game_date,
  a.game_id,
  a.player_lookup,
  c.player_full_name,
  a.team_abbr,
  a.opponent_team_abbr,
  a.scoring_tier,
  a.predicted_points,
  a.actual_points,
  a.minutes_played,
  a.line,
  a.edge,
  a.recommendation,
  a.confidence,
  a.grade_status,
  a.void_reason,
  a.signed_error,
  a.absolute_error,
  a.within_3,
  a.within_5,
  CASE
    WHEN a.grade_status <> 'graded' THEN 'VOID'
    WHEN a.recommendation = 'NO_LINE' THEN 'NO_LINE'
    WHEN a.recommendation = 'PASS' THEN 'PASS'
    WHEN a.pick_outcome = 'PUSH' THEN 'PUSH'
    WHEN a.is_correct THEN 'WIN'
    ELSE 'LOSS'
  END AS result
FROM nba_predictions.prediction_accuracy AS a
LEFT JOIN nba_analytics.upcoming_player_game_context AS c
  ON c.game_date = a.game_date AND c.player_lookup = a.player_lookup
WHERE a.game_date >= @start_date AND a.game_date < @end_date AND a.system_id = @system_id
  AND (c.game_date IS NULL OR (c.game_date >= @start_date AND c.game_date < @end_date))
ORDER BY a.game_date, a.game_id, a.team_abbr, a.player_lookup
