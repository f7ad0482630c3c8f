-- usage_rate_population (player_game_summary): per game date, the players who played, how many of
-- them have a usage rate, and the DNP rows that have one (they should not).
SELECT
  game_date,
  COUNTIF(minutes_played > 0) AS played,
  COUNTIF(minutes_played > 0 AND usage_rate IS NOT NULL) AS with_usage,
  COUNTIF(COALESCE(minutes_played, 0) = 0 AND usage_rate IS NOT NULL) AS dnp_with_usage
FROM nba_analytics.player_game_summary
WHERE game_date >= @start_date AND game_date < @end_date
GROUP BY game_date
ORDER BY game_date
