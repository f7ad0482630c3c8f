-- best_bets export: per date in [@start_date, @end_date), the @best_bets_per_day OVER / UNDER calls of
--   @system_id with the highest expected value at their best book, each worth at least
--   @best_bets_min_expected_value per unit (never a call that loses money at the best price), best
--   first (ties by player_lookup, so the order is stable); with the outcome once the game is graded.
-- from nba_predictions.player_prop_predictions, the name from nba_analytics.upcoming_player_game_context,
--   the outcome from nba_predictions.prediction_accuracy (NULL before the box score: 'PENDING')
WITH picks AS (
  SELECT
    p.game_date, p.game_id, p.player_lookup, p.team_abbr, p.opponent_team_abbr, p.scoring_tier,
    p.line, p.predicted_points, p.edge, p.recommendation, p.confidence, p.expected_value,
    p.best_book, p.best_line, p.best_price,
    p.confidence / 100 AS probability,  -- P(the call wins at best_line)
    ROW_NUMBER() OVER (
      PARTITION BY p.game_date ORDER BY p.expected_value DESC, p.player_lookup
    ) AS pick_rank
  FROM nba_predictions.player_prop_predictions AS p
  WHERE p.game_date >= @start_date AND p.game_date < @end_date AND p.system_id = @system_id
    AND p.recommendation IN ('OVER', 'UNDER') AND p.expected_value >= @best_bets_min_expected_value
)
SELECT
  k.game_date,
  k.pick_rank,
  k.game_id,
  k.player_lookup,
  c.player_full_name,
  k.team_abbr,
  k.opponent_team_abbr,
  k.scoring_tier,
  k.line,
  k.predicted_points,
  k.edge,
  k.recommendation,
  k.confidence,
  k.probability,
  k.expected_value,
  k.best_book,
  k.best_line,
  k.best_price,
  a.actual_points,
  CASE
    WHEN a.player_lookup IS NULL THEN 'PENDING'
    WHEN a.grade_status <> 'graded' THEN 'VOID'
    WHEN a.pick_outcome = 'PUSH' THEN 'PUSH'
    WHEN a.is_correct THEN 'WIN'
    ELSE 'LOSS'
  END AS result
FROM picks AS k
LEFT JOIN nba_analytics.upcoming_player_game_context AS c
  ON c.game_date = k.game_date AND c.player_lookup = k.player_lookup
LEFT JOIN nba_predictions.prediction_accuracy AS a
  ON a.game_date = k.game_date AND a.player_lookup = k.player_lookup AND a.system_id = @system_id
WHERE k.pick_rank <= @best_bets_per_day
  AND (c.game_date IS NULL OR (c.game_date >= @start_date AND c.game_date < @end_date))
  AND (a.game_date IS NULL OR (a.game_date >= @start_date AND a.game_date < @end_date))
ORDER BY k.game_date, k.pick_rank
