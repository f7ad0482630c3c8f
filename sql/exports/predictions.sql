-- predictions export: every prediction of the dates in [@start_date, @end_date), one row per
--   (game_date, player_lookup, system_id), with what a reader of predictions/{date}.json needs.
-- from nba_predictions.player_prop_predictions, the game from nba_raw.schedule, the player's name from
--   nba_analytics.upcoming_player_game_context
-- adjusted_points = predicted_points + nba_predictions.system_daily_performance's applied_adjustment
--   for the same date, system and pre-game scoring_tier (0 when the feedback kept no adjustment): the
--   tier correction is applied exactly where it was computed and kept (held-out MAE improved)
SELECT
  p.game_date,
  p.game_id,
  g.tipoff_utc,
  g.away_team_abbr,
  g.home_team_abbr,
  p.player_lookup,
  c.player_full_name,
  p.team_abbr,
  p.opponent_team_abbr,
  p.scoring_tier,
  p.line,
  p.books_quoting,
  p.system_id,
  p.predicted_points,
  p.predicted_points + IFNULL(f.applied_adjustment, 0) AS adjusted_points,
  p.edge,
  p.recommendation,
  p.confidence,
  p.p_over,
  p.p_under,
  p.expected_value,
  p.best_book,
  p.best_line,
  p.best_price,
  p.model_version,
  p.feature_version
FROM nba_predictions.player_prop_predictions AS p
JOIN nba_raw.schedule AS g ON g.game_id = p.game_id AND g.game_date = p.game_date
LEFT JOIN nba_analytics.upcoming_player_game_context AS c
  ON c.game_date = p.game_date AND c.player_lookup = p.player_lookup
LEFT JOIN nba_predictions.system_daily_performance AS f
  ON f.game_date = p.game_date AND f.system_id = p.system_id AND f.scoring_tier = p.scoring_tier
WHERE p.game_date >= @start_date AND p.game_date < @end_date
  AND g.game_date >= @start_date AND g.game_date < @end_date
  AND (c.game_date IS NULL OR (c.game_date >= @start_date AND c.game_date < @end_date))
  AND (f.game_date IS NULL OR (f.game_date >= @start_date AND f.game_date < @end_date))
ORDER BY p.game_date, p.game_id, p.team_abbr, p.player_lookup, p.system_id
