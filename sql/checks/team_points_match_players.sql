-- team_points_match_players (team_boxscores): each team's points next to the sum of its players'
-- points from nba_raw.player_boxscores; the rule counts the rows where they differ.
WITH players AS (
  SELECT game_id, team_abbr, SUM(points) AS player_points
  FROM nba_raw.player_boxscores
  WHERE game_date >= @start_date AND game_date < @end_date
  GROUP BY game_id, team_abbr
)
SELECT t.game_id, t.team_abbr, t.points, p.player_points
FROM nba_raw.team_boxscores t
JOIN players p ON t.game_id = p.game_id AND t.team_abbr = p.team_abbr
WHERE t.game_date >= @start_date AND t.game_date < @end_date
