-- grading_covers_finished_games (prediction_accuracy): per game date, the predictions of finished
-- games (a player_game_summary row) and how many of them are graded.
SELECT p.game_date, COUNT(*) AS finished, COUNT(a.player_lookup) AS graded
FROM nba_predictions.player_prop_predictions AS p
JOIN nba_analytics.player_game_summary AS g
  ON g.game_id = p.game_id AND g.player_lookup = p.player_lookup AND g.game_date = p.game_date
LEFT JOIN nba_predictions.prediction_accuracy AS a
  ON a.game_date = p.game_date AND a.player_lookup = p.player_lookup AND a.system_id = p.system_id
WHERE p.game_date >= @start_date AND p.game_date < @end_date
  AND g.game_date >= @start_date AND g.game_date < @end_date
GROUP BY p.game_date
ORDER BY p.game_date
