-- prediction_accuracy: one row per prediction whose player has a box-score row for that game: the grade.
-- key: (game_date, player_lookup, system_id) + game_id   range: game_date in [@start_date, @end_date);
--   a game without a nba_analytics.player_game_summary row yet (not played) has no row: re-running
--   the range after the box score arrives grades it
-- inputs, range only: nba_predictions.player_prop_predictions, nba_analytics.player_game_summary
--   (joined on game_id, player_lookup and game_date: game ids can repeat across dates)
-- grade_status: 'void_dnp' when the player was DNP / inactive or played 0 or NULL minutes, else 'graded';
--   void_reason (voided rows only): the box score's dnp_reason, else its player_status for a DNP /
--   inactive row, else 'no_minutes' (listed active but 0 or NULL minutes)
-- voided rows have every error and outcome column NULL and are never picks
-- signed_error = predicted_points − actual_points (+ = over-predicted);  absolute_error = |signed_error|;
--   within_3 / within_5: absolute_error ≤ 3 / ≤ 5
-- line_outcome: 'OVER' if actual_points > line, 'UNDER' if <, 'PUSH' if =; NULL without a line or voided
-- pick_outcome: the same against the line the call is placed at (best_line, the best book's), for a call
-- is_graded_pick: recommendation OVER or UNDER, a real line (line is NULL when no book quoted him, never
--   a placeholder), graded, and pick_outcome not 'PUSH';  PASS and NO_LINE rows are never picks
-- is_correct = (recommendation = pick_outcome) for graded picks, NULL otherwise; hit rate = correct /
--   graded picks, so PASS / NO_LINE / pushes / voids never dilute it
-- profit: units won by one unit staked on a graded pick at best_price (American odds): price/100 or
--   100/|price| when correct, −1 when not; 0 for a push at the pick's line; NULL for everything else
-- p_over, p_under, expected_value, best_book, best_line, best_price: the prediction's, as it was made
WITH predictions AS (
  SELECT
    game_date, player_lookup, system_id, game_id, team_abbr, opponent_team_abbr, scoring_tier,
    predicted_points, line, edge, recommendation, confidence, model_version, feature_version,
    p_over, p_under, expected_value, best_book, best_line, best_price
  FROM nba_predictions.player_prop_predictions
  WHERE game_date >= @start_date AND game_date < @end_date
),
box AS (
  SELECT game_id, player_lookup, game_date, points, minutes_played, is_dnp, dnp_reason, player_status
  FROM nba_analytics.player_game_summary
  WHERE game_date >= @start_date AND game_date < @end_date
),
joined AS (
  SELECT
    p.*,
    b.points AS actual_points,
    b.minutes_played,
    IFNULL(b.is_dnp, FALSE) OR IFNULL(b.minutes_played, 0) = 0 AS is_void,
    COALESCE(NULLIF(b.dnp_reason, ''), IF(IFNULL(b.is_dnp, FALSE), b.player_status, 'no_minutes'))
      AS box_reason
  FROM predictions AS p
  JOIN box AS b
    ON b.game_id = p.game_id AND b.player_lookup = p.player_lookup AND b.game_date = p.game_date
),
graded AS (
  SELECT
    *,
    IF(is_void, NULL, predicted_points - actual_points) AS signed_error,
    IF(
      is_void OR line IS NULL,
      NULL,
      IF(actual_points > line, 'OVER', IF(actual_points < line, 'UNDER', 'PUSH'))
    ) AS line_outcome,
    IF(
      is_void OR recommendation NOT IN ('OVER', 'UNDER') OR COALESCE(best_line, line) IS NULL,
      NULL,
      IF(actual_points > COALESCE(best_line, line), 'OVER',
        IF(actual_points < COALESCE(best_line, line), 'UNDER', 'PUSH'))
    ) AS pick_outcome
  FROM joined
),
picks AS (
  SELECT
    *,
    IFNULL(recommendation IN ('OVER', 'UNDER') AND pick_outcome IN ('OVER', 'UNDER'), FALSE)
      AS is_graded_pick
  FROM graded
)
SELECT
  game_date,
  player_lookup,
  system_id,
  game_id,
  team_abbr,
  opponent_team_abbr,
  scoring_tier,
  model_version,
  feature_version,
  predicted_points,
  line,
  edge,
  recommendation,
  confidence,
  p_over,
  p_under,
  expected_value,
  best_book,
  best_line,
  best_price,
  actual_points,
  minutes_played,
  IF(is_void, 'void_dnp', 'graded') AS grade_status,
  IF(is_void, box_reason, NULL) AS void_reason,
  ABS(signed_error) AS absolute_error,
  signed_error,
  ABS(signed_error) <= 3 AS within_3,
  ABS(signed_error) <= 5 AS within_5,
  line_outcome,
  pick_outcome,
  is_graded_pick,
  IF(is_graded_pick, recommendation = pick_outcome, NULL) AS is_correct,
  CASE
    WHEN pick_outcome = 'PUSH' THEN 0.0
    WHEN NOT is_graded_pick THEN NULL
    WHEN recommendation <> pick_outcome THEN -1.0
    WHEN best_price IS NULL THEN NULL
    WHEN best_price > 0 THEN best_price / 100.0
    ELSE 100.0 / ABS(best_price)
  END AS profit
FROM picks
